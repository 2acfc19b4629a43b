"""The HTML pages (server-rendered; the scripts in /static only add to them)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...report.cards import place_label
from ...report.charts import basemap_files
from ..highlight import document_spans, segments
from ..listing import IncidentQuery, facets, select
from ..overview import map_features, timeline
from ..rendering import ctx, render
from ..security import REPORT_CSP
from .common import DateParam, IdPath, find_card, find_document, incident_query, parse_day

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, q: Annotated[IncidentQuery, Depends(incident_query)]) -> Response:
    snap = ctx(request).snapshot()
    page = select(snap.cards, q)
    return render(
        request,
        "incidents.html",
        q=q,
        page=page,
        facets=facets(snap.cards),
        all_count=len(snap.cards),
        place_label=place_label,
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: IdPath) -> Response:
    card = find_card(ctx(request).snapshot(), incident_id)
    return render(request, "incident.html", c=card, place_label=place_label)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request,
    document_id: IdPath,
    claim: Annotated[str, Query(max_length=128)] = "",
    mention: Annotated[str, Query(max_length=128)] = "",
) -> Response:
    c = ctx(request)
    doc = find_document(c, document_id)
    segs = segments(doc.text, document_spans(c.store, doc, claim=claim, mention=mention))
    try:
        outlet = c.reference.outlets.get(doc.outlet) if doc.outlet else None
    except Exception:  # an outlet missing from the registry is shown by its name only
        outlet = None
    incidents = [card for card in c.snapshot().cards if any(s.document_id == doc.id for s in card.sources)]
    return render(
        request,
        "document.html",
        doc=doc,
        segments=segs,
        outlet=outlet,
        focus_claim=claim,
        incidents=incidents,
        n_claims=sum(1 for s in segs if "claim" in s.classes.split()),
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> Response:
    snap = ctx(request).snapshot()
    located = map_features(snap.cards)["features"]
    return render(request, "map.html", n_located=len(located), n_all=len(snap.cards))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> Response:
    return render(request, "timeline.html", t=timeline(ctx(request).snapshot().cards))


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> Response:
    return render(request, "outlets.html", outlets=ctx(request).snapshot().report.outlets)


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, date_from: DateParam = "", date_to: DateParam = "") -> Response:
    lo, hi = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    html = ctx(request).report_html(lo, hi)
    # the library's report is one self-contained, script-free file: shown as is, printable
    return HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})


@router.get("/basemap/{name}")
def basemap(name: str) -> Response:
    shipped = basemap_files()
    if name not in shipped:
        raise HTTPException(404, "no such outline file")
    body = shipped[name].read_bytes()
    return Response(body, media_type="application/geo+json", headers={"cache-control": "max-age=86400"})
