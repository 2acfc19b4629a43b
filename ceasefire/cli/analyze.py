"""analyze: the whole pipeline on the user's sources, into a folder of reports and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..api import ANALYZE_FILES, AnalyzeResult, analyze, check_out_dir
from ..ingest.pipeline import plan
from ..settings import Settings
from ._options import ForceOpt
from .app import app, err, out, state


def run_analyze(
    sources: list[str],
    out_dir: Path,
    settings: Settings,
    manifest: Path | None,
    *,
    store: object = None,
    force: bool = False,
) -> AnalyzeResult:
    """analyze with progress bars (ingest, extract) on stderr; shared by `analyze` and `demo`."""
    check_out_dir(out_dir, force=force)  # before any work: a refused folder costs nothing
    planned = plan(sources)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        ingest_task = progress.add_task("ingest", total=len(planned))
        extract_task = progress.add_task("extract", total=None)

        def on_item(status: str, _source: str) -> None:
            if status == "input-done":
                progress.advance(ingest_task)

        def on_doc(_ex: object) -> None:
            progress.advance(extract_task)

        return analyze(
            planned,  # type: ignore[arg-type]
            out_dir,
            manifest=manifest,
            settings=settings,
            store=store,  # type: ignore[arg-type]
            on_item=on_item,
            on_doc=on_doc,
            force=force,
        )


def print_result(r: AnalyzeResult) -> None:
    err.print(
        f"[bold green]{r.documents} documents[/] ({r.rejected} rejected) · {r.mentions} mentions · "
        f"{r.claims} claims · [bold]{r.incidents} incidents[/]"
    )
    out.print(f"Wrote to [bold]{Path(r.out_dir).resolve()}[/]:")
    for name in ANALYZE_FILES:
        out.print(f"  {name}")


@app.command("analyze")
def analyze_cmd(
    ctx: typer.Context,
    sources: Annotated[
        list[str], typer.Argument(help="Files, folders, feeds, dumps or URLs.", show_default=False)
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the reports and exports.")],
    manifest: Annotated[Path | None, typer.Option(help="CSV/JSONL sidecar with outlet and date.")] = None,
    force: ForceOpt = False,
) -> None:
    """Run the whole pipeline (ingest, extract, reconcile) on your sources with a throw-away
    store, and write into the folder exactly: report.html, report.md (with its PNG charts),
    incidents.acled.csv, claims.csv, incidents.geojson, ceasefire.json, incidents.parquet,
    claims.parquet. The folder must be new, empty or one ceasefire wrote (it keeps a
    .ceasefire-outputs.json marker there); --force writes beside other files.

    Example: `ceasefire analyze reports/ --out results/ --manifest reports/manifest.csv`
    """
    settings = state(ctx).settings()
    result = run_analyze(sources, out_dir, settings, manifest, force=force)
    print_result(result)
