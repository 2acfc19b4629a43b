"""analyze: the whole pipeline on the user's sources, into a folder of reports and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..api import ANALYZE_FILES, AnalyzeResult, analyze, check_out_dir
from ..errors import SourceError
from ..ingest.pipeline import plan
from ..ingest.sources import Input
from ..records import Rejected
from ..settings import Settings
from ._base import app, err, out, progress_bar, state
from ._options import ForceOpt, JobsOpt
from .documents import EXIT_PARTIAL


def run_analyze(
    sources: list[str],
    out_dir: Path,
    settings: Settings,
    manifest: Path | None,
    *,
    store: object = None,
    force: bool = False,
    rejected: list[str] | None = None,
) -> AnalyzeResult:
    """analyze with progress bars (ingest, extract) on stderr; shared by `analyze` and `demo`.
    Each rejected input is appended to ``rejected`` (with its reason when it is known before
    reading: a missing path, an empty folder)."""
    planned = plan(sources)
    if not any(isinstance(i, Input) for i in planned):  # a typo, an empty folder: write nothing
        named = "; ".join(
            f"{r.source}: {r.detail or r.reason}" for r in planned[:3] if isinstance(r, Rejected)
        )
        raise SourceError(f"nothing to analyze: {named}{' …' if len(planned) > 3 else ''}")
    check_out_dir(out_dir, force=force)  # before any work: a refused folder costs nothing
    known = {r.source: f"{r.reason}: {r.detail}" for r in planned if isinstance(r, Rejected)}
    with progress_bar() as progress:
        ingest_task = progress.add_task("ingest", total=len(planned))
        extract_task = progress.add_task("extract", total=None)

        def on_item(status: str, source: str) -> None:
            if status == "input-done":
                progress.advance(ingest_task)
            elif status == "rejected" and rejected is not None:
                rejected.append(f"{source}: {known[source]}" if source in known else source)

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
    jobs: JobsOpt = None,
) -> None:
    """Run the whole pipeline (ingest, extract, reconcile) on your sources with a throw-away
    store, and write into the folder exactly: report.html, report.md (with its PNG charts),
    incidents.acled.csv, claims.csv, incidents.geojson, ceasefire.json, incidents.parquet,
    claims.parquet. The folder must be new, empty or one ceasefire wrote (it keeps a
    .ceasefire-outputs.json marker there); --force writes beside other files.

    Example: `ceasefire analyze reports/ --out results/ --manifest reports/manifest.csv`
    """
    settings = state(ctx).settings(jobs=jobs)
    rejected: list[str] = []
    result = run_analyze(sources, out_dir, settings, manifest, force=force, rejected=rejected)
    print_result(result)
    if result.rejected:
        for line in rejected:
            err.print(f"  [red]rejected[/] {escape(line)}", highlight=False)
        err.print(
            "[dim]every reason is kept by `ceasefire ingest SOURCE… --db FILE`, "
            "then `ceasefire rejected --db FILE`[/]"
        )
        raise typer.Exit(EXIT_PARTIAL)
