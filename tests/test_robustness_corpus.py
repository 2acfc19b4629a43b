"""The robustness corpus at a small size (issue 12, acceptance): every case of the issue at least
once, through ``ceasefire ingest`` and ``ceasefire extract`` as a user runs them. Every input is
a document, a duplicate or a rejection; no traceback; extraction reaches every document.

The 3,000-input run is documented in docs/robustness.md (python -m tests.robustness_corpus).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import robustness_corpus as rc

CASES = {
    "normal", "html", "duplicate", "near-duplicate", "bad-name", "symlink", "fifo",
    "unreadable-folder", "empty", "parquet", "corrupt-parquet", "huge-text", "huge-number",
    "latin-1", "cp1252", "cp1251", "mixed-encodings", "cut-utf8", "utf16-no-bom", "utf16-bom",
    "stray-quote-csv", "unterminated-quote-csv", "jsonl", "binary",
}  # fmt: skip


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    n = rc.generate(out, 40)
    assert n >= 40
    try:
        timing = rc.run(out)
    finally:
        rc.restore_permissions(out)
    assert timing["ingest_rc"] == 3  # "some inputs rejected", as the README says
    assert timing["extract_rc"] == 0
    return out


@pytest.mark.integration
def test_every_input_is_accounted_for_without_a_traceback(corpus: Path) -> None:
    tally = rc.check(corpus)
    print("\n".join(tally.lines()))
    assert tally.problems == []
    assert tally.tracebacks == 0
    assert set(tally.by_case) == CASES  # every case of the issue is in the corpus
    assert tally.documents + tally.duplicates + tally.rejections == tally.units
    assert tally.documents == tally.reported["stored"]
    assert tally.rejections == tally.reported["rejected"]
    assert tally.duplicates == tally.reported["duplicate"] >= 1
    # extraction reached every document (ok, nothing found, or skipped as not English)
    assert sum(tally.extraction.values()) == tally.documents and "never-reached" not in tally.extraction
    assert "error" not in tally.extraction
    # the kinds of rejection the cases call for
    for reason in ("binary", "broken-symlink", "not-a-file", "symlink-folder", "empty", "too-long"):
        assert tally.reasons[reason] >= 1, reason
    assert tally.reasons["malformed-csv"] == 3 and tally.reasons["malformed-parquet"] == 1


@pytest.mark.integration
def test_the_check_notices_an_input_that_is_not_accounted_for(corpus: Path, tmp_path: Path) -> None:
    ledger = json.loads((corpus / "ledger.json").read_text())
    units = ledger["units"]
    first_doc = next(i for i, u in enumerate(units) if u["case"] == "normal")
    tampered = dict(ledger, units=[*units[:first_doc], *units[first_doc + 1 :]])
    tampered["units"].append(dict(units[first_doc], docs=["inputs/never-written.txt"], rejs=[], expect="doc"))
    for name in ("store.db", "ingest.out", "ingest.err", "extract.out", "extract.err"):
        (tmp_path / name).symlink_to(corpus / name)
    (tmp_path / "ledger.json").write_text(json.dumps(tampered))
    problems = rc.check(tmp_path).problems
    assert any("never-written" in p and "not found as a doc" in p for p in problems)
    assert any(p.startswith("a document no input accounts for") for p in problems)
