"""A new SQLite store gets its schema from ``store/prebuilt.py`` (the statements the migrations
leave, replayed without Alembic): the same schema, the same revision, and the migrations run
again whenever the prebuilt file is not theirs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from ceasefire.store import Store, migrate, prebuilt


def _schema(url: str, **kw: Any) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    engine = create_engine(url)
    try:
        migrate(engine, **kw)
        with engine.connect() as conn:
            master = conn.exec_driver_sql(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"
            )
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version")
            return [tuple(r) for r in master], [tuple(r) for r in version]
    finally:
        engine.dispose()


def test_the_prebuilt_schema_is_the_one_the_migrations_make_now() -> None:
    engine = create_engine("sqlite://")
    migrate(engine, prebuilt=False)
    with engine.connect() as conn:
        made = prebuilt.dump(conn)
    engine.dispose()
    shipped = json.loads(Path(str(prebuilt.files("ceasefire.store").joinpath(prebuilt.FILE))).read_text())
    assert shipped == made, "a migration changed: run `python -m ceasefire.store.prebuilt`"
    assert prebuilt.current() is not None


def test_a_new_store_from_the_prebuilt_schema_equals_one_migrated_by_alembic(tmp_path: Path) -> None:
    sys.modules.pop("alembic.command", None)
    fast = _schema(f"sqlite:///{tmp_path / 'fast.db'}")
    assert "alembic.command" not in sys.modules  # Alembic was not even imported
    slow = _schema(f"sqlite:///{tmp_path / 'slow.db'}", prebuilt=False)
    assert fast == slow and fast[1] == [("0007",)] and len(fast[0]) > 10
    # Alembic finds the prebuilt store at head: upgrading it again changes nothing
    again = _schema(f"sqlite:///{tmp_path / 'fast.db'}", prebuilt=False)
    assert again == fast


def test_the_migrations_run_when_the_prebuilt_schema_is_not_theirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    prebuilt.current.cache_clear()
    monkeypatch.setattr(prebuilt, "sources_digest", lambda: "another set of migrations")
    try:
        assert prebuilt.current() is None
        created: list[bool] = []
        real = prebuilt.create
        monkeypatch.setattr(prebuilt, "create", lambda conn: created.append(real(conn)) or created[-1])
        st = Store(f"sqlite:///{tmp_path / 'x.db'}")
        assert created == [False] and st.count_documents() == 0  # migrated by Alembic instead
        st.close()
    finally:
        prebuilt.current.cache_clear()
    assert _schema(f"sqlite:///{tmp_path / 'x.db'}") == _schema(f"sqlite:///{tmp_path / 'y.db'}")


def test_an_existing_store_is_left_to_the_migrations(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    st = Store(f"sqlite:///{path}")
    st.close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        assert prebuilt.create(conn) is False  # not empty: nothing replayed over it
        conn.rollback()
    engine.dispose()
