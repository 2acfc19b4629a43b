"""``python -m ceasefire.spark extract INPUT --out DIR`` / ``reconcile DIR [--out DIR]``.

Under ``spark-submit`` the master and resources come from spark-submit (``--master yarn``,
``--executor-cores`` ...); run directly, the job uses a local session (``--master local[2]``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict


def _under_spark_submit() -> bool:
    # spark-submit starts the driver with the master in SPARK_SUBMIT-provided config
    return "PYSPARK_GATEWAY_PORT" in os.environ or "SPARK_SUBMIT_OPTS" in os.environ


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ceasefire.spark", description=__doc__)
    parser.add_argument(
        "--master",
        default=None,
        help="Spark master for a local run (default local[2]; ignored under spark-submit)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="clean and extract JSONL/Parquet documents into Parquet tables")
    ex.add_argument("input", help="a JSONL or Parquet file, or a folder of them")
    ex.add_argument("--out", required=True, help="output folder for documents/ mentions/ claims/ ...")
    ex.add_argument("--partitions", type=int, default=None, help="number of extraction tasks")
    ex.add_argument("--force", action="store_true", help="write beside files ceasefire did not write")
    rc = sub.add_parser("reconcile", help="cluster the extracted mentions into incidents")
    rc.add_argument("dir", help="the output folder of `extract`")
    rc.add_argument("--out", default=None, help="where to write incidents (default: DIR)")
    rc.add_argument("--force", action="store_true", help="overwrite files ceasefire did not write")
    args = parser.parse_args(argv)

    from . import extract, reconcile, session

    master = None if (args.master is None and _under_spark_submit()) else (args.master or "local[2]")
    spark = session(master)
    try:
        if args.command == "extract":
            summary: object = extract(
                args.input, args.out, spark=spark, partitions=args.partitions, force=args.force
            )
        else:
            summary = reconcile(args.dir, args.out, spark=spark, force=args.force)
    finally:
        spark.stop()
    print(json.dumps(asdict(summary), default=str))  # type: ignore[call-overload]
    return 0


if __name__ == "__main__":
    sys.exit(main())
