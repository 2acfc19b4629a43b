"""The incidents on a map (the GeoJSON export's features) and on a timeline (bars per day, or
per week over a long span, one bar segment per side whose forces are reported acting)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..export.geojson import feature
from ..records import Incident

DAILY_UP_TO_DAYS = 92  # a longer span is counted per ISO week
MAX_BUCKETS = 600  # beyond this, only the buckets with incidents are listed
STATEMENTS = "statements"
UNKNOWN = "?"


def map_features(incidents: Sequence[Incident]) -> dict[str, Any]:
    """The located incidents as the GeoJSON export writes them (``export.geojson.feature``):
    the map draws them as points sized by fatalities; history the reports retell (kind
    "background") is no event of the period and stays off the map."""
    feats = [f for f in map(feature, (i for i in incidents if i.kind != "background")) if f is not None]
    return {"type": "FeatureCollection", "features": feats}


@dataclass(frozen=True)
class TimelineGroup:
    key: str  # a side code, "statements" or "?"
    label: str  # in words, never blaming by position: "Xland's forces reported acting"


@dataclass(frozen=True)
class TimelineDay:
    day: dt.date  # the bucket's first day (a Monday for weeks)
    label: str  # "2021-11-16" or "week of 2021-11-15"
    date_to: dt.date  # its last day
    counts: tuple[int, ...]  # aligned with Timeline.groups
    incidents: int
    fatalities: int
    ids: tuple[str, ...] = ()  # the incidents counted in this bucket


@dataclass(frozen=True)
class Timeline:
    unit: str  # "day" or "week"
    groups: tuple[TimelineGroup, ...]
    days: tuple[TimelineDay, ...]
    undated: int


def _group(inc: Incident) -> str:
    if inc.kind == "statements":
        return STATEMENTS
    return inc.actor1_side or UNKNOWN


def _label(key: str, side_name: Callable[[str], str]) -> str:
    if key == STATEMENTS:
        return "statements only (no use of force reported)"
    if key == UNKNOWN:
        return "events, acting side not reported"
    return f"events where {side_name(key)}'s forces are reported acting"


def timeline(incidents: Sequence[Incident], side_name: Callable[[str], str] = str) -> Timeline:
    """Incidents per day (per ISO week when the span passes ``DAILY_UP_TO_DAYS``), split by the
    side whose forces the reconciled reading says acted; statements apart. Only incidents dated
    to the day or the week are placed; the others are counted as undated. History the reports
    retell (kind "background") is left out."""
    events = [i for i in incidents if i.kind != "background"]
    dated = [i for i in events if i.date_start is not None and i.date_precision in ("day", "week")]
    days = [i.date_start for i in dated if i.date_start is not None]
    weekly = bool(days) and (
        (max(days) - min(days)).days > DAILY_UP_TO_DAYS or any(i.date_precision == "week" for i in dated)
    )

    def bucket(d: dt.date) -> dt.date:
        return d - dt.timedelta(days=d.weekday()) if weekly else d

    keys = sorted({_group(i) for i in dated}, key=lambda k: (k in (STATEMENTS, UNKNOWN), k == STATEMENTS, k))
    counts: Counter[tuple[dt.date, str]] = Counter()
    total: Counter[dt.date] = Counter()
    fat: Counter[dt.date] = Counter()
    ids: dict[dt.date, list[str]] = {}
    for i in dated:
        assert i.date_start is not None
        b = bucket(i.date_start)
        counts[(b, _group(i))] += 1
        total[b] += 1
        fat[b] += i.fatalities
        ids.setdefault(b, []).append(i.id)
    starts = sorted(total)
    step = dt.timedelta(days=7 if weekly else 1)
    if starts:
        n = (starts[-1] - starts[0]) // step + 1
        if n <= MAX_BUCKETS:
            # quiet days are bars of zero, so nothing is drawn across a gap
            starts = [starts[0] + k * step for k in range(n)]
    return Timeline(
        "week" if weekly else "day",
        tuple(TimelineGroup(k, _label(k, side_name)) for k in keys),
        tuple(
            TimelineDay(
                b,
                f"week of {b.isoformat()}" if weekly else b.isoformat(),
                b + step - dt.timedelta(days=1),
                tuple(counts[(b, k)] for k in keys),
                total[b],
                fat[b],
                tuple(ids.get(b, ())),
            )
            for b in starts
        ),
        len(events) - len(dated),
    )
