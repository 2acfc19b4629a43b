"""The Python API. The CLI, the web app and the Spark job are thin adapters over these calls."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .ingest.pipeline import OnItem, ingest_sources
from .records import IngestReport
from .settings import Settings, load_settings
from .store import Store

if TYPE_CHECKING:
    from .extract.assemble import Extraction


def _resolve(store: Store | str | None, settings: Settings | None) -> tuple[Store, Settings]:
    settings = settings or load_settings()
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
    return ingest_sources(
        sources,
        store=st,
        settings=cfg,
        manifest=manifest,
        published=published,
        outlet=outlet,
        on_item=on_item,
    )


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
    on_doc: Callable[[Extraction], None] | None = None,
) -> ExtractSummary:
    """Extract mentions, claims and framing for stored documents not yet extracted.

    ``everything=True`` re-extracts all documents (after an extractor upgrade).
    """
    from .extract.run import extract_store

    st, _cfg = _resolve(store, settings)
    n, m, c, skipped = extract_store(st, everything=everything, on_doc=on_doc)
    return ExtractSummary(n, m, c, skipped)


def claim_rows(store: Store) -> list[dict[str, object]]:
    """Claims with their document's source and outlet: the claims-csv columns."""
    docs = {d.id: d for d in store.documents()}
    rows: list[dict[str, object]] = []
    for c in store.claims():
        d = docs.get(c.document_id)
        rows.append(
            {
                "claim_id": c.id,
                "document_id": c.document_id,
                "source": (d.url or d.source) if d else "",
                "outlet": d.outlet if d else "",
                "claimant": c.claimant,
                "claimant_side": c.claimant_side,
                "kind": c.kind,
                "side_affected": c.side_affected,
                "civilian": c.civilian,
                "value_low": c.value_low,
                "value_best": c.value_best,
                "value_high": c.value_high,
                "hedge": c.hedge,
                "made_on": c.made_on.isoformat() if c.made_on else None,
                "quote": c.evidence.text,
                "start_char": c.evidence.start,
                "end_char": c.evidence.end,
            }
        )
    return rows
