"""Does reconciliation and reporting stay cheap next to ingest + extract? (issue 6)

Writes N generated news-length documents (the benchmark corpus of throughput.py) as text
files, then in one process, after warming the model up:

  A. ``ingest`` + ``extract`` into a fresh store (what analyze cannot avoid), then
  B. ``analyze``: ingest + extract + reconcile + every report and export, fresh store,

and prints both times and the ratio B / A. Target: ≤ 1.5 (reconciliation must not be
quadratic in the corpus). A benchmark, not a test: it always exits 0.

    python benchmarks/analyze.py            # 200 documents
    python benchmarks/analyze.py --docs 500
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path


def _throughput_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("throughput", Path(__file__).with_name("throughput.py"))
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["throughput"] = mod
    spec.loader.exec_module(mod)
    return mod


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from ceasefire.api import analyze, extract
    from ceasefire.ingest.pipeline import ingest_sources
    from ceasefire.pipeline import build_nlp
    from ceasefire.settings import Settings
    from ceasefire.store import Store

    docs = _throughput_module().generate_documents(args.docs)
    build_nlp()  # the model loads once for both runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        manifest = ["path,outlet,published"]
        for i, d in enumerate(docs):
            (folder / f"d{i:05}.txt").write_text(d.text, encoding="utf-8")
            manifest.append(f"d{i:05}.txt,{d.outlet},{d.published.iso() or ''}")
        (Path(tmp) / "manifest.csv").write_text("\n".join(manifest) + "\n")

        t0 = time.perf_counter()
        store = Store(f"sqlite:///{tmp}/a.db")
        ingest_sources([folder], store=store, settings=Settings(), manifest=Path(tmp) / "manifest.csv")
        extract(store=store)
        a = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = analyze([folder], Path(tmp) / "out", manifest=Path(tmp) / "manifest.csv")
        b = time.perf_counter() - t0

    figures = {
        "documents": args.docs,
        "ingest_extract_s": round(a, 2),
        "analyze_s": round(b, 2),
        "ratio": round(b / a, 3),
        "incidents": result.incidents,
        "claims": result.claims,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        print(
            f"{args.docs} documents: ingest+extract {a:.1f} s · analyze {b:.1f} s · ratio {b / a:.2f} "
            f"(target ≤ 1.5) · {result.incidents} incidents, {result.claims} claims"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
