"""Regressions found by probing the extractor: each once failed."""

from __future__ import annotations

import datetime as dt

import pytest

from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, PubDate

PUB = PubDate(dt.date(2025, 3, 12), "day", "manifest")


def _one(text: str, outlet: str = "reuters", published: PubDate = PUB) -> object:
    return next(
        extract_documents(
            [Document(id="r", source="r", text=text, published=published, language="en", outlet=outlet)]
        )
    )


def _claims(text: str, outlet: str = "reuters") -> set[tuple[str, str, int | None, str]]:
    ex = _one(text, outlet)
    return {(c.kind, c.side_affected, c.value_low, c.claimant) for c in ex.claims}  # type: ignore[attr-defined]


def test_a_capitalised_number_word_does_not_end_a_sentence() -> None:
    text = (
        "The Azerbaijani Defence Ministry said the fighting began at dawn. "
        "Seven Azerbaijani soldiers were killed in the Kalbajar district, the ministry said."
    )
    assert ("killed", "AZ", 7, "AZ-MOD") in _claims(text)


def test_rank_abbreviations_do_not_split_a_sentence() -> None:
    from ceasefire.pipeline import build_nlp

    text = (
        "“Two of our servicemen — Sgt. Ali Mammadov and Pvt. Rashad Guliyev — "
        "were wounded,” the ministry said."
    )
    assert len(list(build_nlp()(text).sents)) == 1


@pytest.mark.parametrize(
    ("text", "expected_side"),
    [
        ("The Armenian Defence Ministry said the enemy lost twelve servicemen in the counterattack.", "AZ"),
        (
            "The Armenian side suffered heavy losses, with 20 soldiers killed, "
            "Azerbaijani officials claimed.",
            "AM",
        ),
    ],
)
def test_side_affected_from_context(text: str, expected_side: str) -> None:
    sides = {side for _k, side, _v, _c in _claims(text)}
    assert expected_side in sides


def test_one_failing_document_does_not_stop_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from ceasefire.extract import assemble

    real = assemble.Assembler.__call__

    def flaky(self, doc, ctx):  # type: ignore[no-untyped-def]
        if ctx.document_id == "bad":
            raise RuntimeError("boom")
        return real(self, doc, ctx)

    monkeypatch.setattr(assemble.Assembler, "__call__", flaky)
    text = "Two soldiers were wounded on Monday when mortar shells hit a border post, the army said."
    docs = [Document(id=i, source=i, text=text, published=PUB, language="en") for i in ("ok1", "bad", "ok2")]
    out = list(extract_documents(docs))
    assert [e.document_id for e in out] == ["ok1", "bad", "ok2"]
    assert out[1].status == "error" and "boom" in out[1].reason
    assert out[0].status == out[2].status == "ok" and out[0].claims and out[2].claims


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President Ilham Aliyev addressed the nation on Sunday. "
            "“Our units struck back and eleven enemy servicemen were killed,” he said.",
            ("killed", "AM", 11, "AZ-PRES"),
        ),
        (
            "The Azerbaijani Defence Ministry said its units neutralised "
            "three Armenian saboteurs near Lachin.",
            ("killed", "AM", 3, "AZ-MOD"),
        ),
        (
            "Fighting broke out near the village of Nerkin Hand in Syunik, Armenia's defence ministry said, "
            "adding that four of its servicemen were killed.",
            ("killed", "AM", 4, "AM-MOD"),
        ),
    ],
)
def test_claimant_and_side_in_context(text: str, expected: tuple[str, str, int, str]) -> None:
    assert expected in _claims(text)


def _values(text: str, published: PubDate) -> set[int | None]:
    doc = Document(id="r", source="r", text=text, published=published, language="en", outlet="reuters")
    return {c.value_low for c in next(extract_documents([doc])).claims}


@pytest.mark.parametrize("published", [PubDate.unknown(), PUB])
def test_a_campaign_toll_summed_since_a_calendar_date_is_no_incident_claim(published: PubDate) -> None:
    # in a report of unknown date a date (not a weekday) after "since" starts a campaign, not a flare-up
    text = (
        "Valdorian artillery has shelled the border districts of Ostravia since January 14, killing "
        "at least 640 people, the Ostravian health ministry said. On Sunday, a shell hit the market "
        "of Brenkovo and killed four people, the ministry said."
    )
    values = _values(text, published)
    assert 4 in values and 640 not in values


def test_a_running_toll_since_a_weekday_stays_a_claim_in_a_report_of_unknown_date() -> None:
    text = "The number of soldiers killed in the clashes since Sunday has risen to 12, the ministry said."
    assert 12 in _values(text, PubDate.unknown())


def test_the_toll_of_the_war_that_killed_thousands_is_background_not_a_claim() -> None:
    text = (
        "Monitors patrolling the line have been drawn into the war that has killed more than 2,300 "
        "people, according to a tally of ministry figures. Two soldiers were wounded on Friday."
    )
    values = _values(text, PUB)
    assert 2 in values and 2300 not in values


def _claimed(text: str) -> set[tuple[str, str, int | None, str, str]]:
    doc = Document(id="r", source="r", text=text, published=PUB, language="en", outlet="reuters")
    ex = next(extract_documents([doc]))
    return {(c.kind, c.side_affected, c.value_low, c.claimant, c.claimant_side) for c in ex.claims}


@pytest.mark.parametrize(
    "text",
    [
        "The Eritrean military on Tuesday denied the Ethiopian army's claim that Eritrean troops had "
        "attacked a border post and killed seven Ethiopian soldiers.",
        "Eritrea formally denied an Ethiopian claim that its troops killed seven Ethiopian soldiers.",
        "The Eritrean ministry rejected claims by the Ethiopian side that seven Ethiopian soldiers had died.",
    ],
)
def test_a_denied_claim_is_still_its_owners_claim(text: str) -> None:
    claims = _claimed(text)
    assert len(claims) == 1, claims
    ((kind, side, value, _claimant, claimant_side),) = claims
    assert (kind, side, value, claimant_side) == ("killed", "ET", 7, "ET")


def test_a_plain_denial_and_unowned_reports_make_no_claim() -> None:
    assert _claimed("The Eritrean ministry denied that seven Ethiopian soldiers had died.") == set()
    assert _claimed("The Eritrean ministry dismissed reports that seven Ethiopian soldiers died.") == set()


@pytest.mark.parametrize(
    ("text", "claimant_side"),
    [
        ("In Eritrea, police said Ethiopian shelling wounded two border guards.", "ER"),
        ("Health officials said at least 12 people were killed in the shelling of Assab.", "ER"),
        ("The Ethiopian health ministry said at least 12 people were killed in the shelling of Assab.", "ET"),
        # people at the scene, and a local official named with a title
        ("Twelve people were killed in the shelling of Assab, a doctor at the main hospital said.", "ER"),
        ("Seven people died in Assab, a rescue worker told AFP.", "ER"),
        ("Shelling killed five people in Assab, regional governor Tesfay Alem said.", "ER"),
    ],
)
def test_local_officials_of_no_named_side_speak_for_where_it_happened(text: str, claimant_side: str) -> None:
    sides = {c[4] for c in _claimed(text)}
    assert sides == {claimant_side}, _claimed(text)


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Eritrea has lost 20 troops since the fighting escalated on Sunday, Asmara says.", "ER-GOV"),
        ("Ethiopia has lost 20 troops since the fighting escalated on Sunday, Addis Ababa said.", "ET-GOV"),
    ],
)
def test_a_capital_that_speaks_is_its_government(text: str, claimant: str) -> None:
    assert {c[3] for c in _claimed(text)} == {claimant}


def test_a_capital_where_it_happened_is_no_speaker() -> None:
    assert {c[3] for c in _claimed("Two soldiers were killed in Asmara on Sunday.")} == {"outlet:reuters"}


_LEAD = (
    "Eritrean artillery shelled Ethiopian positions near Zalambessa on Monday, killing three "
    "Ethiopian soldiers, the Ethiopian defence ministry said. "
)


@pytest.mark.parametrize(
    "text",
    [
        "The enemy, suffering heavy losses, was forced to retreat, the ministry said.",
        "The ministry said heavy casualties had been caused to the attackers.",
        "Heavy losses were inflicted on the enemy, the ministry said.",
    ],
)
def test_losses_of_the_enemy_are_the_speakers_foe(text: str) -> None:
    doc = Document(id="r", source="r", text=_LEAD + text, published=PUB, language="en", outlet="reuters")
    ex = next(extract_documents([doc]))
    (vague,) = [c for c in ex.claims if c.evidence.text.startswith(text[:20])]
    assert (vague.kind, vague.side_affected, vague.value_best) == ("casualties", "ER", None)
    assert vague.mention_id


def test_a_claim_in_a_sentence_that_tells_no_event_belongs_to_the_event_told_before() -> None:
    # an explicit zero names no violence of its own; without a mention it reached no incident
    text = _LEAD + "No Ethiopian civilians were hurt, the ministry said."
    ex = next(extract_documents([Document(id="r", source="r", text=text, published=PUB, language="en")]))
    (zero,) = [c for c in ex.claims if c.value_best == 0]
    shelling = next(m for m in ex.mentions if m.evidence.text.startswith("Eritrean artillery"))
    assert (zero.side_affected, zero.mention_id) == ("ET", shelling.id)


def test_enemy_fire_that_kills_our_soldiers_is_not_the_enemys_loss() -> None:
    text = "The enemy shelled our positions on Monday, killing two soldiers, the Ethiopian ministry said."
    assert {(c[0], c[1], c[2]) for c in _claimed(text)} == {("killed", "ET", 2)}


@pytest.mark.parametrize(
    "text",
    [
        "Ethiopian police said five farmers were martyred when Eritrean shells hit their fields.",
        "The Ethiopian ministry mourned the martyrdom of five farmers in Eritrean shelling.",
    ],
)
def test_dead_the_speaker_honours_as_martyrs_are_its_own(text: str) -> None:
    # the clause names the other party beside the dead; the honour word says whose they are
    assert ("killed", "ET", 5) in {(c[0], c[1], c[2]) for c in _claims(text)}


def test_an_honour_word_elsewhere_in_the_sentence_does_not_make_the_dead_the_speakers() -> None:
    text = (
        "Ethiopian drones struck Barentu overnight. The Ethiopian army said six civilians were killed "
        "in Barentu and called them martyrs of Eritrean lies."
    )
    assert ("killed", "ER", 6) in {(c[0], c[1], c[2]) for c in _claims(text)}


def test_a_country_named_as_the_other_party_is_not_where_civilians_were_harmed() -> None:
    # "clashes with Eritrea" names the enemy: the villagers the Ethiopian army counts are its
    # own; "died in Eritrea" says where they were harmed
    with_ = "The Ethiopian army said 23 villagers died during a month of clashes with Eritrea."
    assert ("killed", "ET", 23) in {(c[0], c[1], c[2]) for c in _claims(with_)}
    in_ = "The Ethiopian army said 23 villagers died in Eritrea."
    assert ("killed", "ER", 23) in {(c[0], c[1], c[2]) for c in _claims(in_)}


# the report's places lie in Ethiopia: its home side, which a toll of both parties must not take
_SHELLING = " Eritrean troops shelled Adigrat and Mekele on Monday, Ethiopian officials said."


@pytest.mark.parametrize(
    "text",
    [
        "Officials said 35 people died in clashes between Eritrean troops and the Ethiopian army.",
        "Shelling by both sides has killed 19 people this week, officials said.",
        "The two sides lost 31 men in the clashes, which ended at dawn.",
        "The sides suffered heavy losses: dozens of soldiers were killed, officials said.",
    ],
)
def test_a_toll_of_fighting_between_both_parties_is_on_no_one_side(text: str) -> None:
    claims = [c for c in _one(text + _SHELLING).claims if c.evidence.text == text]  # type: ignore[attr-defined]
    assert claims and all(c.side_affected == "" for c in claims), [(c.kind, c.side_affected) for c in claims]


@pytest.mark.parametrize(
    "text",
    [
        # "both sides" that counts nothing: the civilians are where they were harmed
        "Shelling killed three civilians in Mekele, and both sides accused each other of breaking the truce.",
        "Eritrean shelling killed three civilians in Mekele, officials said, as talks between the two "
        "sides stalled.",
    ],
)
def test_both_sides_named_beside_a_toll_of_civilians_in_one_place_leave_it_there(text: str) -> None:
    assert ("killed", "ET", 3) in {(c[0], c[1], c[2]) for c in _claims(text)}


def test_a_sentence_naming_no_party_goes_on_telling_the_previous_ones_attack() -> None:
    # the report's places lie in Ethiopia (its home side), but the soldiers the shelling killed are
    # the Eritreans the previous sentence says were shelled
    text = (
        "Ethiopian artillery shelled Eritrean positions near Adigrat on Monday. "
        "The shelling killed two soldiers."
    )
    assert ("killed", "ER", 2) in {(c[0], c[1], c[2]) for c in _claims(text)}
    # a sentence that names a party of its own is read on its own
    own = (
        "Ethiopian artillery shelled Eritrean positions near Adigrat on Monday. Two Ethiopian soldiers died."
    )
    assert ("killed", "ET", 2) in {(c[0], c[1], c[2]) for c in _claims(own)}
    # and one that names a place of another party's is where those people were harmed
    elsewhere = (
        "Ethiopian artillery shelled Eritrean positions near Barentu on Monday. "
        "Three civilians died in Mekele."
    )
    assert ("killed", "ET", 3) in {(c[0], c[1], c[2]) for c in _claims(elsewhere)}


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("Heavy losses were inflicted on the Eritrean army, the Ethiopian ministry said.", "ER"),
        ("Heavy losses were caused to the gunmen, the Ethiopian ministry said.", "MIL"),
    ],
)
def test_the_party_losses_are_inflicted_on_is_the_one_that_lost_them(sentence: str, side: str) -> None:
    text = "Eritrean troops shelled the border post on Monday, the Ethiopian army said. " + sentence
    claims = [c for c in _one(text).claims if c.evidence.text == sentence]  # type: ignore[attr-defined]
    assert [(c.kind, c.side_affected) for c in claims] == [("casualties", side)]


def test_people_of_two_parties_in_one_figure_are_on_no_one_side() -> None:
    assert ("killed", "", 7) in {
        (c[0], c[1], c[2]) for c in _claims("Seven Ethiopian and Eritrean soldiers died.")
    }


def _mention_day(text: str, starts: str) -> dt.date | None:
    doc = Document(
        id="r", source="r", text=text, published=PubDate.unknown(), language="en", outlet="reuters"
    )
    ex = next(extract_documents([doc]))
    return next(m for m in ex.mentions if m.evidence.text.startswith(starts)).date.start


def test_a_photo_captions_date_does_not_date_the_reports_events() -> None:
    # a file photo's caption carries its own (old) date; the report's publication is unknown
    caption = "File photo: soldiers at a checkpoint outside Adigrat, 2 March 2018.\n"
    event = (
        "Eritrean troops shelled Ethiopian posts near Adigrat, killing two soldiers, the Ethiopian army said."
    )
    assert _mention_day(caption + event, "Eritrean troops") != dt.date(2018, 3, 2)
    # a dated line before a caption keeps its date, and so do the lines after it
    dated = "Eritrean troops shelled Ethiopian posts near Adigrat on 4 May 2021, the Ethiopian army said.\n"
    credit = "A border post near Adigrat. Photo: the army\n"
    later = "Two soldiers were killed, the ministry said."
    assert _mention_day(dated + credit + later, "Two soldiers") == dt.date(2021, 5, 4)
    # a marker inside a line of prose marks no caption
    inline = (
        "Eritrean troops shelled Ethiopian posts near Adigrat on 4 May 2021 (Photo: the army) and the "
        "Ethiopian army said two soldiers were killed and five wounded when shells hit their post."
    )
    assert _mention_day(inline, "Eritrean troops") == dt.date(2021, 5, 4)


def _mention_expression(text: str, starts: str) -> str:
    doc = Document(
        id="r", source="r", text=text, published=PubDate.unknown(), language="en", outlet="reuters"
    )
    ex = next(extract_documents([doc]))
    return next(m for m in ex.mentions if m.evidence.text.startswith(starts)).date.expression


_UNDATED_LEAD = (
    "Militants attacked an army post near Boni, killing four soldiers, the Malian army said.\n"
    "The attackers fled on motorbikes towards the forest, the army said.\n"
    "Troops later recovered weapons near the post.\n"
)


def test_a_month_day_in_an_undated_reports_closing_history_does_not_date_its_event() -> None:
    # news tells its event first and closes on history: the day an earlier offensive began
    history = (
        "The region has seen fighting for years.\n"
        "The army launched an offensive against the militants on March 14.\n"
    )
    assert _mention_expression(_UNDATED_LEAD + history, "Militants attacked") != "March 14"
    # the same month and day in the lead is the event's
    lead = "On March 14, militants attacked an army post near Boni, killing four soldiers.\n"
    more = "Militants also shelled a nearby village, wounding three civilians.\n"
    assert _mention_expression(lead + more + history, "Militants also") == "March 14"


def test_a_person_named_after_a_toll_who_then_speaks_is_no_victim() -> None:
    text = "Shelling of Assab killed 22 people, a doctor at the main hospital said."
    assert {c[2] for c in _claimed(text)} == {22}
    # one more victim named after the toll is
    assert {c[2] for c in _claimed("Shelling of Assab killed 22 people and a doctor.")} == {22, 1}


def test_a_local_speaker_speaks_in_a_state_of_the_reports_parties() -> None:
    # "Madina" is also a town abroad; the speakers are in the war's state
    text = "Doctors at the Madina hospital in Mogadishu said 15 people were wounded in the al-Shabaab attack."
    assert {c[4] for c in _claimed(text)} == {"SO"}


@pytest.mark.parametrize(
    "dateline", ["Mandalay (AFP) – ", "Mandalay, Myanmar (AP) — ", "Mandalay, March 3 (Reuters) - "]
)
def test_a_datelines_city_is_where_the_report_was_filed_not_where_it_happened(dateline: str) -> None:
    story = (
        "A Myanmar military air strike on a village in western Rakhine state killed 12 people, rescuers said."
    )
    doc = Document(id="r", source="r", text="Border clash\n" + dateline + story, published=PUB, language="en")
    ex = next(extract_documents([doc]))
    assert ex.mentions and not any(p.name == "Mandalay" for m in ex.mentions for p in m.places)


def test_a_city_the_story_names_is_a_place() -> None:
    story = "A Myanmar military air strike on a village near Mandalay killed 12 people."
    ex = next(extract_documents([Document(id="r", source="r", text=story, published=PUB, language="en")]))
    assert any(p.name == "Mandalay" for m in ex.mentions for p in m.places)


def test_a_datelines_mixed_case_city_with_a_colon_opens_the_report_only() -> None:
    story = "Lashio: Myanmar army jets bombed a village near Kyaukme on Monday, killing four, rescuers said."
    doc = Document(id="r", source="r", text="Air strike kills four\n\n" + story, published=PUB, language="en")
    places = {p.name for m in next(extract_documents([doc])).mentions for p in m.places}
    assert "Kyaukme" in places and "Lashio" not in places
    # further down a report, "City: ..." opens a list item that says where it happened
    listed = "Air strikes across the north\n\nJets struck three towns on Monday.\n\n" + story
    doc = Document(id="r", source="r", text=listed, published=PUB, language="en")
    assert "Lashio" in {p.name for m in next(extract_documents([doc])).mentions for p in m.places}


def _places(text: str) -> set[str]:
    return {p.name for m in _one(text).mentions for p in m.places}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "Two jets took off from Kosti and struck rebel positions near El Obeid on Friday, the army said.",
        "Rockets fired from Kosti hit El Obeid on Monday, killing two people, officials said.",
        "Three wounded soldiers were taken to hospital in Kosti after the shelling of El Obeid on Monday.",
        "Families fled towards Kosti after shelling hit El Obeid on Monday, killing one person.",
        "The wounded were evacuated to Kosti after a drone strike on El Obeid on Monday.",
        "The government summoned the envoy to Kosti after shelling killed two people in El Obeid on Monday.",
    ],
)
def test_where_weapons_came_from_or_people_went_is_not_where_it_happened(text: str) -> None:
    places = _places(text)
    assert "El Obeid" in places and "Kosti" not in places


@pytest.mark.parametrize(
    "text",
    [
        "A spokesman told reporters in Kosti that shelling killed three civilians in El Obeid on Monday.",
        "The army held a news conference in Kosti, saying its artillery shelled El Obeid on Monday.",
        "Speaking at a briefing in Kosti, the governor said shelling killed two people in El Obeid.",
    ],
)
def test_where_it_was_told_is_not_where_it_happened(text: str) -> None:
    places = _places(text)
    assert "El Obeid" in places and "Kosti" not in places


@pytest.mark.parametrize(
    "text",
    [
        "Shelling in Kosti killed three civilians on Monday, a spokesman said.",
        "In Kosti, police said shelling killed three civilians on Monday.",
    ],
)
def test_a_place_the_speakers_tell_of_stays(text: str) -> None:
    assert "Kosti" in _places(text)


def test_where_people_fled_from_is_where_it_happened() -> None:
    assert "El Obeid" in _places("Residents fled from El Obeid after shelling killed two people on Monday.")


@pytest.mark.parametrize(
    "text",
    [
        "Government troops repelled a rebel attack near El Obeid on Sunday, the army said.",
        "The army said it had repulsed an offensive on El Obeid on Sunday.",
        "Rebels ambushed an army convoy near El Obeid on Sunday, the army said.",
        "Fighters stormed an army base near El Obeid on Sunday, the army said.",
        "The army launched a counterattack near El Obeid on Sunday.",
        "Troops beat back a mechanized assault on the approaches to El Obeid on Sunday.",
        # a hyphenated modifier is one word between the verb and its object
        "The garrison in El Obeid on Sunday repelled a large-scale attack launched by the rebels.",
    ],
)
def test_fighting_told_as_attacks_repelled_or_ambushes_is_a_battle(text: str) -> None:
    battles = [m for m in _one(text).mentions if m.event_type == "Battles"]  # type: ignore[attr-defined]
    assert battles and any(p.name == "El Obeid" for p in battles[0].places)


def test_an_assault_that_is_no_fighting_is_no_battle() -> None:
    text = "Police in El Obeid opened a sexual assault case against a teacher on Sunday."
    assert not [m for m in _one(text).mentions if m.event_type == "Battles"]  # type: ignore[attr-defined]


def test_a_datelines_date_is_when_the_report_was_filed_not_when_it_happened() -> None:
    published = PubDate(dt.date(2025, 6, 11), "day", "manifest")
    text = (
        "Camp shelled\n\nKOSTI, June 11 (Reuters) - Sudan's army shelled a camp on the edge of El Obeid on "
        "Tuesday, killing at least 12 people, a local volunteer group said.\n\nMost of the dead were women."
    )
    doc = Document(id="r", source="r", text=text, published=published, language="en", outlet="reuters")
    ex = next(extract_documents([doc]))
    days = {m.date.start for m in ex.mentions if m.event_type != "Statement"}
    assert days == {dt.date(2025, 6, 10)}
    # the filing date still dates the claims (when they were made)
    assert {c.made_on for c in ex.claims} == {dt.date(2025, 6, 11)}


def test_one_claimants_same_day_events_far_apart_stay_two_mentions() -> None:
    text = (
        "Sudan's army said an RSF drone strike hit Kosti on Monday, killing two civilians. "
        "The army said an RSF drone strike hit Port Sudan on Monday, killing three civilians."
    )
    strikes = [m for m in _one(text).mentions if m.event_type != "Statement"]  # type: ignore[attr-defined]
    assert sorted(p.name for m in strikes for p in m.places) == ["Kosti", "Port Sudan"]
    assert len(strikes) == 2
    # told twice of one place, it is one event
    again = text.replace("Port Sudan", "Kosti")
    assert len([m for m in _one(again).mentions if m.event_type != "Statement"]) == 1  # type: ignore[attr-defined]


def _event_days(text: str, published: PubDate = PUB) -> list[tuple[str, dt.date | None, str]]:
    ex = _one(text, published=published)
    return [
        (m.event_type, m.date.start, m.date.expression) for m in ex.mentions if m.event_type != "Statement"
    ]  # type: ignore[attr-defined]


def test_a_day_after_the_reported_events_own_noun_dates_the_event_not_the_saying() -> None:
    # PUB is a Wednesday: "an air strike on Monday" is the strike's Monday, whoever said it
    (event,) = _event_days("The army said an air strike on Monday killed nine villagers near El Obeid.")
    assert event[1] == dt.date(2025, 3, 10)
    # ... while "said in a statement on Monday that" dates the statement only
    (event,) = _event_days(
        "The army said in a statement on Monday that shelling killed nine villagers near El Obeid."
    )
    assert event[1] != dt.date(2025, 3, 10)


def test_a_headline_without_a_day_takes_the_day_its_lead_names() -> None:
    # a report of unknown date: the headline and the lead are one event, and the lead's weekday is
    # the day of it (one mention, not an undated one that nothing can join)
    text = (
        "Army repels rebel attack on El Obeid\n\n"
        "The 5th Infantry Division on Tuesday repelled an attack launched by the rebels on the city "
        "from the north."
    )
    days = _event_days(text, published=PubDate.unknown())
    assert days == [("Battles", None, "Tuesday")]


def test_soldiers_and_civilians_of_one_toll_with_equal_counts_are_two_claims() -> None:
    # "three soldiers, a policeman and four civilians": four security men and four civilians,
    # not one claim of four
    text = (
        "Eight people including three soldiers, a police officer and four civilians were killed in El Obeid."
    )
    ex = _one(text)
    values = sorted((c.value_best, c.civilian) for c in ex.claims if c.kind == "killed")  # type: ignore[attr-defined]
    assert values == [(4, False), (4, True), (8, False)]


def test_two_weekdays_of_a_report_of_unknown_date_are_two_mentions() -> None:
    ex = next(
        extract_documents(
            [
                Document(
                    id="w",
                    source="w",
                    text=(
                        "Militants stormed an army base near Dessie on Sunday, killing 27 soldiers, a "
                        "spokesman said. The militants also ambushed an army convoy on the road to Dessie "
                        "on Saturday afternoon, killing six soldiers, the spokesman said."
                    ),
                    published=PubDate.unknown(),
                    language="en",
                    outlet="reuters",
                )
            ]
        )
    )
    by_id = {m.id: m for m in ex.mentions}
    day = {c.value_best: by_id[c.mention_id].date.expression for c in ex.claims}
    assert day == {27: "Sunday", 6: "Saturday afternoon"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Two soldiers were killed in the clash, a commander told the Daily Herald by phone on Monday.",
        "The toll from the strike was revised upwards on Monday by the ministry to two.",
    ],
)
def test_the_day_a_toll_was_told_or_revised_does_not_date_the_event(sentence: str) -> None:
    ex = next(
        extract_documents(
            [
                Document(
                    id="t",
                    source="t",
                    text="Rebels attacked an army post near Dessie on Saturday. " + sentence,
                    published=PubDate(dt.date(2029, 3, 14), "day", "manifest"),
                    language="en",
                    outlet="reuters",
                )
            ]
        )
    )
    by_id = {m.id: m for m in ex.mentions}
    dates = {by_id[c.mention_id].date.start for c in ex.claims if c.value_best == 2}
    assert dates == {dt.date(2029, 3, 10)}


def test_a_sentence_naming_only_a_province_takes_the_reports_town_in_it() -> None:
    text = (
        "Insurgents attacked Montepuez on Monday, killing five Mozambican soldiers, the army said. "
        "A roadside bomb killed three more soldiers in Cabo Delgado province on Monday, police said."
    )
    ex = _one(text)
    places = [[p.name for p in m.places] for m in ex.mentions if m.event_type != "Statement"]  # type: ignore[attr-defined]
    assert ["Montepuez", "Cabo Delgado"] in places
    # a town of another province is another place: the province stays the sentence's own
    other = text.replace("Montepuez", "Marrupa")
    places = [[p.name for p in m.places] for m in _one(other).mentions if m.event_type != "Statement"]  # type: ignore[attr-defined]
    assert ["Cabo Delgado"] in places and ["Marrupa", "Cabo Delgado"] not in places


def test_an_armed_groups_soldiers_are_those_of_the_state_the_report_is_about() -> None:
    # the claimant is the parent movement, whose foe in the reference data fights another war:
    # the soldiers it says it killed are those of the state this report's fighting is about
    text = (
        "Fighters attacked an army base in Mozambique's Cabo Delgado province on Tuesday, killing "
        "3 Mozambican soldiers, officials said. Islamic State's Amaq news agency said the group's "
        "fighters had killed 14 soldiers. The army blamed the Islamic State Mozambique Province."
    )
    sides = {(c.kind, c.value_low, c.side_affected) for c in _one(text).claims}  # type: ignore[attr-defined]
    assert ("killed", 14, "MZ") in sides


def test_a_report_naming_only_places_gives_its_police_their_state() -> None:
    # no country is named: the town's state is whose police confirm the toll
    text = "Gunmen killed farmers near Montepuez on Saturday. Police had on Saturday confirmed nine deaths."
    assert ("killed", "MZ", 9, "MZ-GOV") in _claims(text)


def test_a_report_naming_only_an_armed_group_and_places_gives_the_army_the_groups_foe() -> None:
    # the state is named by no word, only by where its camp lies: its general staff speaks for it
    text = (
        "Fighters of the JNIM attacked an army camp near Douentza on Sunday. "
        "The General Staff of the Armed Forces reported two soldiers killed and six wounded."
    )
    claims = _claims(text)
    assert ("killed", "ML", 2, "ML-ARMY") in claims and ("wounded", "ML", 6, "ML-ARMY") in claims


@pytest.mark.parametrize(
    "phrase",
    [
        "paid the supreme price",
        "paid the ultimate price",
        "made the supreme sacrifice",
        "laid down their lives",
    ],
)
def test_a_communiques_euphemism_for_its_dead_is_a_killed_figure(phrase: str) -> None:
    lead = "Troops repelled an attack on a base near Montepuez, Mozambique, on Saturday."
    text = f"{lead} Four soldiers {phrase}."
    assert ("killed", "MZ", 4, "outlet:reuters") in _claims(text)


def _aligned(text: str, side: str, country: str) -> set[tuple[str, str, int | None]]:
    """Claims (kind, side affected, low) of one report by an outlet that carries ``side``'s word."""
    doc = Document(
        id="a", source="a", text=text, published=PUB, language="en", outlet="Front press office",
        outlet_country=country, outlet_alignment=side,
    )  # fmt: skip
    return {(c.kind, c.side_affected, c.value_low) for c in next(extract_documents([doc])).claims}


def test_a_communiques_toll_by_side_names_whose_dead_they_are() -> None:
    text = (
        "On Sunday, fighters of the JNIM attacked the army camp at Douentza, Mali. "
        "On the terrorist side, 40 were neutralised. On the friendly side, two soldiers were killed."
    )
    claims = _aligned(text, "ML", "ML")
    assert ("killed", "JNIM", 40) in claims and ("killed", "ML", 2) in claims


def test_casualties_among_the_enemy_troops_are_the_speakers_foes() -> None:
    text = (
        "On Tuesday, a unit of our front attacked an army base in rural Arauquita, Colombia. "
        "The action caused seven casualties among the enemy troops."
    )
    assert ("casualties", "CO", 7) in _aligned(text, "ELN", "CO")


@pytest.mark.parametrize(
    "status",
    [
        "were still unaccounted for on Monday morning",
        "were still missing on Monday",
        "were still in hospital on Monday",
    ],
)
def test_the_day_a_state_is_told_to_hold_dates_no_event(status: str) -> None:
    # the camp was attacked on Sunday; Monday is when the soldiers were still missing
    lead = "Jihadists attacked the army camp at Douentza, Mali, on Sunday."
    text = f"{lead} Five soldiers {status}, an official said."
    ex = _one(text)
    days = {m.date.start for m in ex.mentions if m.event_type != "Statement"}  # type: ignore[attr-defined]
    assert days == {dt.date(2025, 3, 9)}


def test_a_province_only_sentence_takes_the_town_the_next_sentence_places_it_by() -> None:
    text = (
        "Insurgents attacked an army base in Mozambique's Cabo Delgado province on Tuesday, "
        "killing two soldiers, the army said. The base, in a rural area near Montepuez, protects a road."
    )
    places = [[p.name for p in m.places] for m in _one(text).mentions if m.event_type != "Statement"]  # type: ignore[attr-defined]
    assert places == [["Montepuez", "Cabo Delgado"]]
