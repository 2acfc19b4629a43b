"""Several processes starting on one new SQLite store (issue 12, "What to build" 6).

Migrations run under SQLite's write lock (``BEGIN IMMEDIATE``), so processes that open a fresh
store at the same moment queue instead of racing to create the tables ("table already exists").
The test runs 4 processes on a new store a few times; the acceptance run is 20 loops:

    CEASEFIRE_CONCURRENCY_RUNS=20 pytest -q tests/test_sqlite_concurrency.py
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PROCESSES = 4
RUNS = int(os.environ.get("CEASEFIRE_CONCURRENCY_RUNS", "3"))

TEXT = (
    "Four soldiers were wounded on Sunday when a drone struck a supply convoy near the mountain "
    "pass, the general staff said, adding that the convoy had been carrying food and fuel."
)

WORKER = """
import sys
from ceasefire.api import ingest
from ceasefire.store import Store
store = Store(sys.argv[1])
report = ingest(sys.argv[2:], store=store)
store.close()
print(len(report.stored), len(report.duplicates), len(report.rejected))
"""


@pytest.mark.parametrize("run", range(RUNS))
def test_four_processes_on_a_new_sqlite_store_all_succeed(tmp_path: Path, run: int) -> None:
    shared = tmp_path / "shared.txt"
    shared.write_text(TEXT + " Every process ingests this report.")
    own = []
    for i in range(PROCESSES):
        p = tmp_path / f"own-{i}.txt"
        p.write_text(f"{TEXT} Report {i} of run {run}: the road was closed for {i + 2} hours.")
        own.append(p)
    db = tmp_path / "new.db"
    assert not db.exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEASEFIRE_")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), str(own[i]), str(shared)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp_path,
        )
        for i in range(PROCESSES)
    ]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err[-2000:]
    counts = [tuple(int(x) for x in out.split()) for out, _err in results]
    why = (counts, [err[-300:] for _out, err in results])
    assert sum(c[0] for c in counts) == PROCESSES + 1, why  # every report stored exactly once
    assert sum(c[1] for c in counts) == PROCESSES - 1, why  # the shared one a duplicate for the others
    assert all(c[2] == 0 for c in counts), why
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == PROCESSES + 1
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
