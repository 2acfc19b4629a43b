"""The command line: exit codes, one-line errors, JSON output, resumable ingest."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ceasefire.cli.app import app

REPORT = (
    "Two soldiers were wounded on Monday when mortar shells landed near a border post, "
    "the defence ministry said in a statement."
)


def cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("CEASEFIRE_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "ceasefire", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
    )


def test_ingest_documents_show_doc_json(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    db = str(tmp_path / "s.db")
    r = cli("ingest", str(tmp_path / "a.txt"), "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["stored"] == 1 and summary["rejected"] == 0
    docs = json.loads(cli("documents", "--db", db, "--json").stdout)
    assert len(docs) == 1 and docs[0]["language"] == "en" and docs[0]["precision"] == "unknown"
    shown = json.loads(cli("show-doc", docs[0]["id"][:6], "--db", db, "--json").stdout)
    assert shown["text"] == REPORT
    again = json.loads(cli("ingest", str(tmp_path / "a.txt"), "--db", db, "--json").stdout)
    assert again["stored"] == 0 and again["duplicate"] == 1


def test_partial_ingest_exits_3_and_reasons_are_queryable(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "b.txt").write_bytes(b"")
    db = str(tmp_path / "s.db")
    r = cli("ingest", str(tmp_path), "--db", db)
    assert r.returncode == 3
    assert "1 stored" in r.stderr and "1 rejected" in r.stderr and "empty" in r.stderr
    rej = json.loads(cli("rejected", "--db", db, "--json").stdout)
    assert [x["reason"] for x in rej] == ["empty"]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["show-doc", "nope", "--db", "{db}"], 4, "no document"),
        (["ingest", "x.txt", "--published", "not-a-date", "--db", "{db}"], 1, "unrecognised date"),
        (["ingest", "x.txt", "--db", "postgresql+psycopg://u@127.0.0.1:1/x"], 1, "cannot open store"),
        (["--config", "{missing}", "documents"], 1, "config file not found"),
        (["ingest", "x.txt", "--manifest", "{missing}", "--db", "{db}"], 1, "cannot read manifest"),
    ],
)
def test_user_errors_are_one_line_without_traceback(
    tmp_path: Path, args: list[str], code: int, needle: str
) -> None:
    (tmp_path / "x.txt").write_text(REPORT)
    subs = {"db": str(tmp_path / "s.db"), "missing": str(tmp_path / "missing.toml")}
    from ceasefire.store import Store

    Store(subs["db"]).close()  # an existing, empty store (read commands refuse a missing one)
    r = cli(*[a.format(**subs) for a in args], cwd=tmp_path)
    assert r.returncode == code, (r.stdout, r.stderr)
    assert needle in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_usage_error_exits_2() -> None:
    r = cli("ingest")
    assert r.returncode == 2


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        assert cmd.help and "Example" in cmd.help, name


def test_config_chain_defaults_file_env_flags(tmp_path: Path) -> None:
    from ceasefire.settings import load_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text('db = "from-file.db"\nmax_file_bytes = 10\n[fetch]\ntimeout = 3\n')
    s = load_settings(cfg, environ={})
    assert s.db.endswith("from-file.db") and s.max_file_bytes == 10 and s.fetch.timeout == 3
    s = load_settings(cfg, environ={"CEASEFIRE_DB": "env.db", "CEASEFIRE_FETCH_TIMEOUT": "7"})
    assert s.db.endswith("env.db") and s.fetch.timeout == 7 and s.max_file_bytes == 10
    s = load_settings(cfg, environ={"CEASEFIRE_DB": "env.db"}, db="flag.db")
    assert s.db == "sqlite:///flag.db"
    assert load_settings(None, environ={}).db == "sqlite:///ceasefire.db"


@pytest.mark.integration
def test_killed_ingest_resumes_nothing_lost_or_doubled(tmp_path: Path) -> None:
    import random

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = (REPORT + " the border village shelling ministry statement officials ceasefire").split()
    n = 1500
    for i in range(n):
        random.Random(i).shuffle(words)
        (corpus / f"r{i:04}.txt").write_text(" ".join(words) + f" Report {i}.")
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ceasefire", "ingest", str(corpus), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stored = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as c:
                    stored = c.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 20:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as c:
        assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
        partial = c.execute("select count(*) from documents").fetchone()[0]
    assert 20 <= partial < n
    r = cli("ingest", str(corpus), "--db", str(db), "--json", timeout=600)
    assert r.returncode == 0, r.stderr
    summary = json.loads(r.stdout)
    assert summary["stored"] + summary["duplicate"] == n
    with sqlite3.connect(db) as c:
        assert c.execute("select count(*), count(distinct id) from documents").fetchone() == (n, n)


@pytest.mark.parametrize(
    "command",
    [["documents"], ["rejected"], ["claims"], ["mentions"], ["incidents"], ["extract", "--status"]],
)
def test_read_commands_never_create_a_store(tmp_path: Path, command: list[str]) -> None:
    r = cli(*command, "--db", "typo.db", cwd=tmp_path)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert r.stderr.startswith("error: no store at typo.db") and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []  # no store, no -wal/-shm, nothing


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from ceasefire.cli import main

    code = 0
    try:
        main(argv)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 0
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_a_read_only_store_can_be_read_and_a_write_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import ceasefire.store

    (tmp_path / "a.txt").write_text(REPORT)
    db = str(tmp_path / "s.db")
    assert _main(["ingest", str(tmp_path / "a.txt"), "--db", db, "--no-extract"], capsys)[0] == 0
    # the file cannot be written by this user (tests may run as root, who may write anything)
    monkeypatch.setattr(ceasefire.store.os, "access", lambda *_a, **_k: False)
    code, out, err = _main(["documents", "--db", db, "--json"], capsys)
    assert code == 0, err
    assert len(json.loads(out)) == 1
    code, out, err = _main(["extract", "--db", db], capsys)  # a write: refused in one line
    assert code == 1 and "read-only" in err and "INSERT" not in err and "mortar" not in err
    assert len(err.strip().splitlines()) == 1
    with sqlite3.connect(db) as c:
        assert c.execute("select count(*) from extractions").fetchone()[0] == 0  # nothing written
