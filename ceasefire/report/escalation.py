"""The escalation trend: per pair of sides and ISO week, the kinetic incidents and the distinct
hostile statements (threats, accusations, condemnations).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from ..records import Incident, Mention
from .labels import dyad, iso_week, kinetic_event_types
from .views import HOSTILE_STATEMENT_TYPES, EscalationRow


def is_kinetic(incident: Incident) -> bool:
    return incident.kind == "event" and incident.event_type in kinetic_event_types()


def hostile_statements(incident: Incident) -> list[tuple[str, Mention]]:
    """Distinct hostile statements in an incident, with their dyad.

    Two outlets reporting the same ministry's accusation are one statement: the key is
    (speaker, statement type), the speaker being the claimant (or its side).
    """
    found: dict[tuple[str, str], tuple[str, Mention]] = {}
    for m in sorted(incident.mentions, key=lambda m: m.id):
        if m.event_type != "Statement" or m.sub_event_type not in HOSTILE_STATEMENT_TYPES or m.negated:
            continue
        speaker = m.claimant or m.actor1 or m.claimant_side or m.actor1_side
        key = (speaker, m.sub_event_type)
        if key in found:
            continue
        a = m.actor1_side or m.claimant_side or incident.actor1_side
        b = m.actor2_side or incident.actor2_side
        if a == b:  # a side's statement about its own forces: the target is the incident's other side
            b = incident.actor2_side if incident.actor1_side == a else incident.actor1_side
        found[key] = (dyad(a, b), m)
    return [found[k] for k in sorted(found)]


def escalation_rows(
    incidents: Sequence[Incident], date_from: dt.date | None = None, date_to: dt.date | None = None
) -> tuple[tuple[str, ...], tuple[EscalationRow, ...]]:
    """The dyads and, per dyad and ISO week with a kinetic event or a hostile statement, the
    counts (``date_from``/``date_to`` are kept for callers; rows never list an empty week)."""
    counts: dict[tuple[str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    for inc in incidents:
        # a week is only meaningful for dates known to the day or week
        if inc.date_start is None or inc.date_precision not in ("day", "week"):
            continue
        _, monday = iso_week(inc.date_start)
        if is_kinetic(inc):
            counts[(dyad(inc.actor1_side, inc.actor2_side), monday)][0] += 1
        for d, _m in hostile_statements(inc):
            counts[(d, monday)][1] += 1
    dyads = tuple(sorted({d for d, _ in counts}))
    # only the weeks where something happened: a table of zeros says nothing (the chart shows
    # the weeks in between as empty slots)
    rows = [
        EscalationRow(d, iso_week(week)[0], week, k, h)
        for (d, week), (k, h) in sorted(counts.items())
        if k or h
    ]
    return dyads, tuple(rows)
