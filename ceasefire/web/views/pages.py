"""The HTML pages (server-rendered; the scripts in /static only add to them). The list, the
map, the timeline, the report and the downloads read the same filter from the URL
(``common.incident_query``) and select with ``listing.filtered``; their links keep the query."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...report.cards import place_label
from ...report.charts import basemap_files
from ..context import WebContext
from ..highlight import document_spans, segments
from ..listing import IncidentQuery, facets, filtered, select
from ..overview import map_features, timeline
from ..rendering import ctx, render
from ..security import REPORT_CSP
from .common import (
    DownloadFormat,
    Filter,
    IdPath,
    download,
    download_links,
    find_card,
    find_document,
    public_name,
)
from .review import card_review

router = APIRouter(include_in_schema=False)
VIEWS = (("/incidents", "list"), ("/map", "map"), ("/timeline", "timeline"), ("/report", "report"))


def shared(c: WebContext, q: IncidentQuery, **more: Any) -> dict[str, Any]:
    """What every filtered page shows: its filter in words, the other views with the same
    query, and the downloads of exactly what it shows."""
    qs = urlencode(q.filter_params())
    return {
        "nav_qs": qs,
        "fq": q,
        "filter_words": filter_words(c, q),
        "views": [(href + ("?" + qs if qs else ""), label) for href, label in VIEWS],
        "downloads": download_links(q),
        "side_name": c.side_name,
        "dyad_name": lambda d: dyad_name(c, d),
        **more,
    }


def dyad_name(c: WebContext, d: str) -> str:
    a, _, b = d.partition("-")
    return " – ".join(c.side_name(s) if s != "?" else "unknown side" for s in (a, b))


def filter_words(c: WebContext, q: IncidentQuery) -> list[str]:
    """The filter as a reader says it ("Xland's forces reported acting")."""
    out = []
    if q.date_from or q.date_to:
        lo = q.date_from.isoformat() if q.date_from else "the start"
        hi = q.date_to.isoformat() if q.date_to else "the end"
        out.append(f"from {lo} to {hi}")
    for value, words in (
        (q.country, "in {}"),
        (q.admin1, "in {}"),
        (q.event_type, "type {}"),
        (q.status, "status {}"),
        (q.review_status, "review {}"),
        (q.kind, "kind {}"),
    ):
        if value:
            out.append(words.format(value))
    for value, words in (
        (q.side, "{} involved"),
        (q.side_acting, "{}'s forces reported acting"),
        (q.side_affected, "{} affected"),
        (q.side_claiming, "{} claiming"),
    ):
        if value:
            out.append(words.format(c.side_name(value)))
    if q.dyad:
        out.append(f"between {dyad_name(c, q.dyad)}")
    return out


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, q: Filter) -> Response:
    c = ctx(request)
    snap = c.snapshot()
    page = select(snap.cards, q, snap.incidents)
    return render(
        request,
        "incidents.html",
        q=q,
        page=page,
        facets=facets(snap.incidents),
        all_count=len(snap.cards),
        place_label=place_label,
        **shared(c, q),
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: IdPath) -> Response:
    card = find_card(ctx(request).snapshot(), incident_id)
    return render(
        request,
        "incident.html",
        c=card,
        place_label=place_label,
        downloads=download_links(IncidentQuery(), card.id),
        review=card_review(ctx(request), card),  # H3: the card's review state (views/review.py)
    )


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
        source_name=public_name(doc.source),
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, q: Filter) -> Response:
    c = ctx(request)
    chosen = filtered(c.snapshot().incidents, q)
    located = map_features(chosen)["features"]
    qs = urlencode(q.filter_params())
    return render(
        request,
        "map.html",
        n_located=len(located),
        n_all=len(chosen),
        data_src="/api/map" + ("?" + qs if qs else ""),
        **shared(c, q),
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, q: Filter) -> Response:
    c = ctx(request)
    chosen = filtered(c.snapshot().incidents, q)
    qs = urlencode(q.filter_params())
    return render(
        request,
        "timeline.html",
        t=timeline(chosen, c.side_name),
        data_src="/api/timeline" + ("?" + qs if qs else ""),
        **shared(c, q),
    )


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> Response:
    return render(request, "outlets.html", outlets=ctx(request).snapshot().report.outlets)


def _month(d: dt.date) -> tuple[dt.date, dt.date]:
    first = d.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def report_controls(c: WebContext, q: IncidentQuery) -> dict[str, Any]:
    """The report page's period picker (presets: the last 7 and 30 days, this and last month,
    and each month the record holds), its filter in words, the other views and downloads."""
    today = dt.date.today()
    this_month = _month(today)
    last_month = _month(this_month[0] - dt.timedelta(days=1))
    presets = [
        ("last 7 days", today - dt.timedelta(days=6), today),
        ("last 30 days", today - dt.timedelta(days=29), today),
        ("this month", *this_month),
        ("last month", *last_month),
    ]
    months: dict[dt.date, int] = {}
    for inc in c.snapshot().incidents:
        if inc.date_start is not None and inc.date_precision in ("day", "week", "month"):
            first = inc.date_start.replace(day=1)
            months[first] = months.get(first, 0) + 1
    for first in sorted(months, reverse=True)[:24]:
        lo, hi = _month(first)
        presets.append((f"{first:%B %Y} ({months[first]})", lo, hi))
    keep = {k: v for k, v in q.filter_params().items() if k not in ("date_from", "date_to")}
    return {
        "action": "/report",
        "date_from": q.date_from.isoformat() if q.date_from else "",
        "date_to": q.date_to.isoformat() if q.date_to else "",
        "hidden": sorted(keep.items()),
        "presets": [
            (label, "/report?" + urlencode({**keep, "date_from": lo.isoformat(), "date_to": hi.isoformat()}))
            for label, lo, hi in presets
        ],
        "filter_words": filter_words(c, q),
        "views": shared(c, q)["views"],
        "downloads": download_links(q),
    }


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, q: Filter) -> Response:
    c = ctx(request)
    html = c.report_html(q, report_controls(c, q))
    # the library's report is one self-contained, script-free file: shown as is, printable
    return HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})


@router.get("/download/{fmt}")
def download_page(
    request: Request,
    fmt: DownloadFormat,
    q: Filter,
    incident: Annotated[str, Query(max_length=128, pattern=r"^[A-Za-z0-9_.:-]*$")] = "",
) -> Response:
    return download(ctx(request), q, fmt, incident)


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it whatever the page links (the printable report links none)."""
    from importlib.resources import files

    body = (files("ceasefire.web") / "static" / "favicon.svg").read_bytes()
    return Response(body, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})


@router.get("/basemap/{name}")
def basemap(name: str) -> Response:
    shipped = basemap_files()
    if name not in shipped:
        raise HTTPException(404, "no such outline file")
    body = shipped[name].read_bytes()
    return Response(body, media_type="application/geo+json", headers={"cache-control": "max-age=86400"})


def _schema_words(schema: dict[str, Any]) -> str:
    """A parameter's schema in a few words: its type, choices, bounds, pattern."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_schema_words(s) for s in schema["anyOf"])
    words = [str(schema.get("type", "any"))]
    if "enum" in schema:
        words.append("one of " + ", ".join(repr(v) for v in schema["enum"]))
    if "const" in schema:
        words.append(f"= {schema['const']!r}")
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("maxLength", "length ≤"), ("pattern", "matching")):
        if key in schema:
            words.append(f"{word} {schema[key]}")
    if "default" in schema and schema["default"] not in ("", None):
        words.append(f"default {schema['default']!r}")
    return ", ".join(words)


def api_operations(openapi: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI schema's operations, flattened for the human-readable page."""
    ops = []
    for path, item in sorted(openapi.get("paths", {}).items()):
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            ops.append(
                {
                    "id": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p.get("name", ""),
                            "where": p.get("in", ""),
                            "required": bool(p.get("required")),
                            "schema": _schema_words(p.get("schema", {})),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": bool(op.get("requestBody")),
                    "responses": [
                        (code, r.get("description", ""), ", ".join(r.get("content", {})))
                        for code, r in sorted(op.get("responses", {}).items())
                    ],
                }
            )
    return ops


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """The API described for people: every endpoint, its parameters and responses, generated
    from the app's own OpenAPI schema (no viewer script, nothing from a CDN)."""
    schema = request.app.openapi()
    return render(
        request,
        "apidocs.html",
        info=schema.get("info", {}),
        operations=api_operations(schema),
    )
