"""View models for the periodic report and the incident card: pure data, no formatting.

``build_report`` turns reconciled incidents (and the framing hits of their documents) into a
:class:`Report`; ``build_card`` turns one incident into an :class:`IncidentCard`. Renderers
(markdown, HTML, JSON, the terminal card) only lay these out, so every figure in every format
is computed once, here. ``docs/report.md`` says how each figure is computed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..records import Incident, Mention, ReconciledClaim

if TYPE_CHECKING:
    from ..store import Store

# PLOVER-like statement types the escalation trend counts as hostile. The spec of the report
# names these three; "deny" is defensive and "appeal"/"ceasefire_call" de-escalating.
HOSTILE_STATEMENT_TYPES = ("threaten", "accuse", "condemn")
UNKNOWN_SIDE = "?"
UNATTRIBUTED = "unattributed"


# --------------------------------------------------------------------------- card records


@dataclass(frozen=True)
class PlaceView:
    name: str
    admin1: str
    country: str
    latitude: float
    longitude: float
    precision: str
    feature: str


@dataclass(frozen=True)
class ClaimView:
    """One claim as a row of its claimant side's column."""

    claim_id: str
    claimant: str  # actor id (or "outlet")
    claimant_name: str
    originator: str
    claimant_side: str
    kind: str
    side_affected: str
    civilian: bool
    low: int | None
    best: int | None
    high: int | None
    figure: str  # "3", "2-4", "at least 5": what the claimant said, in numbers
    status: str
    why: str
    evidence: str
    document_id: str
    start: int
    end: int
    outlet: str
    outlet_name: str
    made_on: dt.date | None
    hedge: str
    superseded_by: str  # id of the claim that replaced this one, "" when current
    superseded_note: str  # "(superseded by <id> of <date>)" or ""


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


@dataclass(frozen=True)
class EstimateView:
    kind: str
    side_affected: str
    civilian: bool
    low: int | None
    best: int | None
    high: int | None
    figure: str
    rule: str
    explanation: str


@dataclass(frozen=True)
class SourceView:
    document_id: str
    outlet: str
    outlet_name: str
    alignment: str
    state_owned: bool
    lean: str  # alignment and ownership in words
    url: str
    published: str | None
    title: str


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
    location: PlaceView | None
    places: tuple[PlaceView, ...]
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


# --------------------------------------------------------------------------- report records


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
class CasualtyRow:
    """One figure (kind x side affected): the estimate next to each side's claims."""

    kind: str
    side_affected: str
    civilian: bool
    low: int | None
    best: int | None
    high: int | None
    rules: tuple[str, ...]
    incidents: int
    claimed: tuple[SideFigure, ...]  # aligned with Report.claimant_sides


@dataclass(frozen=True)
class ClaimantRow:
    claimant: str  # originator id
    name: str
    side: str
    kind: str
    side_affected: str
    civilian: bool
    low: int | None
    best: int | None
    high: int | None
    incidents: int
    claims: int
    superseded: int


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
class OutletRow:
    outlet: str
    name: str
    alignment: str
    state_owned: bool
    documents: int
    framing_hits: int
    narratives: tuple[tuple[str, int], ...]
    terms: tuple[TermCount, ...]
    quoted: tuple[QuotedCount, ...]


@dataclass(frozen=True)
class EscalationRow:
    dyad: str  # "XO-XV": the two sides, sorted; "?" for an unknown side
    week: str  # ISO week "2021-W46"
    week_start: dt.date
    kinetic: int
    hostile: int


@dataclass(frozen=True)
class Report:
    title: str
    date_from: dt.date | None
    date_to: dt.date | None
    summary: Summary
    by_type: tuple[TypeCount, ...]
    by_place: tuple[PlaceCount, ...]
    by_day: tuple[DayCount, ...]
    claimant_sides: tuple[str, ...]
    casualties: tuple[CasualtyRow, ...]
    claimants: tuple[ClaimantRow, ...]
    outlets: tuple[OutletRow, ...]
    dyads: tuple[str, ...]
    escalation: tuple[EscalationRow, ...]
    incidents: tuple[IncidentCard, ...]


@dataclass(frozen=True)
class FramingHit:
    """A loaded term found in a document (a row of ``Store.framing()``)."""

    document_id: str
    start: int
    end: int
    term: str
    narrative: str
    category: str
    text: str


# --------------------------------------------------------------------------- lookups


@lru_cache(maxsize=1)
def kinetic_event_types() -> frozenset[str]:
    """ACLED event types that are violence: those of the event lexicon's kinetic triggers."""
    raw = json.loads((files("ceasefire") / "data" / "lexicons" / "events.json").read_text(encoding="utf-8"))
    types: set[str] = set()
    for key in ("kinetic", "civilian_attack"):
        entries = raw.get(key, [])
        for e in entries if isinstance(entries, list) else [entries]:
            types.add(str(e["event_type"]))
    return frozenset(types)


@lru_cache(maxsize=1)
def _actor_names() -> Mapping[str, str]:
    try:
        from ..extract.actors import actor_index

        return {a.id: a.name for a in actor_index()}
    except Exception:  # the card must render even when the actor data cannot be read
        return {}


@lru_cache(maxsize=1)
def _outlet_names() -> Mapping[str, str]:
    try:
        from ..ingest.outlets import OutletRegistry

        return {o.id: o.name for o in OutletRegistry.load()}
    except Exception:
        return {}


def actor_name(actor_id: str) -> str:
    if not actor_id:
        return ""
    if actor_id == "outlet" or actor_id.startswith("outlet:"):
        outlet = actor_id.partition(":")[2]
        return f"the outlet itself ({outlet_name(outlet)})" if outlet else "the outlet itself"
    return _actor_names().get(actor_id, actor_id)


def outlet_name(outlet_id: str) -> str:
    return _outlet_names().get(outlet_id, outlet_id) if outlet_id else ""


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


# --------------------------------------------------------------------------- cards


def _place_view(p: Any) -> PlaceView:
    return PlaceView(p.name, p.admin1, p.country, p.latitude, p.longitude, p.precision, p.feature)


def _claim_view(rc: ReconciledClaim, made_on_by_id: Mapping[str, dt.date | None]) -> ClaimView:
    c = rc.claim
    note = ""
    if rc.superseded_by:
        when = made_on_by_id.get(rc.superseded_by)
        note = f"(superseded by {rc.superseded_by}" + (f" of {when.isoformat()})" if when else ")")
    return ClaimView(
        claim_id=c.id,
        claimant=c.claimant,
        claimant_name=actor_name(rc.originator if c.claimant.startswith("outlet") else c.claimant),
        originator=rc.originator,
        claimant_side=c.claimant_side,
        kind=c.kind,
        side_affected=c.side_affected,
        civilian=c.civilian,
        low=c.value_low,
        best=c.value_best,
        high=c.value_high,
        figure=figure(c.value_low, c.value_best, c.value_high),
        status=rc.status,
        why=rc.why,
        evidence=c.evidence.text,
        document_id=c.evidence.document_id or c.document_id,
        start=c.evidence.start,
        end=c.evidence.end,
        outlet=rc.outlet,
        outlet_name=outlet_name(rc.outlet),
        made_on=c.made_on,
        hedge=c.hedge,
        superseded_by=rc.superseded_by,
        superseded_note=note,
    )


def _column_order(sides: Iterable[str], first: Sequence[str]) -> list[str]:
    present = set(sides)
    head = [s for s in dict.fromkeys(first) if s in present]
    # parties named in the dyad first, then third parties, unattributed figures last
    return head + sorted(s for s in present if s not in head and s) + ([""] if "" in present else [])


def build_card(incident: Incident) -> IncidentCard:
    """The incident card: what, where, when, who, each side's claims, estimates, sources."""
    made_on = {rc.claim.id: rc.claim.made_on for rc in incident.claims}
    by_side: dict[str, list[ClaimView]] = defaultdict(list)
    for rc in incident.claims:
        by_side[rc.claim.claimant_side].append(_claim_view(rc, made_on))
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
        for side in _column_order(by_side, (incident.actor1_side, incident.actor2_side))
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
        EstimateView(
            e.kind,
            e.side_affected,
            e.civilian,
            e.low,
            e.best,
            e.high,
            figure(e.low, e.best, e.high),
            e.rule,
            e.explanation,
        )
        for e in incident.estimates
    )
    sources = tuple(
        SourceView(
            s.document_id,
            s.outlet,
            outlet_name(s.outlet),
            s.alignment,
            s.state_owned,
            lean(s.alignment, s.state_owned),
            s.url,
            s.published,
            s.title,
        )
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
                actor_name(m.claimant),
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
        location=_place_view(incident.location) if incident.location else None,
        places=tuple(_place_view(p) for p in incident.places),
        actor1=incident.actor1,
        actor1_name=actor_name(incident.actor1),
        actor1_side=a1,
        actor2=incident.actor2,
        actor2_name=actor_name(incident.actor2),
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


# --------------------------------------------------------------------------- report


def is_kinetic(incident: Incident) -> bool:
    return incident.kind == "event" and incident.event_type in kinetic_event_types()


def _day(incident: Incident) -> dt.date | None:
    return incident.date_start if incident.date_precision == "day" else None


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


def _sum(values: Iterable[int | None]) -> int | None:
    vals = [v for v in values if v is not None]
    return sum(vals) if vals else None


def _best(low: int | None, best: int | None, high: int | None) -> int | None:
    return best if best is not None else (low if low is not None else high)


def _casualties(
    incidents: Sequence[Incident],
) -> tuple[tuple[str, ...], tuple[CasualtyRow, ...], tuple[ClaimantRow, ...]]:
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
    sides = tuple(_column_order({s for per in side_claims.values() for s in per}, ()))
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
                name=actor_name(ck[0]),
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
    return sides, tuple(rows), tuple(claimant_rows)


def _outlets(incidents: Sequence[Incident], framing: Sequence[FramingHit]) -> tuple[OutletRow, ...]:
    doc_outlet: dict[str, str] = {}
    meta: dict[str, tuple[str, bool]] = {}
    for inc in incidents:
        for s in inc.sources:
            doc_outlet[s.document_id] = s.outlet
            meta.setdefault(s.outlet, (s.alignment, s.state_owned))
    docs_per: dict[str, set[str]] = defaultdict(set)
    for doc, o in doc_outlet.items():
        docs_per[o].add(doc)
    terms: dict[str, Counter[tuple[str, str, str]]] = defaultdict(Counter)
    for h in framing:
        if h.document_id in doc_outlet:
            terms[doc_outlet[h.document_id]][(h.term, h.narrative, h.category)] += 1
    quoted: dict[str, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
    for inc in incidents:
        speakers = [(m.document_id, m.claimant, m.claimant_side) for m in inc.mentions]
        speakers += [(rc.claim.document_id, rc.claim.claimant, rc.claim.claimant_side) for rc in inc.claims]
        for doc, who, side in speakers:
            # the outlet speaking in its own voice is not a quoted official
            if not who or who == "outlet" or who.startswith("outlet:") or doc not in doc_outlet:
                continue
            quoted[doc_outlet[doc]][(who, side)].add(doc)
    rows = []
    for o in sorted(docs_per):
        tc = terms.get(o, Counter())
        narr: Counter[str] = Counter()
        for (_t, n, _c), k in tc.items():
            narr[n] += k
        alignment, state_owned = meta[o]
        rows.append(
            OutletRow(
                outlet=o,
                name=outlet_name(o) or "(outlet unknown)",
                alignment=alignment,
                state_owned=state_owned,
                documents=len(docs_per[o]),
                framing_hits=sum(tc.values()),
                narratives=tuple(sorted(narr.items(), key=lambda x: (-x[1], x[0]))),
                terms=tuple(
                    TermCount(t, n, c, k) for (t, n, c), k in sorted(tc.items(), key=lambda x: (-x[1], x[0]))
                ),
                quoted=tuple(
                    QuotedCount(w, actor_name(w), s, len(d))
                    for (w, s), d in sorted(quoted.get(o, {}).items(), key=lambda x: (-len(x[1]), x[0]))
                ),
            )
        )
    return tuple(rows)


def _escalation(
    incidents: Sequence[Incident], date_from: dt.date | None, date_to: dt.date | None
) -> tuple[tuple[str, ...], tuple[EscalationRow, ...]]:
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
    if not counts:
        return dyads, ()
    first = iso_week(date_from)[1] if date_from else min(w for _, w in counts)
    last = iso_week(date_to)[1] if date_to else max(w for _, w in counts)
    first, last = min(first, *(w for _, w in counts)), max(last, *(w for _, w in counts))
    rows = []
    for d in dyads:
        week = first
        while week <= last:
            k, h = counts.get((d, week), [0, 0])
            rows.append(EscalationRow(d, iso_week(week)[0], week, k, h))
            week += dt.timedelta(days=7)
    return dyads, tuple(rows)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


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
) -> Report:
    """The periodic report over ``incidents`` (already limited to the period by the caller)."""
    incidents = sorted(incidents, key=lambda i: (i.date_start or dt.date.max, i.id))
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
        d = _day(inc)
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
    claimant_sides, casualties, claimants = _casualties(incidents)
    dyads, escalation = _escalation(incidents, date_from, date_to)
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
        undated=sum(1 for i in incidents if _day(i) is None),
        sources=len(sources),
        outlets=len(outlets),
        claims=sum(len(i.claims) for i in incidents),
        sentences=(),
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
        claimant_sides=claimant_sides,
        casualties=casualties,
        claimants=claimants,
        outlets=_outlets(incidents, framing),
        dyads=dyads,
        escalation=escalation,
        incidents=tuple(build_card(i) for i in incidents),
    )


def _replace_sentences(s: Summary, sentences: tuple[str, ...]) -> Summary:
    from dataclasses import replace

    return replace(s, sentences=sentences)


# --------------------------------------------------------------------------- store adapters


def framing_hits(rows: Iterable[Mapping[str, Any]]) -> tuple[FramingHit, ...]:
    return tuple(
        FramingHit(
            str(r["document_id"]),
            int(r["start_char"]),
            int(r["end_char"]),
            str(r["term"]),
            str(r["narrative"]),
            str(r["category"]),
            str(r["text"]),
        )
        for r in rows
    )


def incidents_from_store(
    store: Store, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[Incident]:
    """Cluster what is new, then the incidents of the period (imported late: reconcile is optional)."""
    from ..reconcile import build_incidents, update_incidents

    update_incidents(store)
    return build_incidents(store, date_from=date_from, date_to=date_to)


def report_from_store(
    store: Store, *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> Report:
    incidents = incidents_from_store(store, date_from=date_from, date_to=date_to)
    docs = sorted({s.document_id for i in incidents for s in i.sources})
    hits: list[FramingHit] = []
    for d in docs:
        hits.extend(framing_hits(store.framing(document_id=d)))
    return build_report(incidents, date_from=date_from, date_to=date_to, framing=hits)


# --------------------------------------------------------------------------- JSON


def to_jsonable(obj: Any) -> Any:
    """Dataclasses to plain JSON values; dates as ISO strings, tuples as lists."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    return obj
