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

from ..records import (
    CLAIM_ROW,
    ESTIMATE,
    INCIDENT,
    LOCATION_FIELDS,
    MENTION,
    PLACE,
    SOURCE,
    Field,
    FieldMap,
    Incident,
    Source,
)
from ..store.display import public_source
from . import (
    Counted,
    ExportResult,
    Names,
    atomic_open,
    in_export_order,
    sort_incidents,
    sorted_estimates,
    write_json_array,
)
from .claims import iter_claim_rows

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "derive_schema",
    "incident_json",
    "json_document",
    "schema",
    "write_json",
]

FORMAT_NAME = "ceasefire-incidents"
# 2: every record in the shape of its field map (ceasefire.records): claims carry the claims
# table's columns (evidence as quote/start_char/end_char), mentions the store's, incidents their
# counts and document ids; absent values are null, not "".
FORMAT_VERSION = 2


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema of the export."""
    data: dict[str, Any] = json.loads(
        (files("ceasefire") / "export" / "schema.json").read_text(encoding="utf-8")
    )
    return data


# -- the schema: structure from the field maps, words (descriptions, enums, bounds) from the file ---

_JSON_TYPE = {
    "str": "string",
    "period": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "string",
}


def _property(f: Field, words: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in words.items() if k in ("description", "enum", "minimum", "maximum", "format")}
    if f.kind == "places":
        return {"type": "array", "items": {"$ref": "#/$defs/place"}, **kept}
    if f.kind == "strs":
        return {"type": "array", "items": {"type": "string"}, **kept}
    if "enum" in kept and not f.optional:
        return kept
    out: dict[str, Any] = {"type": [_JSON_TYPE[f.kind], "null"] if f.optional else _JSON_TYPE[f.kind]}
    if f.kind == "date":
        out["format"] = "date"
    out.update({k: v for k, v in kept.items() if k != "enum"})
    if "enum" in kept:
        out["enum"] = [*(v for v in kept["enum"] if v is not None), None]
    return out


def _object(fmap: FieldMap[Any], old: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    props = {f.name: _property(f, old.get("properties", {}).get(f.name, {})) for f in fmap}
    props.update(extra)
    return {
        "type": "object",
        "description": old.get("description", ""),
        "additionalProperties": False,
        "required": list(props),
        "properties": props,
    }


def derive_schema(current: dict[str, Any]) -> dict[str, Any]:
    """schema.json as the field maps make it, keeping ``current``'s descriptions: the file must
    equal what this returns for it (a test), so a field map and its schema never drift apart."""
    defs = current.get("$defs", {})
    old = {k: defs.get(k, {}) for k in ("incident", "place", "mention", "claim", "estimate", "source")}
    ref = {"$ref": "#/$defs/place"}

    def keep(name: str, prop: str) -> dict[str, Any]:
        return dict(old[name].get("properties", {}).get(prop, {}))

    incident = _object(
        _FLAT,
        old["incident"],
        {
            "location": {"oneOf": [ref, {"type": "null"}], **_words(keep("incident", "location"))},
            "places": {"type": "array", "items": ref, **_words(keep("incident", "places"))},
            "estimates": {"type": "array", "items": {"$ref": "#/$defs/estimate"}},
            "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
            "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
            "mentions": {"type": "array", "items": {"$ref": "#/$defs/mention"}},
        },
    )
    source = _object(SOURCE, old["source"], {"outlet_name": {"type": "string"}})
    return {
        **{k: v for k, v in current.items() if k != "$defs"},
        "$id": f"urn:ceasefire:export:incidents:v{FORMAT_VERSION}",
        "properties": {
            "format": {"const": FORMAT_NAME},
            "version": {"const": FORMAT_VERSION},
            "incidents": {"type": "array", "items": {"$ref": "#/$defs/incident"}},
        },
        "$defs": {
            "incident": incident,
            "place": _object(PLACE, old["place"], {}),
            "mention": _object(MENTION, old["mention"], {}),
            "claim": _object(_CLAIM, old["claim"], {}),
            "estimate": _object(ESTIMATE, old["estimate"], {}),
            "source": source,
        },
    }


def _words(prop: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in prop.items() if k == "description"}


def _source(s: Source, names: Names) -> dict[str, Any]:
    return {**SOURCE.to_dict(s), "outlet_name": names.outlet(s.outlet), "url": public_source(s.url) or None}


_FLAT = INCIDENT.without(*LOCATION_FIELDS)
_CLAIM = CLAIM_ROW.without("incident_id")


def incident_json(inc: Incident, names: Names | None = None) -> dict[str, Any]:
    """One incident as the JSON export writes it (see schema.json, ``$defs/incident``): the
    incident's field map with its primary location nested as a place, then its lists."""
    names = names or Names()
    loc = inc.location
    return {
        **_FLAT.to_dict(inc),
        "location": PLACE.to_dict(loc) if loc is not None else None,
        "places": [PLACE.to_dict(p) for p in inc.places],
        "estimates": [ESTIMATE.to_dict(e) for e in sorted_estimates(inc)],
        "claims": [_CLAIM.to_dict(r) for r in iter_claim_rows([inc], names)],
        "sources": [_source(s, names) for s in sorted(inc.sources, key=lambda s: (s.document_id, s.url))],
        "mentions": [
            MENTION.to_dict(m)
            for m in sorted(
                inc.mentions, key=lambda m: (m.document_id, m.evidence.start, m.evidence.end, m.id)
            )
        ],
    }


def json_document(incidents: list[Incident], names: Names | None = None) -> dict[str, Any]:
    """The whole export: a format tag, a version and the incidents (sorted by date then id)."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "incidents": [incident_json(i, names) for i in sort_incidents(incidents)],
    }


def write_json(incidents: Iterable[Incident], path: Path, *, names: Names | None = None) -> ExportResult:
    """Write the JSON export (UTF-8, 2-space indent, non-ASCII kept as is, trailing newline), one
    incident at a time; the bytes are those of ``json.dump(json_document(...), indent=2)``."""
    seen = Counted(in_export_order(incidents))
    names = names or Names()
    head = (
        f'{{\n  "format": {json.dumps(FORMAT_NAME)},\n  "version": {json.dumps(FORMAT_VERSION)},\n'
        '  "incidents": '
    )
    with atomic_open(path) as fh:
        n = write_json_array(fh, head, (incident_json(i, names) for i in seen), 2, "\n}\n")
    return ExportResult((path,), n, 0, f"json: {n} incidents")
