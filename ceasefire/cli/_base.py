"""The typer application object, its consoles and its global options: what every command
module imports. ``cli/app.py`` imports the command modules; none of them imports it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from .. import reference
from ..settings import Settings, load_settings
from ._options import ConfigOpt

HELP = """\
ceasefire: turn partisan news reports about an armed conflict into a verifiable record.

Start with `ceasefire demo`, which ingests the bundled demo corpus into a fresh store.

Exit codes: 0 ok · 1 error · 2 usage · 3 some inputs rejected · 4 not found ·
5 evaluation below floors · 70 internal error (a bug) · 130 interrupted (re-run to resume).
`--debug` (before or after the command) shows the traceback of an error.
"""

app = typer.Typer(
    name="ceasefire",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

out = Console(soft_wrap=True)  # data: stdout
err = Console(stderr=True, soft_wrap=True)  # progress and status: stderr; a log line is one line


def progress_bar(*, quiet: bool = False, last: bool = False) -> Progress:
    """The progress display of a long command, on stderr: per task its description, a bar,
    done/total (with ``last``, the task's ``last`` field: the item it is at) and the time so far.
    Off when ``quiet`` or when stderr is not a terminal (a log gets the summary, not bar frames)."""
    columns: list[ProgressColumn] = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    ]
    if last:
        columns.append(TextColumn("{task.fields[last]}", style="dim"))
    return Progress(
        *columns, TimeElapsedColumn(), console=err, transient=True, disable=quiet or not err.is_terminal
    )


@dataclass
class State:
    config: Path | None = None
    debug: bool = False
    profiles: tuple[str, ...] = ()

    def settings(self, **flags: Any) -> Settings:
        settings = load_settings(self.config, **flags)
        if self.profiles:
            settings = replace(settings, profiles=(*settings.profiles, *self.profiles))
        # the reference data every stage of this command reads: bundled + the user's files
        reference.use(settings.profiles, settings.outlets_files)
        return settings


@app.callback()
def _global(
    ctx: typer.Context,
    config: ConfigOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    profile: Annotated[
        list[Path] | None,
        typer.Option(
            "--profile",
            help="Conflict profile JSON (parties, demonyms, opponents, institutions, places); repeatable.",
        ),
    ] = None,
) -> None:
    ctx.obj = State(config=config, debug=debug, profiles=tuple(str(p) for p in profile or ()))


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, State) else State()
