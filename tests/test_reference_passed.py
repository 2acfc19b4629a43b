"""Reference data is passed in (issue 13): a user's outlet file given to reconciliation, the
report and the web workspace changes the outlet they show; without it they show the bundled
data's view. The outlet, its name and its alignment are invented here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.api import extract
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.reconcile import build_incidents, update_incidents
from ceasefire.reference import load_reference
from ceasefire.report import build_card, build_report
from ceasefire.settings import Settings
from ceasefire.store import Store
from ceasefire.web.context import WebContext

OUTLET = "zz-hillside-gazette"
NAME = "The Hillside Gazette"
REPORT = (
    "Artillery shelling killed three soldiers near the village of Hillside on Monday, "
    "the defence ministry said in a statement.\n"
)


@pytest.fixture(scope="module")
def outlet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ref") / "outlets.json"
    entry = {"id": OUTLET, "name": NAME, "country": "XA", "alignment": "XA", "state_owned": True}
    path.write_text(json.dumps({"outlets": [entry]}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("docs")
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    st = Store(str(folder / "s.db"))
    ingest_sources([str(folder / "report.txt")], store=st, settings=Settings(), outlet=OUTLET)
    extract(store=st, settings=Settings(jobs=1))
    return st


def test_the_bundled_data_does_not_know_the_invented_outlet() -> None:
    assert load_reference().outlets.get(OUTLET) is None


def test_reconciliation_takes_the_outlet_from_the_reference_it_is_given(
    store: Store, outlet_file: Path
) -> None:
    ref = load_reference((), (str(outlet_file),))
    update_incidents(store, reference=ref)
    incidents = build_incidents(store, reference=ref)
    assert incidents, "the report should make an incident"
    source = incidents[0].sources[0]
    assert (source.outlet, source.alignment, source.state_owned) == (OUTLET, "XA", True)
    bundled = build_incidents(store, reference=load_reference())[0].sources[0]
    assert (bundled.alignment, bundled.state_owned) == ("", False)


def test_the_report_and_card_name_the_outlet_from_the_reference_they_are_given(
    store: Store, outlet_file: Path
) -> None:
    ref = load_reference((), (str(outlet_file),))
    incidents = build_incidents(store, reference=ref)
    card = build_card(incidents[0], reference=ref)
    assert card.sources[0].outlet_name == NAME
    assert "aligned with XA" in card.sources[0].lean
    report = build_report(incidents, reference=ref)
    assert [o.name for o in report.outlets] == [NAME]
    assert build_card(incidents[0], reference=load_reference()).sources[0].outlet_name == OUTLET


def test_the_web_workspace_uses_the_settings_outlet_files(store: Store, outlet_file: Path) -> None:
    ctx = WebContext(store, Settings(outlets_files=(str(outlet_file),)), read_only=True, token=None)
    card = ctx.snapshot().cards[0]
    assert (card.sources[0].outlet_name, card.sources[0].alignment) == (NAME, "XA")
    plain = WebContext(store, Settings(), read_only=True, token=None).snapshot().cards[0]
    assert (plain.sources[0].outlet_name, plain.sources[0].alignment) == (OUTLET, "")


def test_extraction_takes_the_outlets_side_from_the_reference_it_is_given(outlet_file: Path) -> None:
    """A claim in the outlet's own voice is the outlet's side's claim: the side comes from the
    outlet registry of the reference data extraction is handed."""
    import datetime as dt

    from ceasefire.extract.run import extract_documents
    from ceasefire.records import Document, PubDate

    doc = Document(
        id="own-voice",
        source="own.txt",
        text="Artillery shelling killed three soldiers near the village of Hillside on Monday.\n",
        outlet=OUTLET,
        language="en",
        published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
    )
    ref = load_reference((), (str(outlet_file),))
    (with_file,) = extract_documents([doc], reference=ref)
    (bundled,) = extract_documents([doc], reference=load_reference())
    assert with_file.claims and {c.claimant_side for c in with_file.claims} == {"XA"}
    assert {c.claimant_side for c in bundled.claims} == {""}


def test_exports_name_the_outlet_from_the_reference_they_are_given(
    store: Store, outlet_file: Path, tmp_path: Path
) -> None:
    import csv

    from ceasefire.export import export

    ref = load_reference((), (str(outlet_file),))
    incidents = build_incidents(store, reference=ref)
    for fmt in ("claims-csv", "json"):
        export(incidents, fmt, tmp_path / f"with.{fmt}", reference=ref)
        export(incidents, fmt, tmp_path / f"without.{fmt}", reference=load_reference())
    with (tmp_path / "with.claims-csv").open(encoding="utf-8") as fh:
        assert {r["outlet"] for r in csv.DictReader(fh)} == {NAME}
    with (tmp_path / "without.claims-csv").open(encoding="utf-8") as fh:
        assert {r["outlet"] for r in csv.DictReader(fh)} == {OUTLET}
    exported = json.loads((tmp_path / "with.json").read_text(encoding="utf-8"))
    assert exported["incidents"][0]["sources"][0]["outlet_name"] == NAME
