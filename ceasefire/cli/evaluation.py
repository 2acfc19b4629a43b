"""eval: extraction accuracy against the annotated corpus, gated by committed floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..errors import EvalGateError
from ..evaluate.gate import check_floors, evaluate
from ..evaluate.gold import corpus_hash
from ..evaluate.scorer import KINDS
from ._options import JsonOpt
from .app import app, err, out

DEFAULT_SEEDS = Path("../shared/seeds")


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file or folder (eval/gold).")] = Path("eval/gold"),
    seeds: Annotated[
        Path | None,
        typer.Option(help="Folder of the seed articles annotated by offsets (skipped when absent)."),
    ] = DEFAULT_SEEDS,
    floors: Annotated[Path, typer.Option(help="Committed floors (F1 per fact kind).")] = Path(
        "eval/floors.json"
    ),
    baselines: Annotated[
        bool, typer.Option(help="Also score the nothing / every-number / spacy-ner anchors.")
    ] = True,
    update: Annotated[bool, typer.Option("--update", help="Raise the floors to the current scores.")] = False,
    allow_regression: Annotated[
        bool, typer.Option("--allow-regression", help="Allow --update to lower floors on purpose.")
    ] = False,
    errors: Annotated[int, typer.Option(help="How many errors to print.")] = 25,
    json_out: JsonOpt = False,
) -> None:
    """Score extraction (precision / recall / F1 per fact kind: events, actors, places within
    25 km, dates, figures, claimant, side affected) against annotated reports, next to trivial
    baselines, and fail (exit 5) below the floors in eval/floors.json.

    Example: `ceasefire eval eval/gold --errors 50`
    """
    systems = ("ceasefire", "nothing", "every-number", "spacy-ner") if baselines else ("ceasefire",)
    docs, reports = evaluate(gold, seeds if seeds and seeds.is_dir() else None, systems)
    ours = reports[0].scores
    gold_hash = corpus_hash(docs)
    failures = check_floors(floors, ours, gold_hash, update=update, allow_regression=allow_regression)
    if json_out:
        out.print_json(
            json.dumps(
                {
                    "documents": len(docs),
                    "gold_hash": gold_hash,
                    "systems": {r.system: r.scores.table() for r in reports},
                    "false_casualty_claims": ours.false_casualties,
                    "failures": failures,
                }
            )
        )
    else:
        t = Table(title=f"extraction accuracy on {len(docs)} annotated documents (F1, P/R for ours)")
        t.add_column("fact kind")
        for r in reports:
            t.add_column(r.system, justify="right")
        for k in KINDS:
            row = [k]
            for r in reports:
                c = r.scores.table()[k]
                cell = f"{c['f1']:.2f}"
                if r.system == "ceasefire":
                    cell += f"  ({c['precision']:.2f}/{c['recall']:.2f})"
                row.append(cell)
            t.add_row(*row)
        out.print(t)
        out.print(f"non-casualty numbers turned into claims: {ours.false_casualties}")
        if errors and ours.errors:
            out.print(f"\nfirst {min(errors, len(ours.errors))} of {len(ours.errors)} errors:")
            for e in ours.errors[:errors]:
                out.print(f"  {e}", markup=False, highlight=False)
        if update:
            err.print(f"floors written to {floors}")
        if not (seeds and seeds.is_dir()):
            err.print(f"note: {seeds} not found; scored without the seed articles")
    if failures:
        raise EvalGateError("below the floors: " + "; ".join(failures))
