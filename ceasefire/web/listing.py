"""The incident list: the query a page or its JSON twin asks (filters, sort, page), the cards
that match it, one page of them, and the facets to filter by.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..report import IncidentCard

SortKey = Literal["date", "fatalities", "status", "sources", "claims", "place"]


SORT_KEYS: tuple[str, ...] = ("date", "fatalities", "status", "sources", "claims", "place")


@dataclass(frozen=True)
class IncidentQuery:
    """The incident list's filters, sort and page: all of it lives in the URL query."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str = ""
    admin1: str = ""
    event_type: str = ""
    side: str = ""
    status: str = ""
    kind: str = ""
    sort: str = "date"
    order: str = "asc"
    page: int = 1
    per_page: int = 50

    def params(self, **changes: Any) -> dict[str, str]:
        """The non-default query parameters, with ``changes`` applied (for links)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "country": self.country,
            "admin1": self.admin1,
            "event_type": self.event_type,
            "side": self.side,
            "status": self.status,
            "kind": self.kind,
            "sort": "" if self.sort == "date" else self.sort,
            "order": "" if self.order == "asc" else self.order,
            "page": "" if self.page == 1 else str(self.page),
            "per_page": "" if self.per_page == 50 else str(self.per_page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


@dataclass(frozen=True)
class Page:
    items: tuple[IncidentCard, ...]
    total: int
    page: int
    pages: int
    per_page: int


@dataclass(frozen=True)
class Facets:
    countries: tuple[str, ...]
    admin1: tuple[str, ...]
    event_types: tuple[str, ...]
    sides: tuple[str, ...]
    statuses: tuple[str, ...]
    kinds: tuple[str, ...]


def _overlaps(c: IncidentCard, lo: dt.date | None, hi: dt.date | None) -> bool:
    if lo is None and hi is None:
        return True
    if c.date_start is None:
        return False  # an undated incident cannot be placed in a period
    end = c.date_end or c.date_start
    return (lo is None or end >= lo) and (hi is None or c.date_start <= hi)


def _sides(c: IncidentCard) -> set[str]:
    sides = {c.actor1_side, c.actor2_side} | {col.side for col in c.columns}
    return {s for s in sides if s}


def matches(c: IncidentCard, q: IncidentQuery) -> bool:
    if not _overlaps(c, q.date_from, q.date_to):
        return False
    if q.country and q.country.upper() not in {p.country.upper() for p in c.places}:
        return False
    if q.admin1 and q.admin1.casefold() not in {p.admin1.casefold() for p in c.places}:
        return False
    if q.event_type and q.event_type not in (c.event_type, c.sub_event_type):
        return False
    if q.side and q.side.upper() not in _sides(c):
        return False
    if q.status and q.status != c.status:
        return False
    return not (q.kind and q.kind != c.kind)


def _sort_key(sort: str) -> Callable[[IncidentCard], Any]:
    if sort == "fatalities":
        return lambda c: (c.fatalities, c.id)
    if sort == "status":
        return lambda c: (c.status, c.id)
    if sort == "sources":
        return lambda c: (c.n_sources, c.id)
    if sort == "claims":
        return lambda c: (c.n_claims, c.id)
    if sort == "place":
        return lambda c: (c.location.name if c.location else "\uffff", c.id)
    return lambda c: (c.date_start or dt.date.max, c.id)


def select(cards: Sequence[IncidentCard], q: IncidentQuery) -> Page:
    hits = sorted((c for c in cards if matches(c, q)), key=_sort_key(q.sort), reverse=q.order == "desc")
    pages = max(1, math.ceil(len(hits) / q.per_page))
    page = min(q.page, pages)
    start = (page - 1) * q.per_page
    return Page(tuple(hits[start : start + q.per_page]), len(hits), page, pages, q.per_page)


def facets(cards: Sequence[IncidentCard]) -> Facets:
    def uniq(values: Any) -> tuple[str, ...]:
        return tuple(sorted({v for v in values if v}))

    return Facets(
        countries=uniq(p.country for c in cards for p in c.places),
        admin1=uniq(p.admin1 for c in cards for p in c.places),
        event_types=uniq(c.event_type for c in cards),
        sides=uniq(s for c in cards for s in _sides(c)),
        statuses=uniq(c.status for c in cards),
        kinds=uniq(c.kind for c in cards),
    )
