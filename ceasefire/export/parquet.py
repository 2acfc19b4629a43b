"""Parquet export for analysts: two files, incidents and claims.

The user names the incidents file (``out/incidents.parquet``); the claims table is written beside
it as ``claims.parquet`` in the same folder. Both have explicit Arrow schemas, so an empty export
still has typed columns, and both are written without pandas metadata or timestamps, so re-runs
are byte-identical. Both files are written in one pass over the incidents, a row group of at most
:data:`ROW_GROUP_ROWS` rows at a time, so memory is bounded by one row group per file.

The incidents file is GeoParquet 1.0 (https://geoparquet.org/releases/v1.0.0/): a ``geometry``
column of WKB points (longitude, latitude; null for an incident without a place) and the ``geo``
file metadata naming it, with the CRS as PROJJSON of EPSG:4326. It is written with pyarrow only;
GeoPandas, DuckDB, QGIS and GDAL read it as a layer, and plain Parquet readers see one more column.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ConfigError
from ..records import CLAIM_ROW, ESTIMATE, INCIDENT, PLACE, ClaimRow, Field, FieldMap, Incident
from . import Counted, ExportResult, Names, atomic_path, in_export_order, sorted_estimates
from .claims import iter_claim_rows

__all__ = [
    "CLAIMS_FILE",
    "CLAIMS_SCHEMA",
    "GEO_METADATA",
    "INCIDENTS_SCHEMA",
    "ROW_GROUP_ROWS",
    "arrow_fields",
    "claims_table",
    "incidents_table",
    "wkb_point",
    "write_parquet",
]

CLAIMS_FILE = "claims.parquet"
# Rows buffered per row group. An export of fewer rows is one row group, byte for byte what
# pyarrow.parquet.write_table wrote for it; a larger one is split into row groups of this size
# (same content, different layout) so that memory does not grow with the store.
ROW_GROUP_ROWS = 32_768


def _arrow_type(f: Field) -> pa.DataType:
    if f.kind == "places":
        return pa.list_(pa.struct([(g.name, _arrow_type(g)) for g in PLACE]))
    return _ARROW[f.kind]


_ARROW: dict[str, pa.DataType] = {
    "str": pa.string(),
    "period": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "strs": pa.list_(pa.string()),
}


def arrow_fields(fmap: FieldMap[Any]) -> list[tuple[str, pa.DataType]]:
    """A record's field map as Arrow columns: every Parquet (and Spark-written Parquet) schema
    of ceasefire derives from it."""
    return [(f.name, _arrow_type(f)) for f in fmap]


# the incidents table: the incident's field map, then what only this table carries (the names of
# its places and outlets, its estimates, and the point geometry GeoParquet readers use)
INCIDENTS_SCHEMA = pa.schema(
    [
        *arrow_fields(INCIDENT),
        ("places", pa.list_(pa.string())),
        ("outlets", pa.list_(pa.string())),
        ("estimates", pa.list_(pa.struct(arrow_fields(ESTIMATE)))),
        ("geometry", pa.binary()),
    ]
)

_WGS84_REALIZATIONS = (
    ("Transit", 1166), ("G730", 1152), ("G873", 1153), ("G1150", 1154),
    ("G1674", 1155), ("G1762", 1156), ("G2139", 1309), ("G2296", 1383),
)  # fmt: skip
# WGS 84 (EPSG:4326) as PROJJSON, what pyproj writes for it (its scope, area and bbox left out).
# GeoParquet coordinates are always longitude, latitude, whatever the axis order of the CRS.
_WGS84_PROJJSON: dict[str, object] = {
    "$schema": "https://proj.org/schemas/v0.7/projjson.schema.json",
    "type": "GeographicCRS",
    "name": "WGS 84",
    "datum_ensemble": {
        "name": "World Geodetic System 1984 ensemble",
        "members": [
            {"name": f"World Geodetic System 1984 ({name})", "id": {"authority": "EPSG", "code": code}}
            for name, code in _WGS84_REALIZATIONS
        ],
        "ellipsoid": {"name": "WGS 84", "semi_major_axis": 6378137, "inverse_flattening": 298.257223563},
        "accuracy": "2.0",
        "id": {"authority": "EPSG", "code": 6326},
    },
    "coordinate_system": {
        "subtype": "ellipsoidal",
        "axis": [
            {"name": "Geodetic latitude", "abbreviation": "Lat", "direction": "north", "unit": "degree"},
            {"name": "Geodetic longitude", "abbreviation": "Lon", "direction": "east", "unit": "degree"},
        ],
    },
    "id": {"authority": "EPSG", "code": 4326},
}

GEO_METADATA: dict[str, object] = {
    "version": "1.0.0",
    "primary_column": "geometry",
    "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"], "crs": _WGS84_PROJJSON}},
}
INCIDENTS_SCHEMA = INCIDENTS_SCHEMA.with_metadata({"geo": json.dumps(GEO_METADATA, separators=(",", ":"))})


def wkb_point(longitude: float, latitude: float) -> bytes:
    """An OGC WKB point (little-endian, 2D): byte order, geometry type 1, x, y."""
    return struct.pack("<BIdd", 1, 1, longitude, latitude)


CLAIMS_SCHEMA = pa.schema(arrow_fields(CLAIM_ROW))


def _incident_values(inc: Incident, names: Names) -> dict[str, object]:
    loc = inc.location
    return {
        **INCIDENT.to_dict(inc, "arrow"),
        "places": [p.name for p in inc.places],
        "outlets": sorted({names.outlet(s.outlet) for s in inc.sources if s.outlet}),
        "estimates": [ESTIMATE.to_dict(e, "arrow") for e in sorted_estimates(inc)],
        "geometry": wkb_point(loc.longitude, loc.latitude) if loc else None,
    }


def _claim_values(r: ClaimRow) -> dict[str, object]:
    return CLAIM_ROW.to_dict(r, "arrow")


def _table(rows: Iterable[dict[str, object]], schema: pa.Schema) -> pa.Table:
    cols: dict[str, list[object]] = {name: [] for name in schema.names}
    for values in rows:
        for name in schema.names:
            cols[name].append(values[name])
    return pa.Table.from_pydict(cols, schema=schema)


def incidents_table(incidents: Iterable[Incident], names: Names | None = None) -> pa.Table:
    """One row per incident (sorted by date then id), typed by :data:`INCIDENTS_SCHEMA`."""
    names = names or Names()
    return _table((_incident_values(i, names) for i in in_export_order(incidents)), INCIDENTS_SCHEMA)


def claims_table(incidents: Iterable[Incident], names: Names | None = None) -> pa.Table:
    """The claims table of :mod:`ceasefire.export.claims`, typed by :data:`CLAIMS_SCHEMA`."""
    return _table(map(_claim_values, iter_claim_rows(incidents, names)), CLAIMS_SCHEMA)


class _GroupWriter:
    """Buffers rows and writes a row group every :data:`ROW_GROUP_ROWS` rows."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.schema = schema
        self.rows = 0
        self._buffer: list[dict[str, object]] = []
        self._writer = pq.ParquetWriter(path, schema, compression="zstd")

    def add(self, values: dict[str, object]) -> None:
        self._buffer.append(values)
        if len(self._buffer) >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        self._writer.write_table(_table(self._buffer, self.schema))
        self.rows += len(self._buffer)
        self._buffer = []

    def close(self, *, ok: bool = True) -> None:
        # an empty export still writes its (empty) row group, as write_table of an empty table did
        if ok and (self._buffer or self.rows == 0):
            self._flush()
        self._writer.close()


def _write_both(
    incidents: Iterator[Incident], inc_tmp: Path, claims_tmp: Path, names: Names
) -> tuple[int, int]:
    inc_out = _GroupWriter(inc_tmp, INCIDENTS_SCHEMA)
    claims_out = _GroupWriter(claims_tmp, CLAIMS_SCHEMA)
    try:
        for inc in incidents:
            inc_out.add(_incident_values(inc, names))
            for row in iter_claim_rows([inc], names):
                claims_out.add(_claim_values(row))
    except BaseException:
        # the temporary files are deleted by atomic_path; only release the writers
        inc_out.close(ok=False)
        claims_out.close(ok=False)
        raise
    inc_out.close()
    claims_out.close()
    return inc_out.rows, claims_out.rows


def write_parquet(incidents: Iterable[Incident], path: Path, *, names: Names | None = None) -> ExportResult:
    """Write ``path`` (incidents) and ``claims.parquet`` beside it in one pass; returns both paths."""
    claims_path = path.parent / CLAIMS_FILE
    if path.name == CLAIMS_FILE:
        raise ConfigError(
            f"the parquet export writes the claims table to {CLAIMS_FILE} beside the incidents file: "
            "name the incidents file something else (e.g. incidents.parquet)"
        )
    seen = Counted(in_export_order(incidents))
    counts: list[tuple[int, int]] = []
    # both temporary files are open together (one pass); claims.parquet is moved into place
    # first, and neither is when writing fails
    atomic_path(
        path,
        lambda inc_tmp: atomic_path(
            claims_path,
            lambda claims_tmp: counts.append(_write_both(iter(seen), inc_tmp, claims_tmp, names or Names())),
        ),
    )
    n_inc, n_claims = counts[0]
    return ExportResult(
        (path, claims_path),
        n_inc,
        0,
        f"parquet: {n_inc} incidents, {n_claims} claims (in {CLAIMS_FILE} beside it)",
    )
