"""Scale-out on Apache Spark: the same ingest cleaning, extraction and reconciliation over
partitions of JSONL or Parquet documents (``ceasefire spark extract`` / ``reconcile``).

pyspark is imported only when a job runs, never when ``ceasefire`` is imported.
"""

from __future__ import annotations

from .job import (
    ExtractSummary,
    ReconcileSummary,
    demo_corpus,
    extract,
    reconcile,
    session,
    write_demo_jsonl,
)

__all__ = [
    "ExtractSummary",
    "ReconcileSummary",
    "demo_corpus",
    "extract",
    "reconcile",
    "session",
    "write_demo_jsonl",
]
