"""Security rules of the web workspace: headers, CSRF, the write token, safe links, uploads.

The workspace shows text written by the parties to a conflict: every document string is
escaped by the templates, no script may run but our own static files (CSP), and writes are
guarded by a per-session CSRF token (double-submit cookie, SameSite=Strict) and, when the
server listens beyond loopback, by a shared token.
"""

from __future__ import annotations

import ipaddress
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request

from ..ingest.sources import CSV_EXT, FEED_EXT, HTML_EXT, JSONL_EXT, PARQUET_EXT, TEXT_EXT

CSRF_COOKIE = "ceasefire_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
TOKEN_FIELD = "token"

# No inline script or style anywhere: all JS/CSS are files under /static (vendored or ours).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# The printable report is the library's self-contained HTML (inline CSS, data: images): it
# gets its own policy that still forbids every script and every request.
REPORT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "geolocation=(), camera=(), microphone=()",
}

UPLOAD_EXT = frozenset((TEXT_EXT - {""}) | HTML_EXT | FEED_EXT | JSONL_EXT | CSV_EXT | PARQUET_EXT)
MAX_UPLOAD_FILES = 50
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$"


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: the only hosts served without a token."""
    h = host.strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def new_csrf() -> str:
    return secrets.token_urlsafe(32)


def csrf_cookie(request: Request) -> str | None:
    value = request.cookies.get(CSRF_COOKIE)
    return value if value and len(value) >= 32 else None


def same_origin(request: Request) -> bool:
    """A browser's Origin (or Referer) must name this server; absent headers (curl) pass."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True
    if origin == "null":
        return False
    host = request.headers.get("host", "")
    return urlsplit(origin).netloc == host


def check_csrf(request: Request, submitted: str | None) -> bool:
    cookie = csrf_cookie(request)
    given = submitted or request.headers.get(CSRF_HEADER)
    if not cookie or not given:
        return False
    return secrets.compare_digest(cookie.encode(), given.encode()) and same_origin(request)


def check_token(request: Request, expected: str, submitted: str | None) -> bool:
    auth = request.headers.get("authorization", "")
    given = auth[7:] if auth.lower().startswith("bearer ") else (submitted or "")
    return bool(given) and secrets.compare_digest(expected.encode(), given.encode())


def safe_href(url: str) -> str:
    """The URL when it is plain http(s), else "": a document's own URL is data, and a
    ``javascript:`` or ``data:`` one must never become a live link."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


@dataclass(frozen=True)
class UploadProblem:
    filename: str
    reason: str


def upload_name(filename: str) -> str:
    """A safe file name for an upload (no directories, no odd characters), keeping its suffix."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE_NAME.sub("_", base).strip("._") or "upload"
    return base[:120]


def check_upload_type(name: str, head: bytes) -> str:
    """'' when the upload is a kind ingest reads, else the reason it is refused.

    The suffix picks the reader (as for files on disk); the first bytes must agree with it,
    so a binary file renamed to .txt is refused here rather than stored as noise.
    """
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot > 0 else ""
    if ext not in UPLOAD_EXT:
        return f"type {ext or '(none)'} not accepted; send one of {', '.join(sorted(UPLOAD_EXT))}"
    if ext in PARQUET_EXT:
        return "" if head.startswith(b"PAR1") else "not a Parquet file"
    if b"\x00" in head:
        return "binary content in a text upload"
    return ""
