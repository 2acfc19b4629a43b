"""Extraction on every core (issue 15): ``--jobs N`` extracts in N worker processes and one
process writes the store in input order, so the results are those of ``--jobs 1``; a worker
that dies, Ctrl-C and a killed parent keep the store consistent and leave no process behind.

The fast tests replace ``skip_reason`` (which every worker calls for each document) with a
probe: the documents are then "skipped" with the probe's answer, no model is loaded, and the
probe reaches the workers because they are forked (those tests are skipped where they are not).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ceasefire import reference
from ceasefire.errors import CeasefireError
from ceasefire.extract import run
from ceasefire.ingest.pipeline import IngestOptions
from ceasefire.records import Document
from ceasefire.store import Store

forked = pytest.mark.skipif(run._start_method() != "fork", reason="workers are not forked here")


def _docs(n: int) -> list[Document]:
    return [Document(id=f"d{i:03}", source=f"s{i}", text=f"report number {i} " * 8) for i in range(n)]


def _pid_probe(doc: Document) -> str:
    return f"pid {os.getpid()}"


@forked
def test_workers_extract_in_other_processes_and_results_come_in_input_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run, "skip_reason", _pid_probe)
    docs = _docs(37)
    out = list(run.extract_documents(docs, jobs=2))
    assert [ex.document_id for ex in out] == [d.id for d in docs]
    pids = {ex.reason for ex in out}
    assert len(pids) == 2 and f"pid {os.getpid()}" not in pids
    assert multiprocessing.active_children() == []  # the workers are gone


def test_jobs_1_starts_no_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "skip_reason", _pid_probe)

    def no_processes(*_a: object, **_k: object) -> None:
        raise AssertionError("a process was started")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    out = list(run.extract_documents(_docs(20), jobs=1))
    assert {ex.reason for ex in out} == {f"pid {os.getpid()}"}


def test_a_few_documents_are_extracted_here_whatever_the_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "skip_reason", _pid_probe)
    monkeypatch.setattr(multiprocessing, "get_context", lambda *_a: pytest.fail("a process was started"))
    out = list(run.extract_documents(_docs(run.TASK_DOCS), jobs=4))  # one task: no worker is worth it
    assert {ex.reason for ex in out} == {f"pid {os.getpid()}"}


def test_jobs_setting_0_means_every_core_and_negative_is_refused() -> None:
    assert run.resolve_jobs(0) == run.available_cores() >= 1
    assert run.resolve_jobs(3) == 3
    with pytest.raises(CeasefireError, match="jobs = -2"):
        run.resolve_jobs(-2)


def test_jobs_setting_flows_from_config_env_and_flag(tmp_path: Path) -> None:
    from ceasefire.settings import load_settings

    assert load_settings(None, environ={}).jobs == 0
    assert load_settings(None, environ={"CEASEFIRE_JOBS": "3"}).jobs == 3
    assert load_settings(None, environ={"CEASEFIRE_JOBS": "3"}, jobs=1).jobs == 1
    with pytest.raises(CeasefireError, match="jobs"):
        load_settings(None, environ={"CEASEFIRE_JOBS": "-1"})


def _dies_on_d013(doc: Document) -> str:
    if doc.id == "d013" and multiprocessing.parent_process() is not None:
        os._exit(3)  # a worker killed mid-task (out of memory, a crash in native code)
    return "fine"


@forked
def test_a_worker_that_dies_is_one_clear_error_and_what_came_before_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run, "skip_reason", _dies_on_d013)
    got: list[str] = []
    with pytest.raises(run.WorkerDied) as err:
        for ex in run.extract_documents(_docs(40), jobs=2):
            got.append(ex.document_id)
    assert "exit code 3" in str(err.value) and "re-run" in str(err.value)
    assert got == [f"d{i:03}" for i in range(len(got))] and len(got) <= 12  # in order, up to d013's task
    assert multiprocessing.active_children() == []


@forked
def test_extract_store_writes_in_order_what_jobs_1_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "skip_reason", lambda d: f"reason of {d.id}")
    monkeypatch.setattr(run, "extractor_version", lambda: "v")
    stores = []
    for jobs in (1, 2):
        st = Store("sqlite://")
        st.add_documents([(d, None) for d in _docs(23)])
        assert st.count_documents_to_extract("v") == 23
        assert run.extract_store(st, jobs=jobs)[0] == 23
        assert st.count_documents_to_extract("v") == 0
        stores.append([(r["document_id"], r["status"], r["reason"]) for r in st.extraction_status()])
    assert stores[0] == stores[1] and len(stores[0]) == 23


# -- processes: a killed parent, Ctrl-C ---------------------------------------------------------

_SLOW_RUN = """
import sys, time
from ceasefire.extract import run
from ceasefire.ingest.pipeline import IngestOptions
from ceasefire.records import Document
from ceasefire.store import Store

def slow(doc):
    time.sleep(0.05)
    return "slow " + doc.id

run.skip_reason = slow
run.extractor_version = lambda: "pinned"  # the same in both runs, whatever is edited meanwhile
st = Store(sys.argv[1])
if st.count_documents() == 0:
    st.add_documents([(Document(id=f"d{i:03}", source="s", text="x" * 50), None) for i in range(120)])
print(run.extract_store(st, jobs=2)[0], flush=True)
"""


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry))
    return found


def _descendants(pid: int) -> set[int]:
    """Live processes below ``pid``: the first worker is its child, the others the first's."""
    found = _children(pid)
    for child in list(found):
        found |= _descendants(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _saved(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db, timeout=5) as c:
        try:
            return int(c.execute("select count(*) from extractions").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def terminal_signals() -> None:
    """In the child: Ctrl-C as a terminal delivers it (a background shell may have left SIGINT
    ignored, and a Python started so never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_slow_run(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, set[int]]:
    script = tmp_path / "slow_run.py"
    script.write_text(textwrap.dedent(_SLOW_RUN))
    db = tmp_path / "s.db"
    proc = subprocess.Popen(
        [sys.executable, str(script), f"sqlite:///{db}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: a terminal's Ctrl-C reaches the whole group
        preexec_fn=terminal_signals,
    )
    deadline = time.time() + 60
    workers: set[int] = set()
    while time.time() < deadline and proc.poll() is None:
        workers = _descendants(proc.pid)
        if len(workers) == 2 and db.exists() and _saved(db) >= 10:
            break
        time.sleep(0.05)
    assert proc.poll() is None and len(workers) == 2, proc.stderr.read() if proc.stderr else ""
    return proc, db, workers


def _gone(pids: set[int], seconds: float) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.integration
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    proc, db, workers = _start_slow_run(tmp_path)
    proc.kill()
    proc.wait()
    assert _gone(workers, 5), "orphaned workers are still running"
    partial = _saved(db)
    assert 10 <= partial < 120
    rerun = _start_and_finish(tmp_path, db)
    assert rerun == 120 - partial and _saved(db) == 120  # resumed: nothing lost or done twice


def _start_and_finish(tmp_path: Path, db: Path) -> int:
    r = subprocess.run(
        [sys.executable, str(tmp_path / "slow_run.py"), f"sqlite:///{db}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return int(r.stdout.strip())


@pytest.mark.integration
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_stops_the_workers_keeps_what_was_saved_and_a_rerun_resumes(tmp_path: Path) -> None:
    proc, db, workers = _start_slow_run(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole group
    proc.wait(timeout=30)
    assert "KeyboardInterrupt" in (proc.stderr.read() if proc.stderr else "")
    assert _gone(workers, 5)
    partial = _saved(db)
    assert 10 <= partial < 120
    assert _start_and_finish(tmp_path, db) == 120 - partial and _saved(db) == 120


# -- the real model ---------------------------------------------------------------------------

PROFILE = {
    "name": "an invented river dispute (test)",
    "parties": [
        {"code": "XM", "name": "Marovia", "demonyms": ["Marovian", "Marovians"], "opponents": ["XT"],
         "latitude": 41.2, "longitude": 22.1},
        {"code": "XT", "name": "Tessaly Reach", "demonyms": ["Tessalian", "Tessalians"], "opponents": ["XM"],
         "latitude": 40.1, "longitude": 23.4},
    ],
    "places": [
        {"name": "Osk Ford", "country": "XM", "latitude": 41.0, "longitude": 22.4, "feature": "village"},
    ],
}  # fmt: skip


def _river_docs() -> list[Document]:
    return [
        Document(
            id=f"r{i}",
            source=f"r{i}",
            text=f"Tessalian gunboats fired on Osk Ford on Tuesday, killing {i + 2} Marovian "
            f"fishermen and wounding {i + 4}, the Marovian interior ministry said.\n",
            language="en",
        )
        for i in range(9)
    ]


@pytest.mark.integration
def test_spawned_workers_use_the_profile_in_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where workers cannot be forked they are spawned, and told which reference files are in force."""
    path = tmp_path / "river.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    try:
        reference.use([str(path)])
        one = list(run.extract_documents(_river_docs(), jobs=1))
        monkeypatch.setattr(run, "_start_method", lambda: "spawn")
        two = list(run.extract_documents(_river_docs(), jobs=2))
    finally:
        reference.use()
    assert two == one
    assert {c.side_affected for ex in one for c in ex.claims} == {"XM"}  # the profile was in force


@pytest.mark.integration
def test_analyze_jobs_2_and_jobs_1_write_byte_identical_files(tmp_path: Path) -> None:
    from importlib.resources import as_file, files

    from ceasefire.cli.demo import demo_inputs

    outs = []
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        sources, manifest = demo_inputs(Path(folder))
        assert manifest is not None and len(sources) > 2 * run.TASK_DOCS  # enough for two workers
        for jobs in ("1", "2"):
            out = tmp_path / f"jobs{jobs}"
            r = subprocess.run(
                [sys.executable, "-m", "ceasefire", "analyze", *sources, "--manifest", str(manifest),
                 "--out", str(out), "--jobs", jobs],
                capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            assert r.returncode == 0, r.stderr
            outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted(p.name for p in outs[1].iterdir()) and "ceasefire.json" in names
    for name in names:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


# -- ingest and store cost (issue 15, item 3) -----------------------------------------------------


def _write_reports(folder: Path, n: int, culprit: int | None = None) -> None:
    import random

    words = [
        "shelling",
        "artillery",
        "border",
        "village",
        "soldiers",
        "wounded",
        "killed",
        "ministry",
        "statement",
        "ceasefire",
        "night",
        "morning",
        "officials",
        "reported",
        "damage",
        "houses",
        "district",
        "troops",
        "positions",
        "fire",
        "returned",
    ]
    for i in range(n):
        random.Random(i).shuffle(words)  # distinct texts, none a near-copy of another
        mark = " CULPRIT" if i == culprit else ""
        (folder / f"r{i:02}.txt").write_text(f"Report {i}{mark}. " + " ".join(words) + ".\n")


def test_a_batch_the_store_refuses_is_retried_one_by_one_and_only_the_culprit_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.errors import StoreError
    from ceasefire.ingest.pipeline import ingest_sources
    from ceasefire.settings import Settings

    _write_reports(tmp_path, 6, culprit=3)
    st = Store("sqlite://")
    single = Store.add_document

    def batch(self: Store, docs: object) -> set[str]:
        raise StoreError("cannot store 6 documents: a value the store cannot hold")

    def one(self: Store, doc: Document, *, minhash: bytes | None = None) -> bool:
        if "CULPRIT" in doc.text:
            raise StoreError("a value the store cannot hold")
        return single(self, doc, minhash=minhash)

    monkeypatch.setattr(Store, "add_documents", batch)
    monkeypatch.setattr(Store, "add_document", one)
    report = ingest_sources([tmp_path], store=st, settings=Settings())
    assert len(report.stored) == 5 and st.count_documents() == 5
    assert [(Path(r.source).name, r.reason) for r in report.rejected] == [("r03.txt", "failed")]


def test_ingest_commits_in_batches_and_tells_stored_from_already_there(tmp_path: Path) -> None:
    from ceasefire.ingest import pipeline
    from ceasefire.settings import Settings

    _write_reports(tmp_path, pipeline.BATCH_DOCS + 7)
    st = Store("sqlite://")
    calls: list[int] = []
    real = Store.add_documents

    def counting(self: Store, docs: list[tuple[Document, bytes | None]]) -> set[str]:
        calls.append(len(docs))
        return real(self, docs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Store, "add_documents", counting)
        first = pipeline.ingest_sources([tmp_path], store=st, settings=Settings())
    assert calls[0] == pipeline.BATCH_DOCS and sum(calls) == pipeline.BATCH_DOCS + 7  # not one by one
    assert len(first.stored) == pipeline.BATCH_DOCS + 7
    again = pipeline.ingest_sources([tmp_path], store=st, settings=Settings())
    assert again.stored == () and len(again.duplicates) == pipeline.BATCH_DOCS + 7
    doc = next(st.documents())
    assert st.add_documents([(doc, None)]) == set()  # an id already there is reported, not doubled


def test_extractions_are_saved_in_batches_and_a_refused_batch_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire.errors import StoreError
    from ceasefire.ingest.pipeline import ingest_sources
    from ceasefire.records import Extraction
    from ceasefire.settings import Settings
    from tests.test_records import _mention

    _write_reports(tmp_path, run.SAVE_DOCS + 5, culprit=7)
    st = Store("sqlite://")
    ingest_sources([tmp_path], store=st, settings=Settings())
    docs = sorted(st.documents(), key=lambda d: d.id)
    culprit = next(d.id for d in docs if "CULPRIT" in d.text)

    def fake(ds: object, **_kw: object) -> object:
        for d in ds:  # type: ignore[attr-defined]
            m = _mention(id=f"{d.id}:m0", document_id=d.id)
            yield Extraction(d.id, (m,), (), (), "ok")

    calls: list[int] = []
    batch, single = Store.save_extractions, Store.save_extraction

    def counting(self: Store, exs: list[Extraction], version: str) -> None:
        calls.append(len(exs))
        if len(exs) > 1 and any(ex.document_id == culprit for ex in exs):
            raise StoreError("a value the store cannot hold")
        batch(self, exs, version)

    def one(self: Store, ex: Extraction, version: str) -> None:
        if ex.document_id == culprit and ex.status == "ok":
            raise StoreError("a value the store cannot hold")
        single(self, ex, version)

    monkeypatch.setattr(run, "extract_documents", fake)
    monkeypatch.setattr(Store, "save_extractions", counting)
    monkeypatch.setattr(Store, "save_extraction", one)
    seen: list[str] = []
    counts = run._save_all(st, docs, "v", lambda ex: seen.append(ex.document_id), 16, 1, None)
    assert calls[0] == run.SAVE_DOCS  # not one document per transaction
    assert seen == [d.id for d in docs] and counts[0] == len(docs) and counts[3] == 1
    rows = {r["document_id"]: r["status"] for r in st.extraction_status()}
    assert rows[culprit] == "error" and sum(v == "ok" for v in rows.values()) == len(docs) - 1
    assert len(st.mentions()) == len(docs) - 1  # the culprit's batch-mates were saved, not lost
    # saved again: each document's rows are replaced, not doubled
    monkeypatch.setattr(Store, "save_extraction", single)
    batch(st, [next(fake(docs))], "v")  # type: ignore[call-overload]
    assert len(st.mentions()) == len(docs) - 1


def test_the_extraction_count_matches_the_documents_to_extract() -> None:
    from ceasefire.records import Extraction

    st = Store("sqlite://")
    st.add_documents([(d, None) for d in _docs(5)])
    st.save_extraction(Extraction("d000", (), (), (), "ok", ""), "v1")
    st.save_extraction(Extraction("d001", (), (), (), "error", "boom"), "v1")
    st.save_extraction(Extraction("d002", (), (), (), "empty", ""), "v0")
    for kw in ({}, {"retry_errors": True}, {"everything": True}):
        expected = sum(1 for _ in st.documents_to_extract("v1", **kw))
        assert st.count_documents_to_extract("v1", **kw) == expected, kw
    assert st.count_documents_to_extract("v1") == 3  # d002 (older version), d003, d004


# -- ingest and extraction overlapped (ingest_and_extract: `ceasefire ingest`, `analyze`) ------


def _extraction_rows(st: Store) -> list[tuple[str, str, str]]:
    return sorted((r["document_id"], r["status"], r["reason"]) for r in st.extraction_status())


def _reports_past_one_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """More reports than one ingest batch, written to ``tmp_path``, extracted by a stub that
    records each document's skip reason under the version "v"; their number."""
    from ceasefire.ingest import pipeline

    monkeypatch.setattr(run, "skip_reason", lambda d: f"reason of {d.id}")
    monkeypatch.setattr(run, "extractor_version", lambda: "v")
    n = pipeline.BATCH_DOCS + 30
    _write_reports(tmp_path, n)
    return n


@forked
@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_and_extract_overlap_and_store_what_the_two_steps_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from ceasefire.ingest import pipeline
    from ceasefire.settings import Settings

    n = _reports_past_one_batch(tmp_path, monkeypatch)
    # with workers, this process reads ahead of them while they are busy (READ_AHEAD tasks): the
    # whole of a small test corpus would be ingested before the first result comes back
    monkeypatch.setattr(run, "READ_AHEAD", 1)
    apart = Store("sqlite://")  # the two steps one after the other
    pipeline.ingest_sources([tmp_path], store=apart, settings=Settings())
    assert run.extract_store(apart, jobs=1)[0] == n

    st = Store("sqlite://")
    events: list[str] = []
    report, counts = run.ingest_and_extract(
        [tmp_path],
        store=st,
        settings=Settings(),
        jobs=jobs,
        options=IngestOptions(on_item=lambda status, _source: events.append(status)),
        on_doc=lambda _ex: events.append("extracted"),
    )
    assert len(report.stored) == counts[0] == n and events.count("extracted") == n
    last_read = max(i for i, e in enumerate(events) if e == "input-done")
    assert events.index("extracted") < last_read  # extraction began while the ingest went on
    assert _extraction_rows(st) == _extraction_rows(apart) and len(_extraction_rows(st)) == n
    assert st.count_documents_to_extract("v") == 0
    assert multiprocessing.active_children() == []


@forked
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_interrupted_ingest_and_extract_resumes_with_nothing_lost_or_doubled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from ceasefire.settings import Settings

    n = _reports_past_one_batch(tmp_path, monkeypatch)
    monkeypatch.setattr(run, "READ_AHEAD", 1)  # else the workers' start lets the ingest read it all
    st = Store(f"sqlite:///{tmp_path / 'store.db'}")
    saved: list[str] = []

    def ctrl_c_at_10(ex: object) -> None:
        saved.append(ex.document_id)  # type: ignore[attr-defined]
        if len(saved) == 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run.ingest_and_extract([tmp_path], store=st, settings=Settings(), jobs=jobs, on_doc=ctrl_c_at_10)
    assert multiprocessing.active_children() == []
    stored = st.count_documents()
    assert 10 <= stored < n  # the ingest stopped with the extraction, after whole batches
    # extractions are saved a batch at a time: the interrupted batch is saved whole, every
    # extraction the callback saw among them
    done = {r["document_id"] for r in st.extraction_status()}
    assert set(saved) <= done and 10 <= len(done) <= 10 + run.SAVE_DOCS

    report, counts = run.ingest_and_extract([tmp_path], store=st, settings=Settings(), jobs=jobs)
    assert len(report.stored) == n - stored and len(report.duplicates) == stored
    assert counts[0] == n - len(done)  # the rest, each once
    rows = _extraction_rows(st)
    assert len(rows) == n and len({r[0] for r in rows}) == n
    assert st.count_documents_to_extract("v") == 0


@forked
def test_re_running_ingest_and_extract_over_stored_inputs_starts_no_process_and_no_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ceasefire import pipeline
    from ceasefire.ingest.pipeline import plan
    from ceasefire.settings import Settings

    monkeypatch.setattr(run, "skip_reason", lambda d: f"reason of {d.id}")
    monkeypatch.setattr(run, "extractor_version", lambda: "v")
    _write_reports(tmp_path, 3 * run.TASK_DOCS)
    inputs = plan([str(tmp_path)])  # as the CLI passes them: workers start before any is stored
    st = Store("sqlite://")
    started: list[int] = []
    real_start = run._extract_parallel

    def spy(*a: object, **k: object) -> object:
        started.append(bool(k.get("eager")))
        return real_start(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "_extract_parallel", spy)
    first = run.ingest_and_extract(inputs, store=st, settings=Settings(), jobs=2)
    assert first[1][0] == 3 * run.TASK_DOCS and started == [True]
    monkeypatch.setattr(multiprocessing, "get_context", lambda *_a: pytest.fail("a process was started"))
    monkeypatch.setattr(pipeline, "build_nlp", lambda **_k: pytest.fail("the model was loaded"))
    report, counts = run.ingest_and_extract(inputs, store=st, settings=Settings(), jobs=2)
    assert report.stored == () and len(report.duplicates) == 3 * run.TASK_DOCS and counts[0] == 0


def test_ctrl_c_while_the_workers_fork_is_acted_on_once_the_fork_returns() -> None:
    # a KeyboardInterrupt raised inside a fork's own handlers is printed and lost: the parent
    # holds Ctrl-C back while it forks and raises it right after
    reached = []
    with pytest.raises(KeyboardInterrupt), run._ctrl_c_deferred():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        reached.append("the fork returned")
    assert reached == ["the fork returned"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
