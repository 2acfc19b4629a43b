"""The report's and the incident card's view models: frozen records of plain values, no formatting,
and their JSON form. Every figure is computed once (card.py, period.py and the tables beside
them) into these; renderers only lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, TypeVar

from ..records import ClaimRow, Estimate, Figure, Place, Source

# PLOVER-like statement types the escalation trend counts as hostile. The spec of the report
# names these three; "deny" is defensive and "appeal"/"ceasefire_call" de-escalating.
HOSTILE_STATEMENT_TYPES = ("threaten", "accuse", "condemn")
UNKNOWN_SIDE = "?"
UNATTRIBUTED = "unattributed"
# a field holding a record whose fields the JSON form writes in its owner's place, as if the
# owner declared them: one record shared by several views, one flat JSON shape
INLINE = {"inline": True}


@dataclass(frozen=True)
class ClaimView(ClaimRow):
    """One claim as a row of its claimant side's column: the claims table's row (``outlet`` is
    the outlet's name), with what the card shows beside it."""

    claimant_name: str
    outlet_id: str
    figure: str  # "3", "2-4", "at least 5": what the claimant said, in numbers
    superseded_note: str  # "(superseded by 7 of <date>)" or ""


@dataclass(frozen=True)
class SideColumn:
    """Every claim made by one side's claimants, in claim order."""

    side: str
    label: str
    claims: tuple[ClaimView, ...]


@dataclass(frozen=True)
class FigureRow:
    """One figure (kind x side affected) across the claimant sides: what each side says of it.

    ``cells`` is aligned with ``IncidentCard.columns``; a cell holds that side's claims about
    this figure (current and superseded), empty when the side says nothing about it.
    """

    kind: str
    side_affected: str
    civilian: bool
    label: str
    cells: tuple[tuple[ClaimView, ...], ...]


V = TypeVar("V")


def shown(view: type[V], record: Any, **extra: Any) -> V:
    """A view that extends a record (a subclass adding what the card shows): the record's own
    values, and the ``extra`` ones."""
    return view(**{f.name: getattr(record, f.name) for f in fields(record)}, **extra)


@dataclass(frozen=True)
class EstimateView(Estimate):
    """An estimate and its figure in numbers ("3", "2-4")."""

    figure: str


@dataclass(frozen=True)
class SourceView(Source):
    """A source with its outlet's name and its alignment and ownership in words."""

    outlet_name: str
    lean: str


@dataclass(frozen=True)
class ReportView:
    """One mention (how one document tells the incident), for cards without figures."""

    mention_id: str
    document_id: str
    outlet: str
    kind: str  # event sub-type or statement type
    claimant: str
    claimant_name: str
    claimant_side: str
    hedge: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class IncidentCard:
    id: str
    kind: str
    event_type: str
    sub_event_type: str
    date_label: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    location: Place | None
    places: tuple[Place, ...]
    actor1: str
    actor1_name: str
    actor1_side: str
    actor2: str
    actor2_name: str
    actor2_side: str
    sides: str  # "AZ vs AM"
    columns: tuple[SideColumn, ...]
    rows: tuple[FigureRow, ...]
    estimates: tuple[EstimateView, ...]
    sources: tuple[SourceView, ...]
    reports: tuple[ReportView, ...]
    fatalities: int
    status: str
    status_why: str
    notes: str
    civilian_targeting: bool
    n_sources: int
    n_claims: int
    n_mentions: int


@dataclass(frozen=True)
class Summary:
    incidents: int
    events: int
    kinetic: int
    statements: int
    hostile_statements: int
    fatalities: int  # sum of the incidents' ACLED (conservative) fatality figures
    disputed: int
    statuses: tuple[tuple[str, int], ...]
    days_with_incidents: int
    undated: int  # incidents without a day-precise date (kept in every table but "by day")
    sources: int
    outlets: int
    claims: int
    sentences: tuple[str, ...]  # the summary in words
    verified_claims: int = 0  # checked by a coder (ceasefire review) and found right
    corrected_claims: int = 0  # checked by a coder and corrected: the values shown are the coder's


@dataclass(frozen=True)
class TypeCount:
    event_type: str
    sub_event_type: str
    incidents: int
    fatalities: int


@dataclass(frozen=True)
class PlaceCount:
    name: str
    admin1: str
    country: str
    latitude: float | None
    longitude: float | None
    incidents: int
    kinetic: int
    fatalities: int
    incident_ids: tuple[str, ...]


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    incidents: int
    kinetic: int
    statements: int
    fatalities: int


@dataclass(frozen=True)
class SideFigure:
    """What one claimant side says about one figure, summed over incidents."""

    side: str
    low: int | None
    best: int | None
    high: int | None
    incidents: int


@dataclass(frozen=True)
class CasualtyRow(Figure):
    """One figure (kind x side affected): the estimate next to each side's claims."""

    rules: tuple[str, ...]
    incidents: int
    claimed: tuple[SideFigure, ...]  # aligned with CasualtyTables.claimant_sides


@dataclass(frozen=True)
class ClaimantRow(Figure):
    """What one claimant (by its originator) says of one figure, summed over incidents."""

    claimant: str  # originator id
    name: str
    side: str
    incidents: int
    claims: int
    superseded: int


@dataclass(frozen=True)
class CasualtyTables:
    """The casualty tables over some incidents (the whole report's, or one conflict's): the
    claimant sides (the columns), a row per figure and a row per claimant."""

    claimant_sides: tuple[str, ...]
    casualties: tuple[CasualtyRow, ...]
    claimants: tuple[ClaimantRow, ...]


@dataclass(frozen=True)
class TermCount:
    term: str
    narrative: str
    category: str
    count: int


@dataclass(frozen=True)
class QuotedCount:
    claimant: str
    name: str
    side: str
    documents: int


@dataclass(frozen=True)
class ChargedTerm:
    """A loaded term an outlet printed but someone else used: a claimant it quoted or whose
    statement it reported (the term lies in that claim's or statement's sentence), or an
    unnamed speaker inside quotation marks."""

    term: str
    narrative: str
    category: str
    speaker: str  # the claimant's id; "" for an unnamed quoted speaker
    speaker_name: str
    side: str
    count: int


@dataclass(frozen=True)
class OutletRow:
    outlet: str
    name: str
    alignment: str
    state_owned: bool
    documents: int
    framing_hits: int  # every loaded term in its reports, whoever used it
    narratives: tuple[tuple[str, int], ...]
    terms: tuple[TermCount, ...]
    quoted: tuple[QuotedCount, ...]
    own_voice_hits: int = 0  # the terms charged to the outlet itself (not quoted, not attributed)
    own_terms: tuple[TermCount, ...] = ()
    charged: tuple[ChargedTerm, ...] = ()  # the terms charged to whoever it quoted


@dataclass(frozen=True)
class EscalationRow:
    dyad: str  # "XO-XV": the two sides, sorted; "?" for an unknown side
    week: str  # ISO week "2021-W46"
    week_start: dt.date
    kinetic: int
    hostile: int


@dataclass(frozen=True)
class ConflictSection:
    """One conflict (a pair of sides, "dyad") of the report: its counts, casualty tables,
    escalation weeks (only weeks where something happened) and incidents."""

    dyad: str
    name: str  # the sides in words: "Valdoria – Ostrava"
    incidents: int
    kinetic: int
    statements: int
    fatalities: int
    disputed: int
    casualty_tables: CasualtyTables = field(metadata=INLINE)
    escalation: tuple[EscalationRow, ...]
    incident_ids: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    title: str
    date_from: dt.date | None
    date_to: dt.date | None
    summary: Summary
    by_type: tuple[TypeCount, ...]
    by_place: tuple[PlaceCount, ...]
    by_day: tuple[DayCount, ...]
    casualty_tables: CasualtyTables = field(metadata=INLINE)
    outlets: tuple[OutletRow, ...]
    dyads: tuple[str, ...]
    escalation: tuple[EscalationRow, ...]  # only the weeks where something happened
    incidents: tuple[IncidentCard, ...]
    sections: tuple[ConflictSection, ...] = ()  # one per conflict (dyad), busiest first


def to_jsonable(obj: Any) -> Any:
    """Dataclasses to plain JSON values; dates as ISO strings, tuples as lists."""
    if is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in fields(obj):
            value = to_jsonable(getattr(obj, f.name))
            if f.metadata.get("inline"):
                out.update(value)
            else:
                out[f.name] = value
        return out
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj
