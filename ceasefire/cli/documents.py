"""ingest, documents, show-doc, rejected."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..api import ExtractSummary
from ..ingest.pipeline import IngestOptions, ingest_with, plan
from ..records import Document, IngestReport, Rejected
from ..settings import FetchPolicy, Settings, check_store_folder
from ..store import Store, open_store, sqlite_path
from ._base import app, err, out, progress_bar, state
from ._options import DbOpt, JobsOpt, JsonOpt

EXIT_PARTIAL = 3


def _settings(ctx: typer.Context, db: str | None) -> Settings:
    return state(ctx).settings(db=db)


def run_ingest(
    sources: list[str],
    settings: Settings,
    *,
    manifest: Path | None = None,
    published: str | None = None,
    outlet: str | None = None,
    quiet: bool = False,
    extract: bool = False,
) -> tuple[Store, IngestReport, ExtractSummary | None]:
    """Ingest with a progress bar on stderr; with ``extract``, the stored documents are
    extracted while the ingest goes on (``settings.jobs`` worker processes), with a second bar."""
    check_store_folder(settings.db)  # "the folder X does not exist", not "unable to open database file"
    path = sqlite_path(settings.db)
    # an existing file goes through open_store, which sees a store this user may not write
    store = open_store(settings.db) if path and os.path.lexists(path) else Store(settings.db)
    planned = plan(sources)
    summary = None
    with progress_bar(quiet=quiet, last=True) as progress:
        task = progress.add_task("ingest", total=len(planned), last="")

        def on_item(status: str, source: str) -> None:
            if status == "input-done":
                progress.advance(task)
            else:
                progress.update(task, last=f"{status}: {Path(source).name[-40:]}")

        options = IngestOptions(manifest=manifest, published=published, outlet=outlet, on_item=on_item)
        if not extract:
            report = ingest_with(planned, store=store, settings=settings, options=options)
        else:
            from ..extract.run import ingest_and_extract

            extracting = progress.add_task("extract", total=None, last="")
            report, counts = ingest_and_extract(
                planned,
                store=store,
                settings=settings,
                options=options,
                on_doc=lambda _ex: progress.advance(extracting),
                jobs=settings.jobs,
            )
            summary = ExtractSummary(*counts)
    return store, report, summary


def print_ingest_summary(report: IngestReport) -> None:
    err.print(
        f"[bold green]{len(report.stored)} stored[/] · {len(report.duplicates)} duplicate · "
        f"{len(report.near_duplicates)} near-copies grouped · "
        f"[{'red' if report.rejected else 'green'}]{len(report.rejected)} rejected[/]"
    )
    for r in report.rejected:
        where = f" line {r.line}" if r.line else ""
        err.print(f"  [red]rejected[/] {r.source}{where}: {r.reason}: {r.detail}")


@app.command()
def ingest(
    ctx: typer.Context,
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders (recursive), feeds, JSONL/CSV/Parquet dumps or http(s) URLs.",
            show_default=False,
        ),
    ],
    db: DbOpt = None,
    manifest: Annotated[
        Path | None,
        typer.Option(help="CSV/JSONL sidecar: path or url, outlet, published, url, title."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date for every input (YYYY-MM-DD), overriding all else.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet for every input (registry id or name).")] = None,
    outlets: Annotated[
        list[Path] | None, typer.Option("--outlets", help="Extra outlet registry JSON (repeatable).")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option(help="Allow URLs that resolve to loopback/private/link-local addresses.")
    ] = False,
    allow_host: Annotated[
        list[str] | None, typer.Option(help="Exempt this host (or host:port) from the address check.")
    ] = None,
    allow_scheme: Annotated[
        list[str] | None, typer.Option(help="Allow a non-http scheme, e.g. 'file'.")
    ] = None,
    text_field: Annotated[
        str | None, typer.Option(help="Dump field/column holding the text (default: text, content, body).")
    ] = None,
    date_field: Annotated[str | None, typer.Option(help="Dump field holding the publication date.")] = None,
    outlet_field: Annotated[str | None, typer.Option(help="Dump field holding the outlet.")] = None,
    title_field: Annotated[str | None, typer.Option(help="Dump field holding the title.")] = None,
    url_field: Annotated[str | None, typer.Option(help="Dump field holding the URL.")] = None,
    max_file_mb: Annotated[
        float | None, typer.Option(help="Largest single text/HTML/feed file to read (default 20 MB).")
    ] = None,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Only store the documents; extract later.")
    ] = False,
    jobs: JobsOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Ingest reports into the store: clean, date, attribute, deduplicate.

    Every input ends as a stored document, a duplicate, or a rejection with a reason
    (`ceasefire rejected`). Re-running the same command stores nothing new.

    Example: `ceasefire ingest reports/ feed.xml https://example.org/a.html --manifest crawl.csv`
    """
    settings = state(ctx).settings(
        db=db,
        jobs=jobs,
        max_file_bytes=None if max_file_mb is None else round(max_file_mb * 1e6),
        flag_names={"max_file_bytes": f"--max-file-mb {max_file_mb}"},
    )
    fields = settings.fields
    for name, value in (
        ("text", text_field),
        ("date", date_field),
        ("outlet", outlet_field),
        ("title", title_field),
        ("url", url_field),
    ):
        if value:
            fields = replace(fields, **{name: (value,)})
    fetch: FetchPolicy = settings.fetch
    if allow_private:
        fetch = replace(fetch, allow_private=True)
    if allow_host:
        fetch = replace(fetch, allow_hosts=(*fetch.allow_hosts, *allow_host))
    if allow_scheme:
        fetch = replace(fetch, allow_schemes=(*fetch.allow_schemes, *allow_scheme))
    settings = replace(
        settings,
        fields=fields,
        fetch=fetch,
        outlets_files=(*settings.outlets_files, *(str(p) for p in outlets or ())),
    )
    store, report, summary = run_ingest(
        sources,
        settings,
        manifest=manifest,
        published=published,
        outlet=outlet,
        quiet=json_out,
        extract=not no_extract,
    )
    if not json_out:
        print_ingest_summary(report)
        if summary is not None:
            from .extraction import print_extract_summary

            print_extract_summary(store, summary)
    if json_out:
        data = report.to_dict()
        if summary is not None:
            data["extracted"] = {
                "documents": summary.documents,
                "mentions": summary.mentions,
                "claims": summary.claims,
            }
        out.print_json(json.dumps(data))
    if report.rejected:
        raise typer.Exit(EXIT_PARTIAL)


def _doc_summary(d: Document) -> dict[str, object]:
    return {
        "id": d.id,
        "outlet": d.outlet,
        "published": d.published.iso(),
        "precision": d.published.precision,
        "date_method": d.published.method,
        "language": d.language,
        "title": d.title,
        "chars": len(d.text),
        "dup_group": d.dup_group,
        "source": d.source,
    }


@app.command()
def documents(
    ctx: typer.Context,
    db: DbOpt = None,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List stored documents: outlet, date + precision, language, title, length, duplicate group.

    Example: `ceasefire documents --json | jq '.[].title'`
    """
    store = open_store(_settings(ctx, db).db)
    docs = list(store.documents(limit=limit))
    if json_out:
        out.print_json(json.dumps([_doc_summary(d) for d in docs]))
        return
    t = Table(title=f"{store.count_documents()} documents in {store.safe_url}")
    for col in ("id", "outlet", "published", "lang", "chars", "group", "title"):
        t.add_column(col, overflow="fold" if col == "title" else "ellipsis")
    for d in docs:
        date = f"{d.published.iso() or '?'} ({d.published.precision}, {d.published.method})"
        group = "" if d.dup_group == d.id else d.dup_group[:8]
        t.add_row(d.id[:12], d.outlet or "?", date, d.language, str(len(d.text)), group, d.title[:70])
    out.print(t)


@app.command("show-doc")
def show_doc(
    ctx: typer.Context,
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix of ≥ 4 characters).")],
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show one document: metadata, how its date and outlet were found, and its stored text.

    Example: `ceasefire show-doc 4edb9c68`
    """
    store = open_store(_settings(ctx, db).db)
    d = store.get_document(doc_id)
    if json_out:
        out.print_json(json.dumps(d.to_dict()))
        return
    p = d.published
    out.print(f"[bold]{d.title}[/]", markup=True, highlight=False)
    out.print(f"id          {d.id}   (near-duplicate group {d.dup_group})", markup=False)
    out.print(f"source      {d.source}", markup=False)
    if d.url:
        out.print(f"url         {d.url}", markup=False)
    out.print(f"outlet      {d.outlet or 'unknown'} (from {d.outlet_method or '-'})", markup=False)
    out.print(
        f"published   {p.iso() or 'unknown'} · precision {p.precision} · method {p.method}"
        + (f" · evidence: {p.evidence!r}" if p.evidence else ""),
        markup=False,
    )
    out.print(f"language    {d.language} ({d.language_score})   {len(d.text)} characters", markup=False)
    out.rule()
    out.print(d.text, markup=False, highlight=False)


@app.command()
def rejected(ctx: typer.Context, db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """List inputs that could not become documents, with the reason (queryable after ingest).

    Example: `ceasefire rejected --json`
    """
    store = open_store(_settings(ctx, db).db)
    rows: list[Rejected] = store.rejected()
    if json_out:
        out.print_json(json.dumps([r.to_dict() for r in rows]))
        return
    t = Table(title=f"{len(rows)} rejected inputs")
    for col in ("when", "source", "line", "reason", "detail"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r.at, r.source, str(r.line or ""), r.reason, r.detail)
    out.print(t)
