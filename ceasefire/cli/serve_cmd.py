"""serve: the local web workspace."""

from __future__ import annotations

import errno
import os
import socket
from typing import Annotated

import typer

from ..errors import ConfigError
from ._base import app, err, state
from ._options import DbOpt


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on. Anything but loopback needs --token or --read-only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 picks a free one).")] = 8000,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Refuse every write (ingest): for sharing a store.")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="CEASEFIRE_TOKEN",
            help="Token required for every write (form field or `Authorization: Bearer`). "
            "Env: CEASEFIRE_TOKEN.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the web workspace over the store: incidents, cards, documents, map, timeline,
    outlets, the report, and ingest from the browser. Fully offline: every asset is local.

    Listens on 127.0.0.1 by default. On any other address writes need `--token` (or
    CEASEFIRE_TOKEN), or pass `--read-only`; otherwise the command refuses to start.

    Example: `ceasefire serve --db ceasefire.db --port 8000`, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from ..web import create_app
    from ..web.security import is_loopback

    loopback = is_loopback(host)
    if not loopback and not read_only and not token:
        raise typer.BadParameter(
            f"refusing to listen on {host} without a write token: pass --token "
            "(or set CEASEFIRE_TOKEN), or --read-only",
            param_hint="--host",
        )
    settings = state(ctx).settings(db=db)
    # on loopback, only loopback Host headers: a page on another site cannot reach the
    # workspace through DNS rebinding
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None
    web = create_app(settings.db, read_only=read_only, token=token, settings=settings, allowed_hosts=hosts)
    web.state.ctx.warm_up()  # the record and its report are built while the browser opens
    sock = listen(host, port)  # bound here, so a busy port is one line and exit 1
    server = uvicorn.Server(uvicorn.Config(web, host=host, port=port, log_level="warning", access_log=False))
    bound = sock.getsockname()[1]
    err.print(
        f"serving {settings.db} on http://{host if ':' not in host else f'[{host}]'}:{bound}/"
        + (" (read-only)" if read_only else "")
        + (" (writes need the token)" if token else "")
    )
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # Ctrl-C is how a server is meant to stop: not an interruption
        err.print("stopped")
        return
    finally:
        sock.close()
    if not server.started:
        raise ConfigError(f"the web server could not start on {host}:{bound}")


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``; an address in use, not of this machine, or a host that
    does not resolve is a ConfigError saying which and what to do."""
    try:
        family, kind, proto, _name, addr = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as e:
        raise ConfigError(
            f"cannot listen on {host!r}: {getattr(e, 'strerror', None) or e} (check --host)"
        ) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} on {host} is already in use: stop what listens there, or choose another "
                "with --port (--port 0 picks a free one)"
            ) from None
        if e.errno == errno.EACCES:
            raise ConfigError(
                f"port {port} needs administrator rights on this system: choose one above 1023 with --port"
            ) from None
        if e.errno == errno.EADDRNOTAVAIL:
            raise ConfigError(f"{host} is not an address of this machine (check --host)") from None
        raise ConfigError(f"cannot listen on {host}:{port}: {e.strerror}") from None
    sock.listen(2048)  # connections queue from now on: "serving … on URL" is true when printed
    sock.set_inheritable(True)
    return sock
