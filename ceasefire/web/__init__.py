"""The web workspace of ``ceasefire serve`` (FastAPI, Jinja2, vendored assets; fully offline)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
