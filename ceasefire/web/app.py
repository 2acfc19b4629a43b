"""``create_app``: the FastAPI application of ``ceasefire serve``.

A thin layer over the store and the library: pages rendered on the server (Jinja2,
autoescape on) with small progressive scripts from /static, a JSON twin of every page under
/api/ with its OpenAPI schema, and every asset served from the package (no request leaves the
machine).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from importlib.resources import files
from typing import TYPE_CHECKING

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import CeasefireError, NotFound
from ..settings import Settings, load_settings
from ..store import Store
from . import security
from .context import WebContext
from .rendering import render
from .views import api, ingest, pages, review

if TYPE_CHECKING:
    from ..reference import Reference

# A request body larger than this is refused: before it is read when its Content-Length says
# so, and while it streams otherwise (chunked transfer), never buffering it. Uploads are also
# capped per file by settings.max_file_bytes while they are read.
MAX_BODY_BYTES = 100_000_000


class BodyTooLarge(HTTPException):
    """Raised inside ``receive`` when a streamed body passes the cap: the view reading it stops
    there (and removes what it wrote), and the app's error handler answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over the {limit // 1_000_000} MB limit")


class BodyLimit:
    """ASGI middleware: the request-body cap, enforced on the declared length and the stream."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope["headers"]:
            if key == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await JSONResponse({"detail": "request too large"}, status_code=413)(scope, receive, send)
                return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracked_send)
        except BodyTooLarge as e:
            # normally answered by the app's handler; this is for a reader outside it
            if started:
                raise
            await JSONResponse({"detail": e.detail}, status_code=413)(scope, receive, send)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", "text/html"
    )


def create_app(
    db_url: str,
    *,
    read_only: bool = False,
    token: str | None = None,
    settings: Settings | None = None,
    allowed_hosts: Sequence[str] | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    reference: Reference | None = None,
) -> FastAPI:
    """The web workspace over the store at ``db_url``.

    ``read_only`` refuses every write (ingest); ``token`` is then required for every write
    (``Authorization: Bearer`` or the form's token field). ``allowed_hosts`` limits the Host
    header (``ceasefire serve`` sets it on loopback against DNS rebinding). A request body over
    ``max_body_bytes`` is refused (413), declared or streamed. ``reference`` is the reference
    data (the settings' profiles and outlet files make it when None).
    """
    cfg = settings or load_settings(db=db_url)
    store = Store(db_url, create=not read_only)
    app = FastAPI(
        title="ceasefire",
        summary="Incidents, claims and evidence from partisan reports: the web workspace's JSON API.",
        version="0.1",
        docs_url=None,  # Swagger UI would load scripts from a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.ctx = WebContext(store, cfg, read_only=read_only, token=token, reference=reference)
    # inside the headers middleware below, so its 413 answers get the security headers too
    app.add_middleware(BodyLimit, limit=max_body_bytes)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("content-security-policy", security.CSP)
        for k, v in security.SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        return response

    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return render(
                request,
                "error.html",
                status_code=exc.status_code,
                status=exc.status_code,
                message=str(exc.detail),
            )
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _bad_query(request: Request, exc: RequestValidationError) -> Response:
        # a browser gets the error page, in words; a script the validation details as JSON
        if _wants_html(request):
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
                for e in exc.errors()
            )
            return render(request, "error.html", status_code=422, status=422, message=problems)
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(CeasefireError)
    async def _domain_error(request: Request, exc: CeasefireError) -> Response:
        status = 404 if isinstance(exc, NotFound) else 400
        if _wants_html(request):
            return render(request, "error.html", status_code=status, status=status, message=str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=status)

    static_dir = files("ceasefire.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(ingest.router)
    app.include_router(review.router)
    return app
