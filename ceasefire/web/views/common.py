"""Request parameters and lookups shared by the HTML pages and their JSON twins."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Path, Query
from fastapi.responses import Response

from ...records import Document
from ...report import IncidentCard
from ..context import Snapshot, WebContext
from ..listing import IncidentQuery, filtered
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


def text_query(description: str, max_length: int = 20) -> Any:
    """A text filter of the query string: its length bound and what it selects (the API docs show it)."""
    return Query(max_length=max_length, description=description)


def incident_query(
    date_from: DateParam = "",
    date_to: DateParam = "",
    country: Annotated[str, text_query("ISO 3166-1 alpha-2 code.", 100)] = "",
    admin1: TextParam = "",
    event_type: Annotated[str, text_query("ACLED event type or sub-type.", 100)] = "",
    side: Annotated[str, text_query("A party acting, affected or claiming.")] = "",
    side_acting: Annotated[str, text_query("The party whose forces are reported acting.")] = "",
    side_affected: Annotated[str, text_query("The party acted upon, or whose losses a claim counts.")] = "",
    side_claiming: Annotated[str, text_query("A party whose claimants make a claim or statement.")] = "",
    dyad: Annotated[str, text_query('The pair of sides, sorted codes: "XO-XV" ("?" unknown).', 50)] = "",
    status: TextParam = "",
    review_status: Annotated[Literal["", "unreviewed", "verified", "corrected"], Query()] = "",
    kind: Annotated[Literal["", "event", "statements", "background"], Query()] = "",
    sort: Annotated[Literal["date", "fatalities", "status", "sources", "claims", "place"], Query()] = "date",
    order: Annotated[Literal["asc", "desc"], Query()] = "asc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> IncidentQuery:
    """The workspace's one filter, read from the URL query (list, map, timeline, report, downloads)."""
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
        side_acting=side_acting.strip(),
        side_affected=side_affected.strip(),
        side_claiming=side_claiming.strip(),
        dyad=dyad.strip(),
        review_status=review_status,
    )


Filter = Annotated[IncidentQuery, Depends(incident_query)]


def public_name(source: str) -> str:
    """A stored document's source as a viewer may see it: a URL as is, a local file by its name
    only, never the server's folders (``store.display.public_source``)."""
    from ...store.display import public_source

    return public_source(source)


def find_card(snap: Snapshot, incident_id: str) -> IncidentCard:
    card = snap.card(incident_id)
    if card is None:
        raise HTTPException(404, f"no incident {incident_id!r} (or the prefix is ambiguous)")
    return card


def find_document(c: WebContext, document_id: str) -> Document:
    return c.store.get_document(document_id)  # NotFound becomes a 404 in the app's handler


# --------------------------------------------------------------------------- downloads

DownloadFormat = Literal["acled-csv", "claims-csv", "json", "geojson", "parquet", "claims-parquet"]
DOWNLOADS: dict[str, tuple[str, str, str]] = {
    # format: (what, file name, media type)
    "claims-csv": ("claims table (CSV)", "ceasefire-claims.csv", "text/csv; charset=utf-8"),
    "acled-csv": ("ACLED-style events (CSV)", "ceasefire-acled.csv", "text/csv; charset=utf-8"),
    "geojson": ("GeoJSON", "ceasefire.geojson", "application/geo+json"),
    "json": ("JSON", "ceasefire.json", "application/json"),
    "parquet": ("incidents (Parquet)", "incidents.parquet", "application/vnd.apache.parquet"),
    "claims-parquet": ("claims (Parquet)", "claims.parquet", "application/vnd.apache.parquet"),
}


def download(c: WebContext, q: IncidentQuery, fmt: str, incident: str = "") -> Response:
    """The filter's incidents (or one incident) written by the CLI's export code
    (``ceasefire.export.export``) into a temporary folder and sent back as a file."""
    import tempfile
    from pathlib import Path as FsPath

    from ...export import export

    snap = c.snapshot()
    if incident:
        found = snap.incident(incident)
        if found is None:
            raise HTTPException(404, f"no incident {incident!r} (or the prefix is ambiguous)")
        incidents = [found]
    else:
        incidents = filtered(snap.incidents, q)
    _what, name, media = DOWNLOADS[fmt]
    with tempfile.TemporaryDirectory(prefix="ceasefire-download-") as tmp:
        if fmt in ("parquet", "claims-parquet"):
            export(incidents, "parquet", FsPath(tmp) / "incidents.parquet", reference=c.reference)
        else:
            export(incidents, fmt, FsPath(tmp) / name, reference=c.reference)
        body = (FsPath(tmp) / name).read_bytes()
    if incident:
        name = f"incident-{incidents[0].id[:12]}-{name}"
    return Response(
        body,
        media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"', "cache-control": "no-store"},
    )


def download_links(q: IncidentQuery, incident: str = "") -> list[tuple[str, str]]:
    """(label, href) of every download of what a view shows: the same filter, or one incident."""
    from urllib.parse import urlencode

    params = {"incident": incident} if incident else q.filter_params()
    qs = ("?" + urlencode(params)) if params else ""
    return [(what, f"/download/{fmt}{qs}") for fmt, (what, _n, _m) in DOWNLOADS.items()]
