"""Ingest from the browser: paste a URL or upload files; a background job runs the same
``ceasefire.api.ingest`` + ``extract`` as the CLI and the page polls its progress."""

from __future__ import annotations

import tempfile
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Path, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ...errors import FetchError, SourceError, UnsafeURLError
from ...ingest.fetch import check_url
from ..app import ctx, render
from ..context import Job, WebContext
from ..security import (
    MAX_UPLOAD_FILES,
    UPLOAD_EXT,
    check_csrf,
    check_token,
    check_upload_type,
    upload_name,
)

router = APIRouter()
CHUNK = 1 << 16
UrlField = Annotated[str, Form(max_length=2048, description="An http(s) URL to fetch and ingest.")]
FilesField = Annotated[list[UploadFile] | None, File(description="Text, HTML, feed, JSONL, CSV files.")]
CsrfField = Annotated[str, Form(max_length=200, description="This session's CSRF token (see /api/csrf).")]
TokenField = Annotated[str, Form(max_length=500, description="The write token, when the server needs one.")]


def authorize_write(request: Request, c: WebContext, csrf_token: str, token: str) -> None:
    """Read-only refuses; a configured token must be given; browsers must send the CSRF token."""
    if c.read_only:
        raise HTTPException(403, "this server is read-only (--read-only): ingest is disabled")
    bearer = request.headers.get("authorization", "").lower().startswith("bearer ")
    if c.token is not None and not check_token(request, c.token, token):
        raise HTTPException(401, "a valid write token is required", headers={"www-authenticate": "Bearer"})
    # a script holding the token sends no cookies, so there is nothing to forge for it
    if not (bearer and c.token is not None) and not check_csrf(request, csrf_token):
        raise HTTPException(403, "missing or wrong CSRF token: reload the form and submit again")


def _check_url(url: str, c: WebContext) -> None:
    # the CLI also reads local paths; from a browser only http(s) makes sense, and a path or
    # a file: URL would expose the server's own files
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


async def _save_uploads(files: list[UploadFile], c: WebContext) -> tuple[FsPath | None, list[str]]:
    real = [f for f in files if f.filename]
    if not real:
        return None, []
    if len(real) > MAX_UPLOAD_FILES:
        raise HTTPException(400, f"at most {MAX_UPLOAD_FILES} files per upload")
    cap = c.settings.max_file_bytes
    folder = FsPath(tempfile.mkdtemp(prefix="ceasefire-upload-"))
    paths: list[str] = []
    try:
        for i, f in enumerate(real):
            name = upload_name(f.filename or "")
            head = await f.read(CHUNK)
            problem = check_upload_type(name, head)
            if problem:
                raise HTTPException(400, f"{f.filename}: {problem}")
            target = folder / f"{i:03d}-{name}"
            size = len(head)
            with target.open("wb") as out:
                out.write(head)
                while chunk := await f.read(CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise HTTPException(
                            413, f"{f.filename}: larger than the {cap // 1_000_000} MB limit (max_file_bytes)"
                        )
                    out.write(chunk)
            paths.append(str(target))
    except BaseException:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, paths


async def start_ingest(
    request: Request, url: str, files: list[UploadFile] | None, csrf_token: str, token: str
) -> Job:
    c = ctx(request)
    authorize_write(request, c, csrf_token, token)
    url = url.strip()
    if url:
        _check_url(url, c)
    folder, paths = await _save_uploads(files or [], c)
    sources = ([url] if url else []) + paths
    if not sources:
        raise HTTPException(400, "give a URL or choose at least one file")
    return c.start_job(sources, cleanup=folder)


@router.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
def ingest_page(request: Request) -> Response:
    return render(
        request, "ingest.html", error="", accepted=", ".join(sorted(UPLOAD_EXT)), jobs=_recent(request)
    )


def _recent(request: Request) -> list[Job]:
    return list(ctx(request).jobs.values())[-10:][::-1]


@router.post("/ingest", include_in_schema=False)
async def ingest_form(
    request: Request,
    url: UrlField = "",
    files: FilesField = None,
    csrf_token: CsrfField = "",
    token: TokenField = "",
) -> Response:
    try:
        job = await start_ingest(request, url, files, csrf_token, token)
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


@router.post(
    "/api/ingest",
    status_code=202,
    tags=["api"],
    responses={
        400: {"description": "Nothing to ingest, an unsafe URL, or a refused file type."},
        401: {"description": "The write token is missing or wrong."},
        403: {"description": "Read-only server, or a missing/wrong CSRF token."},
        413: {"description": "A file is over the size limit."},
    },
)
async def ingest_api(
    request: Request,
    url: UrlField = "",
    files: FilesField = None,
    csrf_token: CsrfField = "",
    token: TokenField = "",
) -> JSONResponse:
    """Start ingesting a URL and/or uploaded files; poll ``/api/jobs/{id}`` for progress.

    Send the CSRF token (form field or ``X-CSRF-Token`` header, from ``/api/csrf``) or, when
    the server has one, the write token as ``Authorization: Bearer …``.
    """
    job = await start_ingest(request, url, files, csrf_token, token)
    body: dict[str, Any] = {**job.to_dict(), "poll": f"/api/jobs/{job.id}"}
    return JSONResponse(body, status_code=202)
