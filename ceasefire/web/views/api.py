"""The JSON twins of the pages, under /api/ (schema at /openapi.json)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import JSONResponse

from ... import api as lib
from ...report import incident_row, to_jsonable
from ..highlight import document_spans
from ..listing import IncidentQuery, facets, select
from ..overview import map_features, timeline
from ..rendering import csrf_for, ctx, set_csrf_cookie
from .common import DateParam, IdPath, find_card, find_document, incident_query, parse_day

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
def incidents(request: Request, q: Annotated[IncidentQuery, Depends(incident_query)]) -> dict[str, Any]:
    """Incidents matching the filters: the same query parameters as the /incidents page."""
    snap = ctx(request).snapshot()
    page = select(snap.cards, q)
    return {
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "per_page": page.per_page,
        "items": [
            {**to_jsonable(incident_row(c)), "url": f"/incidents/{c.id}", "api": f"/api/incidents/{c.id}"}
            for c in page.items
        ],
        "facets": to_jsonable(facets(snap.cards)),
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
        "document": doc.to_dict(),
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


@router.get("/map")
def map_data(request: Request) -> dict[str, Any]:
    """Located incidents as GeoJSON points (the map page sizes them by fatalities)."""
    return map_features(ctx(request).snapshot().cards)


@router.get("/timeline")
def timeline_data(request: Request) -> dict[str, Any]:
    """Incidents and statements per day, by the side that acted."""
    out: dict[str, Any] = to_jsonable(timeline(ctx(request).snapshot().cards))
    return out


@router.get("/outlets")
def outlets(request: Request) -> list[dict[str, Any]]:
    """Per outlet: alignment, documents, loaded terms, whose officials it quotes."""
    out: list[dict[str, Any]] = to_jsonable(ctx(request).snapshot().report.outlets)
    return out


@router.get("/report", responses=BAD_QUERY)
def report(request: Request, date_from: DateParam = "", date_to: DateParam = "") -> dict[str, Any]:
    """The periodic report's figures (the /report page prints them)."""
    lo, hi = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    out: dict[str, Any] = to_jsonable(ctx(request).report(lo, hi))
    return out


@router.get("/jobs/{job_id}", responses=NOT_FOUND)
def job(request: Request, job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{1,64}$")]) -> dict[str, Any]:
    """An ingest job's progress (started by POST /api/ingest or the ingest page)."""
    j = ctx(request).jobs.get(job_id)
    if j is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return j.to_dict()
