"""PostgreSQL as a team store: the store's own behaviour there, every CLI command against it, and
concurrent ingest (and concurrent first-time migration) that loses nothing and doubles nothing.

These use the session's throw-away cluster (tests/pg_fixtures.py) and skip only when the
PostgreSQL server binaries are not installed.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from ceasefire.records import DateValue, Document, Evidence, Mention, PubDate, Rejected
from ceasefire.store import Store, schema

from .pg_fixtures import PgCluster


def _doc(text_: str, published: str | None) -> Document:
    import datetime as dt

    from ceasefire.ingest.normalize import document_id

    day = dt.date.fromisoformat(published) if published else None
    return Document(
        id=document_id(text_),
        source="test",
        text=text_,
        published=PubDate(day, "day" if day else "unknown", "metadata" if day else "unknown", "", None, None),
    )


def test_store_round_trips_types_and_order(pg_database: str) -> None:
    with Store(pg_database) as s:
        assert s.dialect == "postgresql"
        late = _doc("A later report about shelling near the border.", "2022-09-13")
        early = _doc("An earlier report about a drone strike.", "2021-05-02")
        undated = _doc("A report nobody could date.", None)
        # minhash is LargeBinary: bytes must come back as bytes, not memoryview
        assert s.add_document(late, minhash=b"\x00\x01\xff")
        assert s.add_document(undated)
        assert s.add_document(early)
        assert not s.add_document(early)  # an existing id is reported, not raised or doubled
        assert s.count_documents() == 3
        # undated documents last, as on SQLite (PostgreSQL alone would sort NULLs first in DESC)
        assert [d.id for d in s.documents()] == [early.id, late.id, undated.id]
        assert [(i, m) for i, _g, m in s.signatures()] == [(late.id, b"\x00\x01\xff")]
        assert s.get_document(early.id[:6]).text == early.text


def test_text_sorts_as_on_sqlite_whatever_the_database_collation(pg_cluster: PgCluster) -> None:
    """Under en-US rules "a.txt" < "B.txt"; SQLite compares code points. Outputs must not
    depend on which store (or which server locale) a team uses."""
    import psycopg

    try:
        url = pg_cluster.create_database(icu_locale="en-US")
    except psycopg.errors.FeatureNotSupported:
        pytest.skip("this PostgreSQL server was built without ICU")
    names = ["b.txt", "B.txt", "a.txt", "_z.txt", "Á.txt"]
    try:
        results = []
        for u in (url, "sqlite:///:memory:"):
            with Store(u) as s:
                for n in names:
                    s.add_rejected(Rejected(n, "empty", "", None, "2024-01-01T00:00:00Z"))
                results.append([r.source for r in s.rejected()])
        assert results[0] == results[1] == sorted(names)
    finally:
        pg_cluster.drop_database(url)


def test_migrate_is_idempotent_and_at_head(pg_database: str) -> None:
    Store(pg_database).close()
    with Store(pg_database) as s, s.engine.connect() as conn:
        versions = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
        heads = sorted(p.stem.split("_")[0] for p in _migration_files())
        assert versions == [heads[-1]]


def _migration_files() -> list[Path]:
    folder = Path(__file__).resolve().parents[1] / "ceasefire" / "store" / "migrations" / "versions"
    return [p for p in folder.glob("0*.py")]


def test_concurrent_migration_of_a_fresh_database(pg_empty_database: str) -> None:
    """Several processes opening a brand-new store at once: all succeed, one schema results."""
    # imports done, each process waits for the same instant so that the migrations really collide
    code = (
        "import sys, time\n"
        "from ceasefire.store import Store\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "Store(sys.argv[1]).close()\n"
    )
    at = str(time.time() + 8)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, pg_empty_database, at], stderr=subprocess.PIPE, text=True
        )
        for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    engine = create_engine(pg_empty_database)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    engine.dispose()


def _hammer(work: Callable[[Store], None], url: str, threads: int = 4) -> list[str]:
    """Run ``work`` on several connections at once; the errors it raised."""
    errors: list[str] = []

    def run() -> None:
        with Store(url, create=False) as st:
            try:
                work(st)
            except Exception as e:
                errors.append(f"{type(e).__name__}: {str(e).splitlines()[0]}")

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return errors


def test_concurrent_extraction_of_one_document_replaces_not_collides(pg_database: str) -> None:
    from ceasefire.records import Extraction

    doc = _doc("A report about shelling near the border village.", "2022-09-13")
    mention = Mention(
        id="m" * 16,
        document_id=doc.id,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Military Forces of A",
        actor1_side="a",
        actor2="Military Forces of B",
        actor2_side="b",
        claimant="ministry",
        claimant_side="a",
        date=DateValue(None, None, "unknown", "", False, ""),
        places=(),
        evidence=Evidence(doc.id, 0, 8, doc.text[:8]),
        background=False,
        negated=False,
        hedge="none",
    )
    ex = Extraction(doc.id, (mention,), (), (), "ok")
    with Store(pg_database) as s:
        s.add_document(doc)

        def work(st: Store) -> None:
            for _ in range(25):
                st.save_extraction(ex, "v1")

        assert _hammer(work, pg_database) == []
        assert [m.id for m in s.mentions()] == [mention.id]
        assert len(s.extraction_status()) == 1


def test_concurrent_incident_membership_writes_take_turns(pg_database: str) -> None:
    members = {f"m{i:03}": f"i{i % 3}" for i in range(40)}

    def work(st: Store) -> None:
        for k in range(15):
            st.set_incident_members(members, "v1", replace_all=k % 2 == 0)

    with Store(pg_database) as s:
        assert _hammer(work, pg_database) == []
        assert s.incident_members() == {m: (i, "v1") for m, i in members.items()}


# -- concurrent ingest ------------------------------------------------------------------------

_PLACES = ["the northern village", "the hill post", "the river crossing", "the mountain pass", "the depot"]
_ACTORS = ["a defence ministry", "a border guard unit", "a local governor", "an observer mission"]
_EVENTS = ["mortar fire", "a drone strike", "small-arms fire", "an artillery barrage", "a sniper shot"]


def _report(i: int) -> str:
    """A distinct, plausible English report for document number i (never a near-copy of another)."""
    rng = random.Random(i)
    sentences = [
        f"Report number {i} in this series was filed by correspondent {rng.randint(100, 999)}.",
        f"{rng.choice(_ACTORS).capitalize()} said {rng.choice(_EVENTS)} hit {rng.choice(_PLACES)} "
        f"on day {rng.randint(1, 28)} of month {rng.randint(1, 12)}.",
        f"It counted {rng.randint(0, 40)} damaged houses and {rng.randint(0, 9)} wounded residents.",
        f"The statement, reference {i * 7919 % 100003}, called the incident a breach of the truce.",
        f"Officials promised an inquiry within {rng.randint(2, 30)} days and asked monitors to visit.",
    ]
    rng.shuffle(sentences)
    return " ".join(sentences) + "\n"


def _write_overlapping_folders(root: Path, n_each: int, n_shared: int) -> tuple[Path, Path, int]:
    """Two folders sharing n_shared identical reports, processed first by both (the collisions)."""
    a, b = root / "team_a", root / "team_b"
    a.mkdir()
    b.mkdir()
    for i in range(n_shared):
        (a / f"0_{i:04}.txt").write_text(_report(i))
        (b / f"0_{i:04}.txt").write_text(_report(i))
    for k in range(n_each - n_shared):
        (a / f"1_{k:04}.txt").write_text(_report(10_000 + k))
        (b / f"1_{k:04}.txt").write_text(_report(20_000 + k))
    return a, b, 2 * n_each - n_shared


def _cli_env() -> dict[str, str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("CEASEFIRE_DB", None)
    return env


def _ingest_together(url: str, folders: list[Path]) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "ceasefire", "ingest"]
    procs = [
        subprocess.Popen(
            [*cmd, str(f), "--db", url, "--no-extract", "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_cli_env(),
        )
        for f in folders
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (stdout, stderr) in zip(procs, outs, strict=True):
        assert p.returncode == 0, f"exit {p.returncode}: {stderr[-2000:]}{stdout[-500:]}"
        assert "Traceback" not in stderr and "rror" not in stderr, stderr[-2000:]
    return [json.loads(stdout) for stdout, _ in outs]


@pytest.mark.parametrize("fresh", [False, True], ids=["migrated-store", "fresh-database"])
def test_two_ingests_on_overlapping_inputs_store_each_document_once(
    tmp_path: Path, pg_cluster: PgCluster, fresh: bool
) -> None:
    a, b, expected = _write_overlapping_folders(tmp_path, n_each=200, n_shared=100)
    # fresh: an empty database, so both processes also race to create the schema
    url = pg_cluster.create_database() if fresh else pg_cluster.create_schema()
    if not fresh:
        Store(url).close()
    try:
        started = time.perf_counter()
        reports = _ingest_together(url, [a, b])
        elapsed = time.perf_counter() - started
        with Store(url) as s, s.engine.connect() as conn:
            d = schema.documents
            total = conn.execute(select(func.count()).select_from(d)).scalar_one()
            distinct = conn.execute(select(func.count(d.c.id.distinct()))).scalar_one()
        assert total == distinct == expected, (total, distinct, expected)
        # each process accounts for every one of its inputs, and no document is claimed twice
        stored = [set(r["stored_ids"]) for r in reports]
        assert not stored[0] & stored[1]
        assert len(stored[0] | stored[1]) == expected
        for r in reports:
            assert r["stored"] + r["duplicate"] + r["near_duplicate"] == 200
            assert r["rejected"] == 0
        assert elapsed < 600
    finally:
        if fresh:
            pg_cluster.drop_database(url)
        else:
            pg_cluster.drop_schema(url)


# -- every command against PostgreSQL gives what it gives on SQLite -------------------------------


def _run(*args: str, cwd: Path) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "ceasefire", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_cli_env(),
        timeout=600,
    )
    assert r.returncode == 0, f"ceasefire {' '.join(args)} -> {r.returncode}\n{r.stderr[-3000:]}"
    return r.stdout


def _pipeline(url: str, demo: Path, work: Path) -> dict[str, bytes | str]:
    """Run every store-backed command once; what each printed or wrote, by name."""
    work.mkdir()
    sources = sorted(str(p) for p in demo.glob("*.txt"))[:6]
    got: dict[str, bytes | str] = {}
    manifest = str(demo / "manifest.csv")
    got["ingest"] = _run("ingest", *sources, "--manifest", manifest, "--db", url, "--json", cwd=work)
    got["extract"] = _run("extract", "--db", url, "--json", cwd=work)
    got["status"] = _run("extract", "--status", "--db", url, "--json", cwd=work)
    got["documents"] = _run("documents", "--db", url, "--json", cwd=work)
    first = json.loads(str(got["documents"]))
    doc_id = first[0]["id"] if isinstance(first, list) else first["documents"][0]["id"]
    got["show-doc"] = _run("show-doc", doc_id, "--db", url, "--json", cwd=work)
    got["rejected"] = _run("rejected", "--db", url, "--json", cwd=work)
    got["mentions"] = _run("mentions", "--db", url, "--json", cwd=work)
    got["claims"] = _run("claims", "--db", url, "--json", cwd=work)
    for fmt, name in [
        ("acled-csv", "acled.csv"),
        ("claims-csv", "claims.csv"),
        ("json", "all.json"),
        ("geojson", "incidents.geojson"),
        ("parquet", "incidents.parquet"),
    ]:
        _run("export", "--format", fmt, "-o", str(work / name), "--db", url, cwd=work)
        got[name] = (work / name).read_bytes()
    got["claims.parquet"] = (work / "claims.parquet").read_bytes()
    got["incidents"] = _run("incidents", "--db", url, "--json", cwd=work)
    incidents = json.loads(str(got["incidents"]))
    rows = incidents if isinstance(incidents, list) else incidents["incidents"]
    got["show"] = _run("show", rows[0]["id"], "--db", url, "--json", cwd=work)
    got["report"] = _run("report", "--format", "json", "--db", url, cwd=work)
    return got


def _comparable(name: str, value: bytes | str) -> object:
    """Outputs minus what legitimately differs between two runs: times, the code version."""
    if name in {"ingest", "extract", "status", "documents", "show-doc", "rejected", "report"}:
        return _strip(json.loads(value))
    return value


def _strip(v: object) -> object:
    if isinstance(v, dict):
        return {k: _strip(x) for k, x in v.items() if k not in {"ingested_at", "at", "version"}}
    if isinstance(v, list):
        return [_strip(x) for x in v]
    return v


@pytest.mark.integration
def test_every_command_on_postgresql_matches_sqlite(tmp_path: Path, pg_database: str) -> None:
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        demo = Path(folder)
        on_pg = _pipeline(pg_database, demo, tmp_path / "pg")
        on_sqlite = _pipeline(f"sqlite:///{tmp_path / 'lite.db'}", demo, tmp_path / "lite")
    assert json.loads(str(on_pg["claims"])), "the demo reports should yield claims"
    for name, value in on_sqlite.items():
        assert _comparable(name, on_pg[name]) == _comparable(name, value), name
