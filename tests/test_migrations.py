"""The migrations build exactly the schema ``store/schema.py`` declares: a fresh store migrated to
head has the metadata's tables, columns, types, nullability, server defaults and indexes, on SQLite
and on PostgreSQL (when tests/pg_fixtures.py can start a server)."""

from __future__ import annotations

import re
from importlib.resources import as_file, files
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from ceasefire.store import migrate, schema


def _plain(default: str | None) -> str | None:
    """A server default as text without the quoting and casts a database adds when it is read
    back: SQLite gives ``('')`` or ``'1.0'``, PostgreSQL ``''::character varying``. Alembic's own
    comparison takes ``('')`` for different from ``''`` (its pattern needs a character inside)."""
    if default is None:
        return None
    text = default.strip()
    text = re.sub(r"::[a-z ]+$", "", text)
    text = re.sub(r"^\((.*)\)$", r"\1", text)
    text = re.sub(r"::[a-z ]+$", "", text)
    return re.sub(r"^'(.*)'$", r"\1", text)


def _server_default_differs(
    _ctx: Any, _inspected: Any, _meta: Any, inspected: str | None, _meta_default: Any, rendered: str | None
) -> bool:
    a, b = _plain(inspected), _plain(rendered)
    try:  # PostgreSQL reads a float column's '1.0' back as '1'
        return float(a or "") != float(b or "")
    except ValueError:
        return a != b


def _differences(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        migrate(engine)
        with engine.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": _server_default_differs}
            )
            return list(compare_metadata(ctx, schema.metadata))
    finally:
        engine.dispose()


def test_plain_default_reads_what_databases_give_back() -> None:
    assert _plain("('')") == ""
    assert _plain("'1.0'") == "1.0"
    assert _plain("''::character varying") == ""
    assert _plain("'x'::text") == "x"
    assert _plain("false") == "false"
    assert _plain(None) is None
    assert not _server_default_differs(None, None, None, "'1'::double precision", None, "1.0")
    assert _server_default_differs(None, None, None, "('')", None, "x")


def test_revisions_form_one_chain_in_order() -> None:
    with as_file(files("ceasefire.store") / "migrations") as path:
        cfg = Config()
        cfg.set_main_option("script_location", str(path))
        script = ScriptDirectory.from_config(cfg)
        chain = [r.revision for r in script.walk_revisions()]
    assert chain == ["0007", "0006", "0005", "0004", "0003", "0002", "0001"]


def test_sqlite_store_at_head_matches_schema() -> None:
    assert _differences("sqlite://") == []


def test_comparison_sees_a_difference() -> None:
    # the comparison is not blind: a column the metadata lacks is reported
    engine = create_engine("sqlite://")
    migrate(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE reviews ADD COLUMN extra TEXT")
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": _server_default_differs}
        )
        diffs = compare_metadata(ctx, schema.metadata)
    engine.dispose()
    assert [d[0] for d in diffs] == ["remove_column"]


@pytest.mark.postgres
def test_postgresql_store_at_head_matches_schema(pg_database: str) -> None:
    assert _differences(pg_database) == []
