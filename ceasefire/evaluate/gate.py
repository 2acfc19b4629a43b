"""Run the evaluation and hold it to the floors committed in ``eval/floors.json``.

Floors are pinned with a hash of the gold corpus they were measured on. Raising them is
``--update``; lowering them (or changing the gold corpus) needs ``--allow-regression``, an
explicit act that shows up in review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, EvalGateError
from ..records import Document
from .baselines import BASELINES
from .gold import GoldDoc, load_gold
from .scorer import KINDS, Scores, score_document

FLOOR_MARGIN = 0.02  # floors sit just under the measured score: run-to-run noise is zero, edits are not


@dataclass(frozen=True)
class Report:
    system: str
    scores: Scores


def run_system(name: str, docs: list[GoldDoc]) -> Scores:
    scores = Scores()
    if name == "ceasefire":
        from ..extract.run import extract_documents

        records = [
            Document(id=d.id, source=d.id, text=d.text, published=d.published, language="en", outlet=d.outlet)
            for d in docs
        ]
        for d, ex in zip(docs, extract_documents(records), strict=True):
            score_document(d, ex.mentions, ex.claims, scores)
        return scores
    fn = BASELINES[name]
    for d in docs:
        mentions, claims = fn(d)
        score_document(d, mentions, claims, scores)
    return scores


def evaluate(
    gold_path: Path, seeds: Path | None, systems: tuple[str, ...] = ("ceasefire",)
) -> tuple[list[GoldDoc], list[Report]]:
    docs = load_gold(gold_path, seeds)
    if not docs:
        raise ConfigError(f"no gold documents under {gold_path}")
    return docs, [Report(name, run_system(name, docs)) for name in systems]


def check_floors(
    floors_path: Path,
    scores: Scores,
    gold_hash: str,
    *,
    update: bool = False,
    allow_regression: bool = False,
) -> list[str]:
    """Failures against the floors (empty when all hold); writes new floors on --update.

    Floors are kept per corpus variant (its hash): the gold reports alone, or with the seed
    articles when ``../shared/seeds`` is present. A variant without floors is reported, not
    failed, so a checkout without the seeds still runs.
    """
    table = scores.table()
    data = json.loads(floors_path.read_text()) if floors_path.is_file() else {}
    variants: dict[str, dict[str, float]] = data.get("variants", {})
    floors = variants.get(gold_hash)
    if update:
        new = {k: round(max(0.0, table[k]["f1"] - FLOOR_MARGIN), 2) for k in KINDS}
        lowered = [k for k in KINDS if floors and k in floors and new[k] < floors[k]]
        if lowered and not allow_regression:
            raise EvalGateError(
                f"refusing to lower floors ({', '.join(lowered)}); pass --allow-regression to do so"
            )
        if not allow_regression and floors:
            new = {k: max(new[k], floors.get(k, 0.0)) for k in KINDS}
        variants[gold_hash] = new
        floors_path.write_text(json.dumps({"variants": variants}, indent=2, sort_keys=True) + "\n")
        return []
    if floors is None:
        return [] if variants else ["no floors committed yet: run `ceasefire eval --update`"]
    return [
        f"{k} F1 {table[k]['f1']:.3f} < floor {floors[k]:.3f}"
        for k in KINDS
        if k in floors and table[k]["f1"] + 1e-9 < floors[k]
    ]
