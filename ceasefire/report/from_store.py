"""The report and the incidents read from a store: clustering what is new, then assembling the
period's incidents and their documents' framing hits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..records import Incident
from .period import build_report
from .views import FramingHit, Report

if TYPE_CHECKING:
    from ..reference import Reference
    from ..store import Store


def framing_hits(rows: Iterable[Mapping[str, Any]]) -> tuple[FramingHit, ...]:
    return tuple(
        FramingHit(
            str(r["document_id"]),
            int(r["start_char"]),
            int(r["end_char"]),
            str(r["term"]),
            str(r["narrative"]),
            str(r["category"]),
            str(r["text"]),
        )
        for r in rows
    )


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
    docs = sorted({s.document_id for i in incidents for s in i.sources})
    hits: list[FramingHit] = []
    for d in docs:
        hits.extend(framing_hits(store.framing(document_id=d)))
    return build_report(incidents, date_from=date_from, date_to=date_to, framing=hits, reference=reference)
