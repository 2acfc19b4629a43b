"""demo: the first thing a newcomer runs."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer

from ..store import Store
from .analyze import print_result, run_analyze
from .app import app, err, out, state

DEMO_KINDS = {".txt", ".html", ".xml", ".rss", ".jsonl"}


def demo_inputs(folder: Path) -> tuple[list[str], Path | None]:
    """The bundled demo reports (not their README or manifest) and the manifest."""
    sources = sorted(str(p) for p in folder.iterdir() if p.suffix in DEMO_KINDS and p.name != "README.md")
    manifest = folder / "manifest.csv"
    return sources, manifest if manifest.is_file() else None


@app.command()
def demo(
    ctx: typer.Context,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the demo store and outputs (recreated).")
    ] = Path("ceasefire-demo"),
) -> None:
    """Analyse the bundled demo corpus (fictional border incidents told by both sides' outlets,
    a wire and a mediator): ingest, extract, reconcile, then write the reports and exports
    (the same files as `ceasefire analyze`) and keep the store for exploring.

    Example: `ceasefire demo --out /tmp/demo && ceasefire incidents --db /tmp/demo/ceasefire.db`
    """
    if out_dir.exists():
        if not (out_dir / "ceasefire.db").exists() and any(out_dir.iterdir()):
            raise typer.BadParameter(f"{out_dir} exists and is not a ceasefire demo folder")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    db = out_dir / "ceasefire.db"
    settings = state(ctx).settings(db=str(db))
    store = Store(settings.db)
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        sources, manifest = demo_inputs(Path(folder))
        err.print(f"Analysing {len(sources)} bundled demo reports …")
        result = run_analyze(sources, out_dir, settings, manifest, store=store)
    print_result(result)
    out.print(f"\nThe demo store is {db}; explore it:")
    out.print(f"  ceasefire incidents --db {db}")
    out.print(f"  ceasefire claims --db {db}")
    out.print(f"  open {out_dir / 'report.html'}")
    out.print(f"\nDemo output folder: [bold]{out_dir.resolve()}[/]")
    store.close()
