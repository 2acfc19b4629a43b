"""Who claims a figure, on conflicts the rules were not tuned on: each test is an invented report
of one error class (see the commit that added it), and fails without its rule."""

from __future__ import annotations

import datetime as dt

from ceasefire.extract.actors import defined_acronyms
from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, PubDate
from ceasefire.reference import resolve

PUB = PubDate(dt.date(2025, 2, 3), "day", "manifest")


def _claims(text: str, outlet: str = "reuters") -> set[tuple[str, str, int | None, str, str]]:
    doc = Document(id="c", source="c", text=text, published=PUB, language="en", outlet=outlet)
    ex = next(extract_documents([doc]))
    return {(c.kind, c.side_affected, c.value_low, c.claimant, c.claimant_side) for c in ex.claims}


# -- short names a report defines ----------------------------------------------------------------


def test_an_acronym_defined_after_a_known_name_names_that_actor_in_the_report() -> None:
    actors = resolve(None).actors
    text = "Fighters of the Kachin Independence Army (KIA) surrounded the town of Mansi."
    assert defined_acronyms(text, actors) == {"KIA": "KIA"}
    # letters that do not spell the name's initials define nothing
    assert defined_acronyms("the Kachin Independence Army (XYZ)", actors) == {}


def test_a_speaker_and_victims_named_by_a_defined_acronym() -> None:
    text = (
        "Fighters of the Kachin Independence Army (KIA) surrounded the town of Mansi on Sunday.\n\n"
        "A KIA spokesman said 14 Myanmar soldiers were captured in the fighting near Mansi.\n\n"
        "Military television said nine KIA fighters were killed in the clashes near Mansi on Sunday."
    )
    got = _claims(text)
    assert ("captured", "MM", 14, "KIA", "KIA") in got
    assert any(k == "killed" and side == "KIA" and low == 9 for k, side, low, _c, _s in got)
