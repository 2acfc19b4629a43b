"""The ``ceasefire`` command line: a thin typer adapter over the library.

Data goes to stdout (tables, or JSON with ``--json``); progress and status go to stderr.
Exit codes (scripts may rely on them):

    0  success
    1  error (bad input named on the command line, unreadable store, bad config)
    2  usage error (unknown option, missing argument)
    3  finished, but some inputs were rejected (see ``ceasefire rejected``)
    4  not found (no such document / incident)
    5  evaluation below the committed floors
    130 interrupted (Ctrl-C); what was stored is kept, re-run to resume
"""

from __future__ import annotations

import sys

import typer

from ..errors import CeasefireError
from .app import app

EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: library errors become one line and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="ceasefire")
    except KeyboardInterrupt:
        typer.echo("interrupted: everything stored so far is kept; re-run to resume", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except CeasefireError as e:
        if "--debug" in args:
            raise
        typer.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)


__all__ = ["app", "main"]
