"""The Spark job: the library's ingest cleaning, extraction and reconciliation over partitions.

Nothing here re-implements a pipeline step: every partition calls the same functions the local
path calls (``build_document``, ``extract_documents``, ``nodes_for``/``cluster``, the incident
assembler, the exporters), so the Spark path and ``ceasefire ingest`` + ``extract`` give the same
documents, mentions and claims. Rows are the store's own row dictionaries, so a Parquet table
and a store table have the same columns.

The spaCy pipeline loads once per Python worker, not per row or per partition:
``ceasefire.pipeline.build_nlp`` is an ``lru_cache`` in the worker process and Spark reuses its
Python workers across tasks (``spark.python.worker.reuse``, on by default and forced on by
:func:`session`), so the second and later partitions a worker runs find the model loaded. The
job counts real loads in an accumulator and reports them (``ExtractSummary.model_loads``).

Reconciliation is blocked by week and by a coarse place grid (see :func:`block_keys`), so the
work grows with the size of the busiest week-and-area, not with the square of the corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

    from ..reconcile.cluster import Node
    from ..records import Claim, Document, Incident, Mention

INPUT_EXT = {".jsonl", ".ndjson", ".json", ".parquet"}
TABLES = ("documents", "mentions", "claims", "extractions", "rejected")
UNKNOWN_MONTH = "unknown"
# Reconcile grid: cells of CELL_DEG degrees; a mention joins every cell within the clustering's
# FAR_KM of its places, so two mentions close enough to be linked always share a cell.
CELL_DEG = 2.0
KM_PER_DEG_LAT = 111.2
# A mention with no usable date of its own is compared with the mentions of the week before its
# report was published (and the publication day itself): reports tell of recent events.
UNDATED_LOOKBACK_DAYS = 7


# -- session ----------------------------------------------------------------------------------


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


# -- schemas (the store's row dictionaries, plus the partition column) -------------------------


def _schemas() -> dict[str, Any]:
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

    def s(*cols: tuple[str, Any]) -> StructType:
        return StructType([StructField(n, t, True) for n, t in cols])

    S, N, L, B = StringType(), IntegerType(), LongType(), BooleanType()
    docs = s(
        ("id", S), ("source", S), ("url", S), ("title", S), ("text", S), ("outlet", S),
        ("outlet_method", S), ("author", S), ("site_name", S), ("published", S),
        ("published_precision", S), ("published_method", S), ("published_evidence", S),
        ("published_start", N), ("published_end", N), ("language", S), ("language_score", DoubleType()),
        ("dup_group", S), ("kind", S), ("ingested_at", S), ("input_order", L), ("minhash", BinaryType()),
        ("month", S),
    )  # fmt: skip
    mentions = s(
        ("id", S), ("document_id", S), ("event_type", S), ("sub_event_type", S), ("actor1", S),
        ("actor1_side", S), ("actor2", S), ("actor2_side", S), ("claimant", S), ("claimant_side", S),
        ("date_start", S), ("date_end", S), ("date_precision", S), ("date_expression", S),
        ("date_note", S), ("places", S), ("start_char", N), ("end_char", N), ("quote", S),
        ("background", B), ("negated", B), ("hedge", S), ("month", S),
    )  # fmt: skip
    claims = s(
        ("id", S), ("document_id", S), ("mention_id", S), ("claimant", S), ("claimant_side", S),
        ("kind", S), ("side_affected", S), ("civilian", B), ("value_low", L), ("value_best", L),
        ("value_high", L), ("start_char", N), ("end_char", N), ("quote", S), ("made_on", S),
        ("hedge", S), ("month", S),
    )  # fmt: skip
    extractions = s(
        ("document_id", S), ("version", S), ("status", S), ("reason", S), ("mentions", N), ("claims", N),
        ("month", S),
    )  # fmt: skip
    rejected = s(("source", S), ("reason", S), ("detail", S), ("line", L))
    members = s(("mention_id", S), ("incident_id", S))
    return {
        "documents": docs,
        "mentions": mentions,
        "claims": claims,
        "extractions": extractions,
        "rejected": rejected,
        "incident_members": members,
    }


def _tuple(row: dict[str, Any], schema: Any) -> tuple[Any, ...]:
    return tuple(row.get(f.name) for f in schema.fields)


def month_of(doc: Document) -> str:
    """The partition of a document: its publication month, or "unknown"."""
    p = doc.published
    if p.value is None or p.precision not in {"day", "week", "month"}:
        return UNKNOWN_MONTH
    return f"{p.value.year:04d}-{p.value.month:02d}"


# -- extract ------------------------------------------------------------------------------------


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


def _shown_file(path: str, given: str) -> str:
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
    return indexed.map(lambda x: (_local_path(x[0][0]), x[1] - bc.value[x[0][0]] + 1, x[1], x[0][1]))


def _local_path(uri: str) -> str:
    if uri.startswith("file:"):
        from urllib.parse import unquote, urlparse

        return unquote(urlparse(uri).path)
    return uri


def _clean_partition(rows: Iterable[tuple[str, int, int, Any]]) -> Iterator[tuple[str, Any]]:
    """Input records -> ("doc", (order, Document, minhash)) or ("rej", Rejected): the same
    reading and cleaning ``ceasefire ingest`` does for a JSONL or Parquet dump."""
    from ..ingest import dedupe
    from ..ingest.pipeline import build_document
    from ..ingest.sources import _dump_item
    from ..records import Rejected

    registry, fields = _ingest_context()
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
        item = _dump_item(file, kind, line, rec, fields)
        if isinstance(item, Rejected):
            yield "rej", item
            continue
        built = build_document(item, registry)
        if isinstance(built, Rejected):
            yield "rej", built
            continue
        doc, _cleaned = built
        yield "doc", (order, doc, dedupe.to_bytes(dedupe.minhash(doc.text)))


def _ingest_context() -> tuple[Any, Any]:
    """The outlet registry and dump field names, loaded once per worker."""
    global _INGEST_CTX
    if _INGEST_CTX is None:
        from ..ingest.outlets import OutletRegistry
        from ..settings import load_settings

        cfg = load_settings()
        _INGEST_CTX = (OutletRegistry.load(cfg.outlets_files), cfg.fields)
    return _INGEST_CTX


_INGEST_CTX: tuple[Any, Any] | None = None


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
    rows: Iterable[tuple[int, Document, bytes]], loads: Any, version: str
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Documents -> tagged rows of the documents, mentions, claims and extractions tables."""
    from ..extract.run import extract_documents
    from ..pipeline import build_nlp
    from ..store import _claim_row, _doc_row, _mention_row

    schemas = _schemas()
    if build_nlp.cache_info().currsize == 0:
        loads.add(1)  # this worker loads the model now; later tasks on it find it cached
    batch = list(rows)
    by_id = {d.id: (order, d, sig) for order, d, sig in batch}

    def docs() -> Iterator[Document]:
        for _order, d, _sig in batch:
            yield d

    for ex in extract_documents(docs()):
        order, d, sig = by_id[ex.document_id]
        month = month_of(d)
        yield (
            "documents",
            _tuple(
                _doc_row(d) | {"input_order": order, "minhash": sig, "month": month}, schemas["documents"]
            ),
        )
        for m in ex.mentions:
            yield "mentions", _tuple(_mention_row(m) | {"month": month}, schemas["mentions"])
        for c in ex.claims:
            yield "claims", _tuple(_claim_row(c) | {"month": month}, schemas["claims"])
        yield (
            "extractions",
            _tuple(
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


EXTRACT_TABLES = ("documents", "mentions", "claims", "extractions", "rejected")
RECONCILE_TABLES = ("incident_members",)
RECONCILE_FILES = ("incidents.parquet", "claims.parquet", "incidents.acled.csv")


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


def extract(
    source: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    spark: SparkSession | None = None,
    partitions: int | None = None,
    force: bool = False,
) -> ExtractSummary:
    """Clean and extract JSONL/Parquet documents into Parquet tables under ``out_dir``:
    documents/, mentions/, claims/, extractions/ (partitioned by publication month) and
    rejected/. An input record whose text is already in the output set (same document id) is a
    duplicate and kept once, the earliest input winning, as ``ceasefire ingest`` does.
    ``out_dir`` must be new, empty or written by ceasefire (``force``: beside other files)."""
    from dataclasses import replace

    from pyspark import StorageLevel

    from ..extract.run import EXTRACTOR_VERSION
    from ..settings import load_settings

    guard_outputs(out_dir, tables=EXTRACT_TABLES, force=force)
    spark = spark or session()
    sc = spark.sparkContext
    files = input_files(source)
    out = Path(out_dir)
    schemas = _schemas()
    if not files:
        from ..errors import SourceError

        raise SourceError(f"{source}: no .jsonl, .ndjson, .json or .parquet files", reason="empty")
    n_parts = partitions or max(2, sc.defaultParallelism * 2)

    # records are read from the resolved files and recorded under the name the user gave
    # (shared outputs never carry an absolute local path), as `ceasefire ingest` records them
    shown = sc.broadcast({f: _shown_file(f, str(source)) for f in files})
    numbered = _numbered(spark, files).map(lambda t: (shown.value.get(t[0], t[0]), *t[1:]))
    cleaned = numbered.repartition(n_parts).mapPartitions(_clean_partition)
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
        .mapPartitions(lambda rows: _extract_partition(rows, loads, EXTRACTOR_VERSION))
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


# -- reconcile ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconcileSummary:
    mentions: int
    incidents: int
    blocks: int
    largest_block: int  # mentions in the busiest block: the quadratic part of the work
    acled_rows: int
    files: tuple[str, ...]


def _weeks(start: dt.date, end: dt.date) -> list[str]:
    out = []
    d = start - dt.timedelta(days=start.weekday())
    while d <= end:
        y, w, _ = d.isocalendar()
        out.append(f"{y:04d}-W{w:02d}")
        d += dt.timedelta(days=7)
    return out


def node_weeks(m: Mention, published: dt.date | None) -> list[str]:
    """The ISO weeks in which a mention looks for partners.

    A day-dated mention links to mentions within a day, so it joins the weeks of the day
    before, the day and the day after; a week- or month-dated one joins every week its period
    covers. A mention with no date of its own joins the week before its publication; with no
    publication date either, the "undated" block (or the block of its month when a day and
    month without a year are named).
    """
    from ..extract.assemble import month_day

    one = dt.timedelta(days=1)
    if m.date.start is not None and m.date.precision == "day":
        return _weeks(m.date.start - one, m.date.start + one)
    if m.date.start is not None and m.date.precision in {"week", "month"}:
        return _weeks(m.date.start - one, (m.date.end or m.date.start) + one)
    if published is not None:
        return _weeks(published - dt.timedelta(days=UNDATED_LOOKBACK_DAYS), published + one)
    md = month_day(m.date.expression)
    return [f"md-{md[0]:02d}"] if md else ["undated"]


def node_cells(m: Mention) -> list[str]:
    """The grid cells within the clustering's far limit of a mention's places ([] if unplaced).

    Two mentions whose places are further apart than ``cluster.FAR_KM`` are never linked, and
    two closer than that always share a cell, because each joins every cell its FAR_KM box
    touches. A grid, not countries: in a border war each side names the village on its own side
    of the line, and the two reports must still meet.
    """
    from ..reconcile.cluster import FAR_KM

    cells: set[str] = set()
    for p in m.places:
        if p.precision == "country":
            continue
        dlat = FAR_KM / KM_PER_DEG_LAT
        lat_lo, lat_hi = max(-90.0, p.latitude - dlat), min(90.0, p.latitude + dlat)
        coslat = math.cos(math.radians(min(89.0, max(abs(lat_lo), abs(lat_hi)))))
        dlon = FAR_KM / (KM_PER_DEG_LAT * coslat)
        lon_lo, lon_hi = p.longitude - dlon, p.longitude + dlon
        if dlon >= 180:
            lon_lo, lon_hi = -180.0, 179.999
        for i in range(math.floor(lat_lo / CELL_DEG), math.floor(lat_hi / CELL_DEG) + 1):
            for j in range(math.floor(lon_lo / CELL_DEG), math.floor(lon_hi / CELL_DEG) + 1):
                jj = (j + int(180 / CELL_DEG)) % int(360 / CELL_DEG) - int(180 / CELL_DEG)  # wrap at 180°
                cells.add(f"{i}:{jj}")
    return sorted(cells)


@dataclass(frozen=True)
class DocNodes:
    """One document's clustering nodes: the unit a block holds (never split, because a
    report's statements attach to that report's own violent event)."""

    document_id: str
    nodes: tuple[Node, ...]


def block_keys(unit: DocNodes, published: dt.date | None) -> tuple[set[tuple[str, str]], set[str]]:
    """(cell, week) blocks the document's placed mentions need, and the weeks where it has
    unplaced mentions (those join every cell block of the week, and the week's "*" block)."""
    placed: set[tuple[str, str]] = set()
    unplaced: set[str] = set()
    for n in unit.nodes:
        weeks = node_weeks(n.mention, published)
        cells = node_cells(n.mention)
        if cells:
            placed.update((c, w) for c in cells for w in weeks)
        else:
            unplaced.update(weeks)
    return placed, unplaced


def _doc_units(spark: SparkSession, in_dir: Path) -> RDD[tuple[DocNodes, dt.date | None]]:
    from ..reconcile.cluster import nodes_for
    from ..store import _row_claim, _row_mention

    docs = spark.read.parquet(str(in_dir / "documents")).select(
        "id", "dup_group", "published", "published_precision"
    )
    mentions = spark.read.parquet(str(in_dir / "mentions")).drop("month")
    claims = spark.read.parquet(str(in_dir / "claims")).drop("month")
    d_rdd = docs.rdd.map(
        lambda r: (r["id"], (r["dup_group"] or r["id"], _pub_date(r["published"], r["published_precision"])))
    )
    m_rdd = mentions.rdd.map(lambda r: (r["document_id"], r.asDict()))
    c_rdd = claims.rdd.map(lambda r: (r["document_id"], r.asDict()))

    def build(
        kv: tuple[str, tuple[Iterable[Any], Iterable[Any], Iterable[Any]]],
    ) -> list[tuple[DocNodes, dt.date | None]]:
        doc_id, (meta, ms, cs) = kv
        metas = list(meta)
        if not metas:
            return []
        group, pub = metas[0]
        # the store's order, so that the nodes are the ones the local path builds
        mrows = sorted(ms, key=lambda r: (r["start_char"], r["event_type"], r["sub_event_type"]))
        crows = sorted(cs, key=lambda r: (r["start_char"], r["kind"], r["id"]))
        nodes = nodes_for(
            [_row_mention(r) for r in mrows], [_row_claim(r) for r in crows], {doc_id: group}, {doc_id: pub}
        )
        return [(DocNodes(doc_id, tuple(nodes)), pub)] if nodes else []

    return d_rdd.groupWith(m_rdd, c_rdd).flatMap(build)


def _pub_date(value: str | None, precision: str | None) -> dt.date | None:
    if not value or precision not in {"day", "week"}:
        return None
    return dt.date.fromisoformat(value)


def _cluster_block(units: Iterable[DocNodes]) -> tuple[int, list[list[str]]]:
    """The library's clustering over one block: its components with more than one member."""
    from ..reconcile.cluster import cluster

    seen: dict[str, DocNodes] = {}
    for u in units:
        seen.setdefault(u.document_id, u)
    nodes = [n for doc_id in sorted(seen) for n in seen[doc_id].nodes]
    uf = cluster(nodes)
    comps: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        comps[uf.find(n.id)].append(n.id)
    return len(nodes), [sorted(c) for c in comps.values() if len(c) > 1]


def incident_assignment(
    units: RDD[tuple[DocNodes, dt.date | None]],
) -> tuple[dict[str, str], int, int]:
    """mention id -> incident id for every mention in a multi-member incident (mentions not
    in the map are incidents of their own), the number of blocks and the largest block."""
    from ..reconcile.cluster import UnionFind, incident_id

    keyed = units.map(lambda u: (u[0], block_keys(u[0], u[1])))
    placed = keyed.flatMap(lambda kv: [(k, kv[0]) for k in kv[1][0]])
    unplaced = keyed.flatMap(lambda kv: [(w, kv[0]) for w in kv[1][1]])
    cells_of_week = placed.keys().distinct().map(lambda cw: (cw[1], cw[0]))
    visitors = unplaced.join(cells_of_week).map(lambda kv: ((kv[1][1], kv[0]), kv[1][0]))
    alone = unplaced.map(lambda kv: (("*", kv[0]), kv[1]))
    n = units.context.defaultParallelism * 2
    blocks = placed.union(visitors).union(alone).groupByKey(numPartitions=n).mapValues(_cluster_block)
    blocks.persist()
    n_blocks = blocks.count()
    largest = blocks.map(lambda kv: kv[1][0]).max() if n_blocks else 0
    uf = UnionFind()
    # only multi-member components travel to the driver: a few ids per incident
    for comp in blocks.flatMap(lambda kv: kv[1][1]).collect():
        for m in comp[1:]:
            uf.union(comp[0], m)
    blocks.unpersist()
    groups: dict[str, list[str]] = defaultdict(list)
    for m in list(uf.parent):
        groups[uf.find(m)].append(m)
    assignment = {m: incident_id(ms) for ms in groups.values() for m in ms}
    return assignment, n_blocks, largest


def _assemble_group(
    kv: tuple[str, Iterable[tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]]],
) -> Incident:
    from ..reconcile import _assemble, _claimant_names
    from ..store import _row_claim, _row_doc, _row_mention

    inc_id, rows = kv
    ms: list[Mention] = []
    claims_by_mention: dict[str, list[Claim]] = defaultdict(list)
    docs: dict[str, Document] = {}
    for mrow, crows, drow in rows:
        m = _row_mention(mrow)
        ms.append(m)
        claims_by_mention[m.id].extend(_row_claim(c) for c in crows)
        if drow["id"] not in docs:
            docs[drow["id"]] = _row_doc(drow | {"text": ""})
    registry, _fields = _ingest_context()
    return _assemble(inc_id, ms, claims_by_mention, docs, registry, _claimant_names())


def reconcile(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    spark: SparkSession | None = None,
    force: bool = False,
) -> ReconcileSummary:
    """Cluster the extracted mentions under ``in_dir`` into incidents, blocked by week and
    place cell, and write incident_members/ (Parquet), incidents.parquet + claims.parquet
    and incidents.acled.csv into ``out_dir`` (default ``in_dir``)."""
    from ..export.acled import write_acled_csv
    from ..export.parquet import write_parquet
    from ..reconcile.cluster import incident_id

    src = Path(in_dir)
    out = Path(out_dir) if out_dir else src
    guard_outputs(out, tables=RECONCILE_TABLES, files=RECONCILE_FILES, force=force)
    spark = spark or session()
    sc = spark.sparkContext
    units = _doc_units(spark, src)
    assignment, n_blocks, largest = incident_assignment(units)
    bc = sc.broadcast(assignment)

    mentions = spark.read.parquet(str(src / "mentions")).drop("month").where("NOT background")
    claims = spark.read.parquet(str(src / "claims")).drop("month")
    docs = spark.read.parquet(str(src / "documents")).drop("month", "text", "minhash", "input_order")
    m_rdd = mentions.rdd.map(lambda r: (r["id"], r.asDict()))
    c_rdd = claims.rdd.map(lambda r: (r["mention_id"], r.asDict())).groupByKey().mapValues(list)
    d_rdd = docs.rdd.map(lambda r: (r["id"], r.asDict()))
    with_claims = m_rdd.leftOuterJoin(c_rdd).map(
        lambda kv: (kv[1][0]["document_id"], (kv[1][0], kv[1][1] or []))
    )
    with_docs = with_claims.join(d_rdd).map(lambda kv: (kv[1][0][0], kv[1][0][1], kv[1][1]))

    def inc_of(row: tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]) -> str:
        mid = row[0]["id"]
        return bc.value.get(mid) or incident_id([mid])

    keyed = with_docs.map(lambda row: (inc_of(row), row))
    members = keyed.map(lambda kv: (kv[1][0]["id"], kv[0]))
    members_df = spark.createDataFrame(members, _schemas()["incident_members"])
    members_df.coalesce(1).sortWithinPartitions("incident_id", "mention_id").write.mode("overwrite").parquet(
        str(out / "incident_members")
    )
    incidents = keyed.groupByKey(numPartitions=sc.defaultParallelism * 2).map(_assemble_group).collect()
    n_mentions = spark.read.parquet(str(out / "incident_members")).count()
    write_parquet(incidents, out / "incidents.parquet")
    acled = write_acled_csv(incidents, out / "incidents.acled.csv")
    files = (
        str(out / "incident_members"),
        str(out / "incidents.parquet"),
        str(out / "claims.parquet"),
        str(out / "incidents.acled.csv"),
    )
    return ReconcileSummary(n_mentions, len(incidents), n_blocks, largest, acled.rows, files)


# -- a synthetic corpus for tests and benchmarks ------------------------------------------------

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_NUMBER_SWAPS: tuple[dict[str, str], ...] = (
    {},
    {"two": "three", "four": "five"},
    {"two": "six", "three": "two"},
    {"four": "seven", "one": "two"},
)


def demo_corpus(n: int) -> Iterator[dict[str, str]]:
    """``n`` documents (text, url, outlet, published, title, id) made deterministically from the
    bundled demo corpus by shifting months, swapping figures and places: each variant is a
    different story, and the variants of one story share a publication month."""
    import csv
    import re
    from importlib.resources import files

    root = files("ceasefire").joinpath("data/demo")
    manifest = {r["path"]: r for r in csv.DictReader(root.joinpath("manifest.csv").open(encoding="utf-8"))}
    names = sorted(manifest)
    texts = {name: root.joinpath(name).read_text(encoding="utf-8") for name in names}
    month_re = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
    # the demo story's places and stand-ins of the same areas: data (beside the demo folder,
    # whose every report file the demo ingests)
    variants = json.loads(files("ceasefire").joinpath("data/demo_variants.json").read_text("utf-8"))
    place_swaps: list[dict[str, str]] = variants["place_swaps"]
    for i in range(n):
        name = names[i % len(names)]
        variant = i // len(names)
        shift = variant % 12
        years = variant // 12
        places = place_swaps[variant % len(place_swaps)]
        numbers = _NUMBER_SWAPS[(variant // len(place_swaps)) % len(_NUMBER_SWAPS)]

        def shifted(m: re.Match[str], k: int = shift) -> str:
            return _MONTHS[(_MONTHS.index(m.group(1)) + k) % 12]

        text = month_re.sub(shifted, texts[name])
        for old, new in {**places, **numbers}.items():
            text = re.sub(rf"\b{old}\b", new, text)
        text = re.sub(r"\b2025\b", str(2025 + years), text)
        row = manifest[name]
        published = ""
        if row["published"]:
            d = dt.date.fromisoformat(row["published"])
            month = (d.month - 1 + shift) % 12 + 1
            published = dt.date(
                d.year + years + (d.month - 1 + shift) // 12, month, min(d.day, 28)
            ).isoformat()
            text = text.replace("2025", str(int(published[:4]))) if years else text
        yield {
            "id": f"{Path(name).stem}-v{variant:03d}",
            "text": text + f"\n\n(Report {variant + 1} in this series.)\n" if variant else text,
            "url": f"{row['url']}?v={variant}" if variant else row["url"],
            "outlet": row["outlet"],
            "published": published,
            "title": row["title"],
        }


def write_demo_jsonl(path: str | os.PathLike[str], n: int) -> Path:
    """Write :func:`demo_corpus` as JSON lines; returns the path."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as fh:
        for row in demo_corpus(n):
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return p
