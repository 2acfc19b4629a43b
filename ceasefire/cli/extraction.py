"""extract, mentions, claims."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from ..api import ExtractSummary, claim_rows
from ..store import Store, open_store
from ._base import app, err, out, progress_bar, state
from ._options import DbOpt, JobsOpt, JsonOpt


def run_extract(
    store: Store,
    *,
    everything: bool = False,
    quiet: bool = False,
    retry_errors: bool = False,
    jobs: int = 0,
) -> ExtractSummary:
    """Extraction with a progress bar on stderr; shared by `extract`, `ingest` and `demo`.
    ``jobs`` worker processes extract (0: one per core)."""
    from ..extract.run import extract_store, extractor_version

    total = store.count_documents_to_extract(
        extractor_version(), everything=everything, retry_errors=retry_errors
    )
    if total == 0:
        _note_errors(store, quiet)
        return ExtractSummary(0, 0, 0, 0)
    with progress_bar(quiet=quiet) as progress:
        task = progress.add_task("extract", total=total)
        n, m, c, s = extract_store(
            store,
            everything=everything,
            retry_errors=retry_errors,
            on_doc=lambda _ex: progress.advance(task),
            jobs=jobs,
        )
    summary = ExtractSummary(n, m, c, s)
    if not quiet:
        print_extract_summary(store, summary)
    return summary


def print_extract_summary(store: Store, summary: ExtractSummary) -> None:
    n, m, c, s = summary.documents, summary.mentions, summary.claims, summary.skipped
    if n:
        err.print(
            f"[bold green]extracted {n} documents[/]: {m} mentions · {c} claims · "
            f"{s} with nothing extracted (reasons: `ceasefire extract --status`)"
        )
    _note_errors(store, False)


def _note_errors(store: Store, quiet: bool) -> None:
    errors = store.count_extraction_errors()
    if errors and not quiet:
        err.print(
            f"[yellow]{errors} documents failed extraction[/] (reasons: `ceasefire extract --status`); "
            "they are not retried unless you run `ceasefire extract --retry-errors`"
        )


@app.command()
def extract(
    ctx: typer.Context,
    db: DbOpt = None,
    everything: Annotated[bool, typer.Option("--all", help="Re-extract every document.")] = False,
    status: Annotated[
        bool, typer.Option("--status", help="Only list each document's extraction status and reason.")
    ] = False,
    retry_errors: Annotated[
        bool,
        typer.Option(
            "--retry-errors", help="Try again the documents whose extraction failed (status error)."
        ),
    ] = False,
    jobs: JobsOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Extract events, actors, places, dates, casualty figures, claimants and framing.

    Runs automatically after `ceasefire ingest` (unless `--no-extract`); run it yourself after
    an upgrade with `--all`. Documents that yield nothing (not English, no events) get a
    recorded reason; a document whose extraction fails is recorded as an error with its
    reason, the run goes on, and it is tried again only with `--retry-errors`.

    Example: `ceasefire extract --all`
    """
    settings = state(ctx).settings(db=db, jobs=jobs)
    store = open_store(settings.db)
    if status:
        rows = store.extraction_status()
        if json_out:
            out.print_json(json.dumps(rows))
            return
        t = Table(title="extraction status")
        for col in ("document_id", "status", "mentions", "claims", "reason"):
            t.add_column(col)
        for r in rows:
            t.add_row(r["document_id"], r["status"], str(r["mentions"]), str(r["claims"]), r["reason"])
        out.print(t)
        return
    summary = run_extract(
        store, everything=everything, quiet=json_out, retry_errors=retry_errors, jobs=settings.jobs
    )
    if json_out:
        out.print_json(json.dumps(asdict(summary)))


@app.command()
def mentions(
    ctx: typer.Context,
    db: DbOpt = None,
    document: Annotated[str | None, typer.Option(help="Only this document id.")] = None,
    background: Annotated[bool, typer.Option(help="Include background history.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """List event and statement mentions with claimant, date, places and evidence sentence.

    Example: `ceasefire mentions --json | jq '.[] | select(.event_type=="Battles")'`
    """
    store = open_store(state(ctx).settings(db=db).db)
    rows = [m for m in store.mentions(document_id=document) if background or not m.background]
    if json_out:
        data = []
        for m in rows:
            d = asdict(m)
            d["date"] = {
                "start": m.date.start.isoformat() if m.date.start else None,
                "end": m.date.end.isoformat() if m.date.end else None,
                "precision": m.date.precision,
                "note": m.date.note,
            }
            d["quote"] = m.evidence.text
            d["start_char"], d["end_char"] = m.evidence.start, m.evidence.end
            del d["evidence"]
            data.append(d)
        out.print_json(json.dumps(data, default=str))
        return
    t = Table(title=f"{len(rows)} mentions")
    for col in ("doc", "type", "actors", "claimant", "date", "place", "evidence"):
        t.add_column(col, overflow="fold")
    for m in rows:
        place = m.places[0].name if m.places else ""
        date = f"{m.date.iso() or '?'} ({m.date.precision})"
        t.add_row(
            m.document_id[:8],
            f"{m.event_type}/{m.sub_event_type}",
            f"{m.actor1_side or '?'}→{m.actor2_side or '?'}",
            m.claimant,
            date,
            place,
            m.evidence.text[:160],
        )
    out.print(t)


@app.command()
def claims(ctx: typer.Context, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """List casualty claims: who claims how many of whose people were killed, wounded,
    captured or missing, with the exact evidence sentence and its offsets.

    Example: `ceasefire claims --json > claims.json`
    """
    store = open_store(state(ctx).settings(db=db).db)
    rows = claim_rows(store)
    if json_out:
        out.print_json(json.dumps(rows))
        return
    t = Table(title=f"{len(rows)} claims")
    for col in ("claimant", "kind", "side", "low/best/high", "outlet", "evidence"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            f"{r['claimant']} ({r['claimant_side'] or '?'})",
            str(r["kind"]) + (" (civilians)" if r["civilian"] else ""),
            str(r["side_affected"] or "?"),
            f"{r['value_low']}/{r['value_best']}/{r['value_high']}",
            str(r["outlet"]),
            str(r["quote"])[:160],
        )
    out.print(t)
