"""Stage 3, reconcile: mentions from many reports become incidents with every side's claims.

``update_incidents(store)`` clusters mentions not yet assigned (incrementally: the result is
the same as a rebuild, see cluster.py); ``build_incidents(store)`` assembles the incidents
with reconciled claims, estimates and sources; ``iter_incidents(store)`` yields the same incidents
in the same order a batch at a time, for exports of stores too large to hold in memory.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import groupby
from typing import TYPE_CHECKING

from ..extract.dates import resolve_expression
from ..extract.gazetteer import haversine_km
from ..ingest.outlets import OutletRegistry
from ..records import Claim, Document, Incident, Mention, Place, Precision, Source
from ..review import InForce, apply
from ..store import Store
from ..store.queries import incident_batch
from .anchor import DAY_PRECISIONS, infer_publication, publication_day
from .claims import actors_in_force, fatalities, reconcile_claims
from .cluster import (
    HOSTILE_STATEMENTS,
    REPORT_LAG_DAYS,
    STALE_DAYS,
    UnionFind,
    cluster,
    components,
    incident_id,
    nodes_for,
)

if TYPE_CHECKING:
    from ..extract.actors import ActorIndex
    from ..extract.gazetteer import Gazetteer
    from ..reference import Reference


def _reference(reference: Reference | None) -> Reference:
    """The reference data given, else the one in force (a caller that was given none)."""
    from ..reference import resolve

    return resolve(reference)


def _fingerprint() -> str:
    """Changes with the clustering code or the extractor: stored assignments made by another
    version are rebuilt rather than extended."""
    import hashlib
    from importlib.resources import files

    from ..extract.run import extractor_version

    h = hashlib.sha1(extractor_version().encode())
    for f in sorted(files("ceasefire").joinpath("reconcile").iterdir(), key=lambda f: f.name):
        if f.name.endswith(".py"):
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


RECONCILER_VERSION = _fingerprint()

__all__ = [
    "HOSTILE_STATEMENTS",
    "RECONCILER_VERSION",
    "assemble_incident",
    "build_incidents",
    "claimant_names",
    "iter_incidents",
    "update_incidents",
]


def _doc_facts(store: Store) -> tuple[dict[str, str], dict[str, dt.date | None]]:
    """Each document's near-duplicate group and its publication day (when known to the day or
    week): what clustering needs of the documents."""
    groups: dict[str, str] = {}
    published: dict[str, dt.date | None] = {}
    for doc_id, group, value, precision in store.document_days():
        groups[doc_id] = group or doc_id
        published[doc_id] = publication_day(value, precision)
    # an undated report's sentences get the day of the dated report most like it as their
    # date evidence (see ``anchor``)
    published.update(publication_anchors(store, published))
    return groups, published


_ANCHORS: dict[tuple[str, str], dict[str, dt.date]] = {}


def publication_anchors(
    store: Store, published: Mapping[str, dt.date | None] | None = None
) -> dict[str, dt.date]:
    """Document id -> the likely publication day of each report the store holds without one
    (see :func:`anchor.infer_publication`); ``published`` is every document's publication day
    when the caller has read them already. Computed from every report's words, so it is kept
    for as long as the store's documents and their days stay the same (an ``analyze`` reads it
    once per export)."""
    import hashlib

    if published is None:
        published = {i: publication_day(v, p) for i, _g, v, p in store.document_days()}
    if all(published.values()):
        return {}
    days = sorted(published.items())
    key = (store.safe_url, hashlib.sha1(repr(days).encode()).hexdigest())
    if key not in _ANCHORS:
        day_of = dict(days)
        anchors = infer_publication(lambda: ((d.id, d.text, day_of.get(d.id)) for d in store.documents()))
        _ANCHORS.clear()  # one store at a time: the memo must not grow with a server's stores
        _ANCHORS[key] = {doc_id: a.day for doc_id, a in anchors.items()}
    return dict(_ANCHORS[key])


def update_incidents(
    store: Store, *, rebuild: bool = False, reference: Reference | None = None
) -> tuple[int, int]:
    """Assign unassigned mentions to incidents. Returns (mentions assigned, incidents).
    ``reference`` is the reference data (its actor index tells which parties are one camp)."""
    if not rebuild:
        # nothing new and nothing stale (the common case before an export) is answered by counts
        # in the database: loading every mention to find that out would cost an export's memory
        unassigned, stale_rows, n_incidents = store.incident_state(RECONCILER_VERSION)
        if not unassigned and not stale_rows:
            return 0, n_incidents
    mentions = store.mentions()
    groups, published = _doc_facts(store)
    nodes = nodes_for(mentions, store.claims(), groups, published, _reference(reference).actors)
    ids = {n.id for n in nodes}
    members = store.incident_members()
    stale = any(m not in ids for m in members) or any(v != RECONCILER_VERSION for _i, v in members.values())
    if rebuild or stale:
        members = {}
    new = {n.id for n in nodes if n.id not in members}
    if not new and not rebuild:
        return 0, len(set(i for i, _v in members.values()))
    uf = UnionFind()
    by_incident: dict[str, list[str]] = defaultdict(list)
    for m, (inc, _v) in members.items():
        by_incident[inc].append(m)
    for group in by_incident.values():
        for m in group[1:]:
            uf.union(group[0], m)
    cluster(nodes, None if not members else new, uf)
    comps = components(nodes, uf)
    assignment = {m: incident_id(group) for group in comps for m in group}
    changed = {m: i for m, i in assignment.items() if members.get(m, ("", ""))[0] != i}
    store.set_incident_members(
        changed if members else assignment, RECONCILER_VERSION, replace_all=not members
    )
    return len(changed), len(comps)


def build_incidents(
    store: Store,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    reference: Reference | None = None,
    verified_only: bool = False,
) -> list[Incident]:
    """Every incident, assembled from its member mentions and their claims, in date order."""
    return list(
        iter_incidents(
            store, date_from=date_from, date_to=date_to, reference=reference, verified_only=verified_only
        )
    )


def iter_incidents(
    store: Store,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    batch: int = 200,
    reference: Reference | None = None,
    verified_only: bool = False,
) -> Iterator[Incident]:
    """The incidents of :func:`build_incidents`, in the same order, assembled ``batch`` at a time.

    Only the order keys of all incidents (id and start day) are held at once; the mentions,
    claims and documents of one batch of incidents are read, assembled and yielded before the
    next batch is read, so memory stays flat however large the store. ``reference`` is the
    reference data: its outlets (each source's alignment) and actors (claimants' names, organs
    of one government).

    The coder's decisions in force are applied (:mod:`ceasefire.review`): rejected claims,
    mentions and incidents are left out, corrections change the values the claims and mentions
    are reconciled with, moved mentions and claims and merged incidents change membership, and
    each claim and incident carries its review status. With ``verified_only`` an incident keeps
    only its verified and corrected claims (its estimates made from them), and an incident with
    none is left out unless it was itself verified.
    """
    ref = _reference(reference)
    registry, names = ref.outlets, claimant_names(ref.actors)
    decided = InForce(store.decisions())
    members = _reviewed_members(store, decided) if decided.reorders else None
    anchors = publication_anchors(store)
    order = _incident_order(store, date_from, date_to, members, anchors)
    moved_in: dict[str, list[Claim]] = defaultdict(list)
    for c in store.claims_by_ids(list(decided.claim_moves)) if decided.claim_moves else ():
        moved_in[decided.final(decided.claim_moves[c.id])].append(c)
    for i in range(0, len(order), max(batch, 1)):
        ids = order[i : i + max(batch, 1)]
        got = incident_batch(store, ids, members=members)
        for inc_id in ids:
            if decided.rejected("incident", inc_id):
                continue
            ms = got.mentions_of(inc_id)
            if decided:
                ms = [apply(m, decided.mentions.get(m.id)) for m in ms]
                by_mention = _reviewed_claims(
                    inc_id, ms, got.claims_by_mention, moved_in, decided, verified_only
                )
            else:
                by_mention = got.claims_by_mention
            if not ms:
                continue
            inc = assemble_incident(
                inc_id, ms, by_mention, got.documents, registry, names, ref.actors, ref.gazetteer, anchors
            )
            if decided:
                inc = _with_review_status(inc, decided)
            if verified_only and not inc.claims and inc.review_status == "unreviewed":
                continue
            yield inc


def _reviewed_members(store: Store, decided: InForce) -> dict[str, list[str]]:
    """Incident id -> member mention ids after the coder's moves, merges and rejections."""
    out: dict[str, list[str]] = defaultdict(list)
    for mention_id, (incident, _version) in sorted(store.incident_members().items()):
        home = decided.home(mention_id, incident)
        if home is not None:
            out[home].append(mention_id)
    return dict(out)


def _reviewed_claims(
    inc_id: str,
    ms: Sequence[Mention],
    stored: dict[str, list[Claim]],
    moved_in: dict[str, list[Claim]],
    decided: InForce,
    verified_only: bool,
) -> dict[str, list[Claim]]:
    """The incident's claims by mention id as the coder left them: rejected and moved-away claims
    out, claims moved here in (under their own mention id), corrections applied."""
    out: dict[str, list[Claim]] = defaultdict(list)
    here = {c.id: c for c in [*(c for m in ms for c in stored.get(m.id, [])), *moved_in.get(inc_id, [])]}
    for c in here.values():
        if decided.rejected("claim", c.id):
            continue
        if c.id in decided.claim_moves and decided.final(decided.claim_moves[c.id]) != inc_id:
            continue
        if verified_only and decided.claim_status(c.id) == "unreviewed":
            continue
        out[c.mention_id].append(apply(c, decided.claims.get(c.id)))
    if moved_in.get(inc_id):
        # a claim moved here is reconciled with this incident's mentions: file it under one of them
        first = ms[0].id if ms else ""
        own = {m.id for m in ms}
        for mid in [k for k in out if k not in own]:
            out[first].extend(out.pop(mid))
    return dict(out)


def _with_review_status(inc: Incident, decided: InForce) -> Incident:
    claims = tuple(replace(rc, review_status=decided.claim_status(rc.claim.id)) for rc in inc.claims)
    return replace(inc, claims=claims, review_status=decided.incident_status(inc.id))


def _incident_order(
    store: Store,
    date_from: dt.date | None,
    date_to: dt.date | None,
    members: dict[str, list[str]] | None = None,
    anchors: Mapping[str, dt.date] | None = None,
) -> list[str]:
    """Incident ids sorted as the exports want them (start day, unknown last, then id), within the
    window, computed from the members' dates alone: the same start day :func:`assemble_incident` picks.
    ``members`` replaces the stored membership (the coder's moves): every incident is then dated
    from its members as assembly dates it."""
    days: dict[str, dt.date | None] = {}
    if members is not None:
        days = dict.fromkeys(members)
        return _ordered(_date_by_assembly(store, days, members, anchors), date_from, date_to)
    # rows come grouped by incident, so only one incident's dates are held at a time
    for inc, rows in groupby(store.incident_mention_dates(), key=lambda r: r[0]):
        kinetic: list[tuple[dt.date | None, str]] = []
        statements: list[tuple[dt.date | None, str]] = []
        for _inc, event_type, start, precision in rows:
            (statements if event_type == "Statement" else kinetic).append((start, precision))
        core = kinetic or statements
        # a mention without a date beside dated ones: its report's publication may rule some
        # of their days out (see ``_consistent``), which needs the reports
        mixed = any(d is None for d, _p in core) and any(d is not None for d, _p in core)
        days[inc] = None if mixed else _start_day(core)
    return _ordered(_date_by_assembly(store, days, anchors=anchors), date_from, date_to)


def _date_by_assembly(
    store: Store,
    days: dict[str, dt.date | None],
    members: dict[str, list[str]] | None = None,
    anchors: Mapping[str, dt.date] | None = None,
) -> dict[str, dt.date | None]:
    """``days`` with the incidents no mention dates to the day, or whose dates need their reports,
    dated as assembly dates them (the rest of ``_when`` needs their mentions and reports, read a
    batch at a time)."""
    undated = [inc for inc, day in days.items() if day is None]
    for i in range(0, len(undated), 200):
        ids = undated[i : i + 200]
        got = incident_batch(store, ids, claims=False, members=members)
        for inc in ids:
            ms = got.mentions_of(inc)
            kinetic_ms = [m for m in ms if m.event_type != "Statement"]
            days[inc] = (
                _when(kinetic_ms or ms, ms, got.documents, anchors, history=_history(kinetic_ms))[0]
                if ms
                else None
            )
    return days


def _ordered(
    days: dict[str, dt.date | None], date_from: dt.date | None, date_to: dt.date | None
) -> list[str]:
    keys: list[tuple[dt.date, str]] = []
    for inc, day in days.items():
        if date_from and (day is None or day < date_from):
            continue
        if date_to and (day is None or day > date_to):
            continue
        keys.append((day or dt.date.max, inc))
    keys.sort()
    return [inc for _day, inc in keys]


def _start_day(dates: Iterable[tuple[dt.date | None, str]]) -> dt.date | None:
    """The incident's start: the earliest of the most often reported days (day or week precision)."""
    days = Counter(d for d, precision in dates if d and precision in {"day", "week"})
    if not days:
        return None
    return min(d for d, n in days.items() if n == max(days.values()))


def _consistent(core: Sequence[Mention], docs: dict[str, Document]) -> list[Mention]:
    """The mentions whose day agrees with the incident's reports: an undated sentence of a
    report published on day P tells of an event of P's last days (see cluster.Node.window), so
    a member's day more than a week before the earliest such window is a misdated sentence (a
    photo caption's date, a background event) that must not date the incident."""
    windows = [
        p - dt.timedelta(days=REPORT_LAG_DAYS + STALE_DAYS)
        for m in core
        if m.date.start is None and (p := _pub_day(docs.get(m.document_id)))
    ]
    if not windows:
        return list(core)
    floor = min(windows)
    return [m for m in core if m.date.start is None or (m.date.end or m.date.start) >= floor]


def _pub_day(d: Document | None) -> dt.date | None:
    return d.published.value if d is not None and d.published.precision in DAY_PRECISIONS else None


def _when(
    core: Sequence[Mention],
    members: Sequence[Mention],
    docs: dict[str, Document],
    anchors: Mapping[str, dt.date] | None = None,
    *,
    history: bool = False,
) -> tuple[dt.date | None, dt.date | None, Precision, str]:
    """An incident's (start, end, precision, label), from the best evidence its ``core`` mentions
    (the kinetic ones, else all ``members``) give:

    1. the most often reported day of its mentions (see ``_start_day``);
    2. a day named without its year ("May 6-7", "late Saturday") in a report whose publication
       date is unknown, resolved against the earliest publication day of the incident's other
       reports, else against the day a report like its own was published (``anchors``:
       document id -> that day, see :func:`publication_anchors`);
    3. the report window of undated sentences: the day before publication to publication
       (or to the anchor's day);
    4. the month or year its mentions name;
    and only when nothing dates it, the words of the text, marked "(year unknown)". History a
    report retells (``history``) is dated by its own words only, never by when it was retold.
    """
    start = _start_day((m.date.start, m.date.precision) for m in _consistent(core, docs))
    if start:
        ends = [m.date.end or m.date.start for m in core if m.date.start == start]
        end = max(e for e in ends if e) if ends else None
        return (
            start,
            end,
            "day",
            start.isoformat() + (f" to {end.isoformat()}" if end and end != start else ""),
        )
    exprs = Counter(m.date.expression for m in core if m.date.start is None and m.date.expression)
    if not history and (told := _by_reports(core, members, docs, anchors)) is not None:
        return told
    periods = Counter(
        (m.date.start, m.date.end or m.date.start, m.date.precision)
        for m in core
        if m.date.start and m.date.precision in {"month", "year"}
    )
    if periods:
        lo, hi, prec = max(periods, key=lambda k: (periods[k], k[2] == "month", k[0]))
        return lo, hi, prec, lo.strftime("%B %Y") if prec == "month" else str(lo.year)
    if exprs:
        return None, None, "unknown", f"{max(exprs, key=lambda e: (exprs[e], e))} (year unknown)"
    return None, None, "unknown", "date unknown"


def _history(kinetic: Sequence[Mention]) -> bool:
    """Whether an incident's violent mentions all retell history (a background incident)."""
    return bool(kinetic) and all(m.background for m in kinetic)


def _by_reports(
    core: Sequence[Mention],
    members: Sequence[Mention],
    docs: dict[str, Document],
    anchors: Mapping[str, dt.date] | None,
) -> tuple[dt.date | None, dt.date | None, Precision, str] | None:
    """Steps 2 and 3 of ``_when``: a day named without its year resolved against the reports'
    publication, else the report window of undated sentences; None when neither dates it."""
    reports = {m.document_id for m in members}
    pubs = sorted({p for p in (_pub_day(docs.get(d)) for d in reports) if p})
    anchors = anchors or {}
    likely = sorted({anchors[d] for d in reports if d in anchors and _pub_day(docs.get(d)) is None})
    ref_day, whose = (pubs[0], "its other reports'") if pubs else (None, "")
    if ref_day is None and likely:
        ref_day, whose = likely[0], "a like report's"
    resolved: Counter[tuple[dt.date, dt.date, str]] = Counter()
    for m in core:
        ref = _pub_day(docs.get(m.document_id))
        if m.date.start is not None or not m.date.expression or ref is not None or ref_day is None:
            continue
        v = resolve_expression(m.date.expression, ref_day)
        if v is not None and v.start is not None and v.precision == "day":
            resolved[(v.start, v.end or v.start, m.date.expression)] += 1
    if resolved:
        lo, hi, expr = max(resolved, key=lambda k: (resolved[k], k[2], k[0]))
        span = lo.isoformat() + (f" to {hi.isoformat()}" if hi != lo else "")
        return lo, hi, "day", f"{span} ({expr}; year from {whose} publication)"
    undated = sorted({p for m in core if m.date.start is None and (p := _pub_day(docs.get(m.document_id)))})
    how = "reported"
    if not undated:
        undated_reports = {m.document_id for m in core if m.date.start is None}
        undated = sorted({anchors[d] for d in undated_reports if d in anchors})
        how = "a like report was published"
    if undated:
        reported = undated[0]
        return (
            reported - dt.timedelta(days=1),
            reported,
            "week",
            f"{(reported - dt.timedelta(days=1)).isoformat()} to {reported.isoformat()} "
            f"(no date in the text; {how} {reported.isoformat()})",
        )
    return None


def claimant_names(actors: ActorIndex | None = None) -> dict[str, str]:
    """Actor id -> name, for the claimants of reconciled claims and the incident notes."""
    return {a.id: a.name for a in (actors if actors is not None else actors_in_force())}


def assemble_incident(
    inc_id: str,
    ms: Sequence[Mention],
    claims_by_mention: dict[str, list[Claim]],
    docs: dict[str, Document],
    registry: OutletRegistry,
    names: dict[str, str],
    actors: ActorIndex | None = None,
    gazetteer: Gazetteer | None = None,
    anchors: Mapping[str, dt.date] | None = None,
) -> Incident:
    """One incident from its member mentions, their claims (by mention id) and their reports (by
    document id): type, dates, places, sides, reconciled claims and estimates, sources, status
    and notes. ``registry`` gives each source's outlet alignment; ``names`` the claimants' names;
    ``actors`` is the reference data's actor index, ``gazetteer`` its gazetteer (which places lie
    in which areas); ``anchors`` the likely publication days of undated reports (see
    :func:`publication_anchors`)."""
    ms = sorted(ms, key=lambda m: (m.document_id, m.evidence.start, m.id))
    kinetic = [m for m in ms if m.event_type != "Statement"]
    core = kinetic or list(ms)
    # the type of the mentions that carry casualty figures wins, then the most frequent
    weight: Counter[tuple[str, str]] = Counter()
    for m in core:
        weight[(m.event_type, m.sub_event_type)] += 1 + 3 * len(claims_by_mention.get(m.id, []))
    event_type, sub = (
        max(weight, key=lambda t: (weight[t], t)) if kinetic else ("Statement", _statement_kind(ms))
    )
    history = _history(kinetic)
    start, end, precision, label = _when(core, ms, docs, anchors, history=history)
    places = _where(core, start, end, claims_by_mention, gazetteer)
    dyads = Counter((m.actor1_side, m.actor2_side) for m in core if m.actor1_side or m.actor2_side)
    a1, a2 = max(dyads, key=lambda d: (dyads[d], d)) if dyads else ("", "")
    actor_names = {m.actor1_side: m.actor1 for m in core} | {m.actor2_side: m.actor2 for m in core}
    claims = [c for m in ms for c in claims_by_mention.get(m.id, [])]
    reconciled, estimates = reconcile_claims(claims, docs, names, actors)
    sources = []
    for doc_id in sorted({m.document_id for m in ms}):
        d = docs.get(doc_id)
        if d is None:
            continue
        o = registry.get(d.outlet) if d.outlet else None
        sources.append(
            Source(
                doc_id,
                d.outlet,
                o.alignment if o else "",
                o.state_owned if o else False,
                d.url or d.source,
                d.published.iso(),
                d.title,
            )
        )
    statuses: Counter[str] = Counter(str(rc.status) for rc in reconciled if not rc.superseded_by)
    status, why = _incident_status(statuses, len(sources))
    return Incident(
        id=inc_id,
        kind=("background" if history else "event") if kinetic else "statements",
        event_type=event_type,
        sub_event_type=sub,
        date_start=start,
        date_end=end,
        date_precision=precision,
        date_label=label,
        places=places,
        actor1=actor_names.get(a1, a1),
        actor1_side=a1,
        actor2=actor_names.get(a2, a2),
        actor2_side=a2,
        mentions=tuple(ms),
        claims=reconciled,
        estimates=estimates,
        sources=tuple(sources),
        fatalities=fatalities(estimates),
        status=status,
        status_why=why,
        notes=_notes(event_type, sub, label, places, reconciled, names),
        civilian_targeting=event_type == "Violence against civilians" or any(e.civilian for e in estimates),
    )


PLACE_RANK = {"exact": 0, "district": 1, "region": 2, "country": 3}
# An area named this many times as often as a finer place, which lies this far from it, is
# where the incident happened (see _outvoted).
OUTVOTE = 3
OUTVOTE_KM = 50.0
OUTVOTE_DISTRICT_KM = 25.0  # ... for a district, whose extent the gazetteer does not hold


def _where(
    core: Sequence[Mention],
    start: dt.date | None,
    end: dt.date | None,
    claims_by_mention: dict[str, list[Claim]],
    gazetteer: Gazetteer | None = None,
) -> tuple[Place, ...]:
    """The incident's places, where it happened first: the finest places named by the mentions
    of its own days, those that carry casualty figures counting most. Aftermath told on another
    day (a funeral, a statement) is not where it happened — unless the incident's own days name
    nothing finer than a country, when a town named on another day is still nearer the truth
    than a country's centre."""
    own: Counter[Place] = Counter()
    other: Counter[Place] = Counter()
    # of places named alike often, the one named first (a sentence names where it happened,
    # then where else: "in the worst-hit X district and Y, and Z in the north")
    order: dict[Place, int] = {}
    last = end or start
    for m in core:
        elsewhere = (
            start is not None
            and last is not None
            and m.date.start is not None
            and m.date.precision == "day"
            and not start <= m.date.start <= last
        )
        for p in m.places:
            (other if elsewhere else own)[p] += 1 + 3 * len(claims_by_mention.get(m.id, []))
            order.setdefault(p, len(order))
    if not any(p.precision != "country" for p in own):
        finer = Counter({p: n for p, n in other.items() if p.precision != "country"})
        if finer:
            own = finer + Counter({p: n for p, n in own.items() if p not in finer})
    # a town named as itself and as its district ("Tolvar", "the Tolvar district") is one place
    # named that much more often
    named: Counter[tuple[str, float, float]] = Counter()
    for p, n in own.items():
        named[(p.name, p.latitude, p.longitude)] += n

    def support(p: Place) -> int:
        return named[(p.name, p.latitude, p.longitude)]

    ranked = sorted(own, key=lambda p: (PLACE_RANK.get(p.precision, 3), -support(p), order[p], p.name))
    # ... in the vote against an area too: "Tolvar" once and "the Tolvar district" thrice are
    # four namings of Tolvar
    return tuple(_outvoted(ranked, Counter({p: support(p) for p in own}), gazetteer))


def _outvoted(ranked: list[Place], weight: Counter[Place], gazetteer: Gazetteer | None = None) -> list[Place]:
    """A finer place loses first rank to an area that the incident's mentions name far more
    often when it lies outside that area: one headline's "strikes in the capital" does not move
    an incident that a dozen sentences put in "the south" (the area's own towns still refine it).
    Inside or outside as the gazetteer tells (a province's admin1, a compass part's quarter of
    towns); for an area it cannot tell, outside means more than ``OUTVOTE_KM`` from its point."""
    if not ranked or ranked[0].precision not in {"exact", "district"}:
        return ranked
    first = ranked[0]
    for area in ranked[1:]:
        if weight[area] < OUTVOTE * weight[first]:
            continue
        if area.precision == "district" and first.precision == "exact":
            # "the X district" that a dozen sentences name, against a town one sentence names
            # outside it (a separate landmine blast, an airbase): the district is where it was
            if haversine_km(first, area) > OUTVOTE_DISTRICT_KM:
                return [area, *(p for p in ranked if p != area)]
            continue
        if area.precision != "region":
            continue
        inside = gazetteer.within(area, first) if gazetteer is not None else None
        if inside is False or (inside is None and haversine_km(first, area) > OUTVOTE_KM):
            return [area, *(p for p in ranked if p != area)]
    return ranked


def _statement_kind(ms: Sequence[Mention]) -> str:
    kinds = Counter(m.sub_event_type for m in ms)
    hostile = [k for k in kinds if k in HOSTILE_STATEMENTS]
    pool = hostile or list(kinds)
    return max(pool, key=lambda k: (kinds[k], k))


def _incident_status(statuses: Counter[str], n_sources: int) -> tuple[str, str]:
    if not statuses:
        return "unquantified", f"no casualty figures; reported by {n_sources} source(s)"
    for s in ("disputed", "corroborated", "admitted", "denied", "one-sided"):
        if statuses.get(s):
            parts = ", ".join(f"{n} {k}" for k, n in sorted(statuses.items()))
            return s, f"claims: {parts}"
    return "one-sided", ""


def _notes(
    event_type: str,
    sub: str,
    label: str,
    places: Sequence[Place],
    reconciled: Sequence[object],
    names: dict[str, str],
) -> str:
    from ..records import ReconciledClaim

    where = f" near {places[0].name}" if places else ""
    head = f"{sub if event_type == 'Statement' else event_type.lower()} ({sub}){where}, {label}."
    by_claimant: dict[str, list[str]] = defaultdict(list)
    for rc in reconciled:
        assert isinstance(rc, ReconciledClaim)
        if rc.superseded_by:
            continue
        c = rc.claim
        who = "civilians" if c.civilian else f"{c.side_affected or 'unspecified side'}"
        if c.value_low is None and c.value_best is None and c.value_high is None:
            said = f"{c.kind} without a figure ({who})"  # "heavy losses"
        elif c.value_low is None and c.value_high is not None:
            said = f"up to {c.value_high} {c.kind} ({who})"  # a bound is all the text states
        elif c.value_low == c.value_high or c.value_high is None:
            said = f"{c.value_low if c.value_low is not None else c.value_best} {c.kind} ({who})"
        else:
            said = f"{c.value_low}-{c.value_high} {c.kind} ({who})"
        by_claimant[names.get(c.claimant, c.claimant)].append(said)
    if not by_claimant:
        return head
    claims = "; ".join(f"{k} reports {', '.join(sorted(set(v)))}" for k, v in sorted(by_claimant.items()))
    return f"{head} {claims}."


# the names tests of the streamed export used before these were public
_assemble = assemble_incident
_claimant_names = claimant_names
