"""The Spark path (pyspark local[2]) against the local path on one 200-document input, and
Parquet input for `ceasefire ingest`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ceasefire import api
from ceasefire.spark.demo import demo_corpus, write_demo_jsonl
from ceasefire.spark.reconcile_job import node_cells, node_weeks
from ceasefire.store import Store

N_DOCS = 200


def _spark_missing() -> str:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (pip install pyspark)"
    if shutil.which("java") is None:
        return "no Java runtime (apt-get install openjdk-17-jre-headless)"
    return ""


needs_spark = pytest.mark.skipif(bool(_spark_missing()), reason=_spark_missing() or "ok")


def _claim_key(c: Any) -> tuple[Any, ...]:
    return (
        c["document_id"], c["kind"], c["side_affected"], c["value_low"], c["value_best"],
        c["value_high"], c["claimant"], c["start_char"], c["end_char"],
    )  # fmt: skip


# one story told by a dated report and by an undated one: the undated report's incident is dated
# by the dated report's day (reconcile/anchor.py), on Spark as locally
_TOLD = (
    "Shelling hit the water works at Dravenna on Friday, killing six technicians, the Harlov "
    "district governor Miroslav Endt said. Endt said the Dravenna pumps were flooded."
)
_RETOLD = (
    "Six technicians died when shells struck the Dravenna water works, said Miroslav "
    "Endt, governor of Harlov district, adding that the pumps at Dravenna were flooded."
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = write_demo_jsonl(tmp_path_factory.mktemp("in") / "docs.jsonl", N_DOCS)
    with path.open("a", encoding="utf-8") as f:
        for doc_id, text, day in (("told", _TOLD, "2025-03-14"), ("retold", _RETOLD, "")):
            row = {"id": doc_id, "outlet": "", "published": day, "text": text, "title": "", "url": ""}
            f.write(json.dumps(row) + "\n")
    return path


@pytest.fixture(scope="module")
def local(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from ceasefire.reconcile import update_incidents

    st = Store(f"sqlite:///{tmp_path_factory.mktemp('local') / 'l.db'}")
    report = api.ingest([corpus], store=st)
    assert not report.rejected
    api.extract(store=st)
    update_incidents(st)
    yield st
    st.close()


@pytest.fixture(scope="module")
def spark_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path, Any, Any]]:
    if _spark_missing():
        pytest.skip(_spark_missing())
    from ceasefire.spark import extract, reconcile, session

    spark = session("local[2]", driver_memory="1g")
    out = tmp_path_factory.mktemp("spark")
    ex = extract(corpus, out, spark=spark, partitions=6)
    rc = reconcile(out, spark=spark)
    yield spark, out, ex, rc
    spark.stop()


def test_demo_corpus_is_deterministic_and_varied() -> None:
    a = list(demo_corpus(40))
    assert a == list(demo_corpus(40))
    assert len({r["text"] for r in a}) == 40  # no two records are exact copies
    assert {r["outlet"] for r in a} >= {"armenpress", "azertac"}


def test_blocking_keys_cover_linkable_pairs() -> None:
    import datetime as dt

    from ceasefire.records import DateValue, Evidence, Mention, Place

    def m(day: dt.date, lat: float, lon: float) -> Mention:
        p = Place("x", "AM", "", lat, lon, "village", "exact")
        return Mention(
            "m", "d", "Battles", "Armed clash", "", "", "", "", "", "",
            DateValue(day, day, "day"), (p,), Evidence("d", 0, 1, "x"),
        )  # fmt: skip

    # a Sunday and the next Monday (two ISO weeks), 120 km apart across a 2-degree cell edge
    a, b = m(dt.date(2023, 9, 17), 39.9, 45.9), m(dt.date(2023, 9, 18), 40.1, 47.0)
    assert set(node_weeks(a, None)) & set(node_weeks(b, None))
    assert set(node_cells(a)) & set(node_cells(b))
    far = m(dt.date(2023, 9, 18), 10.0, 10.0)
    assert not set(node_cells(a)) & set(node_cells(far))


@pytest.mark.spark
@needs_spark
def test_spark_claims_equal_local(local: Store, spark_run: tuple[Any, Path, Any, Any]) -> None:
    spark, out, ex, _rc = spark_run
    local_claims = sorted(
        _claim_key(c.__dict__ | {"start_char": c.evidence.start, "end_char": c.evidence.end})
        for c in local.claims()
    )
    spark_claims = sorted(_claim_key(r.asDict()) for r in spark.read.parquet(str(out / "claims")).collect())
    assert len(local_claims) > 50
    assert spark_claims == local_claims
    assert ex.documents == local.count_documents() == N_DOCS + 2
    local_mentions = sorted(m.id for m in local.mentions())
    assert (
        sorted(r["id"] for r in spark.read.parquet(str(out / "mentions")).select("id").collect())
        == local_mentions
    )
    local_groups = {d.id: d.dup_group for d in local.documents()}
    spark_groups = {r["id"]: r["dup_group"] for r in spark.read.parquet(str(out / "documents")).collect()}
    assert spark_groups == local_groups


@pytest.mark.spark
@needs_spark
def test_spark_incidents_equal_local(local: Store, spark_run: tuple[Any, Path, Any, Any]) -> None:
    from ceasefire.reconcile import build_incidents

    spark, out, _ex, rc = spark_run
    built = build_incidents(local)
    local_incidents = {i.id: frozenset(m.id for m in i.mentions) for i in built}
    # the undated retelling's incident is dated by the day of the report that told it first
    (retold,) = [i for i in built if "a like report was published" in i.date_label]
    import pyarrow.parquet as pq

    table = pq.read_table(out / "incidents.parquet", columns=["id", "date_start"]).to_pydict()
    spark_days = dict(zip(table["id"], table["date_start"], strict=True))
    assert spark_days[retold.id] == retold.date_start
    assert spark_days == {i.id: i.date_start for i in built}
    rows = spark.read.parquet(str(out / "incident_members")).collect()
    spark_incidents: dict[str, set[str]] = {}
    for r in rows:
        spark_incidents.setdefault(r["incident_id"], set()).add(r["mention_id"])
    assert len(local_incidents) > 5
    assert {k: frozenset(v) for k, v in spark_incidents.items()} == local_incidents
    assert rc.incidents == len(local_incidents)
    assert rc.blocks > 1 and rc.largest_block < rc.mentions  # blocked, not one global block
    header = (out / "incidents.acled.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("event_id_cnty")


@pytest.mark.spark
@needs_spark
def test_spacy_model_loads_once_per_worker(spark_run: tuple[Any, Path, Any, Any]) -> None:
    _spark, out, ex, _rc = spark_run
    # 6 extraction tasks on 2 reused Python workers: at most one load per worker
    assert ex.partitions == 6
    assert 1 <= ex.model_loads <= 2
    months = {p.name for p in (out / "documents").iterdir() if p.name.startswith("month=")}
    assert len(months) > 2  # the corpus spans several publication months
    assert all(m == "month=unknown" or len(m) == len("month=2025-03") for m in months)


def test_ingest_accepts_parquet(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(demo_corpus(5))
    rows.append({"id": "empty", "text": "", "url": "", "outlet": "", "published": "", "title": ""})
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "docs.parquet")
    st = Store("sqlite:///:memory:")
    report = api.ingest([tmp_path / "docs.parquet"], store=st)
    assert len(report.stored) == 5
    assert [r.reason for r in report.rejected] == ["no-text"]
    docs = {d.url: d for d in st.documents()}
    first = docs[rows[0]["url"]]
    assert first.kind == "parquet" and first.outlet == rows[0]["outlet"]
    assert first.published.iso() == rows[0]["published"] and first.published.method == "metadata"
    assert json.dumps(first.to_dict())  # a normal, serialisable document


def test_spark_tables_carry_no_absolute_local_path(
    spark_run: tuple[Any, Path, Any, Any], corpus: Path
) -> None:
    spark, out, _ex, _rc = spark_run
    sources = [r.source for r in spark.read.parquet(str(out / "documents")).select("source").collect()]
    assert sources and all(s.startswith(f"{corpus.name}:") for s in sources), sources[:3]
    assert not any(str(corpus.parent) in s for s in sources)
