"""Fetch a URL from an untrusted feed without letting the feed aim us at our own network.

Links reach us from monitors pasting URLs out of partisan channels, so every URL is hostile
until checked: the scheme must be http/https (or explicitly allowed), every address the host
resolves to must be public, redirects are followed by hand so each hop is checked again, and
the body is capped in size and time.

What the address check does and does not cover (DNS rebinding / TOCTOU)
-----------------------------------------------------------------------
* We resolve the host with ``socket.getaddrinfo`` and refuse it if ANY A/AAAA record is
  non-public, so a name with one public and one private record cannot slip through.
* Plain http: the request is sent to the exact address we checked (the URL host is replaced by
  that IP and the original name goes into the ``Host`` header), so a second, different DNS
  answer cannot redirect the connection. This is the case that matters most: internal services
  (cloud metadata, admin panels, databases with HTTP front-ends) usually speak plain http.
* https: we do NOT pin, because pinning would need the TLS SNI/hostname check and the
  connection pool keyed on the name rather than the IP, which httpx does not offer cheaply.
  httpx resolves the name again, so a rebinding attacker could win that race; but the TLS
  handshake then has to present a valid certificate for the attacker's hostname from the
  internal address, which an internal service cannot do, so the request fails instead of
  leaking. This holds only while certificate verification is on (the default; a
  caller-supplied client with ``verify=False`` loses it).
* Hosts exempted by ``allow_hosts`` / ``allow_private`` are neither checked nor pinned.
* A caller-supplied client that routes through a proxy: the check covers the target address as
  *we* resolve it; the proxy resolves again on its side and is outside our control.
* Ports are not restricted; a public host on any port is fetched.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urlsplit
from urllib.request import url2pathname

import httpx

from ..errors import FetchError, UnsafeURLError
from ..settings import FetchPolicy

__all__ = ["Fetched", "check_url", "fetch"]

_WEB_SCHEMES = frozenset({"http", "https"})
_SUPPORTED_SCHEMES = _WEB_SCHEMES | {"file"}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml;q=0.9,application/atom+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,text/plain;q=0.7,*/*;q=0.1"
)
# A server can drip one byte per (timeout - epsilon) seconds forever without tripping the
# per-read timeout; this bounds the whole fetch (all hops) in wall-clock time instead.
_TOTAL_TIME_FACTOR = 4.0
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


@dataclass(frozen=True)
class Fetched:
    """One fetched resource. ``url`` is the final URL after redirects."""

    url: str
    status: int
    content_type: str  # lowercased media type without parameters, e.g. "text/html"
    charset: str | None
    body: bytes
    redirects: tuple[str, ...]  # every URL we were redirected to, in order


# --------------------------------------------------------------------------- checks


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url.strip())
    except ValueError as e:  # e.g. an unbalanced "[" in the host
        raise UnsafeURLError(f"refused: {url!r} is not a valid URL ({e})") from e


def _scheme_of(url: str) -> str:
    return _split(url).scheme.lower()


def _check_scheme(url: str, scheme: str, policy: FetchPolicy) -> None:
    if not scheme:
        raise UnsafeURLError(f"refused: {url!r} has no scheme (expected http:// or https://)")
    if scheme in _WEB_SCHEMES:
        return
    allowed = {s.lower().rstrip(":/") for s in policy.allow_schemes}
    if scheme not in _SUPPORTED_SCHEMES:
        # Suggesting --allow-scheme ftp would only lead to a second, different failure.
        raise UnsafeURLError(
            f"refused: scheme {scheme!r} is not supported (only http and https are fetched; "
            "pass --allow-scheme file to read file:// URLs)"
        )
    if scheme not in allowed:
        raise UnsafeURLError(
            f"refused: scheme {scheme!r} is not allowed (only http and https by default); "
            f"pass --allow-scheme {scheme} to fetch it"
        )


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError, ValueError) as e:
        raise UnsafeURLError(f"refused: {url!r} is not a valid URL ({e})") from e
    if not parsed.raw_host:
        raise UnsafeURLError(f"refused: {url!r} has no host")
    return parsed


def _norm_host(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host.rstrip(".")


def _port(url: httpx.URL) -> int:
    return url.port if url.port is not None else _DEFAULT_PORTS.get(url.scheme, 0)


def _is_exempt(url: httpx.URL, policy: FetchPolicy) -> bool:
    if policy.allow_private:
        return True
    if not policy.allow_hosts:
        return False
    port = _port(url)
    keys: set[str] = set()
    for name in {_norm_host(url.host), _norm_host(url.raw_host.decode("ascii"))}:
        keys.add(name)
        keys.add(f"[{name}]:{port}" if ":" in name else f"{name}:{port}")
    allowed = {h.strip().lower() for h in policy.allow_hosts}
    allowed |= {_norm_host(h) for h in allowed}
    return not keys.isdisjoint(allowed)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as e:
        raise FetchError(f"cannot resolve {host}: {e}", reason="unreachable") from e
    ips: list[str] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            ip = str(sockaddr[0])
            if ip not in ips:
                ips.append(ip)
    if not ips:
        raise FetchError(f"cannot resolve {host}: no IPv4/IPv6 address", reason="unreachable")
    return ips


def _kind(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why this address is refused, or None when it is an ordinary public address."""
    # Order matters: 127.0.0.1 is also "private" in ipaddress, but "loopback" is the useful word.
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local"
    if addr.is_multicast:
        return "multicast"
    if isinstance(addr, ipaddress.IPv6Address) and addr.is_site_local:
        return "site-local"
    if addr.is_private:
        return "private"
    if addr.is_reserved:
        return "reserved"
    if not addr.is_global:
        return "non-public"  # e.g. 100.64.0.0/10 carrier-grade NAT
    return None


def _classify(ip: str) -> str | None:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id ("fe80::1%eth0")
    if isinstance(addr, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address the kernel or a gateway will reach for us.
        embedded = addr.ipv4_mapped or addr.sixtofour
        if embedded is None and addr in _NAT64:
            embedded = ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
        if embedded is not None:
            inner = _kind(embedded)
            if inner is not None:
                return f"IPv4-mapped {inner}"
    return _kind(addr)


def _vet(url: httpx.URL, policy: FetchPolicy) -> str | None:
    """Check the resolved addresses of ``url``; return the address to pin, None if exempt."""
    if _is_exempt(url, policy):
        return None
    host = url.host
    ips = _resolve(url.raw_host.decode("ascii"), _port(url))
    for ip in ips:
        kind = _classify(ip)
        if kind is not None:
            raise UnsafeURLError(
                f"refused: {host} resolves to {ip} ({kind}); "
                f"pass --allow-private or --allow-host {host} to fetch it"
            )
    return ips[0]


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse ``url`` (UnsafeURLError) unless its scheme and every resolved address are allowed.

    Resolves DNS; a name that does not resolve raises FetchError(reason="unreachable").
    """
    scheme = _scheme_of(url)
    _check_scheme(url, scheme, policy)
    if scheme == "file":
        _file_path(url)
        return
    _vet(_parse(url), policy)


# --------------------------------------------------------------------------- fetching


def _media_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'").lower() or None
    return media.strip().lower(), charset


def _guess_type(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _file_path(url: str) -> Path:
    parts = _split(url)
    # file://server/share would make the OS open a network share: that is a fetch, not a file.
    if parts.netloc not in ("", "localhost"):
        raise UnsafeURLError(f"refused: file URL names a remote host {parts.netloc!r}: {url}")
    return Path(url2pathname(parts.path))


def _read_file(url: str, policy: FetchPolicy) -> Fetched:
    path = _file_path(url)
    try:
        # FIFOs and devices (file:///dev/stdin) would block or never end.
        if not path.is_file():
            raise FetchError(f"cannot read {path}: not a regular file", reason="unreachable")
        with path.open("rb") as fh:
            body = fh.read(policy.max_bytes + 1)
    except OSError as e:
        raise FetchError(f"cannot read {path}: {e.strerror or e}", reason="unreachable") from e
    if len(body) > policy.max_bytes:
        raise FetchError(f"{path} is larger than the {policy.max_bytes}-byte limit", reason="too-large")
    return Fetched(
        url=url,
        status=200,
        content_type=_guess_type(path.name),
        charset=None,
        body=body,
        redirects=(),
    )


@dataclass(frozen=True)
class _Hop:
    status: int
    content_type: str
    charset: str | None
    body: bytes
    location: str | None  # set for a redirect; the body is then empty


def _get(client: httpx.Client, url: httpx.URL, pin: str | None, policy: FetchPolicy, deadline: float) -> _Hop:
    headers = {"User-Agent": policy.user_agent, "Accept": _ACCEPT}
    target = url
    if pin is not None and url.scheme == "http":
        # Connect to the address we checked, not whatever a second lookup returns.
        headers["Host"] = url.netloc.decode("ascii")
        target = url.copy_with(host=pin)
    with client.stream(
        "GET",
        target,
        headers=headers,
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,
    ) as resp:
        status = resp.status_code
        location = resp.headers.get("location")
        if status in _REDIRECT_STATUSES and location:
            return _Hop(status, "", None, b"", location)
        if status >= 400:
            raise FetchError(
                f"HTTP {status} {resp.reason_phrase} from {url}".replace("  ", " "),
                reason="http-error",
            )
        declared = resp.headers.get("content-length")
        if declared and declared.strip().isdigit() and int(declared) > policy.max_bytes:
            raise FetchError(
                f"{url} declares {int(declared)} bytes, over the {policy.max_bytes}-byte limit",
                reason="too-large",
            )
        chunks: list[bytes] = []
        total = 0
        # Decoded bytes are counted, so a gzip bomb trips the cap too (one network chunk may
        # still inflate in memory before we see it; httpx decodes chunk by chunk).
        for chunk in resp.iter_bytes():
            total += len(chunk)
            if total > policy.max_bytes:
                raise FetchError(
                    f"{url} sent more than the {policy.max_bytes}-byte limit", reason="too-large"
                )
            if time.monotonic() > deadline:
                raise FetchError(f"{url} is too slow to send its body", reason="timeout")
            chunks.append(chunk)
        media, charset = _media_type(resp.headers.get("content-type"))
        return _Hop(status, media or _guess_type(url.path), charset, b"".join(chunks), None)


def _follow(client: httpx.Client, start: httpx.URL, policy: FetchPolicy, deadline: float) -> Fetched:
    current = start
    redirects: list[str] = []
    seen = {str(start.copy_with(fragment=None))}
    while True:
        pin = _vet(current, policy)
        try:
            hop = _get(client, current, pin, policy, deadline)
        except httpx.TimeoutException as e:
            raise FetchError(f"timed out fetching {current}", reason="timeout") from e
        except httpx.NetworkError as e:
            raise FetchError(f"cannot reach {current}: {e}", reason="unreachable") from e
        except httpx.HTTPError as e:
            raise FetchError(f"fetching {current} failed: {e}") from e
        if hop.location is None:
            return Fetched(
                url=str(current),
                status=hop.status,
                content_type=hop.content_type,
                charset=hop.charset,
                body=hop.body,
                redirects=tuple(redirects),
            )
        try:
            nxt = current.join(hop.location)
        except (httpx.InvalidURL, ValueError) as e:
            raise FetchError(f"{current} redirects to an invalid URL {hop.location!r}") from e
        # Even when file:// is allowed for local inputs, a remote server must never be able
        # to make us read a local file (or speak another protocol).
        if nxt.scheme not in _WEB_SCHEMES:
            raise UnsafeURLError(
                f"refused: {current} redirects to a {nxt.scheme or 'scheme-less'} URL "
                f"({hop.location}); only http and https redirects are followed"
            )
        if not nxt.raw_host:
            raise UnsafeURLError(f"refused: {current} redirects to a URL without a host")
        key = str(nxt.copy_with(fragment=None))
        if key in seen:
            raise FetchError(f"redirect loop at {nxt}", reason="too-many-redirects")
        if len(redirects) >= policy.max_redirects:
            raise FetchError(
                f"more than {policy.max_redirects} redirects starting at {start}",
                reason="too-many-redirects",
            )
        seen.add(key)
        redirects.append(str(nxt))
        current = nxt


def fetch(url: str, policy: FetchPolicy, *, client: httpx.Client | None = None) -> Fetched:
    """Fetch ``url`` under ``policy``.

    Raises UnsafeURLError for a refused scheme or address (initial URL or any redirect hop)
    and FetchError with ``reason`` one of timeout, unreachable, http-error, too-large,
    too-many-redirects (or fetch-failed) otherwise. A caller-supplied ``client`` is used as is
    (its redirect setting is overridden per request) and is not closed.
    """
    scheme = _scheme_of(url)
    _check_scheme(url, scheme, policy)
    if scheme == "file":
        return _read_file(url, policy)
    start = _parse(url)
    deadline = time.monotonic() + policy.timeout * _TOTAL_TIME_FACTOR
    if client is not None:
        return _follow(client, start, policy, deadline)
    # trust_env=False: an HTTP(S)_PROXY from the environment would resolve names on its side,
    # outside the address check; pass a configured client to use a proxy deliberately.
    with httpx.Client(trust_env=False, follow_redirects=False) as own:
        return _follow(own, start, policy, deadline)
