"""Uploads to the web workspace: the write check runs before the body is read, the body cap
holds while a chunked body streams, and a refused upload leaves nothing on disk.

Most tests drive the ASGI app directly with a ``receive`` that hands the body over in chunks
and counts what the app pulled, so "refused before reading" and "stopped at the cap" are
measured, not assumed. One test sends a real chunked request to uvicorn on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")

from ceasefire.settings import Settings
from ceasefire.web import create_app
from ceasefire.web.app import MAX_BODY_BYTES
from ceasefire.web.jobs import Job

CSRF = "c" * 43  # any value of 32+ characters works as a double-submit token
BOUNDARY = "ceasefire-test-boundary"
PIECE = 1 << 16
TEXT_LINE = b"Artillery fire was reported near the river crossing overnight.\n"


@pytest.fixture
def spool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every temporary file or folder of the app (ours or a framework's) goes here."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'upload.db'}"
    create_app(url)  # creates and migrates the store, so read-only apps can open it
    return url


@dataclass
class Started:
    """What a successful request handed to the ingest job (the job itself is not run)."""

    sources: list[str] = field(default_factory=list)
    contents: dict[str, bytes] = field(default_factory=dict)


def make_app(db: str, monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> tuple[Any, Started]:
    max_file = kwargs.pop("max_file_bytes", 20_000_000)
    app = create_app(db, settings=Settings(db=db, max_file_bytes=max_file), **kwargs)
    started = Started()
    c = app.state.ctx

    def start_job(sources: Any, *, cleanup: Path | None = None) -> Job:
        started.sources = list(sources)
        for s in sources:
            if Path(s).is_file():
                started.contents[Path(s).name] = Path(s).read_bytes()
        if cleanup is not None:
            import shutil

            shutil.rmtree(cleanup)
        return Job("f" * 32, tuple(sources))

    monkeypatch.setattr(c, "start_job", start_job)
    return app, started


# --------------------------------------------------------------------------- request bodies


def field_part(name: str, value: str) -> bytes:
    return (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n').encode()


def file_head(filename: str) -> bytes:
    return (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()


END = f"\r\n--{BOUNDARY}--\r\n".encode()


def multipart(fields: dict[str, str], files: dict[str, bytes]) -> bytes:
    body = b"".join(field_part(k, v) for k, v in fields.items())
    for name, data in files.items():
        body += file_head(name) + data + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


def big_file_stream(prefix: bytes, total: int) -> Iterator[bytes]:
    """``prefix`` (fields and the file part's headers), then ``total`` bytes of text in pieces."""
    yield prefix
    line = TEXT_LINE * (PIECE // len(TEXT_LINE))
    sent = 0
    while sent < total:
        yield line
        sent += len(line)
    yield END


# --------------------------------------------------------------------------- driving the ASGI app


@dataclass
class Result:
    status: int
    headers: dict[str, str]
    body: bytes
    pulled: int  # body bytes the app took from the client
    receives: int  # body messages the app asked for


def call(
    app: Any,
    path: str,
    body: Iterator[bytes] | bytes,
    headers: dict[str, str] | None = None,
    *,
    disconnect_after: int | None = None,
) -> Result:
    """POST ``body`` (bytes or an iterator of chunks, sent without Content-Length, as chunked
    transfer arrives) to ``app`` at ``path``."""
    h = {"host": "127.0.0.1:8000", **(headers or {})}
    if isinstance(body, bytes):
        h.setdefault("content-length", str(len(body)))
        chunks: Iterator[bytes] = iter([body])
    else:
        chunks = body
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in h.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    state = {"pulled": 0, "receives": 0}
    pending = [next(chunks, None)]
    out: dict[str, Any] = {"status": 0, "headers": {}, "body": b""}

    async def receive() -> dict[str, Any]:
        if disconnect_after is not None and state["receives"] >= disconnect_after:
            return {"type": "http.disconnect"}
        chunk = pending[0]
        if chunk is None:
            await asyncio.sleep(3600)  # a finished body: nothing more ever arrives
        state["receives"] += 1
        assert chunk is not None
        state["pulled"] += len(chunk)
        pending[0] = next(chunks, None)
        return {"type": "http.request", "body": chunk, "more_body": pending[0] is not None}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    asyncio.run(asyncio.wait_for(app(scope, receive, send), 30))
    return Result(out["status"], out["headers"], out["body"], state["pulled"], state["receives"])


BROWSER = {"cookie": f"ceasefire_csrf={CSRF}", "content-type": f"multipart/form-data; boundary={BOUNDARY}"}
SCRIPT = {**BROWSER, "x-csrf-token": CSRF}


def leftovers(spool: Path) -> list[str]:
    return sorted(str(p.relative_to(spool)) for p in spool.rglob("*"))


# --------------------------------------------------------------------------- the write check first

TEN_MB = 10_000_000


@pytest.mark.parametrize(
    ("app_kwargs", "headers", "status", "needle"),
    [
        ({}, {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}, 403, "CSRF"),
        ({}, {**SCRIPT, "x-csrf-token": "w" * 43}, 403, "CSRF"),
        ({}, {**SCRIPT, "origin": "http://evil.example"}, 403, "CSRF"),
        ({"token": "s3cret-token"}, {"content-type": BROWSER["content-type"]}, 401, "token"),
        ({"token": "s3cret-token"}, {**SCRIPT, "authorization": "Bearer wrong"}, 401, "token"),
        ({"read_only": True}, SCRIPT, 403, "read-only"),
    ],
    ids=["no-cookie", "wrong-csrf-header", "cross-origin", "token-missing", "token-wrong", "read-only"],
)
@pytest.mark.parametrize("path", ["/api/ingest", "/ingest"])
def test_refused_from_the_headers_before_any_body_byte_is_read(
    db: str,
    spool: Path,
    monkeypatch: pytest.MonkeyPatch,
    app_kwargs: dict[str, Any],
    headers: dict[str, str],
    status: int,
    needle: str,
    path: str,
) -> None:
    app, started = make_app(db, monkeypatch, **app_kwargs)
    body = big_file_stream(field_part("csrf_token", CSRF) + file_head("a.txt"), TEN_MB)
    r = call(app, path, body, headers)
    assert r.status == status, r.body[:300]
    assert needle in r.body.decode()
    assert r.receives == 0 and r.pulled == 0
    assert started.sources == [] and leftovers(spool) == []


@pytest.mark.parametrize(
    ("app_kwargs", "fields", "status"),
    [
        ({}, {"csrf_token": "w" * 43}, 403),  # the form's CSRF field is wrong
        ({}, {}, 403),  # no CSRF field before the file
        ({"token": "s3cret-token"}, {"csrf_token": CSRF, "token": "wrong"}, 401),
        ({"token": "s3cret-token"}, {"csrf_token": CSRF}, 401),
    ],
    ids=["wrong-csrf-field", "no-csrf-field", "wrong-token-field", "no-token-field"],
)
def test_form_fields_refuse_before_the_first_file_byte(
    db: str,
    spool: Path,
    monkeypatch: pytest.MonkeyPatch,
    app_kwargs: dict[str, Any],
    fields: dict[str, str],
    status: int,
) -> None:
    app, started = make_app(db, monkeypatch, **app_kwargs)
    head = b"".join(field_part(k, v) for k, v in fields.items()) + file_head("a.txt")
    r = call(app, "/ingest", big_file_stream(head, TEN_MB), BROWSER)
    assert r.status == status, r.body[:300]
    # only the first message (the fields and the file part's headers) was read
    assert r.receives == 1 and r.pulled == len(head)
    assert started.sources == [] and leftovers(spool) == []


def test_form_fields_then_files_are_accepted(db: str, spool: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, started = make_app(db, monkeypatch, token="s3cret-token")
    one = TEXT_LINE * 3000  # over one read chunk: written in several pieces
    body = multipart(
        {"csrf_token": CSRF, "token": "s3cret-token", "url": ""},
        {"first report.txt": one, "second.md": b"# Heading\nShelling.\n", "": b""},
    )
    r = call(app, "/ingest", iter([body[i : i + 1000] for i in range(0, len(body), 1000)]), BROWSER)
    assert r.status == 303, r.body[:300]
    assert sorted(started.contents) == ["000-first_report.txt", "001-second.md"]
    assert started.contents["000-first_report.txt"] == one
    assert leftovers(spool) == []  # the (stubbed) job removed its folder; nothing else was spooled


def test_a_script_with_the_bearer_token_needs_no_csrf(
    db: str, spool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, started = make_app(db, monkeypatch, token="s3cret-token")
    body = multipart({}, {"a.txt": TEXT_LINE})
    headers = {"content-type": BROWSER["content-type"], "authorization": "Bearer s3cret-token"}
    r = call(app, "/api/ingest", body, headers)
    assert r.status == 202, r.body[:300]
    assert started.contents == {"000-a.txt": TEXT_LINE}


# --------------------------------------------------------------------------- the body cap while streaming

CAP = 1_000_000


@pytest.mark.parametrize("path", ["/api/ingest", "/ingest"])
def test_chunked_body_over_the_cap_is_refused_while_streaming(
    db: str, spool: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    # the per-file cap is far above the body cap: the body cap must be what stops it
    app, started = make_app(db, monkeypatch, max_body_bytes=CAP, max_file_bytes=50_000_000)
    seen_on_disk: list[int] = []

    def body() -> Iterator[bytes]:
        for chunk in big_file_stream(field_part("csrf_token", CSRF) + file_head("big.txt"), 20_000_000):
            # what the app has written so far (it writes as it reads, nothing more)
            seen_on_disk.append(sum(p.stat().st_size for p in spool.rglob("*") if p.is_file()))
            yield chunk

    r = call(app, path, body(), BROWSER)
    assert r.status == 413, r.body[:300]
    assert "limit" in r.body.decode()
    assert r.pulled <= CAP + PIECE  # stopped at the cap, not after the 20 MB
    assert max(seen_on_disk) <= CAP
    assert started.sources == [] and leftovers(spool) == []


def test_declared_length_over_the_cap_is_refused_unread(
    db: str, spool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _ = make_app(db, monkeypatch)
    headers = {**SCRIPT, "content-length": str(MAX_BODY_BYTES + 1)}
    r = call(app, "/api/ingest", iter([b"x" * PIECE] * 4), headers)
    assert r.status == 413 and r.receives == 0
    assert r.headers.get("x-content-type-options") == "nosniff"  # still a response of ours


def test_per_file_cap_while_streaming(db: str, spool: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, started = make_app(db, monkeypatch, max_file_bytes=200_000)
    r = call(app, "/api/ingest", big_file_stream(file_head("big.txt"), 5_000_000), SCRIPT)
    assert r.status == 413 and "max_file_bytes" in r.body.decode()
    assert r.pulled <= 200_000 + 2 * PIECE
    assert started.sources == [] and leftovers(spool) == []


# --------------------------------------------------------------------------- refused uploads leave nothing


@pytest.mark.parametrize(
    ("body", "disconnect_after", "status", "needle"),
    [
        (multipart({}, {"a.exe": b"MZ\x00\x00"}), None, 400, "not accepted"),
        (multipart({}, {"a.txt": TEXT_LINE * 10, "b.txt": b"text\x00binary"}), None, 400, "binary"),
        (multipart({}, {f"f{i}.txt": TEXT_LINE for i in range(51)}), None, 400, "at most 50"),
        (multipart({"url": "http://10.0.0.1/x"}, {"a.txt": TEXT_LINE}), None, 400, "unsafe-url"),
        (multipart({}, {"a.txt": TEXT_LINE})[:-20], None, 400, "cut short"),
        (file_head("a.txt") + TEXT_LINE * 5000, 2, 400, "interrupted"),
        (b"--" + BOUNDARY.encode() + b"\r\ngarbage without headers\r\n\r\n", None, 400, "malformed"),
    ],
    ids=[
        "type",
        "second-file-binary",
        "too-many-files",
        "unsafe-url",
        "cut-short",
        "disconnect",
        "malformed",
    ],
)
def test_refused_upload_leaves_nothing_on_disk(
    db: str,
    spool: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: bytes,
    disconnect_after: int | None,
    status: int,
    needle: str,
) -> None:
    app, started = make_app(db, monkeypatch)
    chunks = iter([body[i : i + 4096] for i in range(0, len(body), 4096)])
    r = call(app, "/api/ingest", chunks, SCRIPT, disconnect_after=disconnect_after)
    assert r.status == status, r.body[:300]
    assert needle in r.body.decode()
    assert started.sources == [] and leftovers(spool) == []


def test_a_form_without_files_and_other_bodies(db: str, spool: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app, started = make_app(db, monkeypatch)
    form = {"cookie": BROWSER["cookie"], "content-type": "application/x-www-form-urlencoded"}
    r = call(app, "/api/ingest", f"csrf_token={CSRF}&url=".encode(), form)
    assert r.status == 400 and "give a URL" in r.body.decode()
    r = call(app, "/api/ingest", b"url=https%3A%2F%2F10.0.0.1%2F", form)  # the CSRF field missing
    assert r.status == 403
    r = call(app, "/api/ingest", b"x" * 70_000, {**form, "x-csrf-token": CSRF})
    assert r.status == 413
    r = call(app, "/api/ingest", b'{"url": "x"}', {**SCRIPT, "content-type": "application/json"})
    assert r.status == 415
    long_url = "https://example.org/" + "a" * 2100
    r = call(app, "/api/ingest", multipart({"url": long_url}, {}), SCRIPT)
    assert r.status == 400 and "longer than 2048" in r.body.decode()
    assert started.sources == [] and leftovers(spool) == []


# --------------------------------------------------------------------------- a real chunked request


@contextlib.contextmanager
def uvicorn_server(app: Any) -> Iterator[int]:
    uvicorn = pytest.importorskip("uvicorn")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, log_level="critical", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_real_chunked_upload_over_the_cap_gets_413(
    db: str, spool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, started = make_app(db, monkeypatch, max_body_bytes=CAP, max_file_bytes=50_000_000)
    limit = 64_000_000  # what the client would send if nobody stopped it
    sent = 0
    reply = b""
    with uvicorn_server(app) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            b"POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nTransfer-Encoding: chunked\r\n"
            + f"Content-Type: {BROWSER['content-type']}\r\nCookie: {BROWSER['cookie']}\r\n".encode()
            + f"X-CSRF-Token: {CSRF}\r\n\r\n".encode()
        )
        conn.setblocking(False)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for chunk in big_file_stream(file_head("big.txt"), limit):
                framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
                view = memoryview(framed)
                stop_at = time.monotonic() + 10
                while view and time.monotonic() < stop_at:
                    with contextlib.suppress(BlockingIOError):
                        reply += conn.recv(65536)
                    if reply:
                        break
                    with contextlib.suppress(BlockingIOError):
                        n = conn.send(view)
                        view = view[n:]
                        sent += n
                        continue
                    time.sleep(0.001)
                if reply:
                    break
        conn.settimeout(5)
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in reply:
                more = conn.recv(65536)
                if not more:
                    break
                reply += more
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    # the server answered long before the client got through its 64 MB (kernel buffers hold a few)
    assert sent < limit // 4, sent
    assert started.sources == [] and leftovers(spool) == []
