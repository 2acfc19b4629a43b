"""The jobs' inputs and outputs: the input files, the tables written (their Spark schemas are the
store's columns) and the guard on the output folder.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

INPUT_EXT = {".jsonl", ".ndjson", ".json", ".parquet"}


TABLES = ("documents", "mentions", "claims", "extractions", "rejected")


EXTRACT_TABLES = ("documents", "mentions", "claims", "extractions", "rejected")


RECONCILE_TABLES = ("incident_members",)


RECONCILE_FILES = ("incidents.parquet", "claims.parquet", "incidents.acled.csv")


def table_schemas() -> dict[str, Any]:
    """The Spark schemas of the tables the job writes: the documents, mentions and claims tables
    are the records' field maps in their store form (``ceasefire.records``), plus the job's own
    columns (input order, MinHash signature, the month partition)."""
    from pyspark.sql.types import (
        BinaryType,
        BooleanType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    from ..records import CLAIM, DOCUMENT, MENTION, FieldMap

    S, N, L, B = StringType(), IntegerType(), LongType(), BooleanType()
    # the store form: dates as ISO text, a mention's places as JSON text
    kinds = {"str": S, "period": S, "int": L, "float": DoubleType(), "bool": B, "date": S, "places": S}

    def s(*cols: tuple[str, Any]) -> StructType:
        return StructType([StructField(n, t, True) for n, t in cols])

    def of(fmap: FieldMap[Any], *extra: tuple[str, Any]) -> StructType:
        return s(*((f.name, kinds[f.kind]) for f in fmap), *extra)

    return {
        "documents": of(DOCUMENT, ("input_order", L), ("minhash", BinaryType()), ("month", S)),
        "mentions": of(MENTION, ("month", S)),
        "claims": of(CLAIM, ("month", S)),
        "extractions": s(
            ("document_id", S),
            ("version", S),
            ("status", S),
            ("reason", S),
            ("mentions", N),
            ("claims", N),
            ("month", S),
        ),
        "rejected": s(("source", S), ("reason", S), ("detail", S), ("line", L)),
        "incident_members": s(("mention_id", S), ("incident_id", S)),
    }


def row_tuple(row: dict[str, Any], schema: Any) -> tuple[Any, ...]:
    return tuple(row.get(f.name) for f in schema.fields)


def input_files(source: str | os.PathLike[str]) -> list[str]:
    """The JSONL/Parquet files of an input (a file or a folder, recursively), sorted."""
    p = Path(source)
    if p.is_file():
        return [str(p.resolve())]
    if not p.is_dir():
        from ..errors import SourceError

        raise SourceError(f"{p}: no such file or folder", reason="not-found")
    out = []
    for f in sorted(p.rglob("*")):
        rel = f.relative_to(p)
        if (
            f.is_file()
            and f.suffix.lower() in INPUT_EXT
            and not any(x.startswith((".", "_")) for x in rel.parts)
        ):
            out.append(str(f.resolve()))
    return out


def shown_file(path: str, given: str) -> str:
    """How an input file found from the argument ``given`` is recorded: relative to the current
    folder when the argument was relative, else as ``ceasefire ingest`` shows absolute ones."""
    from ..ingest.sources import shown_base, shown_path

    base = shown_base(given)
    if base is not None:
        return shown_path(path, base)
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return os.path.basename(path)


def local_path(uri: str) -> str:
    if uri.startswith("file:"):
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(uri).path)
    return uri


def guard_outputs(
    out_dir: str | os.PathLike[str],
    *,
    tables: Sequence[str] = (),
    files: Sequence[str] = (),
    force: bool = False,
) -> None:
    """Refuse a local output folder that is not new, empty or ceasefire's own, or that holds a
    folder or file of another origin under one of the names written (Spark replaces a table
    folder whole); then mark those names as ceasefire's. A URL (hdfs://, s3a://) is not checked."""
    if "://" in str(out_dir):
        return
    from ..export.guard import check_folder, record

    check_folder(Path(out_dir), files, dirs=tables, force=force)
    record(Path(out_dir), (*tables, *files))
