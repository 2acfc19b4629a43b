"""Precision / recall / F1 per fact kind, against the gold corpus, with the errors found.

Matching is by evidence: a predicted mention or claim matches a gold one when their evidence
sentences overlap (at least half of the shorter) and the fact agrees. Fact kinds:

- events: non-background events and statements, matched on type and sub-type;
- actors: the sides of matched events (actor1/actor2 as a set);
- places: places of matched events within 25 km of a gold place;
- dates: day-precision dates of matched events, equal to the gold day;
- figures: casualty claims matched on kind and low/high values;
- claimant / side: figure-matched claims whose claimant (side affected) also agrees — as
  precision over all predicted claims and recall over all gold claims, so a wrong figure
  costs here too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..records import Claim, Mention
from .gold import GoldClaim, GoldDoc, GoldEvent

G = TypeVar("G")
P = TypeVar("P")

KINDS = ("events", "actors", "places", "dates", "figures", "claimant", "side")
PLACE_KM = 25.0


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    counts: dict[str, Count] = field(default_factory=lambda: {k: Count() for k in KINDS})
    errors: list[str] = field(default_factory=list)
    false_casualties: int = 0  # predicted claims whose figure is a gold non-casualty number

    def table(self) -> dict[str, dict[str, float]]:
        return {
            k: {
                "precision": round(c.precision, 3),
                "recall": round(c.recall, 3),
                "f1": round(c.f1, 3),
                "tp": c.tp,
                "fp": c.fp,
                "fn": c.fn,
            }
            for k, c in self.counts.items()
        }


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    inter = min(a1, b1) - max(a0, b0)
    return inter > 0 and inter >= 0.5 * min(a1 - a0, b1 - b0)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _event_key(e: GoldEvent) -> tuple[str, str]:
    return (e.type, e.sub_type)


def _claimant_equal(pred: str, gold: str) -> bool:
    if gold == "outlet":
        return pred == "outlet" or pred.startswith("outlet:")
    return pred == gold


def score_document(gold: GoldDoc, mentions: Iterable[Mention], claims: Iterable[Claim], s: Scores) -> None:
    c = s.counts
    snippet = lambda a, b: gold.text[a:b][:90].replace("\n", " ")  # noqa: E731
    # -- events ---------------------------------------------------------------------------
    g_events = [e for e in gold.events if not e.background]
    p_events = [m for m in mentions if not m.background]
    pairs, used = _pair(
        g_events,
        p_events,
        lambda ge, pm: (
            _overlap(ge.start, ge.end, pm.evidence.start, pm.evidence.end)
            and (pm.event_type, pm.sub_event_type) == _event_key(ge)
        ),
        c["events"],
        lambda ge: f"[{gold.id}] missed {ge.type}/{ge.sub_type}: {snippet(ge.start, ge.end)}",
        s.errors,
    )
    for i, pm in enumerate(p_events):
        if i not in used:
            c["events"].fp += 1
            s.errors.append(
                f"[{gold.id}] spurious {pm.event_type}/{pm.sub_event_type}: "
                f"{snippet(pm.evidence.start, pm.evidence.end)}"
            )
    for ge, pm in pairs:
        gs = {x for x in (ge.actor1, ge.actor2) if x}
        ps = {x for x in (pm.actor1_side, pm.actor2_side) if x}
        c["actors"].tp += len(gs & ps)
        c["actors"].fp += len(ps - gs)
        c["actors"].fn += len(gs - ps)
        _, matched_pp = _pair(
            ge.places,
            pm.places,
            lambda gp, pp: _km(gp.lat, gp.lon, pp.latitude, pp.longitude) <= PLACE_KM,
            c["places"],
            lambda gp: f"[{gold.id}] place {gp.name} ({gp.country}) not found",
            s.errors,
        )
        c["places"].fp += len(pm.places) - len(matched_pp)
        if ge.date is not None:
            if pm.date.start == ge.date:
                c["dates"].tp += 1
            else:
                c["dates"].fn += 1
                if pm.date.start is not None:
                    c["dates"].fp += 1
                s.errors.append(f"[{gold.id}] date {pm.date.start} != {ge.date}: {snippet(ge.start, ge.end)}")
        elif pm.date.start is not None and pm.date.precision == "day":
            c["dates"].fp += 1
    # -- claims ---------------------------------------------------------------------------
    p_claims = list(claims)
    used_c: set[int] = set()
    for gc in gold.claims:
        hit = _first_free(gc, p_claims, used_c, _claim_fits)
        if hit is None:
            for k in ("figures", "claimant", "side"):
                c[k].fn += 1
            s.errors.append(
                f"[{gold.id}] missed claim {gc.kind} {gc.side_affected} {gc.low}-{gc.high} "
                f"by {gc.claimant}: {snippet(gc.start, gc.end)}"
            )
            continue
        used_c.add(hit)
        pc = p_claims[hit]
        c["figures"].tp += 1
        for k, ok, what in (
            (
                "claimant",
                _claimant_equal(pc.claimant, gc.claimant),
                f"claimant {pc.claimant} != {gc.claimant}",
            ),
            ("side", pc.side_affected == gc.side_affected, f"side {pc.side_affected} != {gc.side_affected}"),
        ):
            if ok:
                c[k].tp += 1
            else:
                c[k].fp += 1
                c[k].fn += 1
                s.errors.append(f"[{gold.id}] {what} ({gc.kind} {gc.low}): {snippet(gc.start, gc.end)}")
    for i, pc in enumerate(p_claims):
        if i in used_c:
            continue
        for k in ("figures", "claimant", "side"):
            c[k].fp += 1
        s.errors.append(
            f"[{gold.id}] spurious claim {pc.kind} {pc.side_affected} {pc.value_low}-{pc.value_high}: "
            f"{snippet(pc.evidence.start, pc.evidence.end)}"
        )
        for a, b in gold.non_casualty:
            if pc.evidence.start <= a < pc.evidence.end and str(pc.value_low) in gold.text[a:b].replace(
                ",", ""
            ):
                s.false_casualties += 1
                break


def _claim_fits(gc: GoldClaim, pc: Claim) -> bool:
    """A predicted claim matches a gold one: overlapping evidence, same kind and low/high figures."""
    same = (pc.kind, pc.value_low, pc.value_high) == (gc.kind, gc.low, gc.high)
    return same and _overlap(gc.start, gc.end, pc.evidence.start, pc.evidence.end)


def _first_free(gold: G, preds: Sequence[P], used: set[int], fits: Callable[[G, P], bool]) -> int | None:
    """The index of the first prediction not in ``used`` that ``fits`` the gold item, or None."""
    return next((i for i, p in enumerate(preds) if i not in used and fits(gold, p)), None)


def _pair(
    golds: Iterable[G],
    preds: Sequence[P],
    fits: Callable[[G, P], bool],
    count: Count,
    missed: Callable[[G], str],
    errors: list[str],
) -> tuple[list[tuple[G, P]], set[int]]:
    """Greedy one-to-one matching: each gold item, in order, takes the first prediction not yet
    taken that fits it (a true positive in ``count``); a gold item left alone is a false negative,
    with ``missed(item)`` in ``errors``. The pairs and the indices of the predictions taken (the
    others are the caller's to count)."""
    pairs: list[tuple[G, P]] = []
    used: set[int] = set()
    for g in golds:
        hit = _first_free(g, preds, used, fits)
        if hit is None:
            count.fn += 1
            errors.append(missed(g))
        else:
            used.add(hit)
            count.tp += 1
            pairs.append((g, preds[hit]))
    return pairs, used


def per_kind_means(table: dict[str, dict[str, float]]) -> dict[str, float]:
    return {k: v["f1"] for k, v in table.items()}


def group_by_doc(items: Iterable[Mention | Claim]) -> dict[str, list[Mention | Claim]]:
    out: dict[str, list[Mention | Claim]] = defaultdict(list)
    for x in items:
        out[x.document_id].append(x)
    return out
