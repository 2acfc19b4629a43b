"""The one filter of the workspace: the query a page, its JSON twin or a download asks
(filters, sort, page), the incidents that match it, one page of their cards, and the facets to
filter by. The list, the map, the timeline, the report and every download select their
incidents with :func:`filtered`, so one URL query gives the same incidents everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..records import Incident
from ..report import IncidentCard
from ..report.labels import dyad

SortKey = Literal["date", "fatalities", "status", "sources", "claims", "place"]


SORT_KEYS: tuple[str, ...] = ("date", "fatalities", "status", "sources", "claims", "place")
REVIEW_STATUSES: tuple[str, ...] = ("unreviewed", "verified", "corrected")
# the query parameters that select incidents (the others sort and page the list)
FILTER_FIELDS: tuple[str, ...] = (
    "date_from",
    "date_to",
    "country",
    "admin1",
    "event_type",
    "side",
    "side_acting",
    "side_affected",
    "side_claiming",
    "dyad",
    "status",
    "review_status",
    "kind",
)


@dataclass(frozen=True)
class IncidentQuery:
    """The filters, sort and page: all of it lives in the URL query."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str = ""
    admin1: str = ""
    event_type: str = ""
    side: str = ""  # any part: acting, affected or claiming
    status: str = ""
    kind: str = ""
    sort: str = "date"
    order: str = "asc"
    page: int = 1
    per_page: int = 50
    side_acting: str = ""
    side_affected: str = ""
    side_claiming: str = ""
    dyad: str = ""
    review_status: str = ""

    def params(self, **changes: Any) -> dict[str, str]:
        """The non-default query parameters, with ``changes`` applied (for links)."""
        values = {
            **self.filter_params(),
            "sort": "" if self.sort == "date" else self.sort,
            "order": "" if self.order == "asc" else self.order,
            "page": "" if self.page == 1 else str(self.page),
            "per_page": "" if self.per_page == 50 else str(self.per_page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}

    def filter_params(self, **changes: Any) -> dict[str, str]:
        """Only the filters (what the map, timeline, report and downloads share), non-empty."""
        values = {k: getattr(self, k) for k in FILTER_FIELDS}
        values.update(changes)
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v))
            for k, v in values.items()
            if v not in (None, "")
        }

    @property
    def is_filtered(self) -> bool:
        return bool(self.filter_params())


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
    dyads: tuple[str, ...] = ()
    review_statuses: tuple[str, ...] = REVIEW_STATUSES


# --------------------------------------------------------------------------- the parts of an incident


def _clean(values: Iterable[str]) -> set[str]:
    return {v for v in values if v}


def sides_acting(inc: Incident) -> set[str]:
    """The side whose forces are reported acting (the reconciled reading: actor 1)."""
    return _clean([inc.actor1_side])


def sides_affected(inc: Incident) -> set[str]:
    """The side acted upon (actor 2) and every side a claim counts losses of."""
    return _clean([inc.actor2_side, *(rc.claim.side_affected for rc in inc.claims)])


def sides_claiming(inc: Incident) -> set[str]:
    """Every side whose claimants make a claim or a statement in the incident."""
    return _clean([*(rc.claim.claimant_side for rc in inc.claims), *(m.claimant_side for m in inc.mentions)])


def sides_any(inc: Incident) -> set[str]:
    return sides_acting(inc) | sides_affected(inc) | sides_claiming(inc)


def incident_dyad(inc: Incident) -> str:
    """The pair of sides ("XO-XV", sorted; "?" for an unknown side), as the report's escalation."""
    return dyad(inc.actor1_side, inc.actor2_side)


def review_statuses(inc: Incident) -> set[str]:
    """The incident's own review status and its claims': an incident with one verified claim
    matches ``review_status=verified``."""
    return {inc.review_status or "unreviewed"} | {rc.review_status or "unreviewed" for rc in inc.claims}


def _overlaps(inc: Incident, lo: dt.date | None, hi: dt.date | None) -> bool:
    if lo is None and hi is None:
        return True
    if inc.date_start is None:
        return False  # an undated incident cannot be placed in a period
    end = inc.date_end or inc.date_start
    return (lo is None or end >= lo) and (hi is None or inc.date_start <= hi)


def matches(inc: Incident, q: IncidentQuery) -> bool:
    """Whether the incident passes every filter of ``q`` (sort and page aside)."""
    if not _overlaps(inc, q.date_from, q.date_to):
        return False
    if q.country and q.country.upper() not in {p.country.upper() for p in inc.places}:
        return False
    if q.admin1 and q.admin1.casefold() not in {p.admin1.casefold() for p in inc.places}:
        return False
    if q.event_type and q.event_type not in (inc.event_type, inc.sub_event_type):
        return False
    for wanted, found in (
        (q.side, sides_any),
        (q.side_acting, sides_acting),
        (q.side_affected, sides_affected),
        (q.side_claiming, sides_claiming),
    ):
        if wanted and wanted.upper() not in found(inc):
            return False
    if q.dyad and q.dyad.upper() != incident_dyad(inc).upper():
        return False
    if q.status and q.status != inc.status:
        return False
    if q.review_status and q.review_status not in review_statuses(inc):
        return False
    return not (q.kind and q.kind != inc.kind)


def filtered(incidents: Sequence[Incident], q: IncidentQuery) -> list[Incident]:
    """THE filter: the incidents matching ``q``, in export order (date, unknown last, then id).
    Every view and download of the workspace selects its incidents here."""
    return sorted((i for i in incidents if matches(i, q)), key=lambda i: (i.date_start or dt.date.max, i.id))


# --------------------------------------------------------------------------- the list


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


def select(
    cards: Sequence[IncidentCard], q: IncidentQuery, incidents: Sequence[Incident] | None = None
) -> Page:
    """One page of the cards of the incidents matching ``q`` (``incidents`` are the records the
    cards were built from; the filter reads them)."""
    if incidents is None:
        hits = list(cards)
    else:
        ids = {i.id for i in filtered(incidents, q)}
        hits = [c for c in cards if c.id in ids]
    hits.sort(key=_sort_key(q.sort), reverse=q.order == "desc")
    pages = max(1, math.ceil(len(hits) / q.per_page))
    page = min(q.page, pages)
    start = (page - 1) * q.per_page
    return Page(tuple(hits[start : start + q.per_page]), len(hits), page, pages, q.per_page)


def facets(incidents: Sequence[Incident]) -> Facets:
    def uniq(values: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({v for v in values if v}))

    return Facets(
        countries=uniq(p.country for i in incidents for p in i.places),
        admin1=uniq(p.admin1 for i in incidents for p in i.places),
        event_types=uniq(i.event_type for i in incidents),
        sides=uniq(s for i in incidents for s in sides_any(i)),
        statuses=uniq(i.status for i in incidents),
        kinds=uniq(i.kind for i in incidents),
        dyads=uniq(incident_dyad(i) for i in incidents),
    )
