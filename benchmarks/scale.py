"""Scaling of the Spark extract path: documents/s on 1 and 2 local cores, and the efficiency
of the second core (speed-up / 2).

    .venv/bin/python benchmarks/scale.py                 # 1k, 5k, 20k documents
    .venv/bin/python benchmarks/scale.py --quick         # 200 documents, a smoke run
    .venv/bin/python benchmarks/scale.py --sizes 1000 5000 --json out.json

Input is the synthetic corpus of ``ceasefire.spark.demo_corpus`` (the bundled demo stories with
months, figures and places varied), written as JSONL. Each run uses a fresh local session
(``local[1]`` or ``local[2]``) whose start-up is not timed; the timed part is the whole
``ceasefire spark extract`` job: reading, cleaning, duplicate and near-duplicate grouping,
spaCy extraction (the model loads inside the timed part, once per Python worker) and writing
the Parquet tables.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    documents: int
    cores: int
    seconds: float
    docs_per_s: float
    mentions: int
    claims: int
    model_loads: int


def run_one(n: int, cores: int, work: Path) -> Run:
    from ceasefire.spark import extract, session, write_demo_jsonl

    src = work / f"in-{n}" / "docs.jsonl"
    if not src.exists():
        write_demo_jsonl(src, n)
    out = work / f"out-{n}-{cores}"
    shutil.rmtree(out, ignore_errors=True)
    spark = session(f"local[{cores}]", app_name=f"scale-{n}-{cores}")
    try:
        t0 = time.perf_counter()
        s = extract(src, out, spark=spark, partitions=4 * cores)
        dt = time.perf_counter() - t0
    finally:
        spark.stop()
    return Run(n, cores, round(dt, 1), round(n / dt, 2), s.mentions, s.claims, s.model_loads)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--quick", action="store_true", help="200 documents only")
    ap.add_argument("--json", type=Path, default=None, help="also write the runs as JSON here")
    args = ap.parse_args()
    sizes = [200] if args.quick else args.sizes
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="ceasefire-scale-") as tmp:
        for n in sizes:
            for c in args.cores:
                r = run_one(n, c, Path(tmp))
                runs.append(r)
                print(json.dumps(asdict(r)), flush=True)
                if args.json:
                    args.json.write_text(json.dumps([asdict(x) for x in runs], indent=2) + "\n")
    print(f"\n{'documents':>10} {'cores':>5} {'seconds':>8} {'docs/s':>7} {'2nd-core efficiency':>20}")
    by = {(r.documents, r.cores): r for r in runs}
    for r in runs:
        eff = ""
        one = by.get((r.documents, 1))
        if r.cores == 2 and one:
            eff = f"{r.docs_per_s / one.docs_per_s / 2:.2f}"
        print(f"{r.documents:>10} {r.cores:>5} {r.seconds:>8} {r.docs_per_s:>7} {eff:>20}")


if __name__ == "__main__":
    main()
