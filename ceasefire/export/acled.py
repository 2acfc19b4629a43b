"""ACLED-style CSV: one row per incident and location, with ACLED's column names and meanings.

Coding follows ACLED's codebook conventions:

* statements are not ACLED events (incidents of kind "statements" or type "Statement" are left
  out), nor is history the reports retell (kind "background": ACLED codes an event once, when
  it happens), and neither are incidents without a known day or month (ACLED needs an event date) or
  without a location (ACLED needs coordinates); the function reports how many it left out;
* an incident reported at several locations becomes one event per location, each with its own
  ``event_id_cnty``; its fatalities are split evenly over those events (remainder to the first
  ones), as ACLED does with aggregate figures, so summing ``fatalities`` still gives the total;
* ``actor1``/``actor2`` are the ACLED names of the parties' armed forces (civilians for the
  targeted side of violence against civilians), ``inter`` codes come from the actor registry and
  ``interaction`` is the two codes lowest first (a lone actor gives ``X0``, as ACLED writes it);
* ``timestamp`` is the epoch second of the event date, never the time of the export, so re-runs
  give byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path

from ..records import Incident, Place
from . import (
    Counted,
    ExportResult,
    Names,
    atomic_open,
    country_info,
    in_export_order,
    sorted_claims,
)

__all__ = ["ACLED_COLUMNS", "AcledRow", "AcledSkips", "acled_rows", "event_places", "write_acled_csv"]

# ACLED's disorder type of each event type (Riots depend on the sub-event type).
_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}
_RIOT_VIOLENCE = {"Mob violence"}
_STATEMENT_TYPES = {"Statement", ""}
# Place.precision -> ACLED geo_precision (1 the place itself, 2 near it / within its district,
# 3 only a region or the country is known).
_GEO_PRECISION = {"exact": 1, "district": 2, "region": 3, "country": 3}
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# The event-number space of event_id_cnty: wide enough that two incidents of one country
# practically never share a number, short enough to read like ACLED's ids.
_ID_SPACE = 10**7


@dataclass(frozen=True)
class AcledRow:
    """One ACLED event. Field order is the column order of the CSV."""

    event_id_cnty: str
    event_date: str
    year: int
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    assoc_actor_1: str
    inter1: int
    actor2: str
    assoc_actor_2: str
    inter2: int | None
    interaction: int
    civilian_targeting: str
    iso: int
    region: str
    country: str
    admin1: str
    admin2: str
    admin3: str
    location: str
    latitude: str
    longitude: str
    geo_precision: int
    source: str
    source_scale: str
    notes: str
    fatalities: int
    tags: str
    timestamp: int


ACLED_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(AcledRow))


@dataclass(frozen=True)
class AcledSkips:
    """Incidents left out of the ACLED export, by reason."""

    statements: int = 0
    unknown_date: int = 0
    no_location: int = 0
    background: int = 0

    @property
    def total(self) -> int:
        return self.statements + self.unknown_date + self.no_location + self.background

    def note(self, rows: int, incidents: int) -> str:
        parts = []
        if self.unknown_date:
            parts.append(f"{self.unknown_date} without a known date")
        if self.no_location:
            parts.append(f"{self.no_location} without a location")
        if self.statements:
            parts.append(f"{self.statements} statements (not ACLED events)")
        if self.background:
            parts.append(f"{self.background} retold from history (background)")
        left = f"; left out {', '.join(parts)}" if parts else ""
        return f"acled-csv: {rows} rows from {incidents - self.total} incidents{left}"


def _is_statement(inc: Incident) -> bool:
    return inc.kind == "statements" or inc.event_type in _STATEMENT_TYPES


def _time_precision(inc: Incident) -> int | None:
    """ACLED time_precision, or None when the date is too vague to code."""
    if inc.date_start is None or inc.date_precision in ("unknown", "year"):
        return None
    if inc.date_precision == "month":
        return 3
    span = ((inc.date_end or inc.date_start) - inc.date_start).days
    if inc.date_precision == "day" and span == 0:
        return 1
    return 2 if span <= 7 else 3


def _event_number(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16) % _ID_SPACE


def _targets_civilians(inc: Incident) -> bool:
    """ACLED marks civilian targeting only where civilians are the target: violence against
    civilians, or remote violence aimed at them. A battle is between armed groups even when
    civilians were hurt in it (their harm shows in the notes, not in actor2)."""
    if inc.event_type == "Violence against civilians":
        return True
    return inc.civilian_targeting and inc.event_type == "Explosions/Remote violence"


def _actors(inc: Incident, names: Names) -> tuple[str, int, str, int | None]:
    """ACLED actor names and inter codes: the parties' armed forces, civilians when targeted."""
    ix = names.reference.actors

    def pick(side: str, fallback: str, role: str) -> tuple[str, int | None]:
        actor = ix.resolve_generic(side, role) if side else None
        if actor is None and role == "CIVILIANS" and side:
            actor = ix.resolve_generic(side, "ARMY")
        if actor is None:
            # an actor the registry does not know: keep its name, code it as external/other
            return fallback, (8 if fallback else None)
        return actor.acled_actor or actor.name, actor.inter

    a1, i1 = pick(inc.actor1_side, inc.actor1, "ARMY")
    civilians = _targets_civilians(inc)
    a2, i2 = pick(inc.actor2_side, inc.actor2, "CIVILIANS" if civilians else "ARMY")
    if not a1 and a2:  # ACLED always fills actor1 first
        a1, i1, a2, i2 = a2, i2, "", None
    return a1, i1 or 8, a2, i2


def _interaction(i1: int, i2: int | None) -> int:
    if not i2:
        return i1 * 10
    lo, hi = sorted((i1, i2))
    return lo * 10 + hi


def _source_scale(inc: Incident, countries: set[str], names: Names) -> str:
    """National: outlets of the country where it happened or of a party to it (a diaspora paper
    carries its party's narrative); International: neutral or third-country outlets."""
    scales: set[str] = set()
    for s in inc.sources:
        home = names.outlet_country(s.outlet)
        if (home and home in countries) or (s.alignment and s.alignment in countries):
            scales.add("National")
        elif home or s.alignment:
            scales.add("International")
    if scales == {"National", "International"}:
        return "National-International"
    return scales.pop() if scales else "Other"


def _figure(low: int | None, best: int | None, high: int | None) -> str:
    if best is not None:
        return str(best)
    if low is not None and high is not None and low != high:
        return f"{low}-{high}"
    if low is None and high is not None:
        return f"up to {high}"
    return str(low) if low is not None else "an unspecified number of"


def _figure_key(fig: str) -> tuple[int, str]:
    head = fig.split("-")[0]
    return (int(head), fig) if head.isdigit() else (1 << 62, fig)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _claimant_name(claimant: str, side: str, outlet: str, names: Names) -> str:
    if claimant.startswith("outlet:"):
        return names.outlet(claimant.split(":", 1)[1])
    if claimant:
        try:
            return names.reference.actors.get(claimant).name
        except KeyError:
            return claimant
    return f"{names.side(side)} sources" if side else names.outlet(outlet) or "an unnamed source"


def _claims_in_words(inc: Incident, names: Names) -> str:
    """Each claimant's current figures side by side: 'X reported 2 killed and 3 wounded among
    Valdoria's forces; Y reported ...'. Superseded figures are left out (they stay in the
    claims export); the same figure carried by several outlets is said once."""
    per_claimant: dict[str, dict[str, dict[str, list[str]]]] = {}
    for rc in sorted_claims(inc):
        if rc.superseded_by:
            continue
        c = rc.claim
        who = _claimant_name(c.claimant, c.claimant_side, rc.outlet, names)
        civilian = c.civilian or c.kind.startswith("civilians_")
        kind = c.kind.removeprefix("civilians_").replace("_", " ")
        if c.side_affected:
            group = f"among {names.side(c.side_affected)}'s {'civilians' if civilian else 'forces'}"
        else:
            group = "among civilians" if civilian else ""
        values = per_claimant.setdefault(who, {}).setdefault(group, {}).setdefault(kind, [])
        fig = _figure(c.value_low, c.value_best, c.value_high)
        if fig not in values:
            values.append(fig)
    parts = []
    for who, groups in sorted(per_claimant.items()):
        said = []
        for group, kinds in sorted(groups.items()):
            # one claimant's differing figures for the same thing (different reports) are all said
            figs = [f"{' or '.join(sorted(v, key=_figure_key))} {k}" for k, v in kinds.items()]
            said.append(_and(figs) + (f" {group}" if group else ""))
        parts.append(f"{who} reported {_and(said)}")
    return "; ".join(parts) + "." if parts else ""


def _when(inc: Incident) -> str:
    d = inc.date_start
    assert d is not None
    if inc.date_precision == "month":
        return f"In {_MONTHS[d.month - 1]} {d.year}"
    text = f"On {d.day} {_MONTHS[d.month - 1]} {d.year}"
    if inc.date_end and inc.date_end != d:
        e = inc.date_end
        text = f"Between {d.day} {_MONTHS[d.month - 1]} {d.year} and {e.day} {_MONTHS[e.month - 1]} {e.year}"
    return text


def _notes(inc: Incident, place: Place, a1: str, a2: str, n_places: int, names: Names) -> str:
    what = (inc.sub_event_type or inc.event_type).lower()
    directed = inc.event_type in ("Explosions/Remote violence", "Violence against civilians")
    who = ""
    if a1 and a2:
        who = f" by {a1} against {a2}" if directed else f" between {a1} and {a2}"
    elif a1:
        who = f" by {a1}"
    near = "in" if place.precision == "exact" else "near"
    where = place.name
    if place.admin1 and place.admin1 != place.name:
        where += f", {place.admin1}"
    country = country_info(place.country)
    if country is not None and country.name != place.name:
        where += f" ({country.name})"
    first = f"{_when(inc)}, {what}{who} was reported {near} {where}."
    sentences = [first]
    dispute = _claims_in_words(inc, names)
    if dispute:
        sentences.append(dispute)
    if inc.status == "disputed":
        sentences.append("The sides' accounts conflict.")
    if n_places > 1 and inc.fatalities > 0:
        sentences.append(
            f"Reported at {n_places} locations; the incident's {inc.fatalities} fatalities "
            "are split evenly across them."
        )
    return " ".join(sentences)


def event_places(places: tuple[Place, ...]) -> list[Place]:
    """The distinct locations to code, primary first: places of a known country, one per
    coordinate, without a district/region/country that only restates a finer place beside it
    (a report naming both a village and its district describes one location, not two)."""
    rank = {"exact": 0, "district": 1, "region": 2, "country": 3}
    known = [p for p in places if country_info(p.country) is not None]
    by_coord: dict[tuple[float, float], Place] = {}
    for p in known:
        key = (round(p.latitude, 4), round(p.longitude, 4))
        prev = by_coord.get(key)
        if prev is None or rank.get(p.precision, 3) < rank.get(prev.precision, 3):
            by_coord[key] = p
    kept = [p for p in known if by_coord.get((round(p.latitude, 4), round(p.longitude, 4))) is p]

    def restated(coarse: Place) -> bool:
        r = rank.get(coarse.precision, 3)
        return r > 0 and any(
            q is not coarse
            and rank.get(q.precision, 3) < r
            and q.country == coarse.country
            and (r == 3 or (bool(coarse.admin1) and q.admin1 == coarse.admin1))
            for q in kept
        )

    return [p for p in kept if not restated(p)]


def _split(total: int, n: int) -> list[int]:
    base, extra = divmod(max(total, 0), n)
    return [base + (1 if k < extra else 0) for k in range(n)]


def _timestamp(d: dt.date) -> int:
    return int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())


@dataclass
class _Tally:
    """What a streamed ACLED export has left out so far, and the event ids it has used."""

    statements: int = 0
    unknown: int = 0
    no_place: int = 0
    background: int = 0
    # one short id per row written: the only state that grows with the export, kept so that a
    # hash collision is resolved exactly as in a one-shot export
    used_ids: set[str] = field(default_factory=set)

    def skips(self) -> AcledSkips:
        return AcledSkips(self.statements, self.unknown, self.no_place, self.background)


def acled_rows(
    incidents: Iterable[Incident], names: Names | None = None
) -> tuple[list[AcledRow], AcledSkips]:
    """ACLED events for the incidents (sorted by date then id), and what was left out."""
    tally = _Tally()
    rows = list(_acled_rows(incidents, tally, names or Names()))
    return rows, tally.skips()


def _acled_rows(incidents: Iterable[Incident], tally: _Tally, names: Names) -> Iterator[AcledRow]:
    used_ids = tally.used_ids
    for inc in in_export_order(incidents):
        if _is_statement(inc):
            tally.statements += 1
            continue
        if inc.kind == "background":
            tally.background += 1
            continue
        tp = _time_precision(inc)
        if tp is None:
            tally.unknown += 1
            continue
        places = event_places(inc.places)
        if not places:
            tally.no_place += 1
            continue
        assert inc.date_start is not None
        a1, i1, a2, i2 = _actors(inc, names)
        disorder = _DISORDER.get(inc.event_type, "Political violence")
        if inc.event_type == "Riots" and inc.sub_event_type in _RIOT_VIOLENCE:
            disorder = "Political violence"
        countries = {p.country for p in places} | {s for s in (inc.actor1_side, inc.actor2_side) if s}
        source = "; ".join(sorted({names.outlet(s.outlet) for s in inc.sources if s.outlet}))
        scale = _source_scale(inc, countries, names)
        tags = inc.status if inc.status else ""
        deaths = _split(inc.fatalities, len(places))
        for k, place in enumerate(places):
            c = country_info(place.country)
            assert c is not None
            key = inc.id if k == 0 else f"{inc.id}#{place.geonameid or place.name}#{k}"
            event_id = f"{c.iso3}{_event_number(key)}"
            salt = 0
            while event_id in used_ids:  # a hash collision: rehash deterministically
                salt += 1
                event_id = f"{c.iso3}{_event_number(f'{key}~{salt}')}"
            used_ids.add(event_id)
            yield (
                AcledRow(
                    event_id_cnty=event_id,
                    event_date=inc.date_start.isoformat(),
                    year=inc.date_start.year,
                    time_precision=tp,
                    disorder_type=disorder,
                    event_type=inc.event_type,
                    sub_event_type=inc.sub_event_type,
                    actor1=a1,
                    assoc_actor_1="",
                    inter1=i1,
                    actor2=a2,
                    assoc_actor_2="",
                    inter2=i2,
                    interaction=_interaction(i1, i2),
                    civilian_targeting="Civilian targeting" if _targets_civilians(inc) else "",
                    iso=c.numeric,
                    region=c.region,
                    country=c.name,
                    admin1=place.admin1,
                    admin2="",
                    admin3="",
                    location=place.name,
                    latitude=f"{place.latitude:.4f}",
                    longitude=f"{place.longitude:.4f}",
                    geo_precision=_GEO_PRECISION.get(place.precision, 3),
                    source=source,
                    source_scale=scale,
                    notes=_notes(inc, place, a1, a2, len(places), names),
                    fatalities=deaths[k],
                    tags=tags,
                    timestamp=_timestamp(inc.date_start),
                )
            )


def write_acled_csv(incidents: Iterable[Incident], path: Path, *, names: Names | None = None) -> ExportResult:
    """Write the ACLED CSV (UTF-8, every text field quoted as needed, LF line ends), row by row."""
    seen = Counted(in_export_order(incidents))
    tally = _Tally()
    n = 0
    with atomic_open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(ACLED_COLUMNS)
        for r in _acled_rows(seen, tally, names or Names()):
            w.writerow("" if v is None else v for v in astuple(r))
            n += 1
    skips = tally.skips()
    return ExportResult((path,), n, skips.total, skips.note(n, seen.n))
