"""The report's casualty tables: estimates beside each claimant side's figures, per figure
(kind, side affected, civilian), and each claimant's own tally.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from ..records import Incident
from .card import column_order
from .labels import Names
from .views import CasualtyRow, CasualtyTables, ClaimantRow, SideFigure


def _sum(values: Iterable[int | None]) -> int | None:
    vals = [v for v in values if v is not None]
    return sum(vals) if vals else None


def _best(low: int | None, best: int | None, high: int | None) -> int | None:
    return best if best is not None else (low if low is not None else high)


def casualty_tables(incidents: Sequence[Incident], names: Names) -> CasualtyTables:
    """The claimant sides (the table's columns), a row per figure and a row per claimant."""
    FigKey = tuple[str, str, bool]
    est: dict[FigKey, list[tuple[int | None, int | None, int | None, str]]] = defaultdict(list)
    # per figure, per claimant side: (incident -> the side's largest current claim)
    side_claims: dict[FigKey, dict[str, dict[str, tuple[int | None, int | None, int | None]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    by_claimant: dict[tuple[str, str, str, str, bool], dict[str, Any]] = {}
    for inc in incidents:
        for e in inc.estimates:
            est[(e.kind, e.side_affected, e.civilian)].append((e.low, e.best, e.high, e.rule))
        for rc in inc.claims:
            c = rc.claim
            if c.value_low is None and c.value_best is None and c.value_high is None:
                continue
            fk = (c.kind, c.side_affected, c.civilian)
            ck = (rc.originator, c.claimant_side, c.kind, c.side_affected, c.civilian)
            row = by_claimant.setdefault(ck, {"incidents": {}, "claims": 0, "superseded": 0})
            row["claims"] += 1
            if rc.superseded_by:
                row["superseded"] += 1
                continue
            value = (c.value_low, c.value_best, c.value_high)
            # several claimants of one side may give partial tallies of the same losses:
            # the side's figure for the incident is the largest of them, never their sum
            for store_in in (side_claims[fk][c.claimant_side], row["incidents"]):
                prev = store_in.get(inc.id)
                if prev is None or (_best(*value) or 0) > (_best(*prev) or 0):
                    store_in[inc.id] = value
    sides = tuple(column_order({s for per in side_claims.values() for s in per}, ()))
    rows = []
    for fk in sorted(set(est) | set(side_claims)):
        es = est.get(fk, [])
        claimed = []
        for s in sides:
            per_inc = side_claims[fk].get(s, {})
            vals = list(per_inc.values())
            claimed.append(
                SideFigure(
                    s,
                    _sum(v[0] if v[0] is not None else v[1] for v in vals),
                    _sum(_best(*v) for v in vals),
                    _sum(v[2] if v[2] is not None else _best(*v) for v in vals),
                    len(per_inc),
                )
            )
        rows.append(
            CasualtyRow(
                kind=fk[0],
                side_affected=fk[1],
                civilian=fk[2],
                low=_sum(e[0] for e in es),
                best=_sum(e[1] for e in es),
                high=_sum(e[2] for e in es),
                rules=tuple(sorted({e[3] for e in es if e[3]})),
                incidents=len(es),
                claimed=tuple(claimed),
            )
        )
    claimant_rows = []
    for ck in sorted(by_claimant):
        r = by_claimant[ck]
        vals = list(r["incidents"].values())
        claimant_rows.append(
            ClaimantRow(
                claimant=ck[0],
                name=names.actor(ck[0]),
                side=ck[1],
                kind=ck[2],
                side_affected=ck[3],
                civilian=ck[4],
                low=_sum(v[0] if v[0] is not None else v[1] for v in vals),
                best=_sum(_best(*v) for v in vals),
                high=_sum(v[2] if v[2] is not None else _best(*v) for v in vals),
                incidents=len(vals),
                claims=r["claims"],
                superseded=r["superseded"],
            )
        )
    return CasualtyTables(sides, tuple(rows), tuple(claimant_rows))
