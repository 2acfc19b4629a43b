"""GeoJSON export (RFC 7946): a FeatureCollection of incidents as Points at their primary location.

Coordinates are WGS 84 longitude, latitude (RFC 7946 has no ``crs`` member; readers assume
EPSG:4326). Incidents without a location are skipped and counted. Properties are the incident's
field map (``ceasefire.records.INCIDENT``, the columns of incidents.parquet), scalars only (lists
are joined with "; ") so GIS tools read every column without conversion. The incident id
is the Feature ``id`` and only there: GDAL-based readers (GeoPandas, QGIS, DuckDB) expose it as
the column ``id``; a property of the same name would come out a second time as ``id_1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..records import INCIDENT, Incident
from . import Counted, ExportResult, atomic_open, in_export_order, sort_incidents, write_json_array

__all__ = ["feature", "feature_collection", "write_geojson"]

# RFC 7946 recommends 6 decimals (about 10 cm): more would only be noise from the gazetteer.
_DECIMALS = 6


# the incident's field map less what the Feature states itself: its id and its coordinates
_PROPERTIES = INCIDENT.without("id", "latitude", "longitude")


def feature(inc: Incident) -> dict[str, Any] | None:
    """The incident as a Point feature, or None when it has no location. Its properties are the
    incident's field map (the columns of incidents.parquet), lists joined with "; "."""
    loc = inc.location
    if loc is None:
        return None
    props = {k: "; ".join(v) if isinstance(v, list) else v for k, v in _PROPERTIES.to_dict(inc).items()}
    return {
        "type": "Feature",
        "id": inc.id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(loc.longitude, _DECIMALS), round(loc.latitude, _DECIMALS)],
        },
        "properties": {**props, "places": "; ".join(p.name for p in inc.places)},
    }


def feature_collection(incidents: list[Incident]) -> tuple[dict[str, Any], int]:
    """The FeatureCollection (incidents by date then id) and how many were skipped for no location."""
    feats: list[dict[str, Any]] = []
    skipped = 0
    for inc in sort_incidents(incidents):
        f = feature(inc)
        if f is None:
            skipped += 1
        else:
            feats.append(f)
    return {"type": "FeatureCollection", "features": feats}, skipped


def write_geojson(incidents: Iterable[Incident], path: Path) -> ExportResult:
    """Write the GeoJSON file (UTF-8, non-ASCII kept as is), one feature at a time; the bytes are
    those of ``json.dump(feature_collection(...), indent=1)``."""
    seen = Counted(in_export_order(incidents))
    feats = (f for f in map(feature, seen) if f is not None)
    with atomic_open(path) as fh:
        n = write_json_array(fh, '{\n "type": "FeatureCollection",\n "features": ', feats, 1, "\n}\n")
    skipped = seen.n - n
    left = f"; skipped {skipped} without a location" if skipped else ""
    return ExportResult((path,), n, skipped, f"geojson: {n} incidents{left}")
