"""Which mentions report the same real-world event: pairwise links, connected components.

Two mentions are linked when their evidence is compatible (dates within a day — a month and
day named without a year count —, places within reach, the same kind of violence between the
same parties, shared figures, near-copies of one story) and nothing rules it out (different
days, places far apart). Incidents are the connected components of that link graph. Because a
link depends only on the two mentions, adding documents adds links and never removes one:
clustering new mentions against what is stored gives exactly the components a rebuild gives,
and an incident's id is derived from its smallest member id, so it does not depend on order.

A mention whose sentence gives no date still has one piece of evidence: the day its report
was published. Reports tell of recent events, so such a mention is taken to have happened within
``REPORT_LAG_DAYS`` before publication (its report window); a dated mention inside that window
counts as weak date evidence, one after it rules the pair out. A report whose publication is
unknown often names only a weekday ("late Saturday"): a day or report window that falls on that
weekday (a day either side) is weak date evidence too, and a different weekday rules it out.

Work is blocked (by day and by a coarse place grid), not quadratic in the corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..extract.assemble import month_day, own_date
from ..extract.dates import weekdays_named
from ..extract.events import separate_incident
from ..records import Claim, Mention
from .claims import actors_in_force

if TYPE_CHECKING:
    from ..extract.actors import ActorIndex

LINK_SCORE = 4  # evidence needed to link two mentions from different documents
LINK_SCORE_UNDATED = 5  # ... when one of them has no date at all
LINK_SCORE_TIMELESS = 6  # ... when that one's report has no publication date either
NEAR_KM = 40.0
FAR_KM = 150.0
REPORT_LAG_DAYS = 2  # an undated event told in a report happened at most this many days before it
STALE_DAYS = 7  # ... and is not an event dated more than a week before that
HOSTILE_STATEMENTS = {"threaten", "accuse", "condemn", "deny"}


# a component's places: each member's coordinates, counted (a long war's thousands of members name
# a few dozen places: the guards compare distinct ones)
Coords = Counter[tuple[tuple[float, float], ...]]


@dataclass(frozen=True)
class Node:
    """What clustering needs to know about one mention."""

    mention: Mention
    doc_group: str  # near-duplicate group of its document
    figures: frozenset[tuple[str, str, int | None]]  # (kind, side, low) of its claims
    position: int  # order within its document
    doc_has_violence: bool = False  # its report tells of a violent event
    published: dt.date | None = None  # its report's publication day, when known to the day
    camps: tuple[str, ...] = ()  # the camps of its parties (see ``camp``), sorted

    @property
    def window(self) -> tuple[dt.date, dt.date] | None:
        """The days an undated mention's event can fall on: its report's last few days."""
        if self.published is None or _dated(self.mention) or self.mention.background:
            return None
        return self.published - dt.timedelta(days=REPORT_LAG_DAYS), self.published

    @property
    def id(self) -> str:
        return self.mention.id

    @property
    def kinetic(self) -> bool:
        return self.mention.event_type != "Statement"


def camp(side: str, actors: ActorIndex | None = None) -> str:
    """The side a party fights on: parties with the same opponents in the reference data's dyads
    (a state and the de facto authority or armed group fighting its enemy) are one camp, so
    one report's "X's forces" and another's "the forces of X's ally" describe the same fighters.
    ``actors`` is the reference data's actor index."""
    if not side:
        return ""
    return _camp(side, actors if actors is not None else actors_in_force())


@lru_cache(maxsize=4096)
def _camp(side: str, actors: ActorIndex) -> str:
    opponents = actors.opponents(side)
    return "vs:" + ",".join(sorted(opponents)) if opponents else side


def nodes_for(
    mentions: Iterable[Mention],
    claims: Iterable[Claim],
    doc_groups: dict[str, str],
    published: dict[str, dt.date | None] | None = None,
    actors: ActorIndex | None = None,
) -> list[Node]:
    """Clustering nodes of the mentions but background statements; ``published`` maps a document
    id to its publication day (known to the day or week), the date evidence of its undated
    mentions; ``actors`` (the reference data's actor index) tells which parties fight on one side.
    A background event (history a report retells: an earlier war, a campaign's toll) is a node
    too, so that its claims reach an incident, but it links only to other background events
    (see ``linked``)."""
    published = published or {}
    actors = actors if actors is not None else actors_in_force()
    figs: dict[str, set[tuple[str, str, int | None]]] = defaultdict(set)
    for c in claims:
        if c.mention_id:
            figs[c.mention_id].add((c.kind, camp(c.side_affected, actors), c.value_low))
    live = [m for m in mentions if m.in_incident]
    violent_docs = {m.document_id for m in live if m.event_type != "Statement" and not m.background}
    return [
        Node(
            m,
            doc_groups.get(m.document_id, m.document_id),
            frozenset(figs.get(m.id, ())),
            m.evidence.start,
            m.document_id in violent_docs,
            published.get(m.document_id),
            tuple(sorted({camp(x, actors) for x in (m.actor1_side, m.actor2_side) if x})),
        )
        for m in live
    ]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _coords(m: Mention) -> list[tuple[float, float]]:
    """Where a mention's event happened. A sentence naming towns far apart tells two events
    ("our forces took posts in Tolvar; drones killed civilians in Brenk") or one and a reference
    point: only its first-named town is taken, so that it does not join both."""
    out = [(p.latitude, p.longitude) for p in m.places if p.precision not in {"country", "region"}]
    if len(out) > 1 and any(_km(out[0], x) > FAR_KM for x in out[1:]):
        return out[:1]
    return out


def _provinces(m: Mention) -> set[tuple[str, str]]:
    return {(p.country, p.admin1) for p in m.places if p.admin1 and p.precision != "country"}


PROVINCES_FAR_KM = 2 * FAR_KM  # a province's capital this far from the other's places: not in it


def _provinces_apart(a: Mention, b: Mention) -> bool:
    """Whether every place of one (a province by its capital, a town) lies more than
    ``PROVINCES_FAR_KM`` from every place of the other: a province reaches ~150 km from its
    capital, so two such places are no one event's."""
    pa = [(p.latitude, p.longitude) for p in a.places if p.precision != "country"]
    pb = [(p.latitude, p.longitude) for p in b.places if p.precision != "country"]
    return bool(pa and pb) and min(_km(x, y) for x in pa for y in pb) > PROVINCES_FAR_KM


def _day(m: Mention) -> dt.date | None:
    return m.date.start if m.date.precision == "day" else None


def _next_day(a: Mention, b: Mention) -> bool:
    """Whether two mentions are dated to different days (``link_score`` asks once the dates are
    found compatible: one day apart)."""
    da, db = _day(a), _day(b)
    return da is not None and db is not None and da != db


_EARLY = re.compile(r"(?i)\b(?:early|dawn|daybreak|morning|before\s+sunrise)\b")
_LATE = re.compile(r"(?i)\b(?:late|evening|night|midnight|dusk)\b")
_MIDDAY = re.compile(r"(?i)\b(?:afternoon|midday|noon)\b")


def _part_of_day(m: Mention) -> str:
    """ "early", "mid" or "late" from the words of a mention's day ("early Sunday", "late on
    Monday night"), "" when they name no part of the day."""
    e = m.date.expression
    late, early = bool(_LATE.search(e)), bool(_EARLY.search(e))
    if late != early:
        return "late" if late else "early"
    return "mid" if _MIDDAY.search(e) and not late else ""


def _parts_apart(a: Mention, b: Mention) -> bool:
    """Two days a day apart whose parts say they are not one night across midnight: "early
    Sunday" and "late on Monday night" are some 40 hours apart, whatever the time zones (the
    day either side allowed across reports is for "Sunday night" told as "early Monday")."""
    da, db = _day(a), _day(b)
    if da is None or db is None or abs((da - db).days) != 1:
        return False
    first, then = (a, b) if da < db else (b, a)
    pa, pb = _part_of_day(first), _part_of_day(then)
    return bool(pa and pb) and pa != "late" and pb != "early"


def _span(m: Mention) -> tuple[dt.date, dt.date] | None:
    """The period a coarser date covers ("this week", "in May")."""
    if m.date.start is None or m.date.precision not in {"week", "month"}:
        return None
    return m.date.start, m.date.end or m.date.start


def _year(m: Mention) -> tuple[dt.date, dt.date] | None:
    if m.date.start is None or m.date.precision != "year":
        return None
    return m.date.start, m.date.end or m.date.start


def _period(m: Mention) -> tuple[dt.date, dt.date] | None:
    """The days a dated mention covers: its day, its week or month, or its year."""
    day = _day(m)
    return (day, day) if day is not None else (_span(m) or _year(m))


def _date_compat(a: Mention, b: Mention, tolerance: int = 1) -> int | None:
    """+2 same day (within ``tolerance``), +1 same month-day without a year or overlapping
    periods, 0 when either is undated, None when the dates rule the pair out."""
    for x, y in ((a, b), (b, a)):
        # a year is no evidence of one day, but a day or period of another year rules it out
        yx, ry = _year(x), _period(y)
        if yx is not None and ry is not None and (ry[1] < yx[0] or yx[1] < ry[0]):
            return None
    da, db = _day(a), _day(b)
    if da and db:
        return 2 if abs((da - db).days) <= tolerance else None
    ra = (da, da) if da else _span(a)
    rb = (db, db) if db else _span(b)
    if ra and rb:
        return 1 if ra[0] <= rb[1] and rb[0] <= ra[1] else None
    pa = (da.month, da.day) if da else month_day(a.date.expression)
    pb = (db.month, db.day) if db else month_day(b.date.expression)
    for r, p in ((ra, pb), (rb, pa)):
        if r and p and (r[1] - r[0]).days < 62:
            # a period ("last month") and a day named without its year ("May 6")
            inside = any(
                ((r[0] + dt.timedelta(days=i)).month, (r[0] + dt.timedelta(days=i)).day) == p
                for i in range((r[1] - r[0]).days + 1)
            )
            return 1 if inside else None
    if pa and pb:
        same = pa[0] == pb[0] and abs(pa[1] - pb[1]) <= tolerance
        return 1 if same else None
    wa, wb = weekdays(a), weekdays(b)
    for named, day in ((wa, db), (wb, da)):
        if named and day:
            return 1 if _weekday_compat(named, [day], tolerance) else None
    if wa and wb and not any(_weekday_gap(x, y) <= tolerance for x in wa for y in wb):
        return None  # two weekdays apart: two days (the same weekday is no evidence: which week?)
    return 0


def _same_weekday_near(a: Node, b: Node) -> bool:
    """A weekday of a report of unknown date that another report names for its dated day, told
    of places within ``NEAR_KM``: both reports say "on Tuesday" of one place ("an attack on the
    town on Tuesday"), which a day dated only by the other's publication does not."""
    x, y = (a, b) if _weekday_only(a) else (b, a)
    day = _day(y.mention)
    if day is None or day.weekday() not in weekdays(x.mention) & weekdays_named(y.mention.date.expression):
        return False
    ca, cb = _coords(a.mention), _coords(b.mention)
    return bool(ca and cb) and min(_km(p, q) for p in ca for q in cb) <= NEAR_KM


def _timeless(n: Node) -> bool:
    """A mention that nothing dates: no date or weekday of its own, no publication date."""
    return n.published is None and not _dated(n.mention) and not weekdays(n.mention)


def _weekday_only(n: Node) -> bool:
    """A mention dated by a weekday alone, in a report whose publication is unknown."""
    return n.published is None and not _dated(n.mention) and bool(weekdays(n.mention))


def _dated(m: Mention) -> bool:
    return m.date.start is not None or month_day(m.date.expression) is not None


def weekdays(m: Mention) -> frozenset[int]:
    """The weekdays (Monday 0) a date without a year or day names ("late Saturday", told in a
    report whose publication is unknown); empty for a mention dated otherwise or not at all."""
    if _dated(m) or _span(m) or not m.date.expression:
        return frozenset()
    return weekdays_named(m.date.expression)


def _weekday_gap(a: int, b: int) -> int:
    return min((a - b) % 7, (b - a) % 7)


def _weekday_compat(named: frozenset[int], days: Iterable[dt.date], tolerance: int) -> bool:
    return any(_weekday_gap(w, d.weekday()) <= tolerance for w in named for d in days)


def _window_compat(a: Node, b: Node) -> int | None:
    """Date evidence from report windows (see ``Node.window``) for a pair ``_date_compat`` found
    no evidence for: +1 when the other mention's day or window meets the window (a day either
    side); None when the other's day is after the report was published or more than
    ``STALE_DAYS`` before its window (an undated sentence of a report tells of recent events);
    else 0."""
    stale = dt.timedelta(days=STALE_DAYS)
    for x, y in ((a, b), (b, a)):
        w = x.window
        if w is None:
            continue
        lo, hi = w[0] - dt.timedelta(days=1), w[1] + dt.timedelta(days=1)
        day = _day(y.mention)
        if day is not None:
            if day > hi or day < lo - stale:
                return None
            return 1 if day >= w[0] else 0
        if y.window is not None:
            if y.window[0] > hi + stale or y.window[1] < lo - stale:
                return None
            return 1 if y.window[0] <= hi and lo <= y.window[1] else 0
        days = {(lo + dt.timedelta(days=i)) for i in range((hi - lo).days + 1)}
        md = month_day(y.mention.date.expression)
        if md is not None:
            return 1 if any((d.month, d.day) == md for d in days) else 0
        named = weekdays(y.mention)
        if named:
            # the window itself, not the day either side: a weekday meets five days in seven
            inner = [w[0] + dt.timedelta(days=i) for i in range((w[1] - w[0]).days + 1)]
            return 1 if _weekday_compat(named, inner, 0) else 0
        return 0
    return 0


Figures = frozenset[tuple[str, str, int | None]]


def _shared_figure(fa: Figures, fb: Figures) -> int:
    """+2 for the same figure (kind, side, number) in both; +1 for the same kind and number
    where one report leaves the side unsaid, or for the same small figure (one or two dead are
    told of every day of a war); else 0. A loss told without a number ("heavy losses") is no
    figure to share."""
    same = [v for _k, _s, v in fa & fb if v is not None]
    if any(v >= RESTATED_MIN for v in same):
        return 2
    return int(
        bool(same)
        or any(
            ka == kb and va == vb and va is not None and (not sa or not sb)
            for ka, sa, va in fa
            for kb, sb, vb in fb
        )
    )


def link_score(a: Node, b: Node) -> int | None:
    """Evidence that two kinetic mentions report one event; None when something rules it out."""
    ma, mb = a.mention, b.mention
    # within one report a day is a day; across reports allow for time zones and late filing
    d = _date_compat(ma, mb, 0 if ma.document_id == mb.document_id else 1)
    if d == 0:
        d = _window_compat(a, b)
    if d is None or _parts_apart(ma, mb):
        return None
    score = d
    ca, cb = _coords(ma), _coords(mb)
    if ca and cb:
        near = min(_km(x, y) for x in ca for y in cb)
        if near > FAR_KM:
            return None
        if near > NEAR_KM and _next_day(ma, mb):
            # the day either side allowed for time zones and late filing is one event told from
            # one place; a day apart and beyond NEAR_KM, it is the next day's fighting elsewhere
            # on the front (measured: realnews unchanged, held-out 30 of 394 wrongly joined pairs
            # fewer, 2 of 209 joined lost)
            return None
        score += 2 if near <= NEAR_KM else (1 if near <= 100 else 0)
    elif (pa := _provinces(ma)) and (pb := _provinces(mb)):
        if pa & pb:
            # a report that places it only by its province ("in the Tolvar region"), the other
            # by that province too (as two reports name one town), or by a town in it (as a town
            # 40-100 km away)
            score += 1 if ca or cb else 2
        elif _provinces_apart(ma, mb):
            # a province one report names, and another province or a town of it far away: two
            # places
            return None
    if ma.event_type == mb.event_type:
        score += 1
    sa, sb = set(a.camps), set(b.camps)
    if sa and sb:
        score += 1 if sa == sb else (-1 if not sa & sb else 0)
    score += _shared_figure(a.figures, b.figures)
    if a.doc_group == b.doc_group and ma.document_id != mb.document_id:
        score += 2  # near-copies of one story
    return score


RESTATED_MIN = 3  # a figure this large stated twice in one report is one event told twice


def _restated(a: Node, b: Node) -> bool:
    """One report states the same figure (kind, side, number) twice, e.g. in its headline and
    again as a running total "since" the fighting began: one event, whatever day each names."""
    return any(v is not None and v >= RESTATED_MIN for _k, _s, v in a.figures & b.figures)


def linked(a: Node, b: Node) -> bool:
    if a.kinetic != b.kinetic or a.mention.background != b.mention.background:
        return False  # history never joins today's events, nor inflates their tolls
    if a.mention.background and (
        a.mention.document_id != b.mention.document_id or _apart(a.mention, b.mention)
    ):
        # ... and stays with its report: told by the year, two reports' histories ("the 1990s
        # war", "in 1994") give too little to tell one past event from another; nor are two
        # pasts of one report one event when their periods ("in 2019", "since 2023") do not meet
        return False
    if not a.kinetic:
        return _statements_linked(a, b)
    same_report = a.mention.document_id == b.mention.document_id
    if same_report and _restated(a, b):
        return True
    score = link_score(a, b)
    if score is None:
        return False
    if same_report:
        if separate_incident(a.mention.evidence.text) or separate_incident(b.mention.evidence.text):
            return False  # "in a separate attack", "in a second incident": not that day's other fighting
        # one report, several claimants' accounts of the fighting of one day; overlapping
        # periods ("this week") are too loose to join two events of one report
        return not (score >= 1 and (_span(a.mention) or _span(b.mention)))
    # a report window counts as a date only when it meets the other mention's date (a weekday
    # that meets it is weaker: one day in seven shares its name)
    window_dated = _window_compat(a, b) == 1 and not (weekdays(a.mention) or weekdays(b.mention))
    undated = not (_dated(a.mention) and _dated(b.mention)) and not window_dated
    if undated and all(_timeless(n) or _weekday_only(n) for n in (a, b)) and a.doc_group != b.doc_group:
        # two reports that nothing dates (no date of their own, no publication day, no anchor;
        # a weekday of an unknown year dates nothing either): nothing says they tell of one
        # year; "five soldiers killed" near one town recurs on a
        # front year after year (measured: realnews joined a 2013 report's attack to a 2018
        # report's skirmish, 8 wrongly joined pairs, and joined nothing right this way). Only
        # near-copies of one story join.
        return False
    if undated and any(_timeless(n) for n in (a, b)):
        # a mention of a report whose publication is unknown, with no date of its own, could
        # be of any year: a shared figure and place are not enough ("five soldiers killed" on
        # one front in two different years)
        return score >= LINK_SCORE_TIMELESS
    if undated and any(_weekday_only(n) for n in (a, b)) and not _shared_figure(a.figures, b.figures):
        # a weekday of a report whose year is unknown meets one day in seven of every year:
        # without a figure both reports state, it dates nothing, unless the other report names
        # that weekday too, of a place nearby (measured: held-out +10 joined pairs and +1 dated
        # incident, each report of unknown date joining its event; realnews unchanged)
        return score >= (LINK_SCORE_UNDATED if _same_weekday_near(a, b) else LINK_SCORE_TIMELESS)
    return score >= (LINK_SCORE_UNDATED if undated else LINK_SCORE)


def _apart(a: Mention, b: Mention) -> bool:
    """Whether two dated mentions' periods (a day, a month, a year) do not overlap."""
    sa, sb = a.date.start, b.date.start
    if sa is None or sb is None:
        return False
    return (a.date.end or sa) < sb or (b.date.end or sb) < sa


def _statements_linked(a: Node, b: Node) -> bool:
    """Statements without a violent event in their report form war-of-words incidents: those of
    one report together, and across reports those of the same day between the same parties."""
    ma, mb = a.mention, b.mention
    if a.doc_has_violence or b.doc_has_violence:
        return False  # these attach to their report's violent event instead (see cluster)
    if ma.document_id == mb.document_id:
        return True
    da, db = _day(ma), _day(mb)
    if not (da and db and da == db):
        return False
    sa = {x for x in (ma.actor1_side, ma.actor2_side) if x}
    sb = {x for x in (mb.actor1_side, mb.actor2_side) if x}
    return bool(sa) and sa == sb


def _cells(m: Mention) -> list[tuple[int, int]]:
    return sorted({(round(lat), round(lon)) for lat, lon in _coords(m)})


def _around(cells: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The cells and their eight neighbours: two places a few km apart can round to adjacent cells."""
    return sorted({(c[0] + i, c[1] + j) for c in cells for i in (-1, 0, 1) for j in (-1, 0, 1)})


def _days(n: Node) -> list[dt.date]:
    """The days a kinetic node is filed under: its own, or every day of its report window."""
    day = _day(n.mention)
    if day:
        return [day]
    w = n.window
    if w is None:
        return []
    return [w[0] + dt.timedelta(days=i) for i in range((w[1] - w[0]).days + 1)]


def _index_keys(n: Node) -> list[tuple[object, ...]]:
    """Where a node can be found by partners (see ``_lookup_keys``)."""
    m = n.mention
    keys: list[tuple[object, ...]] = [("doc", m.document_id), ("group", n.doc_group)]
    day, md, cells = _day(m), month_day(m.date.expression), _cells(m)
    if not n.kinetic:
        if day:
            keys.append(("s-day", day))
        return keys
    camps = n.camps
    for d in _days(n):
        keys.append(("md", d.month, d.day))
        keys += [("cell-day", c, d) for c in cells] or [("nocoord-day", d)]
        keys.append(("day", d))
        if camps:
            keys.append(("weekday-of", d.weekday(), camps))
    if camps:
        keys += [("weekday", w, camps) for w in weekdays(m)]
    if md:
        keys.append(("md", *md))
    keys += [("cell-all", c) for c in cells]
    if not day and not md:
        keys += [("cell-undated", c) for c in cells]
    return keys


def _lookup_keys(n: Node) -> list[tuple[object, ...]]:
    """The blocks a node searches: every pair that can link shares one of them, and a node
    scans only mentions of nearby days and places — not the whole corpus. The relation is
    symmetric (a finds b exactly when b finds a), so clustering only the new nodes of an
    incremental update finds every pair a rebuild finds."""
    m = n.mention
    keys: list[tuple[object, ...]] = [("doc", m.document_id), ("group", n.doc_group)]
    day, md, cells = _day(m), month_day(m.date.expression), _around(_cells(m))
    if not n.kinetic:
        if day:
            keys.append(("s-day", day))
        return keys
    days = _days(n)
    for x in days:
        for off in (-1, 0, 1):
            d = x + dt.timedelta(days=off)
            if cells:
                keys += [("cell-day", c, d) for c in cells]
                keys.append(("nocoord-day", d))
            else:
                keys.append(("day", d))
            keys.append(("md", d.month, d.day))
    # a weekday without a date meets the days of that name (a day either side) and other
    # weekdays; without places to compare, a link needs the same parties, so they are the key
    camps = n.camps
    if camps:
        near = {(d.weekday() + off) % 7 for d in days for off in (-1, 0, 1)}
        keys += [("weekday", w, camps) for w in sorted(near)]
        named = {(w + off) % 7 for w in weekdays(m) for off in (-1, 0, 1)}
        keys += [("weekday-of", w, camps) for w in sorted(named)]
        keys += [("weekday", w, camps) for w in sorted(named)]
    if days:
        keys += [("cell-undated", c) for c in cells]
    if md:
        for off in (-1, 0, 1):
            keys.append(("md", md[0], md[1] + off))
    if not day and not md:
        keys += [("cell-all", c) for c in cells]
    return keys


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id wins: components do not depend on the order of unions
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def cluster(nodes: list[Node], new_ids: set[str] | None = None, uf: UnionFind | None = None) -> UnionFind:
    """Link every node in ``new_ids`` (all nodes when None) to its compatible partners."""
    uf = uf or UnionFind()
    index: dict[tuple[object, ...], list[Node]] = defaultdict(list)
    for n in nodes:
        uf.find(n.id)
        for k in _index_keys(n):
            index[k].append(n)
    guards = _Guards.of(nodes, uf)
    todo = [n for n in nodes if new_ids is None or n.id in new_ids]
    # (tried: a report's own links first, then the others'. held-out: 8 joined pairs fewer and
    # 16 wrongly joined more; realnews unchanged)
    for n in todo:
        _link_all(n, index, uf, guards)
    # statements attach to the violent event their own report tells of
    by_doc: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        by_doc[n.mention.document_id].append(n)
    for doc_nodes in by_doc.values():
        kin = [n for n in doc_nodes if n.kinetic and not n.mention.background]
        if not kin:
            continue
        for n in doc_nodes:
            if n.kinetic or (
                new_ids is not None and n.id not in new_ids and all(k.id not in new_ids for k in kin)
            ):
                continue
            compatible = [k for k in kin if _said_after(n.mention, k.mention)]
            if compatible:
                nearest = min(compatible, key=lambda k: (abs(k.position - n.position), k.id))
                uf.union(n.id, nearest.id)
    return uf


def components(nodes: Iterable[Node], uf: UnionFind) -> list[list[str]]:
    """The mention ids of each component ``uf`` holds, in the order of ``nodes``."""
    comps: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        comps[uf.find(n.id)].append(n.id)
    return list(comps.values())


def _days_told(m: Mention) -> set[object]:
    """The day a mention without a resolved date names: its month and day, else its weekdays
    (("weekday", n) each: a month-day and a weekday of an unknown year may be one day)."""
    md = month_day(m.date.expression)
    if md is not None:
        return {md}
    return {("weekday", w) for w in weekdays(m)}


@dataclass
class _Guards:
    """What each component holds that a union must not contradict: a single link is evidence
    about two mentions, and a chain of them can join what no direct link would.

    - ``spans``: the days of its kinetic members dated to the day: a mention that links to two
      events a season apart (an undated sentence of a report with no publication date) must not
      chain them into one.
    - ``where``: the places of its kinetic members: within one report, a sentence that names no
      place ("fighting went on all day") must not chain two of the day's events told of places
      far apart into one incident (the rocket attack on one district, the clash at a temple
      150 km away). Across reports single links stay: a report's wrong place would split what it
      shares with the others.
    - ``told``: the days each report names without a year: a sentence of a report of unknown date
      that names no day ("fighting in the past week") must not chain its "May 1" clash and its
      "May 3" bombing into one incident (held-out: 69 wrongly joined pairs fewer, 2 incidents
      dated right more, 3 joined pairs lost). Not for days with a year: a report that tells a
      four-day war day by day is one incident there (realnews lost 87 joined pairs). Weekdays
      too: its "on Saturday" ambush and "on Sunday" assault are two days.
    - ``pins``: per report, the days its sentences name of their own and the places of each (see
      ``_own_day``). Two reports whose own days lie more than ``CROSS_REPORT_DAYS`` apart, or
      that place their own different days more than ``NEAR_KM`` apart, tell of two events, as a
      direct link between them would say; a chain through a placeless or undated sentence must
      not join them (an insurgency's attacks on three villages on three days; a raid and the
      next day's killings 60 km away). Not within one report (the four-day war above).

    Like any guard on components, this makes the result depend, in corners, on which link is
    tried first: a report added later whose placeless sentence links into an existing incident
    can join what a rebuild keeps apart."""

    spans: dict[str, tuple[dt.date, dt.date]]
    where: dict[str, Coords]
    told: dict[str, dict[str, set[object]]]
    pins: dict[str, _Pins]
    grown: dict[str, int] = field(default_factory=dict)  # how often each component grew
    refused: dict[tuple[str, str, bool], tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: list[Node], uf: UnionFind) -> _Guards:
        g = cls({}, defaultdict(Counter), defaultdict(lambda: defaultdict(set)), defaultdict(_Pins))
        for n in nodes:
            if not n.kinetic:
                continue
            root, m = uf.find(n.id), n.mention
            day = _day(m)
            if day is not None:
                lo, hi = g.spans.get(root, (day, day))
                g.spans[root] = (min(lo, day), max(hi, day))
            coords = _coords(m)
            if coords:
                g.where[root][tuple(coords)] += 1
            keys = _days_told(m) if day is None else set()
            if keys:
                g.told[root][m.document_id] |= keys
            own = _own_day(n)
            if own is not None:
                g.pins[root].add(m.document_id, own, coords)
        return g

    def refuse(self, a: Node, b: Node, ra: str, rb: str) -> bool:
        """Whether joining the components ``ra`` of ``a`` and ``rb`` of ``b`` would contradict them.
        A refusal holds until either component grows: a node's many candidates in one other
        component ask once (a war of thousands of mentions kept in a few components asked it
        millions of times)."""
        key = (min(ra, rb), max(ra, rb), a.mention.document_id == b.mention.document_id)
        versions = (self.grown.get(ra, 0), self.grown.get(rb, 0))
        if self.refused.get(key) == versions:
            return True
        if self._refuse(a, b, ra, rb):
            self.refused[key] = versions
            return True
        return False

    def _refuse(self, a: Node, b: Node, ra: str, rb: str) -> bool:
        if _too_far_apart(self.spans.get(ra), self.spans.get(rb)):
            return True
        if a.mention.document_id == b.mention.document_id and _placed_apart(
            self.where.get(ra), self.where.get(rb)
        ):
            return True
        if _centres_apart(self.where.get(ra), self.where.get(rb)):
            return True
        if _days_apart(self.told.get(ra), self.told.get(rb)):
            return True
        pa, pb = self.pins.get(ra), self.pins.get(rb)
        return pa is not None and pb is not None and pa.apart(pb)

    def merge(self, ra: str, rb: str, root: str) -> None:
        self.grown[root] = max(self.grown.get(ra, 0), self.grown.get(rb, 0)) + 1
        by_docs = [self.told.pop(r) for r in (ra, rb) if r in self.told]
        if by_docs:
            into = self.told[root]
            for by_doc in by_docs:
                for doc_id, keys in by_doc.items():
                    into[doc_id] |= keys
        spans = [x for x in (self.spans.pop(ra, None), self.spans.pop(rb, None)) if x]
        if spans:
            self.spans[root] = (min(x[0] for x in spans), max(x[1] for x in spans))
        places = [x for x in (self.where.pop(ra, None), self.where.pop(rb, None)) if x]
        if places:
            self.where[root] = places[0] + places[1] if len(places) == 2 else places[0]
        pins = [p for p in (self.pins.pop(ra, None), self.pins.pop(rb, None)) if p]
        if pins:
            self.pins[root] = pins[0].merged(pins[1]) if len(pins) == 2 else pins[0]


def _link_all(n: Node, index: dict[tuple[object, ...], list[Node]], uf: UnionFind, guards: _Guards) -> None:
    """Join ``n`` to every compatible candidate, keeping each component's guards up to date."""
    seen: set[str] = {n.id}
    for k in _lookup_keys(n):
        for other in index[k]:
            if other.id in seen:
                continue
            seen.add(other.id)
            ra, rb = uf.find(n.id), uf.find(other.id)
            if ra == rb or guards.refuse(n, other, ra, rb) or not linked(n, other):
                continue
            uf.union(ra, rb)
            guards.merge(ra, rb, uf.find(ra))


CROSS_REPORT_DAYS = 2  # two reports' own days further apart than this are two events


def _own_day(n: Node) -> tuple[dt.date, dt.date] | None:
    """The first and last day a kinetic mention's own sentence dates it to. Not a day it takes
    from the sentences around it (the day of the report's lead, of the sentence before), and
    not a running total's day ("as of April 5", "since Monday"): one day of a tally is no day of
    one event (realnews: a four-day war's running totals, told on its fifth day, would split)."""
    m = n.mention
    day = _day(m)
    if m.background or day is None or not own_date(m.date):
        return None
    return day, m.date.end or day


Spot = tuple[dt.date, dt.date, frozenset[tuple[float, float]]]  # own first and last day, places


@dataclass
class _Pins:
    """A component's own days and places (see ``_Guards``), kept small: a component of a long
    war holds thousands of mentions but a few days and places. ``ends`` and ``starts`` hold the
    earliest last day and the latest first day of two different reports at most (enough to find
    the widest gap between two different reports); ``spots`` each day and places told, with two
    of the reports that tell them at most."""

    ends: list[tuple[dt.date, str]] = field(default_factory=list)
    starts: list[tuple[dt.date, str]] = field(default_factory=list)
    spots: dict[Spot, set[str]] = field(default_factory=dict)

    def add(self, doc_id: str, days: tuple[dt.date, dt.date], coords: list[tuple[float, float]]) -> None:
        self.ends = _two_reports([*self.ends, (days[1], doc_id)], latest=False)
        self.starts = _two_reports([*self.starts, (days[0], doc_id)], latest=True)
        if coords:
            docs = self.spots.setdefault((days[0], days[1], frozenset(coords)), set())
            if len(docs) < 2:
                docs.add(doc_id)

    def merged(self, other: _Pins) -> _Pins:
        spots = {k: set(v) for k, v in self.spots.items()}
        for k, docs in other.spots.items():
            into = spots.setdefault(k, set())
            for d in sorted(docs):
                if len(into) < 2:
                    into.add(d)
        return _Pins(
            _two_reports(self.ends + other.ends, latest=False),
            _two_reports(self.starts + other.starts, latest=True),
            spots,
        )

    def apart(self, other: _Pins) -> bool:
        """Whether a report's own day here and another report's there lie more than
        ``CROSS_REPORT_DAYS`` apart, or are different days told of places more than ``NEAR_KM``
        apart."""
        for ends, starts in ((self.ends, other.starts), (other.ends, self.starts)):
            if any(
                doc_e != doc_s and (s - e).days > CROSS_REPORT_DAYS
                for e, doc_e in ends
                for s, doc_s in starts
            ):
                return True
        for (sa, ea, ca), docs_a in self.spots.items():
            for (sb, eb, cb), docs_b in other.spots.items():
                other_report = not (docs_a == docs_b and len(docs_a) == 1)
                if other_report and (sb > ea or sa > eb) and min(_km(x, y) for x in ca for y in cb) > NEAR_KM:
                    return True
        return False


def _two_reports(days: list[tuple[dt.date, str]], latest: bool) -> list[tuple[dt.date, str]]:
    """The earliest (or latest) day of each report, of the two reports that lead."""
    best: dict[str, dt.date] = {}
    for day, doc_id in days:
        if doc_id not in best or (day > best[doc_id] if latest else day < best[doc_id]):
            best[doc_id] = day
    ranked = sorted(((d, doc) for doc, d in best.items()), reverse=latest)
    return ranked[:2]


CHAIN_MAX_DAYS = 7  # two groups of mentions dated further apart than this are two incidents


def _too_far_apart(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    if a is None or b is None:
        return False
    return (max(a[1], b[1]) - min(a[0], b[0])).days > CHAIN_MAX_DAYS


def _days_apart(a: dict[str, set[object]] | None, b: dict[str, set[object]] | None) -> bool:
    """Whether one report tells of a day in one component and only of other days in the other
    (month-days against month-days, weekdays against weekdays)."""
    if not a or not b:
        return False
    for doc_id, keys in a.items():
        other = b.get(doc_id)
        if not other:
            continue
        for weekday in (False, True):
            ka = {k for k in keys if _is_weekday_key(k) == weekday}
            kb = {k for k in other if _is_weekday_key(k) == weekday}
            if ka and kb and not ka & kb:
                return True
    return False


def _is_weekday_key(key: object) -> bool:
    return isinstance(key, tuple) and key[0] == "weekday"


def _placed_apart(a: Coords | None, b: Coords | None) -> bool:
    """Whether a member of one component and a member of the other lie more than ``FAR_KM``
    apart, each pair measured by its nearest places (as ``link_score`` measures them)."""
    if not a or not b:
        return False
    return any(min(_km(x, y) for x in ca for y in cb) > FAR_KM for ca in a for cb in b)


def _centre(places: Coords) -> tuple[float, float]:
    """The median latitude and longitude of the members (each by its first place): one report's
    wrong place does not move it, and it costs no pairwise distances."""
    return _median(places, 0), _median(places, 1)


def _median(places: Coords, axis: int) -> float:
    """``statistics.median`` of the members' first places' ``axis``, over distinct places."""
    values = sorted((c[0][axis], n) for c, n in places.items())
    total = sum(n for _v, n in values)
    middle = [(total - 1) // 2, total // 2]  # the two middle ranks (one for an odd count)
    out, seen = [], 0
    for v, n in values:
        while middle and middle[0] < seen + n:
            out.append(v)
            middle.pop(0)
        seen += n
    return (out[0] + out[1]) / 2


def _centres_apart(a: Coords | None, b: Coords | None) -> bool:
    """Whether two components, each placed by at least two members, lie more than ``FAR_KM``
    apart by their centres: a mention placed only by its country ("Ostravia launched 118 drones
    against Valdoria overnight") must not chain a strike on one city to one on another 400 km
    away."""
    if not a or not b or a.total() < 2 or b.total() < 2:
        return False
    return _km(_centre(a), _centre(b)) > FAR_KM


def _said_after(statement: Mention, event: Mention) -> bool:
    """A statement can be about an event of its report that happened before it was made (or
    whose date is unknown), not about one that happened later."""
    said, happened = statement.date.start, event.date.start
    return said is None or happened is None or happened <= said + dt.timedelta(days=1)


def incident_id(member_ids: Iterable[str]) -> str:
    return "inc-" + hashlib.sha1(min(member_ids).encode()).hexdigest()[:12]
