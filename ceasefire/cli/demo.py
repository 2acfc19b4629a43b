"""demo: the first thing a newcomer runs."""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer

from ..api import ANALYZE_FILES, ANALYZE_OUTPUTS
from ..export.guard import MARKER, check_folder, record, remove_own
from ..store import Store
from ._base import app, err, out, state
from ._options import ForceOpt
from .analyze import print_result, run_analyze

DB_NAME = "ceasefire.db"
# the demo store and SQLite's companion files: replaced on every run, as the demo's own files
DB_FILES = (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal")

DEMO_KINDS = {".txt", ".html", ".xml", ".rss", ".jsonl"}


def demo_inputs(folder: Path) -> tuple[list[str], Path | None]:
    """The bundled demo reports (not their README or manifest) and the manifest."""
    sources = sorted(str(p) for p in folder.iterdir() if p.suffix in DEMO_KINDS and p.name != "README.md")
    manifest = folder / "manifest.csv"
    return sources, manifest if manifest.is_file() else None


def _adopt_legacy_demo(out_dir: Path) -> None:
    """A folder a demo wrote before the output marker existed holds exactly the demo's files,
    the store and every analyze output among them: mark it as the demo's so a re-run works."""
    if not out_dir.is_dir() or (out_dir / MARKER).exists():
        return
    try:
        entries = set(os.listdir(out_dir))
    except OSError:
        return
    if entries <= {*DB_FILES, *ANALYZE_OUTPUTS} and {DB_NAME, *ANALYZE_FILES} <= entries:
        record(out_dir, sorted(entries))


@app.command()
def demo(
    ctx: typer.Context,
    out_dir: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder for the demo store and outputs: new, empty, or a previous demo's "
            "(whose store and outputs are replaced; other files are left alone).",
        ),
    ] = Path("ceasefire-demo"),
    force: ForceOpt = False,
) -> None:
    """Analyse the bundled demo corpus (fictional border incidents told by both sides' outlets,
    a wire and a mediator): ingest, extract, reconcile, then write the reports and exports
    (the same files as `ceasefire analyze`) and keep the store for exploring.

    Example: `ceasefire demo --out /tmp/demo && ceasefire incidents --db /tmp/demo/ceasefire.db`
    """
    # checked before anything is touched: a folder of the user's (or `.`) is refused, and only
    # files the marker lists as the demo's own are replaced
    _adopt_legacy_demo(out_dir)
    check_folder(out_dir, (*DB_FILES, *ANALYZE_OUTPUTS), force=force)
    record(out_dir, (*DB_FILES, *ANALYZE_OUTPUTS))
    for name in DB_FILES:
        remove_own(out_dir, name)
    db = out_dir / DB_NAME
    settings = state(ctx).settings(db=str(db))
    store = Store(settings.db)
    with as_file(files("ceasefire") / "data" / "demo") as folder:
        sources, manifest = demo_inputs(Path(folder))
        err.print(f"Analysing {len(sources)} bundled demo reports …")
        result = run_analyze(sources, out_dir, settings, manifest, store=store, force=force)
    print_result(result)
    out.print(f"\nThe demo store is {db}; explore it:")
    out.print(f"  ceasefire incidents --db {db}")
    out.print(f"  ceasefire claims --db {db}")
    out.print(f"  open {out_dir / 'report.html'}")
    out.print(f"\nDemo output folder: [bold]{out_dir.resolve()}[/]")
    store.close()
