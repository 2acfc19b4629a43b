"""Request parameters and lookups shared by the HTML pages and their JSON twins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import HTTPException, Path, Query

from ...records import Document
from ...report import IncidentCard
from ..context import Snapshot, WebContext
from ..listing import IncidentQuery
from ..security import ID_PATTERN

IdPath = Annotated[str, Path(pattern=ID_PATTERN, max_length=128, description="An id or a unique id prefix.")]
DateParam = Annotated[str, Query(max_length=10, description="A day, YYYY-MM-DD (empty: no bound).")]
TextParam = Annotated[str, Query(max_length=100)]


def parse_day(value: str, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise HTTPException(422, f"{name} must be a day like 2021-11-16, got {value!r}") from e


def incident_query(
    date_from: DateParam = "",
    date_to: DateParam = "",
    country: Annotated[str, Query(max_length=100, description="ISO 3166-1 alpha-2 code.")] = "",
    admin1: TextParam = "",
    event_type: Annotated[str, Query(max_length=100, description="ACLED event type or sub-type.")] = "",
    side: Annotated[str, Query(max_length=20, description="A party (actor or claimant side).")] = "",
    status: TextParam = "",
    kind: Annotated[Literal["", "event", "statements"], Query()] = "",
    sort: Annotated[Literal["date", "fatalities", "status", "sources", "claims", "place"], Query()] = "date",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> IncidentQuery:
    lo, hi = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    if lo and hi and lo > hi:
        raise HTTPException(422, f"date_from {lo} is after date_to {hi}")
    return IncidentQuery(
        lo,
        hi,
        country.strip(),
        admin1.strip(),
        event_type.strip(),
        side.strip(),
        status.strip(),
        kind,
        sort,
        order,
        page,
        per_page,
    )


def find_card(snap: Snapshot, incident_id: str) -> IncidentCard:
    card = snap.card(incident_id)
    if card is None:
        raise HTTPException(404, f"no incident {incident_id!r} (or the prefix is ambiguous)")
    return card


def find_document(c: WebContext, document_id: str) -> Document:
    return c.store.get_document(document_id)  # NotFound becomes a 404 in the app's handler
