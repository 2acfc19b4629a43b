"""Ingest: sources -> cleaned, dated, attributed, deduplicated documents in the store.

Each input ends as a stored Document, a duplicate of one, or a stored Rejected with a reason:
nothing disappears silently. Documents are written in batches, one transaction each, so an
interrupted run leaves a consistent store and re-running the same command resumes.
``ingest_stream`` yields each committed batch, for an extraction that runs alongside.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import SourceError, StoreError
from ..records import Document, IngestReport, PubDate, Rejected
from ..settings import Settings
from ..store import Store
from . import dedupe
from .language import detect_language
from .normalize import Cleaned, clean_text, document_id
from .outlets import OutletRegistry
from .pubdate import from_metadata, infer_from_text, parse_date_value
from .sources import (
    MAX_RAW_CHARS,
    MAX_TEXT_CHARS,
    Input,
    Manifest,
    RawItem,
    apply_manifest,
    expand,
    printable,
    read_bytes,
    read_path,
    surrogate_free,
    too_long,
)

OnItem = Callable[[str, str], None]

MIN_TEXT_CHARS = 40  # shorter than a sentence: nothing a monitor could use
BATCH_DOCS = 64  # documents written per transaction
BATCH_SECONDS = 1.0  # ... or fewer, when reading them took this long (slow feeds, URLs)


@dataclass
class _Tally:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    near: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def report(self) -> IngestReport:
        return IngestReport(
            tuple(self.stored), tuple(self.duplicates), tuple(self.near), tuple(self.rejected)
        )


def plan(sources: Sequence[str | os.PathLike[str]]) -> list[Input | Rejected]:
    """The inputs an ingest would read (folders expanded), for progress bars."""
    return list(expand(sources))


@dataclass(frozen=True)
class IngestOptions:
    """What an ingest reads besides its sources, all optional: a manifest (sidecar CSV/JSONL of
    outlets and dates), a publication date and an outlet that override the inputs' own, a
    callback per input and item (``(status, source)``), and the outlet registry of the reference
    data (None: the one of the settings' outlet files)."""

    manifest: str | os.PathLike[str] | None = None
    published: str | None = None
    outlet: str | None = None
    on_item: OnItem | None = None
    outlets: OutletRegistry | None = None


def ingest_sources(
    sources: Sequence[str | os.PathLike[str]] | Sequence[Input | Rejected],
    *,
    store: Store,
    settings: Settings,
    manifest: str | os.PathLike[str] | None = None,
    published: str | None = None,
    outlet: str | None = None,
    on_item: OnItem | None = None,
    outlets: OutletRegistry | None = None,
) -> IngestReport:
    """Ingest files, folders, feeds, dumps and URLs into ``store``; the keywords are those of
    :class:`IngestOptions`."""
    options = IngestOptions(manifest, published, outlet, on_item, outlets)
    return ingest_with(sources, store=store, settings=settings, options=options)


def ingest_with(
    sources: Sequence[str | os.PathLike[str]] | Sequence[Input | Rejected],
    *,
    store: Store,
    settings: Settings,
    options: IngestOptions = IngestOptions(),
) -> IngestReport:
    """:func:`ingest_sources` with its options in one record (for callers that pass them on)."""
    stream = ingest_stream(sources, store=store, settings=settings, options=options)
    while True:
        try:
            next(stream)
        except StopIteration as done:
            report: IngestReport = done.value
            return report


def ingest_stream(
    sources: Sequence[str | os.PathLike[str]] | Sequence[Input | Rejected],
    *,
    store: Store,
    settings: Settings,
    options: IngestOptions = IngestOptions(),
    first_batch: int = BATCH_DOCS,
    batch_docs: int = BATCH_DOCS,
) -> Generator[list[Document], None, IngestReport]:
    """:func:`ingest_sources` as a generator: after each batch is committed it yields the
    documents of the batch this run stored (in input order), so that a caller can extract them
    while the ingest goes on; it returns the report. The first batch is written after
    ``first_batch`` documents, the others after ``batch_docs`` (a caller extracting in worker
    processes gets work to them sooner, and in smaller steps)."""
    registry = options.outlets if options.outlets is not None else OutletRegistry.load(settings.outlets_files)
    man = Manifest.load(options.manifest) if options.manifest else None
    on_item, outlet = options.on_item, options.outlet
    override_pub: PubDate | None = None
    if options.published:
        d, precision = parse_date_value(options.published)
        override_pub = PubDate(d, precision, "override", "--published")  # type: ignore[arg-type]
    known: set[str] = set()  # ids stored (with a signature) or pending: exact duplicates, no query

    def signatures() -> Iterator[tuple[str, str, bytes]]:
        for row in store.signatures():
            known.add(row[0])
            yield row

    index = dedupe.NearDuplicateIndex.from_signatures(signatures(), settings.near_duplicate_threshold)
    tally = _Tally()
    inputs = [s if isinstance(s, Input | Rejected) else None for s in sources]
    planned: list[Input | Rejected] = (
        [s for s in inputs if s is not None] if all(s is not None for s in inputs) else plan(sources)  # type: ignore[arg-type]
    )

    own = _store_files(store)
    # the manifest describes the sources; found beside them in a folder ("reports/ --manifest
    # reports/manifest.csv", the usage `--help` shows) it is no report to read
    sidecar = os.path.realpath(options.manifest) if options.manifest else None
    planned = [
        i
        for i in planned
        if not (isinstance(i, Input) and ((real := os.path.realpath(i.ref)) == sidecar or _is_own(real, own)))
    ]

    def note(status: str, source: str) -> None:
        if on_item:
            on_item(status, source)

    def reject(rej: Rejected, cause: BaseException | None = None) -> None:
        rej = _safe_rejected(rej)
        try:
            store.add_rejected(rej)
        except Exception:
            if cause is not None:  # the store itself is failing (disk full, gone): stop here
                raise cause from None
            raise
        tally.rejected.append(rej)
        note("rejected", rej.source)

    def one(inp: Input, item: RawItem) -> None:
        item = _safe_item(item)
        if man is not None:
            item = apply_manifest(item, man.lookup(item.url if item.kind == "url" else inp.ref))
            if item.url:
                item = apply_manifest(item, man.lookup(item.url))
        result = build_document(item, registry, override_pub=override_pub, outlet=outlet)
        if isinstance(result, Rejected):
            reject(result)
            return
        doc, _cleaned = result
        if doc.id in known:
            tally.duplicates.append(doc.id)
            note("duplicate", doc.source)
            return
        mh = dedupe.minhash(doc.text)
        group = index.group_for(mh)
        doc = _with(doc, dup_group=group or doc.id)
        index.add(doc.id, mh, doc.dup_group)  # later documents of the batch group with it
        known.add(doc.id)
        if not pending:
            batch_started[0] = time.monotonic()
        pending.append((doc, dedupe.to_bytes(mh), group is not None))
        note("near-duplicate" if group else "stored", doc.source)

    # Documents are written in batches, one transaction each (a kill loses at most the batch
    # not yet committed; a re-run stores it); Ctrl-C or an error stores the batch first.
    pending: list[tuple[Document, bytes, bool]] = []
    batch_started = [0.0]
    flushes = [0]

    def flush() -> list[Document]:
        flushes[0] += 1
        batch = pending[:]
        pending.clear()
        try:
            inserted = store.add_documents([(doc, mh) for doc, mh, _near in batch])
        except StoreError:  # a value the store cannot hold: each document alone, the culprit rejected
            inserted = set()
            for doc, mh, _near in batch:
                try:
                    if store.add_document(doc, minhash=mh):
                        inserted.add(doc.id)
                except Exception as e:
                    reject(Rejected(doc.source, "failed", _why(e)), e)
                    known.discard(doc.id)
        for doc, _mh, near in batch:
            if doc.id in inserted:
                tally.stored.append(doc.id)
                if near:
                    tally.near.append(doc.id)
            elif doc.id in known:  # another process stored it between our start and our insert
                tally.duplicates.append(doc.id)
        return [doc for doc, _mh, _near in batch if doc.id in inserted]

    def due() -> bool:
        size = batch_docs if flushes[0] else first_batch
        return len(pending) >= size or (
            bool(pending) and time.monotonic() - batch_started[0] >= BATCH_SECONDS
        )

    try:
        for inp in planned:
            if isinstance(inp, Rejected):  # a named input that does not exist or cannot be read
                reject(inp)
                note("input-done", inp.source)
                continue
            # per-input isolation: whatever goes wrong with one input (a reader failing half-way, a
            # value the store cannot hold) is a stored Rejected with the reason, and the run goes on
            items = _read(inp, settings)
            as_read, shown = printable(inp.ref), printable(inp.shown or inp.ref)
            while True:
                try:
                    item = next(items, None)
                except Exception as e:
                    reject(Rejected(shown, "read-failed", _why(e)), e)
                    break
                if item is None:
                    break
                # the readers name what they read by its path; it is recorded as the user gave it
                if isinstance(item, Rejected):
                    reject(replace(item, source=_relabel(item.source, as_read, shown)))
                    continue
                item = replace(item, source=_relabel(item.source, as_read, shown))
                try:
                    one(inp, item)
                except Exception as e:
                    reject(Rejected(item.source, "failed", _why(e), item.line), e)
                if due():
                    stored = flush()
                    if stored:
                        yield stored  # nothing is pending here: a consumer may stop us
            note("input-done", inp.ref)
    except BaseException:
        if pending:
            with contextlib.suppress(Exception):  # the error raised says what went wrong
                flush()
        raise
    if pending:
        stored = flush()
        if stored:
            yield stored
    return tally.report()


def _relabel(source: str, as_read: str, shown: str) -> str:
    """A reader's source (the path, or path#entry / path:line) with the path as it is shown."""
    return shown + source[len(as_read) :] if source.startswith(as_read) else source


def _why(e: BaseException) -> str:
    """An exception as a one-line reason (its class and first line), never a document's text."""
    first = (str(e).strip().splitlines() or [""])[0]
    return f"{e.__class__.__name__}: {first}"[:300]


def _safe_item(item: RawItem) -> RawItem:
    """A raw item every store can hold: an undecodable file name escaped, lone surrogates (a
    JSON ``\\ud800``) in the text and fields replaced by U+FFFD."""
    changes: dict[str, Any] = {"source": printable(item.source)}
    for name in ("text", "title", "url", "author", "site_name", "outlet"):
        changes[name] = surrogate_free(getattr(item, name))
    return replace(item, **changes)


def _safe_rejected(rej: Rejected) -> Rejected:
    return replace(rej, source=printable(rej.source), detail=surrogate_free(printable(rej.detail)))


def _store_files(store: Store) -> str | None:
    """The SQLite file of the store, so that `ingest .` does not ingest the store itself."""
    if store.dialect != "sqlite":
        return None
    db = store.engine.url.database
    return str(os.path.realpath(db)) if db and db != ":memory:" else None


def _is_own(real: str, own: str | None) -> bool:
    """Whether the file at real path ``real`` is the store's own (``own``) or beside it."""
    if own is None:
        return False
    return real == own or real.startswith(own + "-")  # -wal, -shm, -journal


def _with(doc: Document, **changes: Any) -> Document:
    from dataclasses import replace

    return replace(doc, **changes)


def _read(inp: Input, settings: Settings) -> Iterator[RawItem | Rejected]:
    if not inp.is_url:
        return read_path(inp, settings)
    return _read_url(inp.ref, settings)


def _read_url(url: str, settings: Settings) -> Iterator[RawItem | Rejected]:
    from .fetch import fetch

    try:
        got = fetch(url, settings.fetch)
    except SourceError as e:
        yield Rejected(url, e.reason, str(e))
        return
    ct = got.content_type
    if "html" in ct:
        kind = "html"
    elif any(x in ct for x in ("rss", "atom", "xml")):
        kind = "feed"
    elif ct.startswith("text/") or not ct:
        kind = "text"
    else:
        yield Rejected(url, "unsupported-type", f"content type {ct!r} is not HTML, a feed or text")
        return
    for item in read_bytes(url, got.body, kind, url=got.url, charset=got.charset):
        if isinstance(item, RawItem) and item.kind != "feed":
            from dataclasses import replace

            item = replace(item, kind="url")
        yield item


def _extract_html(item: RawItem) -> RawItem | Rejected:
    from dataclasses import replace

    import htmldate
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            item.text,
            url=item.url or None,
            with_metadata=True,
            include_comments=False,
            favor_precision=True,
        )
    except Exception as e:  # trafilatura/lxml raise many types on broken markup
        return Rejected(item.source, "broken-html", f"{e.__class__.__name__}: {e}"[:300], item.line)
    if doc is None or isinstance(doc, dict):
        return Rejected(item.source, "no-main-text", "no article text found in the HTML page", item.line)
    text = doc.text
    if not text or not text.strip():
        return Rejected(item.source, "no-main-text", "no article text found in the HTML page", item.line)
    published = item.published
    if published is None:
        try:
            found = htmldate.find_date(item.text, original_date=True, extensive_search=False)
        except Exception:  # htmldate fails on some broken pages; the text may still date it
            found = None
        published = from_metadata(found, "metadata", "HTML metadata (htmldate)") if found else None
    return replace(
        item,
        text=text,
        title=item.title or (doc.title or ""),
        author=item.author or (doc.author or ""),
        site_name=item.site_name or (doc.sitename or ""),
        published=published,
        is_html=False,
    )


def build_document(
    item: RawItem,
    registry: OutletRegistry,
    *,
    override_pub: PubDate | None = None,
    outlet: str | None = None,
) -> tuple[Document, Cleaned] | Rejected:
    """Clean, date, attribute and identify one raw item."""
    if len(item.text) > MAX_RAW_CHARS:  # checked before the costly cleaning
        return Rejected(item.source, "too-long", too_long(len(item.text)), item.line)
    if item.is_html:
        extracted = _extract_html(item)
        if isinstance(extracted, Rejected):
            return extracted
        item = extracted
    cleaned = clean_text(item.text, title=item.title)
    if len(cleaned.text) < MIN_TEXT_CHARS:
        return Rejected(
            item.source,
            "no-text",
            f"only {len(cleaned.text)} characters of text after removing boilerplate",
            item.line,
        )
    if len(cleaned.text) > MAX_TEXT_CHARS:
        return Rejected(item.source, "too-long", too_long(len(cleaned.text)), item.line)
    pub = override_pub or item.published or infer_from_text(cleaned.text)
    outlet_id, method = _outlet(item, cleaned, registry, outlet)
    known = registry.get(outlet_id) if outlet_id else None
    lang, score = detect_language(cleaned.text)
    title = item.title or cleaned.text.split("\n", 1)[0][:200]
    doc = Document(
        id=document_id(cleaned.text),
        source=item.source,
        text=cleaned.text,
        title=title,
        url=item.url,
        outlet=outlet_id,
        outlet_method=method,
        # a manifest's declaration wins over the registry: it is the user's knowledge of the source
        outlet_country=item.outlet_country or (known.country if known else ""),
        outlet_alignment=item.outlet_alignment or (known.alignment if known else ""),
        author=item.author,
        site_name=item.site_name,
        published=pub,
        language=lang,
        language_score=score,
        kind=item.kind,
        encoding=item.encoding,
        encoding_confidence=item.encoding_confidence,
    )
    return doc, cleaned


def _outlet(
    item: RawItem, cleaned: Cleaned, registry: OutletRegistry, override: str | None
) -> tuple[str, str]:
    if override:
        return registry.resolve(override)[0], "override"
    if item.outlet:
        oid, known = registry.resolve(item.outlet)
        if known or item.outlet_method in {"manifest", "metadata"}:
            return oid, item.outlet_method or "metadata"
    if item.url:
        o = registry.by_domain(item.url)
        if o:
            return o.id, "domain"
    if item.site_name:
        oid, known = registry.resolve(item.site_name)
        if known:
            return oid, "metadata"
    # mastheads and footers the cleaner removed ("X's daily newsletter", "© X") name the outlet
    m = registry.find_in_text(r.line for r in cleaned.removed)
    if m:
        return m.outlet.id, "text"
    if item.outlet:  # a feed title we do not know: better than nothing
        return item.outlet.strip(), item.outlet_method or "feed"
    if item.site_name:
        return item.site_name.strip(), "metadata"
    return "", ""


__all__ = ["IngestOptions", "build_document", "ingest_sources", "ingest_stream", "ingest_with", "plan"]
