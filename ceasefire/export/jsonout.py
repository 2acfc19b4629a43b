"""JSON export: every incident with its places, claims, estimates, sources and mentions.

The shape is documented by ``ceasefire/export/schema.json`` (JSON Schema, draft 2020-12). Lists
inside an incident are sorted (claims by document, offset and id; mentions likewise; sources by
document; estimates by kind and side) except ``places``, whose first entry is the primary location.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..records import Estimate, Evidence, Incident, Mention, Place, ReconciledClaim, Source
from ..store.display import public_source
from . import (
    Counted,
    ExportResult,
    atomic_open,
    in_export_order,
    outlet_name,
    sort_incidents,
    sorted_claims,
    write_json_array,
)

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "incident_json", "json_document", "schema", "write_json"]

FORMAT_NAME = "ceasefire-incidents"
FORMAT_VERSION = 1


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the export."""
    data: dict[str, Any] = json.loads(
        (files("ceasefire") / "export" / "schema.json").read_text(encoding="utf-8")
    )
    return data


def _place(p: Place) -> dict[str, Any]:
    return {
        "name": p.name,
        "country": p.country,
        "admin1": p.admin1,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "feature": p.feature,
        "precision": p.precision,
        "geonameid": p.geonameid,
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"document_id": e.document_id, "start": e.start, "end": e.end, "text": e.text}


def _mention(m: Mention) -> dict[str, Any]:
    return {
        "id": m.id,
        "document_id": m.document_id,
        "event_type": m.event_type,
        "sub_event_type": m.sub_event_type,
        "actor1": m.actor1,
        "actor1_side": m.actor1_side,
        "actor2": m.actor2,
        "actor2_side": m.actor2_side,
        "claimant": m.claimant,
        "claimant_side": m.claimant_side,
        "date": {
            "start": m.date.start.isoformat() if m.date.start else None,
            "end": m.date.end.isoformat() if m.date.end else None,
            "precision": m.date.precision,
            "expression": m.date.expression,
            "relative": m.date.relative,
            "note": m.date.note,
        },
        "places": [_place(p) for p in m.places],
        "evidence": _evidence(m.evidence),
        "background": m.background,
        "negated": m.negated,
        "hedge": m.hedge,
    }


def _claim(rc: ReconciledClaim) -> dict[str, Any]:
    c = rc.claim
    return {
        "id": c.id,
        "document_id": c.document_id,
        "mention_id": c.mention_id,
        "claimant": c.claimant,
        "claimant_side": c.claimant_side,
        "kind": c.kind,
        "side_affected": c.side_affected,
        "value_low": c.value_low,
        "value_best": c.value_best,
        "value_high": c.value_high,
        "civilian": c.civilian,
        "hedge": c.hedge,
        "made_on": c.made_on.isoformat() if c.made_on else None,
        "evidence": _evidence(c.evidence),
        "outlet": rc.outlet,
        "outlet_name": outlet_name(rc.outlet),
        "originator": rc.originator,
        "status": rc.status,
        "why": rc.why,
        "superseded_by": rc.superseded_by,
    }


def estimate_record(e: Estimate) -> dict[str, Any]:
    """An estimate as a plain record (the JSON export and the Parquet incidents table)."""
    return {
        "kind": e.kind,
        "side_affected": e.side_affected,
        "civilian": e.civilian,
        "low": e.low,
        "best": e.best,
        "high": e.high,
        "rule": e.rule,
        "explanation": e.explanation,
    }


def _source(s: Source) -> dict[str, Any]:
    return {
        "document_id": s.document_id,
        "outlet": s.outlet,
        "outlet_name": outlet_name(s.outlet),
        "alignment": s.alignment,
        "state_owned": s.state_owned,
        "url": public_source(s.url),
        "published": s.published,
        "title": s.title,
    }


def incident_json(inc: Incident) -> dict[str, Any]:
    """One incident as the JSON export writes it (see schema.json, ``$defs/incident``)."""
    loc = inc.location
    return {
        "id": inc.id,
        "kind": inc.kind,
        "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type,
        "date_start": inc.date_start.isoformat() if inc.date_start else None,
        "date_end": inc.date_end.isoformat() if inc.date_end else None,
        "date_precision": inc.date_precision,
        "date_label": inc.date_label,
        "location": _place(loc) if loc is not None else None,
        "places": [_place(p) for p in inc.places],
        "actor1": inc.actor1,
        "actor1_side": inc.actor1_side,
        "actor2": inc.actor2,
        "actor2_side": inc.actor2_side,
        "fatalities": inc.fatalities,
        "civilian_targeting": inc.civilian_targeting,
        "status": inc.status,
        "status_why": inc.status_why,
        "notes": inc.notes,
        "estimates": [
            estimate_record(e)
            for e in sorted(inc.estimates, key=lambda e: (e.kind, e.side_affected, e.civilian, e.rule))
        ],
        "claims": [_claim(rc) for rc in sorted_claims(inc)],
        "sources": [_source(s) for s in sorted(inc.sources, key=lambda s: (s.document_id, s.url))],
        "mentions": [
            _mention(m)
            for m in sorted(
                inc.mentions, key=lambda m: (m.document_id, m.evidence.start, m.evidence.end, m.id)
            )
        ],
    }


def json_document(incidents: list[Incident]) -> dict[str, Any]:
    """The whole export: a format tag, a version and the incidents (sorted by date then id)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "incidents": [incident_json(i) for i in sort_incidents(incidents)],
    }


def write_json(incidents: Iterable[Incident], path: Path) -> ExportResult:
    """Write the JSON export (UTF-8, 2-space indent, non-ASCII kept as is, trailing newline), one
    incident at a time; the bytes are those of ``json.dump(json_document(...), indent=2)``."""
    seen = Counted(in_export_order(incidents))
    head = (
        f'{{\n  "format": {json.dumps(FORMAT_NAME)},\n  "version": {json.dumps(FORMAT_VERSION)},\n'
        '  "incidents": '
    )
    with atomic_open(path) as fh:
        n = write_json_array(fh, head, map(incident_json, seen), 2, "\n}\n")
    return ExportResult((path,), n, 0, f"json: {n} incidents")
