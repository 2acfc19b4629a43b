"""Fetch a URL from an untrusted feed without letting the feed aim us at our own network.

Links reach us from monitors pasting URLs out of partisan channels, so every URL is hostile
until checked: the scheme must be http/https (or explicitly allowed), every address the host
resolves to must be public, redirects are followed by hand so each hop is checked again, and
the body is capped in size and time.

What the address check does and does not cover (DNS rebinding / TOCTOU)
-----------------------------------------------------------------------
* We resolve the host with ``socket.getaddrinfo`` (bounded by the fetch's deadline) and refuse
  it if ANY A/AAAA record is non-public, so a name with one public and one private record
  cannot slip through.
* Every hop, http and https alike, connects to the addresses that passed the check: our own
  transport's network backend maps the checked name to those addresses at the socket and never
  resolves it a second time, so a DNS answer that changes after the check (rebinding) is never
  used. TLS still runs against the name: SNI and certificate verification use the host in the
  URL, so pinning the address does not weaken the certificate check. A name the check did not
  pass is never connected to.
* Hosts exempted by ``allow_hosts`` / ``allow_private`` are not checked; they are resolved once
  at connect time (still within the deadline).
* A caller-supplied client (tests, a deliberate proxy) has its own transport: plain http is
  still pinned by sending the request to the checked IP with the name in the ``Host`` header,
  but https then relies on certificate verification, and the headers on that client's own
  per-read timeouts. A proxy resolves names on its side, outside our control.
* Ports are not restricted; a public host on any port is fetched.

Bounded work
------------
* One deadline (``timeout`` x 4) covers the whole fetch: DNS, connect, TLS handshake, headers
  and body of every hop. Each socket read and write is given at most the time left, and a
  watchdog shuts the sockets at the deadline, so a server dripping one byte per second (in the
  headers or the handshake) fails on time instead of holding the fetch for hours.
* The body is capped in bytes before and after decoding. At most one content encoding (gzip or
  deflate) is decoded, incrementally and never past the cap, so a ``gzip, gzip`` bomb of a few
  kilobytes cannot inflate gigabytes in memory.
"""

from __future__ import annotations

import contextlib
import ipaddress
import mimetypes
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit
from urllib.request import url2pathname

import httpcore
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
# Only what we can decode incrementally under the cap; a server must not send anything else.
_ACCEPT_ENCODING = "gzip, deflate"


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


def _getaddrinfo(host: str, port: int, timeout: float) -> list[Any]:
    """``socket.getaddrinfo`` with a deadline: the C resolver has none, so it runs in a daemon
    thread that is abandoned (left to finish on its own) when the time is up."""
    if timeout <= 0:
        raise FetchError(f"no time left to resolve {host}", reason="timeout")
    result: list[Any] = []
    done = threading.Event()

    def work() -> None:
        try:
            result.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as e:  # handed to the caller below
            result.append(e)
        finally:
            done.set()

    threading.Thread(target=work, name="ceasefire-dns", daemon=True).start()
    if not done.wait(timeout):
        raise FetchError(f"resolving {host} took longer than {timeout:g} s", reason="timeout")
    got = result[0]
    if isinstance(got, BaseException):
        if isinstance(got, (OSError, UnicodeError)):
            raise FetchError(f"cannot resolve {host}: {got}", reason="unreachable") from got
        raise got
    infos: list[Any] = got
    return infos


def _resolve(host: str, port: int, timeout: float) -> list[str]:
    ips: list[str] = []
    for family, _type, _proto, _canon, sockaddr in _getaddrinfo(host, port, timeout):
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


def _vet(url: httpx.URL, policy: FetchPolicy, timeout: float) -> tuple[str, ...] | None:
    """Check the resolved addresses of ``url``; return the addresses to pin, None if exempt.

    ``timeout`` bounds the DNS lookup."""
    if _is_exempt(url, policy):
        return None
    host = url.host
    ips = _resolve(url.raw_host.decode("ascii"), _port(url), timeout)
    for ip in ips:
        kind = _classify(ip)
        if kind is not None:
            raise UnsafeURLError(
                f"refused: {host} resolves to {ip} ({kind}); "
                f"pass --allow-private or --allow-host {host} to fetch it"
            )
    return tuple(ips)


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse ``url`` (UnsafeURLError) unless its scheme and every resolved address are allowed.

    Resolves DNS (within ``policy.timeout``); a name that does not resolve raises
    FetchError(reason="unreachable"), one that takes too long FetchError(reason="timeout").
    """
    scheme = _scheme_of(url)
    _check_scheme(url, scheme, policy)
    if scheme == "file":
        _file_path(url)
        return
    _vet(_parse(url), policy, policy.timeout)


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


# --------------------------------------------------------------------------- the transport


class _Deadline:
    """The time left for one fetch, and a watchdog that shuts every socket when it is up.

    Per-read timeouts alone cannot stop a server that sends one byte just before each one
    expires; this bounds the wall-clock time of everything the fetch does on the network.
    """

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def left(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self.left() <= 0

    def clamp(self, timeout: float | None) -> float:
        left = self.left()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch's deadline has passed")
        return left if timeout is None else min(timeout, left)

    def watch(self, sock: socket.socket) -> None:
        # A duplicate of the descriptor: shutting it down ends the connection however the
        # original is wrapped (TLS) or whether it was already closed, and never touches a
        # descriptor number the process reused for something else.
        dup = sock.dup()
        with self._lock:
            if not self._expired:
                self._socks.append(dup)
                return
        dup.close()
        raise httpcore.ConnectTimeout("the fetch's deadline has passed")

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            self._expired = True
            socks, self._socks = self._socks, []
        for s in socks:
            s.close()

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            socks = list(self._socks)
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation gets at most the fetch's time left."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: _Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.clamp(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.clamp(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        # server_hostname is the URL's name (httpcore passes the origin host): the certificate
        # is verified against the name even though the socket went to a pinned address.
        inner = self._inner.start_tls(ssl_context, server_hostname, self._deadline.clamp(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.SyncBackend):
    """Connects a checked name only to the addresses that passed the check.

    ``pin`` is called for every hop before its request; a name (and port) that was neither
    pinned nor exempted is refused at the socket, so nothing reaches an unchecked address.
    """

    def __init__(self, deadline: _Deadline) -> None:
        self._deadline = deadline
        self._pins: dict[tuple[str, int], tuple[str, ...]] = {}
        self._exempt: set[tuple[str, int]] = set()

    @staticmethod
    def _key(host: str, port: int) -> tuple[str, int]:
        return host.lower().strip("[]"), port

    def pin(self, url: httpx.URL, ips: tuple[str, ...] | None) -> None:
        key = self._key(url.raw_host.decode("ascii"), _port(url))
        if ips is None:
            self._exempt.add(key)
        else:
            self._pins[key] = ips
            self._exempt.discard(key)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        key = self._key(host, port)
        ips = self._pins.get(key)
        if ips is None:
            if key not in self._exempt:
                raise httpcore.ConnectError(f"refused: {host}:{port} did not pass the address check")
            try:
                ips = tuple(_resolve(host, port, self._deadline.left()))
            except FetchError as e:
                raise httpcore.ConnectError(str(e)) from e
        last: Exception = httpcore.ConnectError(f"cannot connect to {host}:{port}")
        for ip in ips:
            try:
                stream = super().connect_tcp(
                    ip, port, self._deadline.clamp(timeout), local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
                continue
            sock = stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                try:
                    self._deadline.watch(sock)
                except BaseException:
                    stream.close()
                    raise
            return _DeadlineStream(stream, self._deadline)
        raise last


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's exceptions as the httpx ones the rest of this module handles."""
    try:
        yield
    except httpcore.TimeoutException as e:
        raise httpx.TimeoutException(str(e)) from e
    except httpcore.NetworkError as e:
        raise httpx.NetworkError(str(e)) from e
    except httpcore.ProtocolError as e:
        raise httpx.ProtocolError(str(e)) from e
    except (httpcore.UnsupportedProtocol, httpcore.PoolTimeout, httpcore.ProxyError) as e:
        raise httpx.TransportError(str(e)) from e


class _Body(httpx.SyncByteStream):
    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_errors():
            yield from self._response.iter_stream()

    def close(self) -> None:
        with _httpx_errors():
            self._response.close()


class _PinnedTransport(httpx.BaseTransport):
    """httpx over an httpcore pool whose network backend pins addresses and the deadline."""

    def __init__(self, backend: _PinnedBackend, ssl_context: ssl.SSLContext) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context, network_backend=backend, max_connections=4, retries=0
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        req = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors():
            resp = self._pool.handle_request(req)
        return httpx.Response(
            status_code=resp.status, headers=resp.headers, stream=_Body(resp), extensions=resp.extensions
        )

    def close(self) -> None:
        self._pool.close()


def _ssl_context() -> ssl.SSLContext:
    """The certificate store httpx uses by default (hostname checked, certificates verified)."""
    return httpx.create_ssl_context()


# --------------------------------------------------------------------------- the body


class _Decoder:
    """Undo at most one Content-Encoding layer, never producing more than the cap allows."""

    def __init__(self, url: httpx.URL, header: str | None) -> None:
        layers = [e.strip().lower() for e in (header or "").split(",")]
        layers = [e for e in layers if e and e != "identity"]
        if len(layers) > 1:
            raise FetchError(
                f"{url} is sent with {len(layers)} content encodings ({header}); at most one is decoded",
                reason="fetch-failed",
            )
        self.encoding = layers[0] if layers else ""
        if self.encoding not in ("", "gzip", "x-gzip", "deflate"):
            raise FetchError(
                f"{url} is sent with the content encoding {self.encoding!r}; "
                "only gzip and deflate are accepted",
                reason="fetch-failed",
            )
        self._url = url
        self._zlib: Any = None
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif self.encoding == "deflate":
            self._zlib = zlib.decompressobj()
        self._first = True

    def decode(self, data: bytes, room: int) -> bytes:
        """Decoded ``data``; at most ``room + 1`` bytes, so more than ``room`` means too large."""
        if self._zlib is None:
            return data
        try:
            try:
                out: bytes = self._zlib.decompress(data, room + 1)
            except zlib.error:
                if not (self._first and self.encoding == "deflate"):
                    raise
                # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
                self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                out = self._zlib.decompress(data, room + 1)
        except zlib.error as e:
            raise FetchError(f"{self._url} sent a corrupt {self.encoding} body ({e})") from e
        self._first = False
        return out

    def flush(self) -> bytes:
        if self._zlib is None:
            return b""
        try:
            # every input was consumed within the cap (decode raised otherwise), so what
            # flush can still return is zlib's small internal buffer
            rest: bytes = self._zlib.flush()
        except zlib.error as e:
            raise FetchError(f"{self._url} sent a corrupt {self.encoding} body ({e})") from e
        return rest


@dataclass(frozen=True)
class _Hop:
    status: int
    content_type: str
    charset: str | None
    body: bytes
    location: str | None  # set for a redirect; the body is then empty


def _too_large(url: httpx.URL, policy: FetchPolicy) -> FetchError:
    return FetchError(f"{url} sent more than the {policy.max_bytes}-byte limit", reason="too-large")


def _get(
    client: httpx.Client, url: httpx.URL, rewrite_to: str | None, policy: FetchPolicy, deadline: _Deadline
) -> _Hop:
    headers = {"User-Agent": policy.user_agent, "Accept": _ACCEPT, "Accept-Encoding": _ACCEPT_ENCODING}
    target = url
    if rewrite_to is not None:
        # A client we do not own cannot be pinned at the socket: send the request to the
        # address we checked, with the name in the Host header.
        headers["Host"] = url.netloc.decode("ascii")
        target = url.copy_with(host=rewrite_to)
    with client.stream(
        "GET",
        target,
        headers=headers,
        timeout=httpx.Timeout(max(0.001, min(policy.timeout, deadline.left()))),
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
        decoder = _Decoder(url, resp.headers.get("content-encoding"))
        if resp.is_stream_consumed:
            # a caller's mock transport that built its response from bytes: httpx has read
            # (and decoded) it already; a real transport always streams
            decoder = _Decoder(url, None)
            raw_body: Iterable[bytes] = [resp.content]
        else:
            raw_body = resp.iter_raw()
        chunks: list[bytes] = []
        raw_total = total = 0
        # Raw bytes are counted against the cap, and decoded bytes too: the decoder never
        # produces more than one byte past the room left, so a bomb stops at the cap.
        for raw in raw_body:
            raw_total += len(raw)
            if raw_total > policy.max_bytes:
                raise _too_large(url, policy)
            chunk = decoder.decode(raw, policy.max_bytes - total)
            total += len(chunk)
            if total > policy.max_bytes:
                raise _too_large(url, policy)
            if deadline.passed():
                raise FetchError(f"{url} is too slow to send its body", reason="timeout")
            chunks.append(chunk)
        rest = decoder.flush()
        total += len(rest)
        if total > policy.max_bytes:
            raise _too_large(url, policy)
        chunks.append(rest)
        media, charset = _media_type(resp.headers.get("content-type"))
        return _Hop(status, media or _guess_type(url.path), charset, b"".join(chunks), None)


def _follow(
    client: httpx.Client,
    backend: _PinnedBackend | None,
    start: httpx.URL,
    policy: FetchPolicy,
    deadline: _Deadline,
) -> Fetched:
    current = start
    redirects: list[str] = []
    seen = {str(start.copy_with(fragment=None))}
    while True:
        pins = _vet(current, policy, min(policy.timeout, deadline.left()))
        rewrite_to = None
        if backend is not None:
            backend.pin(current, pins)
        elif pins is not None and current.scheme == "http":
            rewrite_to = pins[0]
        try:
            hop = _get(client, current, rewrite_to, policy, deadline)
        except httpx.TimeoutException as e:
            raise FetchError(f"timed out fetching {current}", reason="timeout") from e
        except httpx.HTTPError as e:
            if deadline.passed():  # the watchdog shut the socket
                raise FetchError(f"timed out fetching {current}", reason="timeout") from e
            if isinstance(e, httpx.NetworkError):
                raise FetchError(f"cannot reach {current}: {e}", reason="unreachable") from e
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
    too-many-redirects (or fetch-failed) otherwise. The whole fetch (DNS, connections, headers,
    bodies, every hop) ends within ``policy.timeout`` x 4 seconds.

    A caller-supplied ``client`` is used as is (its redirect setting is overridden per
    request) and is not closed; it is not pinned at the socket (see the module notes).
    """
    scheme = _scheme_of(url)
    _check_scheme(url, scheme, policy)
    if scheme == "file":
        return _read_file(url, policy)
    start = _parse(url)
    with _Deadline(policy.timeout * _TOTAL_TIME_FACTOR) as deadline:
        if client is not None:
            return _follow(client, None, start, policy, deadline)
        backend = _PinnedBackend(deadline)
        # trust_env=False: an HTTP(S)_PROXY from the environment would resolve names on its
        # side, outside the address check; pass a configured client to use a proxy deliberately.
        with httpx.Client(
            transport=_PinnedTransport(backend, _ssl_context()), trust_env=False, follow_redirects=False
        ) as own:
            return _follow(own, backend, start, policy, deadline)
