"""The report and the incidents read from a store: clustering what is new, then assembling the
period's incidents and their documents' framing hits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..records import FRAMING, FramingHit, Incident
from .period import build_report
from .views import Report

if TYPE_CHECKING:
    from ..reference import Reference
    from ..store import Store


_PAIRS = (("\u201c", "\u201d"), ("\u00ab", "\u00bb"))  # curly double quotes, guillemets


def in_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside quotation marks of its paragraph: curly or
    guillemet pairs (an opening mark after the last closing one), or an odd number of straight
    double quotes before it."""
    lo = text.rfind("\n", 0, start) + 1
    before = text[lo:start]
    if any(before.rfind(open_) > before.rfind(close) for open_, close in _PAIRS):
        return True
    return before.count('"') % 2 == 1  # straight quotes: an odd count before the term opens one


def framing_hits(rows: Iterable[Mapping[str, Any]], text: str | None = None) -> tuple[FramingHit, ...]:
    """Framing rows of the store as hits; with the document's ``text``, each hit knows whether
    it was inside quotation marks (so the report charges it to the quoted speaker)."""
    hits = (FRAMING.from_dict(r) for r in rows)
    if text is None:
        return tuple(hits)
    return tuple(replace(h, quoted=in_quotes(text, h.start, h.end)) for h in hits)


def documents_framing(store: Store, document_ids: Iterable[str]) -> tuple[list[FramingHit], dict[str, str]]:
    """The documents' framing hits (quoted ones marked) and the alignment each outlet's
    documents declared (a manifest's ``outlet_alignment``), for :func:`build_report`."""
    hits: list[FramingHit] = []
    alignments: dict[str, str] = {}
    for d in sorted(set(document_ids)):
        rows = list(store.framing(document_id=d))
        try:
            doc = store.get_document(d)
        except Exception:  # a document gone from the store: its hits without quote marks
            hits.extend(framing_hits(rows))
            continue
        hits.extend(framing_hits(rows, doc.text if rows else None))
        if doc.outlet and doc.outlet_alignment:
            alignments.setdefault(doc.outlet, doc.outlet_alignment)
    return hits, alignments


def incidents_from_store(
    store: Store,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    reference: Reference | None = None,
) -> list[Incident]:
    """Cluster what is new, then the incidents of the period (imported late: reconcile is optional)."""
    from ..reconcile import build_incidents, update_incidents

    update_incidents(store, reference=reference)
    return build_incidents(store, date_from=date_from, date_to=date_to, reference=reference)


def report_from_store(
    store: Store,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    reference: Reference | None = None,
) -> Report:
    """The report of the period, its incidents and their outlets named from ``reference``."""
    incidents = incidents_from_store(store, date_from=date_from, date_to=date_to, reference=reference)
    hits, alignments = documents_framing(store, (s.document_id for i in incidents for s in i.sources))
    return build_report(
        incidents,
        date_from=date_from,
        date_to=date_to,
        framing=hits,
        reference=reference,
        alignments=alignments,
    )
