"""What every view shares: the request's ``WebContext``, the CSRF cookie and the page renderer.

The views import this module; ``app.py`` imports the views (and this module for its error
pages); nothing here imports ``app.py``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from . import security
from .context import WebContext


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ceasefire.web", "templates"),
        autoescape=True,  # document text is always escaped; no template marks anything |safe
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    from urllib.parse import urlencode

    from ..report.labels import affected, lean

    env.globals.update(safe_href=security.safe_href, urlencode=urlencode, affected=affected, lean=lean)
    return env


def ctx(request: Request) -> WebContext:
    c: WebContext = request.app.state.ctx
    return c


def csrf_for(request: Request) -> str:
    """This session's CSRF token; a new one is minted (and set as a cookie by ``render``)."""
    token = security.csrf_cookie(request)
    if token is None:
        token = getattr(request.state, "new_csrf", None) or security.new_csrf()
        request.state.new_csrf = token
    return token


def set_csrf_cookie(request: Request, response: Response) -> None:
    token = getattr(request.state, "new_csrf", None)
    if token:
        response.set_cookie(
            security.CSRF_COOKIE, token, httponly=True, samesite="strict", secure=False, path="/"
        )


def render(request: Request, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    c = ctx(request)
    html = (
        templates()
        .get_template(template)
        .render(
            request_path=request.url.path,
            csrf_token=csrf_for(request),
            read_only=c.read_only,
            token_required=c.token is not None,
            **values,
        )
    )
    response = HTMLResponse(html, status_code=status_code)
    set_csrf_cookie(request, response)
    return response
