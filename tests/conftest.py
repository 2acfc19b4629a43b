"""Shared fixtures: small stores, settings, a local HTTP server, the seeds when present."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ceasefire.settings import Settings
from ceasefire.store import Store

from .pg_fixtures import pg_cluster, pg_database, pg_empty_database, wants_postgresql

__all__ = ["pg_cluster", "pg_database", "pg_empty_database"]  # fixtures, re-exported for all tests

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


# The fixtures through which a test reaches PostgreSQL on the PostgreSQL pass.
PG_FIXTURES = frozenset({"store", "file_store", "pg_database", "pg_empty_database", "pg_cluster"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass (CEASEFIRE_TEST_DB=postgresql) only the tests that take a store from
    the fixtures above run: every other test opens a SQLite store of its own, or none, and would
    only repeat the SQLite pass (measured: ~40% of CI's time, none of it on PostgreSQL)."""
    if not wants_postgresql():
        return
    keep = [i for i in items if PG_FIXTURES & set(getattr(i, "fixturenames", ()))]
    if len(keep) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep


@pytest.fixture
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    # CEASEFIRE_TEST_DB=postgresql: the same tests on a fresh PostgreSQL database each
    url = request.getfixturevalue("pg_database") if wants_postgresql() else "sqlite:///:memory:"
    s = Store(url)
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    url = request.getfixturevalue("pg_database") if wants_postgresql() else str(tmp_path / "t.db")
    s = Store(url)
    yield s
    s.close()


@pytest.fixture
def settings() -> Settings:
    return Settings(db="sqlite:///:memory:")


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present in this checkout")
    return SEEDS


class Site(ThreadingHTTPServer):
    """A throw-away web server on 127.0.0.1 serving a dict of path -> (status, headers, body)."""

    daemon_threads = True

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.hits: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        status, headers, body = self.server.routes.get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[Site]:
    srv = Site({})
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()
