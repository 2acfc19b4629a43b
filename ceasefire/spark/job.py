"""The Spark jobs: the library's ingest cleaning, extraction and reconciliation over partitions.

Nothing here re-implements a pipeline step: every partition calls the same functions the local
path calls (``build_document``, ``extract_documents``, ``nodes_for``/``cluster``, the incident
assembler, the exporters), so the Spark path and ``ceasefire ingest`` + ``extract`` give the same
documents, mentions and claims. Rows are the store's own row dictionaries, so a Parquet table
and a store table have the same columns.

One module a job: runtime.py (the session), tables.py (inputs, table schemas, the output
guard), extract_job.py, reconcile_job.py, demo.py (a synthetic corpus). This module gathers
their public names.
"""

from __future__ import annotations

from .demo import demo_corpus, write_demo_jsonl
from .extract_job import ExtractSummary, extract, month_of
from .reconcile_job import (
    DocNodes,
    ReconcileSummary,
    block_keys,
    incident_assignment,
    node_cells,
    node_weeks,
    reconcile,
)
from .runtime import session
from .tables import (
    EXTRACT_TABLES,
    INPUT_EXT,
    RECONCILE_FILES,
    RECONCILE_TABLES,
    TABLES,
    guard_outputs,
    input_files,
    table_schemas,
)

__all__ = [
    "EXTRACT_TABLES",
    "INPUT_EXT",
    "RECONCILE_FILES",
    "RECONCILE_TABLES",
    "TABLES",
    "DocNodes",
    "ExtractSummary",
    "ReconcileSummary",
    "block_keys",
    "demo_corpus",
    "extract",
    "guard_outputs",
    "incident_assignment",
    "input_files",
    "month_of",
    "node_cells",
    "node_weeks",
    "reconcile",
    "session",
    "table_schemas",
    "write_demo_jsonl",
]
