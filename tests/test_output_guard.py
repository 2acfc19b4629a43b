"""No command removes or overwrites what it did not create (issue 12, "What to build" 5).

Every guarded write (``grep -rn "rmtree\\|os.replace" ceasefire/``) is exercised here against
the three things a user may have at an output path: their own file, a symlink and a device node
(a character device when the tests run as root, else a FIFO). Each must survive untouched.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ceasefire.cli import main
from ceasefire.errors import OutputError
from ceasefire.export.guard import MARKER, check_file, check_folder, publish, record, remove_own

USER_TEXT = "my own notes, not ceasefire's\n"


def make_device(path: Path) -> str:
    """A device node at ``path`` (the null device) when allowed, else a FIFO; returns its kind."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        return "device"
    except (PermissionError, OSError):
        os.mkfifo(path)
        return "fifo"


def is_special(path: Path) -> bool:
    mode = os.lstat(path).st_mode
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process (exactly as the console script does) and capture its output."""
    code = 0
    try:
        main(argv)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def one_line_error(err: str) -> bool:
    return "Traceback" not in err and len(err.strip().splitlines()) == 1 and err.startswith("error:")


# --- the guard itself ---------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["cwd", "home", "root"])
def test_cwd_home_and_root_are_never_output_folders(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    folder = {"cwd": Path("."), "home": tmp_path / "home", "root": Path("/")}[where]
    with pytest.raises(OutputError, match="will not write outputs into"):
        check_folder(folder, ["report.html"], force=True)  # not even with --force


def test_a_folder_of_the_users_needs_force_and_its_files_survive(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text(USER_TEXT)
    with pytest.raises(OutputError, match=r"not empty and was not written by ceasefire.*mine\.txt"):
        check_folder(tmp_path, ["report.html"])
    check_folder(tmp_path, ["report.html"], force=True)  # beside the user's files: allowed
    (tmp_path / "report.html").write_text(USER_TEXT)
    with pytest.raises(OutputError, match="was not written by ceasefire"):
        check_folder(tmp_path, ["report.html"], force=False)


def test_new_empty_and_marked_folders_are_accepted(tmp_path: Path) -> None:
    check_folder(tmp_path / "new" / "deeper", ["a.csv"])
    (tmp_path / "empty").mkdir()
    check_folder(tmp_path / "empty", ["a.csv"])
    record(tmp_path / "ours", ["a.csv"])
    (tmp_path / "ours" / "a.csv").write_text("x")
    (tmp_path / "ours" / "notes.txt").write_text(USER_TEXT)  # a user's file in our folder stays
    check_folder(tmp_path / "ours", ["a.csv"])
    marker = json.loads((tmp_path / "ours" / MARKER).read_text())
    assert marker["written_by"] == "ceasefire" and marker["files"] == ["a.csv"]
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_folder(tmp_path / "ours" / "a.csv", ["x"])
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_folder(tmp_path / "ours" / "a.csv" / "sub", ["x"])


@pytest.mark.parametrize("kind", ["symlink", "device", "folder"])
def test_special_files_at_an_output_name_are_refused_even_with_force(tmp_path: Path, kind: str) -> None:
    record(tmp_path, ["out.csv"])  # even a name the marker lists
    target = tmp_path / "out.csv"
    victim = tmp_path / "victim.txt"
    victim.write_text(USER_TEXT)
    if kind == "symlink":
        target.symlink_to(victim)
    elif kind == "device":
        make_device(target)
    else:
        target.mkdir()
    with pytest.raises(OutputError, match=r"is a (symlink|device|FIFO|folder)"):
        check_file(target, force=True)
    with pytest.raises(OutputError):
        check_folder(tmp_path, ["out.csv"], force=True)
    assert victim.read_text() == USER_TEXT


@pytest.mark.parametrize("kind", ["user-file", "symlink", "device"])
def test_publish_the_one_os_replace_never_replaces_a_special_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "out.csv"
    victim = tmp_path / "victim.txt"
    victim.write_text(USER_TEXT)
    tmp = tmp_path / ".out.csv.tmp"
    tmp.write_text("new")
    if kind == "user-file":
        target.write_text(USER_TEXT)
        publish(tmp, target)  # the command checked ownership/--force before; a regular file is replaced
        assert target.read_text() == "new"
        return
    if kind == "symlink":
        target.symlink_to(victim)
    else:
        make_device(target)
    with pytest.raises(OutputError):
        publish(tmp, target)
    assert not tmp.exists()  # the temporary file is cleaned up
    if kind == "symlink":
        assert target.is_symlink() and victim.read_text() == USER_TEXT
    else:
        assert is_special(target)


@pytest.mark.parametrize("kind", ["user-file", "symlink", "device"])
def test_remove_own_removes_only_a_regular_file_the_marker_lists(tmp_path: Path, kind: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text(USER_TEXT)
    target = tmp_path / "ceasefire.db"
    if kind == "user-file":
        target.write_text(USER_TEXT)
    elif kind == "symlink":
        target.symlink_to(victim)
    else:
        make_device(target)
    assert remove_own(tmp_path, "ceasefire.db") is False  # not listed: never removed
    record(tmp_path, ["ceasefire.db"])
    if kind == "user-file":
        assert remove_own(tmp_path, "ceasefire.db") is True  # listed (ours, or --forced): removed
        assert not target.exists()
    else:
        assert remove_own(tmp_path, "ceasefire.db") is False  # listed but not a regular file
        assert os.path.lexists(target) and victim.read_text() == USER_TEXT


def test_a_symlinked_or_foreign_marker_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.json").write_text(json.dumps({"written_by": "ceasefire", "files": ["a.csv"]}))
    (tmp_path / MARKER).symlink_to(tmp_path / "elsewhere.json")
    (tmp_path / "a.csv").write_text(USER_TEXT)
    with pytest.raises(OutputError):
        check_file(tmp_path / "a.csv")
    with pytest.raises(OutputError, match="symlink"):
        record(tmp_path, ["a.csv"])
    assert (tmp_path / "a.csv").read_text() == USER_TEXT


# --- the commands -------------------------------------------------------------------------------


def _export(
    capsys: pytest.CaptureFixture[str], db: Path, out: Path, *extra: str, fmt: str = "claims-csv"
) -> tuple[int, str, str]:
    if not db.exists():
        from ceasefire.store import Store

        Store(str(db)).close()
    return run(["export", "-f", fmt, "-o", str(out), "--db", str(db), *extra], capsys)


def _make(kind: str, target: Path, victim: Path) -> Callable[[], bool]:
    """Put a user's thing at ``target``; returns a check that it survived untouched."""
    victim.write_text(USER_TEXT)
    if kind == "user-file":
        target.write_text(USER_TEXT)
        return lambda: target.read_text() == USER_TEXT
    if kind == "symlink":
        target.symlink_to(victim)
        return lambda: target.is_symlink() and victim.read_text() == USER_TEXT
    if kind == "device":
        make_device(target)
        return lambda: is_special(target)
    target.mkdir()
    (target / "inside.txt").write_text(USER_TEXT)
    return lambda: (target / "inside.txt").read_text() == USER_TEXT


@pytest.mark.parametrize("kind", ["user-file", "symlink", "device", "folder"])
def test_export_leaves_what_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    db = tmp_path / "s.db"
    target = tmp_path / "out" / "claims.csv"
    target.parent.mkdir()
    survived = _make(kind, target, tmp_path / "victim.txt")
    code, _out, err = _export(capsys, db, target)
    assert code == 1 and one_line_error(err), err
    assert survived()
    if kind == "user-file":  # --force overwrites a regular file of another origin ...
        code, _out, err = _export(capsys, db, target, "--force")
        assert code == 0, err
        assert target.read_text().startswith("claim_id")
    else:  # ... and never a symlink, a device or a folder
        code, _out, err = _export(capsys, db, target, "--force")
        assert code == 1 and one_line_error(err), err
        assert survived()


def test_export_rewrites_its_own_file_and_guards_claims_parquet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    target = tmp_path / "claims.csv"
    assert _export(capsys, db, target)[0] == 0
    assert _export(capsys, db, target)[0] == 0  # ours now: no --force needed
    assert "claims.csv" in json.loads((tmp_path / MARKER).read_text())["files"]
    (tmp_path / "claims.parquet").symlink_to(tmp_path / "claims.csv")
    code, _out, err = _export(capsys, db, tmp_path / "incidents.parquet", "--force", fmt="parquet")
    assert code == 1 and "claims.parquet is a symlink" in err
    assert not (tmp_path / "incidents.parquet").exists()


def test_report_leaves_a_symlink_and_the_users_pngs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    victim = tmp_path / "victim.txt"
    victim.write_text(USER_TEXT)
    (tmp_path / "week.html").symlink_to(victim)
    code, _out, err = run(
        ["report", "-f", "html", "-o", str(tmp_path / "week.html"), "--db", str(db)], capsys
    )
    assert code == 1 and one_line_error(err) and victim.read_text() == USER_TEXT
    (tmp_path / "report-map.png").write_text(USER_TEXT)  # a user's file where the md report puts a chart
    code, _out, err = run(["report", "-f", "md", "-o", str(tmp_path / "r.md"), "--db", str(db)], capsys)
    assert code == 1 and "report-map.png exists" in err
    assert (tmp_path / "report-map.png").read_text() == USER_TEXT and not (tmp_path / "r.md").exists()


@pytest.mark.parametrize("command", ["analyze", "demo"])
def test_folder_commands_refuse_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text(USER_TEXT)
    (tmp_path / "ceasefire.db").write_text(USER_TEXT)  # a user's store, as `ingest` leaves it
    sources = [str(tmp_path / "reports")] if command == "analyze" else []
    for out in (".", str(tmp_path), str(tmp_path / "reports" / "a.txt")):
        code, _o, err = run([command, *sources, "--out", out], capsys)
        assert code == 1 and one_line_error(err), (out, err)
    assert (tmp_path / "ceasefire.db").read_text() == USER_TEXT
    assert (tmp_path / "reports" / "a.txt").read_text() == USER_TEXT
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "ceasefire.db").write_text(USER_TEXT)
    code, _o, err = run([command, *sources, "--out", str(proj)], capsys)
    assert code == 1 and "--force" in err and (proj / "ceasefire.db").read_text() == USER_TEXT
    assert sorted(os.listdir(tmp_path)) == ["ceasefire.db", "proj", "reports"]  # no marker anywhere


def test_demo_reruns_in_its_own_folder_and_keeps_the_users_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    code, _o, err = run(["demo", "--out", str(out)], capsys)
    assert code == 0, err
    assert (out / "ceasefire.db").is_file() and (out / "report.html").is_file()
    (out / "notes.txt").write_text(USER_TEXT)  # the user keeps notes beside the demo
    victim = tmp_path / "victim.txt"
    victim.write_text(USER_TEXT)
    (out / "claims.csv").unlink()
    (out / "claims.csv").symlink_to(victim)
    code, _o, err = run(["demo", "--out", str(out)], capsys)
    assert code == 1 and "claims.csv is a symlink" in err
    (out / "claims.csv").unlink()
    code, _o, err = run(["demo", "--out", str(out)], capsys)  # the demo's own files are replaced
    assert code == 0, err
    assert (out / "notes.txt").read_text() == USER_TEXT and victim.read_text() == USER_TEXT
    assert (out / "claims.csv").is_file() and (out / "ceasefire.db").is_file()


def test_spark_outputs_are_guarded_before_spark_starts(tmp_path: Path) -> None:
    from ceasefire.spark.job import EXTRACT_TABLES, RECONCILE_FILES, RECONCILE_TABLES, guard_outputs

    tables = tmp_path / "tables"
    (tables / "documents").mkdir(parents=True)  # a folder of the user's where Spark writes a table
    (tables / "documents" / "mine.parquet").write_text(USER_TEXT)
    with pytest.raises(OutputError):
        guard_outputs(tables, tables=EXTRACT_TABLES, force=True)  # Spark would replace it whole
    assert (tables / "documents" / "mine.parquet").read_text() == USER_TEXT
    fresh = tmp_path / "fresh"
    guard_outputs(fresh, tables=EXTRACT_TABLES)
    guard_outputs(fresh, tables=RECONCILE_TABLES, files=RECONCILE_FILES)  # reconcile into extract's folder
    (fresh / "incidents.acled.csv").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError, match="symlink"):
        guard_outputs(fresh, tables=RECONCILE_TABLES, files=RECONCILE_FILES, force=True)


# --- the web's upload folders (the two shutil.rmtree calls) --------------------------------------


@pytest.fixture
def in_tempdir() -> Iterator[Callable[[str], Path]]:
    """Names directly in the temporary folder (where uploads go), removed after the test."""
    import shutil
    import tempfile
    import uuid

    made: list[Path] = []

    def name(kind: str) -> Path:
        p = Path(tempfile.gettempdir()) / f"ceasefire-upload-test-{kind}-{uuid.uuid4().hex[:8]}"
        made.append(p)
        return p

    yield name
    for p in made:
        if p.is_symlink() or (p.exists() and not p.is_dir()):
            p.unlink()
        elif p.is_dir():
            shutil.rmtree(p)


def test_an_upload_folder_is_removed_and_what_its_symlinks_point_to_survives(tmp_path: Path) -> None:
    import tempfile

    from ceasefire.web.context import UPLOAD_PREFIX, remove_upload_folder

    victim = tmp_path / "victim.txt"
    victim.write_text(USER_TEXT)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "inside.txt").write_text(USER_TEXT)
    up = Path(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))  # as the upload makes it
    (up / "000-a.txt").write_text("uploaded")
    (up / "001-link.txt").symlink_to(victim)
    (up / "002-dir").symlink_to(tmp_path / "docs")
    assert remove_upload_folder(up) is True and not os.path.lexists(up)
    assert victim.read_text() == USER_TEXT and (tmp_path / "docs" / "inside.txt").read_text() == USER_TEXT


@pytest.mark.parametrize("kind", ["user-folder", "user-folder-elsewhere", "symlink", "device", "user-file"])
def test_upload_cleanup_leaves_what_the_upload_did_not_make(
    tmp_path: Path, in_tempdir: Callable[[str], Path], kind: str
) -> None:
    """A job's cleanup path that is not an upload folder (a user's folder or file, a symlink to a
    folder, a device node or FIFO, even named like an upload folder) is never removed."""
    from ceasefire.web.context import remove_upload_folder

    victim = tmp_path / "docs"
    victim.mkdir()
    (victim / "inside.txt").write_text(USER_TEXT)
    if kind == "user-folder-elsewhere":  # named like an upload folder, but not in the temp folder
        target = tmp_path / "ceasefire-upload-mine"
    elif kind == "user-folder":  # in the temp folder, but not named as an upload folder
        import tempfile

        target = Path(tempfile.mkdtemp(prefix="users-own-"))
    else:
        target = in_tempdir(kind)
    if kind.startswith("user-folder"):
        target.mkdir(exist_ok=True)
        (target / "inside.txt").write_text(USER_TEXT)

        def survived() -> bool:
            return (target / "inside.txt").read_text() == USER_TEXT

    elif kind == "symlink":  # a symlink to a folder of the user's, where rmtree would recurse
        target.symlink_to(victim)

        def survived() -> bool:
            return target.is_symlink() and (victim / "inside.txt").read_text() == USER_TEXT

    else:
        survived = _make(kind, target, tmp_path / "victim.txt")
    try:
        assert remove_upload_folder(target) is False
        assert survived()
    finally:
        if kind == "user-folder":
            import shutil

            shutil.rmtree(target)


@pytest.mark.parametrize("kind", ["folder", "symlink"])
def test_a_job_cleans_up_only_an_upload_folder(
    tmp_path: Path, in_tempdir: Callable[[str], Path], kind: str
) -> None:
    """The web job's ``finally`` goes through the same guard: a job whose cleanup path is a
    folder of the user's, or a symlink to one, leaves it in place."""
    import time

    from ceasefire.settings import Settings
    from ceasefire.store import Store
    from ceasefire.web.context import WebContext

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "inside.txt").write_text(USER_TEXT)
    cleanup = docs
    if kind == "symlink":
        cleanup = in_tempdir("job")
        cleanup.symlink_to(docs)
    ctx = WebContext(Store(str(tmp_path / "w.db")), Settings(), read_only=False, token=None)
    job = ctx.start_job([], cleanup=cleanup)
    deadline = time.monotonic() + 60
    while job.state not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.state in ("done", "failed")
    time.sleep(0.2)  # the cleanup runs in the job's finally, just after the state is set
    assert os.path.lexists(cleanup) and (docs / "inside.txt").read_text() == USER_TEXT


def test_a_refused_upload_removes_its_own_folder_only(
    tmp_path: Path, in_tempdir: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upload reader's rmtree (a refused upload) removes the folder it made and nothing
    named like one beside it: a user's file, a symlink and a device node survive."""
    import tempfile

    from fastapi.testclient import TestClient

    from ceasefire.web import create_app

    kinds = ("user-file", "symlink", "device")
    checks = [_make(kind, in_tempdir(kind), tmp_path / f"victim-{kind}.txt") for kind in kinds]
    made: list[str] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args: object, **kwargs: object) -> str:
        made.append(real_mkdtemp(*args, **kwargs))  # type: ignore[call-overload]
        return made[-1]

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    with TestClient(create_app(f"sqlite:///{tmp_path / 'w.db'}"), base_url="http://127.0.0.1") as c:
        token = c.get("/api/csrf").json()["csrf_token"]
        # the first file is saved in a new upload folder, the second is refused: the folder goes
        files = [
            ("files", ("a.txt", b"A plain text file, saved first.", "text/plain")),
            ("files", ("b.txt", b"text\x00binary", "text/plain")),
        ]
        r = c.post("/api/ingest", files=files, headers={"x-csrf-token": token})
        assert r.status_code == 400
    uploads = [m for m in made if Path(m).name.startswith("ceasefire-upload-")]
    assert uploads and not any(os.path.lexists(m) for m in uploads)  # its own folder is gone
    assert all(check() for check in checks)
