"""Scores on the realnews format: real published reports with a gold annotation.

The corpus (``../shared/realnews``: ``gold.json``, ``docs/``, ``manifest.csv``, format in its
README) is third-party writing: it is read at run time and never copied into the project. The
whole pipeline runs on it as ``ceasefire analyze DOCS --manifest MANIFEST --out DIR`` does, and
the ``claims.csv`` and ``ceasefire.json`` written there are scored with the matching rules of
the corpus's reference scorer (``score.py``), implemented here:

- **claims**: a predicted casualty claim matches a gold claim of the same report when the kind
  agrees (killed and unspecified casualties are lenient twins), the side affected agrees (a gold
  total for both sides, ``XA/XB``, also takes a prediction with no side) and the figures overlap;
  an unquantified gold claim matches a prediction with no best figure. Gold claims are taken in
  order, each with the first unused agreeing prediction whose quote contains (or lies in) the
  gold evidence, else the first agreeing one. Optional gold claims neither reward nor penalise;
  predictions for reports without gold are false positives.
- **with claimant**: a match whose claimant side also agrees (an ``outlet`` gold claimant takes
  a prediction by the outlet); precision over all predictions, recall over all gold claims.
- **side-agnostic claims**: the same matching without the side condition, so that what the
  side costs is visible (claims F1 is the side-affected F1: it requires the side).
- **statements** (ours, not in score.py): per report, a gold statement matches an unused
  predicted ``Statement`` mention of the same type (gold types mapped to ours by the
  conventions file) whose speaker side agrees.
- **incidents**: of the current gold incidents whose claims were matched, the predicted incident
  holding most of them is dated within the gold range (one day either side) and placed within
  50 km of a gold place finer than a country.
- **cross-document pairs**: matched claims from different reports of one gold cross-document
  incident should share a predicted incident (joined); of different incidents, should not
  (wrongly joined).

Everything is also tallied per conflict (the manifest's ``conflict`` column; a pair counts under
the conflict of its first report) and per gold claim kind.

Side codes are compared after normalisation: ISO codes case-insensitively, country names and
demonyms through the project's reference data (``ceasefire/data/lexicons/roles.json``), and the
gold's own coding conventions (``eval/realnews.json``: which codes the gold folds into which).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigError
from .baselines import regex_realnews
from .realnews_records import (
    CASUALTY,
    PredClaim,
    PredStatement,
    RealnewsGold,
    kind,
    kinds_agree,
    side_words,
)
from .scorer import Count

_CODE = re.compile(r"[A-Za-z]{2,4}")
PLACE_KM = 50.0


# ---------------------------------------------------------------------------- conventions
@dataclass(frozen=True)
class Conventions:
    """How the gold codes what our output codes differently; data, never code."""

    side_aliases: Mapping[str, str] = field(default_factory=dict)  # code -> the gold's code
    statement_types: Mapping[str, str] = field(default_factory=dict)  # gold type -> our type
    words: Mapping[str, str] = field(default_factory=dict)  # name or demonym (lower) -> code

    @classmethod
    def load(cls, path: Path | None) -> Conventions:
        data: dict[str, Any] = {}
        if path is not None:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError as e:
                raise ConfigError(f"realnews conventions file not found: {path}") from e
            except ValueError as e:
                raise ConfigError(f"realnews conventions file {path} is not valid JSON: {e}") from e
        return cls(
            {str(k).upper(): str(v).upper() for k, v in dict(data.get("side_aliases", {})).items()},
            {str(k): str(v) for k, v in dict(data.get("statement_types", {})).items()},
            side_words(),
        )

    def side(self, value: object) -> str:
        """One party code for a side as written in gold or output ('' for none)."""
        if value is None:
            return ""
        s = str(value).strip()
        low = s.lower()
        if low in ("", "outlet"):
            return low
        if s.upper() in self.side_aliases:
            return self.side_aliases[s.upper()]
        if low in self.words:
            return self.side_aliases.get(self.words[low], self.words[low])
        if _CODE.fullmatch(s):
            return s.upper()
        for word, code in self.words.items():
            if len(word) > 3 and re.search(rf"\b{re.escape(word)}\b", low):
                return self.side_aliases.get(code, code)
        return low

    def sides_agree(self, pred_side: str, gold_side: object) -> bool:
        """A gold total for both sides ('XA/XB') matches a prediction with no side or the same pair."""
        g = str(gold_side or "")
        if "/" in g:
            parts = {self.side(x) for x in g.split("/")}
            return pred_side == "" or {self.side(x) for x in pred_side.split("/")} == parts
        return pred_side == self.side(g)

    def statement_type(self, gold_type: str) -> str:
        return self.statement_types.get(gold_type, gold_type)


def num(value: object) -> float | None:
    if value in (None, "", "null", "None", "nan"):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def interval(row: Mapping[str, object]) -> tuple[float, float] | None:
    vals = [x for x in (num(row.get(k)) for k in ("value_low", "value_best", "value_high")) if x is not None]
    return (min(vals), max(vals)) if vals else None


# ---------------------------------------------------------------------------- records
def load_realnews(root: Path) -> RealnewsGold:
    gold_path, manifest = root / "gold.json", root / "manifest.csv"
    for p in (gold_path, manifest, root / "docs"):
        if not p.exists():
            raise ConfigError(f"realnews corpus incomplete: {p} not found")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise ConfigError(f"{gold_path} is not valid JSON: {e}") from e
    conflict: dict[str, str] = {}
    url2file: dict[str, str] = {}
    with manifest.open(newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            conflict[r["file"]] = (r.get("conflict") or "").strip() or "(none)"
            if r.get("url"):
                url2file[r["url"].strip()] = r["file"]
    xdoc = {m: x["id"] for x in gold.get("cross_document_incidents", []) for m in x["members"]}
    return RealnewsGold(root, tuple(gold.get("documents", [])), xdoc, conflict, url2file)


def corpus_hash(root: Path, conventions: Path | None = None) -> str:
    """Hash of what the scores depend on: gold, manifest, report texts and our conventions."""
    h = hashlib.sha256()
    paths = [root / "gold.json", root / "manifest.csv", *sorted((root / "docs").glob("*.txt"))]
    if conventions is not None and conventions.is_file():
        paths.append(conventions)
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _doc_name(source: str, url2file: Mapping[str, str]) -> str:
    return os.path.basename(url2file.get(source.strip(), source))


def claims_from_rows(
    rows: Iterable[Mapping[str, Any]], url2file: Mapping[str, str], conv: Conventions
) -> list[PredClaim]:
    """Casualty claims of a claims.csv (or claims.json) as the scorer reads them."""
    out = []
    for r in rows:
        src = str(r.get("source") or r.get("file") or r.get("document_source") or r.get("path") or "")
        k = kind(r.get("kind"))
        if k not in CASUALTY:
            continue
        out.append(
            PredClaim(
                _doc_name(src, url2file),
                k,
                conv.side(r.get("side_affected")),
                conv.side(r.get("claimant_side")),
                str(r.get("claimant") or ""),
                interval(r),
                num(r.get("value_best")),
                str(r.get("incident_id") or ""),
                str(r.get("quote") or r.get("evidence") or ""),
            )
        )
    return out


def read_claims_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_incidents(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data.get("incidents", []) if isinstance(data, dict) else data)


def statements_from_incidents(
    incidents: Iterable[Mapping[str, Any]], url2file: Mapping[str, str]
) -> list[PredStatement]:
    """Statement mentions of a ceasefire.json, each once, with the report they come from."""
    incidents = list(incidents)
    url = {
        str(s.get("document_id")): str(s.get("url") or "") for i in incidents for s in i.get("sources", [])
    }
    seen: set[str] = set()
    out = []
    for i in incidents:
        for m in i.get("mentions", []):
            if m.get("event_type") != "Statement" or m.get("id") in seen:
                continue
            seen.add(str(m.get("id")))
            out.append(
                PredStatement(
                    _doc_name(url.get(str(m.get("document_id")), ""), url2file),
                    str(m.get("sub_event_type") or ""),
                    str(m.get("claimant_side") or m.get("actor1_side") or ""),
                )
            )
    return out


# ---------------------------------------------------------------------------- tallies
@dataclass
class Tally:
    """Counts of one scope: the whole corpus, one conflict, or one gold claim kind."""

    documents: int = 0
    claims: Count = field(default_factory=Count)
    full_tp: int = 0  # matched claims whose claimant side is right too
    side_agnostic: Count = field(default_factory=Count)
    statements: Count = field(default_factory=Count)
    pairs_same: int = 0  # claim pairs of one cross-document incident, from different reports
    pairs_joined: int = 0  # ... of those, in one predicted incident
    pairs_other: int = 0  # claim pairs of different incidents, from different reports
    pairs_wrong: int = 0  # ... of those, in one predicted incident
    dated_n: int = 0
    dated: int = 0
    placed_n: int = 0
    placed: int = 0

    def checked(self, what: Literal["dated", "placed"], ok: bool) -> None:
        """One more incident whose date (``dated``) or place (``placed``) was checked; ``ok``: right."""
        setattr(self, f"{what}_n", getattr(self, f"{what}_n") + 1)
        setattr(self, what, getattr(self, what) + ok)

    @property
    def claimant(self) -> Count:
        c = self.claims
        wrong = c.tp - self.full_tp
        return Count(self.full_tp, c.fp + wrong, c.fn + wrong)

    def metrics(self) -> dict[str, float]:
        """The gated figures, each in [0, 1], higher is better: F1s; the share of cross-document
        pairs joined (recall of joining) and of joins that are right (precision of joining);
        the share of checked incidents dated right and placed within 50 km."""
        return {
            "claims_f1": round(self.claims.f1, 3),
            "claimant_f1": round(self.claimant.f1, 3),
            "side_agnostic_f1": round(self.side_agnostic.f1, 3),
            "statements_f1": round(self.statements.f1, 3),
            "pairs_joined": round(self.pairs_joined / self.pairs_same, 3) if self.pairs_same else 0.0,
            "joins_right": round(self.pairs_joined / joins, 3)
            if (joins := self.pairs_joined + self.pairs_wrong)
            else 0.0,
            "dated": round(self.dated / self.dated_n, 3) if self.dated_n else 0.0,
            "placed": round(self.placed / self.placed_n, 3) if self.placed_n else 0.0,
        }

    def to_dict(self) -> dict[str, Any]:
        def c(x: Count) -> dict[str, float]:
            return {
                "precision": round(x.precision, 3),
                "recall": round(x.recall, 3),
                "f1": round(x.f1, 3),
                "tp": x.tp,
                "fp": x.fp,
                "fn": x.fn,
            }

        return {
            "documents": self.documents,
            "claims": c(self.claims),
            "with_claimant": c(self.claimant),
            "side_agnostic": c(self.side_agnostic),
            "statements": c(self.statements),
            "cross_document_pairs": {
                "joined": self.pairs_joined,
                "of": self.pairs_same,
                "wrongly_joined": self.pairs_wrong,
                "of_different": self.pairs_other,
            },
            "incidents": {
                "dated_right": self.dated,
                "dated_of": self.dated_n,
                "placed_within_50km": self.placed,
                "placed_of": self.placed_n,
            },
            "metrics": self.metrics(),
        }


@dataclass
class RealnewsScores:
    total: Tally = field(default_factory=Tally)
    by_conflict: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def conflict(self, name: str) -> Tally:
        return self.by_conflict.setdefault(name, Tally())

    def kind(self, name: str) -> Tally:
        return self.by_kind.setdefault(name, Tally())

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.to_dict(),
            "by_conflict": {k: v.to_dict() for k, v in sorted(self.by_conflict.items())},
            "by_kind": {k: v.to_dict() for k, v in sorted(self.by_kind.items())},
        }


# ---------------------------------------------------------------------------- scoring
def _match(
    gold_claims: list[dict[str, Any]], preds: list[PredClaim], conv: Conventions, *, side: bool = True
) -> tuple[list[tuple[dict[str, Any], PredClaim | None]], set[int]]:
    """score.py's greedy matching: gold claims in order, each with an unused agreeing prediction."""
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], PredClaim | None]] = []
    for g in gold_claims:
        gk = kind(g["kind"])
        giv = interval(g)
        best: tuple[int, int] | None = None
        for i, p in enumerate(preds):
            if i in used or not kinds_agree(p.kind, gk):
                continue
            if side and not conv.sides_agree(p.side, g.get("side_affected")):
                continue
            # an unquantified gold claim matches a prediction that states no best figure;
            # a stated figure must overlap the gold one
            if giv is None and p.iv is not None and p.best is not None:
                continue
            if giv is not None and p.iv is None:
                continue
            if giv and p.iv and not (p.iv[0] <= giv[1] and giv[0] <= p.iv[1]):
                continue
            ev = str(g.get("evidence", ""))
            score = 1 if p.quote and (p.quote in ev or ev in p.quote) else 0
            if best is None or score > best[0]:
                best = (score, i)
        if best is None:
            pairs.append((g, None))
            continue
        used.add(best[1])
        pairs.append((g, preds[best[1]]))
    return pairs, used


def _claimant_ok(p: PredClaim, g: Mapping[str, Any], conv: Conventions) -> bool:
    gcs = conv.side(g.get("claimant_side"))
    if p.claimant_side == gcs:
        return True
    who = p.claimant.lower()
    return gcs == "outlet" and (who in ("outlet", "") or who.startswith("outlet:"))


def _in_date(g: Mapping[str, Any], got: object) -> bool:
    try:
        lo = date.fromisoformat(g["date_start"]) - timedelta(days=1)
        hi = date.fromisoformat(g.get("date_end") or g["date_start"]) + timedelta(days=1)
        return bool(got) and lo <= date.fromisoformat(str(got)[:10]) <= hi
    except (TypeError, ValueError, KeyError):
        return False


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from math import asin, cos, radians, sin, sqrt

    la1, lo1, la2, lo2 = map(radians, (a[0], a[1], b[0], b[1]))
    h = sin((la2 - la1) / 2) ** 2 + cos(la1) * cos(la2) * sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * asin(sqrt(h))


def score_realnews(
    gold: RealnewsGold,
    claims: list[PredClaim],
    statements: list[PredStatement],
    incidents: Iterable[Mapping[str, Any]],
    conv: Conventions,
) -> RealnewsScores:
    s = RealnewsScores()
    incs = {str(i.get("id")): i for i in incidents}
    by_doc: dict[str, list[PredClaim]] = {}
    for pc in claims:
        by_doc.setdefault(pc.doc, []).append(pc)
    st_by_doc: dict[str, list[PredStatement]] = {}
    for st in statements:
        st_by_doc.setdefault(st.doc, []).append(st)
    matched: list[tuple[str, str, str]] = []  # (gold incident group, predicted incident, file)
    inc_checks: dict[tuple[str, str], tuple[dict[str, Any], list[str]]] = {}

    for d in gold.documents:
        f = str(d["file"])
        conflict = gold.conflict.get(f, "(none)")
        scopes = (s.total, s.conflict(conflict))
        for t in scopes:
            t.documents += 1
        preds = by_doc.get(f, [])
        g_claims = [g for g in d.get("claims", []) if kind(g["kind"]) in CASUALTY]
        pairs, used = _match(g_claims, preds, conv)
        for g, hit in pairs:
            gk = kind(g["kind"])
            tallies = (*scopes, s.kind(gk))
            if hit is None:
                if not g.get("optional"):
                    for t in tallies:
                        t.claims.fn += 1
                    s.errors.append(
                        f"missed   {f[:12]} {gk} {interval(g)} side={conv.side(g.get('side_affected'))} "
                        f"by {g.get('claimant')}: {str(g.get('evidence', ''))[:70]}"
                    )
                continue
            if g.get("optional"):
                continue
            p = hit
            ok = _claimant_ok(p, g, conv)
            for t in tallies:
                t.claims.tp += 1
                t.full_tp += ok
            if not ok:
                s.errors.append(
                    f"claimant {f[:12]} {gk} {interval(g)}: want {conv.side(g.get('claimant_side'))} "
                    f"({g.get('claimant')}), got {p.claimant_side} ({p.claimant})"
                )
            inc = str(g.get("incident") or "")
            matched.append((gold.cross_document.get(inc, f + inc), p.incident, f))
            gold_inc = next((i for i in d.get("incidents", []) if i.get("id") == g.get("incident")), None)
            if gold_inc and p.incident:
                inc_checks.setdefault((f, str(gold_inc["id"])), (gold_inc, []))[1].append(p.incident)
        for i, p in enumerate(preds):
            if i not in used:
                for t in (*scopes, s.kind(p.kind)):
                    t.claims.fp += 1
                s.errors.append(
                    f"extra    {f[:12]} {p.kind} {p.iv} side={p.side} by {p.claimant}: {p.quote[:80]}"
                )
        # the same matching without the side condition
        pairs, used = _match(g_claims, preds, conv, side=False)
        for g, hit in pairs:
            if g.get("optional"):
                continue
            for t in (*scopes, s.kind(kind(g["kind"]))):
                if hit is None:
                    t.side_agnostic.fn += 1
                else:
                    t.side_agnostic.tp += 1
        for i, p in enumerate(preds):
            if i not in used:
                for t in (*scopes, s.kind(p.kind)):
                    t.side_agnostic.fp += 1
        _score_statements(f, d.get("statements", []), st_by_doc.get(f, []), conv, scopes, s.errors)

    known = set(gold.files)
    for doc, preds in by_doc.items():
        if doc not in known:
            for p in preds:
                for t in (s.total, s.kind(p.kind)):
                    t.claims.fp += 1
                    t.side_agnostic.fp += 1
    for doc, sts in st_by_doc.items():
        if doc not in known:
            s.total.statements.fp += len(sts)

    # cross-document pairs of matched claims
    for i in range(len(matched)):
        gi, pi, di = matched[i]
        for j in range(i + 1, len(matched)):
            gj, pj, dj = matched[j]
            if di == dj:
                continue
            for t in (s.total, s.conflict(gold.conflict.get(di, "(none)"))):
                if gi == gj:
                    t.pairs_same += 1
                    t.pairs_joined += bool(pi) and pi == pj
                else:
                    t.pairs_other += 1
                    t.pairs_wrong += bool(pi) and pi == pj

    # date and place of the predicted incidents holding the matched claims
    for (f, gid), (g, pids) in inc_checks.items():
        if g.get("background"):
            continue
        pinc = incs.get(Counter(pids).most_common(1)[0][0])
        if not pinc:
            continue
        scopes = (s.total, s.conflict(gold.conflict.get(f, "(none)")))
        got_date = pinc.get("date_start") or pinc.get("date") or ""
        want = f"{g.get('date_start')}..{g.get('date_end')}"
        why = f"date     {f[:12]} {gid}: want {want}, got {got_date or None}"
        _check(scopes, "dated", _in_date(g, got_date), why, s.errors)
        gpl = [
            (float(p["lat"]), float(p["lon"]))
            for p in g.get("places", [])
            if p.get("lat") is not None and p.get("precision") != "country"
        ]
        if not gpl:
            continue
        loc = pinc.get("location") or next(iter(pinc.get("places") or []), None) or {}
        lat, lon = loc.get("latitude", loc.get("lat")), loc.get("longitude", loc.get("lon"))
        pok = lat is not None and min(_km((float(lat), float(lon or 0.0)), q) for q in gpl) <= PLACE_KM
        why = (
            f"place    {f[:12]} {gid}: want near {[p['name'] for p in g['places']][:3]}, "
            f"got {loc.get('name')} ({loc.get('country')})"
        )
        _check(scopes, "placed", pok, why, s.errors)
    s.errors.sort()
    return s


def _check(
    scopes: Iterable[Tally], what: Literal["dated", "placed"], ok: bool, why: str, errors: list[str]
) -> None:
    """Count one incident's date or place check in every scope; keep ``why`` when it is wrong."""
    for t in scopes:
        t.checked(what, ok)
    if not ok:
        errors.append(why)


def _score_statements(
    f: str,
    gold: list[dict[str, Any]],
    preds: list[PredStatement],
    conv: Conventions,
    scopes: tuple[Tally, ...],
    errors: list[str],
) -> None:
    used: set[int] = set()
    for g in gold:
        want = conv.statement_type(str(g.get("type", "")))
        hit = next(
            (
                i
                for i, p in enumerate(preds)
                if i not in used
                and p.type == want
                and conv.sides_agree(conv.side(p.side), g.get("speaker_side"))
            ),
            None,
        )
        if hit is None:
            for t in scopes:
                t.statements.fn += 1
            errors.append(
                f"stmt-miss {f[:12]} {want} by {conv.side(g.get('speaker_side'))}: "
                f"{str(g.get('evidence', ''))[:70]}"
            )
        else:
            used.add(hit)
            for t in scopes:
                t.statements.tp += 1
    for i, p in enumerate(preds):
        if i not in used:
            for t in scopes:
                t.statements.fp += 1
            errors.append(f"stmt-extra {f[:12]} {p.type} by {p.side or '?'}")


# ---------------------------------------------------------------------------- running
@dataclass(frozen=True)
class RealnewsRun:
    gold: RealnewsGold
    gold_hash: str
    systems: dict[str, RealnewsScores]


def score_output(gold: RealnewsGold, out_dir: Path, conv: Conventions) -> RealnewsScores:
    """Score the claims.csv and ceasefire.json that `ceasefire analyze` wrote into ``out_dir``."""
    rows = read_claims_csv(out_dir / "claims.csv")
    incidents = read_incidents(out_dir / "ceasefire.json")
    return score_realnews(
        gold,
        claims_from_rows(rows, gold.url2file, conv),
        statements_from_incidents(incidents, gold.url2file),
        incidents,
        conv,
    )


def run_realnews(
    root: Path,
    conventions_path: Path | None,
    settings: object = None,
    *,
    baselines: bool = True,
    keep: Path | None = None,
) -> RealnewsRun:
    """Analyze the corpus with the whole pipeline (as `ceasefire analyze` does) into a throw-away
    folder (or ``keep``), score it, and score the baselines beside it."""
    import tempfile

    from ..api import analyze
    from ..settings import Settings

    gold = load_realnews(root)
    conv = Conventions.load(conventions_path)
    cfg = settings if isinstance(settings, Settings) else None
    with tempfile.TemporaryDirectory(prefix="ceasefire-eval-") as tmp:
        out = keep or Path(tmp) / "out"
        analyze([str(root / "docs")], out, manifest=root / "manifest.csv", settings=cfg)
        systems = {"ceasefire": score_output(gold, out, conv)}
    if baselines:
        systems["nothing"] = score_realnews(gold, [], [], [], conv)
        systems["regex"] = score_realnews(gold, regex_realnews(root, gold, conv.side), [], [], conv)
    return RealnewsRun(gold, corpus_hash(root, conventions_path), systems)
