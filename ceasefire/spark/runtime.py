"""The SparkSession the jobs run in, and what a Python worker loads once for every task it runs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ..reference import Reference


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


# the user files of a reference object (conflict profiles, outlet files): what a job hands its
# workers, each of which loads the reference data from them once (a Reference is not shipped)
ReferenceFiles = tuple[tuple[str, ...], tuple[str, ...]]


def reference_files(reference: Reference | None) -> ReferenceFiles:
    """The files of the reference data a job was given (the one in force when None)."""
    from ..reference import resolve

    return resolve(reference).files


def worker_reference(files: ReferenceFiles) -> Reference:
    """The reference data of ``files``, loaded once per worker (``load_reference`` is cached)."""
    from ..reference import load_reference

    return load_reference(*files)


def dump_fields() -> Any:
    """The field names of dump records (the settings' ``fields``), read once per worker."""
    global _FIELDS
    if _FIELDS is None:
        from ..settings import load_settings

        _FIELDS = load_settings().fields
    return _FIELDS


_FIELDS: Any = None
