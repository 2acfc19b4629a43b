"""Score `ceasefire analyze` on the side dev paragraphs (eval/sidedev): how many expected figures
are found, and of those, how many get the expected side affected and claimant side.

    python scripts/score_sidedev.py [--show]

Writes the paragraphs as documents and a manifest into a temporary folder, runs the whole
pipeline as `ceasefire analyze` does, and matches each expected figure to an output claim of the
same paragraph, kind and value (best, else low). A development check, read freely: no floor.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from ceasefire.api import analyze

HERE = Path(__file__).resolve().parent.parent / "eval" / "sidedev" / "paragraphs.json"


def _write(paragraphs: list[dict[str, object]], root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    manifest = root / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        columns = "file url outlet outlet_country outlet_alignment published conflict partial"
        w.writerow(columns.split())
        for p in paragraphs:
            pid = str(p["id"])
            (docs / f"{pid}.txt").write_text(str(p["text"]) + "\n", encoding="utf-8")
            side = str(p.get("outlet_side") or "neutral")
            country = side if len(side) == 2 else ""
            w.writerow([f"{pid}.txt", f"https://sidedev.example/{pid}", p["outlet"], country, side,
                        p["published"], p["conflict"], "false"])  # fmt: skip
    return manifest


def main(show: bool) -> None:
    paragraphs = json.loads(HERE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        manifest = _write(paragraphs, root)
        analyze([str(root / "docs")], root / "out", manifest=manifest)
        rows: dict[str, list[dict[str, str]]] = defaultdict(list)
        with (root / "out" / "claims.csv").open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                rows[r["source"].rsplit("/", 1)[-1]].append(r)
    expected = found = side_ok = claimant_ok = 0
    for p in paragraphs:
        got, used = rows.get(str(p["id"]), []), set()
        for e in p["expect"]:
            expected += 1
            match = next(
                (i for i, r in enumerate(got) if i not in used and r["kind"] == e["kind"]
                 and _value(r) == e["value"]),
                None,
            )  # fmt: skip
            if match is None:
                if show:
                    print("MISS", p["id"], e)
                continue
            used.add(match)
            found += 1
            r = got[match]
            # an outlet's own voice is "outlet" in the file, or the party of an aligned outlet
            outlet = r["claimant"].startswith("outlet:")
            want = e.get("claimant_side")
            side_ok += (r["side_affected"] or "") == (e["side"] or "")
            claimant_ok += want == (r["claimant_side"] or "outlet") or (want == "outlet" and outlet)
            if show and (r["side_affected"] or "") != (e["side"] or ""):
                print("SIDE", p["id"], e["kind"], e["value"], "want", e["side"], "got", r["side_affected"])
    print(f"expected {expected}, found {found}; of those, side right {side_ok}, claimant right {claimant_ok}")


def _value(row: dict[str, str]) -> int | None:
    v = row["value_best"] or row["value_low"]
    return int(float(v)) if v else None


if __name__ == "__main__":
    main("--show" in sys.argv)
