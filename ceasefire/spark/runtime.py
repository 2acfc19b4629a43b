"""The SparkSession the jobs run in, and what a Python worker loads once for every task it runs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def session(
    master: str | None = "local[2]", *, app_name: str = "ceasefire", driver_memory: str = "2g"
) -> SparkSession:
    """A SparkSession for the job. ``master=None`` keeps what ``spark-submit`` configured.

    Local sessions bind to 127.0.0.1 and run without the web UI; Python workers are reused so
    that each keeps its loaded spaCy model for every task it runs.
    """
    from pyspark.sql import SparkSession

    b = SparkSession.builder.appName(app_name)
    if master is not None:
        import sys

        # local workers run this interpreter (the venv with spaCy), not whatever python3 is first
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        b = (
            b.master(master)
            .config("spark.driver.memory", driver_memory)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.session.timeZone", "UTC")
        )
    b = b.config("spark.python.worker.reuse", "true")
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def worker_context() -> tuple[Any, Any]:
    """The outlet registry and dump field names, loaded once per worker."""
    global _WORKER_CTX
    if _WORKER_CTX is None:
        from ..ingest.outlets import OutletRegistry
        from ..settings import load_settings

        cfg = load_settings()
        _WORKER_CTX = (OutletRegistry.load(cfg.outlets_files), cfg.fields)
    return _WORKER_CTX


_WORKER_CTX: tuple[Any, Any] | None = None
