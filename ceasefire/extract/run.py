"""Extraction over many documents, streamed through ``nlp.pipe`` in batches."""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import CeasefireError
from ..ingest.outlets import OutletRegistry
from ..records import Claim, Document, Evidence, Extraction, FramingHit, Mention
from ..reference import Reference, load_reference, resolve
from .assemble import DocContext

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from spacy.language import Language
    from spacy.tokens import Doc

    from ..ingest.pipeline import IngestOptions
    from ..ingest.sources import Input
    from ..records import IngestReport, Rejected
    from ..settings import Settings
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


def extractor_version(reference: Reference | None = None) -> str:
    """The code's fingerprint, plus the user's reference files when any are in use: a new
    conflict profile or outlet file re-extracts what it may change."""
    v = resolve(reference).version
    return f"{EXTRACTOR_VERSION}+{v}" if v else EXTRACTOR_VERSION


SUPPORTED_LANGUAGES = {"en"}


def context_for(doc: Document, outlets: OutletRegistry | None = None) -> DocContext:
    """What the extractor knows of a document besides its text; ``outlets`` is the registry of
    the reference data in use (the one in force when not given)."""
    registry = outlets if outlets is not None else resolve(None).outlets
    outlet = registry.get(doc.outlet) if doc.outlet else None
    alignment = doc.outlet_alignment or (outlet.alignment if outlet else "")
    side = alignment if alignment not in {"", "neutral"} else ""
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


# Bounds on one document's work. A text longer than CHUNK_CHARS (far beyond any news report;
# spaCy itself refuses texts over nlp.max_length with E088, and its parser's memory grows with
# length) is extracted in sentence-bounded chunks, offsets mapped back onto the whole text.
CHUNK_CHARS = 200_000
# A number no casualty count can reach is not a figure (a phone number, a sum of money, a year
# run together with a count): its claim is dropped at this boundary, so no store column overflows.
MAX_FIGURE = 10**7


def extract_documents(
    docs: Iterable[Document],
    *,
    batch_size: int = 16,
    jobs: int = 1,
    reference: Reference | None = None,
    eager: bool = False,
) -> Iterator[Extraction]:
    """One Extraction per document, in input order, streamed (memory flat in corpus size);
    documents that cannot be extracted yield status "skipped" with the reason, and a document
    whose extraction fails yields status "error" with the reason: one document never stops a run.

    ``jobs`` > 1 extracts in that many worker processes (0: one per core), with the same
    result in the same order; ``jobs=1`` starts no process. ``reference`` is the reference data
    the components are initialised with (the one in force when not given). ``eager`` starts the
    workers before the first documents come (a caller that knows there are many, and makes
    them as it goes: the workers are ready when they arrive)."""
    from ..pipeline import build_nlp

    ref = resolve(reference)
    jobs = resolve_jobs(jobs)
    if jobs > 1:
        yield from _extract_parallel(docs, jobs, batch_size, ref, eager=eager)
        return

    nlp: Language | None = None  # loaded for the first document that needs it
    pending: list[tuple[Document, Doc]] = []
    for d in docs:
        reason = skip_reason(d)
        if reason:
            if nlp is not None:
                yield from _run(nlp, pending, batch_size, ref)
            pending = []
            yield Extraction(d.id, (), (), (), "skipped", reason)
            continue
        if nlp is None:
            nlp = build_nlp(reference=ref)
            _freeze_loaded()
        if len(d.text) > min(CHUNK_CHARS, nlp.max_length):
            yield from _run(nlp, pending, batch_size, ref)
            pending = []
            yield _guarded(d, lambda d=d, nlp=nlp: _extract_chunked(nlp, d, ref))  # type: ignore[misc]
            continue
        try:
            sdoc = _make(nlp, d.text, context_for(d, ref.outlets))
        except Exception as e:
            yield from _run(nlp, pending, batch_size, ref)
            pending = []
            yield _failed(d.id, e)
            continue
        pending.append((d, sdoc))
        if len(pending) >= batch_size * 4:
            yield from _run(nlp, pending, batch_size, ref)
            pending = []
    if nlp is not None:
        yield from _run(nlp, pending, batch_size, ref)


# -- every core ---------------------------------------------------------------------------------
#
# ``extract_documents(docs, jobs=N)`` hands small tasks of consecutive documents to N worker
# processes, each loading the model once, and yields their extractions in input order: the
# caller (``extract_store``: one process writing the store) sees exactly what ``jobs=1`` yields.
# Workers are forked on Linux (they inherit the reference object and the model, loaded once by
# the parent before the first fork, and start at once) and spawned
# elsewhere (they are told which reference files to load). A worker ignores
# Ctrl-C (the parent stops it) and exits when its parent is gone (a kill -9 leaves no orphan).

TASK_DOCS = 4  # documents per task: small, so that a few dozen documents already use every core
AHEAD = 4  # tasks handed out per worker beyond the next one to yield: bounds what waits in memory
# A worker holds up to DEPTH tasks: the next one waits in its pipe, so it does not stand idle
# while this process is busy (ingesting the next documents, writing results). A task queued
# behind another is small (QUEUED_CHARS of text): a send larger than the pipe's buffer would
# wait for the worker, which may be waiting for us to read its results.
DEPTH = 2
QUEUED_CHARS = 32_000


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    """Worker processes for a ``jobs`` setting: 0 (or None) means one per available core."""
    if jobs is None or jobs == 0:
        return available_cores()
    if jobs < 0:
        from ..errors import ConfigError

        raise ConfigError(f"jobs = {jobs}: give 1 or more worker processes (0: one per core)")
    return int(jobs)


def _start_method() -> str:
    import multiprocessing as mp

    # fork where it is safe and the default (Linux): no model or reference reload per worker
    return "fork" if sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods() else "spawn"


# A report that names no party and no place, extracted once by the parent before it forks: every
# worker then starts with the model loaded and what a process builds for its first document
# (compiled rules, lexicons, the gazetteer's index of names; ~0.7 s CPU, measured) instead of
# building all of it again. It loads no country's villages: it changes no later result.
_WARM_UP = (
    "Officials said on Monday that two soldiers were killed and five people were wounded in "
    "overnight shelling. The ministry accused the other side of violating the ceasefire."
)


_warmed: list[Reference] = []
_frozen: list[bool] = []


def _freeze_loaded() -> None:
    """Once per process, after the model and the reference data are loaded: what is alive now
    lives as long as the process, so the collector no longer walks it in each full collection
    (those cost ~0.6 s CPU of an ingest of 400 reports before this), in forked workers neither
    (which then also leave those objects' pages shared with the parent)."""
    import gc

    if not _frozen:
        gc.freeze()
        _frozen.append(True)


def _warm_up(ref: Reference) -> None:
    from ..pipeline import build_nlp

    if any(r is ref for r in _warmed):
        return
    nlp = build_nlp(reference=ref)
    with contextlib.suppress(Exception):  # only a head start: a worker would build it anyway
        nlp(_make(nlp, _WARM_UP, DocContext(document_id="", published=None)))
    _warmed[:] = [ref]
    _freeze_loaded()


def _watch_parent(parent: int) -> None:
    """Exit as soon as the parent process is gone (killed with -9, it cannot stop its workers)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="ceasefire-parent-watch", daemon=True).start()


def _worker(
    conn: Connection,
    parent: int,
    reference: Reference | tuple[tuple[str, ...], tuple[str, ...]],
    batch_size: int,
    warm: bool = False,
) -> None:
    """A worker process: (task id, documents) in, (task id, extractions) out, until None or EOF.
    With ``warm``, it first extracts the warm-up report itself (forked from a parent that did not)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _watch_parent(parent)
    # a fork copies a lock some other thread of the parent held (a progress bar writing to
    # stderr): a warning printed here must not wait on it forever, so the streams are new
    for name in ("stdout", "stderr"):
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream = getattr(sys, name)
            fresh = open(  # noqa: SIM115
                stream.fileno(), "w", encoding=stream.encoding or "utf-8", errors="replace", closefd=False
            )
            setattr(sys, name, fresh)
    # forked: the parent's object; spawned: the files it was loaded from
    ref = reference if isinstance(reference, Reference) else load_reference(*reference)
    if warm:
        _warm_up(ref)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        task_id, docs = msg
        try:
            out = list(extract_documents(docs, batch_size=batch_size, reference=ref))
        except Exception as e:  # extract_documents guards each document; this is the last resort
            out = [_failed(d.id, e) for d in docs]
        conn.send((task_id, out))


class WorkerDied(CeasefireError):
    """A worker process ended without returning its task (killed, out of memory, crashed)."""


RESUME = "what was extracted before is saved: re-run to resume (--jobs 1 extracts in one process)"


def _extract_parallel(
    docs: Iterable[Document], jobs: int, batch_size: int, ref: Reference, *, eager: bool = False
) -> Iterator[Extraction]:
    import multiprocessing as mp
    from multiprocessing.connection import wait

    it = iter(docs)

    def next_task() -> list[Document]:
        return list(itertools.islice(it, TASK_DOCS))

    queued: list[list[Document]] = []
    if not eager:
        first = next_task()
        second = next_task() if len(first) == TASK_DOCS else []
        if not second:  # all of it fits in one task: no process is worth starting
            yield from extract_documents(first, batch_size=batch_size, reference=ref)
            return
        queued = [first, second]

    method = _start_method()
    ctx: Any = mp.get_context(method)
    if method == "fork" and not eager:
        _warm_up(ref)
    elif method == "fork":
        # started before the first documents come: the workers warm up while this process
        # reads them, and share only the model and the reference data (not, say, the language
        # identifier's ~80 MB this process loads next for the ingest)
        from ..pipeline import build_nlp

        build_nlp(reference=ref)
        _freeze_loaded()
    procs: list[Any] = []
    conns: list[Connection] = []
    busy: dict[int, list[int]] = {}  # worker index -> the task ids it holds, oldest first
    issued = 0  # tasks handed out
    emitted = 0  # tasks yielded
    exhausted = False
    results: dict[int, list[Extraction]] = {}

    def take() -> list[Document] | None:
        nonlocal exhausted
        if queued:
            return queued.pop(0)
        if exhausted:
            return None
        task = next_task()
        if not task:
            exhausted = True
            return None
        return task

    def hand_out(w: int) -> bool:
        nonlocal issued
        held = busy.setdefault(w, [])
        if issued - emitted >= AHEAD * jobs or len(held) >= DEPTH:
            return False
        task = take()
        if task is None:
            return False
        if held and sum(len(d.text) for d in task) > QUEUED_CHARS:
            queued.insert(0, task)  # waits for an idle worker: a large send could block both ends
            return False
        try:
            conns[w].send((issued, task))
        except OSError as e:
            raise WorkerDied(f"an extraction worker ended (exit code {procs[w].exitcode}); {RESUME}") from e
        held.append(issued)
        issued += 1
        return True

    def feed() -> None:
        for w in range(len(procs)):
            while hand_out(w):
                pass

    def start() -> int:
        parent_end, child_end = ctx.Pipe(duplex=True)
        p = ctx.Process(
            target=_worker,
            args=(child_end, os.getpid(), ref if method == "fork" else ref.files, batch_size, eager),
            name=f"ceasefire-extract-{len(procs) + 1}",
            daemon=True,
        )
        p.start()
        child_end.close()
        procs.append(p)
        conns.append(parent_end)
        return len(procs) - 1

    try:
        while eager and len(procs) < jobs:
            start()
        while True:
            # workers get work up to DEPTH tasks each; a new worker starts while there is work
            # and room for one
            feed()
            while len(procs) < jobs and issued - emitted < AHEAD * jobs:
                task = take()
                if task is None:
                    break
                queued.insert(0, task)
                hand_out(start())
            while emitted in results:
                yield from results.pop(emitted)
                emitted += 1
                feed()  # room again below the bound
            working = [w for w, held in busy.items() if held]
            if not working:
                if exhausted and not queued:
                    return
                continue
            ready = wait([conns[w] for w in working] + [procs[w].sentinel for w in working])
            for w in working:
                if conns[w] in ready:
                    try:
                        task_id, out = conns[w].recv()
                    except (EOFError, OSError):
                        pass  # the sentinel tells below
                    else:
                        results[task_id] = out
                        busy[w].remove(task_id)
                        hand_out(w)
                        continue
                if procs[w].sentinel in ready or not procs[w].is_alive():
                    procs[w].join(timeout=2)
                    code = procs[w].exitcode
                    oldest = busy[w][0]
                    raise WorkerDied(
                        f"an extraction worker ended (exit code {code}) while extracting documents "
                        f"{TASK_DOCS * oldest + 1}-{TASK_DOCS * (oldest + 1)} of this run; {RESUME}"
                    )
    finally:
        for c in conns:
            with contextlib.suppress(OSError, ValueError):
                c.send(None)
        for p in procs:
            p.join(timeout=0.2 if any(busy.values()) else 2)
            if p.is_alive():
                p.terminate()
                p.join(timeout=2)
            if p.is_alive():
                p.kill()
                p.join()
        for c in conns:
            c.close()


def _make(nlp: Language, text: str, ctx: DocContext) -> Doc:
    sdoc = nlp.make_doc(text)
    sdoc._.cf_context = ctx
    return sdoc


def _failed(doc_id: str, e: BaseException) -> Extraction:
    first = (str(e).strip().splitlines() or [""])[0]
    return Extraction(doc_id, (), (), (), "error", f"{e.__class__.__name__}: {first}"[:300])


def _guarded(d: Document, work: Callable[[], Extraction]) -> Extraction:
    try:
        return bounded(work())
    except Exception as e:
        return _failed(d.id, e)


def _run(
    nlp: Language, pending: list[tuple[Document, Doc]], batch_size: int, ref: Reference
) -> Iterator[Extraction]:
    """A batch through ``nlp.pipe``; when the batch fails, each document again on its own, so
    only the document at fault ends as an error."""
    if not pending:
        return
    try:
        done = [sdoc._.cf_extraction for sdoc in nlp.pipe([s for _d, s in pending], batch_size=batch_size)]
    except Exception:
        done = None
    if done is not None and len(done) == len(pending):
        for (d, _s), ex in zip(pending, done, strict=True):
            yield bounded(ex) if ex is not None else _failed(d.id, RuntimeError("no extraction made"))
        return
    for d, _s in pending:  # fresh Docs: the failed batch may have left them half-annotated
        yield _guarded(d, lambda d=d: nlp(_make(nlp, d.text, context_for(d, ref.outlets)))._.cf_extraction)  # type: ignore[misc]


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive chunks of at most ``size`` characters, each ending at a
    paragraph break, else a sentence end, else a space (a hard cut only in a text without any)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > size:
        window = text[start : start + size]
        cut = -1
        for sep in ("\n\n", "\n", ". ", "! ", "? ", " "):
            at = window.rfind(sep, size // 2)
            if at > 0:
                cut = at + len(sep)
                break
        end = start + (cut if cut > 0 else size)
        bounds.append((start, end))
        start = end
    bounds.append((start, n))
    return bounds


def _shift_id(old: str, offset: int) -> str:
    """An id made in a chunk, unique across the document's chunks (the first chunk keeps its ids)."""
    if offset == 0:
        return old
    import hashlib

    return hashlib.sha1(f"{old}@{offset}".encode()).hexdigest()[: len(old)]


def _extract_chunked(nlp: Language, d: Document, ref: Reference) -> Extraction:
    """A long document, chunk by chunk; evidence offsets are moved onto the whole text."""
    from dataclasses import replace

    mentions: list[Mention] = []
    claims: list[Claim] = []
    framing: list[FramingHit] = []
    base = context_for(d, ref.outlets)
    for start, end in chunk_bounds(d.text, min(CHUNK_CHARS, nlp.max_length)):
        pub = base.pub_span
        in_chunk = pub is not None and start <= pub[0] and pub[1] <= end
        ctx = replace(base, pub_span=(pub[0] - start, pub[1] - start) if pub and in_chunk else None)
        ex = nlp(_make(nlp, d.text[start:end], ctx))._.cf_extraction
        if ex is None or ex.status == "error":
            raise RuntimeError(f"chunk at character {start}: {ex.reason if ex else 'no extraction made'}")

        def ev(e: Evidence, start: int = start) -> Evidence:
            return replace(e, start=e.start + start, end=e.end + start)

        mentions += [replace(m, id=_shift_id(m.id, start), evidence=ev(m.evidence)) for m in ex.mentions]
        claims += [
            replace(
                c,
                id=_shift_id(c.id, start),
                mention_id=_shift_id(c.mention_id, start),
                evidence=ev(c.evidence),
            )
            for c in ex.claims
        ]
        framing += [replace(f, start=f.start + start, end=f.end + start) for f in ex.framing]
    status = "ok" if mentions or claims else "empty"
    reason = "" if mentions or claims else "no events or figures found"
    return Extraction(d.id, tuple(mentions), tuple(claims), tuple(framing), status, reason)


def bounded(ex: Extraction) -> Extraction:
    """Drop claims whose figure no casualty count can reach (>= MAX_FIGURE, or negative)."""

    def ok(c: Claim) -> bool:
        return all(v is None or 0 <= v < MAX_FIGURE for v in (c.value_low, c.value_best, c.value_high))

    if all(ok(c) for c in ex.claims):
        return ex
    from dataclasses import replace

    return replace(ex, claims=tuple(c for c in ex.claims if ok(c)))


def extract_store(
    store: Store,
    *,
    everything: bool = False,
    retry_errors: bool = False,
    on_doc: Callable[[Extraction], None] | None = None,
    batch_size: int = 16,
    jobs: int = 1,
    reference: Reference | None = None,
) -> tuple[int, int, int, int]:
    """Extract every stored document not yet extracted by this version; one transaction each.

    A document whose extraction failed (status "error", with the reason) is not tried again
    unless ``retry_errors`` (or ``everything``). ``jobs`` worker processes extract (0: one per
    core); this process alone writes, in the documents' order, so the store ends the same
    whatever ``jobs``. Returns (documents, mentions, claims, documents with nothing extracted).
    """
    version = extractor_version() if reference is None else extractor_version(reference)
    todo = store.documents_to_extract(version, everything=everything, retry_errors=retry_errors)
    return _save_all(store, todo, version, on_doc, batch_size, jobs, reference)


def ingest_and_extract(
    sources: Sequence[str | os.PathLike[str]] | Sequence[Input | Rejected],
    *,
    store: Store,
    settings: Settings,
    options: IngestOptions | None = None,
    on_doc: Callable[[Extraction], None] | None = None,
    batch_size: int = 16,
    jobs: int = 1,
    reference: Reference | None = None,
) -> tuple[IngestReport, tuple[int, int, int, int]]:
    """``ingest_sources`` (with ``options``: manifest, overrides, a callback per item) then
    ``extract_store``, overlapped: each batch of documents the ingest
    commits is extracted (by the workers when ``jobs`` > 1) while this process reads, cleans
    and stores the next; then the documents stored earlier and not yet extracted by this version.
    This process alone writes the store, in the same order whatever ``jobs``, so the store ends
    as after the two steps one after the other; an interruption leaves what ingest stored
    (documents without an extraction are extracted by the next run)."""
    from ..ingest.pipeline import BATCH_DOCS, IngestOptions, ingest_stream
    from ..ingest.sources import Input

    jobs = resolve_jobs(jobs)
    version = extractor_version() if reference is None else extractor_version(reference)
    # many inputs, worker processes and a new store: start them before the first document is
    # stored (into a store that has documents, the inputs may all be there already: a re-run
    # then loads no model and starts no process)
    eager = (
        jobs > 1
        and sum(isinstance(s, Input) for s in sources) >= 2 * TASK_DOCS
        and store.count_documents() == 0
    )
    stream = ingest_stream(
        sources,
        store=store,
        settings=settings,
        options=options or IngestOptions(),
        # workers wait for the first batch: a small one starts them sooner; smaller batches then
        # keep this process's steps between two handed-out tasks short
        first_batch=2 * TASK_DOCS * jobs if jobs > 1 else BATCH_DOCS,
        batch_docs=BATCH_DOCS // 2 if jobs > 1 else BATCH_DOCS,
    )
    ours: set[str] = set()
    report: list[IngestReport] = []

    def todo() -> Iterator[Document]:
        while True:
            try:
                batch = next(stream)
            except StopIteration as done:
                report.append(done.value)
                break
            ours.update(d.id for d in batch)
            stored = store.documents_by_ids([d.id for d in batch])  # as extract_store reads them
            yield from (stored[d.id] for d in batch if d.id in stored)
        for d in store.documents_to_extract(version):  # stored by an earlier, interrupted run
            if d.id not in ours:
                yield d

    try:
        counts = _save_all(store, todo(), version, on_doc, batch_size, jobs, reference, eager)
    finally:
        stream.close()
    return report[0], counts


def _save_all(
    store: Store,
    docs: Iterable[Document],
    version: str,
    on_doc: Callable[[Extraction], None] | None,
    batch_size: int,
    jobs: int,
    reference: Reference | None,
    eager: bool = False,
) -> tuple[int, int, int, int]:
    n = m = c = empty = 0
    for ex in extract_documents(docs, batch_size=batch_size, jobs=jobs, reference=reference, eager=eager):
        try:
            store.save_extraction(ex, version)
        except Exception as e:  # a value the store cannot hold: record the error, go on
            ex = _failed(ex.document_id, e)
            store.save_extraction(ex, version)
        n += 1
        m += len(ex.mentions)
        c += len(ex.claims)
        empty += ex.status != "ok"
        if on_doc:
            on_doc(ex)
    return n, m, c, empty
