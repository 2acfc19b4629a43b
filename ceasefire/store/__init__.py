"""The store: SQLAlchemy 2 over SQLite (default) or PostgreSQL, migrated with Alembic.

Every write of a document is its own transaction, and inserts are upserts keyed on stable ids
(``ON CONFLICT DO NOTHING``), not check-then-insert: a crash or Ctrl-C mid-ingest leaves a
consistent store, a re-run resumes, and concurrent writers neither lose nor double rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from importlib.resources import as_file, files
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    RowMapping,
    String,
    Table,
    and_,
    create_engine,
    event,
    func,
    insert,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..errors import NotFound, StoreError
from ..records import (
    CLAIM,
    DOCUMENT,
    FRAMING,
    MENTION,
    REVIEW,
    Claim,
    Document,
    Extraction,
    Mention,
    Rejected,
    Review,
    partial_date,
)
from ..settings import DEFAULT_DB, db_url
from . import schema
from .display import public_source


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sqlite_read_only_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


WAL_SWITCH_SECONDS = 30.0  # how long a process waits for another to let it switch a new file to WAL


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # busy_timeout first: it lets two writers queue; WAL keeps readers (the web UI) working
    # during ingest
    cur.execute("PRAGMA busy_timeout=30000")
    # switching a new file to WAL needs the file to itself; with four processes opening a new
    # store at once, one got "database is locked" here despite busy_timeout (a fresh-clone CI
    # run of tests/test_sqlite_concurrency.py, 2026-12-07): wait for the others, as
    # busy_timeout does for writes (20 loops of the test pass with it)
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


# arbitrary fixed 64-bit keys naming ceasefire's PostgreSQL advisory locks
_MIGRATION_LOCK = 0x6365_6173_6566_6972  # schema migration
_INCIDENTS_LOCK = 0x6365_6173_6566_6973  # incident membership writes


def migrate(engine: Engine, *, prebuilt: bool = True) -> None:
    """Bring the schema to the newest revision (idempotent). A new, empty SQLite database gets the
    schema the migrations produce from ``prebuilt.py`` (unless ``prebuilt`` is False), without
    Alembic."""
    if prebuilt and engine.dialect.name == "sqlite":
        from . import prebuilt as built

        with engine.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # as below: a second process waits, then finds it
            if built.create(conn):
                conn.commit()
                return
            conn.rollback()
    from alembic import command
    from alembic.config import Config

    with as_file(files("ceasefire.store") / "migrations") as path, engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            # several processes opening a fresh store at once would each create the tables and
            # all but one fail; the lock queues them and is released when this transaction ends,
            # after which the others find the schema at head and do nothing
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        elif engine.dialect.name == "sqlite":
            # the same on SQLite: BEGIN IMMEDIATE takes the database's write lock before the
            # schema is even read, so a second process waits (busy_timeout) and then finds the
            # schema at head; SQLite's DDL is transactional, so a crash leaves no half schema
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        cfg = Config()
        cfg.set_main_option("script_location", str(path))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL (None for another database or an in-memory store)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url[len("sqlite:///") :].split("?", 1)[0]
    return None if path in ("", ":memory:") or path.startswith("file:") else path


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` for a command that reads it: a SQLite file that does not exist is a
    :class:`StoreError` ("no store at PATH"), and nothing is created; a SQLite file this user
    cannot write is opened read-only (reads work; a write raises StoreError)."""
    full = db_url(url or DEFAULT_DB)
    path = sqlite_path(full)
    if path is None:
        return Store(full)
    if not os.path.lexists(path):
        raise StoreError(
            f"no store at {path}: check --db (or CEASEFIRE_DB), or create one with "
            f"`ceasefire ingest SOURCE… --db {path}`"
        )
    if not os.path.isfile(path):
        raise StoreError(f"{path} is not a store file (it is a folder or a special file)")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK):
        return Store(full, create=False, read_only=True)
    return Store(full)


class Store:
    """A handle on one store. ``Store()`` opens ``ceasefire.db`` in the working directory."""

    def __init__(self, url: str | None = None, *, create: bool = True, read_only: bool = False) -> None:
        self.url = db_url(url or DEFAULT_DB)
        self.read_only = read_only
        try:
            if read_only and self.url.startswith("sqlite:///") and "?" not in self.url:
                # a file we may not write: opened through SQLite's URI form in read-only mode
                path = self.url[len("sqlite:///") :]
                self.engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", future=True)
            else:
                self.engine = create_engine(self.url, future=True)
            if self.engine.dialect.name == "sqlite":
                event.listen(
                    self.engine, "connect", _sqlite_read_only_pragmas if read_only else _sqlite_pragmas
                )
            if create and not read_only:
                migrate(self.engine)
        except ImportError as e:
            raise StoreError(
                f"cannot open store {self.url.split('://')[0]}://…: its database driver is not "
                f"installed ({e.name}); for PostgreSQL: pip install 'psycopg[binary]'"
            ) from e
        except (SQLAlchemyError, ValueError) as e:
            msg = str(e).strip().splitlines()[0] if str(e).strip() else e.__class__.__name__
            raise StoreError(f"cannot open store {self.safe_url}: {msg}") from e

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for messages."""
        try:
            return self.engine.url.render_as_string(hide_password=True)
        except AttributeError:
            return self.url

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- low-level -----------------------------------------------------------------------
    def _order(self, *keys: Any) -> list[Any]:
        """ORDER BY keys that sort text by code point, as SQLite does, whatever the collation of
        a PostgreSQL database (en_US would put "a" before "B"): same store content, same output."""
        if self.dialect != "postgresql":
            return list(keys)
        return [k.collate("C") if isinstance(getattr(k, "type", None), String) else k for k in keys]

    def _insert_ignore(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> int:
        """Insert rows, skipping those whose primary key exists. Returns rows inserted."""
        if not rows:
            return 0
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            # psycopg reports no rowcount for executemany: count the keys actually inserted
            pg_stmt = pg_insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
            return len(conn.execute(pg_stmt, rows).all())
        if self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            stmt: Any = sqlite_insert(table).on_conflict_do_nothing()
        else:  # pragma: no cover - other dialects: plain insert, conflicts raise
            stmt = insert(table)
        result = conn.execute(stmt, rows)
        return int(result.rowcount or 0)

    def _insert_ignore_ids(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> set[str]:
        """Insert rows, skipping those whose (single-column) primary key exists; returns the keys
        inserted (``INSERT … ON CONFLICT DO NOTHING RETURNING``, batched by SQLAlchemy)."""
        if not rows:
            return set()
        (key,) = table.primary_key.columns
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            stmt: Any = pg_insert(table).on_conflict_do_nothing().returning(key)
        elif self.dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            stmt = sqlite_insert(table).on_conflict_do_nothing().returning(key)
        else:  # pragma: no cover - other dialects: one row at a time
            return {r[key.name] for r in rows if self._insert_ignore(conn, table, [r])}
        return {r[0] for r in conn.execute(stmt, rows)}

    # -- documents -----------------------------------------------------------------------
    def add_document(self, doc: Document, *, minhash: bytes | None = None) -> bool:
        """Store a document in its own transaction. False when its id was already stored."""
        row = _doc_row(doc)
        row["minhash"] = minhash
        row["ingested_at"] = doc.ingested_at or _now()
        try:
            with self.engine.begin() as conn:
                return self._insert_ignore(conn, schema.documents, [row]) == 1
        except SQLAlchemyError as e:
            raise StoreError(f"cannot store document {doc.id}: {e}") from e

    def add_documents(self, docs: Sequence[tuple[Document, bytes | None]]) -> set[str]:
        """Store documents (each with its MinHash signature) in one transaction; returns the ids
        inserted, so an id already stored (by an earlier run, or another process meanwhile) is
        told apart. Nothing of the batch is stored when the transaction fails."""
        rows = []
        for doc, minhash in docs:
            row = _doc_row(doc)
            row["minhash"] = minhash
            row["ingested_at"] = doc.ingested_at or _now()
            rows.append(row)
        try:
            with self.engine.begin() as conn:
                return self._insert_ignore_ids(conn, schema.documents, rows)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot store {len(rows)} documents: {e}") from e

    def has_document(self, doc_id: str) -> bool:
        with self.engine.connect() as conn:
            q = select(schema.documents.c.id).where(schema.documents.c.id == doc_id)
            return conn.execute(q).first() is not None

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.documents)).scalar_one())

    def documents(self, *, limit: int | None = None, offset: int = 0) -> Iterator[Document]:
        """Documents in a stable order (publication date, then id), streamed."""
        d = schema.documents
        cols = [c for c in d.c if c.name != "minhash"]
        order = self._order(d.c.published.is_(None), d.c.published, d.c.id)
        q = select(*cols).order_by(*order).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True).execute(q).mappings():
                yield _row_doc(row)

    def document_days(self) -> Iterator[tuple[str, str, str | None, str]]:
        """(id, near-duplicate group, publication date as stored, its precision) of every
        document, without the text."""
        d = schema.documents
        q = select(d.c.id, d.c.dup_group, d.c.published, d.c.published_precision).order_by(d.c.id)
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True).execute(q):
                yield row[0], row[1] or "", row[2], row[3]

    def get_document(self, doc_id: str) -> Document:
        """A document by id or unique id prefix (at least 4 characters)."""
        d = schema.documents
        cols = [c for c in d.c if c.name != "minhash"]
        with self.engine.connect() as conn:
            row = conn.execute(select(*cols).where(d.c.id == doc_id)).mappings().first()
            if row is None and len(doc_id) >= 4:
                rows = conn.execute(select(*cols).where(d.c.id.startswith(doc_id)).limit(2)).mappings().all()
                if len(rows) > 1:
                    raise NotFound(f"document id prefix {doc_id!r} is ambiguous")
                row = rows[0] if rows else None
        if row is None:
            raise NotFound(f"no document {doc_id!r} in {self.safe_url}")
        return _row_doc(row)

    def signatures(self) -> Iterator[tuple[str, str, bytes]]:
        """(id, dup_group, minhash) of every stored document, for near-duplicate search."""
        d = schema.documents
        q = select(d.c.id, d.c.dup_group, d.c.minhash).where(d.c.minhash.is_not(None))
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True).execute(q):
                yield row[0], row[1], bytes(row[2])

    # -- rejected inputs -------------------------------------------------------------------
    def add_rejected(self, rej: Rejected) -> None:
        key = hashlib.sha1(f"{rej.source}\x00{rej.line}\x00{rej.reason}".encode()).hexdigest()
        row = {
            "key": key,
            "source": rej.source,
            "line": rej.line,
            "reason": rej.reason,
            "detail": rej.detail,
            "at": rej.at or _now(),
        }
        t = schema.rejected
        with self.engine.begin() as conn:
            if self._insert_ignore(conn, t, [row]) == 0:
                conn.execute(t.update().where(t.c.key == key).values(detail=row["detail"], at=row["at"]))

    # -- extraction ----------------------------------------------------------------------------
    def save_extraction(self, ex: Extraction, version: str) -> None:
        """Replace a document's mentions, claims and framing in one transaction."""
        self.save_extractions([ex], version)

    def save_extractions(self, exs: Sequence[Extraction], version: str) -> None:
        """Replace several documents' mentions, claims and framing in one transaction: all of
        them are saved or none. A batch costs one statement per table where one document at a
        time cost eight (an ingest of 400 reports spent ~0.8 s CPU in SQLAlchemy's per-statement
        work before, measured with cProfile)."""
        exs = list({ex.document_id: ex for ex in exs}.values())  # a document twice: the later
        if not exs:
            return
        ids = sorted(ex.document_id for ex in exs)
        now = _now()
        mentions = [_mention_row(m) for ex in exs for m in ex.mentions]
        claims = [_claim_row(c) for ex in exs for c in ex.claims]
        framing = [
            row for ex in exs for row in {f.start: FRAMING.to_dict(f, "store") for f in ex.framing}.values()
        ]
        done = [
            {
                "document_id": ex.document_id,
                "version": version,
                "status": ex.status,
                "reason": ex.reason,
                "mentions": len(ex.mentions),
                "claims": len(ex.claims),
                "at": now,
            }
            for ex in exs
        ]
        with self.engine.begin() as conn:
            for chunk in _chunks(ids):
                if self.dialect == "postgresql":
                    # two processes extracting the same document would each delete (seeing none
                    # of the other's uncommitted rows) and then collide inserting the same
                    # mention ids; locking the documents' rows (in id order: no deadlock) makes
                    # the second wait and then replace the first
                    d = schema.documents
                    conn.execute(select(d.c.id).where(d.c.id.in_(chunk)).order_by(d.c.id).with_for_update())
                for t in (schema.mentions, schema.claims, schema.framing, schema.extractions):
                    conn.execute(t.delete().where(t.c.document_id.in_(chunk)))
            for t, rows in (
                (schema.mentions, mentions),
                (schema.claims, claims),
                (schema.framing, framing),
                (schema.extractions, done),
            ):
                if rows:
                    conn.execute(insert(t), rows)

    def documents_to_extract(
        self, version: str, *, everything: bool = False, retry_errors: bool = False
    ) -> Iterator[Document]:
        """Documents never extracted, or extracted by another extractor version. A document
        whose extraction failed (status "error") is left alone, whatever the version, unless
        ``retry_errors``: one bad document is recorded once, not retried on every run."""
        if everything:
            yield from self.documents()
            return
        t = schema.extractions
        if retry_errors:
            done_q = select(t.c.document_id).where(t.c.version == version, t.c.status != "error")
        else:
            done_q = select(t.c.document_id).where(or_(t.c.version == version, t.c.status == "error"))
        with self.engine.connect() as conn:
            done = {r[0] for r in conn.execute(done_q)}
        for d in self.documents():
            if d.id not in done:
                yield d

    def count_documents_to_extract(
        self, version: str, *, everything: bool = False, retry_errors: bool = False
    ) -> int:
        """How many documents :meth:`documents_to_extract` yields, counted in the database."""
        d, t = schema.documents, schema.extractions
        q = select(func.count()).select_from(d)
        if not everything:
            if retry_errors:
                done = select(t.c.document_id).where(t.c.version == version, t.c.status != "error")
            else:
                done = select(t.c.document_id).where(or_(t.c.version == version, t.c.status == "error"))
            q = q.where(d.c.id.not_in(done))
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def count_extraction_errors(self) -> int:
        """Documents whose extraction failed (``extract --retry-errors`` tries them again)."""
        t = schema.extractions
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(t).where(t.c.status == "error")
            return int(conn.execute(q).scalar_one())

    def extraction_status(self) -> list[dict[str, Any]]:
        t = schema.extractions
        with self.engine.connect() as conn:
            q = select(t).order_by(*self._order(t.c.document_id))
            return [dict(r) for r in conn.execute(q).mappings()]

    def mentions(self, *, document_id: str | None = None) -> list[Mention]:
        t = schema.mentions
        q = select(t).order_by(
            *self._order(t.c.document_id, t.c.start_char, t.c.event_type, t.c.sub_event_type)
        )
        if document_id:
            q = q.where(t.c.document_id == document_id)
        with self.engine.connect() as conn:
            return [_row_mention(r) for r in conn.execute(q).mappings()]

    def claims(self, *, document_id: str | None = None) -> list[Claim]:
        t = schema.claims
        q = select(t).order_by(*self._order(t.c.document_id, t.c.start_char, t.c.kind, t.c.id))
        if document_id:
            q = q.where(t.c.document_id == document_id)
        with self.engine.connect() as conn:
            return [_row_claim(r) for r in conn.execute(q).mappings()]

    def framing(self, *, document_id: str | None = None) -> list[dict[str, Any]]:
        t = schema.framing
        q = select(t).order_by(*self._order(t.c.document_id, t.c.start_char))
        if document_id:
            q = q.where(t.c.document_id == document_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    # -- incidents ------------------------------------------------------------------------------
    def incident_members(self) -> dict[str, tuple[str, str]]:
        """mention id -> (incident id, reconciler version)."""
        t = schema.incident_members
        with self.engine.connect() as conn:
            return {
                r[0]: (r[1], r[2]) for r in conn.execute(select(t.c.mention_id, t.c.incident_id, t.c.version))
            }

    def incident_state(self, version: str) -> tuple[int, int, int]:
        """(live mentions with no incident, assignments that are stale, incidents), counted in the
        database: whether incidents need updating, without loading a mention. An assignment is
        stale when another reconciler version made it or its mention is gone or a background
        statement (see ``Mention.in_incident``)."""
        t, m = schema.incident_members, schema.mentions
        outside = _outside_incidents(m)
        unassigned = (
            select(func.count())
            .select_from(m.outerjoin(t, t.c.mention_id == m.c.id))
            .where(t.c.mention_id.is_(None), not_(outside))
        )
        stale = (
            select(func.count())
            .select_from(t.outerjoin(m, m.c.id == t.c.mention_id))
            .where(or_(m.c.id.is_(None), outside, t.c.version != version))
        )
        incidents = select(func.count(func.distinct(t.c.incident_id)))
        with self.engine.connect() as conn:
            return (
                int(conn.execute(unassigned).scalar_one()),
                int(conn.execute(stale).scalar_one()),
                int(conn.execute(incidents).scalar_one()),
            )

    def incident_mention_dates(self) -> Iterator[tuple[str, str, dt.date | None, str]]:
        """(incident id, event type, date start, date precision) of every assigned mention but
        background statements, grouped by incident: enough to order incidents by date without
        assembling them."""
        t, m = schema.incident_members, schema.mentions
        q = (
            select(t.c.incident_id, m.c.event_type, m.c.date_start, m.c.date_precision)
            .select_from(t.join(m, m.c.id == t.c.mention_id))
            .where(not_(_outside_incidents(m)))
            .order_by(*self._order(t.c.incident_id, t.c.mention_id))
        )
        with self.engine.connect() as conn:
            for row in conn.execution_options(stream_results=True).execute(q):
                yield row[0], row[1], partial_date(row[2]), row[3]

    def members_of(self, incident_ids: Sequence[str]) -> dict[str, list[str]]:
        """incident id -> its member mention ids (in mention id order), for the given incidents."""
        t = schema.incident_members
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(incident_ids):
                q = (
                    select(t.c.incident_id, t.c.mention_id)
                    .where(t.c.incident_id.in_(chunk))
                    .order_by(*self._order(t.c.incident_id, t.c.mention_id))
                )
                for inc, mid in conn.execute(q):
                    out.setdefault(inc, []).append(mid)
        return out

    def mentions_by_ids(self, ids: Sequence[str]) -> list[Mention]:
        """The stored mentions among ``ids`` (unknown ids are skipped), in the order of :meth:`mentions`."""
        rows = [_row_mention(r) for r in self._rows_by_ids(schema.mentions, ids)]
        return sorted(rows, key=lambda m: (m.document_id, m.evidence.start, m.event_type, m.sub_event_type))

    def claims_by_ids(self, ids: Sequence[str]) -> list[Claim]:
        """The stored claims among ``ids`` (unknown ids are skipped), in the order of :meth:`claims`."""
        rows = [_row_claim(r) for r in self._rows_by_ids(schema.claims, ids)]
        return sorted(rows, key=lambda c: (c.document_id, c.evidence.start, c.kind, c.id))

    def _rows_by_ids(self, t: Table, ids: Sequence[str]) -> Iterator[RowMapping]:
        """The rows of ``t`` whose ``id`` is among ``ids``, in no particular order."""
        with self.engine.connect() as conn:
            for chunk in _chunks(ids):
                yield from conn.execute(select(t).where(t.c.id.in_(chunk))).mappings()

    def claims_of_mentions(self, mention_ids: Sequence[str], document_ids: Sequence[str]) -> list[Claim]:
        """Claims of the given mentions, in the order of :meth:`claims`. ``document_ids`` are the
        mentions' documents: claims are looked up through the indexed document column and then
        kept when their mention is one of ``mention_ids``."""
        t = schema.claims
        wanted = set(mention_ids)
        rows: list[Claim] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(document_ids))):
                q = select(t).where(t.c.document_id.in_(chunk))
                rows.extend(c for c in map(_row_claim, conn.execute(q).mappings()) if c.mention_id in wanted)
        # the order of claims(): document, start offset, kind, id (ids are unique, so total)
        rows.sort(key=lambda c: (c.document_id, c.evidence.start, c.kind, c.id))
        return rows

    def documents_by_ids(self, ids: Sequence[str]) -> dict[str, Document]:
        """id -> document for the stored documents among ``ids``."""
        d = schema.documents
        cols = [c for c in d.c if c.name != "minhash"]
        out: dict[str, Document] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(ids))):
                for row in conn.execute(select(*cols).where(d.c.id.in_(chunk))).mappings():
                    doc = _row_doc(row)
                    out[doc.id] = doc
        return out

    def set_incident_members(
        self, members: dict[str, str], version: str, *, replace_all: bool = False
    ) -> None:
        """Write mention -> incident assignments in one transaction (upsert)."""
        t = schema.incident_members
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":
                # as in save_extraction: concurrent delete-then-insert of the same keys would
                # collide, so writers of incident membership take turns
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _INCIDENTS_LOCK})
            if replace_all:
                conn.execute(t.delete())
            elif members:
                ids = list(members)
                for i in range(0, len(ids), 500):
                    conn.execute(t.delete().where(t.c.mention_id.in_(ids[i : i + 500])))
            if members:
                conn.execute(
                    insert(t),
                    [
                        {"mention_id": m, "incident_id": i, "version": version}
                        for m, i in sorted(members.items())
                    ],
                )

    # -- reviews -------------------------------------------------------------------------
    def add_review(self, review: Review) -> None:
        """Append a coder's decision (never an update: the log keeps every decision)."""
        if self.read_only:
            raise StoreError("the store is open read-only: review decisions cannot be saved")
        try:
            with self.engine.begin() as conn:
                self._insert_ignore(conn, schema.reviews, [REVIEW.to_dict(review, "store")])
        except SQLAlchemyError as e:
            raise StoreError(f"cannot save the review of {review.target} {review.target_id}: {e}") from e

    def has_record(self, target: str, record_id: str) -> bool:
        """Whether a claim, mention or incident of this id is stored."""
        tables = {
            "claim": schema.claims.c.id,
            "mention": schema.mentions.c.id,
            "incident": schema.incident_members.c.incident_id,
        }
        with self.engine.connect() as conn:
            return (
                conn.execute(select(tables[target]).where(tables[target] == record_id).limit(1)).first()
                is not None
            )

    def reviews(self, *, target: str | None = None, target_id: str | None = None) -> list[Review]:
        """The review log, oldest first (ties by id), optionally of one target kind or record."""
        t = schema.reviews
        q = select(t).order_by(*self._order(t.c.at, t.c.id))
        if target is not None:
            q = q.where(t.c.target == target)
        if target_id is not None:
            q = q.where(t.c.target_id == target_id)
        with self.engine.connect() as conn:
            return [REVIEW.from_dict(dict(r)) for r in conn.execute(q).mappings()]

    def count_reviews(self) -> int:
        """How many decisions the log holds (a view over the store caches by it)."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.reviews)).scalar_one())

    def decisions(self, target: str | None = None) -> dict[tuple[str, str], Review]:
        """The decision in force per (target, target id): the latest one."""
        return {(r.target, r.target_id): r for r in self.reviews(target=target)}

    def rejected(self) -> list[Rejected]:
        t = schema.rejected
        q = select(t).order_by(*self._order(t.c.at, t.c.source, t.c.line))
        with self.engine.connect() as conn:
            rows = conn.execute(q)
            return [Rejected(public_source(r.source), r.reason, r.detail, r.line, r.at) for r in rows]


def _outside_incidents(m: Table) -> ColumnElement[bool]:
    """The mentions no incident holds, in SQL: background statements (``Mention.in_incident``)."""
    return and_(m.c.background, m.c.event_type == "Statement")


def _chunks(ids: Sequence[str], size: int = 500) -> Iterator[list[str]]:
    """IN-lists of at most ``size`` values: SQLite and PostgreSQL drivers cap bound parameters."""
    items = list(ids)
    for i in range(0, len(items), size):
        yield items[i : i + size]


# Rows are the records' field maps in their store form (ceasefire.records): the columns of the
# documents, mentions and claims tables are those maps' names (tests/test_records.py checks it).


def _mention_row(m: Mention) -> dict[str, Any]:
    return MENTION.to_dict(m, "store")


def _row_mention(r: Any) -> Mention:
    return MENTION.from_dict(r)


def _claim_row(c: Claim) -> dict[str, Any]:
    return CLAIM.to_dict(c, "store")


def _row_claim(r: Any) -> Claim:
    return CLAIM.from_dict(r)


def _doc_row(doc: Document) -> dict[str, Any]:
    return DOCUMENT.to_dict(doc, "store")


def _row_doc(row: Any) -> Document:
    doc = DOCUMENT.from_dict(row)
    # a store written before sources were recorded as given may hold absolute paths
    return replace(doc, source=public_source(doc.source), url=public_source(doc.url))


__all__ = ["Store", "migrate"]
