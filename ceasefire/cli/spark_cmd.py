"""spark: the extractor and the reconciler as Apache Spark jobs, for corpora of millions.

Registered on the main app by ``cli/app.py`` (``app.add_typer(spark_app, name="spark")``).
pyspark is imported only when one of these commands runs.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..errors import ConfigError
from ._base import app, err, out, state
from ._options import ForceOpt

if TYPE_CHECKING:
    from ..reference import Reference

spark_app = typer.Typer(
    name="spark",
    help="Run extraction and reconciliation on Apache Spark (local mode or a cluster).\n\n"
    "Example: `ceasefire spark extract crawl/ --out tables/ && ceasefire spark reconcile tables/`",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

MasterOpt = Annotated[
    str,
    typer.Option(
        "--master",
        help="Spark master: local[N] on one machine (N cores), or a cluster URL. Under "
        "spark-submit use `python -m ceasefire.spark` instead, which keeps spark-submit's master.",
    ),
]


def _spark(master: str) -> Any:
    try:
        from ..spark import session
    except ImportError as e:  # pragma: no cover - pyspark missing
        raise ConfigError(f"the spark commands need pyspark: pip install pyspark ({e})") from e
    try:
        return session(master)
    except ImportError as e:
        raise ConfigError(f"the spark commands need pyspark: pip install pyspark ({e})") from e


def _reference(ctx: typer.Context) -> Reference:
    """The reference data of the settings (their conflict profiles and outlet files)."""
    from ..reference import load_reference

    settings = state(ctx).settings()
    return load_reference(tuple(settings.profiles), tuple(settings.outlets_files))


@spark_app.command("extract")
def extract_command(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(help="A JSONL or Parquet file of documents, or a folder of them.")
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet tables.")],
    master: MasterOpt = "local[2]",
    partitions: Annotated[
        int | None, typer.Option("--partitions", help="Extraction tasks (default: 2 per core).")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Clean and extract documents into Parquet tables, partitioned by publication month.

    Each record needs a text field; url, outlet, published and title are read when present
    (the same field names as `ceasefire ingest` reads from dumps). Writes documents/,
    mentions/, claims/ and extractions/ (partitioned by month=YYYY-MM or month=unknown) and
    rejected/ under --out. The spaCy model loads once per Python worker.

    Example: ceasefire spark extract crawl/2023/ --out tables/ --master local[8]
    """
    from ..spark import extract
    from ..spark.tables import EXTRACT_TABLES, guard_outputs

    guard_outputs(out_dir, tables=EXTRACT_TABLES, force=force)  # before Spark starts
    ref = _reference(ctx)
    spark = _spark(master)
    try:
        summary = extract(source, out_dir, spark=spark, partitions=partitions, force=force, reference=ref)
    finally:
        spark.stop()
    err.print(
        f"{summary.documents} documents ({summary.duplicates} duplicates, {summary.rejected} rejected), "
        f"{summary.mentions} mentions, {summary.claims} claims -> {out_dir}"
    )
    out.print_json(json.dumps(asdict(summary)))


@spark_app.command("reconcile")
def reconcile_command(
    ctx: typer.Context,
    tables: Annotated[Path, typer.Argument(help="The --out folder of `ceasefire spark extract`.")],
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Where to write incidents (default: TABLES).")
    ] = None,
    master: MasterOpt = "local[2]",
    force: ForceOpt = False,
) -> None:
    """Cluster mentions into incidents, blocked by ISO week and a 2-degree place grid, and write
    incident_members/ (Parquet), incidents.parquet, claims.parquet and incidents.acled.csv.

    Example: ceasefire spark reconcile tables/
    """
    from ..spark import reconcile
    from ..spark.tables import RECONCILE_FILES, RECONCILE_TABLES, guard_outputs

    if not (tables / "mentions").exists():
        raise typer.BadParameter(f"{tables} has no mentions/ table: run `ceasefire spark extract` first")
    guard_outputs(out_dir or tables, tables=RECONCILE_TABLES, files=RECONCILE_FILES, force=force)
    ref = _reference(ctx)
    spark = _spark(master)
    try:
        summary = reconcile(tables, out_dir, spark=spark, force=force, reference=ref)
    finally:
        spark.stop()
    err.print(f"{summary.incidents} incidents from {summary.mentions} mentions in {summary.blocks} blocks")
    out.print_json(json.dumps(asdict(summary), default=str))


app.add_typer(spark_app, name="spark")
