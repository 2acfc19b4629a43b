"""Validate gold.json against docs/ and manifest.csv: every evidence is an exact substring of its
document, ids are unique and resolve, kinds/sides are filled in.
python3 check_gold.py [FOLDER]   (FOLDER: a corpus in this format; default this one)"""
import csv
import json
import os
import sys
from pathlib import Path

HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
KINDS = {"killed", "wounded", "captured", "missing", "casualties_unspecified", "attack", "denial"}
INC_KINDS = {
    "armed_clash", "shelling", "air_strike", "drone_strike", "attack_on_civilians",
    "capture_of_territory", "ceasefire", "other",
}  # fmt: skip
gold = json.loads(Path(HERE, "gold.json").read_text(encoding="utf-8"))
with Path(HERE, "manifest.csv").open(encoding="utf-8") as m:
    files = {r["file"] for r in csv.DictReader(m)}
errors = []
ids = set()
for d in gold["documents"]:
    f = d["file"]
    if f not in files:
        errors.append(f"{f}: not in manifest")
    text = Path(HERE, "docs", f).read_text(encoding="utf-8")
    mine = set()
    for i in d["incidents"]:
        if i["id"] in ids:
            errors.append(f"{f}: duplicate incident {i['id']}")
        ids.add(i["id"])
        mine.add(i["id"])
        if i["kind"] not in INC_KINDS:
            errors.append(f"{f} {i['id']}: kind {i['kind']}")
        for p in i["places"]:
            if p.get("lat") is None or p.get("lon") is None or not p.get("country"):
                errors.append(f"{f} {i['id']}: place without coordinates {p}")
        for e in i["evidence"]:
            if e not in text:
                errors.append(f"{f} {i['id']}: incident evidence not in text: {e[:60]}")
    for c in d["claims"]:
        if c["incident"] not in mine:
            errors.append(f"{f}: claim on unknown incident {c['incident']}")
        if c["kind"] not in KINDS:
            errors.append(f"{f}: claim kind {c['kind']}")
        if not c["side_affected"] or not c["claimant_side"]:
            errors.append(f"{f}: claim without side: {c['evidence'][:50]}")
        if c["evidence"] not in text:
            errors.append(f"{f}: claim evidence not in text: {c['evidence'][:60]}")
        vals = [v for v in (c["value_low"], c["value_best"], c["value_high"]) if v is not None]
        lo, hi = c["value_low"], c["value_high"]
        if vals and lo is not None and hi is not None and lo > hi:
            errors.append(f"{f}: low > high: {c['evidence'][:50]}")
    for s in d["statements"]:
        if s["evidence"] not in text:
            errors.append(f"{f}: statement evidence not in text: {s['evidence'][:60]}")
    for n in d["non_casualty_numbers"]:
        if n["text"] not in text:
            errors.append(f"{f}: non-casualty number not in text: {n['text']}")
for x in gold["cross_document_incidents"]:
    for m in x["members"]:
        if m not in ids:
            errors.append(f"{x['id']}: unknown member {m}")
    if len({m.split('-')[0] for m in x["members"]}) < 2:
        errors.append(f"{x['id']}: fewer than two documents")
docs = {d["file"] for d in gold["documents"]}
for f in sorted(files - docs):
    errors.append(f"{f}: in manifest but not annotated")
n_claims = sum(len(d["claims"]) for d in gold["documents"])
n_cross = len(gold["cross_document_incidents"])
n_docs = len(gold["documents"])
summary = f"gold OK: {n_docs} documents, {n_claims} claims, {n_cross} cross-document incidents"
print("\n".join(errors) or summary)
sys.exit(1 if errors else 0)
