"""A report's sentences continue one another: an undated sentence tells of the time and the place
the report was telling of, not of the history it closes on. Invented reports, each failing
without the rule it names."""

from __future__ import annotations

import datetime as dt

import pytest

from ceasefire.extract.events import kinetic_type
from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, Extraction, PubDate

PUB = PubDate(dt.date(2029, 3, 12), "day", "manifest")


def _extract(text: str) -> Extraction:
    doc = Document(id="c", source="c", text=text, published=PUB, language="en", outlet="reuters")
    return next(extract_documents([doc]))


def _mention_of(ex: Extraction, words: str):  # type: ignore[no-untyped-def]
    return next(m for m in ex.mentions if words in m.evidence.text and m.event_type != "Statement")


def test_an_undated_sentence_takes_the_reports_first_dated_violence_not_an_older_day_it_retells() -> None:
    # the report leads with the night of 9-10 March and closes on fighting of 3 March: a
    # sentence of its own paragraph that names no day tells of the lead's night
    ex = _extract(
        "Artillery shelled Dessie on the night of March 9-10, the regional government said.\n\n"
        "The shelling was heaviest near the market. A soldier was wounded when rebels attacked a "
        "checkpoint outside the town, the army said.\n\n"
        "On March 3, shelling also hit Kombolcha, officials said at the time."
    )
    wounded = _mention_of(ex, "A soldier was wounded")
    assert wounded.date.start == dt.date(2029, 3, 9)


def test_a_placeless_sentence_continues_the_place_of_the_sentence_before_it() -> None:
    # the sentence before is the spokesman's accusation (a statement, no event of its own); the
    # strike it tells of is the next sentence's, not the clash the report told of first
    ex = _extract(
        "Rebels shelled army positions near Gondar on Monday, the army said.\n\n"
        "The rebels' spokesman accused the army of killing civilians in Dessie, where a drone "
        "struck a crowded market on Monday. Eleven civilians were killed in the strike, he said."
    )
    killed = _mention_of(ex, "Eleven civilians were killed")
    assert [p.name for p in killed.places] == ["Dessie"]


@pytest.mark.parametrize(
    "text",
    [
        "Rebels shelled army positions on Monday and said the claims of the Dessie authorities were false.",
        "Rebels shelled army positions on Monday, and Dessie's administration said four soldiers died.",
    ],
)
def test_a_town_standing_for_the_government_seated_there_is_no_place_of_the_violence(text: str) -> None:
    assert all(p.name != "Dessie" for m in _extract(text).mentions for p in m.places)


def test_a_town_whose_officials_speak_stays_a_place() -> None:
    ex = _extract("Shelling killed four people on Monday, Dessie officials said.")
    assert any(p.name == "Dessie" for m in ex.mentions for p in m.places)


@pytest.mark.parametrize(
    "text",
    [
        "Our forces struck the military positions that the army had set up inside the camp.",
        "Rebel units destroyed three army posts overnight, a commander said.",
        'The group said its fighters had carried out "a successful operation" against positions of the army.',
        "Militants targeted a Valdorian outpost near the border overnight.",
    ],
)
def test_forces_striking_positions_is_fighting(text: str) -> None:
    assert kinetic_type(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "The negotiators struck a deal on positions to be held by monitors.",
        "The two sides struck a compromise over positions along the river.",
        "The ministry's operations against corruption in border posts were reviewed.",
        "Prices hit a post-war high on Monday.",
    ],
)
def test_a_deal_struck_over_positions_is_no_fighting(text: str) -> None:
    assert kinetic_type(text) is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the day before the verb dates the statement; the strike it tells of came the night before
        ("State media on Tuesday said an air strike had killed nine villagers near Dessie.", None),
        ("Officials on Tuesday told reporters that shelling killed nine villagers near Dessie.", None),
        # a day that opens the sentence, or one the verb does not follow, is the event's
        ("On Tuesday, shelling killed nine villagers near Dessie, officials said.", dt.date(2029, 3, 6)),
        ("Shelling on Tuesday killed nine villagers near Dessie, officials said.", dt.date(2029, 3, 6)),
    ],
)
def test_a_day_right_before_a_reporting_verb_dates_the_report_not_the_violence(
    text: str, day: dt.date | None
) -> None:
    ex = _extract(text)
    event = next(m for m in ex.mentions if m.event_type != "Statement")
    assert event.date.start == day


def test_a_date_in_a_clause_describing_a_noun_dates_that_thing_not_the_event() -> None:
    ex = _extract(
        "Rebels attacked army posts near Dessie on Monday, the army said.\n\n"
        "In a statement issued on Tuesday evening, the army said its troops killed 40 rebels."
    )
    killed = _mention_of(ex, "killed 40 rebels")
    assert killed.date.start == dt.date(2029, 3, 12)  # Monday's fighting, not Tuesday's statement
    # a year that dates a line, a treaty or a border drawn long ago does not make the news history
    ex = _extract(
        "Two militants were killed trying to cross the border, a ceasefire line agreed in 1972, "
        "the army said on Monday."
    )
    assert not _mention_of(ex, "militants were killed").background
    assert [c.value_best for c in ex.claims] == [2]
