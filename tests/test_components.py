"""The extraction pipeline's components, one per fact kind: each is initialised with a small
in-memory reference (two fictional parties, Valdoria and Tolvaria, and one village) and leaves
what it finds on ``doc.spans`` and ``doc._.cf_*``.

Every sentence here is written for these tests; the parties, places and people are invented.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib.resources import files

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ceasefire.extract import components  # noqa: F401  (registers the factories)
from ceasefire.extract.actors import Actor, ActorIndex
from ceasefire.extract.assemble import DocContext
from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.ingest.outlets import OutletRegistry
from ceasefire.pipeline import FACT_COMPONENTS, build_nlp
from ceasefire.reference import Reference

PUB = dt.date(2031, 5, 14)  # a Wednesday


def _reference(*, parties: bool = True) -> Reference:
    """Two parties at war, their defence ministries and one village; or nobody (``parties=False``)."""
    actors = [
        Actor(
            "XV-MOD",
            "Valdorian Defence Ministry",
            "XV",
            "ministry",
            1,
            "",
            ("Valdorian defence ministry",),
            None,
            "MOD",
        ),
        Actor(
            "XT-MOD",
            "Tolvarian Defence Ministry",
            "XT",
            "ministry",
            1,
            "",
            ("Tolvarian defence ministry",),
            None,
            "MOD",
        ),
    ]
    rules = {
        "demonyms": {"Valdorian": "XV", "Tolvarian": "XT"},
        "countries": {"Valdoria": "XV", "Tolvaria": "XT"},
        "dyads": {"XV": ["XT"], "XT": ["XV"]},
        "roles": [{"role": "MOD", "patterns": ["defence ministry"]}],
    }
    village = {
        "name": "Brenkovo",
        "alternate_names": "",
        "country": "XT",
        "admin1": "Upper March",
        "latitude": "40.5",
        "longitude": "45.5",
        "feature": "village",
        "precision": "exact",
        "source": "invented for a test",
    }
    return Reference(
        actors=ActorIndex(actors if parties else [], rules if parties else {}),
        gazetteer=Gazetteer.load([], extra_rows=[village] if parties else []),
        outlets=OutletRegistry.load(()),
        version="test",
    )


@pytest.fixture(scope="module")
def small() -> Reference:
    return _reference()


@pytest.fixture(scope="module")
def nobody() -> Reference:
    return _reference(parties=False)


def _blank(names: list[str], reference: Reference) -> Language:
    """A pipeline without the model (sentences from the sentencizer): the components that read
    no parse."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in names:
        nlp.add_pipe(name).initialize(nlp=nlp, reference=reference)
    return nlp


def _run(nlp: Language, text: str, names: tuple[str, ...] | None = None) -> Doc:
    """The pipeline over ``text`` with a publication date, up to and including ``names``."""
    doc = nlp.make_doc(text)
    doc._.cf_context = DocContext(document_id="t", published=PUB, pub_precision="day")
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if names and name == names[-1]:
            break
    return doc


@pytest.fixture()
def parsed(small: Reference) -> Iterator[Language]:
    """The full pipeline initialised with the small reference; the data in force afterwards."""
    yield build_nlp(reference=small)
    build_nlp()


def _labels(doc: Doc, key: str) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in doc.spans[key]]


def test_pipe_names_list_one_component_per_fact_kind() -> None:
    names = build_nlp().pipe_names
    assert names[0] == "ceasefire_select"
    assert names[1:] == list(FACT_COMPONENTS)
    for kind in ("dates", "figures", "actors", "places", "events", "claimants", "framing", "assemble"):
        assert f"ceasefire_{kind}" in names


def test_a_component_used_before_initialize_says_so() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ceasefire_actors")
    with pytest.raises(RuntimeError, match="not initialised"):
        nlp("Valdorian troops advanced.")
    with pytest.raises(ValueError, match="reference"):
        nlp.get_pipe("ceasefire_actors").initialize(nlp=nlp)


def test_actors_finds_the_parties_of_its_reference(small: Reference, nobody: Reference) -> None:
    text = "Valdorian artillery shelled positions in Tolvaria overnight."
    doc = _run(_blank(["ceasefire_actors"], small), text)
    assert _labels(doc, "cf_actors") == [("Valdorian", "XV"), ("Tolvaria", "XT")]
    assert doc._.cf_sides == (("XV", "XT"),)
    # the same component initialised with a reference that knows no party finds none
    doc = _run(_blank(["ceasefire_actors"], nobody), text)
    assert _labels(doc, "cf_actors") == []
    assert doc._.cf_sides == ((),)


def test_figures_counts_and_kinds(small: Reference) -> None:
    doc = _run(_blank(["ceasefire_figures"], small), "Three soldiers were killed and two were wounded.")
    (figs,) = doc._.cf_figures
    assert [(f.kind, f.best) for f in figs] == [("killed", 3), ("wounded", 2)]
    assert [label for _t, label in _labels(doc, "cf_figures")] == ["killed", "wounded"]


def test_figures_count_the_people_its_reference_names(small: Reference, nobody: Reference) -> None:
    # "died": before "were", a counted capitalised name is people whatever the reference says
    text = "Twelve Tolvarians died in the raid."
    (figs,) = _run(_blank(["ceasefire_figures"], small), text)._.cf_figures
    assert [(f.kind, f.best, f.subject) for f in figs] == [("killed", 12, "Tolvarians")]
    (none,) = _run(_blank(["ceasefire_figures"], nobody), text)._.cf_figures
    assert [f.subject for f in none] != ["Tolvarians"]


def test_dates_resolve_against_the_publication_date(small: Reference) -> None:
    doc = _run(_blank(["ceasefire_dates"], small), "Fighting broke out on Monday near the border.")
    (dates,) = doc._.cf_dates
    assert [(m.text, m.value.start, m.value.precision) for m in dates] == [
        ("Monday", dt.date(2031, 5, 12), "day")
    ]
    assert _labels(doc, "cf_dates") == [("Monday", "day")]


def test_events_types_and_hedges(small: Reference) -> None:
    nlp = _blank(["ceasefire_figures", "ceasefire_events"], small)
    doc = _run(nlp, "Tolvarian artillery reportedly shelled a fuel depot. The ministry denied the claim.")
    strike, denial = doc._.cf_events
    assert strike.kinetic is not None and strike.kinetic.event_type != "Statement"
    assert strike.hedge == "reportedly"
    assert denial.statement is not None and denial.statement.sub_event_type == "deny"
    assert ("denied", "deny") in _labels(doc, "cf_events")


def test_framing_finds_the_terms_of_its_lexicon(small: Reference) -> None:
    raw = json.loads((files("ceasefire") / "data" / "lexicons" / "framing.json").read_text("utf-8"))
    term = raw["terms"][0]
    doc = _run(_blank(["ceasefire_framing"], small), f"Officials called the shooting a {term['term']} again.")
    assert [(h.term, h.category) for h in doc._.cf_framing] == [(term["term"], term["category"])]
    assert _labels(doc, "cf_framing") == [(term["term"], term["category"])]


def test_places_resolve_in_the_reference_gazetteer(parsed: Language) -> None:
    doc = _run(parsed, "Tolvarian officials said shells hit Brenkovo on Monday.", ("ceasefire_places",))
    assert [(p.surface, p.place.country, p.place.admin1) for p in doc._.cf_places] == [
        ("Brenkovo", "XT", "Upper March")
    ]
    assert _labels(doc, "cf_places") == [("Brenkovo", "XT")]


def test_claimants_resolve_the_speaker_and_the_parties(parsed: Language) -> None:
    text = "Two Valdorian soldiers were killed in Tolvarian shelling, the Valdorian defence ministry said."
    doc = _run(parsed, text, ("ceasefire_claimants",))
    ((speaker, quoted_by),) = doc._.cf_speakers
    assert speaker is not None and (speaker.actor_id, speaker.side) == ("XV-MOD", "XV")
    assert quoted_by is None
    assert doc._.cf_parties == {"XV": "XT", "XT": "XV"}
    assert [label for _t, label in _labels(doc, "cf_claimants")] == ["XV-MOD"]


def test_assembly_turns_the_components_results_into_claims(parsed: Language) -> None:
    text = (
        "Two Valdorian soldiers were killed in Tolvarian shelling near Brenkovo on Monday, "
        "the Valdorian defence ministry said."
    )
    doc = _run(parsed, text)
    ex = doc._.cf_extraction
    assert ex.status == "ok"
    (claim,) = ex.claims
    assert (claim.claimant, claim.kind, claim.side_affected, claim.value_best) == (
        "XV-MOD",
        "killed",
        "XV",
        2,
    )
    (mention,) = ex.mentions
    assert [p.name for p in mention.places] == ["Brenkovo"]
    assert mention.date.start == dt.date(2031, 5, 12)


def test_a_failing_component_makes_an_error_extraction_not_a_crash(parsed: Language) -> None:
    doc = parsed.make_doc("Three soldiers were killed on Monday.")
    doc._.cf_context = DocContext(document_id="t", published=PUB, pub_precision="day")
    doc._.cf_error = "ValueError: broken on purpose"
    for _name, proc in parsed.pipeline:
        doc = proc(doc)
    assert (doc._.cf_extraction.status, doc._.cf_extraction.reason) == (
        "error",
        "ValueError: broken on purpose",
    )


def test_places_read_their_words_from_the_reference_lexicons(small: Reference) -> None:
    from dataclasses import replace

    from ceasefire.extract.lexicons import Lexicons, load

    text = "Tolvarian officials said shells hit Brenkovo district on Monday."
    bundled = build_nlp(reference=small)
    (hit,) = _run(bundled, text, ("ceasefire_places",))._.cf_places
    assert hit.surface == "Brenkovo district"  # a feature word of places.json: part of the name
    words = dict(load("places"), feature_words=[])
    try:
        without = build_nlp(reference=replace(small, lexicons=Lexicons({"places": words})))
        (hit,) = _run(without, text, ("ceasefire_places",))._.cf_places
        assert hit.surface == "Brenkovo"
    finally:
        build_nlp()


def test_a_place_romanised_otherwise_is_found_unless_two_places_are_spelled_alike(small: Reference) -> None:
    from dataclasses import replace

    def village(name: str, lat: float) -> dict[str, str]:
        return {
            "name": name, "alternate_names": "", "country": "XT", "admin1": "Upper March",
            "latitude": str(lat), "longitude": "45.5", "feature": "village", "precision": "exact",
            "source": "invented for a test",
        }  # fmt: skip

    rows = [village("Qorzhavend", 40.5), village("Belinovo", 40.9), village("Bellinovo", 41.4)]
    nlp = build_nlp(reference=replace(small, gazetteer=Gazetteer.load([], extra_rows=rows)))
    try:
        text = "Tolvarian officials said shells hit Qorjavend and Belinnovo on Monday."
        doc = _run(nlp, text, ("ceasefire_places",))
        # "Qorjavend" is the gazetteer's Qorzhavend; "Belinnovo" could be either of two villages
        assert [(p.surface, p.place.name) for p in doc._.cf_places] == [("Qorjavend", "Qorzhavend")]
    finally:
        build_nlp()
