"""The incident card: one incident's what, where, when, who, each side's claims side by side,
estimates and sources, as an :class:`IncidentCard`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Incident, ReconciledClaim, claim_row
from ..store.display import public_source
from .labels import Names, affected, figure, lean, side_label
from .views import (
    UNKNOWN_SIDE,
    ClaimView,
    EstimateView,
    FigureRow,
    IncidentCard,
    ReportView,
    SideColumn,
    SourceView,
    shown,
)

if TYPE_CHECKING:
    from ..reference import Reference


def _claim_view(
    incident_id: str,
    rc: ReconciledClaim,
    sources: Mapping[str, str],
    made_on_by_id: Mapping[str, dt.date | None],
    names: Names,
    figure_by_id: Mapping[str, str] | None = None,
) -> ClaimView:
    c = rc.claim
    note = ""
    if rc.superseded_by:
        # the later figure, not its id: "superseded by 7 of 2021-11-17"
        when = made_on_by_id.get(rc.superseded_by)
        later = (figure_by_id or {}).get(rc.superseded_by) or "a later figure"
        note = f"(superseded by {later}" + (f" of {when.isoformat()})" if when else ")")
    return shown(
        ClaimView,
        claim_row(incident_id, rc, names.outlet(rc.outlet), sources),
        claimant_name=names.actor(rc.originator if c.claimant.startswith("outlet") else c.claimant),
        outlet_id=rc.outlet,
        figure=figure(c.value_low, c.value_best, c.value_high),
        superseded_note=note,
    )


def column_order(sides: Iterable[str], first: Sequence[str]) -> list[str]:
    present = set(sides)
    head = [s for s in dict.fromkeys(first) if s in present]
    # parties named in the dyad first, then third parties, unattributed figures last
    return head + sorted(s for s in present if s not in head and s) + ([""] if "" in present else [])


def build_card(
    incident: Incident, *, reference: Reference | None = None, names: Names | None = None
) -> IncidentCard:
    """The incident card: what, where, when, who, each side's claims, estimates, sources.
    Actors and outlets are named from ``reference`` (or ``names``, already made from it)."""
    names = names if names is not None else Names(reference)
    made_on = {rc.claim.id: rc.claim.made_on for rc in incident.claims}
    figures_by_id = {
        rc.claim.id: figure(rc.claim.value_low, rc.claim.value_best, rc.claim.value_high)
        for rc in incident.claims
    }
    shown_sources = {s.document_id: public_source(s.url) for s in incident.sources}
    by_side: dict[str, list[ClaimView]] = defaultdict(list)
    for rc in incident.claims:
        view = _claim_view(incident.id, rc, shown_sources, made_on, names, figures_by_id)
        by_side[rc.claim.claimant_side].append(view)
    columns = tuple(
        SideColumn(
            side,
            side_label(side),
            tuple(
                sorted(
                    by_side[side],
                    key=lambda v: (v.kind, v.side_affected, v.civilian, v.made_on or dt.date.min, v.claim_id),
                )
            ),
        )
        for side in column_order(by_side, (incident.actor1_side, incident.actor2_side))
    )
    figures = sorted({(v.kind, v.side_affected, v.civilian) for col in columns for v in col.claims})
    rows = tuple(
        FigureRow(
            k,
            side,
            civ,
            f"{k}, {affected(side, civ)}",
            tuple(
                tuple(v for v in col.claims if (v.kind, v.side_affected, v.civilian) == (k, side, civ))
                for col in columns
            ),
        )
        for k, side, civ in figures
    )
    estimates = tuple(
        shown(EstimateView, e, figure=figure(e.low, e.best, e.high)) for e in incident.estimates
    )
    sources = tuple(
        shown(SourceView, s, outlet_name=names.outlet(s.outlet), lean=lean(s.alignment, s.state_owned))
        for s in sorted(incident.sources, key=lambda s: (s.published or "", s.outlet, s.document_id))
    )
    doc_outlet = {s.document_id: s.outlet for s in incident.sources}
    seen: set[tuple[str, str]] = set()
    reports = []
    for m in incident.mentions:
        key = (m.document_id, m.evidence.text)
        if key in seen:
            continue
        seen.add(key)
        reports.append(
            ReportView(
                m.id,
                m.document_id,
                doc_outlet.get(m.document_id, ""),
                m.sub_event_type,
                m.claimant,
                names.actor(m.claimant),
                m.claimant_side,
                m.hedge,
                m.evidence.text,
                m.evidence.start,
                m.evidence.end,
            )
        )
    a1, a2 = incident.actor1_side, incident.actor2_side
    return IncidentCard(
        id=incident.id,
        kind=incident.kind,
        event_type=incident.event_type,
        sub_event_type=incident.sub_event_type,
        date_label=incident.date_label,
        date_start=incident.date_start,
        date_end=incident.date_end,
        date_precision=incident.date_precision,
        location=incident.location,
        places=incident.places,
        actor1=incident.actor1,
        actor1_name=names.actor(incident.actor1),
        actor1_side=a1,
        actor2=incident.actor2,
        actor2_name=names.actor(incident.actor2),
        actor2_side=a2,
        sides=f"{a1 or UNKNOWN_SIDE} vs {a2 or UNKNOWN_SIDE}",
        columns=columns,
        rows=rows,
        estimates=estimates,
        sources=sources,
        reports=tuple(reports),
        fatalities=incident.fatalities,
        status=incident.status,
        status_why=incident.status_why,
        notes=incident.notes,
        civilian_targeting=incident.civilian_targeting,
        n_sources=len(incident.sources),
        n_claims=len(incident.claims),
        n_mentions=len(incident.mentions),
    )


# --------------------------------------------------------------------------- the card that compares


@dataclass(frozen=True)
class CompareFigure:
    """One figure a claimant side gives, as the compact table shows it: linked to its sentence,
    with the figures it replaced ("earlier: ...")."""

    claim_id: str
    document_id: str
    figure: str
    who: str  # claimant and outlet, in names
    made_on: dt.date | None
    status: str
    hedge: str
    earlier: tuple[str, ...]  # superseded figures of this side, "5 (2021-11-16, Outlet)"

    @property
    def href(self) -> str:
        return f"/documents/{self.document_id}?claim={self.claim_id}#claim-{self.claim_id}"


@dataclass(frozen=True)
class CompareRow:
    """One figure (kind x side affected): each claimant side's latest figure, the estimate, the status."""

    label: str
    kind: str
    side_affected: str
    civilian: bool
    cells: tuple[tuple[CompareFigure, ...], ...]  # aligned with CompareTable.headers
    estimate: str  # "3 (2-4)" or ""
    rule: str  # how the estimate was made
    status: str  # the statuses of the current figures, "disputed" or "admitted / one-sided"


@dataclass(frozen=True)
class CompareTable:
    headers: tuple[str, ...]  # the claimant sides, labelled
    rows: tuple[CompareRow, ...]


def _who(v: ClaimView) -> str:
    who = v.claimant_name or v.claimant or "unattributed"
    outlet = v.outlet
    return f"{who}, in {outlet}" if outlet and outlet not in who else who


def _earlier(v: ClaimView) -> str:
    bits = [x for x in (v.made_on.isoformat() if v.made_on else "", v.outlet) if x]
    return f"{v.figure} ({', '.join(bits)})" if bits else v.figure


def _latest(cell: Sequence[ClaimView]) -> tuple[CompareFigure, ...]:
    """A side's current figures (the latest first, each distinct figure once), each carrying
    the superseded figures of the side as "earlier"."""
    current = [v for v in cell if not v.superseded_by]
    old = sorted((v for v in cell if v.superseded_by), key=lambda v: (v.made_on or dt.date.min, v.claim_id))
    earlier = tuple(dict.fromkeys(_earlier(v) for v in old))
    current.sort(key=lambda v: (v.made_on or dt.date.min, v.claim_id), reverse=True)
    seen: set[str] = set()
    out = []
    for v in current:
        if v.figure in seen:
            continue
        seen.add(v.figure)
        out.append(
            CompareFigure(v.claim_id, v.document_id, v.figure, _who(v), v.made_on, v.status, v.hedge, earlier)
        )
    return tuple(out)


def compare_table(card: IncidentCard, side_name: Callable[[str], str] | None = None) -> CompareTable:
    """The card at a glance: per kind and side affected, each claimant side's latest figure,
    the estimate and the status, in one compact table (the per-report detail is below it).
    ``side_name`` names a party code in words ("XV" -> "Valdoria"); the codes stay beside them."""

    def party(side: str) -> str:
        name = side_name(side) if side_name and side else ""
        return f"{name} ({side})" if name and name != side else side

    def header(side: str) -> str:
        return f"claimants of {party(side)}" if side else side_label(side)

    estimates = {(e.kind, e.side_affected, e.civilian): e for e in card.estimates}
    rows = []
    for row in card.rows:
        cells = tuple(_latest(cell) for cell in row.cells)
        e = estimates.get((row.kind, row.side_affected, row.civilian))
        statuses = dict.fromkeys(f.status for cell in cells for f in cell if f.status)
        who = ("civilians of " if row.civilian else "") + (party(row.side_affected) or "unspecified side")
        rows.append(
            CompareRow(
                f"{row.kind}, {who}",
                row.kind,
                row.side_affected,
                row.civilian,
                cells,
                e.figure if e else "",
                e.rule if e else "",
                " / ".join(statuses),
            )
        )
    return CompareTable(tuple(header(col.side) for col in card.columns), tuple(rows))
