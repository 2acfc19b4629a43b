"""Run the evaluation and hold it to the floors committed in ``eval/floors.json``.

Floors are kept per corpus (``ours``: the reports we wrote; ``seeds``: the five seed articles;
``realnews``: real published reports), each pinned to a hash of the gold it was measured on::

    {"corpora": {"ours": {"gold_hash": "…", "floors": {"events": 0.5, …}}, …}}

The gate cannot switch itself off: a corpus without floors, or whose gold changed since its
floors were recorded, fails until ``--update`` records it; ``--update`` only raises floors
(new floor = max(old, score − margin)) and refuses when a score is below its floor, unless
``--allow-regression`` says so — an explicit act that shows up in review. A corpus that is not
present on this machine (``../shared`` absent) is not measured and so not gated; its floors stay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, EvalGateError
from .baselines import BASELINES
from .gold import GoldDoc, load_corpora
from .scorer import Scores, score_document

FLOOR_MARGIN = 0.02  # floors sit just under the measured score: run-to-run noise is zero, edits are not
_EPS = 1e-9


@dataclass(frozen=True)
class Report:
    system: str
    scores: Scores


@dataclass(frozen=True)
class Measured:
    """What the gate checks for one corpus: higher is better for every metric."""

    corpus: str
    gold_hash: str
    metrics: dict[str, float]


def run_system(name: str, docs: list[GoldDoc]) -> Scores:
    scores = Scores()
    if name == "ceasefire":
        from ..extract.run import extract_documents

        for d, ex in zip(docs, extract_documents([d.document for d in docs]), strict=True):
            score_document(d, ex.mentions, ex.claims, scores)
        return scores
    fn = BASELINES[name]
    for d in docs:
        mentions, claims = fn(d)
        score_document(d, mentions, claims, scores)
    return scores


def evaluate(
    gold_path: Path, seeds: Path | None, systems: tuple[str, ...] = ("ceasefire",)
) -> dict[str, tuple[list[GoldDoc], list[Report]]]:
    """Score each annotated corpus under ``gold_path`` (``ours``, and ``seeds`` when the seed
    articles are found) with each system."""
    corpora = load_corpora(gold_path, seeds)
    return {name: (docs, [Report(s, run_system(s, docs)) for s in systems]) for name, docs in corpora.items()}


def _load(floors_path: Path) -> dict[str, dict[str, Any]]:
    if not floors_path.is_file():
        return {}
    try:
        data = json.loads(floors_path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise ConfigError(f"{floors_path} is not valid JSON: {e}") from e
    corpora = data.get("corpora", {}) if isinstance(data, dict) else {}
    return corpora if isinstance(corpora, dict) else {}


def check_floors(
    floors_path: Path,
    measured: list[Measured],
    *,
    update: bool = False,
    allow_regression: bool = False,
    margin: float = FLOOR_MARGIN,
) -> list[str]:
    """Failures against the floors (empty when all hold). With ``update``, record the measured
    corpora (new ones, changed gold, raised floors) instead, and return no failures; raises
    EvalGateError when that would lower a floor and ``allow_regression`` is not given."""
    corpora = _load(floors_path)
    failures: list[str] = []
    for m in measured:
        entry = corpora.get(m.corpus) or {}
        old: dict[str, float] = dict(entry.get("floors") or {})
        below = [
            f"{m.corpus} {k} {m.metrics[k]:.3f} < floor {v:.3f}"
            for k, v in old.items()
            if k in m.metrics and m.metrics[k] + _EPS < v
        ]
        dropped = [
            f"{m.corpus} {k} (floor {v:.3f}) no longer measured" for k, v in old.items() if k not in m.metrics
        ]
        if update:
            if (below or dropped) and not allow_regression:
                raise EvalGateError(
                    "refusing to lower floors ("
                    + "; ".join(below + dropped)
                    + "); pass --allow-regression to do so"
                )
            new = {k: round(max(0.0, v - margin), 2) for k, v in m.metrics.items()}
            # --allow-regression lowers only the floors a score fell below; the others (a floor
            # raised by hand to a target the score still meets) stay where they are
            fell = {k for k in old if k in m.metrics and m.metrics[k] + _EPS < old[k]}
            new = {k: v if k in fell else max(v, old.get(k, 0.0)) for k, v in new.items()}
            corpora[m.corpus] = {"gold_hash": m.gold_hash, "floors": dict(sorted(new.items()))}
            continue
        if not entry:
            failures.append(f"{m.corpus}: no floors recorded for this corpus; run `ceasefire eval --update`")
        elif entry.get("gold_hash") != m.gold_hash:
            failures.append(
                f"{m.corpus}: gold changed since its floors were recorded (now {m.gold_hash}, floors for "
                f"{entry.get('gold_hash')}); re-measure with `ceasefire eval --update`"
            )
        else:
            failures.extend(below + dropped)
    if update:
        floors_path.write_text(
            json.dumps({"corpora": dict(sorted(corpora.items()))}, indent=2) + "\n", encoding="utf-8"
        )
    return failures
