"""The Python API. The CLI, the web app and the Spark job are thin adapters over these calls."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Unpack

from . import reference
from .ingest.pipeline import IngestOptions, OnItem, ingest_with
from .records import Extraction, Incident, IngestReport, Review
from .settings import Settings, load_settings
from .store import Store

if TYPE_CHECKING:
    from .review import DecisionFields


def _resolve(store: Store | str | None, settings: Settings | None) -> tuple[Store, Settings]:
    settings = settings or load_settings()
    reference.use(settings.profiles, settings.outlets_files)
    if isinstance(store, Store):
        return store, settings
    return Store(store or settings.db), settings


def ingest(
    sources: Sequence[str | os.PathLike[str]],
    *,
    store: Store | str | None = None,
    settings: Settings | None = None,
    manifest: str | os.PathLike[str] | None = None,
    published: str | None = None,
    outlet: str | None = None,
    on_item: OnItem | None = None,
) -> IngestReport:
    """Ingest files, folders, feeds, dumps and URLs; idempotent (same input stored once).

    >>> report = ingest(["reports/"], store="sqlite:///ceasefire.db")  # doctest: +SKIP
    >>> report.to_dict()["stored"]  # doctest: +SKIP
    """
    st, cfg = _resolve(store, settings)
    options = IngestOptions(manifest=manifest, published=published, outlet=outlet, on_item=on_item)
    return ingest_with(sources, store=st, settings=cfg, options=options)


@dataclass(frozen=True)
class ExtractSummary:
    documents: int
    mentions: int
    claims: int
    skipped: int


def extract(
    *,
    store: Store | str | None = None,
    settings: Settings | None = None,
    everything: bool = False,
    retry_errors: bool = False,
    on_doc: Callable[[Extraction], None] | None = None,
) -> ExtractSummary:
    """Extract mentions, claims and framing for stored documents not yet extracted.

    ``everything=True`` re-extracts all documents (after an extractor upgrade); a document
    whose extraction failed is recorded as an error and tried again only with ``retry_errors``.
    ``settings.jobs`` worker processes extract (0: one per core); the result is the same.
    """
    from .extract.run import extract_store

    st, cfg = _resolve(store, settings)
    n, m, c, skipped = extract_store(
        st, everything=everything, retry_errors=retry_errors, on_doc=on_doc, jobs=cfg.jobs
    )
    return ExtractSummary(n, m, c, skipped)


def claim_rows(source: Store | Iterable[Incident]) -> list[dict[str, object]]:
    """The claims table (the columns of claims.csv and claims.parquet, absent values None): every
    claim inside its incident, with its status there and what superseded it. A store is
    reconciled first, as ``export`` does. Outlets are named from the reference data in force."""
    from .export import Names, in_export_order, sort_incidents
    from .export.claims import iter_claim_rows
    from .reconcile import iter_incidents, update_incidents
    from .records import CLAIM_ROW

    ref = reference.current()
    if isinstance(source, Store):
        update_incidents(source, reference=ref)
        incidents: Iterable[Incident] = iter_incidents(source, reference=ref)
    else:
        incidents = sort_incidents(source)
    names = Names(ref)
    return [CLAIM_ROW.to_dict(r) for r in iter_claim_rows(in_export_order(incidents), names)]


def review(
    store: Store, target: str, target_id: str, decision: str, **fields: Unpack[DecisionFields]
) -> Review:
    """Record a coder's decision on a claim, mention or incident: ``verified``, ``rejected``
    (``reason`` from :data:`ceasefire.review.REJECT_REASONS`) or ``corrected`` (``changes``: the
    fields of :data:`ceasefire.review.CORRECTABLE` with their new values). Appended to the review
    log, never overwriting the machine's reading; the latest decision on a record is in force.

    >>> review(store, "claim", "3f2a…", "rejected", reason="background", reviewer="ana")  # doctest: +SKIP
    """
    from .errors import NotFound
    from .review import decide

    r = decide(target, target_id, decision, **fields)
    if not store.has_record(target, target_id):
        raise NotFound(f"no {target} {target_id!r} in the store")
    moved = str(r.changed.get("incident_id") or r.changed.get("merged_into") or "")
    if moved not in ("", "new") and not store.has_record("incident", moved):
        raise NotFound(f"no incident {moved!r} to move the {target} to or merge it into")
    store.add_review(r)
    return r


def export_gold(store: Store, path: str | os.PathLike[str]) -> tuple[int, int]:
    """Write the coder's decisions as evaluation gold (JSONL in eval/README.md's format, which
    ``ceasefire eval PATH`` scores): one line per fully reviewed document. Returns (documents
    written, documents with decisions left out because some of their claims or mentions are not
    reviewed yet)."""
    import json
    from pathlib import Path

    from .export import atomic_open
    from .review import gold_document

    decisions = store.decisions()
    reviewed_docs: set[str] = set()
    for m in store.mentions_by_ids([i for t, i in decisions if t == "mention"]):
        reviewed_docs.add(m.document_id)
    claim_ids = {i for t, i in decisions if t == "claim"}
    written = left = 0
    with atomic_open(Path(path)) as fh:
        for doc in store.documents():
            claims = store.claims(document_id=doc.id)
            if doc.id not in reviewed_docs and not any(c.id in claim_ids for c in claims):
                continue
            line = gold_document(doc, store.mentions(document_id=doc.id), claims, decisions)
            if line is None:
                left += 1
                continue
            fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            written += 1
    return written, left


ANALYZE_FILES = (
    "report.html",
    "report.md",
    "incidents.acled.csv",
    "claims.csv",
    "incidents.geojson",
    "ceasefire.json",
    "incidents.parquet",
    "claims.parquet",
)


# every file `analyze` writes: ANALYZE_FILES and the markdown report's charts beside report.md
ANALYZE_OUTPUTS = (*ANALYZE_FILES, "report-timeline.png", "report-map.png", "report-escalation.png")


def check_out_dir(out_dir: str | os.PathLike[str], *, force: bool = False) -> None:
    """Refuse an output folder that is not new, empty or ceasefire's own (see
    :mod:`ceasefire.export.guard`); otherwise create it and mark the names about to be written."""
    from pathlib import Path

    from .export.guard import check_folder, record

    check_folder(Path(out_dir), ANALYZE_OUTPUTS, force=force)
    record(Path(out_dir), ANALYZE_OUTPUTS)


@dataclass(frozen=True)
class AnalyzeResult:
    out_dir: str
    files: tuple[str, ...]
    documents: int
    rejected: int
    mentions: int
    claims: int
    incidents: int


def write_outputs(
    store: Store, out_dir: str | os.PathLike[str], *, ref: reference.Reference | None = None
) -> tuple[tuple[str, ...], int]:
    """Reconcile what the store holds and write every report and export into ``out_dir``
    under the fixed names of ``ANALYZE_FILES`` (scripts rely on them). Returns the files and
    the number of incidents. Check the folder first with :func:`check_out_dir`: here only a
    symlink, device or folder at an output name is refused. ``ref`` names outlets and parties
    (the reference data in force when None: the settings' profiles and outlet files)."""
    from pathlib import Path

    from .export import Names
    from .export.acled import write_acled_csv
    from .export.claims import write_claims_csv
    from .export.geojson import write_geojson
    from .export.jsonout import write_json
    from .export.parquet import write_parquet
    from .reconcile import build_incidents, update_incidents
    from .report import build_report, framing_hits, render_charts, render_html, write_markdown
    from .report.render import write_file

    out = Path(out_dir)
    ref = ref or reference.current()
    update_incidents(store, reference=ref)
    incidents = build_incidents(store, reference=ref)
    names = Names(ref)
    write_acled_csv(incidents, out / "incidents.acled.csv", names=names)
    write_claims_csv(incidents, out / "claims.csv", names=names)
    write_geojson(incidents, out / "incidents.geojson")
    write_json(incidents, out / "ceasefire.json", names=names)
    write_parquet(incidents, out / "incidents.parquet", names=names)
    docs = sorted({s.document_id for i in incidents for s in i.sources})
    hits = [h for d in docs for h in framing_hits(store.framing(document_id=d))]
    report = build_report(incidents, framing=hits, reference=ref)
    charts = render_charts(report)
    write_file(out / "report.html", render_html(report, charts).encode("utf-8"))
    write_markdown(report, out / "report.md", charts)
    return tuple(str(out / name) for name in ANALYZE_FILES), len(incidents)


def analyze(
    sources: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    settings: Settings | None = None,
    store: Store | None = None,
    on_item: OnItem | None = None,
    on_doc: Callable[[Extraction], None] | None = None,
    force: bool = False,
) -> AnalyzeResult:
    """The whole pipeline on the user's sources: ingest, extract, reconcile, then every report
    and export in ``out_dir``. Uses a throw-away store unless one is given.

    ``out_dir`` must be new, empty or a folder ceasefire wrote (checked before any work);
    ``force=True`` also writes into a folder holding other files and overwrites a file of
    another origin at an output name. A symlink, device or folder there is never replaced."""
    import tempfile

    from .extract.run import ingest_and_extract

    check_out_dir(out_dir, force=force)
    cfg = settings or load_settings()
    ref = reference.use(cfg.profiles, cfg.outlets_files)
    with tempfile.TemporaryDirectory(prefix="ceasefire-") as tmp:
        st = store or Store(f"sqlite:///{tmp}/analyze.db")
        try:
            options = IngestOptions(manifest=manifest, on_item=on_item)
            report, (_n, m, c, _empty) = ingest_and_extract(
                sources, store=st, settings=cfg, options=options, on_doc=on_doc, jobs=cfg.jobs
            )
            files, n_incidents = write_outputs(st, out_dir, ref=ref)
            return AnalyzeResult(
                str(out_dir),
                files,
                st.count_documents(),
                len(report.rejected),
                m,
                c,
                n_incidents,
            )
        finally:
            if store is None:
                st.close()
