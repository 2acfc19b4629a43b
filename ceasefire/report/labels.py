"""Words and numbers as the report prints them: names of actors and outlets, figures, leanings,
sides, weeks, plurals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from .views import UNATTRIBUTED, UNKNOWN_SIDE

if TYPE_CHECKING:
    from ..reference import Reference


@lru_cache(maxsize=1)
def kinetic_event_types() -> frozenset[str]:
    """ACLED event types that are violence: those of the event lexicon's kinetic triggers."""
    from ..extract.lexicons import load

    raw = load("events")
    types: set[str] = set()
    for key in ("kinetic", "civilian_attack"):
        entries = raw.get(key, [])
        for e in entries if isinstance(entries, list) else [entries]:
            types.add(str(e["event_type"]))
    return frozenset(types)


class Names:
    """Actor and outlet names from the reference data the report is given (the reference data
    in force when None: the caller was given none), each table read once, on first use."""

    def __init__(self, reference: Reference | None = None) -> None:
        self._reference = reference
        self._actors: Mapping[str, str] | None = None
        self._outlets: Mapping[str, str] | None = None

    def _ref(self) -> Reference:
        from ..reference import resolve

        return resolve(self._reference)

    def actor(self, actor_id: str) -> str:
        if not actor_id:
            return ""
        if actor_id == "outlet" or actor_id.startswith("outlet:"):
            outlet = actor_id.partition(":")[2]
            return f"the outlet itself ({self.outlet(outlet)})" if outlet else "the outlet itself"
        if self._actors is None:
            try:
                self._actors = {a.id: a.name for a in self._ref().actors}
            except Exception:  # the card must render even when the actor data cannot be read
                self._actors = {}
        return self._actors.get(actor_id, actor_id)

    def outlet(self, outlet_id: str) -> str:
        if not outlet_id:
            return ""
        if self._outlets is None:
            try:
                self._outlets = {o.id: o.name for o in self._ref().outlets}
            except Exception:
                self._outlets = {}
        return self._outlets.get(outlet_id, outlet_id)


def figure(low: int | None, best: int | None, high: int | None) -> str:
    """A figure in numbers: "3", "2-4" or "3 (2-4)" when the best differs from both ends."""
    if low is None and best is None and high is None:
        return "-"
    if low is not None and high is not None and low != high:
        if best is not None and best not in (low, high):
            return f"{best} ({low}-{high})"
        return f"{low}-{high}"
    if best is None and low is not None and high is None:
        return f"at least {low}"
    if best is None and low is None and high is not None:
        return f"up to {high}"
    return str(next(v for v in (best, low, high) if v is not None))


def lean(alignment: str, state_owned: bool) -> str:
    if not alignment:
        base = "alignment unknown"
    elif alignment == "neutral":
        base = "neutral"
    else:
        base = f"aligned with {alignment}"
    return base + (", state-owned" if state_owned else "")


def affected(side: str, civilian: bool) -> str:
    return ("civilians of " if civilian else "") + (side or "unspecified side")


def dyad(a: str, b: str) -> str:
    """An undirected pair of sides: escalation counts fire and threats both ways."""
    x, y = sorted((a or UNKNOWN_SIDE, b or UNKNOWN_SIDE))
    return f"{x}-{y}"


def iso_week(d: dt.date) -> tuple[str, dt.date]:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}", dt.date.fromisocalendar(year, week, 1)


def side_label(side: str) -> str:
    if not side:
        return f"{UNATTRIBUTED} (outlet's own figures)"
    return f"{side} claimants"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
