"""The periodic report over a period's incidents: the summary and its sentences, the counts per
type, place and day, and the tables of casualties, outlets and escalation (each computed in
its own module), as one :class:`Report`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..records import FramingHit, Incident
from .card import build_card
from .casualties import casualty_tables
from .escalation import escalation_rows, hostile_statements, is_kinetic
from .labels import Names, dyad, plural
from .outlet_table import outlet_rows
from .views import (
    UNKNOWN_SIDE,
    ConflictSection,
    DayCount,
    PlaceCount,
    Report,
    Summary,
    TypeCount,
)

if TYPE_CHECKING:
    from ..reference import Reference


def day_of(incident: Incident) -> dt.date | None:
    return incident.date_start if incident.date_precision == "day" else None


def _summary_sentences(
    s: Summary, report_from: dt.date | None, report_to: dt.date | None, top_place: str
) -> tuple[str, ...]:
    span = (
        f"from {report_from.isoformat()} to {report_to.isoformat()}"
        if report_from and report_to
        else "over the whole record"
    )
    out = [
        f"The record holds {plural(s.incidents, 'incident')} {span}: "
        f"{plural(s.kinetic, 'ceasefire violation')} with use of force, "
        f"{plural(s.events - s.kinetic, 'other event')} and "
        f"{plural(s.statements, 'incident')} made of statements only.",
        f"{plural(s.fatalities, 'fatality', 'fatalities')} on the conservative count (the lowest "
        f"credible figure per incident); {plural(s.disputed, 'incident')} with figures the parties dispute.",
        f"Sources: {plural(s.sources, 'document')} from {plural(s.outlets, 'outlet')}, carrying "
        f"{plural(s.claims, 'claim')}; {plural(s.hostile_statements, 'hostile statement')} "
        "(threats, accusations, condemnations).",
    ]
    checked = s.verified_claims + s.corrected_claims
    if checked:
        out.append(
            f"Reviewed by a coder: {checked} of {plural(s.claims, 'claim')} ({s.verified_claims} verified, "
            f"{s.corrected_claims} corrected); the other {s.claims - checked} are the machine's reading. "
            "Claims a coder rejected are left out."
        )
    else:
        out.append("No claim has been reviewed by a coder yet: every figure is the machine's reading.")
    if top_place:
        out.append(f"Most incidents were reported at or near {top_place}.")
    if s.undated:
        out.append(
            f"{plural(s.undated, 'incident')} without a date known to the day (left out of the daily counts)."
        )
    return tuple(out)


def build_report(
    incidents: Sequence[Incident],
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    framing: Sequence[FramingHit] = (),
    title: str = "Ceasefire violations report",
    reference: Reference | None = None,
    alignments: Mapping[str, str] | None = None,
) -> Report:
    """The periodic report over ``incidents`` (already limited to the period by the caller);
    actors, outlets and sides are named from ``reference``. ``alignments`` (outlet -> alignment,
    as the documents' manifest declared it) fill in outlets the registry does not know."""
    names = Names(reference)
    # history the reports retell (kind "background") is no violation of the period
    incidents = sorted(
        (i for i in incidents if i.kind != "background"), key=lambda i: (i.date_start or dt.date.max, i.id)
    )
    kinetic = [i for i in incidents if is_kinetic(i)]
    types: dict[tuple[str, str], list[Incident]] = defaultdict(list)
    places: dict[tuple[str, str, str, float | None, float | None], list[Incident]] = defaultdict(list)
    days: dict[dt.date, list[Incident]] = defaultdict(list)
    for inc in incidents:
        types[(inc.event_type, inc.sub_event_type)].append(inc)
        p = inc.location
        key = (
            (p.name, p.admin1, p.country, p.latitude, p.longitude)
            if p
            else ("(place unknown)", "", "", None, None)
        )
        places[key].append(inc)
        d = day_of(inc)
        if d is not None:
            days[d].append(inc)
    by_type = tuple(
        TypeCount(t, s, len(v), sum(i.fatalities for i in v))
        for (t, s), v in sorted(types.items(), key=lambda x: (-len(x[1]), x[0]))
    )
    by_place = tuple(
        PlaceCount(
            k[0],
            k[1],
            k[2],
            k[3],
            k[4],
            len(v),
            sum(1 for i in v if is_kinetic(i)),
            sum(i.fatalities for i in v),
            tuple(i.id for i in v),
        )
        # the unknown place last: it is a remainder, not a location
        for k, v in sorted(
            places.items(), key=lambda x: (x[0][3] is None, -len(x[1]), x[0][0], x[0][2], x[0][1])
        )
    )
    by_day = tuple(
        DayCount(
            d,
            len(v),
            sum(1 for i in v if is_kinetic(i)),
            sum(1 for i in v if i.kind == "statements"),
            sum(i.fatalities for i in v),
        )
        for d, v in sorted(days.items())
    )
    dyads, escalation = escalation_rows(incidents, date_from, date_to)
    statuses = Counter(i.status for i in incidents)
    sources = {s.document_id for i in incidents for s in i.sources}
    outlets = {s.outlet for i in incidents for s in i.sources}
    summary = Summary(
        incidents=len(incidents),
        events=sum(1 for i in incidents if i.kind == "event"),
        kinetic=len(kinetic),
        statements=sum(1 for i in incidents if i.kind == "statements"),
        hostile_statements=sum(len(hostile_statements(i)) for i in incidents),
        fatalities=sum(i.fatalities for i in incidents),
        disputed=statuses.get("disputed", 0),
        statuses=tuple(sorted(statuses.items(), key=lambda x: (-x[1], x[0]))),
        days_with_incidents=len(days),
        undated=sum(1 for i in incidents if day_of(i) is None),
        sources=len(sources),
        outlets=len(outlets),
        claims=sum(len(i.claims) for i in incidents),
        sentences=(),
        verified_claims=sum(rc.review_status == "verified" for i in incidents for rc in i.claims),
        corrected_claims=sum(rc.review_status == "corrected" for i in incidents for rc in i.claims),
    )
    located = [p for p in by_place if p.latitude is not None]
    top = f"{located[0].name} ({located[0].country})" if located else ""
    summary = _replace_sentences(summary, _summary_sentences(summary, date_from, date_to, top))
    return Report(
        title=title,
        date_from=date_from,
        date_to=date_to,
        summary=summary,
        by_type=by_type,
        by_place=by_place,
        by_day=by_day,
        casualty_tables=casualty_tables(incidents, names),
        outlets=outlet_rows(incidents, framing, names, alignments),
        dyads=dyads,
        escalation=escalation,
        incidents=tuple(build_card(i, names=names) for i in incidents),
        sections=conflict_sections(incidents, names, reference),
    )


def conflict_sections(
    incidents: Sequence[Incident], names: Names, reference: Reference | None = None
) -> tuple[ConflictSection, ...]:
    """One section per conflict (the incident's pair of sides), busiest first: a report a
    monitor sends never mixes two wars in one table."""
    from ..export import Names as SideNames

    sides = SideNames(reference)
    by: dict[str, list[Incident]] = defaultdict(list)
    for inc in incidents:
        by[dyad(inc.actor1_side, inc.actor2_side)].append(inc)
    out = []
    for d, incs in by.items():
        a, _, b = d.partition("-")
        name = " – ".join("unknown side" if s == UNKNOWN_SIDE else str(sides.side(s)) for s in (a, b))
        _dyads, weeks = escalation_rows(incs)
        out.append(
            ConflictSection(
                dyad=d,
                name=name,
                incidents=len(incs),
                kinetic=sum(1 for i in incs if is_kinetic(i)),
                statements=sum(1 for i in incs if i.kind == "statements"),
                fatalities=sum(i.fatalities for i in incs),
                disputed=sum(1 for i in incs if i.status == "disputed"),
                casualty_tables=casualty_tables(incs, names),
                # the section's own weeks: hostile statements of this conflict's incidents
                escalation=weeks,
                incident_ids=tuple(i.id for i in incs),
            )
        )
    # busiest first; the unknown pairs last
    return tuple(sorted(out, key=lambda s: (UNKNOWN_SIDE in s.dyad.split("-"), -s.incidents, s.dyad)))


def _replace_sentences(s: Summary, sentences: tuple[str, ...]) -> Summary:
    from dataclasses import replace

    return replace(s, sentences=sentences)
