"""The realnews scorer: score.py's matching rules in our code, per conflict and claim kind.

Unit tests run on small gold and predictions written here (fictional reports, codes XA/XB for
two parties). The integration test runs the whole pipeline on ``../shared/realnews`` and checks
that our numbers are exactly those of the corpus's own score.py on the same output; it skips
when the corpus is absent.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ceasefire.errors import ConfigError
from ceasefire.evaluate.baselines import regex_claims, regex_realnews
from ceasefire.evaluate.realnews import (
    Conventions,
    PredClaim,
    PredStatement,
    RealnewsGold,
    claims_from_rows,
    load_realnews,
    score_output,
    score_realnews,
    side_words,
    statements_from_incidents,
)

REPO = Path(__file__).resolve().parents[1]
REALNEWS = REPO.parent / "shared" / "realnews"
CONV = Conventions({"XN": "XA"}, {"call_for_restraint": "appeal"}, {})


def gold(*docs: dict[str, Any], xdoc: dict[str, str] | None = None, conflict: str = "X-Y") -> RealnewsGold:
    return RealnewsGold(
        Path("."),
        tuple(docs),
        xdoc or {},
        {str(d["file"]): conflict for d in docs},
        {f"https://example.test/{d['file']}": str(d["file"]) for d in docs},
    )


def gclaim(
    kind: str, side: str, lo: float | None, best: float | None, hi: float | None, **kw: Any
) -> dict[str, Any]:
    return {
        "incident": kw.pop("incident", "I1"),
        "kind": kind,
        "side_affected": side,
        "value_low": lo,
        "value_best": best,
        "value_high": hi,
        "claimant": kw.pop("claimant", "the ministry"),
        "claimant_side": kw.pop("claimant_side", "XB"),
        "evidence": kw.pop("evidence", "Some sentence."),
        **kw,
    }


def pclaim(doc: str, kind: str, side: str, v: float | None, **kw: Any) -> PredClaim:
    return PredClaim(
        doc,
        kind,
        side,
        kw.get("claimant_side", "XB"),
        kw.get("claimant", "XB-MOD"),
        None if v is None else (v, v),
        v,
        kw.get("incident", ""),
        kw.get("quote", ""),
    )


def doc(file: str, claims: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return {
        "file": file,
        "claims": claims,
        "incidents": kw.get("incidents", []),
        "statements": kw.get("statements", []),
    }


# ---------------------------------------------------------------------------- claims
def test_kind_side_and_figure_must_agree() -> None:
    g = gold(doc("a.txt", [gclaim("killed", "XA", 3, 3, 3), gclaim("wounded", "XA", 5, 5, 5)]))
    preds = [
        pclaim("a.txt", "killed", "XA", 3),
        pclaim("a.txt", "wounded", "XB", 5),
        pclaim("a.txt", "killed", "XA", 9),
    ]
    s = score_realnews(g, preds, [], [], CONV)
    assert (s.total.claims.tp, s.total.claims.fp, s.total.claims.fn) == (1, 2, 1)
    # without the side condition the wounded claim matches: the side's cost is visible
    assert (s.total.side_agnostic.tp, s.total.side_agnostic.fp, s.total.side_agnostic.fn) == (2, 1, 0)


def test_killed_and_unspecified_casualties_are_lenient_twins() -> None:
    g = gold(doc("a.txt", [gclaim("casualties", "XA", 4, 4, 4)]))
    s = score_realnews(g, [pclaim("a.txt", "killed", "XA", 4)], [], [], CONV)
    assert s.total.claims.tp == 1
    s = score_realnews(g, [pclaim("a.txt", "wounded", "XA", 4)], [], [], CONV)
    assert s.total.claims.tp == 0


def test_figures_overlap_as_intervals() -> None:
    g = gold(doc("a.txt", [gclaim("killed", "XA", 6, None, 8)]))
    assert score_realnews(g, [pclaim("a.txt", "killed", "XA", 7)], [], [], CONV).total.claims.tp == 1
    assert score_realnews(g, [pclaim("a.txt", "killed", "XA", 9)], [], [], CONV).total.claims.tp == 0


def test_an_unquantified_gold_claim_takes_only_a_prediction_without_a_best_figure() -> None:
    g = gold(doc("a.txt", [gclaim("wounded", "XA", None, None, None)]))
    assert score_realnews(g, [pclaim("a.txt", "wounded", "XA", None)], [], [], CONV).total.claims.tp == 1
    assert score_realnews(g, [pclaim("a.txt", "wounded", "XA", 10)], [], [], CONV).total.claims.tp == 0
    # and a quantified gold claim never takes an unquantified prediction
    g2 = gold(doc("a.txt", [gclaim("wounded", "XA", 2, 2, 2)]))
    assert score_realnews(g2, [pclaim("a.txt", "wounded", "XA", None)], [], [], CONV).total.claims.tp == 0


def test_a_total_for_both_sides_matches_no_side_or_the_same_pair() -> None:
    g = gold(doc("a.txt", [gclaim("killed", "XA/XB", 12, 12, 12)]))
    for side, ok in (("", 1), ("XB/XA", 1), ("XA", 0)):
        assert score_realnews(g, [pclaim("a.txt", "killed", side, 12)], [], [], CONV).total.claims.tp == ok


def test_the_prediction_quoting_the_gold_evidence_is_preferred() -> None:
    ev = "The ministry said two guards were killed near the post."
    g = gold(doc("a.txt", [gclaim("killed", "XA", 2, 2, 2, evidence=ev, claimant_side="XA")]))
    preds = [
        pclaim("a.txt", "killed", "XA", 2, claimant_side="XB", quote="A later recap."),
        pclaim("a.txt", "killed", "XA", 2, claimant_side="XA", quote=ev),
    ]
    s = score_realnews(g, preds, [], [], CONV)
    assert s.total.claims.tp == 1 and s.total.full_tp == 1 and s.total.claims.fp == 1


def test_optional_gold_claims_neither_reward_nor_penalise() -> None:
    g = gold(
        doc(
            "a.txt",
            [gclaim("killed", "XA", 1, 1, 1, optional=True), gclaim("killed", "XA", 5, 5, 5, optional=True)],
        )
    )
    s = score_realnews(g, [pclaim("a.txt", "killed", "XA", 1)], [], [], CONV)
    assert (s.total.claims.tp, s.total.claims.fp, s.total.claims.fn) == (0, 0, 0)


def test_claimant_side_and_the_outlets_own_voice() -> None:
    g = gold(
        doc(
            "a.txt",
            [
                gclaim("killed", "XA", 1, 1, 1, claimant_side="XB"),
                gclaim("wounded", "XA", 2, 2, 2, claimant_side="outlet"),
                gclaim("missing", "XA", 3, 3, 3, claimant_side="XA"),
            ],
        )
    )
    preds = [
        pclaim("a.txt", "killed", "XA", 1, claimant_side="XB"),
        pclaim("a.txt", "wounded", "XA", 2, claimant_side="", claimant="outlet:Test Wire"),
        pclaim("a.txt", "missing", "XA", 3, claimant_side="XB"),
    ]
    s = score_realnews(g, preds, [], [], CONV)
    assert s.total.claims.tp == 3 and s.total.full_tp == 2
    c = s.total.claimant
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)


def test_predictions_for_reports_without_gold_are_false_positives() -> None:
    g = gold(doc("a.txt", [gclaim("killed", "XA", 1, 1, 1)]))
    s = score_realnews(
        g, [pclaim("a.txt", "killed", "XA", 1), pclaim("zzz.txt", "killed", "XA", 1)], [], [], CONV
    )
    assert (s.total.claims.tp, s.total.claims.fp) == (1, 1)


def test_tallies_per_conflict_and_kind_add_up() -> None:
    a = doc("a.txt", [gclaim("killed", "XA", 1, 1, 1), gclaim("wounded", "XA", 2, 2, 2)])
    b = doc("b.txt", [gclaim("killed", "XB", 4, 4, 4)])
    g = RealnewsGold(Path("."), (a, b), {}, {"a.txt": "P-Q", "b.txt": "R-S"}, {})
    preds = [pclaim("a.txt", "killed", "XA", 1), pclaim("b.txt", "killed", "XB", 5)]
    s = score_realnews(g, preds, [], [], CONV)
    assert s.by_conflict["P-Q"].claims.tp == 1 and s.by_conflict["P-Q"].claims.fn == 1
    assert s.by_conflict["R-S"].claims.fp == 1 and s.by_conflict["R-S"].claims.fn == 1
    assert s.by_kind["killed"].claims.tp == 1 and s.by_kind["wounded"].claims.fn == 1
    assert s.total.documents == 2 and s.by_conflict["R-S"].documents == 1


# ---------------------------------------------------------------------------- sides
def test_side_codes_are_normalised_by_data_not_code() -> None:
    assert CONV.side("xa") == "XA" and CONV.side("XN") == "XA"  # an alias of the gold's conventions
    assert CONV.side(None) == "" and CONV.side("outlet") == "outlet"
    name, code = next(iter(side_words().items()))  # whatever the reference data holds first
    conv = Conventions.load(None)
    assert conv.side(name) == code and conv.side(name.upper()) == code
    if len(name) > 3:
        assert conv.side(f"forces of {name}") == code


def test_conventions_file_errors_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Conventions.load(tmp_path / "nope.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid JSON"):
        Conventions.load(bad)


def test_an_incomplete_corpus_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "gold.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"manifest\.csv"):
        load_realnews(tmp_path)


def test_claims_csv_rows_map_sources_to_files_and_drop_non_casualty_kinds() -> None:
    url = "https://example.test/a.txt"
    rows = [
        {"source": url, "kind": "deaths", "side_affected": "xn", "value_low": "2", "value_best": "",
         "value_high": "4", "claimant": "XB-MOD", "claimant_side": "XB", "incident_id": "inc-1"},
        {"source": url, "kind": "attack", "side_affected": "XA"},
    ]  # fmt: skip
    (p,) = claims_from_rows(rows, {"https://example.test/a.txt": "a.txt"}, CONV)
    assert (p.doc, p.kind, p.side, p.iv, p.best, p.incident) == (
        "a.txt",
        "killed",
        "XA",
        (2.0, 4.0),
        None,
        "inc-1",
    )


# ---------------------------------------------------------------------------- incidents and pairs
def test_cross_document_pairs_joined_and_wrongly_joined() -> None:
    a = doc(
        "a.txt",
        [gclaim("killed", "XA", 2, 2, 2, incident="A-1"), gclaim("wounded", "XA", 3, 3, 3, incident="A-2")],
    )
    b = doc("b.txt", [gclaim("killed", "XA", 2, 2, 2, incident="B-1")])
    g = gold(a, b, xdoc={"A-1": "X1", "B-1": "X1"})
    preds = [
        pclaim("a.txt", "killed", "XA", 2, incident="inc-1"),
        pclaim("a.txt", "wounded", "XA", 3, incident="inc-1"),  # same report: no pair
        pclaim("b.txt", "killed", "XA", 2, incident="inc-1"),
    ]
    t = score_realnews(g, preds, [], [], CONV).total
    assert (t.pairs_joined, t.pairs_same, t.pairs_wrong, t.pairs_other) == (1, 1, 1, 1)
    assert t.metrics()["pairs_joined"] == 1.0 and t.metrics()["joins_right"] == 0.5


def test_incident_dated_within_a_day_and_placed_within_50_km() -> None:
    incidents = [
        {"id": "I1", "background": False, "date_start": "2024-03-04", "date_end": None,
         "places": [{"name": "Town", "lat": 40.0, "lon": 45.0, "precision": "town"},
                    {"name": "Country", "lat": 10.0, "lon": 10.0, "precision": "country"}]},
        {"id": "I2", "background": True, "date_start": "2001-01-01", "places": []},
        {"id": "I3", "background": False, "date_start": "2024-03", "places": []},
    ]  # fmt: skip
    d = doc(
        "a.txt",
        [gclaim("killed", "XA", 1, 1, 1, incident="I1"), gclaim("killed", "XA", 9, 9, 9, incident="I2"),
         gclaim("killed", "XA", 4, 4, 4, incident="I3")],
        incidents=incidents,
    )  # fmt: skip
    preds = [
        pclaim("a.txt", "killed", "XA", 1, incident="p1"),
        pclaim("a.txt", "killed", "XA", 9, incident="p2"),
        pclaim("a.txt", "killed", "XA", 4, incident="p3"),
    ]
    near = {"latitude": 40.3, "longitude": 45.0}  # about 33 km north
    far = {"latitude": 40.0, "longitude": 46.0}  # about 85 km east
    ours = [
        {"id": "p1", "date_start": "2024-03-05", "location": near},
        {"id": "p2", "date_start": "2024-03-05", "location": far},
        {"id": "p3", "date_start": "2024-03-04", "location": near},
    ]
    t = score_realnews(gold(d), preds, [], ours, CONV).total
    # the background incident is not checked; a month-precision gold date is never right
    assert (t.dated, t.dated_n, t.placed, t.placed_n) == (1, 2, 1, 1)
    ours[0] = {"id": "p1", "date_start": "2024-03-06", "location": far}
    t = score_realnews(gold(d), preds, [], ours, CONV).total
    assert (t.dated, t.placed) == (0, 0)


# ---------------------------------------------------------------------------- statements
def test_statements_match_on_mapped_type_and_speaker_side() -> None:
    sts = [
        {"type": "call_for_restraint", "speaker_side": "XB"},
        {"type": "accuse", "speaker_side": "XA"},
        {"type": "deny", "speaker_side": "XA"},
    ]
    g = gold(doc("a.txt", [], statements=sts))
    preds = [
        PredStatement("a.txt", "appeal", "XB"),
        PredStatement("a.txt", "accuse", "XN"),
        PredStatement("a.txt", "deny", "XB"),
    ]
    c = score_realnews(g, [], preds, [], CONV).total.statements
    assert (c.tp, c.fp, c.fn) == (2, 1, 1)


def test_statements_are_read_from_ceasefire_json_once_each() -> None:
    m = {"id": "m1", "document_id": "d1", "event_type": "Statement", "sub_event_type": "threaten",
         "claimant_side": "XA", "actor1_side": "XA"}  # fmt: skip
    incidents = [
        {
            "id": "i1",
            "sources": [{"document_id": "d1", "url": "https://example.test/a.txt"}],
            "mentions": [m],
        },
        {"id": "i2", "sources": [], "mentions": [m, {**m, "id": "m2", "event_type": "Battles"}]},
    ]
    assert statements_from_incidents(incidents, {"https://example.test/a.txt": "a.txt"}) == [
        PredStatement("a.txt", "threaten", "XA")
    ]


# ---------------------------------------------------------------------------- the regex baseline
def test_regex_baseline_number_near_a_casualty_word_with_the_nearest_side() -> None:
    words = side_words()
    name = next((w for w in words if len(w) > 3 and " " not in w), None)
    if name is None:
        pytest.skip("no country or demonym in the reference data")
    text = (
        f"Three soldiers were killed and 12 wounded near the {name.title()} border on Monday. "
        "The fence, built in 1998, stretches for 40 kilometres."
    )
    got = {(c.kind, c.value, c.side) for c in regex_claims(text)}
    assert got == {("killed", 3, words[name]), ("wounded", 12, words[name])}


def test_regex_baseline_reads_the_corpus_texts(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Four people died in the blast.", encoding="utf-8")
    g = RealnewsGold(tmp_path, (doc("a.txt", []),), {}, {"a.txt": "X-Y"}, {})
    (p,) = regex_realnews(tmp_path, g, CONV.side)
    assert (p.doc, p.kind, p.iv, p.claimant) == ("a.txt", "killed", (4.0, 4.0), "outlet")


# ---------------------------------------------------------------------------- agreement with score.py
_LINE = re.compile(
    r"claims P=(?P<P>[\d.]+) R=(?P<R>[\d.]+) F1=(?P<F>[\d.]+) \| with claimant F1=(?P<full>[\d.]+) \| "
    r"cross-doc pairs joined (?P<pairs>\S+), wrongly joined (?P<wrong>\d+) \| "
    r"tp=(?P<tp>\d+) fp=(?P<fp>\d+) fn=(?P<fn>\d+)"
    r"(?: \| incidents: date right (?P<dok>\d+)/(?P<dn>\d+), place within 50 km (?P<pok>\d+)/(?P<pn>\d+))?"
)


def score_py(claims: Path, incidents: Path | None = None, corpus: Path = REALNEWS) -> dict[str, str]:
    args = [sys.executable, str(REALNEWS / "score.py"), str(corpus / "gold.json"), str(claims),
            "--manifest", str(corpus / "manifest.csv")]  # fmt: skip
    if incidents is not None:
        args += ["--incidents", str(incidents)]
    r = subprocess.run(args, capture_output=True, text=True, timeout=120)
    m = _LINE.search(r.stdout)
    assert m, r.stdout + r.stderr
    return {k: v for k, v in m.groupdict().items() if v is not None}


def assert_agree(ref: dict[str, str], t: Any) -> None:
    c = t.claims
    assert (int(ref["tp"]), int(ref["fp"]), int(ref["fn"])) == (c.tp, c.fp, c.fn)
    assert ref["P"] == f"{c.precision:.2f}" and ref["R"] == f"{c.recall:.2f}" and ref["F"] == f"{c.f1:.2f}"
    assert ref["full"] == f"{t.claimant.f1:.2f}"
    assert ref["pairs"] == (f"{t.pairs_joined}/{t.pairs_same}" if t.pairs_same else "n/a")
    assert int(ref["wrong"]) == t.pairs_wrong
    if "dn" in ref:
        assert (int(ref["dok"]), int(ref["dn"])) == (t.dated, t.dated_n)
        assert (int(ref["pok"]), int(ref["pn"])) == (t.placed, t.placed_n)


@pytest.fixture
def realnews() -> Path:
    if not (REALNEWS / "gold.json").is_file() or not (REALNEWS / "score.py").is_file():
        pytest.skip("../shared/realnews is not present in this checkout")
    return REALNEWS


@pytest.mark.integration
def test_our_scores_agree_with_score_py_on_the_pipeline_output(realnews: Path, tmp_path: Path) -> None:
    from ceasefire.api import analyze
    from ceasefire.settings import Settings

    out = tmp_path / "out"
    analyze([str(realnews / "docs")], out, manifest=realnews / "manifest.csv", settings=Settings())
    conv = Conventions.load(REPO / "eval" / "realnews.json")
    ours = score_output(load_realnews(realnews), out, conv)
    assert_agree(score_py(out / "claims.csv", out / "ceasefire.json"), ours.total)


@pytest.mark.integration
def test_the_held_out_corpus_is_scored_as_score_py_scores_it(realnews: Path, tmp_path: Path) -> None:
    from ceasefire.api import analyze
    from ceasefire.settings import Settings

    heldout = REPO / "eval" / "heldout"
    out = tmp_path / "out"
    analyze([str(heldout / "docs")], out, manifest=heldout / "manifest.csv", settings=Settings())
    ours = score_output(load_realnews(heldout), out, Conventions.load(None))
    assert ours.total.claims.tp > 0
    assert_agree(score_py(out / "claims.csv", out / "ceasefire.json", corpus=heldout), ours.total)


def _write_claims(path: Path, preds: list[PredClaim], url_of: dict[str, str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["source", "kind", "side_affected", "claimant", "claimant_side", "value_low",
                               "value_best", "value_high", "incident_id", "quote"])  # fmt: skip
        w.writeheader()
        for p in preds:
            lo, hi = p.iv or (None, None)
            row = (url_of.get(p.doc, p.doc), p.kind, p.side, p.claimant, p.claimant_side, lo, p.best, hi)
            w.writerow(
                {**dict(zip(w.fieldnames[:8], row, strict=True)), "incident_id": p.incident, "quote": p.quote}
            )


def test_our_scores_agree_with_score_py_on_the_regex_baseline(realnews: Path, tmp_path: Path) -> None:
    g = load_realnews(realnews)
    conv = Conventions.load(REPO / "eval" / "realnews.json")
    preds = regex_realnews(realnews, g, conv.side)
    # one predicted incident per report, so that pairs are joined and wrongly joined too
    preds = [replace(p, incident="inc-" + p.doc[:1]) for p in preds]
    url_of = {f: u for u, f in g.url2file.items()}
    _write_claims(tmp_path / "claims.csv", preds, url_of)
    assert_agree(score_py(tmp_path / "claims.csv"), score_realnews(g, preds, [], [], conv).total)
    json.dumps(score_realnews(g, preds, [], [], conv).to_dict())  # the --json payload serialises
