"""PostgreSQL for the tests: one throw-away cluster per session, one fresh database per test.

The cluster comes from ``scripts/pg_cluster.sh`` (Debian's initdb/pg_ctl, 127.0.0.1, a free
port, a temporary data directory), unless ``CEASEFIRE_PG_URL`` already names a server to use,
e.g. one started by ``scripts/pg_cluster.sh run``. Tests needing PostgreSQL skip only when the
server binaries are absent; when ``CEASEFIRE_TEST_DB=postgresql`` asks for the whole suite on
PostgreSQL, a missing server is an error instead, so that CI can never pass by skipping.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "pg_cluster.sh"
URL_ENV = "CEASEFIRE_PG_URL"
TEST_DB_ENV = "CEASEFIRE_TEST_DB"


def wants_postgresql() -> bool:
    """True when the suite was asked to run its store fixtures on PostgreSQL."""
    return os.environ.get(TEST_DB_ENV, "").strip().lower() in {"postgresql", "postgres", "pg"}


def server_bindir() -> Path | None:
    """Where initdb and pg_ctl are, or None when the server is not installed."""
    env = os.environ.get("PG_BINDIR")
    candidates = [env] if env else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(out.stdout.strip())
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def _version_key(path: str) -> tuple[int, ...]:
    parts = Path(path).parent.name.split(".")
    return tuple(int(p) if p.isdigit() else 0 for p in parts)


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as a libpq connection string (psycopg does not know "+psycopg")."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass(frozen=True)
class PgCluster:
    """A running server: ``url`` is its maintenance database; ``directory`` is None when the
    server was not started by us (and so is not ours to stop)."""

    url: str
    directory: Path | None = None

    def database_url(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(database=name).render_as_string(hide_password=False)

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg

        with psycopg.connect(_libpq(self.url), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, *, icu_locale: str | None = None) -> str:
        """A new, empty database; its URL. ``icu_locale`` (e.g. "en-US") gives it a linguistic
        default collation, as a team's server often has, instead of the cluster's C locale."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        extra = f" LOCALE_PROVIDER icu ICU_LOCALE '{icu_locale}'" if icu_locale else ""
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0{extra}')
        return self.database_url(name)

    def drop_database(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        # FORCE: a test that stopped reading a streamed query half-way may leave a session open
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create_schema(self) -> str:
        """A new, empty schema in the maintenance database; a store URL whose connections use it.

        A schema costs a few milliseconds where copying a database costs a few hundred, and the
        store still migrates it from nothing, so every test also exercises the migrations.
        """
        name = f"t_{uuid.uuid4().hex[:16]}"
        self.admin(f'CREATE SCHEMA "{name}"')
        return f"{self.url}?options=-csearch_path%3D{name}"

    def drop_schema(self, url: str) -> None:
        import psycopg

        name = url.rsplit("%3D", 1)[1]
        with psycopg.connect(_libpq(self.url), autocommit=True) as conn:
            conn.execute("SET lock_timeout = '5s'")
            try:
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            except psycopg.errors.LockNotAvailable:
                # a test left a streamed query half-read: end its session, then drop
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def start_cluster() -> PgCluster:
    """Start a throw-away cluster with scripts/pg_cluster.sh (needs the server binaries)."""
    out = subprocess.run(
        ["bash", str(SCRIPT), "start"], capture_output=True, text=True, check=False, timeout=180
    )
    lines = out.stdout.split()
    if out.returncode != 0 or len(lines) < 2:
        raise RuntimeError(f"scripts/pg_cluster.sh start failed:\n{out.stderr}{out.stdout}")
    return PgCluster(lines[0], Path(lines[1]))


def stop_cluster(cluster: PgCluster) -> None:
    if cluster.directory is not None:
        subprocess.run(
            ["bash", str(SCRIPT), "stop", str(cluster.directory)],
            capture_output=True,
            check=False,
            timeout=120,
        )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """A PostgreSQL server for this test session, torn down afterwards if we started it."""
    given = os.environ.get(URL_ENV)
    if given:
        cluster = PgCluster(given)
    else:
        if server_bindir() is None:
            reason = (
                "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin "
                "or via pg_config: apt-get install postgresql, or set CEASEFIRE_PG_URL"
            )
            if wants_postgresql():
                pytest.fail(f"{TEST_DB_ENV}=postgresql but {reason}", pytrace=False)
            pytest.skip(reason)
        cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture
def pg_database(pg_cluster: PgCluster) -> Iterator[str]:
    """A store URL on a fresh, empty schema of its own, dropped after the test."""
    url = pg_cluster.create_schema()
    try:
        yield url
    finally:
        pg_cluster.drop_schema(url)


@pytest.fixture
def pg_empty_database(pg_cluster: PgCluster) -> Iterator[str]:
    """The URL of a fresh database with no tables at all (what a team starts from)."""
    url = pg_cluster.create_database()
    try:
        yield url
    finally:
        pg_cluster.drop_database(url)
