"""Exports: ACLED CSV, claims CSV, JSON (against its schema), GeoJSON, Parquet; all byte-stable."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import warnings
from dataclasses import replace
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pytest

from ceasefire.errors import ConfigError
from ceasefire.export import FORMATS, ExportResult, export
from ceasefire.export.acled import ACLED_COLUMNS, acled_rows
from ceasefire.export.claims import CLAIM_COLUMNS
from ceasefire.records import (
    Claim,
    DateValue,
    Estimate,
    Evidence,
    Incident,
    Mention,
    Place,
    ReconciledClaim,
    Source,
)

EXPECTED_ACLED = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
]  # fmt: skip
EXPECTED_CLAIMS = [
    "claim_id", "incident_id", "document_id", "source", "outlet", "claimant", "claimant_side", "kind",
    "side_affected", "value_low", "value_best", "value_high", "status", "quote", "start_char", "end_char",
]  # fmt: skip

# Evidence text that CSV quoting and HTML-unaware readers must carry through untouched.
TRICKY = 'The ministry said: "7 servicemen, 10 wounded";\n<script>alert(1)</script> — end'

SOTK = Place("Sotk", "AM", "Gegharkunik", 40.2001, 45.8695, "village", "exact", 616052)
KALBAJAR = Place("Kalbajar", "AZ", "Kalbajar", 40.1098, 46.0445, "town", "exact", 148565)
KALBAJAR_DISTRICT = Place("Kalbajar District", "AZ", "Kalbajar", 40.1098, 46.0445, "district", "district")
TOVUZ = Place("Tovuz", "AZ", "Tovuz", 40.9925, 45.6284, "town", "exact", 146970)
YEREVAN = Place("Yerevan", "AM", "Yerevan", 40.1811, 44.5136, "city", "exact", 616052)


def _ev(doc: str, start: int, text: str) -> Evidence:
    return Evidence(doc, start, start + len(text), text)


def _claim(
    cid: str, doc: str, start: int, claimant: str, side: str, kind: str, affected: str, value: int, text: str
) -> Claim:
    return Claim(
        id=cid,
        document_id=doc,
        mention_id=f"m-{cid}",
        claimant=claimant,
        claimant_side=side,
        kind=kind,
        side_affected=affected,
        value_low=value,
        value_best=value,
        value_high=value,
        evidence=_ev(doc, start, text),
        made_on=dt.date(2022, 9, 13),
    )


def _mention(mid: str, doc: str, event_type: str, date: DateValue, text: str) -> Mention:
    return Mention(
        id=mid,
        document_id=doc,
        event_type=event_type,
        sub_event_type="Armed clash" if event_type == "Battles" else "accuse",
        actor1="Military Forces of Azerbaijan (2003-)",
        actor1_side="AZ",
        actor2="Military Forces of Armenia (2018-)",
        actor2_side="AM",
        claimant="AZ-MOD",
        claimant_side="AZ",
        date=date,
        places=(SOTK,),
        evidence=_ev(doc, 0, text),
    )


def _disputed() -> Incident:
    day = DateValue(dt.date(2022, 9, 13), dt.date(2022, 9, 13), "day", "on Tuesday")
    claims = (
        ReconciledClaim(
            _claim("c-az-own", "doc-az", 40, "AZ-MOD", "AZ", "killed", "AZ", 7, TRICKY),
            "azertac",
            "AZ-MOD",
            "admitted",
            "a party reports its own losses",
        ),
        ReconciledClaim(
            _claim(
                "c-az-enemy", "doc-az", 5, "AZ-MOD", "AZ", "killed", "AM", 30, "Up to 30 enemy troops died."
            ),
            "azertac",
            "AZ-MOD",
            "disputed",
            "Armenia reports fewer",
        ),
        ReconciledClaim(
            _claim("c-am-own", "doc-am", 12, "AM-MOD", "AM", "killed", "AM", 1, "One soldier was killed."),
            "armenpress",
            "AM-MOD",
            "disputed",
            "Azerbaijan reports more",
        ),
        ReconciledClaim(
            _claim("c-am-cap", "doc-am", 60, "AM-MOD", "AM", "captured", "AM", 13, "13 were captured."),
            "armenpress",
            "AM-MOD",
            "one-sided",
            "only Armenia reports it",
        ),
    )
    return Incident(
        id="inc-disputed",
        kind="event",
        event_type="Battles",
        sub_event_type="Armed clash",
        date_start=dt.date(2022, 9, 13),
        date_end=dt.date(2022, 9, 13),
        date_precision="day",
        date_label="2022-09-13",
        places=(SOTK, KALBAJAR, KALBAJAR_DISTRICT),
        actor1="Military Forces of Azerbaijan (2003-)",
        actor1_side="AZ",
        actor2="Military Forces of Armenia (2018-)",
        actor2_side="AM",
        mentions=(
            _mention("m-az", "doc-az", "Battles", day, "Clashes broke out."),
            _mention("m-am", "doc-am", "Battles", day, "The enemy attacked."),
        ),
        claims=claims,
        estimates=(Estimate("killed", "AM", False, 1, 1, 30, "acled-conservative", "Armenia's own figure"),),
        sources=(
            Source("doc-az", "azertac", "AZ", True, "https://azertac.az/x", "2022-09-13", "Provocation"),
            Source("doc-am", "armenpress", "AM", True, 'data/armenpress, "13".txt', "2022-09-13", "Attack"),
        ),
        fatalities=8,  # each side's own admitted dead: 7 + 1, not the 30 the other side claims
        status="disputed",
        status_why="the sides' figures differ",
        notes="Azerbaijan reported 7 own dead; Armenia reported 1 killed and 13 captured.",
    )


def _undated() -> Incident:
    return Incident(
        id="inc-undated",
        kind="event",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        date_start=None,
        date_end=None,
        date_precision="unknown",
        date_label="date unknown",
        places=(TOVUZ,),
        actor1="Military Forces of Armenia (2018-)",
        actor1_side="AM",
        actor2="Military Forces of Azerbaijan (2003-)",
        actor2_side="AZ",
        mentions=(),
        claims=(),
        estimates=(),
        sources=(Source("doc-x", "trend", "AZ", False, "x.txt", None, ""),),
        fatalities=0,
        status="one-sided",
        status_why="",
        notes="",
    )


def _statement() -> Incident:
    return Incident(
        id="inc-statement",
        kind="statements",
        event_type="Statement",
        sub_event_type="accuse",
        date_start=dt.date(2022, 9, 14),
        date_end=dt.date(2022, 9, 14),
        date_precision="day",
        date_label="2022-09-14",
        places=(),
        actor1="Government of Armenia (2018-)",
        actor1_side="AM",
        actor2="Government of Azerbaijan (2003-)",
        actor2_side="AZ",
        mentions=(),
        claims=(),
        estimates=(),
        sources=(Source("doc-s", "armenpress", "AM", True, "s.txt", "2022-09-14", "Statement"),),
        fatalities=0,
        status="unquantified",
        status_why="",
        notes="",
    )


@pytest.fixture
def incidents() -> list[Incident]:
    return [_statement(), _undated(), _disputed()]


def _read_csv(path: Path) -> Any:
    import pandas as pd

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return pd.read_csv(path, keep_default_na=False, dtype=str)


# --- ACLED CSV ---------------------------------------------------------------------------------


def test_acled_csv_has_exactly_acleds_columns_and_round_trips(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    import pandas as pd

    assert list(ACLED_COLUMNS) == EXPECTED_ACLED
    out = tmp_path / "acled.csv"
    res = export(incidents, "acled-csv", out)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = pd.read_csv(out)
    assert list(df.columns) == EXPECTED_ACLED
    # Kalbajar District restates Kalbajar: two locations, two events
    assert len(df) == res.rows == 2
    assert set(df["location"]) == {"Sotk", "Kalbajar"}
    assert df["event_date"].tolist() == ["2022-09-13", "2022-09-13"]
    assert set(df["time_precision"]) == {1}
    assert set(df["disorder_type"]) == {"Political violence"}
    assert set(df["actor1"]) == {"Military Forces of Azerbaijan (2003-)"}
    assert set(df["actor2"]) == {"Military Forces of Armenia (2018-)"}
    by_loc = df.set_index("location")
    assert by_loc.loc["Sotk", "iso"] == 51 and by_loc.loc["Kalbajar", "iso"] == 31
    assert by_loc.loc["Sotk", "event_id_cnty"].startswith("ARM")
    assert by_loc.loc["Kalbajar", "event_id_cnty"].startswith("AZE")
    assert all(re.fullmatch(r"[A-Z]{3}\d+", e) for e in df["event_id_cnty"])
    assert df["event_id_cnty"].is_unique
    assert set(df["region"]) == {"Caucasus and Central Asia"}
    assert by_loc.loc["Sotk", "latitude"] == pytest.approx(40.2001)
    assert set(df["geo_precision"]) == {1}
    assert set(df["tags"]) == {"disputed"}
    assert set(df["source"]) == {"Armenpress; AzerTac"}
    assert set(df["source_scale"]) == {"National"}
    assert set(df["timestamp"]) == {int(dt.datetime(2022, 9, 13, tzinfo=dt.UTC).timestamp())}
    note = by_loc.loc["Sotk", "notes"]
    assert "13 September 2022" in note and "Sotk" in note
    # both sides' accounts, in words
    assert "Ministry of Defence of Azerbaijan" in note and "Ministry of Defence of Armenia" in note
    assert "13 captured" in note and "30 killed" in note


def test_acled_fatalities_are_the_conservative_figure_split_over_locations(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    rows, _ = acled_rows(incidents)
    assert sum(r.fatalities for r in rows) == 8  # not the 30 one side claims for the other
    assert sorted(r.fatalities for r in rows) == [4, 4]
    injuries_only = replace(_disputed(), fatalities=0, places=(SOTK,))
    rows, _ = acled_rows([injuries_only])
    assert [r.fatalities for r in rows] == [0]


def test_acled_excludes_statements_and_undated_and_reports_them(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    res = export(incidents, "acled-csv", tmp_path / "a.csv")
    text = (tmp_path / "a.csv").read_text(encoding="utf-8")
    assert "Statement" not in text and "accuse" not in text and "Tovuz" not in text
    assert res.skipped == 2
    assert "1 without a known date" in res.note and "1 statements" in res.note
    assert "\n" not in res.note
    # an ACLED event type "Statement" inside a kind=="event" incident is not an event either
    odd = replace(_disputed(), id="odd", event_type="Statement")
    rows, skips = acled_rows([odd])
    assert rows == [] and skips.statements == 1


def test_acled_interaction_is_lowest_first_and_civilians_are_targets() -> None:
    # de facto Karabakh forces (rebels, 2) against Azerbaijan's army (1): 12, not 21
    nk = replace(_disputed(), id="nk", actor1_side="NK", actor2_side="AZ", places=(KALBAJAR,))
    (row,), _ = acled_rows([nk])
    assert (row.inter1, row.inter2, row.interaction) == (2, 1, 12)
    assert row.actor1 == "Military Forces of the Republic of Artsakh"
    vac = replace(
        _disputed(),
        id="vac",
        event_type="Violence against civilians",
        sub_event_type="Attack",
        civilian_targeting=True,
        places=(SOTK,),
    )
    (row,), _ = acled_rows([vac])
    assert (row.inter1, row.inter2, row.interaction) == (1, 7, 17)
    assert row.actor2 == "Civilians (Armenia)" and row.civilian_targeting == "Civilian targeting"
    # a battle in which civilians were hurt is still between armed forces
    battle = replace(_disputed(), id="b", civilian_targeting=True, places=(SOTK,))
    (row,), _ = acled_rows([battle])
    assert row.interaction == 11 and row.civilian_targeting == ""
    # a lone actor: ACLED writes the code followed by 0
    lone = replace(_disputed(), id="lone", actor2="", actor2_side="", places=(SOTK,))
    (row,), _ = acled_rows([lone])
    assert row.interaction == 10 and row.actor2 == ""


def test_acled_time_precision_for_ranges_and_months() -> None:
    week = replace(_disputed(), date_end=dt.date(2022, 9, 15), date_precision="week", places=(SOTK,))
    month = replace(_disputed(), date_start=dt.date(2022, 9, 1), date_precision="month", places=(SOTK,))
    year = replace(_disputed(), date_start=dt.date(2022, 1, 1), date_precision="year", places=(SOTK,))
    rows, skips = acled_rows([week, month, year])
    assert {r.event_date: r.time_precision for r in rows} == {"2022-09-13": 2, "2022-09-01": 3}
    assert skips.unknown_date == 1  # a year is too vague for an ACLED event date


def test_acled_event_ids_are_deterministic_and_follow_the_incident_id() -> None:
    a, _ = acled_rows([_disputed()])
    b, _ = acled_rows([_disputed()])
    c, _ = acled_rows([replace(_disputed(), id="another")])
    assert [r.event_id_cnty for r in a] == [r.event_id_cnty for r in b]
    assert a[0].event_id_cnty != c[0].event_id_cnty


# --- claims CSV --------------------------------------------------------------------------------


def test_claims_csv_columns_and_tricky_text_survives_quoting(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    out = tmp_path / "claims.csv"
    res = export(incidents, "claims-csv", out)
    df = _read_csv(out)
    assert list(df.columns)[: len(EXPECTED_CLAIMS)] == EXPECTED_CLAIMS
    assert list(df.columns) == list(CLAIM_COLUMNS)
    assert res.rows == len(df) == 4
    # sorted by incident, document, start offset, id
    assert df["claim_id"].tolist() == ["c-am-own", "c-am-cap", "c-az-enemy", "c-az-own"]
    row = df.set_index("claim_id").loc["c-az-own"]
    assert row["quote"] == TRICKY
    assert int(row["end_char"]) - int(row["start_char"]) == len(TRICKY)
    assert row["outlet"] == "AzerTac" and row["source"] == "https://azertac.az/x"
    assert df.set_index("claim_id").loc["c-am-own", "source"] == 'data/armenpress, "13".txt'
    # the stdlib csv reader agrees with pandas
    with out.open(encoding="utf-8", newline="") as fh:
        quotes = {r["claim_id"]: r["quote"] for r in csv.DictReader(fh)}
    assert quotes["c-az-own"] == TRICKY


def test_an_absolute_local_source_is_exported_by_its_file_name(tmp_path: Path) -> None:
    """Incidents built from documents that hold absolute paths (an older store, Spark's resolved
    input paths) still export no local path: claims.csv, claims.parquet and the JSON show the name."""
    import pyarrow.parquet as pq

    inc = _disputed()
    local = "/home/analyst/private/dumps/armenpress.jsonl:13"
    inc = replace(
        inc, sources=tuple(replace(s, url=local) if s.document_id == "doc-am" else s for s in inc.sources)
    )
    export([inc], "claims-csv", tmp_path / "c.csv")
    export([inc], "json", tmp_path / "i.json")
    export([inc], "parquet", tmp_path / "incidents.parquet")
    shown = {r["source"] for r in csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8"))}
    assert shown == {"https://azertac.az/x", "armenpress.jsonl:13"}
    urls = {s["url"] for s in json.loads((tmp_path / "i.json").read_text())["incidents"][0]["sources"]}
    assert urls == {"https://azertac.az/x", "armenpress.jsonl:13"}
    assert set(pq.read_table(tmp_path / "claims.parquet").column("source").to_pylist()) == shown
    for f in tmp_path.iterdir():
        if f.suffix != ".parquet":
            assert "/home/" not in f.read_text(encoding="utf-8"), f.name


def test_acled_notes_survive_quoting(tmp_path: Path) -> None:
    inc = replace(_disputed(), places=(SOTK,), sub_event_type='Armed clash, "heavy"\n<script>')
    out = tmp_path / "a.csv"
    export([inc], "acled-csv", out)
    df = _read_csv(out)
    assert df.loc[0, "sub_event_type"] == 'Armed clash, "heavy"\n<script>'


# --- GeoJSON -----------------------------------------------------------------------------------


def test_geojson_loads_in_geopandas_with_points_and_crs(tmp_path: Path, incidents: list[Incident]) -> None:
    import geopandas

    out = tmp_path / "i.geojson"
    res = export(incidents, "geojson", out)
    assert res.rows == 2 and res.skipped == 1  # the statement has no place
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gdf = geopandas.read_file(out)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert len(gdf) == 2 and set(gdf.geometry.geom_type) == {"Point"}
    first = gdf.set_index("id").loc["inc-disputed"]
    assert first.geometry.x == pytest.approx(SOTK.longitude) and first.geometry.y == pytest.approx(
        SOTK.latitude
    )
    assert first["fatalities"] == 8 and first["n_claims"] == 4 and first["n_sources"] == 2
    assert (first["actor1_side"], first["actor2_side"]) == ("AZ", "AM")
    assert first["location"] == "Sotk" and first["status"] == "disputed"
    # the properties are the incident's field map, the columns of incidents.parquet
    for prop in ("date_start", "event_type", "sub_event_type", "actor1", "document_ids"):
        assert prop in gdf.columns
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"
    assert raw["features"][0]["geometry"]["coordinates"] == [SOTK.longitude, SOTK.latitude]


def test_geojson_writes_the_incident_id_once(tmp_path: Path, incidents: list[Incident]) -> None:
    """The id is the Feature's ``id`` only: a property of the same name made GDAL readers (DuckDB,
    GeoPandas) show it twice, as ``id`` and ``id_1``."""
    import pyogrio

    out = tmp_path / "i.geojson"
    export(incidents, "geojson", out)
    raw = json.loads(out.read_text(encoding="utf-8"))
    assert [f["id"] for f in raw["features"]] == ["inc-disputed", "inc-undated"]
    assert all("id" not in f["properties"] for f in raw["features"])
    fields = [str(f) for f in pyogrio.read_info(out)["fields"]]
    assert fields.count("id") == 1 and not any(re.fullmatch(r"id_\d+", f) for f in fields), fields


# --- Parquet -----------------------------------------------------------------------------------


def test_parquet_writes_incidents_and_claims_beside_it(tmp_path: Path, incidents: list[Incident]) -> None:
    import pandas as pd

    out = tmp_path / "sub" / "incidents.parquet"
    res = export(incidents, "parquet", out)
    assert res.paths == (out, out.parent / "claims.parquet")
    inc = pd.read_parquet(out)
    cl = pd.read_parquet(out.parent / "claims.parquet")
    assert len(inc) == 3 and len(cl) == 4
    assert inc["id"].tolist() == ["inc-disputed", "inc-statement", "inc-undated"]
    assert str(inc["fatalities"].dtype) == "int64"
    assert str(inc["latitude"].dtype) == "float64"
    assert str(inc["civilian_targeting"].dtype) == "bool"
    assert str(cl["start_char"].dtype) == "int64" and str(cl["civilian"].dtype) == "bool"
    assert inc.loc[0, "date_start"] == dt.date(2022, 9, 13)
    assert pd.isna(inc.loc[2, "date_start"])
    assert list(inc.loc[0, "places"]) == ["Sotk", "Kalbajar", "Kalbajar District"]
    assert cl.set_index("claim_id").loc["c-az-own", "quote"] == TRICKY


def test_incidents_parquet_is_geoparquet_that_geopandas_opens_in_wgs84(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    import geopandas
    import pyarrow.parquet as pq

    out = tmp_path / "incidents.parquet"
    export(incidents, "parquet", out)
    geo = json.loads(pq.read_schema(out).metadata[b"geo"])
    assert geo["version"].startswith("1.") and geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    assert geo["columns"]["geometry"]["geometry_types"] == ["Point"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gdf = geopandas.read_parquet(out)
    assert isinstance(gdf, geopandas.GeoDataFrame) and gdf.geometry.name == "geometry"
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    by_id = gdf.set_index("id")
    point = by_id.loc["inc-disputed", "geometry"]
    assert (point.x, point.y) == (SOTK.longitude, SOTK.latitude)  # longitude first, exactly
    assert by_id.loc["inc-statement", "geometry"] is None  # no place: a null geometry, not (0, 0)
    assert list(gdf.geometry.is_empty.fillna(False)) == [False, False, False]
    assert gdf.to_crs(3857).geometry.notna().sum() == 2  # a usable CRS: reprojection works


def test_parquet_empty_export_keeps_typed_columns(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ceasefire.export.parquet import CLAIMS_SCHEMA, INCIDENTS_SCHEMA

    out = tmp_path / "incidents.parquet"
    export([], "parquet", out)
    assert pq.read_schema(out).field("fatalities").type == pa.int64()
    assert pq.read_table(out).schema.equals(INCIDENTS_SCHEMA)
    assert pq.read_schema(out).metadata[b"geo"] == INCIDENTS_SCHEMA.metadata[b"geo"]  # GeoParquet, empty too
    assert pq.read_table(tmp_path / "claims.parquet").schema.equals(CLAIMS_SCHEMA)
    with pytest.raises(ConfigError, match=r"claims\.parquet"):
        export([], "parquet", tmp_path / "claims.parquet")


# --- JSON --------------------------------------------------------------------------------------


def _check(value: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$") -> list[str]:
    """A small JSON Schema checker for the keywords schema.json uses (jsonschema is not installed)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return _check(value, root["$defs"][name], root, where)
    if "oneOf" in schema:
        ok = [s for s in schema["oneOf"] if not _check(value, s, root, where)]
        return [] if len(ok) == 1 else [f"{where}: matches {len(ok)} of oneOf"]
    errors: list[str] = []
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} not in {schema['enum']}")
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        py: dict[str, type | tuple[type, ...]] = {
            "string": str,
            "integer": int,
            "number": (int, float),
            "boolean": bool,
            "null": type(None),
            "object": dict,
            "array": list,
        }
        fits = any(
            isinstance(value, py[t]) and not (t in ("integer", "number") and isinstance(value, bool))
            for t in types
        )
        if not fits:
            return [f"{where}: {type(value).__name__} is not {types}"]
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{where}: missing {key}")
        props = schema.get("properties", {})
        for key, v in value.items():
            if key in props:
                errors += _check(v, props[key], root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unexpected {key}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            errors += _check(v, schema["items"], root, f"{where}[{i}]")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} > {schema['maximum']}")
    if schema.get("format") == "date" and isinstance(value, str):
        dt.date.fromisoformat(value)
    return errors


def test_json_export_validates_against_its_schema(tmp_path: Path, incidents: list[Incident]) -> None:
    from ceasefire.export.jsonout import schema

    out = tmp_path / "i.json"
    res = export(incidents, "json", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    sch = schema()
    assert sch["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert _check(doc, sch, sch) == []
    assert res.rows == len(doc["incidents"]) == 3
    first = doc["incidents"][0]
    assert first["id"] == "inc-disputed" and len(first["claims"]) == 4 and len(first["mentions"]) == 2
    assert first["claims"][-1]["quote"] == TRICKY
    # the checker is not a rubber stamp
    broken = json.loads(json.dumps(doc))
    del broken["incidents"][0]["claims"][0]["status"]
    broken["incidents"][1]["fatalities"] = "8"
    errs = _check(broken, sch, sch)
    assert any("missing status" in e for e in errs) and any("fatalities" in e for e in errs)


# --- all formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_on_re_export(
    tmp_path: Path, incidents: list[Incident], fmt: str
) -> None:
    a = export(incidents, fmt, tmp_path / "a" / "incidents.out")
    b = export(list(reversed(incidents)), fmt, tmp_path / "b" / "incidents.out")
    assert len(a.paths) == len(b.paths) >= 1
    for pa_, pb_ in zip(a.paths, b.paths, strict=True):
        assert pa_.read_bytes() == pb_.read_bytes(), pa_.name
    # nothing half-written is left behind
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in a.paths)


def test_unknown_format_lists_the_formats(tmp_path: Path, incidents: list[Incident]) -> None:
    with pytest.raises(ConfigError) as e:
        export(incidents, "xlsx", tmp_path / "x")
    assert all(f in str(e.value) for f in FORMATS)


def test_date_window_filters_and_drops_undated(tmp_path: Path, incidents: list[Incident]) -> None:
    res = export(incidents, "json", tmp_path / "w.json", date_from=dt.date(2022, 9, 14))
    ids = [i["id"] for i in json.loads((tmp_path / "w.json").read_text(encoding="utf-8"))["incidents"]]
    assert ids == ["inc-statement"] and res.rows == 1
    export(incidents, "json", tmp_path / "w2.json", date_to=dt.date(2022, 9, 13))
    ids = [i["id"] for i in json.loads((tmp_path / "w2.json").read_text(encoding="utf-8"))["incidents"]]
    assert ids == ["inc-disputed"]


def test_export_result_is_a_record() -> None:
    r = ExportResult((Path("a"),), 1)
    assert r.path == Path("a") and r.skipped == 0 and r.note == ""


def test_cli_export_help_has_an_example() -> None:
    import typer.main

    import ceasefire.cli.export_cmd  # noqa: F401  (registers the command)
    from ceasefire.cli.app import app

    group = typer.main.get_command(app)
    cmd = group.commands["export"]  # type: ignore[attr-defined]
    assert cmd.help and "Example" in cmd.help
    names = {opt for p in cmd.params for opt in p.opts}
    assert {"--format", "-o", "--output", "--db", "--from", "--to"} <= names


# --- end to end over the demo store ------------------------------------------------------------


@pytest.mark.integration
def test_demo_store_exports_every_format(tmp_path: Path) -> None:
    try:
        from ceasefire.reconcile import build_incidents  # noqa: F401
    except ImportError:
        pytest.skip("ceasefire.reconcile is not available yet")
    from ceasefire.api import extract
    from ceasefire.ingest.pipeline import ingest_sources
    from ceasefire.settings import Settings
    from ceasefire.store import Store

    with as_file(files("ceasefire") / "data" / "demo") as folder:
        demo = Path(folder)
        sources = sorted(str(f) for f in demo.glob("*.txt"))
        store = Store(str(tmp_path / "d.db"))
        ingest_sources(sources, store=store, settings=Settings(), manifest=demo / "manifest.csv")
    extract(store=store)
    results: dict[str, ExportResult] = {}
    for fmt in FORMATS:
        for run in ("1", "2"):
            results[fmt + run] = export(store, fmt, tmp_path / run / f"incidents.{fmt}")
        for p1, p2 in zip(results[fmt + "1"].paths, results[fmt + "2"].paths, strict=True):
            assert p1.read_bytes() == p2.read_bytes(), fmt
    store.close()
    acled = _read_csv(results["acled-csv1"].path)
    assert list(acled.columns) == EXPECTED_ACLED
    assert len(acled) >= 1 and "Statement" not in set(acled["event_type"])
    assert set(acled["interaction"]) <= {"10", "11", "12", "17", "18", "20", "22", "27", "28", "80", "88"}
    claims = _read_csv(results["claims-csv1"].path)
    assert len(claims) >= 1
    # every quote is the evidence sentence, not an empty cell
    assert (claims["quote"].str.len() > 0).all()
    doc = json.loads(results["json1"].path.read_text(encoding="utf-8"))
    from ceasefire.export.jsonout import schema

    assert _check(doc, schema(), schema()) == []
    assert json.loads(results["geojson1"].path.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert io.BytesIO(results["parquet1"].paths[1].read_bytes()).read(4) == b"PAR1"
