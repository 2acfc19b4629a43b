"""Scale-out on Apache Spark: the same ingest cleaning, extraction and reconciliation over
partitions of JSONL or Parquet documents (``ceasefire spark extract`` / ``reconcile``).

pyspark is imported only when a job runs, never when ``ceasefire`` is imported.
"""

from __future__ import annotations

from .demo import demo_corpus, write_demo_jsonl
from .extract_job import ExtractSummary, extract
from .reconcile_job import ReconcileSummary, reconcile
from .runtime import session

__all__ = [
    "ExtractSummary",
    "ReconcileSummary",
    "demo_corpus",
    "extract",
    "reconcile",
    "session",
    "write_demo_jsonl",
]
