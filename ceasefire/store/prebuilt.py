"""A new SQLite store's schema without Alembic: the statements the migrations leave in a new file.

Running the migrations on a new SQLite file costs ~0.15-0.3 s (importing Alembic, reading the
revisions, seven upgrades with batch-mode table rebuilds) at the start of every ``ingest`` into a
new store, before any work; replaying the schema they produce costs a few milliseconds.
``migrations/sqlite_schema.json`` holds that schema (``sqlite_master``'s statements in creation order, and
the revision), made by the migrations themselves (``python -m ceasefire.store.prebuilt``
rewrites it), with a digest of the migrations' sources: when a revision is added or edited the
digest no longer matches and new stores go through Alembic again until the file is rewritten
(``tests/test_store_schema.py`` fails meanwhile). PostgreSQL stores always run the migrations.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

FILE = "migrations/sqlite_schema.json"  # in the folder the package data already ships


def sources_digest() -> str:
    """A digest of the migrations' sources (environment, shared DDL, every revision)."""
    h = hashlib.sha1()
    root = files("ceasefire.store") / "migrations"
    for folder in (root, root / "versions"):
        for f in sorted(folder.iterdir(), key=lambda f: f.name):
            if f.is_file() and f.name.endswith(".py"):
                h.update(f.name.encode())
                h.update(f.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def current() -> tuple[tuple[str, ...], str] | None:
    """(statements, revision) of the prebuilt schema, or None when it is missing or was made by
    other migrations than these."""
    try:
        data = json.loads(files("ceasefire.store").joinpath(FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("digest") != sources_digest():
        return None
    return tuple(data["statements"]), str(data["revision"])


def dump(conn: Any) -> dict[str, Any]:
    """The prebuilt schema of a SQLite store the migrations just brought to head (``conn``: a
    SQLAlchemy connection to it)."""
    rows = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
    statements = [r[0] for r in rows]
    (revision,) = conn.exec_driver_sql("SELECT version_num FROM alembic_version").one()
    return {
        "comment": "made by `python -m ceasefire.store.prebuilt` from the migrations; do not edit",
        "digest": sources_digest(),
        "revision": revision,
        "statements": statements,
    }


def create(conn: Any) -> bool:
    """Create the schema in the empty SQLite database of ``conn`` (inside the caller's
    transaction); False, doing nothing, when the database is not empty or no current prebuilt
    schema exists (the caller then runs the migrations)."""
    prebuilt = current()
    if prebuilt is None:
        return False
    if conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
        return False
    statements, revision = prebuilt
    for sql in statements:
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES (?)", (revision,))
    return True


def main() -> None:
    """Rewrite ``migrations/sqlite_schema.json`` from the migrations (run after adding or editing one)."""
    from pathlib import Path

    from sqlalchemy import create_engine

    from . import migrate

    engine = create_engine("sqlite://")
    try:
        migrate(engine, prebuilt=False)
        with engine.connect() as conn:
            data = dump(conn)
    finally:
        engine.dispose()
    path = Path(str(files("ceasefire.store").joinpath(FILE)))
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    current.cache_clear()
    print(f"wrote {path} (revision {data['revision']}, {len(data['statements'])} statements)")


if __name__ == "__main__":
    main()
