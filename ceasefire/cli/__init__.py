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
from sqlalchemy.exc import SQLAlchemyError

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
    except SQLAlchemyError as e:  # the store refused an operation: one line, never the SQL or a text
        if "--debug" in args:
            raise
        typer.echo(f"error: {store_message(e)}", err=True)
        sys.exit(1)


def store_message(e: Exception) -> str:
    """A database error in one line, without the statement or its parameters (a document's text)."""
    orig = getattr(e, "orig", None) or e
    first = (str(orig).strip().splitlines() or [orig.__class__.__name__])[0]
    hint = ""
    if "readonly" in first or "read-only" in first:
        hint = " (the store is read-only: reading works; to write, fix its permissions or use a copy)"
    return f"the store refused the operation: {first}{hint}"


__all__ = ["app", "main"]
