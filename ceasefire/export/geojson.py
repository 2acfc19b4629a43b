"""GeoJSON export (RFC 7946): a FeatureCollection of incidents as Points at their primary location.

Coordinates are WGS 84 longitude, latitude (RFC 7946 has no ``crs`` member; readers assume
EPSG:4326). Incidents without a location are skipped and counted. Properties are scalars only
(lists are joined with "; ") so GIS tools read every column without conversion. The incident id
is the Feature ``id`` and only there: GDAL-based readers (GeoPandas, QGIS, DuckDB) expose it as
the column ``id``; a property of the same name would come out a second time as ``id_1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..records import Incident
from . import Counted, ExportResult, atomic_open, in_export_order, sort_incidents, write_json_array

__all__ = ["feature", "feature_collection", "write_geojson"]

# RFC 7946 recommends 6 decimals (about 10 cm): more would only be noise from the gazetteer.
_DECIMALS = 6


def feature(inc: Incident) -> dict[str, Any] | None:
    """The incident as a Point feature, or None when it has no location."""
    loc = inc.location
    if loc is None:
        return None
    sides = [s for s in (inc.actor1_side, inc.actor2_side) if s]
    actors = [a for a in (inc.actor1, inc.actor2) if a]
    return {
        "type": "Feature",
        "id": inc.id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(loc.longitude, _DECIMALS), round(loc.latitude, _DECIMALS)],
        },
        "properties": {  # the id is the Feature's own ``id`` (RFC 7946 3.2), not repeated here
            "kind": inc.kind,
            "date": inc.date_start.isoformat() if inc.date_start else None,
            "date_end": inc.date_end.isoformat() if inc.date_end else None,
            "date_precision": inc.date_precision,
            "date_label": inc.date_label,
            "type": inc.event_type,
            "sub_type": inc.sub_event_type,
            "actors": "; ".join(actors),
            "sides": "; ".join(sides),
            "fatalities": inc.fatalities,
            "civilian_targeting": inc.civilian_targeting,
            "status": inc.status,
            "location": loc.name,
            "admin1": loc.admin1,
            "country": loc.country,
            "geo_precision": loc.precision,
            "other_locations": "; ".join(p.name for p in inc.places[1:]),
            "sources": len(inc.sources),
            "claims": len(inc.claims),
        },
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
