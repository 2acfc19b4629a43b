"""Where `ceasefire ingest --jobs 1` spends its CPU time, stage by stage (issue 15).

One process does what ``ceasefire ingest DIR --jobs 1`` does (imports, reference data, ingest into a
new SQLite store, model load, extraction, store writes) over the end-to-end benchmark's texts (the
real reports next to the checkout, else the demo corpus; see ``throughput.py --end-to-end``), and
each stage is timed with ``time.process_time()`` by wrapping it: no profiler, so the shares are
those of a normal run. The model's own components run inside ``ceasefire_select`` (the selective
parse); parser and NER are Cython components that cannot be wrapped, so they are measured
separately over the same pieces (``--pieces``).

    .venv/bin/python benchmarks/stages.py            # 400 documents
    .venv/bin/python benchmarks/stages.py --docs 200 --pieces
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

T: dict[str, float] = defaultdict(float)


@contextmanager
def timed(key: str) -> Iterator[None]:
    t = time.process_time()
    try:
        yield
    finally:
        T[key] += time.process_time() - t


def wrap(owner: Any, name: str, key: str) -> None:
    f: Callable[..., Any] = getattr(owner, name)

    def g(*a: Any, **k: Any) -> Any:
        with timed(key):
            return f(*a, **k)

    setattr(owner, name, g)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--pieces", action="store_true", help="also time each model component on the pieces")
    args = ap.parse_args(argv)
    with timed("imports (ceasefire CLI, spaCy)"):
        import ceasefire.cli  # noqa: F401  (what `ceasefire ingest` imports)
        import ceasefire.ingest.pipeline as ingest
        import ceasefire.pipeline as pipeline
        from ceasefire.extract import run
        from ceasefire.extract import select as sel
        from ceasefire.settings import Settings
        from ceasefire.store import Store
    with timed("reference data (gazetteer, actors, lexicons)"):
        from ceasefire.reference import resolve

        ref = resolve(None)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import throughput  # after ceasefire: a ceasefire given by PYTHONPATH (another tree) stays

    with tempfile.TemporaryDirectory(prefix="ceasefire-stages-") as tmp:
        sources, where = throughput.corpus_sources()
        texts, words = throughput.write_corpus(sources, args.docs, Path(tmp) / "corpus")
        print(f"{len(texts)} documents, {words} words, from {where}", file=sys.stderr)
        db = f"sqlite:///{tmp}/stages.db"
        store = Store(db)
        wrap(ingest, "build_document", "ingest: clean, date, outlet, language")
        wrap(ingest, "detect_language", "ingest:   of which language id")
        wrap(ingest.dedupe, "minhash", "ingest: MinHash")
        wrap(store, "add_documents", "ingest: store writes")
        wrap(store, "save_extraction", "extract: store writes")
        wrap(type(ref.gazetteer), "load_countries", "places: villages of the countries named")
        wrap(type(ref.gazetteer), "surface_keys", "places: matcher keys (world, villages)")
        with timed("ingest (all of it)"):
            planned = ingest.plan([str(Path(tmp) / "corpus")])
            ingest.ingest_sources(planned, store=store, settings=Settings(db=db))
        with timed("model load (build_nlp)"):
            nlp = pipeline.build_nlp(reference=ref)
        for name, proc in nlp.pipeline:
            if name.startswith("ceasefire_") and name not in {"ceasefire_select", "ceasefire_paragraphs"}:
                cls = type(proc)

                def call(self: Any, doc: Any, _orig: Any = cls.__call__, _key: str = f"ours: {name}") -> Any:
                    with timed(_key):
                        return _orig(self, doc)

                cls.__call__ = call  # type: ignore[method-assign]
        select_pipe: Any = nlp.get_pipe("ceasefire_select")
        wrap(sel, "select", "select: the cue scan")
        wrap(pipeline._Cutter, "piece", "select: cutting pieces")
        wrap(type(select_pipe), "_join", "select: joining pieces")
        batch = type(select_pipe)._batch

        def whole_batch(self: Any, docs: Any, size: int) -> Iterator[Any]:
            with timed("ceasefire_select (all of it: the model, cue scan, cut, join)"):
                done = list(batch(self, docs, size))
            return iter(done)

        type(select_pipe)._batch = whole_batch
        wrap(run, "_make", "extract: tokenise (make_doc)")
        with timed("extract (all of it)"):
            run.extract_store(store, jobs=1, reference=ref)
        total = time.process_time()
        print(f"{'stage':62s} {'CPU s':>6s} {'share':>6s}")
        for k, v in sorted(T.items(), key=lambda kv: -kv[1]):
            print(f"{k:62s} {v:6.2f} {100 * v / total:5.1f}%")
        print(f"{'total (process CPU)':62s} {total:6.2f}")
        print(f"sentences parsed: {select_pipe.parsed} of {select_pipe.sentences}")
        if args.pieces:
            _pieces(nlp, texts, sel)
    return 0


def _pieces(nlp: Any, texts: list[str], sel: Any) -> None:
    """Each model component over the pieces the selection parses (outside the totals above)."""
    import ceasefire.pipeline as pipeline

    work = []
    for text in texts:
        doc = nlp.make_doc(text)
        cut = pipeline._Cutter(doc)
        work += [cut.piece(a, b) for a, b, keep in sel.blocks(*sel.select(doc)) if keep]
    select_pipe: Any = nlp.get_pipe("ceasefire_select")
    for name in select_pipe.stages:
        proc = nlp.get_pipe(name)
        t = time.process_time()
        fast = {"attribute_ruler": "_AttributeRules", "lemmatizer": "_Lemmas"}.get(name, "")
        twin = getattr(pipeline, fast, None) if fast else None  # as the selective parse runs them
        quick = twin.of(proc) if twin is not None else None
        if quick is not None:
            work = [quick(d) for d in work]
        elif hasattr(proc, "pipe"):
            work = list(proc.pipe(work, batch_size=16))
        else:
            work = [proc(d) for d in work]
        print(f"model component on the parsed pieces: {name:20s} {time.process_time() - t:6.2f} s CPU")


if __name__ == "__main__":
    raise SystemExit(main())
