"""Behaviour of the extraction stage as a whole (ceasefire.extract.run.extract_documents).

Every text here was written for these tests; none is taken from a real report. Most use a
neutral wire outlet ("reuters") so that a claimant's side can only come from attribution,
never from the outlet's alignment.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import pytest

from ceasefire.extract.run import extract_documents
from ceasefire.records import Claim, Document, Extraction, Mention, Place, PubDate

PUB = dt.date(2025, 3, 12)  # a Wednesday
NEUTRAL = "reuters"


def _doc(
    text: str,
    *,
    doc_id: str = "t1",
    outlet: str = NEUTRAL,
    published: dt.date | None = PUB,
    language: str = "en",
) -> Document:
    pub = PubDate(published, "day", "manifest") if published else PubDate.unknown("test")
    return Document(id=doc_id, source="test", text=text, published=pub, language=language, outlet=outlet)


def extract(
    text: str,
    *,
    outlet: str = NEUTRAL,
    published: dt.date | None = PUB,
    language: str = "en",
) -> Extraction:
    return next(extract_documents([_doc(text, outlet=outlet, published=published, language=language)]))


def only_claim(ex: Extraction, kind: str | None = None) -> Claim:
    claims = [c for c in ex.claims if kind is None or c.kind == kind]
    assert len(claims) == 1, [(c.kind, c.value_best, c.evidence.text) for c in ex.claims]
    return claims[0]


def statements(ex: Extraction, sub: str) -> list[Mention]:
    return [m for m in ex.mentions if m.event_type == "Statement" and m.sub_event_type == sub]


def _km(p: Place, lat: float, lon: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(p.latitude), math.radians(lat)
    dphi, dlmb = p2 - p1, math.radians(lon - p.longitude)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _places(ex: Extraction) -> list[Place]:
    return [p for m in ex.mentions for p in m.places]


# ---------------------------------------------------------------------------------------
# evidence spans

MESSY = (
    "BAKU, March 11 (Staff) —\r\n\r\n"
    "Armenian armed units shelled Azerbaijani army positions in the Kəlbəcər district overnight, "
    "the Azerbaijani Defence Ministry said on Tuesday.\r\n\r\n"
    "“Two of our servicemen were wounded,” the ministry said.\r\n\r\n"
    "\tThe Armenian Defence Ministry denied the report.  It said 3 Azerbaijani soldiers were "
    "killed when they tried to cross the line near Sotk.\r\n"
)


def _all_evidence(ex: Extraction) -> Iterable[tuple[str, int, int, str]]:
    for m in ex.mentions:
        yield m.evidence.document_id, m.evidence.start, m.evidence.end, m.evidence.text
    for c in ex.claims:
        yield c.evidence.document_id, c.evidence.start, c.evidence.end, c.evidence.text


def test_evidence_slices_the_document_exactly() -> None:
    ex = extract(MESSY)
    assert ex.status == "ok"
    assert len(ex.mentions) >= 3 and len(ex.claims) >= 2
    for doc_id, start, end, text in _all_evidence(ex):
        assert doc_id == "t1"
        assert MESSY[start:end] == text
        assert text == text.strip() and text  # no paragraph breaks or indentation glued on


def test_framing_spans_slice_the_document_exactly() -> None:
    ex = extract(MESSY)
    assert ex.framing
    for hit in ex.framing:
        assert MESSY[hit.start : hit.end] == hit.text


def test_every_claim_points_at_a_mention_and_ids_are_unique() -> None:
    ex = extract(MESSY)
    mention_ids = {m.id for m in ex.mentions}
    assert len(mention_ids) == len(ex.mentions)
    assert len({c.id for c in ex.claims}) == len(ex.claims)
    for c in ex.claims:
        assert c.mention_id in mention_ids


def test_extraction_is_deterministic() -> None:
    a, b = extract(MESSY), extract(MESSY)
    assert [m.id for m in a.mentions] == [m.id for m in b.mentions]
    assert a.claims == b.claims


# ---------------------------------------------------------------------------------------
# who claims what, about whom


def test_ministry_anaphora_resolves_to_the_ministry_named_before() -> None:
    ex = extract(
        "The Azerbaijani Defence Ministry reported heavy fighting overnight. "
        "Seven soldiers were killed in the Kalbajar district, the ministry said."
    )
    c = only_claim(ex, "killed")
    assert (c.claimant, c.claimant_side, c.side_affected) == ("AZ-MOD", "AZ", "AZ")
    assert c.value_best == 7


def test_officials_reporting_their_own_captured_soldiers() -> None:
    ex = extract(
        "Armenian officials reported on Tuesday that 13 of their servicemen had been captured "
        "during the clashes near the border."
    )
    c = only_claim(ex, "captured")
    assert (c.claimant, c.claimant_side, c.side_affected) == ("AM-GOV", "AM", "AM")
    assert (c.value_low, c.value_best, c.value_high) == (13, 13, 13)


def test_enemy_in_a_presidential_quote_is_the_other_side() -> None:
    ex = extract("“Our units struck back and at least ten enemy servicemen were killed,” Aliyev said.")
    c = only_claim(ex, "killed")
    assert (c.claimant, c.claimant_side) == ("AZ-PRES", "AZ")
    assert c.side_affected == "AM"
    assert (c.value_low, c.value_best, c.value_high) == (10, 10, None)


def test_enemy_in_an_armenian_ministry_report_is_azerbaijani() -> None:
    ex = extract(
        "Twelve enemy soldiers were killed in the counterattack, the Armenian Defence Ministry said."
    )
    c = only_claim(ex, "killed")
    assert (c.claimant, c.side_affected, c.value_best) == ("AM-MOD", "AZ", 12)


def test_quote_speaker_named_after_the_quote_in_the_same_sentence() -> None:
    ex = extract(
        "“Two of our servicemen were wounded by sniper fire,” said the Armenian Defence Ministry "
        "spokesperson."
    )
    c = only_claim(ex, "wounded")
    assert (c.claimant, c.claimant_side, c.side_affected, c.value_best) == ("AM-MOD", "AM", "AM", 2)


def test_quote_speaker_named_in_the_next_sentence() -> None:
    ex = extract(
        "“Four of our soldiers were wounded overnight.” "
        "The Armenian Defence Ministry said this in a statement on Monday."
    )
    c = only_claim(ex, "wounded")
    assert (c.claimant, c.side_affected, c.value_best) == ("AM-MOD", "AM", 4)
    assert c.evidence.text.startswith("“Four of our soldiers")


def test_according_to_names_the_claimant() -> None:
    ex = extract(
        "According to the Armenian Defence Ministry, four Armenian soldiers were wounded in the shelling."
    )
    c = only_claim(ex, "wounded")
    assert (c.claimant, c.side_affected) == ("AM-MOD", "AM")


def test_named_prime_minister_speaks_for_his_office() -> None:
    ex = extract(
        "Armenian Prime Minister Nikol Pashinyan told parliament that 49 Armenian soldiers "
        "had been killed since Monday."
    )
    c = only_claim(ex, "killed")
    assert (c.claimant, c.claimant_side, c.side_affected, c.value_best) == ("AM-PM", "AM", "AM", 49)


def test_prosecutors_and_civilian_flag() -> None:
    ex = extract("Two civilians were killed in the shelling of the village, Azerbaijani prosecutors said.")
    c = only_claim(ex)
    assert (c.claimant, c.claimant_side, c.value_best) == ("AZ-PG", "AZ", 2)
    assert c.civilian is True


def test_civilian_victim_side_comes_from_the_reporting_party() -> None:
    ex = extract(
        "A civilian was wounded by Azerbaijani fire in the village of Tegh in Syunik province, "
        "Armenian police said.",
        outlet="armenpress",
    )
    c = only_claim(ex, "wounded")
    assert (c.side_affected, c.claimant_side, c.civilian, c.value_best) == ("AM", "AM", True, 1)
    (m,) = _kinetic(ex)
    assert m.actor1_side == "AZ"


def test_unattributed_sentence_falls_back_to_the_outlet() -> None:
    ex = extract(
        "Two Armenian soldiers were wounded in an Azerbaijani drone strike on Monday.", outlet="armenpress"
    )
    c = only_claim(ex, "wounded")
    assert (c.claimant, c.claimant_side, c.side_affected) == ("outlet:armenpress", "AM", "AM")


def test_second_sentence_keeps_the_pronoun_speaker() -> None:
    ex = extract(
        "The Armenian Defence Ministry denied the report. "
        "It said 3 Azerbaijani soldiers were killed when they tried to cross the line near Sotk."
    )
    c = only_claim(ex, "killed")
    assert (c.claimant, c.side_affected, c.value_best) == ("AM-MOD", "AZ", 3)


def test_hedged_claim_keeps_its_hedge() -> None:
    ex = extract("Baku claimed that Armenian forces had allegedly shelled a village, killing two civilians.")
    c = only_claim(ex)
    assert c.hedge == "alleged"
    assert c.claimant == "AZ-GOV"
    (m,) = _kinetic(ex)
    assert (m.actor1_side, m.actor2_side) == ("AM", "AZ")


# ---------------------------------------------------------------------------------------
# quantities


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        (
            "The shelling killed six to eight Azerbaijani soldiers, the Azerbaijani Defence Ministry said.",
            "killed",
            (6, None, 8),
        ),
        (
            "Between four and six Armenian soldiers were wounded in the shelling, "
            "the Armenian Defence Ministry said.",
            "wounded",
            (4, None, 6),
        ),
        (
            "At least 5 Armenian soldiers were killed in the attack, the Armenian Defence Ministry said.",
            "killed",
            (5, 5, None),
        ),
        (
            "The Armenian Defence Ministry said more than 50 Azerbaijani soldiers had been killed.",
            "killed",
            (50, 50, None),
        ),
        (
            "Up to 15 Armenian soldiers may have been captured, the Azerbaijani Defence Ministry said.",
            "captured",
            (None, None, 15),  # a bound states its high only
        ),
        (
            "Twenty-three Azerbaijani servicemen were killed in the fighting, "
            "the Azerbaijani Defence Ministry said.",
            "killed",
            (23, 23, 23),
        ),
        (
            "The Armenian Defence Ministry said one hundred and five Azerbaijani soldiers had been killed.",
            "killed",
            (105, 105, 105),
        ),
        (
            "The Armenian Defence Ministry said a dozen Azerbaijani soldiers had been killed.",
            "killed",
            (12, 12, 12),
        ),
    ],
)
def test_quantities(sentence: str, kind: str, expected: tuple[int, int | None, int | None]) -> None:
    c = only_claim(extract(sentence), kind)
    assert (c.value_low, c.value_best, c.value_high) == expected


def test_singular_and_others_in_one_sentence() -> None:
    ex = extract("A soldier was killed and two others were wounded, the Armenian Defence Ministry said.")
    killed, wounded = only_claim(ex, "killed"), only_claim(ex, "wounded")
    assert (killed.value_best, wounded.value_best) == (1, 2)
    assert killed.side_affected == wounded.side_affected == "AM"


@pytest.mark.parametrize(
    ("sentence", "kind", "side", "best"),
    [
        (
            "Two Azerbaijani servicemen were martyred in the shelling, "
            "the Azerbaijani Defence Ministry said.",
            "killed",
            "AZ",
            2,
        ),
        (
            "Private Aram Petrosyan died of his wounds in hospital, the Armenian Defence Ministry said.",
            "killed",
            "AM",
            1,
        ),
    ],
)
def test_casualty_verbs(sentence: str, kind: str, side: str, best: int) -> None:
    c = only_claim(extract(sentence), kind)
    assert (c.side_affected, c.value_best) == (side, best)


def test_another_counts_one_more_on_the_same_side() -> None:
    ex = extract(
        "One Azerbaijani soldier was killed and another was wounded by Armenian sniper fire, "
        "the Azerbaijani Defence Ministry said."
    )
    killed, wounded = only_claim(ex, "killed"), only_claim(ex, "wounded")
    assert (killed.value_best, wounded.value_best) == (1, 1)
    assert killed.side_affected == wounded.side_affected == "AZ"


def test_reportedly_is_kept_as_a_hedge() -> None:
    ex = extract("Two Armenian soldiers were reportedly wounded near the border, local media said.")
    assert only_claim(ex).hedge == "reportedly"


# ---------------------------------------------------------------------------------------
# background history and numbers that are not casualties


@pytest.mark.parametrize(
    "history",
    [
        "During the 44-day war in 2020, some 7,000 soldiers were killed on both sides.",
        "Nearly 4,000 Armenian troops died in the war of 2020.",
        "In the early 1990s about 30,000 people were killed in the first war over the region.",
        "Azerbaijan lost 2,908 servicemen in the 2020 war, the Azerbaijani Defence Ministry said.",
    ],
)
def test_background_history_gives_no_claim(history: str) -> None:
    news = "Two Armenian soldiers were killed on Monday, the Armenian Defence Ministry said. "
    text = news + history
    ex = extract(text)
    c = only_claim(ex)  # the news figure stays, the history figure does not become a claim
    assert c.value_best == 2
    hist_start = len(news)
    for m in ex.mentions:
        if m.evidence.start >= hist_start:
            assert m.background is True
        else:
            assert m.background is False


@pytest.mark.parametrize(
    "sentence",
    [
        "Russia deployed 2,000 peacekeepers to the region under the deal.",
        "More than 300 villages were returned to Azerbaijan's control, officials said.",
        "The two countries share a 1,000-km border that has never been demarcated.",
        "The mission has 200 monitors who patrol the border area, the EU said.",
        "Around 100,000 ethnic Armenians fled the region in a matter of days.",
        "Armenia said the talks involved 12 rounds of negotiations and 40 experts.",
    ],
)
def test_non_casualty_numbers_give_no_claim(sentence: str) -> None:
    assert extract(sentence).claims == ()


# ---------------------------------------------------------------------------------------
# dates


def _kinetic(ex: Extraction) -> list[Mention]:
    return [m for m in ex.mentions if m.event_type != "Statement"]


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("on Tuesday", dt.date(2025, 3, 11), dt.date(2025, 3, 11), "day"),
        ("yesterday", dt.date(2025, 3, 11), dt.date(2025, 3, 11), "day"),
        ("on March 3", dt.date(2025, 3, 3), dt.date(2025, 3, 3), "day"),
        ("on the night of March 10-11", dt.date(2025, 3, 10), dt.date(2025, 3, 11), "day"),
        ("last week", dt.date(2025, 3, 3), dt.date(2025, 3, 9), "week"),
    ],
)
def test_relative_dates_resolve_against_publication(
    phrase: str, start: dt.date, end: dt.date, precision: str
) -> None:
    ex = extract(f"Three Armenian soldiers were wounded {phrase}, the Armenian Defence Ministry said.")
    (m,) = _kinetic(ex)
    assert (m.date.start, m.date.end, m.date.precision) == (start, end, precision)


@pytest.mark.parametrize("phrase", ["on Tuesday", "yesterday", "on March 3"])
def test_unknown_publication_date_is_never_guessed(phrase: str) -> None:
    text = (
        "Tensions have risen since the border talks of 2023. "
        f"Three Armenian soldiers were wounded {phrase}, the Armenian Defence Ministry said."
    )
    ex = extract(text, published=None)
    (m,) = _kinetic(ex)
    assert m.date.start is None and m.date.end is None
    assert m.date.precision == "unknown"
    assert m.date.note
    assert all(c.made_on is None for c in ex.claims)


def test_month_day_rolls_back_over_new_year() -> None:
    ex = extract(
        "Two Armenian soldiers were wounded on December 30, the Armenian Defence Ministry said.",
        published=dt.date(2025, 1, 2),
    )
    (m,) = _kinetic(ex)
    assert m.date.start == dt.date(2024, 12, 30)


def test_absolute_date_survives_unknown_publication_date() -> None:
    ex = extract(
        "Three Armenian soldiers were wounded on 3 March 2024, the Armenian Defence Ministry said.",
        published=None,
    )
    (m,) = _kinetic(ex)
    assert m.date.start == dt.date(2024, 3, 3)


def test_claim_made_on_is_the_publication_date() -> None:
    ex = extract("Three Armenian soldiers were wounded yesterday, the Armenian Defence Ministry said.")
    assert only_claim(ex).made_on == PUB


def test_statement_date_unknown_without_publication_date() -> None:
    ex = extract("Armenia accused Azerbaijan of violating the ceasefire along the border.", published=None)
    (m,) = statements(ex, "accuse")
    assert m.date.start is None and m.date.precision == "unknown"


# ---------------------------------------------------------------------------------------
# places


@pytest.mark.parametrize("name", ["Kalbajar", "Kelbajar"])
def test_kalbajar_resolves_in_azerbaijan(name: str) -> None:
    ex = extract(
        f"Armenian units fired on Azerbaijani positions near {name} overnight, "
        "the Azerbaijani Defence Ministry said."
    )
    places = _places(ex)
    assert places
    p = places[0]
    assert p.country == "AZ"
    assert _km(p, 40.10, 46.04) < 30


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenian units fired on Azerbaijani army positions in Lachin overnight, "
        "the Azerbaijani Defence Ministry said.",
        "Armenian units fired on Azerbaijani positions in the Lachin district overnight, "
        "the Azerbaijani Defence Ministry said.",
    ],
)
def test_lachin_in_an_azerbaijani_story_stays_in_azerbaijan(sentence: str) -> None:
    places = _places(extract(sentence, outlet="azertac"))
    assert places and all(p.country == "AZ" for p in places)
    assert _km(places[0], 39.64, 46.55) < 30


@pytest.mark.parametrize(
    ("sentence", "country", "lat", "lon"),
    [
        (
            "Azerbaijani forces shelled Armenian positions near Jermuk on Tuesday, "
            "the Armenian Defence Ministry said.",
            "AM",
            39.84,
            45.67,
        ),
        (
            "Azerbaijani troops opened fire on Armenian positions near Sotk, "
            "the Armenian Defence Ministry said.",
            "AM",
            40.20,
            45.87,
        ),
        (
            "Armenian armed units fired on Azerbaijani positions in the Tovuz district, "
            "the Azerbaijani Defence Ministry said.",
            "AZ",
            40.99,
            45.63,
        ),
    ],
)
def test_frontline_places(sentence: str, country: str, lat: float, lon: float) -> None:
    places = _places(extract(sentence))
    assert places
    assert places[0].country == country
    assert _km(places[0], lat, lon) < 30


# ---------------------------------------------------------------------------------------
# events and dyads


def test_shelling_is_remote_violence_with_attacker_first() -> None:
    ex = extract(
        "Azerbaijani forces shelled Armenian positions near Jermuk on Tuesday, "
        "the Armenian Defence Ministry said."
    )
    (m,) = _kinetic(ex)
    assert m.event_type == "Explosions/Remote violence"
    assert (m.actor1_side, m.actor2_side) == ("AZ", "AM")
    assert (m.claimant, m.claimant_side) == ("AM-MOD", "AM")


def test_drone_strike_sub_type() -> None:
    ex = extract(
        "Three Armenian soldiers were wounded in an Azerbaijani drone strike on Monday, "
        "the Armenian Defence Ministry said."
    )
    (m,) = _kinetic(ex)
    assert m.sub_event_type == "Air/drone strike"
    assert (m.actor1_side, m.actor2_side) == ("AZ", "AM")


# ---------------------------------------------------------------------------------------
# statements


def test_president_warning_is_a_threat_against_the_other_party() -> None:
    ex = extract(
        "Azerbaijan's president warned Armenia that any new provocation on the border would meet a "
        "harsh response."
    )
    (m,) = statements(ex, "threaten")
    assert (m.actor1_side, m.actor2_side) == ("AZ", "AM")
    assert m.claimant == "AZ-PRES"


def test_foreign_ministry_denial() -> None:
    ex = extract(
        "The Armenian foreign ministry denied that its troops had opened fire on Azerbaijani positions."
    )
    (m,) = statements(ex, "deny")
    assert (m.claimant, m.claimant_side, m.actor1_side) == ("AM-MFA", "AM", "AM")
    # the denied event is kept but marked as denied, never as an admitted fact
    for k in _kinetic(ex):
        assert k.negated is True
        assert k.hedge == "denied"


def test_eu_ceasefire_call() -> None:
    ex = extract("The EU called for a ceasefire and urged both sides to return to talks.")
    (m,) = statements(ex, "ceasefire_call")
    assert (m.claimant, m.actor1_side) == ("EU", "EU")
    assert m.date.start == PUB


@pytest.mark.parametrize(
    ("sentence", "sub", "claimant", "a1", "a2"),
    [
        (
            "Armenia accused Azerbaijan of violating the ceasefire along the border.",
            "accuse",
            "AM-GOV",
            "AM",
            "AZ",
        ),
        ("The Armenian Foreign Ministry condemned the attack on the village.", "condemn", "AM-MFA", "AM", ""),
        (
            "Turkey expressed full support for Azerbaijan in a statement on Wednesday.",
            "express_support",
            "TR-GOV",
            "TR",
            "AZ",
        ),
        (
            "Azerbaijani Foreign Minister Jeyhun Bayramov threatened that Baku would take all "
            "necessary measures.",
            "threaten",
            "AZ-MFA",
            "AZ",
            "",
        ),
    ],
)
def test_statement_types(sentence: str, sub: str, claimant: str, a1: str, a2: str) -> None:
    (m,) = statements(extract(sentence), sub)
    assert (m.claimant, m.actor1_side, m.actor2_side) == (claimant, a1, a2)


# ---------------------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("   \n\n  \t ", "en"),
        ("Breaking news.", "en"),
        ("\x00\x01\ufeffxxxxx", "en"),
        ("Три военнослужащих были ранены в результате обстрела, сообщило министерство обороны.", "ru"),
    ],
)
def test_skipped_documents_say_why(text: str, language: str) -> None:
    ex = extract(text, language=language)
    assert ex.status == "skipped"
    assert ex.reason
    assert ex.mentions == () and ex.claims == ()


@pytest.mark.parametrize(
    "text",
    [
        "The weather in the capital was mild and sunny this week, and the markets were busy with shoppers.",
        "12345 67890 " * 10,
        "The Armenian Defence Ministry said. " * 200,
    ],
)
def test_documents_without_events_are_empty_with_a_reason(text: str) -> None:
    ex = extract(text)
    assert ex.status == "empty"
    assert ex.reason
    assert ex.mentions == () and ex.claims == ()


def test_batch_with_bad_documents_processes_the_others_in_order() -> None:
    docs = [
        _doc("Two Armenian soldiers were wounded on Monday, the Armenian Defence Ministry said.", doc_id="a"),
        _doc("", doc_id="b"),
        _doc("Пять человек погибли на границе.", doc_id="c", language="ru"),
        _doc(
            "Four Azerbaijani soldiers were killed near Tovuz, the Azerbaijani Defence Ministry said.",
            doc_id="d",
        ),
    ]
    out = list(extract_documents(docs, batch_size=1))
    assert [e.document_id for e in out] == ["a", "b", "c", "d"]
    assert [e.status for e in out] == ["ok", "skipped", "skipped", "ok"]
    assert only_claim(out[0]).value_best == 2 and only_claim(out[0]).document_id == "a"
    assert only_claim(out[3]).value_best == 4 and only_claim(out[3]).side_affected == "AZ"
    assert all(c.evidence.document_id == "d" for c in out[3].claims)


# ---------------------------------------------------------------------------------------
# framing


def test_framing_terms_found_with_spans() -> None:
    text = (
        "Azerbaijani forces liberated the village, and the Armenian side committed a provocation "
        "against Artsakh, officials said."
    )
    hits = {h.term: h for h in extract(text).framing}
    assert {"liberation", "provocation", "Artsakh"} <= set(hits)
    assert hits["liberation"].text == "liberated"
    assert text[hits["provocation"].start : hits["provocation"].end] == "provocation"
    assert hits["Artsakh"].narrative == "AM"
    assert hits["provocation"].narrative == "AZ"


def test_event_patterns_first_letter_lookahead_changes_no_match() -> None:
    """The events' patterns carry a lookahead for their triggers' first letters (a speed-up):
    with and without it, the same matches, every case variant of a letter admitted."""
    import re

    from ceasefire.extract import events

    lex = events.lexicon()
    patterns = [
        *(r.pattern for r in (*lex.kinetic, lex.civilian_attack, *lex.territory, *lex.strategic)),
        *(r.pattern for r in lex.statements),
        *(p for _name, p in lex.hedges),
        lex.background,
        lex.cumulative,
        lex.war_tolls,
        lex.separate,
    ]
    texts = [
        "Two soldiers were KILLED when a Drone struck the post; the ministry Denied it.",
        "During the 44-day war, 7,000 soldiers were killed, the Ministry said in a separate incident.",
        "Artillery shelling continued, and the army called for an immediate ceasefire.",
        "STRIKES reportedly hit the \u212aelvin district (allegedly) since the start of the war.",
        "The weather was mild and nothing happened.",
    ]
    ahead = re.compile(r"^\\b\(\?=\[[^]]*(?:\\.[^]]*)*\]\)")
    assert any(ahead.match(p.pattern) for p in patterns)
    for pattern in patterns:
        slow = re.compile(ahead.sub(r"\\b", pattern.pattern), pattern.flags)
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in slow.finditer(text)]


def test_days_named_without_a_year_keep_their_events_and_claims_apart() -> None:
    # a report of unknown date: the clash "on March 4" and the shelling "on the morning of March 6"
    # are two events of one claimant; the sentence after the shelling's is of March 6, not March 4
    ex = extract(
        "Rebels attacked army positions near the river on March 4, and twelve soldiers were killed, "
        "provincial authorities said.\n\n"
        "Meanwhile, the death toll from the shelling of the market on the morning of March 6 now "
        "stands at 41, according to provincial authorities.\n\n"
        "Doctors at the city hospital said they had received 19 injured people.",
        published=None,
    )
    by_id = {m.id: m for m in ex.mentions}
    day = {c.value_best: by_id[c.mention_id].date.expression for c in ex.claims}
    assert day == {12: "March 4", 41: "the morning of March 6", 19: "the morning of March 6"}, day
    mention_of = {c.value_best: c.mention_id for c in ex.claims}
    assert mention_of[12] != mention_of[41]
