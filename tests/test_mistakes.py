"""A new user's mistakes (issue 12): each ends in one line naming what is wrong (and the fix
where one helps), the exit code the README documents, and never a traceback.

The table runs the real command line in-process (``ceasefire.cli.main``, as the console script
does); what needs a process of its own (a busy port, Ctrl-C) runs as a subprocess.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ceasefire.cli import main

REPORT = (
    "Three militiamen were killed on Tuesday when a patrol came under rocket fire near the "
    "river crossing, the interior ministry said."
)
README = Path(__file__).resolve().parents[1] / "README.md"


@dataclass(frozen=True)
class Mistake:
    id: str
    argv: tuple[str, ...]
    code: int
    needles: tuple[str, ...]  # each must appear in stderr (case-insensitive)
    env: dict[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()  # paths that must not exist afterwards (nothing created)


def m(
    id: str, argv: str, code: int, *needles: str, env: dict[str, str] | None = None, absent: str = ""
) -> Mistake:
    return Mistake(id, tuple(argv.split()), code, needles, env or {}, tuple(absent.split()))


DB = "--db s.db"
MISTAKES = [
    # -- paths that are missing, empty, or the wrong kind --------------------------------
    m("ingest-missing-file", f"ingest nope.txt {DB} --no-extract", 3, "nope.txt", "no such file"),
    m("ingest-empty-folder", f"ingest empty/ {DB} --no-extract", 3, "empty/", "holds no files"),
    m("ingest-under-a-file", f"ingest afile/x.txt {DB} --no-extract", 3, "afile/x.txt", "no such file"),
    m(
        "analyze-missing-dir",
        "analyze no-such-dir/ --out out1",
        1,
        "nothing to analyze",
        "no-such-dir/",
        absent="out1",
    ),
    m("analyze-empty-dir", "analyze empty/ --out out2", 1, "nothing to analyze", "no files", absent="out2"),
    m("analyze-out-is-a-file", "analyze a.txt --out afile", 1, "afile is a file"),
    m("demo-out-is-a-file", "demo --out afile", 1, "afile is a file"),
    m("export-onto-a-folder", f"export -f json -o folder {DB}", 1, "folder is a folder", "another output"),
    m("export-under-a-file", f"export -f json -o afile/x.json {DB}", 1, "afile is a file"),
    m("report-onto-a-folder", f"report -f html -o folder {DB}", 1, "folder is a folder"),
    m(
        "manifest-missing",
        f"ingest a.txt --manifest nope.csv {DB} --no-extract",
        1,
        "cannot read manifest",
        "nope.csv",
    ),
    m(
        "manifest-is-a-folder",
        f"ingest a.txt --manifest folder {DB} --no-extract",
        1,
        "manifest folder",
        "directory",
    ),
    m(
        "outlets-missing",
        f"ingest a.txt --outlets nope.json {DB} --no-extract",
        1,
        "outlet registry nope.json",
    ),
    m("profile-missing", f"--profile nope.json documents {DB}", 1, "conflict profile nope.json"),
    m("profile-is-a-folder", f"--profile folder documents {DB}", 1, "conflict profile folder"),
    m("profile-not-json", f"--profile broken.json documents {DB}", 1, "broken.json", "not valid json"),
    m("eval-outside-a-checkout", "eval", 1, "no gold annotations at eval/gold", "checkout"),
    m("eval-missing-path", "eval nope/", 1, "no gold annotations at nope"),
    m("eval-folder-without-gold", "eval empty/", 1, "no gold files (*.jsonl) in empty"),
    m("eval-gold-missing-a-field", "eval badgold/", 1, "badgold/g.jsonl:1", "missing field 'text'"),
    # -- stores: mistyped, misplaced, not a store, URLs almost right --------------------
    m("db-mistyped", "documents --db typo.db", 1, "no store at typo.db", "--db", absent="typo.db"),
    m("db-is-a-folder", "documents --db folder", 1, "folder is not a store file"),
    m("db-is-a-text-file", "claims --db a.txt", 1, "a.txt", "not a database"),
    m(
        "db-folder-missing",
        "ingest a.txt --db nodir/sub/s.db --no-extract",
        1,
        "folder nodir/sub does not exist",
        "mkdir -p nodir/sub",
        absent="nodir",
    ),
    m("db-folder-is-a-file", "ingest a.txt --db afile/s.db --no-extract", 1, "afile is a file"),
    m(
        "db-postgres-scheme",
        "documents --db postgres://ann@db.example/monitor",
        1,
        "did you mean postgresql+psycopg://ann@db.example/monitor",
        "--db",
    ),
    m(
        "db-postgres-password-hidden",
        "documents --db postgres://ann:hunter2@db.example/m",
        1,
        "postgresql+psycopg://ann:***@db.example/m",
    ),
    m(
        "db-sqlite-one-slash",
        "ingest a.txt --db sqlite:/x.db --no-extract",
        1,
        "did you mean sqlite:////x.db",
        "just the path",
    ),
    m("db-sqlite-two-slashes", "documents --db sqlite://x.db", 1, "did you mean sqlite:///x.db"),
    m(
        "db-unknown-kind",
        "documents --db mongodb://h/x",
        1,
        "unknown kind of store 'mongodb'",
        "postgresql+psycopg",
    ),
    m(
        "db-from-environment",
        "documents",
        1,
        "environment variable CEASEFIRE_DB",
        "postgresql+psycopg://",
        env={"CEASEFIRE_DB": "postgres://h/x"},
    ),
    # -- URLs of every kind: each a rejection with its reason (exit 3) -------------------
    m("url-without-host", f"ingest http:// {DB} --no-extract", 3, "http://", "has no host"),
    m("url-mistyped-scheme", f"ingest htp://example.org/a {DB} --no-extract", 3, "scheme 'htp'"),
    m("url-ftp", f"ingest ftp://example.org/a {DB} --no-extract", 3, "scheme 'ftp'", "only http and https"),
    m(
        "url-file-scheme",
        f"ingest file:///etc/hostname {DB} --no-extract",
        3,
        "scheme 'file'",
        "--allow-scheme",
    ),
    m("url-malformed-ipv6", f"ingest http://[::1 {DB} --no-extract", 3, "not a valid url"),
    m("url-loopback", f"ingest http://127.0.0.1:9/a {DB} --no-extract", 3, "loopback", "--allow-private"),
    m("url-private", f"ingest http://10.1.2.3/a {DB} --no-extract", 3, "private", "--allow-host"),
    # -- the config file: syntax, unknown keys, wrong types (named with the file) --------
    m("config-missing", f"--config nope.toml documents {DB}", 1, "config file not found: nope.toml"),
    m("config-is-a-folder", f"--config folder documents {DB}", 1, "config file folder is a folder"),
    m("config-not-toml", f"--config broken.toml documents {DB}", 1, "broken.toml is not valid toml"),
    m(
        "config-allow-hosts-number",
        f"--config hosts.toml documents {DB}",
        1,
        "fetch.allow_hosts = 5",
        "config file hosts.toml",
        "list of strings",
    ),
    m("config-table-not-a-table", f"--config table.toml documents {DB}", 1, "setting fetch = 3", "table"),
    m(
        "config-unknown-key",
        f"--config unknown.toml documents {DB}",
        1,
        "unknown setting 'dbb'",
        "did you mean 'db'",
    ),
    m(
        "config-size-not-a-number",
        f"--config size.toml documents {DB}",
        1,
        "max_file_bytes = 'big'",
        "whole number",
    ),
    m(
        "config-negative-timeout",
        f"--config timeout.toml documents {DB}",
        1,
        "fetch.timeout = -1",
        "greater than 0",
    ),
    m(
        "config-threshold-above-one",
        f"--config threshold.toml documents {DB}",
        1,
        "near_duplicate_threshold = 2",
        "at most 1",
    ),
    m(
        "config-from-environment-missing",
        f"documents {DB}",
        1,
        "config file not found: gone.toml",
        "CEASEFIRE_CONFIG",
        env={"CEASEFIRE_CONFIG": "gone.toml"},
    ),
    # -- the environment: wrong types named with the variable ----------------------------
    m(
        "env-bool-typo",
        f"documents {DB}",
        1,
        "CEASEFIRE_FETCH_ALLOW_PRIVATE",
        "'tru'",
        "true or false",
        env={"CEASEFIRE_FETCH_ALLOW_PRIVATE": "tru"},
    ),
    m(
        "env-size-with-unit",
        f"documents {DB}",
        1,
        "CEASEFIRE_MAX_FILE_BYTES",
        "whole number",
        env={"CEASEFIRE_MAX_FILE_BYTES": "20MB"},
    ),
    m(
        "env-timeout-word",
        f"documents {DB}",
        1,
        "CEASEFIRE_FETCH_TIMEOUT",
        "'soon'",
        "number",
        env={"CEASEFIRE_FETCH_TIMEOUT": "soon"},
    ),
    # -- flags: out of range, malformed, unknown values ----------------------------------
    m(
        "max-file-mb-negative",
        f"ingest a.txt {DB} --max-file-mb -5 --no-extract",
        1,
        "--max-file-mb -5",
        "greater than 0",
    ),
    m("max-file-mb-zero", f"ingest a.txt {DB} --max-file-mb 0 --no-extract", 1, "--max-file-mb 0"),
    m("published-not-a-date", f"ingest a.txt {DB} --published someday --no-extract", 1, "unrecognised date"),
    m("export-unknown-format", f"export -f xml -o x.xml {DB}", 2, "'xml' is not one of", "export --help"),
    m("report-unknown-format", f"report -f pdf {DB}", 2, "'pdf' is not one of"),
    m(
        "export-reversed-range",
        f"export -f json -o x.json --from 2023-05-30 --to 2023-05-01 {DB}",
        2,
        "--from 2023-05-30 is after --to 2023-05-01",
        absent="x.json",
    ),
    m("report-reversed-range", f"report --from 2023-05-30 --to 2023-05-01 {DB}", 2, "is after"),
    m("incidents-impossible-date", f"incidents --from 2023-02-30 {DB}", 2, "2023-02-30", "not a date"),
    m("export-impossible-date", f"export -f json -o x.json --to 2023-13-01 {DB}", 2, "yyyy-mm-dd"),
    m("limit-not-a-number", f"documents --limit some {DB}", 2, "--limit"),
    m("serve-public-without-token", f"serve --host 0.0.0.0 {DB}", 2, "without a write token", "--read-only"),
    m("serve-port-out-of-range", f"serve --port 70000 {DB}", 2, "--port"),
    m("unknown-command", "injest a.txt", 2, "no such command 'injest'"),
    m("unknown-option", f"documents --jsno {DB}", 2, "no such option: --jsno"),
    m("missing-argument", "ingest", 2, "missing argument"),
    # -- unknown ids ----------------------------------------------------------------------
    m("document-id-unknown", f"show-doc 0123abcd {DB}", 4, "no document"),
    m("incident-id-unknown", f"show zzzzzz {DB}", 4, "no incident with id 'zzzzzz'", "ceasefire incidents"),
    m("incident-id-too-short", f"show ab {DB}", 4, "at least 4 characters"),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ceasefire.store import Store

    ws = tmp_path_factory.mktemp("mistakes")
    (ws / "a.txt").write_text(REPORT)
    (ws / "afile").write_text("a file where a folder is expected\n")
    (ws / "folder").mkdir()
    (ws / "folder" / "note.txt").write_text("a folder where a file is expected\n")
    (ws / "empty").mkdir()
    (ws / "broken.json").write_text('{"parties": [')
    (ws / "badgold").mkdir()
    (ws / "badgold" / "g.jsonl").write_text('{"id": "x", "events": []}\n')
    (ws / "broken.toml").write_text("db = \n")
    (ws / "hosts.toml").write_text("[fetch]\nallow_hosts = 5\n")
    (ws / "table.toml").write_text("fetch = 3\n")
    (ws / "unknown.toml").write_text('dbb = "x.db"\n')
    (ws / "size.toml").write_text('max_file_bytes = "big"\n')
    (ws / "timeout.toml").write_text("[fetch]\ntimeout = -1\n")
    (ws / "threshold.toml").write_text("near_duplicate_threshold = 2\n")
    Store(f"sqlite:///{ws / 's.db'}").close()  # an existing, empty store
    return ws


def run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str]
) -> tuple[int, str, str]:
    for name in list(os.environ):
        if name.startswith("CEASEFIRE_"):
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = 0
    try:
        main(argv)
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    cap = capsys.readouterr()
    return code, cap.out, cap.err


def test_the_table_is_the_issues_forty_and_more() -> None:
    assert len(MISTAKES) >= 40 and len({x.id for x in MISTAKES}) == len(MISTAKES)
    assert {x.code for x in MISTAKES} >= {1, 2, 3, 4}


@pytest.mark.parametrize("mistake", MISTAKES, ids=[x.id for x in MISTAKES])
def test_a_mistake_is_one_line_and_the_documented_exit_code(
    mistake: Mistake, workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(workspace)
    code, out, err = run(list(mistake.argv), monkeypatch, capsys, mistake.env)
    assert "Traceback" not in err + out
    assert code == mistake.code, (code, err)
    assert code in documented_codes()
    for needle in mistake.needles:
        assert needle.lower() in err.lower(), (needle, err)
    lines = [line for line in err.splitlines() if line.strip()]
    if code == 3:  # a run that finished: the summary, then each rejection with its reason
        assert any("1 rejected" in line for line in lines) and any("rejected " in line for line in lines[1:])
    else:
        assert len(lines) == 1 and lines[0].startswith("error: "), err
    for path in mistake.absent:
        assert not (workspace / path).exists(), f"{path} was created"


def test_analyze_with_an_input_rejected_writes_and_exits_3(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(workspace)
    code, _out, err = run(
        ["analyze", "a.txt", "nope.txt", "--out", "partial", "--jobs", "1"], monkeypatch, capsys, {}
    )
    assert code == 3, err
    assert "Traceback" not in err
    assert "(1 rejected)" in err and "rejected nope.txt: not-found: no such file or folder" in err
    assert (workspace / "partial" / "claims.csv").is_file()  # the readable input was analysed


def test_a_full_disk_is_one_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    import ceasefire.export

    def full(*_a: object, **_k: object) -> object:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "full.json")

    monkeypatch.chdir(workspace)
    monkeypatch.setattr(ceasefire.export, "export", full)
    code, _out, err = run(
        ["export", "-f", "json", "-o", "full.json", "--db", "s.db"], monkeypatch, capsys, {}
    )
    assert (code, err) == (1, f"error: {os.strerror(errno.ENOSPC)}: full.json\n")


def test_unreadable_inputs_and_option_files(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files this user may not read (simulated: tests may run as root, who reads anything)."""
    (workspace / "secret.txt").write_text(REPORT)
    (workspace / "secret.csv").write_text("path,outlet\na.txt,wire\n")
    real_open, real_read = os.open, Path.read_bytes

    def os_open(path: str | os.PathLike[str], flags: int, *a: int, **k: int) -> int:
        if Path(path).name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a, **k)

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.chdir(workspace)
    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, _out, err = run(["ingest", "secret.txt", "--db", "s.db", "--no-extract"], monkeypatch, capsys, {})
    assert code == 3 and "rejected secret.txt: unreadable:" in err and "ermission denied" in err, err
    argv = ["ingest", "a.txt", "--manifest", "secret.csv", "--db", "s.db", "--no-extract"]
    code, _out, err = run(argv, monkeypatch, capsys, {})
    assert (code, err) == (1, "error: cannot read manifest secret.csv: Permission denied\n")


def test_a_read_only_store_refuses_a_write_in_one_line(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ceasefire.store

    monkeypatch.chdir(workspace)
    # this user may not write the file (tests may run as root, who may write anything)
    real_access = os.access
    store_files = {str(workspace / "s.db"), str(workspace), "s.db"}
    monkeypatch.setattr(
        ceasefire.store.os,
        "access",
        lambda path, mode, **k: False if str(path) in store_files else real_access(path, mode, **k),
    )
    code, _out, err = run(["ingest", "a.txt", "--db", "s.db", "--no-extract"], monkeypatch, capsys, {})
    assert code == 1, err
    assert "read-only" in err and "Traceback" not in err and "INSERT" not in err and "militiamen" not in err
    assert len([line for line in err.splitlines() if line.strip()]) == 1


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_before_or_after_the_command_shows_the_traceback(
    where: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ceasefire.errors import StoreError

    monkeypatch.chdir(workspace)
    argv = ["documents", "--db", "typo.db"]
    argv = ["--debug", *argv] if where == "before" else [*argv, "--debug"]
    with pytest.raises(StoreError, match=r"no store at typo\.db"):
        run(argv, monkeypatch, capsys, {})
    code, _out, err = run(["documents", "--db", "typo.db"], monkeypatch, capsys, {})  # without it: one line
    assert code == 1 and err.startswith("error: no store at typo.db")


def test_an_unexpected_error_is_one_line_exit_70_and_says_how_to_see_more(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ceasefire.store

    def broken(self: object, *a: object, **k: object) -> object:
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.chdir(workspace)
    monkeypatch.setattr(ceasefire.store.Store, "documents", broken)
    code, _out, err = run(["documents", "--db", "s.db"], monkeypatch, capsys, {})
    assert code == 70 and code in documented_codes()
    assert err.count("\n") == 1 and "ZeroDivisionError: a bug of ours" in err and "--debug" in err


def test_the_settings_chain_is_validated_after_the_merge(tmp_path: Path) -> None:
    """A value the environment fixes is not an error of the file; a flag fixes both."""
    from ceasefire.errors import ConfigError
    from ceasefire.settings import load_settings

    cfg = tmp_path / "c.toml"
    cfg.write_text('[fetch]\nallow_private = "maybe"\n')
    with pytest.raises(ConfigError, match=r"fetch.allow_private = 'maybe' \(config file .*c.toml\)"):
        load_settings(cfg, environ={})
    # the environment overrides the file's wrong value before validation: no error
    s = load_settings(cfg, environ={"CEASEFIRE_FETCH_ALLOW_PRIVATE": "yes"})
    assert s.fetch.allow_private is True
    # a wrong flag is named as the flag, even over a good environment value
    with pytest.raises(ConfigError, match=r"flag --max-file-mb -1"):
        load_settings(
            None,
            environ={"CEASEFIRE_MAX_FILE_BYTES": "1000"},
            max_file_bytes=-1_000_000,
            flag_names={"max_file_bytes": "--max-file-mb -1"},
        )
    # lists: a comma-separated string anywhere, a TOML list in the file
    cfg.write_text('[fetch]\nallow_hosts = ["a.example"]\n')
    s = load_settings(cfg, environ={"CEASEFIRE_FETCH_ALLOW_SCHEMES": "file, ftp"})
    assert s.fetch.allow_hosts == ("a.example",) and s.fetch.allow_schemes == ("file", "ftp")


def documented_codes() -> set[int]:
    """The codes of the README's exit-code table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(c) for c in re.findall(r"^\|\s*(\d+)\s*\|", section, re.M)}


def test_readme_and_code_agree_on_exit_codes() -> None:
    import ceasefire.cli as cli
    from ceasefire import errors

    constants = {v for k, v in vars(cli).items() if k.startswith("EXIT_") and isinstance(v, int)}
    raised = {
        c.exit_code
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.CeasefireError)
    }
    assert documented_codes() == constants
    assert raised <= constants


# -- what needs a process of its own ----------------------------------------------------------


def cli_process(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CEASEFIRE_")}
    return subprocess.Popen(
        [sys.executable, "-m", "ceasefire", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=terminal_signals,
    )


def terminal_signals() -> None:
    """In the child: Ctrl-C as a terminal delivers it. A test run started in the background by a
    shell without job control inherits SIGINT ignored, and a Python started so never raises
    KeyboardInterrupt: the Ctrl-C tests would test the shell, not the command."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_serve_on_a_busy_port_is_one_line_exit_1(workspace: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        p = cli_process("serve", "--db", "s.db", "--port", str(port), cwd=workspace)
        _out, err = p.communicate(timeout=120)
    assert p.returncode == 1, err
    assert err.strip() == (
        f"error: port {port} on 127.0.0.1 is already in use: stop what listens there, or choose "
        "another with --port (--port 0 picks a free one)"
    )


def test_ctrl_c_mid_run_exits_130_with_the_resume_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(30):
        (corpus / f"r{i:02}.txt").write_text(f"{REPORT} Report {i} of the day's series, filed at {i} hours.")
    p = cli_process("ingest", str(corpus), "--db", "s.db", cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (tmp_path / "s.db").exists() and p.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the command is running once it has opened its store
    assert p.poll() is None, "the run finished before it could be interrupted"
    p.send_signal(signal.SIGINT)
    _out, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        "interrupted: everything stored so far is kept; re-run the same command to resume"
    )
