"""The JSON twins of the pages, under /api/ (schema at /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from ... import api as lib
from ...report import incident_row, to_jsonable
from ..highlight import document_spans
from ..listing import facets, filtered, select
from ..overview import map_features, timeline
from ..rendering import csrf_for, ctx, set_csrf_cookie
from .common import DownloadFormat, Filter, IdPath, download, find_card, find_document, public_name

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No record with that id."}}
BAD_QUERY: dict[int | str, dict[str, Any]] = {422: {"description": "A parameter is malformed."}}


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Whether the store answers, and whether this server accepts writes."""
    c = ctx(request)
    return {
        "ok": True,
        "read_only": c.read_only,
        "token_required": c.token is not None,
        "documents": c.store.count_documents(),
    }


@router.get("/csrf")
def csrf(request: Request) -> JSONResponse:
    """This session's CSRF token (also set as a SameSite=Strict cookie), for scripted writes."""
    response = JSONResponse({"csrf_token": csrf_for(request)})
    set_csrf_cookie(request, response)
    return response


@router.get("/incidents", responses=BAD_QUERY)
def incidents(request: Request, q: Filter) -> dict[str, Any]:
    """Incidents matching the filters: the same query parameters as the /incidents page (and
    the map, the timeline, the report and the downloads)."""
    snap = ctx(request).snapshot()
    page = select(snap.cards, q, snap.incidents)
    return {
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "per_page": page.per_page,
        "items": [
            {**to_jsonable(incident_row(c)), "url": f"/incidents/{c.id}", "api": f"/api/incidents/{c.id}"}
            for c in page.items
        ],
        "facets": to_jsonable(facets(snap.incidents)),
    }


@router.get("/incidents/{incident_id}", responses=NOT_FOUND)
def incident(request: Request, incident_id: IdPath) -> dict[str, Any]:
    """One incident's card: each side's claims, estimates, sources with their outlet's lean."""
    out: dict[str, Any] = to_jsonable(find_card(ctx(request).snapshot(), incident_id))
    return out


@router.get("/documents/{document_id}", responses=NOT_FOUND)
def document(request: Request, document_id: IdPath) -> dict[str, Any]:
    """A stored document: clean text, metadata, and its highlighted spans (claims, mentions,
    loaded terms) as character offsets into the text."""
    c = ctx(request)
    doc = find_document(c, document_id)
    return {
        # the source as a viewer may see it: a URL, or a file's name without the server's folders
        "document": {**doc.to_dict(), "source": public_name(doc.source)},
        "spans": [
            {"start": s.start, "end": s.end, "kind": s.kind, "anchor": s.anchor, "title": s.title}
            for s in document_spans(c.store, doc)
        ],
        "url": f"/documents/{doc.id}",
    }


@router.get("/claims")
def claims(request: Request) -> list[dict[str, Any]]:
    """Every claim with its document's source and outlet (the claims-csv columns)."""
    return lib.claim_rows(ctx(request).store)


@router.get("/map", responses=BAD_QUERY)
def map_data(request: Request, q: Filter) -> dict[str, Any]:
    """The filter's located incidents as the GeoJSON export's Point features (the map page
    sizes them by fatalities); the same query parameters as /api/incidents."""
    return map_features(filtered(ctx(request).snapshot().incidents, q))


@router.get("/timeline", responses=BAD_QUERY)
def timeline_data(request: Request, q: Filter) -> dict[str, Any]:
    """The filter's incidents per day (per week over a long span), one count per side whose
    forces are reported acting, statements apart; the same query parameters as /api/incidents."""
    c = ctx(request)
    out: dict[str, Any] = to_jsonable(timeline(filtered(c.snapshot().incidents, q), c.side_name))
    return out


@router.get("/outlets")
def outlets(request: Request) -> list[dict[str, Any]]:
    """Per outlet: alignment, documents, loaded terms, whose officials it quotes."""
    out: list[dict[str, Any]] = to_jsonable(ctx(request).snapshot().report.outlets)
    return out


@router.get("/report", responses=BAD_QUERY)
def report(request: Request, q: Filter) -> dict[str, Any]:
    """The periodic report's figures over the filter's incidents (the /report page prints them)."""
    out: dict[str, Any] = to_jsonable(ctx(request).report(q))
    return out


DOWNLOAD_RESPONSES: dict[int | str, dict[str, Any]] = {
    **BAD_QUERY,
    **NOT_FOUND,
    200: {
        "description": "The file, as `ceasefire export` writes it.",
        "content": {
            "text/csv": {},
            "application/json": {},
            "application/geo+json": {},
            "application/vnd.apache.parquet": {},
        },
    },
}


@router.get("/download/{fmt}", responses=DOWNLOAD_RESPONSES, response_class=Response)
def download_file(
    request: Request,
    fmt: DownloadFormat,
    q: Filter,
    incident: Annotated[
        str, Query(max_length=128, pattern=r"^[A-Za-z0-9_.:-]*$", description="One incident's id instead.")
    ] = "",
) -> Response:
    """The filter's incidents (or one incident) as a file, written by the same export code as
    `ceasefire export`: claims-csv, acled-csv, json, geojson, parquet (incidents) or
    claims-parquet. Also at /download/{fmt} (the links the pages offer)."""
    return download(ctx(request), q, fmt, incident)


@router.get("/jobs/{job_id}", responses=NOT_FOUND)
def job(request: Request, job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{1,64}$")]) -> dict[str, Any]:
    """An ingest job's progress (started by POST /api/ingest or the ingest page)."""
    j = ctx(request).jobs.get(job_id)
    if j is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return j.to_dict()
