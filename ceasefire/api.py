"""The Python API. The CLI, the web app and the Spark job are thin adapters over these calls."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .ingest.pipeline import OnItem, ingest_sources
from .records import IngestReport
from .settings import Settings, load_settings
from .store import Store


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


def extract(*args: object, **kwargs: object) -> object:
    """Extraction (mentions and claims) — see ``ceasefire.extract``."""
    raise NotImplementedError("extraction is not implemented yet")
