"""demo: the first thing a newcomer runs."""

from __future__ import annotations

import shutil
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer

from .app import app, err, out, state
from .documents import print_ingest_summary, run_ingest

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
    """Ingest the bundled demo corpus (fictional border incidents told by both sides' outlets,
    a wire and a mediator) into a fresh store and show what was stored.

    Example: `ceasefire demo --out /tmp/demo`
    """
    if out_dir.exists():
        if not (out_dir / "ceasefire.db").exists() and any(out_dir.iterdir()):
            raise typer.BadParameter(f"{out_dir} exists and is not a ceasefire demo folder")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    db = out_dir / "ceasefire.db"
    settings = state(ctx).settings(db=str(db))
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        sources, manifest = demo_inputs(Path(folder))
        err.print(f"Ingesting {len(sources)} bundled demo reports into {db} …")
        store, report = run_ingest(sources, settings, manifest=manifest)
    print_ingest_summary(report)
    from .extraction import run_extract

    run_extract(store)
    from .documents import documents as list_documents

    list_documents(ctx, db=str(db), limit=None, json_out=False)
    out.print(f"\nDemo store and outputs are in [bold]{out_dir.resolve()}[/]")
    out.print(f"Next: ceasefire --help · ceasefire documents --db {db} · ceasefire show-doc ID --db {db}")
    store.close()
