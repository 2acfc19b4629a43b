"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLite file path or a SQLAlchemy URL "
        "(postgresql+psycopg://…). Env: CEASEFIRE_DB. Default: ./ceasefire.db",
        show_default=False,
    ),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=0,
        help="Worker processes that extract (default 0: one per core; 1: this process alone). "
        "Results are the same whatever the number. Env: CEASEFIRE_JOBS.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="TOML config file (default ./ceasefire.toml). Env: CEASEFIRE_CONFIG."),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Also write into a folder holding other files, and overwrite an existing file that "
        "ceasefire did not write. A symlink, device or folder in the way is never replaced.",
    ),
]
