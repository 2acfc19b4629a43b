"""Extraction over many documents, streamed through ``nlp.pipe`` in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from ..ingest.outlets import OutletRegistry
from ..records import Document
from .assemble import DocContext, Extraction

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..store import Store


def _fingerprint() -> str:
    """A version that changes whenever the extractor's code or data changes, so that stored
    extractions made by another version are redone (``extract`` without ``--all``)."""
    import hashlib
    from importlib.resources import files

    h = hashlib.sha1()
    root = files("ceasefire")
    for folder in ("extract", "data/lexicons", "data/gazetteer"):
        for f in sorted(root.joinpath(folder).iterdir(), key=lambda f: f.name):
            if f.is_file() and f.name.endswith((".py", ".json", ".tsv", ".txt")):
                h.update(f.name.encode())
                h.update(f.read_bytes())
    for name in ("data/actors.json", "pipeline.py"):
        h.update(root.joinpath(name).read_bytes())
    return h.hexdigest()[:12]


EXTRACTOR_VERSION = _fingerprint()
SUPPORTED_LANGUAGES = {"en"}


@lru_cache(maxsize=1)
def _registry() -> OutletRegistry:
    return OutletRegistry.load()


def context_for(doc: Document) -> DocContext:
    outlet = _registry().get(doc.outlet) if doc.outlet else None
    side = outlet.alignment if outlet and outlet.alignment not in {"", "neutral"} else ""
    return DocContext(
        document_id=doc.id,
        published=doc.published.value,
        pub_precision=doc.published.precision,
        outlet=doc.outlet,
        outlet_side=side,
        pub_span=(doc.published.start, doc.published.end)
        if doc.published.start is not None and doc.published.end is not None
        else None,
    )


def skip_reason(doc: Document) -> str:
    """Why a document gets no extraction at all ("" when it is extracted)."""
    if doc.language and doc.language not in SUPPORTED_LANGUAGES:
        return f"language {doc.language!r} is not supported by the English extractor"
    if len(doc.text.strip()) < 40:
        return "too little text"
    return ""


def extract_documents(docs: Iterable[Document], *, batch_size: int = 16) -> Iterator[Extraction]:
    """One Extraction per document, in input order, streamed (memory flat in corpus size);
    documents that cannot be extracted yield status "skipped" with the reason."""
    from ..pipeline import build_nlp

    nlp = build_nlp()
    pending: list[Doc] = []
    for d in docs:
        reason = skip_reason(d)
        if reason:
            yield from _run(nlp, pending, batch_size)
            pending = []
            yield Extraction(d.id, (), (), (), "skipped", reason)
            continue
        sdoc = nlp.make_doc(d.text)
        sdoc._.cf_context = context_for(d)
        pending.append(sdoc)
        if len(pending) >= batch_size * 4:
            yield from _run(nlp, pending, batch_size)
            pending = []
    yield from _run(nlp, pending, batch_size)


def _run(nlp: Language, pending: list[Doc], batch_size: int) -> Iterator[Extraction]:
    for sdoc in nlp.pipe(pending, batch_size=batch_size):
        yield sdoc._.cf_extraction


def extract_store(
    store: Store,
    *,
    everything: bool = False,
    on_doc: Callable[[Extraction], None] | None = None,
    batch_size: int = 16,
) -> tuple[int, int, int, int]:
    """Extract every stored document not yet extracted by this version; one transaction each.

    Returns (documents, mentions, claims, documents with nothing extracted).
    """
    n = m = c = empty = 0
    todo = store.documents_to_extract(EXTRACTOR_VERSION, everything=everything)
    for ex in extract_documents(todo, batch_size=batch_size):
        store.save_extraction(ex, EXTRACTOR_VERSION)
        n += 1
        m += len(ex.mentions)
        c += len(ex.claims)
        empty += ex.status != "ok"
        if on_doc:
            on_doc(ex)
    return n, m, c, empty
