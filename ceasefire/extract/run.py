"""Extraction over many documents, streamed through ``nlp.pipe`` in batches."""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import CeasefireError
from ..ingest.outlets import OutletRegistry
from ..records import Claim, Document, Evidence, Extraction, FramingHit, Mention
from ..reference import Reference, load_reference, resolve

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from spacy.language import Language
    from spacy.tokens import Doc

    from ..ingest.pipeline import IngestOptions
    from ..ingest.sources import Input
    from ..records import IngestReport, Rejected
    from ..settings import Settings
    from ..store import Store
    from .actors import ActorIndex
    from .assemble import DocContext
    from .sides import PartyWords


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


def context_for(
    doc: Document, outlets: OutletRegistry | None = None, actors: ActorIndex | None = None
) -> DocContext:
    """What the extractor knows of a document besides its text; ``outlets`` and ``actors`` are
    the registry and the actors of the reference data in use (those in force when not given)."""
    from .assemble import DocContext  # here: spaCy is imported where the model runs, not before

    registry = outlets if outlets is not None else resolve(None).outlets
    outlet = registry.get(doc.outlet) if doc.outlet else None
    alignment = doc.outlet_alignment or (outlet.alignment if outlet else "")
    side = alignment if alignment not in {"", "neutral"} else ""
    index = actors if actors is not None else resolve(None).actors
    if side and doc.outlet and not (index.is_state(side) or side in index or index.opponents(side)):
        # a manifest's own code for the party ("CPIM" for the reference data's NAX): the party the
        # outlet's name names ("CPI (Maoist) … statement", "… Liberation Army (BLA) statement")
        named = _party_words(index).phrase_parties(doc.outlet)
        side = named[0] if named else side
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


@lru_cache(maxsize=4)
def _party_words(actors: ActorIndex) -> PartyWords:
    from .sides import PartyWords

    return PartyWords(actors)


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
    ref = resolve(reference)
    jobs = resolve_jobs(jobs)
    if jobs > 1:
        yield from _extract_parallel(docs, jobs, batch_size, ref, eager=eager)
        return
    # here, not at the top: with worker processes this one never imports spaCy (the first worker
    # imports it, while this one ingests)
    from ..pipeline import build_nlp

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
            sdoc = _make(nlp, d.text, context_for(d, ref.outlets, ref.actors))
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
# processes and yields their extractions in input order: the caller (``extract_store``: one
# process writing the store) sees exactly what ``jobs=1`` yields. On Linux this process forks
# one worker (it inherits the reference object), which imports spaCy, loads the model and warms
# up while this process goes on ingesting, then forks the N-1 others from itself, so that the
# model loads once and its pages are shared (``_first_worker``); elsewhere the workers are
# spawned and told which reference files to load. A worker ignores Ctrl-C (the parent stops
# it) and exits when its parent is gone (a kill -9 leaves no orphan).

TASK_DOCS = 4  # documents per task: small, so that a few dozen documents already use every core
AHEAD = 4  # tasks handed out per worker beyond the next one to yield: bounds what waits in memory
# A worker holds up to DEPTH tasks: the next one waits in its pipe, so it does not stand idle
# while this process is busy (ingesting the next documents, writing results). A task queued
# behind another is small (QUEUED_CHARS of text): a send larger than the pipe's buffer would
# wait for the worker, which may be waiting for us to read its results.
DEPTH = 2
# Extractions written to the store per transaction (``Store.save_extractions``): one statement
# per table per batch; a crash loses at most these, which the next run extracts again.
SAVE_DOCS = 16
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

    # fork where it is safe and the default (Linux): the model and the reference data load once
    return "fork" if sys.platform.startswith("linux") and "fork" in mp.get_all_start_methods() else "spawn"


# A report that names no party and no place, extracted once by the first worker before it forks
# the others: every worker then starts with the model loaded and what a process builds for its first document
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
    from .assemble import DocContext

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


@contextlib.contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C held back while this process forks, and acted on once the fork returns: a
    KeyboardInterrupt raised inside the fork's own handlers (the logging module's lock release)
    is printed and lost, and the run went on to the end (seen once in the Ctrl-C test of
    ``ceasefire ingest``). Only the main thread may set a handler; elsewhere nothing changes."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    hit: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, _frame: hit.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
        if hit and callable(old):
            old(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt


def _worker_setup(parent: int) -> None:
    """What every worker does first: ignore Ctrl-C (the parent handles it and stops us), exit
    when ``parent`` is gone, and write warnings through streams of its own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


def _serve(conn: Connection, ref: Reference, batch_size: int) -> None:
    """(task id, documents) in, (task id, extractions) out, until None or EOF."""
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


def _worker(
    conn: Connection,
    parent: int,
    reference: Reference | tuple[tuple[str, ...], tuple[str, ...]],
    batch_size: int,
    warm: bool = False,
) -> None:
    """A spawned worker process (told which reference files to load). With ``warm``, it first
    extracts the warm-up report itself."""
    _worker_setup(parent)
    ref = reference if isinstance(reference, Reference) else load_reference(*reference)
    if warm:
        _warm_up(ref)
    _serve(conn, ref, batch_size)


def _first_worker(
    conns: list[Connection], status: Connection, parent: int, ref: Reference, batch_size: int
) -> None:
    """The first of the forked workers: it loads the model and extracts the warm-up report (while
    the parent goes on ingesting: no core waits for the model), then forks the other workers from
    itself, which start with all of it loaded and share its pages, and serves ``conns[0]``.
    ``status`` tells the parent each other worker's pid (``("started", k, pid)``) and exit code
    (``("ended", k, code)``): they are not the parent's children."""
    import gc
    import threading

    _worker_setup(parent)
    _warm_up(ref)
    # the model and what the warm-up built, out of the collector's walks in every worker (the
    # parent froze what it held before forking us, so _freeze_loaded does nothing here)
    gc.freeze()
    me = os.getpid()
    kids: dict[int, int] = {}  # pid -> worker index
    for k in range(1, len(conns)):
        pid = os.fork()
        if pid == 0:  # worker k: never returns into this process's code
            code = 1
            try:
                for j, c in enumerate(conns):
                    if j != k:
                        c.close()
                status.close()
                _watch_parent(me)
                _serve(conns[k], ref, batch_size)
                code = 0
            finally:
                for stream in (sys.stdout, sys.stderr):
                    with contextlib.suppress(Exception):
                        stream.flush()
                os._exit(code)
        conns[k].close()  # its end is the worker's alone: the parent sees EOF when it ends
        kids[pid] = k
        status.send(("started", k, pid))

    left = dict(kids)  # the workers not reaped yet

    def reap() -> None:
        while left:
            try:
                pid, st = os.wait()
            except ChildProcessError:
                return
            k = left.pop(pid, None)
            if k is not None:
                with contextlib.suppress(OSError, ValueError):
                    status.send(("ended", k, os.waitstatus_to_exitcode(st)))

    reaper = threading.Thread(target=reap, name="ceasefire-reap", daemon=True)
    reaper.start()
    try:
        _serve(conns[0], ref, batch_size)
    finally:
        reaper.join(timeout=2)  # the parent told every worker to stop: they end at once
        if reaper.is_alive():
            for pid in list(left):
                with contextlib.suppress(OSError):
                    os.kill(pid, 9)
            reaper.join(timeout=2)


class WorkerDied(CeasefireError):
    """A worker process ended without returning its task (killed, out of memory, crashed)."""


RESUME = "what was extracted before is saved: re-run to resume (--jobs 1 extracts in one process)"

# Tasks this process reads ahead of what the workers hold (ingesting them, in ``ingest_and_extract``)
# while no result is waiting: it keeps busy while the first worker loads the model, and later
# whenever the workers are busy, instead of waiting for them; bounded so that memory stays flat.
READ_AHEAD = 128
READ_AHEAD_CHARS = 4_000_000


def _extract_parallel(
    docs: Iterable[Document], jobs: int, batch_size: int, ref: Reference, *, eager: bool = False
) -> Iterator[Extraction]:
    import multiprocessing as mp
    import time
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
    procs: list[Any] = []  # the processes this one started (fork: the first worker only)
    conns: list[Connection] = []  # one per worker
    status: list[Connection] = []  # fork: the first worker's reports on the others
    pids: dict[int, int] = {}  # worker -> pid, for the workers the first one forked
    codes: dict[int, int] = {}  # worker -> exit code, as the first worker reported it
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

    def read_status() -> None:
        while status and status[0].poll():
            try:
                what, w, value = status[0].recv()
            except (EOFError, OSError):
                status.clear()  # the first worker is gone: its sentinel tells
                return
            (pids if what == "started" else codes)[w] = value

    def exit_code(w: int) -> int | None:
        if w < len(procs):
            procs[w].join(timeout=2)
            return int(procs[w].exitcode) if procs[w].exitcode is not None else None
        deadline = time.monotonic() + 2
        while w not in codes and status and time.monotonic() < deadline:
            status[0].poll(0.05)
            read_status()
        return codes.get(w)

    def died(w: int) -> WorkerDied:
        code = exit_code(w)
        oldest = busy[w][0]
        return WorkerDied(
            f"an extraction worker ended (exit code {code}) while extracting documents "
            f"{TASK_DOCS * oldest + 1}-{TASK_DOCS * (oldest + 1)} of this run; {RESUME}"
        )

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
            raise WorkerDied(f"an extraction worker ended (exit code {exit_code(w)}); {RESUME}") from e
        held.append(issued)
        issued += 1
        return True

    def feed() -> None:
        for w in range(len(conns)):
            while hand_out(w):
                pass

    def start() -> None:
        # what this process holds now (the reference data, the imports) lives as long as it: out
        # of the collector's walks, here and in the workers (whose pages of it then stay shared),
        # and at exit (the final collection walked it: ~0.2 s at the end of every run)
        _freeze_loaded()
        ends = []
        for _ in range(jobs):
            parent_end, child_end = ctx.Pipe(duplex=True)
            conns.append(parent_end)
            ends.append(child_end)
        if method == "fork":
            reader, writer = ctx.Pipe(duplex=False)
            status.append(reader)
            p = ctx.Process(
                target=_first_worker,
                args=(ends, writer, os.getpid(), ref, batch_size),
                name="ceasefire-extract-1",
                daemon=True,
            )
            with _ctrl_c_deferred():
                p.start()
            procs.append(p)
            writer.close()
        else:
            for w, end in enumerate(ends):
                p = ctx.Process(
                    target=_worker,
                    args=(end, os.getpid(), ref.files, batch_size, eager),
                    name=f"ceasefire-extract-{w + 1}",
                    daemon=True,
                )
                p.start()
                procs.append(p)
        for end in ends:
            end.close()

    def ahead() -> bool:
        """Room to read another task ahead of the workers."""
        return (
            not exhausted
            and len(queued) < READ_AHEAD
            and sum(len(d.text) for task in queued for d in task) < READ_AHEAD_CHARS
        )

    try:
        start()
        while True:
            feed()  # workers get work up to DEPTH tasks each
            while emitted in results:
                yield from results.pop(emitted)
                emitted += 1
                feed()  # room again below the bound
            working = [w for w, held in busy.items() if held]
            if not working:
                if exhausted and not queued:
                    return
                continue
            watched = [conns[w] for w in working] + [p.sentinel for p in procs] + status
            ready = wait(watched, timeout=0) if ahead() else []
            if not ready and ahead():
                task = next_task()  # nothing to collect yet: ingest the next documents meanwhile
                if task:
                    queued.append(task)
                else:
                    exhausted = True
                continue
            if not ready:
                ready = wait(watched)
            if status and status[0] in ready:
                read_status()
            for w in working:
                if conns[w] in ready:
                    try:
                        task_id, out = conns[w].recv()
                    except (EOFError, OSError):
                        raise died(w) from None
                    results[task_id] = out
                    busy[w].remove(task_id)
                    hand_out(w)
            for w, p in enumerate(procs):
                if (p.sentinel in ready or not p.is_alive()) and busy.get(w):
                    raise died(w)
    finally:
        for c in conns:
            with contextlib.suppress(OSError, ValueError):
                c.send(None)
        for p in procs:
            p.join(timeout=0.2 if any(busy.values()) else 3)
            if p.is_alive():
                p.terminate()
                p.join(timeout=2)
            if p.is_alive():
                p.kill()
                p.join()
        read_status()
        for w, pid in pids.items():  # a worker the first one forked, should it outlive it
            if w not in codes:
                _kill_orphan(pid, procs[0].pid)
        for c in conns + status:
            c.close()


def _kill_orphan(pid: int, first: int | None) -> None:
    """Kill ``pid``, a worker forked by the first worker ``first``, if it still runs as its child
    (once the first worker is gone, its parent-watch ends it within half a second)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return
    if fields[0] != "Z" and int(fields[1]) == first:
        with contextlib.suppress(OSError):
            os.kill(pid, 9)


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
        yield _guarded(
            d,
            lambda d=d: nlp(_make(nlp, d.text, context_for(d, ref.outlets, ref.actors)))._.cf_extraction,  # type: ignore[misc]
        )


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
    base = context_for(d, ref.outlets, ref.actors)
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
    pending: list[Extraction] = []

    def flush() -> None:
        nonlocal n, m, c, empty
        batch = pending[:]
        pending.clear()
        try:
            store.save_extractions(batch, version)
        except Exception:  # a value the store cannot hold: find it, record its error, save the rest
            for i, ex in enumerate(batch):
                try:
                    store.save_extraction(ex, version)
                except Exception as e:
                    batch[i] = _failed(ex.document_id, e)
                    store.save_extraction(batch[i], version)
        for ex in batch:
            n += 1
            m += len(ex.mentions)
            c += len(ex.claims)
            empty += ex.status != "ok"
            if on_doc:
                on_doc(ex)

    try:
        for ex in extract_documents(docs, batch_size=batch_size, jobs=jobs, reference=reference, eager=eager):
            pending.append(ex)
            if len(pending) >= SAVE_DOCS:
                flush()
    finally:
        if pending:  # at the end, and on Ctrl-C: what was extracted is kept
            flush()
    return n, m, c, empty
