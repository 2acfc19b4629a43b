"""Records own their shape: each record's field map round-trips through every form and format.

object -> to_dict(form) -> from_dict -> the same object, for every record and form; object ->
store -> object; object -> each export -> its usual reader (pandas for CSV and Parquet, json for
JSON and GeoJSON) -> the same values; and the store's tables have exactly the maps' columns.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ceasefire.export import export
from ceasefire.export.claims import claim_rows
from ceasefire.records import (
    CLAIM,
    CLAIM_ROW,
    DOCUMENT,
    ESTIMATE,
    INCIDENT,
    LOCATION_FIELDS,
    MENTION,
    PLACE,
    REJECTED,
    SOURCE,
    Claim,
    DateValue,
    Document,
    Evidence,
    FieldMap,
    Incident,
    Mention,
    Place,
    PubDate,
    Rejected,
)
from ceasefire.store import Store, open_store, schema
from tests.test_export import TRICKY, _disputed, _statement, _undated

HILLTOP = Place("Hilltop", "XV", "", 50.25, 14.5, "village", "exact", None)
RIVERSIDE = Place("Riverside", "XG", "Lower Province", 49.75, 15.125, "town", "exact", 4242)


def _document(**over: Any) -> Document:
    base = Document(
        id="d1",
        source="reports/a.txt",
        text="Valdoria's defence ministry said three soldiers were killed in Hilltop yesterday.",
        title="Clash at Hilltop",
        outlet="valdoria-today",
        outlet_method="manifest",
        outlet_country="XV",
        outlet_alignment="XV",
        published=PubDate(dt.date(2024, 3, 1), "month", "metadata", "date", None, None),
        language="en",
        language_score=0.99,
        kind="text",
        encoding="utf-8",
        ingested_at="2024-03-05T10:00:00Z",
    )
    return dataclasses.replace(base, **over)


def _mention(**over: Any) -> Mention:
    base = Mention(
        id="m1",
        document_id="d1",
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Graustark forces",
        actor1_side="XG",
        actor2="",  # absent
        actor2_side="",
        claimant="XV-MOD",
        claimant_side="XV",
        date=DateValue(dt.date(2024, 3, 4), dt.date(2024, 3, 4), "day", "yesterday", True, ""),
        places=(HILLTOP, RIVERSIDE),
        evidence=Evidence("d1", 0, 81, "Valdoria's defence ministry said three soldiers were killed."),
        hedge="",
    )
    return dataclasses.replace(base, **over)


def _claim(**over: Any) -> Claim:
    base = Claim(
        id="c1",
        document_id="d1",
        mention_id="m1",
        claimant="XV-MOD",
        claimant_side="XV",
        kind="killed",
        side_affected="XV",
        value_low=3,
        value_best=None,  # "at least three": no best figure
        value_high=None,
        evidence=Evidence("d1", 0, 81, 'He said: "3 killed";\n<b>x</b>'),
        made_on=dt.date(2024, 3, 5),
    )
    return dataclasses.replace(base, **over)


RECORDS: list[tuple[FieldMap[Any], Any]] = [
    (DOCUMENT, _document()),
    (DOCUMENT, _document(published=PubDate.unknown("no date"), title="", url="")),
    (MENTION, _mention()),
    (MENTION, _mention(date=DateValue(None, None, "unknown"), places=())),
    (CLAIM, _claim()),
    (CLAIM, _claim(claimant="", made_on=None, value_best=3, value_high=5)),
    (PLACE, HILLTOP),
    (PLACE, RIVERSIDE),
    (REJECTED, Rejected("x.bin", "binary", "", None, "2024-03-05T10:00:00Z")),
    (REJECTED, Rejected("rows.csv", "malformed", "stray quote", 7, "")),
]


@pytest.mark.parametrize("form", ["json", "store", "arrow"])
@pytest.mark.parametrize(("fmap", "obj"), RECORDS, ids=lambda x: type(x).__name__)
def test_every_record_round_trips_through_every_form(fmap: FieldMap[Any], obj: Any, form: str) -> None:
    row = fmap.to_dict(obj, form)  # type: ignore[arg-type]
    assert list(row) == list(fmap.names)
    assert fmap.from_dict(row) == obj
    if form != "store":
        json.dumps(row, default=str)  # plain values only


def test_an_unknown_publication_date_is_null_in_the_store_so_it_sorts_last() -> None:
    assert DOCUMENT.to_dict(_document(published=PubDate.unknown()), "store")["published"] is None
    store = open_store("sqlite:///:memory:")
    undated = _document(id="d0", published=PubDate.unknown())
    dated = _document(id="d9")
    store.add_document(undated)
    store.add_document(dated)
    assert [d.id for d in store.documents()] == ["d9", "d0"]


def test_absent_values_are_null_except_in_the_stores_not_null_text_columns() -> None:
    m = _mention()
    assert MENTION.to_dict(m)["actor2"] is None and MENTION.to_dict(m, "store")["actor2"] == ""
    assert MENTION.to_dict(m)["hedge"] is None
    c = _claim(made_on=None)
    assert CLAIM.to_dict(c)["made_on"] is None and CLAIM.to_dict(c, "store")["made_on"] is None
    assert CLAIM.to_dict(c, "arrow")["value_best"] is None


def test_the_store_tables_have_exactly_the_maps_columns() -> None:
    extra = {"documents": {"minhash"}}
    for table, fmap in ((schema.documents, DOCUMENT), (schema.mentions, MENTION), (schema.claims, CLAIM)):
        assert {c.name for c in table.columns} - extra.get(table.name, set()) == set(fmap.names)


def test_records_round_trip_through_the_store(store: Store) -> None:
    from ceasefire.records import Extraction

    doc = _document()
    assert store.add_document(doc)
    mention, claim = _mention(), _claim()
    store.save_extraction(Extraction("d1", (mention,), (claim,), (), "ok"), "v-test")
    assert store.get_document("d1") == doc
    assert store.mentions() == [mention]
    assert store.mentions()[0].date.relative is True  # the flag the store used to lose
    assert store.claims() == [claim]


# --- exports read back by their usual readers --------------------------------------------------


@pytest.fixture
def incidents() -> list[Incident]:
    disputed = _disputed()
    first, *rest = disputed.claims  # one claim revised by a later one of its claimant
    revised = dataclasses.replace(first, superseded_by=rest[0].claim.id)
    return [_statement(), _undated(), dataclasses.replace(disputed, claims=(revised, *rest))]


def _expected_claims(incidents: list[Incident]) -> list[dict[str, Any]]:
    return [CLAIM_ROW.values(CLAIM_ROW.to_dict(r)) for r in claim_rows(incidents)]


def test_claims_csv_and_parquet_read_back_as_the_claims_table(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    import pandas as pd

    want = _expected_claims(incidents)
    export(incidents, "claims-csv", tmp_path / "claims.csv")
    export(incidents, "parquet", tmp_path / "incidents.parquet")
    from_csv = pd.read_csv(tmp_path / "claims.csv").to_dict("records")
    from_parquet = pd.read_parquet(tmp_path / "claims.parquet").to_dict("records")
    assert [CLAIM_ROW.values(r) for r in from_csv] == want
    assert [CLAIM_ROW.values(r) for r in from_parquet] == want
    assert any(r["quote"] == TRICKY for r in want)


def test_superseded_by_is_null_alike_in_claims_csv_and_parquet(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    """The question an analyst asks, ``superseded_by IS NULL``, has one answer in both files."""
    import pandas as pd

    export(incidents, "claims-csv", tmp_path / "claims.csv")
    export(incidents, "parquet", tmp_path / "incidents.parquet")
    csv_null = pd.read_csv(tmp_path / "claims.csv")["superseded_by"].isna()
    parquet_null = pd.read_parquet(tmp_path / "claims.parquet")["superseded_by"].isna()
    assert csv_null.tolist() == parquet_null.tolist()
    assert 0 < int(parquet_null.sum()) < len(parquet_null)  # both kinds of row are present
    with (tmp_path / "claims.csv").open(encoding="utf-8") as fh:
        assert all(r["superseded_by"] != "None" for r in csv.DictReader(fh))


def test_json_export_reads_back_as_the_records_maps(tmp_path: Path, incidents: list[Incident]) -> None:
    export(incidents, "json", tmp_path / "i.json")
    doc = json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))
    by_id = {i["id"]: i for i in doc["incidents"]}
    for inc in incidents:
        got = by_id[inc.id]
        flat = INCIDENT.without(*LOCATION_FIELDS)
        assert flat.values(got) == flat.values(flat.to_dict(inc))
        assert tuple(PLACE.from_dict(p) for p in got["places"]) == inc.places
        assert {MENTION.from_dict(m) for m in got["mentions"]} == set(inc.mentions)
        assert sorted(ESTIMATE.from_dict(e) for e in got["estimates"]) == sorted(inc.estimates)
        assert [CLAIM_ROW.values(c) for c in got["claims"]] == [
            {**r, "incident_id": ""} for r in _expected_claims([inc])
        ]
        assert {SOURCE.from_dict(s).document_id for s in got["sources"]} == {
            s.document_id for s in inc.sources
        }
        for c in got["claims"]:
            assert c["superseded_by"] is None or c["superseded_by"]  # null, never ""


def test_geojson_and_incidents_parquet_carry_the_incident_map(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    import pandas as pd

    export(incidents, "geojson", tmp_path / "i.geojson")
    export(incidents, "parquet", tmp_path / "incidents.parquet")
    features = json.loads((tmp_path / "i.geojson").read_text(encoding="utf-8"))["features"]
    rows = {r["id"]: r for r in pd.read_parquet(tmp_path / "incidents.parquet").to_dict("records")}
    for inc in incidents:
        want = INCIDENT.values(INCIDENT.to_dict(inc))
        assert INCIDENT.values(rows[inc.id]) == want
        feat = next((f for f in features if f["id"] == inc.id), None)
        if inc.location is None:
            assert feat is None
            continue
        props = {**feat["properties"], "id": feat["id"]}
        props["longitude"], props["latitude"] = feat["geometry"]["coordinates"]
        props["document_ids"] = props["document_ids"].split("; ") if props["document_ids"] else []
        assert INCIDENT.values(props) == want


def test_the_json_schema_is_what_the_field_maps_make_it() -> None:
    """schema.json keeps its words, but its structure (properties, types, nulls, required) must
    be the field maps': a column added to a map and not to the schema fails here."""
    from ceasefire.export.jsonout import derive_schema, schema

    current = schema()
    assert derive_schema(current) == current
    claim = current["$defs"]["claim"]["properties"]
    assert list(claim) == [n for n in CLAIM_ROW.names if n != "incident_id"]
    assert claim["superseded_by"]["type"] == ["string", "null"]
