"""The Spark reconcile job: clustering and incident assembly over the extract job's tables.

Reconciliation is blocked by week and by a coarse place grid (see :func:`block_keys`), so the
work grows with the size of the busiest week-and-area, not with the square of the corpus.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reconcile.anchor import DAY_PRECISIONS, publication_day
from .runtime import ReferenceFiles, reference_files, session, worker_reference
from .tables import RECONCILE_FILES, RECONCILE_TABLES, guard_outputs, table_schemas

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

    from ..reconcile.cluster import Node
    from ..records import Claim, Document, Incident, Mention
    from ..reference import Reference


# Reconcile grid: cells of CELL_DEG degrees; a mention joins every cell within the clustering's
# FAR_KM of its places, so two mentions close enough to be linked always share a cell.
CELL_DEG = 2.0


KM_PER_DEG_LAT = 111.2


# A mention with no usable date of its own is compared with the mentions of the week before its
# report was published (and the publication day itself): reports tell of recent events.
UNDATED_LOOKBACK_DAYS = 7


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


def _anchors(spark: SparkSession, in_dir: Path) -> dict[str, dt.date]:
    """The library's publication anchors of the undated reports (see ``reconcile.anchor``),
    computed on the driver from the reports' words, streamed twice."""
    from pyspark.sql import functions as F

    from ..reconcile.anchor import infer_publication

    docs = spark.read.parquet(str(in_dir / "documents")).select(
        "id", "text", "published", "published_precision"
    )
    undated = F.col("published").isNull() | ~F.col("published_precision").isin(*sorted(DAY_PRECISIONS))
    if docs.where(undated).limit(1).count() == 0:
        return {}

    def reports() -> Iterable[tuple[str, str, dt.date | None]]:
        for r in docs.toLocalIterator():
            yield r["id"], r["text"] or "", publication_day(r["published"], r["published_precision"])

    return {doc_id: a.day for doc_id, a in infer_publication(reports).items()}


def _doc_units(
    spark: SparkSession, in_dir: Path, files: ReferenceFiles, anchors: dict[str, dt.date]
) -> RDD[tuple[DocNodes, dt.date | None]]:
    from ..reconcile.cluster import nodes_for
    from ..store.queries import claim_from_row, mention_from_row

    docs = spark.read.parquet(str(in_dir / "documents")).select(
        "id", "dup_group", "published", "published_precision"
    )
    mentions = spark.read.parquet(str(in_dir / "mentions")).drop("month")
    claims = spark.read.parquet(str(in_dir / "claims")).drop("month")
    d_rdd = docs.rdd.map(
        lambda r: (
            r["id"],
            (
                r["dup_group"] or r["id"],
                publication_day(r["published"], r["published_precision"]) or anchors.get(r["id"]),
            ),
        )
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
            [mention_from_row(r) for r in mrows],
            [claim_from_row(r) for r in crows],
            {doc_id: group},
            {doc_id: pub},
            worker_reference(files).actors,
        )
        return [(DocNodes(doc_id, tuple(nodes)), pub)] if nodes else []

    return d_rdd.groupWith(m_rdd, c_rdd).flatMap(build)


def _cluster_block(units: Iterable[DocNodes]) -> tuple[int, list[list[str]]]:
    """The library's clustering over one block: its components with more than one member."""
    seen: dict[str, DocNodes] = {}
    for u in units:
        seen.setdefault(u.document_id, u)
    nodes = [n for doc_id in sorted(seen) for n in seen[doc_id].nodes]
    return len(nodes), _joined(nodes)


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
    joined: dict[str, str] = {m: uf.find(m) for m in list(uf.parent)}
    # a block clusters under guards that see only its block's part of each component (see
    # ``cluster._Guards``); the blocks' components joined through shared members can hold what
    # the guards keep apart. Each joined group is clustered again as a whole, in the store's
    # order, as the local path clusters it
    by_group = units.context.broadcast(joined)
    regrouped = (
        units.flatMap(
            lambda u: [
                (by_group.value[n.id], (u[0].document_id, i, n))
                for i, n in enumerate(u[0].nodes)
                if n.id in by_group.value
            ]
        )
        .groupByKey()
        .flatMap(lambda kv: _recluster(kv[1]))
        .collect()
    )
    by_group.unpersist()
    assignment = {m: incident_id(ms) for ms in regrouped for m in ms}
    return assignment, n_blocks, largest


def _recluster(members: Iterable[tuple[str, int, Node]]) -> list[list[str]]:
    """The library's clustering over one joined group's nodes, in the store's order: its
    components with more than one member."""
    return _joined([n for _d, _i, n in sorted(members, key=lambda x: (x[0], x[1]))])


def _joined(nodes: list[Node]) -> list[list[str]]:
    """The library's clustering over ``nodes``: its components with more than one member, each
    sorted."""
    from ..reconcile.cluster import cluster, components

    return [sorted(c) for c in components(nodes, cluster(nodes)) if len(c) > 1]


def _assemble_group(
    kv: tuple[str, Iterable[tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]]],
    files: ReferenceFiles,
    anchors: dict[str, dt.date],
) -> Incident:
    from ..reconcile import assemble_incident, claimant_names
    from ..store.queries import claim_from_row, document_from_row, mention_from_row

    inc_id, rows = kv
    ms: list[Mention] = []
    claims_by_mention: dict[str, list[Claim]] = defaultdict(list)
    docs: dict[str, Document] = {}
    for mrow, crows, drow in rows:
        m = mention_from_row(mrow)
        ms.append(m)
        claims_by_mention[m.id].extend(claim_from_row(c) for c in crows)
        if drow["id"] not in docs:
            docs[drow["id"]] = document_from_row(drow | {"text": ""})
    ref = worker_reference(files)
    return assemble_incident(
        inc_id,
        ms,
        claims_by_mention,
        docs,
        ref.outlets,
        claimant_names(ref.actors),
        ref.actors,
        ref.gazetteer,
        anchors,
    )


def reconcile(
    in_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str] | None = None,
    *,
    spark: SparkSession | None = None,
    force: bool = False,
    reference: Reference | None = None,
) -> ReconcileSummary:
    """Cluster the extracted mentions under ``in_dir`` into incidents, blocked by week and
    place cell, and write incident_members/ (Parquet), incidents.parquet + claims.parquet
    and incidents.acled.csv into ``out_dir`` (default ``in_dir``). ``reference`` is the
    reference data (parties' camps, outlets, names) every worker loads from its files; the one
    in force when None."""
    from ..export import Names
    from ..export.acled import write_acled_csv
    from ..export.parquet import write_parquet
    from ..reconcile.cluster import incident_id

    src = Path(in_dir)
    out = Path(out_dir) if out_dir else src
    guard_outputs(out, tables=RECONCILE_TABLES, files=RECONCILE_FILES, force=force)
    ref_files = reference_files(reference)
    spark = spark or session()
    sc = spark.sparkContext
    anchors = _anchors(spark, src)
    units = _doc_units(spark, src, ref_files, anchors)
    assignment, n_blocks, largest = incident_assignment(units)
    bc = sc.broadcast(assignment)

    in_incidents = "NOT (background AND event_type = 'Statement')"  # Mention.in_incident
    mentions = spark.read.parquet(str(src / "mentions")).drop("month").where(in_incidents)
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
    members_df = spark.createDataFrame(members, table_schemas()["incident_members"])
    members_df.coalesce(1).sortWithinPartitions("incident_id", "mention_id").write.mode("overwrite").parquet(
        str(out / "incident_members")
    )
    incidents = (
        keyed.groupByKey(numPartitions=sc.defaultParallelism * 2)
        .map(lambda kv: _assemble_group(kv, ref_files, anchors))
        .collect()
    )
    n_mentions = spark.read.parquet(str(out / "incident_members")).count()
    names = Names(worker_reference(ref_files))  # the driver's own copy of the reference data
    write_parquet(incidents, out / "incidents.parquet", names=names)
    acled = write_acled_csv(incidents, out / "incidents.acled.csv", names=names)
    files = (
        str(out / "incident_members"),
        str(out / "incidents.parquet"),
        str(out / "claims.parquet"),
        str(out / "incidents.acled.csv"),
    )
    return ReconcileSummary(n_mentions, len(incidents), n_blocks, largest, acled.rows, files)
