"""Parquet export for analysts: two files, incidents and claims.

The user names the incidents file (``out/incidents.parquet``); the claims table is written beside
it as ``claims.parquet`` in the same folder. Both have explicit Arrow schemas, so an empty export
still has typed columns, and both are written without pandas metadata or timestamps, so re-runs
are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ConfigError
from ..records import Incident
from . import ExportResult, atomic_path, outlet_name, sort_incidents
from .claims import ClaimRow, claim_rows

__all__ = [
    "CLAIMS_FILE",
    "CLAIMS_SCHEMA",
    "INCIDENTS_SCHEMA",
    "claims_table",
    "incidents_table",
    "write_parquet",
]

CLAIMS_FILE = "claims.parquet"

_ESTIMATE = pa.struct(
    [
        ("kind", pa.string()),
        ("side_affected", pa.string()),
        ("civilian", pa.bool_()),
        ("low", pa.int64()),
        ("best", pa.int64()),
        ("high", pa.int64()),
        ("rule", pa.string()),
        ("explanation", pa.string()),
    ]
)

INCIDENTS_SCHEMA = pa.schema(
    [
        ("incident_id", pa.string()),
        ("kind", pa.string()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("date_label", pa.string()),
        ("actor1", pa.string()),
        ("actor1_side", pa.string()),
        ("actor2", pa.string()),
        ("actor2_side", pa.string()),
        ("location", pa.string()),
        ("admin1", pa.string()),
        ("country", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.string()),
        ("places", pa.list_(pa.string())),
        ("fatalities", pa.int64()),
        ("civilian_targeting", pa.bool_()),
        ("status", pa.string()),
        ("status_why", pa.string()),
        ("notes", pa.string()),
        ("n_sources", pa.int64()),
        ("n_claims", pa.int64()),
        ("n_mentions", pa.int64()),
        ("outlets", pa.list_(pa.string())),
        ("document_ids", pa.list_(pa.string())),
        ("estimates", pa.list_(_ESTIMATE)),
    ]
)

_CLAIM_TYPES: dict[str, pa.DataType] = {
    "value_low": pa.int64(),
    "value_best": pa.int64(),
    "value_high": pa.int64(),
    "start_char": pa.int64(),
    "end_char": pa.int64(),
    "made_on": pa.date32(),
    "civilian": pa.bool_(),
}
CLAIMS_SCHEMA = pa.schema(
    [(name, _CLAIM_TYPES.get(name, pa.string())) for name in ClaimRow.__dataclass_fields__]
)


def incidents_table(incidents: list[Incident]) -> pa.Table:
    """One row per incident (sorted by date then id), typed by :data:`INCIDENTS_SCHEMA`."""
    cols: dict[str, list[object]] = {name: [] for name in INCIDENTS_SCHEMA.names}
    for inc in sort_incidents(incidents):
        loc = inc.location
        values: dict[str, object] = {
            "incident_id": inc.id,
            "kind": inc.kind,
            "event_type": inc.event_type,
            "sub_event_type": inc.sub_event_type,
            "date_start": inc.date_start,
            "date_end": inc.date_end,
            "date_precision": inc.date_precision,
            "date_label": inc.date_label,
            "actor1": inc.actor1,
            "actor1_side": inc.actor1_side,
            "actor2": inc.actor2,
            "actor2_side": inc.actor2_side,
            "location": loc.name if loc else None,
            "admin1": loc.admin1 if loc else None,
            "country": loc.country if loc else None,
            "latitude": loc.latitude if loc else None,
            "longitude": loc.longitude if loc else None,
            "geo_precision": loc.precision if loc else None,
            "places": [p.name for p in inc.places],
            "fatalities": inc.fatalities,
            "civilian_targeting": inc.civilian_targeting,
            "status": inc.status,
            "status_why": inc.status_why,
            "notes": inc.notes,
            "n_sources": len(inc.sources),
            "n_claims": len(inc.claims),
            "n_mentions": len(inc.mentions),
            "outlets": sorted({outlet_name(s.outlet) for s in inc.sources if s.outlet}),
            "document_ids": sorted({s.document_id for s in inc.sources}),
            "estimates": [
                {
                    "kind": e.kind,
                    "side_affected": e.side_affected,
                    "civilian": e.civilian,
                    "low": e.low,
                    "best": e.best,
                    "high": e.high,
                    "rule": e.rule,
                    "explanation": e.explanation,
                }
                for e in sorted(inc.estimates, key=lambda e: (e.kind, e.side_affected, e.civilian, e.rule))
            ],
        }
        for name in INCIDENTS_SCHEMA.names:
            cols[name].append(values[name])
    return pa.Table.from_pydict(cols, schema=INCIDENTS_SCHEMA)


def claims_table(incidents: list[Incident]) -> pa.Table:
    """The claims table of :mod:`ceasefire.export.claims`, typed by :data:`CLAIMS_SCHEMA`."""
    rows = claim_rows(incidents)
    cols: dict[str, list[object]] = {name: [] for name in CLAIMS_SCHEMA.names}
    for r in rows:
        for name in CLAIMS_SCHEMA.names:
            v = getattr(r, name)
            if name == "made_on" and v is not None:
                v = dt.date.fromisoformat(v)
            cols[name].append(v)
    return pa.Table.from_pydict(cols, schema=CLAIMS_SCHEMA)


def _write(table: pa.Table, path: Path) -> None:
    atomic_path(path, lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_parquet(incidents: list[Incident], path: Path) -> ExportResult:
    """Write ``path`` (incidents) and ``claims.parquet`` beside it; returns both paths."""
    claims_path = path.parent / CLAIMS_FILE
    if path.name == CLAIMS_FILE:
        raise ConfigError(
            f"the parquet export writes the claims table to {CLAIMS_FILE} beside the incidents file: "
            "name the incidents file something else (e.g. incidents.parquet)"
        )
    inc_table = incidents_table(incidents)
    cl_table = claims_table(incidents)
    _write(inc_table, path)
    _write(cl_table, claims_path)
    return ExportResult(
        (path, claims_path),
        inc_table.num_rows,
        0,
        f"parquet: {inc_table.num_rows} incidents, {cl_table.num_rows} claims (in {CLAIMS_FILE} beside it)",
    )
