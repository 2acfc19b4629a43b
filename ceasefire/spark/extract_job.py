"""The Spark extract job: the library's ingest cleaning (with near-duplicate groups over the whole
corpus) and extraction over partitions of JSONL or Parquet documents, written as the store's
tables.

The spaCy pipeline loads once per Python worker, not per row or per partition:
``ceasefire.pipeline.build_nlp`` is an ``lru_cache`` in the worker process and Spark reuses its
Python workers across tasks (``spark.python.worker.reuse``, on by default and forced on by
:func:`~ceasefire.spark.runtime.session`), so the second and later partitions a worker runs find
the model loaded. The job counts real loads in an accumulator and reports them
(``ExtractSummary.model_loads``).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .runtime import ReferenceFiles, dump_fields, reference_files, session, worker_reference
from .tables import (
    EXTRACT_TABLES,
    guard_outputs,
    input_files,
    local_path,
    row_tuple,
    shown_file,
    table_schemas,
)

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

    from ..records import Document
    from ..reference import Reference


UNKNOWN_MONTH = "unknown"


def month_of(doc: Document) -> str:
    """The partition of a document: its publication month, or "unknown"."""
    p = doc.published
    if p.value is None or p.precision not in {"day", "week", "month"}:
        return UNKNOWN_MONTH
    return f"{p.value.year:04d}-{p.value.month:02d}"


@dataclass(frozen=True)
class ExtractSummary:
    documents: int
    duplicates: int
    near_duplicates: int
    rejected: int
    mentions: int
    claims: int
    skipped: int
    partitions: int
    model_loads: int  # spaCy pipeline loads over all workers (once per Python worker)


def _numbered(spark: SparkSession, files: Sequence[str]) -> RDD[tuple[str, int, int, Any]]:
    """(file, line within the file, global order, record) for every input record.

    JSONL lines arrive as strings, Parquet rows as dictionaries. Line numbers count from 1 in
    each file as ``ceasefire ingest`` counts them, so sources read ``file:line`` on both paths.
    """
    from pyspark.sql import functions as F

    jsonl = [f for f in files if not f.lower().endswith(".parquet")]
    parquet = [f for f in files if f.lower().endswith(".parquet")]
    parts = []
    if jsonl:
        df = spark.read.text(jsonl).select(F.input_file_name().alias("file"), F.col("value"))
        parts.append(df.rdd.map(lambda r: (r["file"], r["value"])))
    if parquet:
        df = spark.read.parquet(*parquet).withColumn("_file", F.input_file_name())
        parts.append(
            df.rdd.map(lambda r: (r["_file"], {k: v for k, v in r.asDict().items() if k != "_file"}))
        )
    rdd = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
    indexed = rdd.zipWithIndex()
    first = dict(indexed.map(lambda x: (x[0][0], x[1])).reduceByKey(min).collect())
    bc = spark.sparkContext.broadcast(first)
    return indexed.map(lambda x: (local_path(x[0][0]), x[1] - bc.value[x[0][0]] + 1, x[1], x[0][1]))


def _clean_partition(
    rows: Iterable[tuple[str, int, int, Any]], files: ReferenceFiles
) -> Iterator[tuple[str, Any]]:
    """Input records -> ("doc", (order, Document, minhash)) or ("rej", Rejected): the same
    reading and cleaning ``ceasefire ingest`` does for a JSONL or Parquet dump (outlets from the
    reference data of ``files``)."""
    from ..ingest import dedupe
    from ..ingest.pipeline import build_document
    from ..ingest.sources import dump_item
    from ..records import Rejected

    registry, fields = worker_reference(files).outlets, dump_fields()
    for file, line, order, value in rows:
        if isinstance(value, str):
            if not value.strip():
                continue
            kind = "jsonl"
            try:
                rec = json.loads(value)
            except json.JSONDecodeError as e:
                yield "rej", Rejected(file, "malformed-json", f"line {line}: {e.msg}", line)
                continue
            if not isinstance(rec, dict):
                yield "rej", Rejected(file, "malformed-json", f"line {line}: not a JSON object", line)
                continue
        else:
            kind, rec = "parquet", value
        item = dump_item(file, kind, line, rec, fields)
        if isinstance(item, Rejected):
            yield "rej", item
            continue
        built = build_document(item, registry)
        if isinstance(built, Rejected):
            yield "rej", built
            continue
        doc, _cleaned = built
        yield "doc", (order, doc, dedupe.to_bytes(dedupe.minhash(doc.text)))


def _near_duplicate_groups(
    docs: RDD[tuple[str, tuple[int, Document, bytes]]], threshold: float
) -> dict[str, str]:
    """doc id -> group id for documents with a near-copy, decided as ``ceasefire ingest``
    decides it: in input order, a document joins the group of its most similar earlier
    document (ties to the larger id) among those sharing an LSH band with it.

    The candidate pairs and their similarities are found in parallel; only the pairs above the
    threshold (a few per wire story) travel to the driver for the order-dependent part.
    """
    from datasketch import MinHashLSH

    from ..ingest import dedupe

    # the local index's own banding, so that both paths see the same candidate pairs
    lsh = MinHashLSH(threshold=threshold, num_perm=dedupe.NUM_PERM)
    n_bands, rows = lsh.b, lsh.r

    def bands(
        kv: tuple[str, tuple[int, Document, bytes]],
    ) -> Iterator[tuple[tuple[int, bytes], tuple[str, int, bytes]]]:
        doc_id, (order, _doc, sig) = kv
        width = 8 * rows
        for b in range(n_bands):
            yield (b, sig[b * width : (b + 1) * width]), (doc_id, order, sig)

    def pairs(members: Iterable[tuple[str, int, bytes]]) -> Iterator[tuple[int, str, int, str, float]]:
        ms = sorted(set(members), key=lambda m: m[1])
        for i, a in enumerate(ms):
            ha = dedupe.from_bytes(a[2])
            for b in ms[i + 1 :]:
                sim = float(dedupe.from_bytes(b[2]).jaccard(ha))
                if sim >= threshold:
                    yield b[1], b[0], a[1], a[0], sim  # (later, earlier)

    edges = (
        docs.flatMap(bands)
        .groupByKey()
        .filter(lambda kv: len(kv[1]) > 1)  # type: ignore[arg-type]
        .flatMap(lambda kv: pairs(kv[1]))
        .distinct()
        .collect()
    )
    earlier: dict[tuple[int, str], list[tuple[float, str]]] = defaultdict(list)
    for later_order, later_id, _earlier_order, earlier_id, sim in edges:
        earlier[(later_order, later_id)].append((sim, earlier_id))
    group: dict[str, str] = {}
    for (_order, doc_id), cands in sorted(earlier.items()):
        best = max(cands)
        group[doc_id] = group.get(best[1], best[1])
    for _sim, e in (c for cands in earlier.values() for c in cands):
        group.setdefault(e, group.get(e, e))
    return group


def _extract_partition(
    rows: Iterable[tuple[int, Document, bytes]], loads: Any, version: str, files: ReferenceFiles
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Documents -> tagged rows of the documents, mentions, claims and extractions tables,
    extracted with the reference data of ``files``."""
    from ..extract.run import extract_documents
    from ..pipeline import build_nlp
    from ..store.queries import claim_row, document_row, mention_row

    schemas = table_schemas()
    if build_nlp.cache_info().currsize == 0:
        loads.add(1)  # this worker loads the model now; later tasks on it find it cached
    batch = list(rows)
    by_id = {d.id: (order, d, sig) for order, d, sig in batch}

    def docs() -> Iterator[Document]:
        for _order, d, _sig in batch:
            yield d

    for ex in extract_documents(docs(), reference=worker_reference(files)):
        order, d, sig = by_id[ex.document_id]
        month = month_of(d)
        yield (
            "documents",
            row_tuple(
                document_row(d) | {"input_order": order, "minhash": sig, "month": month}, schemas["documents"]
            ),
        )
        for m in ex.mentions:
            yield "mentions", row_tuple(mention_row(m) | {"month": month}, schemas["mentions"])
        for c in ex.claims:
            yield "claims", row_tuple(claim_row(c) | {"month": month}, schemas["claims"])
        yield (
            "extractions",
            row_tuple(
                {
                    "document_id": d.id,
                    "version": version,
                    "status": ex.status,
                    "reason": ex.reason,
                    "mentions": len(ex.mentions),
                    "claims": len(ex.claims),
                    "month": month,
                },
                schemas["extractions"],
            ),
        )


def extract(
    source: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    spark: SparkSession | None = None,
    partitions: int | None = None,
    force: bool = False,
    reference: Reference | None = None,
) -> ExtractSummary:
    """Clean and extract JSONL/Parquet documents into Parquet tables under ``out_dir``:
    documents/, mentions/, claims/, extractions/ (partitioned by publication month) and
    rejected/. An input record whose text is already in the output set (same document id) is a
    duplicate and kept once, the earliest input winning, as ``ceasefire ingest`` does.
    ``out_dir`` must be new, empty or written by ceasefire (``force``: beside other files).
    ``reference`` is the reference data (outlets, parties, places) every worker loads from its
    files; the one in force when None."""
    from dataclasses import replace

    from pyspark import StorageLevel

    from ..extract.run import EXTRACTOR_VERSION
    from ..settings import load_settings

    guard_outputs(out_dir, tables=EXTRACT_TABLES, force=force)
    ref_files = reference_files(reference)
    spark = spark or session()
    sc = spark.sparkContext
    files = input_files(source)
    out = Path(out_dir)
    schemas = table_schemas()
    if not files:
        from ..errors import SourceError

        raise SourceError(f"{source}: no .jsonl, .ndjson, .json or .parquet files", reason="empty")
    n_parts = partitions or max(2, sc.defaultParallelism * 2)

    # records are read from the resolved files and recorded under the name the user gave
    # (shared outputs never carry an absolute local path), as `ceasefire ingest` records them
    shown = sc.broadcast({f: shown_file(f, str(source)) for f in files})
    numbered = _numbered(spark, files).map(lambda t: (shown.value.get(t[0], t[0]), *t[1:]))
    cleaned = numbered.repartition(n_parts).mapPartitions(lambda rows: _clean_partition(rows, ref_files))
    cleaned.persist(StorageLevel.MEMORY_AND_DISK)
    rejected = cleaned.filter(lambda t: t[0] == "rej").map(
        lambda t: (t[1].source, t[1].reason, t[1].detail, t[1].line)
    )
    candidates = cleaned.filter(lambda t: t[0] == "doc").map(lambda t: (t[1][1].id, t[1]))
    unique = candidates.reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
    unique.persist(StorageLevel.MEMORY_AND_DISK)
    n_candidates = candidates.count()
    groups = _near_duplicate_groups(unique, load_settings().near_duplicate_threshold)
    bc_groups = sc.broadcast(groups)

    def with_group(kv: tuple[str, tuple[int, Document, bytes]]) -> tuple[int, Document, bytes]:
        order, d, sig = kv[1]
        return order, replace(d, dup_group=bc_groups.value.get(d.id, d.id)), sig

    loads = sc.accumulator(0)
    tagged = (
        unique.map(with_group)
        .sortBy(lambda t: t[0], numPartitions=n_parts)  # input order within partitions, like ingest
        .mapPartitions(lambda rows: _extract_partition(rows, loads, EXTRACTOR_VERSION, ref_files))
    )
    tagged.persist(StorageLevel.MEMORY_AND_DISK)
    counts: dict[str, int] = {}
    for table in ("documents", "mentions", "claims", "extractions"):
        rdd = tagged.filter(lambda t, name=table: t[0] == name).map(lambda t: t[1])  # type: ignore[misc]
        df = spark.createDataFrame(rdd, schemas[table])
        key = "id" if table in {"documents", "mentions", "claims"} else "document_id"
        (
            df.repartition("month")
            .sortWithinPartitions(key)
            .write.mode("overwrite")
            .partitionBy("month")
            .parquet(str(out / table))
        )
        counts[table] = spark.read.parquet(str(out / table)).count()
    rej_df = (
        spark.createDataFrame(rejected, schemas["rejected"])
        .coalesce(1)
        .sortWithinPartitions("source", "line")
    )
    rej_df.write.mode("overwrite").parquet(str(out / "rejected"))
    n_rejected = spark.read.parquet(str(out / "rejected")).count()
    skipped = spark.read.parquet(str(out / "extractions")).where("status != 'ok'").count()
    summary = ExtractSummary(
        documents=counts["documents"],
        duplicates=n_candidates - counts["documents"],
        near_duplicates=sum(1 for d, g in groups.items() if d != g),
        rejected=n_rejected,
        mentions=counts["mentions"],
        claims=counts["claims"],
        skipped=skipped,
        partitions=n_parts,
        model_loads=int(loads.value),
    )
    for rdd in (cleaned, unique, tagged):
        rdd.unpersist()
    return summary
