"""eval: extraction accuracy against annotated corpora, gated by committed floors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from ..errors import ConfigError, EvalGateError
from ..evaluate.gate import Measured, Report, check_floors, evaluate
from ..evaluate.gold import GoldDoc, corpus_hash
from ..evaluate.realnews import RealnewsRun, RealnewsScores, Tally, run_realnews
from ..evaluate.scorer import KINDS
from ._base import app, err, out, state
from ._options import JsonOpt

DEFAULT_SEEDS = Path("../shared/seeds")
DEFAULT_REALNEWS = Path("../shared/realnews")
# the team's held-out corpora, oldest first; each folder's conventions, when its gold codes sides
# differently from ours, sit beside it as <folder>.json
DEFAULT_HELDOUT = tuple(Path(f"eval/heldout{n}") for n in ("", "2", "3", "4", "5", "6"))
HELDOUT_WHAT = {
    "heldout": "reports of conflicts absent from realnews",
    "heldout2": "reports of four more conflicts, written blind",
    "heldout3": "reports of five more conflicts, written blind",
    "heldout4": "reports of four more conflicts, written blind, misses unread",
    "heldout5": "reports of five more conflicts, written blind, misses unread",
}
REALNEWS_KINDS = ("killed", "wounded", "captured", "missing", "casualties_unspecified")


@app.command("eval")
def eval_cmd(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(help="Gold JSONL file or folder (eval/gold).")] = Path("eval/gold"),
    seeds: Annotated[
        Path | None,
        typer.Option(help="Folder of the seed articles annotated by offsets (skipped when absent)."),
    ] = DEFAULT_SEEDS,
    realnews: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the realnews corpus (gold.json, docs/, manifest.csv; skipped when absent)."
        ),
    ] = DEFAULT_REALNEWS,
    heldout: Annotated[
        list[Path] | None,
        typer.Option(
            help="Folder of a held-out corpus in the realnews format (conflicts absent from "
            "realnews, written by the team), scored with its conventions <folder>.json when "
            "present; repeat for several. Default: eval/heldout, eval/heldout2, eval/heldout3, "
            "eval/heldout4, eval/heldout5 (each skipped when absent)."
        ),
    ] = None,
    realnews_conventions: Annotated[
        Path, typer.Option(help="How the realnews gold codes sides and statements (eval/realnews.json).")
    ] = Path("eval/realnews.json"),
    floors: Annotated[Path, typer.Option(help="Committed floors, per corpus.")] = Path("eval/floors.json"),
    baselines: Annotated[
        bool, typer.Option(help="Also score the nothing / every-number / spacy-ner / regex anchors.")
    ] = True,
    update: Annotated[
        bool, typer.Option("--update", help="Record the measured corpora and raise their floors.")
    ] = False,
    allow_regression: Annotated[
        bool, typer.Option("--allow-regression", help="Allow --update to lower floors on purpose.")
    ] = False,
    errors: Annotated[int, typer.Option(help="How many errors to print per corpus.")] = 25,
    json_out: JsonOpt = False,
) -> None:
    """Score extraction against annotated corpora, next to trivial baselines, and fail (exit 5)
    below the floors in eval/floors.json. Our reports (eval/gold) and the seed articles: precision
    / recall / F1 per fact kind (events, actors, places within 25 km, dates, figures, claimant,
    side affected). The realnews corpus of real reports: the whole pipeline as `ceasefire analyze`
    runs it, scored with the rules of its score.py (claims, with claimant, side-agnostic claims,
    statements, cross-document pairs, incident dates and places), per conflict and claim kind;
    the held-out corpora (eval/heldout, heldout2 … heldout5: conflicts absent from
    realnews) the same way.
    A corpus without floors, or whose gold changed, fails until `--update` records it.

    Example: `ceasefire eval eval/gold --errors 50`
    """
    _check_inputs(gold)
    notes: list[str] = []
    systems = ("ceasefire", "nothing", "every-number", "spacy-ner", "regex") if baselines else ("ceasefire",)
    if not (seeds and seeds.is_dir()):
        notes.append(f"{seeds} not found: the seeds corpus is not scored")
        seeds = None
    results = evaluate(gold, seeds, systems)
    measured = [
        Measured(name, corpus_hash(docs), {k: v["f1"] for k, v in reports[0].scores.table().items()})
        for name, (docs, reports) in results.items()
    ]
    # the real reports, and the held-out ones (heldout's gold uses ceasefire's own codes: no
    # conventions file)
    scored: list[tuple[str, Path | None, Path | None, str]] = [
        ("realnews", realnews, realnews_conventions, "real reports")
    ]
    for folder in heldout if heldout is not None else DEFAULT_HELDOUT:
        beside = folder.parent / f"{folder.name}.json"
        what = HELDOUT_WHAT.get(folder.name, "held-out reports")
        scored.append((folder.name, folder, beside if beside.is_file() else None, what))
    runs: dict[str, tuple[RealnewsRun, str]] = {}
    blind = {name for name, _root, conv, _what in scored if conv is not None and _is_blind(conv)}
    for name, root, conventions, what in scored:
        if root and (root / "gold.json").is_file():
            err.print(f"{name}: running the whole pipeline on {root / 'docs'} …")
            run = run_realnews(root, conventions, state(ctx).settings(), baselines=baselines)
            runs[name] = (run, what)
            measured.append(Measured(name, run.gold_hash, run.systems["ceasefire"].total.metrics()))
        else:
            notes.append(f"{root} not found: the {name} corpus is not scored")
    failures = check_floors(floors, measured, update=update, allow_regression=allow_regression)
    if json_out:
        doc: dict[str, Any] = {
            "corpora": {name: _ours_json(docs, reports) for name, (docs, reports) in results.items()},
            "failures": failures,
            "notes": notes,
        }
        for name, (run, _what) in runs.items():
            doc["corpora"][name] = {
                "documents": len(run.gold.documents),
                "gold_hash": run.gold_hash,
                "systems": {k: v.to_dict() for k, v in run.systems.items()},
            }
        out.print_json(json.dumps(doc))
    else:
        for name, (docs, reports) in results.items():
            _print_ours(name, docs, reports, errors)
        for name, (run, what) in runs.items():
            _print_realnews(run, 0 if name in blind else errors, name, what)
            if name in blind:
                out.print(f"{name}: errors not printed: nobody has read this set's misses ({name}.json)\n")
        for n in notes:
            err.print(f"note: {n}")
        if update:
            err.print(f"floors of {', '.join(m.corpus for m in measured)} recorded in {floors}")
        elif not failures:
            err.print(f"floors hold: {', '.join(m.corpus for m in measured)}")
    if failures:
        raise EvalGateError("evaluation gate failed: " + "; ".join(failures))


def _is_blind(conventions: Path) -> bool:
    """Whether a held-out set's conventions say nobody has read its misses yet ("blind": true):
    its totals are printed, its errors not, so that it stays a measure of unseen text."""
    try:
        return bool(json.loads(conventions.read_text(encoding="utf-8")).get("blind", False))
    except (OSError, ValueError):
        return False  # run_realnews reports an unreadable conventions file itself


def _check_inputs(gold: Path) -> None:
    """Before minutes of extraction: the gold exists (eval reads a checkout's files). A missing
    floors file is not checked here: it is a corpus without floors, which the gate reports."""
    if not gold.exists():
        hint = (
            " (run `ceasefire eval` in a ceasefire checkout, or give the path)"
            if gold == Path("eval/gold")
            else ""
        )
        raise ConfigError(f"no gold annotations at {gold}{hint}")


def _ours_json(docs: list[GoldDoc], reports: list[Report]) -> dict[str, Any]:
    return {
        "documents": len(docs),
        "gold_hash": corpus_hash(docs),
        "systems": {r.system: r.scores.table() for r in reports},
        "false_casualty_claims": reports[0].scores.false_casualties,
    }


def _print_ours(name: str, docs: list[GoldDoc], reports: list[Report], errors: int) -> None:
    ours = reports[0].scores
    t = Table(title=f"{name}: extraction accuracy on {len(docs)} annotated documents (F1, P/R for ours)")
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
    out.print(f"{name}: non-casualty numbers turned into claims: {ours.false_casualties}")
    _print_errors(name, ours.errors, errors)


def _print_errors(name: str, found: list[str], errors: int) -> None:
    if errors and found:
        out.print(f"\n{name}: first {min(errors, len(found))} of {len(found)} errors:")
        for e in found[:errors]:
            out.print(f"  {e}", markup=False, highlight=False)
    out.print()


def _f1(t: Tally, what: str, pr: bool = False) -> str:
    c = getattr(t, what)
    cell = f"{c.f1:.2f}"
    return cell + f"  ({c.precision:.2f}/{c.recall:.2f})" if pr else cell


def _ratio(a: int, b: int) -> str:
    return f"{a}/{b}" if b else "–"


def _print_realnews(rn: RealnewsRun, errors: int, name: str = "realnews", what: str = "real reports") -> None:
    systems = rn.systems
    t = Table(title=f"{name}: {len(rn.gold.documents)} {what}, whole pipeline (score.py rules)")
    t.add_column("fact kind")
    for system in systems:
        t.add_column(system + ("  F1 (P/R)" if system == "ceasefire" else ""), justify="right")
    rows: list[tuple[str, Any]] = [
        ("claims (kind, figure, side)", lambda s, o: _f1(s.total, "claims", o)),
        ("  with claimant's side", lambda s, o: _f1(s.total, "claimant", o)),
        ("  ignoring the side", lambda s, o: _f1(s.total, "side_agnostic", o)),
    ]
    rows += [
        (f"  {k}", lambda s, o, k=k: _f1(s.by_kind.get(k, Tally()), "claims", o)) for k in REALNEWS_KINDS
    ]
    rows += [
        ("statements (type, speaker side)", lambda s, o: _f1(s.total, "statements", o)),
        ("cross-doc pairs joined", lambda s, o: _ratio(s.total.pairs_joined, s.total.pairs_same)),
        ("  wrongly joined", lambda s, o: str(s.total.pairs_wrong)),
        ("incidents dated right", lambda s, o: _ratio(s.total.dated, s.total.dated_n)),
        ("  placed within 50 km", lambda s, o: _ratio(s.total.placed, s.total.placed_n)),
    ]
    for label, cell in rows:
        t.add_row(label, *(cell(s, system == "ceasefire") for system, s in systems.items()))
    out.print(t)

    ours: RealnewsScores = systems["ceasefire"]
    base = systems.get("regex")
    conflicts = sorted(ours.by_conflict.items(), key=lambda kv: (-kv[1].documents, kv[0]))
    c = Table(title=f"{name} per conflict: F1 (regex baseline beside)", box=box.SIMPLE_HEAD, pad_edge=False)
    cols = ("conflict", "docs", "claims", "regex", "+claim", "regex", "-side", "stmts")
    for col in cols if base else tuple(x for x in cols if x != "regex"):
        c.add_column(col, justify="left" if col == "conflict" else "right")
    for conflict, tally in conflicts:
        b = base.by_conflict.get(conflict, Tally()) if base else None
        cells = [_f1(tally, "claims"), _f1(tally, "claimant")]
        if b is not None:
            cells = [cells[0], _f1(b, "claims"), cells[1], _f1(b, "claimant")]
        c.add_row(
            conflict, str(tally.documents), *cells, _f1(tally, "side_agnostic"), _f1(tally, "statements")
        )
    out.print(c)
    out.print(
        "  +claim: with the claimant's side right · -side: ignoring the side affected · stmts: statements"
    )
    i = Table(title=f"{name} per conflict: incidents", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("conflict", "pairs joined", "wrongly", "dated right", "within 50 km"):
        i.add_column(col, justify="left" if col == "conflict" else "right")
    for conflict, tally in conflicts:
        i.add_row(
            conflict,
            _ratio(tally.pairs_joined, tally.pairs_same),
            str(tally.pairs_wrong),
            _ratio(tally.dated, tally.dated_n),
            _ratio(tally.placed, tally.placed_n),
        )
    out.print(i)
    _print_errors(name, ours.errors, errors)
