"""export: write reconciled incidents as ACLED-style CSV, a claims CSV, JSON, GeoJSON or Parquet."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..errors import ConfigError
from ..store import open_store
from ._base import app, err, state
from ._options import DbOpt, ForceOpt


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    claims_csv = "claims-csv"
    json = "json"
    geojson = "geojson"
    parquet = "parquet"


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date as YYYY-MM-DD, got {value!r}", param_hint=flag) from None


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="Output format. parquet also writes claims.parquet beside FILE; json's schema is "
            "ceasefire/export/schema.json (see docs/exports.md).",
            case_sensitive=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write (parent folders are created).")
    ],
    db: DbOpt = None,
    date_from: Annotated[
        str | None, typer.Option("--from", help="Only incidents on or after this date (YYYY-MM-DD).")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Only incidents on or before this date (YYYY-MM-DD).")
    ] = None,
    force: ForceOpt = False,
    verified_only: Annotated[
        bool,
        typer.Option(
            "--verified-only",
            help="Only what a coder checked (`ceasefire review`): verified and corrected claims, "
            "estimates made from them, incidents holding one (or verified themselves).",
        ),
    ] = False,
) -> None:
    """Export reconciled incidents in a standard format; re-runs give byte-identical files.

    Formats: acled-csv (ACLED's columns, one row per incident and location), claims-csv (one
    row per claim with its evidence sentence and offsets), json (everything), geojson
    (incidents as points) and parquet (incidents, plus claims.parquet beside it).

    New mentions are clustered into incidents first. With --from/--to, incidents whose date is
    unknown are left out (they cannot be placed in the window). The ACLED CSV also leaves out
    statements, undated incidents and incidents without a location; a one-line note on stderr
    says how many. See docs/exports.md for every column. An existing FILE is replaced only if
    ceasefire wrote it (or with --force); a symlink, device or folder there never is.

    Every export carries each claim's and incident's review_status; a coder's rejections are
    left out and corrections applied (`ceasefire review`).

    Example: ceasefire export --format acled-csv -o out/acled.csv --from 2022-09-01 --to 2022-09-30
    """
    from ..export import export
    from ..export.guard import check_file, record
    from ..export.parquet import CLAIMS_FILE

    start = _date(date_from, "--from")
    end = _date(date_to, "--to")
    if start and end and start > end:
        raise typer.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    try:
        from ..reconcile import build_incidents, update_incidents
    except ImportError as e:
        raise ConfigError(f"exports need the reconcile stage, which could not be imported: {e}") from e
    beside = (CLAIMS_FILE,) if fmt is ExportFormat.parquet and output.name != CLAIMS_FILE else ()
    check_file(output, force=force, beside=beside)

    store = open_store(state(ctx).settings(db=db).db)
    try:
        update_incidents(store)
        incidents = build_incidents(store, date_from=start, date_to=end, verified_only=verified_only)
        record(output.parent, (output.name, *beside))
        result = export(list(incidents), fmt.value, output, date_from=start, date_to=end)
    finally:
        store.close()
    written = ", ".join(str(p) for p in result.paths)
    err.print(
        f"[bold green]exported[/] {escape(result.note)} -> {escape(written)}", highlight=False, soft_wrap=True
    )
