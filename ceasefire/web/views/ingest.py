"""Ingest from the browser: paste a URL or upload files; a background job runs the same
``ceasefire.api.ingest`` + ``extract`` as the CLI and the page polls its progress.

The request body is read by hand, as it streams, rather than by FastAPI's form parsing (which
spools every file to disk before the view runs):

* what the headers can decide is decided before the first body byte is read: a read-only
  server, a wrong ``Authorization: Bearer``, a cross-origin request, a missing CSRF cookie, a
  wrong ``X-CSRF-Token`` header;
* form fields (``csrf_token``, ``token``, ``url``) are small and read first (the page's form
  puts them before its file input); the write check runs on them before the first byte of any
  file is written, so an unauthorised upload is refused without spooling it;
* each file goes straight into the job's upload folder under ``max_file_bytes``, and the whole
  body under the app's body cap (``BodyLimit``, chunked bodies included); whatever refuses the
  request removes the folder, so nothing of a refused upload stays on disk.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import IO, Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from ...errors import FetchError, SourceError, UnsafeURLError
from ...ingest.fetch import check_url
from ..context import WebContext
from ..jobs import UPLOAD_PREFIX, Job, remove_upload_folder
from ..rendering import ctx, render
from ..security import (
    CSRF_FIELD,
    CSRF_HEADER,
    MAX_UPLOAD_FILES,
    TOKEN_FIELD,
    UPLOAD_EXT,
    check_csrf,
    check_token,
    check_upload_type,
    csrf_cookie,
    same_origin,
    upload_name,
)

router = APIRouter()
CHUNK = 1 << 16
MAX_URL = 2048
MAX_FIELD_BYTES = 8192  # a form field (URL, tokens) is short; a file part has a filename
MAX_FIELDS = 20
URLENCODED_CAP = 65536  # a form without files: fields only


def _forbidden_csrf() -> HTTPException:
    return HTTPException(403, "missing or wrong CSRF token: reload the form and submit again")


def _token_required() -> HTTPException:
    return HTTPException(401, "a valid write token is required", headers={"www-authenticate": "Bearer"})


def authorize_write(request: Request, c: WebContext, csrf_token: str, token: str) -> None:
    """Read-only refuses; a configured token must be given; browsers must send the CSRF token."""
    if c.read_only:
        raise HTTPException(403, "this server is read-only (--read-only): ingest is disabled")
    bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
    if c.token is not None and not check_token(request, c.token, token):
        raise _token_required()
    # a script holding the token sends no cookies, so there is nothing to forge for it
    if not (bearer and c.token is not None) and not check_csrf(request, csrf_token):
        raise _forbidden_csrf()


def authorize_from_headers(request: Request, c: WebContext) -> bool:
    """The write check as far as the headers decide it, before any of the body is read.

    Raises 403/401 when the request cannot succeed whatever its body holds; True when it is
    fully authorised already, False when form fields (the token or CSRF field) must finish it.
    """
    if c.read_only:
        raise HTTPException(403, "this server is read-only (--read-only): ingest is disabled")
    bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
    if c.token is not None and bearer:
        if not check_token(request, c.token, None):
            raise _token_required()
        return True  # a script with the token: no cookie, no CSRF
    # from here on a browser's double-submit CSRF check is needed: the cookie and the origin
    # are headers, only the repeated token may be a form field
    if csrf_cookie(request) is None:
        raise _token_required() if c.token is not None else _forbidden_csrf()
    if not same_origin(request):
        raise _forbidden_csrf()
    if request.headers.get(CSRF_HEADER):
        if not check_csrf(request, None):
            raise _forbidden_csrf()
        return c.token is None  # with a token configured, it must still come in the form
    return False


def _check_url(url: str, c: WebContext) -> None:
    # the CLI also reads local paths; from a browser only http(s) makes sense, and a path or
    # a file: URL would expose the server's own files
    if len(url) > MAX_URL:
        raise HTTPException(400, f"the URL is longer than {MAX_URL} characters")
    if not url.lower().startswith(("http://", "https://")):
        raise HTTPException(400, "only http:// and https:// URLs can be ingested from the browser")
    try:
        check_url(url, c.settings.fetch)
    except UnsafeURLError as e:
        raise HTTPException(400, f"unsafe-url: {e}") from e
    except FetchError:
        pass  # a host that cannot be reached now: the ingest job records that rejection, as the CLI does
    except SourceError as e:
        raise HTTPException(400, f"{e.reason}: {e}") from e


@dataclass
class _Part:
    disposition: bytes = b""
    header_name: bytes = b""
    header_value: bytes = b""
    name: str = ""
    filename: str | None = None  # None for a plain field
    skip: bool = False  # an empty file input (no file chosen)
    data: bytearray = field(default_factory=bytearray)  # a field's value, or a file's first bytes
    out: IO[bytes] | None = None
    size: int = 0


class _UploadReader:
    """Reads an ingest request's body as it streams (see the module notes)."""

    def __init__(self, request: Request, c: WebContext, authorized: bool) -> None:
        self.request = request
        self.c = c
        self.authorized = authorized
        self.fields: dict[str, str] = {}
        self.folder: FsPath | None = None
        self.paths: list[str] = []
        self._part = _Part()
        self._files = 0
        self._nfields = 0
        self._ended = False

    # ------------------------------------------------------------------ the write check

    def authorize(self) -> None:
        if not self.authorized:
            authorize_write(
                self.request, self.c, self.fields.get(CSRF_FIELD, ""), self.fields.get(TOKEN_FIELD, "")
            )
            self.authorized = True

    # ------------------------------------------------------------------ multipart callbacks

    def on_part_begin(self) -> None:
        self._part = _Part()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._part.header_name += data[start:end]
        if len(self._part.header_name) > MAX_FIELD_BYTES:
            raise HTTPException(400, "malformed upload: a part header is too long")

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._part.header_value += data[start:end]
        if len(self._part.header_value) > MAX_FIELD_BYTES:
            raise HTTPException(400, "malformed upload: a part header is too long")

    def on_header_end(self) -> None:
        if self._part.header_name.lower() == b"content-disposition":
            self._part.disposition = self._part.header_value
        self._part.header_name = self._part.header_value = b""

    def on_headers_finished(self) -> None:
        part = self._part
        _, options = parse_options_header(part.disposition)
        if b"name" not in options:
            raise HTTPException(400, "malformed upload: a part has no name")
        part.name = options[b"name"].decode("utf-8", "replace")
        if b"filename" not in options:
            self._nfields += 1
            if self._nfields > MAX_FIELDS:
                raise HTTPException(400, f"at most {MAX_FIELDS} form fields")
            return
        part.filename = options[b"filename"].decode("utf-8", "replace")
        if not part.filename:
            part.skip = True  # a browser sends an empty part for a file input left empty
            return
        # the first byte of a file is about to arrive: the request must be allowed to write
        self.authorize()
        self._files += 1
        if self._files > MAX_UPLOAD_FILES:
            raise HTTPException(400, f"at most {MAX_UPLOAD_FILES} files per upload")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        if part.skip:
            return
        chunk = data[start:end]
        if part.filename is None:
            if len(part.data) + len(chunk) > MAX_FIELD_BYTES:
                raise HTTPException(400, f"the form field {part.name!r} is too long")
            part.data += chunk
            return
        part.size += len(chunk)
        cap = self.c.settings.max_file_bytes
        if part.size > cap:
            raise HTTPException(
                413, f"{part.filename}: larger than the {cap // 1_000_000} MB limit (max_file_bytes)"
            )
        if part.out is None:
            part.data += chunk
            if len(part.data) >= CHUNK:
                self._open(part)
        else:
            part.out.write(chunk)

    def on_part_end(self) -> None:
        part = self._part
        if part.skip:
            return
        if part.filename is None:
            self.fields.setdefault(part.name, part.data.decode("utf-8", "replace"))
            return
        if part.out is None:
            self._open(part)
        assert part.out is not None
        part.out.close()
        part.out = None

    def on_end(self) -> None:
        self._ended = True

    def _open(self, part: _Part) -> None:
        """Check a file's first bytes against its suffix, then write them to the upload folder."""
        assert part.filename is not None
        name = upload_name(part.filename)
        problem = check_upload_type(name, bytes(part.data[:CHUNK]))
        if problem:
            raise HTTPException(400, f"{part.filename}: {problem}")
        if self.folder is None:
            self.folder = FsPath(tempfile.mkdtemp(prefix=UPLOAD_PREFIX))
        target = self.folder / f"{len(self.paths):03d}-{name}"
        self.paths.append(str(target))
        part.out = target.open("wb")
        part.out.write(part.data)
        part.data = bytearray()

    # ------------------------------------------------------------------ reading

    async def read(self) -> None:
        kind, options = parse_options_header(self.request.headers.get("content-type", ""))
        try:
            if kind == b"multipart/form-data":
                await self._multipart(options.get(b"boundary", b""))
            elif kind == b"application/x-www-form-urlencoded":
                await self._urlencoded()
            elif await self._any_body():
                raise HTTPException(415, "send the form as multipart/form-data or x-www-form-urlencoded")
            self.authorize()  # a request without files: decided on its fields
        except BaseException:
            self.discard()
            raise

    async def _multipart(self, boundary: bytes) -> None:
        if not boundary:
            raise HTTPException(400, "malformed upload: multipart without a boundary")
        callbacks: Any = {
            "on_part_begin": self.on_part_begin,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_end": self.on_end,
        }
        parser = MultipartParser(boundary, callbacks)
        try:
            async for chunk in self.request.stream():
                parser.write(chunk)
            parser.finalize()
        except FormParserError as e:
            raise HTTPException(400, "malformed upload: not valid multipart/form-data") from e
        except ClientDisconnect as e:
            raise HTTPException(400, "the upload was interrupted") from e
        if not self._ended:
            raise HTTPException(400, "the upload was cut short (no closing boundary)")

    async def _urlencoded(self) -> None:
        body = bytearray()
        try:
            async for chunk in self.request.stream():
                body += chunk
                if len(body) > URLENCODED_CAP:
                    raise HTTPException(413, "a form without files is at most 64 kB")
        except ClientDisconnect as e:
            raise HTTPException(400, "the request was interrupted") from e
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        if len(pairs) > MAX_FIELDS:
            raise HTTPException(400, f"at most {MAX_FIELDS} form fields")
        for key, value in pairs:
            self.fields.setdefault(key, value)

    async def _any_body(self) -> bool:
        """True when the request carries a body at all (read only until its first byte)."""
        try:
            async for chunk in self.request.stream():
                if chunk:
                    return True
        except ClientDisconnect:
            return False
        return False

    def discard(self) -> None:
        if self._part.out is not None:
            self._part.out.close()
        if self.folder is not None:
            remove_upload_folder(self.folder)  # the folder it made, and only that
            self.folder = None
        self.paths = []


async def start_ingest(request: Request) -> Job:
    c = ctx(request)
    reader = _UploadReader(request, c, authorize_from_headers(request, c))
    await reader.read()
    try:
        url = reader.fields.get("url", "").strip()
        if url:
            _check_url(url, c)
        sources = ([url] if url else []) + reader.paths
        if not sources:
            raise HTTPException(400, "give a URL or choose at least one file")
        outlet, published, manifest = upload_metadata(reader.fields, reader.paths, reader.folder)
        # only what the form gave: start_job's keywords stay optional
        given: dict[str, Any] = {"outlet": outlet, "published": published, "manifest": manifest}
        return c.start_job(sources, cleanup=reader.folder, **{k: v for k, v in given.items() if v})
    except BaseException:
        reader.discard()
        raise


def upload_metadata(
    fields: dict[str, str], paths: list[str], folder: FsPath | None
) -> tuple[str, str, FsPath | None]:
    """The form's outlet, publication date and source URL, checked: the date is a day, the URL
    http(s); the URL reaches ingest as a manifest row per uploaded file, written in the upload
    folder (removed with it)."""
    import csv
    import datetime as dt

    outlet = " ".join(fields.get("outlet", "").split())[:200]
    published = fields.get("published", "").strip()
    if published:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise HTTPException(
                400, f"publication date must be a day like 2021-11-16, got {published!r}"
            ) from None
    source_url = fields.get("source_url", "").strip()
    manifest = None
    if source_url:
        if not source_url.lower().startswith(("http://", "https://")) or len(source_url) > MAX_URL:
            raise HTTPException(400, "the source URL must be an http(s) URL")
        if paths and folder is not None:
            manifest = folder / "upload-manifest.csv"
            with manifest.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["path", "url"])
                w.writerows([p, source_url] for p in paths)
    return outlet, published, manifest


@router.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_page(request: Request) -> Response:
    return render(
        request, "ingest.html", error="", accepted=", ".join(sorted(UPLOAD_EXT)), jobs=_recent(request)
    )


def _recent(request: Request) -> list[Job]:
    return list(ctx(request).jobs.values())[-10:][::-1]


@router.post("/ingest", include_in_schema=False)
async def ingest_form(request: Request) -> Response:
    try:
        job = await start_ingest(request)
    except HTTPException as e:
        return render(
            request,
            "ingest.html",
            status_code=e.status_code,
            error=str(e.detail),
            accepted=", ".join(sorted(UPLOAD_EXT)),
            jobs=_recent(request),
        )
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def job_page(request: Request, job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{1,64}$")]) -> Response:
    job = ctx(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return render(request, "job.html", job=job)


_FIELDS: dict[str, Any] = {
    "url": {"type": "string", "maxLength": MAX_URL, "description": "An http(s) URL to fetch and ingest."},
    "csrf_token": {
        "type": "string",
        "maxLength": 200,
        "description": "This session's CSRF token (see /api/csrf); or the X-CSRF-Token header.",
    },
    "token": {
        "type": "string",
        "maxLength": 500,
        "description": "The write token, when the server needs one; or Authorization: Bearer.",
    },
}
_FILES = {
    "type": "array",
    "items": {"type": "string", "format": "binary"},
    "description": "Text, HTML, feed, JSONL, CSV, Parquet files, sent after the other fields.",
}
_REQUEST_BODY = {
    "requestBody": {
        "required": False,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {**_FIELDS, "files": _FILES}},
                # the fields first: files are only written once the write check passed on them
                "encoding": {"files": {"contentType": "application/octet-stream"}},
            },
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": _FIELDS}},
        },
    }
}


@router.post(
    "/api/ingest",
    status_code=202,
    tags=["api"],
    openapi_extra=_REQUEST_BODY,
    responses={
        400: {"description": "Nothing to ingest, an unsafe URL, a refused file type, a malformed form."},
        401: {"description": "The write token is missing or wrong."},
        403: {"description": "Read-only server, or a missing/wrong CSRF token."},
        413: {"description": "A file over max_file_bytes, or the request over the body cap."},
        415: {"description": "A body that is not a form."},
    },
)
async def ingest_api(request: Request) -> JSONResponse:
    """Start ingesting a URL and/or uploaded files; poll ``/api/jobs/{id}`` for progress.

    Send the CSRF token (form field or ``X-CSRF-Token`` header, from ``/api/csrf``) or, when
    the server has one, the write token as ``Authorization: Bearer …``. Form fields go before
    the files: a request is refused before its files are read when its headers or fields do
    not allow the write.
    """
    job = await start_ingest(request)
    body: dict[str, Any] = {**job.to_dict(), "poll": f"/api/jobs/{job.id}"}
    return JSONResponse(body, status_code=202)
