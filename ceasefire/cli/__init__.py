"""The ``ceasefire`` command line: a thin typer adapter over the library.

Data goes to stdout (tables, or JSON with ``--json``); progress and status go to stderr.
Exit codes (scripts may rely on them; the README's table says the same):

    0   success
    1   error: a mistake in what was asked (a path, URL, setting, store or output refused)
    2   usage error (unknown command or option, missing argument, malformed value)
    3   finished, but some inputs were rejected (see ``ceasefire rejected``)
    4   not found (no such document / incident)
    5   evaluation below the committed floors
    70  internal error: a bug in ceasefire (``--debug`` shows the traceback; please report it)
    130 interrupted (Ctrl-C); what was stored is kept, re-run to resume

Every error is one line on stderr, never a traceback, unless ``--debug`` is given (anywhere
on the command line, before or after the command).
"""

from __future__ import annotations

import sys

import typer
from sqlalchemy.exc import SQLAlchemyError

from ..errors import CeasefireError
from .app import app

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = 3
EXIT_NOT_FOUND = 4
EXIT_GATE = 5
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

INTERRUPTED = "interrupted: everything stored so far is kept; re-run the same command to resume"


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: library errors become one line and an exit code."""
    args = hoist_debug(sys.argv[1:] if argv is None else list(argv))
    debug = args[:1] == ["--debug"]
    try:
        code = _run(args)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except CeasefireError as e:
        if debug:
            raise
        code = _fail(without_statement(str(e)), e.exit_code)
    except SQLAlchemyError as e:  # the store refused an operation: one line, never the SQL or a text
        if debug:
            raise
        code = _fail(store_message(e), EXIT_ERROR)
    except OSError as e:  # the system refused: a full disk, a permission, a vanished file
        if debug:
            raise
        where = f": {e.filename}" if getattr(e, "filename", None) else ""
        code = _fail(f"{e.strerror or e}{where}", EXIT_ERROR)
    except Exception as e:  # a bug: still one line, and how to see more
        if debug:
            raise
        first = (str(e).strip().splitlines() or [""])[0][:200]
        code = _fail(
            f"internal error ({e.__class__.__name__}: {first}): this is a bug in ceasefire; "
            "re-run with --debug for the traceback and please report it",
            EXIT_INTERNAL,
        )
    if code == EXIT_INTERRUPTED:
        typer.echo(INTERRUPTED, err=True)
    sys.exit(code)


def _run(args: list[str]) -> int:
    """Run the app; typer's own handling would print usage errors as a panel and turn Ctrl-C
    into a silent 130, so its standalone mode is off and both are handled here."""
    try:
        rv = app(args=args, prog_name="ceasefire", standalone_mode=False)
    except typer.Abort:  # end of input at a prompt
        return _fail("aborted", EXIT_ERROR)
    except typer.TyperException as e:  # click's usage errors (typer's copy of click)
        code = int(getattr(e, "exit_code", EXIT_USAGE))
        if e.__class__.__name__ == "NoArgsIsHelpError":  # the help was printed
            return code
        ctx = getattr(e, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        return _fail(message + hint, code)
    # typer turns KeyboardInterrupt into Exit(130), which standalone_mode=False returns
    return rv if isinstance(rv, int) else EXIT_OK


def _fail(message: str, code: int) -> int:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    return code


def hoist_debug(args: list[str]) -> list[str]:
    """``--debug`` is a global option; let it be written after the command too."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    rest = [a for a in args[:end] if a != "--debug"]
    return ["--debug", *rest, *args[end:]]


def store_message(e: Exception) -> str:
    """A database error in one line, without the statement or its parameters (a document's text)."""
    orig = getattr(e, "orig", None) or e
    first = (str(orig).strip().splitlines() or [orig.__class__.__name__])[0]
    return f"the store refused the operation: {first}{_read_only_hint(first)}"


def without_statement(message: str) -> str:
    """A message that quotes a database error, cut before the SQL statement and its parameters
    (which hold a document's text) and SQLAlchemy's pointer to its docs."""
    cut = min((i for i in (message.find("\n[SQL:"), message.find("\n(Background on")) if i >= 0), default=-1)
    if cut < 0:
        return message
    head = message[:cut].rstrip()
    return head + _read_only_hint(head)


def _read_only_hint(text: str) -> str:
    if "readonly" in text or "read-only" in text:
        return " (the store is read-only: reading works; to write, fix its permissions or use a copy)"
    return ""


__all__ = ["app", "main"]
