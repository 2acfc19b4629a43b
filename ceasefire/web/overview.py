"""The incidents on a map (GeoJSON features) and on a timeline (one row a day)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..report import IncidentCard

MAX_TIMELINE_DAYS = 1500  # beyond this, only the days with incidents are listed


def map_features(cards: Sequence[IncidentCard]) -> dict[str, Any]:
    """GeoJSON of the located incidents: the map draws them as points sized by fatalities."""
    feats = []
    for c in cards:
        p = c.location
        if p is None:
            continue
        feats.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.longitude, p.latitude]},
                "properties": {
                    "id": c.id,
                    "date": c.date_label,
                    "place": p.name,
                    "admin1": p.admin1,
                    "country": p.country,
                    "precision": p.precision,
                    "kind": c.kind,
                    "type": c.sub_event_type if c.kind == "statements" else c.event_type,
                    "sides": c.sides,
                    "status": c.status,
                    "fatalities": c.fatalities,
                    "url": f"/incidents/{c.id}",
                },
            }
        )
    return {"type": "FeatureCollection", "features": feats}


@dataclass(frozen=True)
class TimelineDay:
    day: dt.date
    events: tuple[int, ...]  # per side, aligned with Timeline.sides
    statements: tuple[int, ...]
    fatalities: int


@dataclass(frozen=True)
class Timeline:
    sides: tuple[str, ...]
    days: tuple[TimelineDay, ...]
    undated: int


def timeline(cards: Sequence[IncidentCard]) -> Timeline:
    """Incidents and statements per day, by the side that acted (actor 1); only incidents
    dated to the day are placed, the rest are counted as undated."""
    dated = [c for c in cards if c.date_start is not None and c.date_precision == "day"]
    sides = tuple(sorted({c.actor1_side or "?" for c in dated}))
    ev: Counter[tuple[dt.date, str]] = Counter()
    st: Counter[tuple[dt.date, str]] = Counter()
    fat: Counter[dt.date] = Counter()
    for c in dated:
        assert c.date_start is not None
        (st if c.kind == "statements" else ev)[(c.date_start, c.actor1_side or "?")] += 1
        fat[c.date_start] += c.fatalities
    days = sorted({c.date_start for c in dated if c.date_start is not None})
    # quiet days are zeros, not gaps: a line drawn across them would suggest activity
    if days and (days[-1] - days[0]).days <= MAX_TIMELINE_DAYS:
        days = [days[0] + dt.timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    return Timeline(
        sides,
        tuple(
            TimelineDay(d, tuple(ev[(d, s)] for s in sides), tuple(st[(d, s)] for s in sides), fat[d])
            for d in days
        ),
        len(cards) - len(dated),
    )
