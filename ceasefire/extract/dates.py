"""Find date expressions in news text and resolve them against the publication date.

Pure Python over plain text (regular expressions and calendar arithmetic, no spaCy, no
dateparser): it runs on every sentence of large corpora, so the patterns are compiled once
and a cheap pre-filter skips text that cannot hold a date.

How expressions resolve (``published`` = the publication day, "pub"):

* Absolute dates with a year ("November 16, 2021", "16.11.2021", "in 2020", "the 2020
  war") resolve whatever is known about publication.
* A month-day without a year ("Nov. 16", "on 16 November") takes the most recent such day
  not after pub + 1 day (the tolerance absorbs time-zone and late-evening datelines). A bare
  month ("in May", "since May") takes the most recent such month not after pub's month.
  These carry ``relative=False`` (they are calendar dates whose year is implied) and a note.
* Deictic expressions ("on Tuesday", "yesterday", "last night", "last week", "two days
  ago", "last year", "September last year") are ``relative=True``. A weekday is the most
  recent such day on or before pub (the same day counts: a Wednesday article's "on
  Wednesday" is that day).
* Anaphoric expressions ("the next day", "two days later") count from a date given earlier
  in the text, not from publication: they are reported with precision "unknown".
* Nothing is guessed: without a publication date every expression that needs one gives
  ``start=None``, precision "unknown" and a note saying why. When publication is known only
  to the week/month/year, the expression is resolved against the first and the last possible
  publication day; if the two answers differ it is reported as unknown (so "on Tuesday"
  never resolves against a month-precision date, while "last year" does).

Precision of ranges: "day" when both ends are exact days ("November 11-12", "from September
27 till November 10, 2020"); "week" for parts of a month ("late September" = 21st..end, "early"
= 1st..10th, "mid" = 11th..20th) and for weeks; "month" for whole months, parts of a year
("early 2020" = January..April) and seasons; "year" for years, year ranges and decades. The
exact bounds are always in ``start``/``end``; precision names the granularity a reader can
trust.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ceasefire.records import DateValue, Precision

from . import lexicons

__all__ = ["DateMatch", "find_dates", "infer_reference_year", "resolve_expression", "weekdays_named"]

_ONE_DAY = dt.timedelta(days=1)
_TOLERANCE = dt.timedelta(days=1)  # a month-day may be one day after publication (time zones)
_PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}

OPEN_ENDED = "open-ended"  # a date's note: a period up to or from it ("since May 3", "as of Monday")


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in a text: ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    value: DateValue


# ---------------------------------------------------------------------------------------
# Lexicon and patterns (loaded once, lazily)


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    full_months: tuple[str, ...]
    abbr_months: tuple[str, ...]
    weekdays: dict[str, int]
    parts_of_day: tuple[str, ...]
    numbers: dict[str, int]
    vague: dict[str, tuple[int, int]]
    mod_days: dict[str, tuple[int, int]]
    mod_months: dict[str, tuple[int, int]]
    mod_alias: dict[str, str]
    seasons: dict[str, tuple[int, int]]
    preps: frozenset[str]
    open_preps: frozenset[str]
    event_nouns: tuple[str, ...]
    event_adjectives: tuple[str, ...]
    count_nouns: tuple[str, ...]
    quantity_words: frozenset[str]
    weekday_not_before: frozenset[str]
    weekday_not_after: frozenset[str]
    noun_class: dict[str, str]


def _no_comment(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not k.startswith("_")}


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    raw = lexicons.load("dates")
    full = {k.lower(): int(v) for k, v in raw["months"].items()}
    abbr = {k.lower(): int(v) for k, v in raw["month_abbreviations"].items()}
    mods = _no_comment(raw["month_modifiers"])
    return _Lexicon(
        months={**full, **abbr},
        full_months=tuple(full),
        abbr_months=tuple(abbr),
        weekdays={k.lower(): int(v) for k, v in raw["weekdays"].items()},
        parts_of_day=tuple(raw["parts_of_day"]),
        numbers={k.lower(): int(v) for k, v in raw["number_words"].items()},
        vague={k: (int(v[0]), int(v[1])) for k, v in _no_comment(raw["vague_counts"]).items()},
        mod_days={k: (int(v["days"][0]), int(v["days"][1])) for k, v in mods.items()},
        mod_months={k: (int(v["months"][0]), int(v["months"][1])) for k, v in mods.items()},
        mod_alias={k.lower(): v for k, v in _no_comment(raw["modifier_aliases"]).items()},
        seasons={k: (int(v[0]), int(v[1])) for k, v in _no_comment(raw["seasons"]).items()},
        preps=frozenset(w.lower() for w in raw["date_prepositions"]),
        open_preps=frozenset(w.lower() for w in raw["open_ended_prepositions"]),
        event_nouns=tuple(raw["event_nouns"]),
        event_adjectives=tuple(raw["event_noun_adjectives"]),
        count_nouns=tuple(raw["count_nouns"]),
        quantity_words=frozenset(w.lower() for w in raw["quantity_words_before_of"]),
        weekday_not_before=frozenset(w.lower() for w in raw["weekday_not_date_before"]),
        weekday_not_after=frozenset(w.lower() for w in raw["weekday_not_date_after"]),
        noun_class={
            w.lower(): cls for cls, words in _no_comment(raw["event_noun_classes"]).items() for w in words
        },
    )


@lru_cache(maxsize=8192)
def weekdays_named(expression: str) -> frozenset[int]:
    """The weekdays (Monday 0) a date expression names ("late Saturday", "Friday night")."""
    lx = _lexicon()
    words = (w.lower() for w in re.findall(r"[A-Za-z]+", expression))
    return frozenset(lx.weekdays[w] for w in words if w in lx.weekdays)


def _alt(words: tuple[str, ...] | list[str], cased: bool = False) -> str:
    """A regex alternation, longest first; ``cased`` = Title and UPPER forms only.

    Month and weekday names must be capitalised: lower-case "may", "march" are verbs.
    """
    forms: set[str] = set()
    for w in words:
        if cased:
            forms.update({w[:1].upper() + w[1:].lower(), w.upper()})
        else:
            forms.add(w)
    ordered = sorted(forms, key=lambda s: (-len(s), s))
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


@dataclass(frozen=True)
class _Patterns:
    prefilter: re.Pattern[str]
    digit: re.Pattern[str]
    month_gate: re.Pattern[str]
    mdy: re.Pattern[str]
    dmy: re.Pattern[str]
    numeric: re.Pattern[str]
    month_year: re.Pattern[str]
    month_bare: re.Pattern[str]
    weekday: re.Pattern[str]
    dayrel: re.Pattern[str]
    weekend: re.Pattern[str]
    unit: re.Pattern[str]
    past: re.Pattern[str]
    ago: re.Pattern[str]
    anaphoric: re.Pattern[str]
    year: re.Pattern[str]
    decade: re.Pattern[str]
    season: re.Pattern[str]
    event_follow: re.Pattern[str]
    count_follow: re.Pattern[str]
    pod_left: re.Pattern[str]
    mod_left: re.Pattern[str]
    rel_left: re.Pattern[str]
    early_left: re.Pattern[str]
    prev_word: re.Pattern[str]
    link_gap: re.Pattern[str]
    range_gap: re.Pattern[str]
    absorb_gap: re.Pattern[str]
    between_before: re.Pattern[str]
    season_context: re.Pattern[str]
    of_follow: re.Pattern[str]
    cap_word_before: re.Pattern[str]


def _day(name: str) -> str:
    # The suffix is optional; (?!\w) stops "November 160" and "16km".
    return rf"(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w)"


def _year(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d\d)(?!\w)(?![.,]\d)"


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    lx = _lexicon()
    mon_full = _alt(lx.full_months, cased=True)
    mon_abbr = _alt(lx.abbr_months, cased=True)
    # A dot belongs to an abbreviation ("Nov."), never to a full name (sentence full stop).
    # One flat alternation (no nested groups) keeps the engine's first-character skip.
    mon = (
        "(?:"
        + "|".join(
            [rf"{f}(?!\w)" for f in mon_full.split("|")] + [rf"{f}(?!\w)\.?" for f in mon_abbr.split("|")]
        )
        + ")"
    )
    wday = _alt(tuple(lx.weekdays), cased=True)
    pod = _alt(lx.parts_of_day)
    numw = _alt(tuple(lx.numbers))
    mod = (
        r"(?i:early|mid|late|the\s+(?:beginning|start|end|middle|first\s+half|second\s+half)"
        r"\s+of|(?:beginning|start|end|middle)\s+of)"
    )
    rsep = r"\s*(?:-|–|—|/|(?i:to|and|till|until|through)(?!\w))\s*"
    dsep = r"\s*(?:-|–|—|(?i:to|and|till|until)(?!\w))\s*"
    no_num_before = r"(?<![\w.,:/\-–$£€#№])"

    prefilter = re.compile(
        r"\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|night|week|month|year"
        r"|ago|morning|evening|afternoon|spring|summer|autumn|fall|winter|tonight)"
    )
    # Patterns start at their trigger word (month, weekday, digit) so that the regex engine
    # can skip ahead on its first character; optional words before the trigger ("late",
    # "the night of", "last") are read afterwards by the *_left patterns (5x faster).
    mdy = re.compile(
        rf"(?P<mon>{mon})\s*(?P<d1x>{_day('d1')})"
        rf"(?:{rsep}(?P<d2x>{_day('d2')}))?(?:,?\s*(?:of\s+)?{_year('y')})?"
    )
    dmy = re.compile(
        rf"{no_num_before}(?P<d1x>{_day('d1')})(?:{dsep}(?P<d2x>{_day('d2')}))?"
        rf"\s+(?:of\s+)?(?P<mon>{mon})(?:,?\s+{_year('y')})?"
    )
    numeric = re.compile(
        r"(?<![\w.\-/])(?:"
        r"(?P<iy>(?:19|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01])"
        r"|(?P<dd>0?[1-9]|[12]\d|3[01])\.(?P<dm>0?[1-9]|1[0-2])\.(?P<dy>(?:19|20)\d\d)"
        r"|(?P<sa>0?[1-9]|[12]\d|3[01])/(?P<sb>0?[1-9]|[12]\d|3[01])/(?P<sy>(?:19|20)\d\d)"
        r")(?![\w/]|[.\-]\d)"
    )
    month_year = re.compile(
        rf"(?P<mon>{mon})(?:,?\s+(?:of\s+)?{_year('y')}"
        r"|\s+(?:of\s+)?(?P<ry>(?i:this|last|next|the\s+same|the\s+previous|the\s+following"
        r"|the\s+current))\s+(?i:year)(?!\w))"
    )
    month_bare = re.compile(rf"(?P<mon>{mon_full})(?!\w)")
    weekday = re.compile(rf"(?P<wd>{wday})(?!\w)(?:(?=['’]s)|\s+(?P<pod>(?i:{pod}))(?!\w))?")
    dayrel = re.compile(
        r"(?i:\b(?P<w>the\s+day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|overnight"
        r"|last\s+evening|this\s+(?:morning|afternoon|evening)|(?:earlier|later)\s+today)"
        rf"(?!\w)(?:\s+(?P<pod>{pod})(?!\w))?)"
    )
    weekend = re.compile(r"(?i:\b(?:over|at|during|on)\s+(?P<w>the\s+weekend)(?!\w))")
    unit = re.compile(
        r"(?i:\b(?:(?P<sub>earlier|later|early|late|mid|the\s+(?:beginning|start|end|middle)"
        r"\s+of|(?:beginning|start|end|middle)\s+of)[\s-]+(?:in\s+)?)?(?P<rel>last|this|next"
        r"|coming)\s+(?P<unit>week|month|year|weekend)(?!\w))"
    )
    vague = r"a\s+few|few|several|a\s+couple\s+of|couple\s+of"
    past = re.compile(
        rf"(?i:\bthe\s+(?:past|last)\s+(?:(?P<n>\d{{1,3}}|{vague}|{numw})\s+)?"
        r"(?P<unit>days?|weeks?|months?|years?|hours?)(?!\w)"
        r"|\b(?P<recent>recent|coming)\s+(?P<unit2>days|weeks|months)(?!\w))"
    )
    ago = re.compile(
        rf"(?i:\b(?P<n>\d{{1,3}}|{vague}|{numw})\s+(?P<unit>days?|weeks?|months?|years?"
        r"|decades?|hours?)\s+ago(?!\w))"
    )
    anaphoric = re.compile(
        r"(?i:\b(?:the\s+(?:previous|following|next|same|preceding)\s+(?:day|night|morning"
        r"|evening|afternoon|week|weekend|month|year)|the\s+(?:day|night|week|month|year)\s+"
        rf"(?:before|after)|(?:\d{{1,3}}|{numw})\s+(?:days?|weeks?|months?|years?)\s+"
        r"(?:later|earlier|before|after)|that\s+(?:day|night|morning|evening|afternoon|week"
        r"|month|year))(?!\w))"
    )
    year = re.compile(
        r"(?<![\w.,:/$£€#№])(?P<y>(?:19|20)\d\d)(?!\w)(?![.,]\d)"
        r"(?:\s*(?:-|–|—|/)\s*(?P<y2>(?:19|20)\d\d|\d\d)(?!\w))?"
    )
    decade = re.compile(r"(?<![\w.,])(?P<dec>(?:19|20)\d0)['’]?s(?!\w)")
    season = re.compile(
        r"(?i:\b(?P<season>spring|summer|autumn|fall|winter)(?!\w))"
        rf"(?:\s*,?\s*(?:(?i:of)\s+)?{_year('y')})?"
    )
    adjs = _alt(lx.event_adjectives)
    nouns = _alt(lx.event_nouns)
    event_follow = re.compile(
        rf"(?:['’]s)?\s+(?:(?:(?i:{adjs})|[A-Z][\w-]*|\d+-\w+)\s+){{0,3}}(?i:{nouns})(?!\w)"
    )
    count_follow = re.compile(
        rf"\s*[-–]\s*[A-Za-z]|\s+(?i:{_alt(lx.count_nouns)})(?!\w)|\s*%|\s+(?i:per\s+cent)"
    )
    return _Patterns(
        prefilter=prefilter,
        digit=re.compile(r"\d"),
        month_gate=re.compile(mon),
        mdy=mdy,
        dmy=dmy,
        numeric=numeric,
        month_year=month_year,
        month_bare=month_bare,
        weekday=weekday,
        dayrel=dayrel,
        weekend=weekend,
        unit=unit,
        past=past,
        ago=ago,
        anaphoric=anaphoric,
        year=year,
        decade=decade,
        season=season,
        event_follow=event_follow,
        count_follow=count_follow,
        pod_left=re.compile(rf"(?i:\b(?:the\s+)?(?P<pod>{pod})\s+(?:of|from)\s+)\Z"),
        mod_left=re.compile(rf"(?<![\w-])(?P<mod>{mod})(?:\s+|\s*[-–]\s*)\Z"),
        rel_left=re.compile(r"(?i:\b(?P<rel>this\s+past|this\s+coming|last|this|next|past|coming)\s+)\Z"),
        early_left=re.compile(r"(?i:\b(?P<el>early|late)(?:\s+on)?\s+)\Z"),
        prev_word=re.compile(r"\b(as\s+of|[A-Za-z]+)[\s,]*\Z", re.IGNORECASE),
        link_gap=re.compile(r"\s*(?:,|-|–|—|(?i:and|or|to|till|until|through|,\s*and))\s*"),
        range_gap=re.compile(r"\s*(?:-|–|—|(?i:to|till|until|through|thru|and))\s*"),
        absorb_gap=re.compile(r"\s*,?\s*\(?\s*"),
        between_before=re.compile(r"(?i:\bbetween\s+)\Z"),
        season_context=re.compile(
            r"(?i:\b(?:in|during|over|since|by|until|till|through|throughout|before|after)"
            r"\s+the\s+)\Z"
        ),
        of_follow=re.compile(r"\s+of\b"),
        cap_word_before=re.compile(r"[A-Z][\w.]*\s+\Z"),
    )


# ---------------------------------------------------------------------------------------
# Parsed expressions before resolution


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    kind: str  # cal year decade season weekday dayrel weekend unit past ago anaphoric range
    year: int | None = None
    year2: int | None = None
    month: int | None = None
    day: int | None = None
    day2: int | None = None
    mod: str = ""  # early | mid | late | earlier | later
    rel: str = ""  # last | this | next (before a month, weekday, season or unit)
    yrel: int | None = None  # year offset: "September last year" -> -1
    anaphoric_year: bool = False  # "September of the same year"
    unit: str = ""
    n: tuple[int, int] = (0, 0)
    weekday: int = -1
    offset: int = 0  # dayrel: days from publication
    pod: str = ""  # part of day, kept as a note
    prep: str = ""  # the preposition just before, lower case
    weak: bool = False  # a bare month/year/season that needs a date context to count
    note: str = ""
    parts: tuple[_Atom, ...] = ()  # a range's two ends


@dataclass(frozen=True)
class _Res:
    start: dt.date
    end: dt.date
    precision: Precision
    note: str = ""


def _prev_word(text: str, start: int) -> str:
    m = _patterns().prev_word.search(text, max(0, start - 30), start)
    return " ".join(m.group(1).lower().split()) if m else ""


def _days_in_month(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    if not 1 <= m <= 12 or not 1 <= d <= _days_in_month(y, m):
        return None
    return dt.date(y, m, d)


def _valid_day(m: int, d: int, y: int | None) -> bool:
    return _safe_date(y if y is not None else 2000, m, d) is not None  # 2000: leap year


def _norm_mod(s: str | None) -> str:
    if not s:
        return ""
    key = re.sub(r"[\s-]+", " ", s.lower()).strip()
    return _lexicon().mod_alias.get(key, key)


def _count(s: str | None) -> tuple[int, int]:
    if not s:
        return (1, 1)
    key = re.sub(r"\s+", " ", s.lower())
    lx = _lexicon()
    if key.isdigit():
        return (int(key), int(key))
    if key in lx.vague:
        return lx.vague[key]
    v = lx.numbers.get(key, 1)
    return (v, v)


def _ry_offset(s: str) -> tuple[int | None, bool]:
    key = re.sub(r"\s+", " ", s.lower())
    if key in ("this", "the current"):
        return 0, False
    if key == "last":
        return -1, False
    if key == "next":
        return 1, False
    return None, True  # the same / the previous / the following: anaphoric


# ---------------------------------------------------------------------------------------
# Candidate builders


def _left(pat: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    """A prefix pattern (ending in \\Z) that ends exactly where a match starts."""
    return pat.search(text, max(0, start - 40), start)


def _norm_rel(s: str) -> str:
    rel = re.sub(r"\s+", " ", s.lower())
    return {"this past": "last", "past": "last", "this coming": "next", "coming": "next"}.get(rel, rel)


def _qualifier(text: str, start: int, *, rel: bool = True) -> tuple[int, str, str]:
    """A match starting at ``start`` with the modifier right before it ("early", "late") or, when
    ``rel`` and there is none, the relative word ("last", "next"): (new start, mod, rel)."""
    p = _patterns()
    ml = _left(p.mod_left, text, start)
    if ml:
        return ml.start(), _norm_mod(ml.group("mod")), ""
    rl = _left(p.rel_left, text, start) if rel else None
    if rl:
        return rl.start(), "", _norm_rel(rl.group("rel"))
    return start, "", ""


def _build_calendar(text: str, has_digit: bool) -> list[_Atom]:
    p = _patterns()
    lx = _lexicon()
    out: list[_Atom] = []
    for pat in (p.mdy, p.dmy) if has_digit else ():
        for m in pat.finditer(text):
            mon = lx.months[m.group("mon").rstrip(".").lower()]
            y = int(m.group("y")) if m.group("y") else None
            d1 = int(m.group("d1"))
            if not _valid_day(mon, d1, y):
                continue
            end = m.end()
            d2: int | None = int(m.group("d2")) if m.group("d2") else None
            if d2 is not None and (d2 <= d1 or not _valid_day(mon, d2, y)):
                if pat is p.dmy:
                    continue  # "5-3 May" is not a date range
                d2, end, y = None, m.end("d1x"), None
            start, pod = m.start(), ""
            pl = _left(p.pod_left, text, start)
            if pl:
                start, pod = pl.start(), pl.group("pod").lower()
            out.append(
                _Atom(
                    start,
                    end,
                    "cal",
                    year=y,
                    month=mon,
                    day=d1,
                    day2=d2,
                    pod=pod,
                    prep=_prev_word(text, start),
                )
            )
    for m in p.numeric.finditer(text) if has_digit else ():
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
        elif m.group("dy"):
            y, mo, d = int(m.group("dy")), int(m.group("dm")), int(m.group("dd"))
        else:
            a, b, y = int(m.group("sa")), int(m.group("sb")), int(m.group("sy"))
            if a > 12 >= b or a == b:
                d, mo = a, b
            elif b > 12 >= a:
                d, mo = b, a
            else:
                # 03/04/2021: day-first and month-first writers both exist; never guess.
                out.append(_Atom(m.start(), m.end(), "ambiguous", note="day/month order ambiguous"))
                continue
        if _safe_date(y, mo, d) is not None:
            out.append(_Atom(m.start(), m.end(), "cal", year=y, month=mo, day=d))
    for m in p.month_year.finditer(text) if has_digit or "year" in text else ():
        mon = lx.months[m.group("mon").rstrip(".").lower()]
        start, modn, _ = _qualifier(text, m.start(), rel=False)
        prep = _prev_word(text, start)
        if m.group("y"):
            out.append(_Atom(start, m.end(), "cal", year=int(m.group("y")), month=mon, mod=modn, prep=prep))
        else:
            off, anaph = _ry_offset(m.group("ry"))
            out.append(
                _Atom(start, m.end(), "cal", month=mon, mod=modn, yrel=off, anaphoric_year=anaph, prep=prep)
            )
    for m in p.month_bare.finditer(text):
        mon = lx.months[m.group("mon").lower()]
        start, modn, rel = _qualifier(text, m.start())
        prep = _prev_word(text, start)
        weak = not modn and not rel and prep not in lx.preps
        out.append(_Atom(start, m.end(), "cal", month=mon, mod=modn, rel=rel, prep=prep, weak=weak))
    return out


def _build_years(text: str) -> list[_Atom]:
    p = _patterns()
    lx = _lexicon()
    out: list[_Atom] = []
    for m in p.year.finditer(text):
        y = int(m.group("y"))
        y2: int | None = None
        end = m.end()
        if m.group("y2"):
            raw = m.group("y2")
            y2 = int(raw) if len(raw) == 4 else (y // 100) * 100 + int(raw)
            if y2 <= y:
                y2, end = None, m.end("y")
        if y2 is None and p.count_follow.match(text, end):
            continue  # "2000 soldiers", "2000-strong", "1990 km"
        start, modn, _ = _qualifier(text, m.start(), rel=False)
        if start == m.start() > 0 and text[start - 1] in "-–":  # no modifier before it
            continue  # "10-2020", "No-2020": a code or a run of numbers, not a year
        prep = _prev_word(text, start)
        if prep == "of" and _prev_word(text, start - len("of ") - 1) in lx.quantity_words:
            continue  # "a total of 2000"
        strong = bool(modn) or prep in lx.preps or bool(p.event_follow.match(text, end))
        out.append(_Atom(start, end, "year", year=y, year2=y2, mod=modn, prep=prep, weak=not strong))
    for m in p.decade.finditer(text):
        if m.group(0)[-2] in "'’" and p.event_follow.match(text, m.end()):
            continue  # "2020's war" is the year's war, not the 2020s
        start, modn, _ = _qualifier(text, m.start(), rel=False)
        out.append(_Atom(start, m.end(), "decade", year=int(m.group("dec")), mod=modn))
    return out


def _build_seasons(text: str) -> list[_Atom]:
    p = _patterns()
    out: list[_Atom] = []
    for m in p.season.finditer(text):
        y = int(m.group("y")) if m.group("y") else None
        start, modn, rel = _qualifier(text, m.start())
        season = m.group("season").lower()
        if y is None and not rel:
            if season in ("fall", "spring") and p.of_follow.match(text, m.end()):
                continue  # "the fall of Brenk"
            if not p.season_context.search(text, max(0, start - 30), start):
                continue
        if (
            m.group("season")[0].isupper()
            and y is not None
            and p.cap_word_before.search(text, max(0, start - 30), start)
        ):
            continue  # "Arab Spring 2011": a name, not a season
        out.append(
            _Atom(
                start, m.end(), "season", year=y, unit=season, rel=rel, mod=modn, prep=_prev_word(text, start)
            )
        )
    return out


def _build_relative(text: str, lower: str) -> list[_Atom]:
    p = _patterns()
    lx = _lexicon()
    out: list[_Atom] = []
    has_day = "day" in lower
    for m in p.weekday.finditer(text) if has_day else ():
        start = m.start()
        if _prev_word(text, start) in lx.weekday_not_before:
            continue  # "Good Friday", "Bloody Sunday": names of events, dated elsewhere
        after = re.match(r"\s+([A-Z]\w+)", text[m.end("wd") : m.end("wd") + 20])
        if after and after.group(1).lower() in lx.weekday_not_after:
            continue  # "Sunday Times"
        rel = ""
        rl = _left(p.rel_left, text, start)
        if rl:
            start, rel = rl.start(), _norm_rel(rl.group("rel"))
            rel = "" if rel == "this" else rel
        pod = (m.group("pod") or "").lower()
        pl = _left(p.pod_left, text, start)
        el = None if pl else _left(p.early_left, text, start)
        if pl:
            start, pod = pl.start(), pl.group("pod").lower()
        elif el:
            start, pod = el.start(), el.group("el").lower()
        out.append(
            _Atom(
                start,
                m.end(),
                "weekday",
                weekday=lx.weekdays[m.group("wd").lower()],
                rel=rel,
                pod=pod,
                prep=_prev_word(text, start),
            )
        )
    if has_day or "night" in lower or "this" in lower:
        for m in p.dayrel.finditer(text):
            w = re.sub(r"\s+", " ", m.group("w").lower())
            if m.group("w") == "Today" and p.cap_word_before.search(text, max(0, m.start() - 30), m.start()):
                # A capitalised "Today" after a capitalised word is an outlet's name
                # ("Valdoria Today", "USA Today"); prose writes "Valdoria today".
                continue
            offset = {
                "yesterday": -1,
                "the day before yesterday": -2,
                "last night": -1,
                "last evening": -1,
            }.get(w, 0)
            pod = (m.group("pod") or "").lower()
            note = ""
            if w in ("last night", "last evening"):
                note = "the night before publication (may run into it)"
            elif w.startswith("this "):
                pod = w.split()[1]
            elif w == "tonight":
                pod, note = "night", "the night of publication day"
            elif w == "overnight":
                # "killed seven overnight" in the morning's report: the night that ran into the
                # publication day, whose date it takes (as "this morning")
                pod, note = "night", "the night before publication, into its day"
            out.append(_Atom(m.start(), m.end(), "dayrel", offset=offset, pod=pod, note=note))
    if "weekend" in lower:
        for m in p.weekend.finditer(text):
            out.append(_Atom(m.start("w"), m.end("w"), "weekend", rel=""))
    if "week" in lower or "month" in lower or "year" in lower:
        for m in p.unit.finditer(text):
            if p.of_follow.match(text, m.end()):
                continue  # "the last week of September"
            rel = m.group("rel").lower()
            rel = "next" if rel == "coming" else rel
            kind = "weekend" if m.group("unit").lower() == "weekend" else "unit"
            out.append(
                _Atom(
                    m.start(),
                    m.end(),
                    kind,
                    rel=rel,
                    unit=m.group("unit").lower(),
                    mod=_norm_mod(m.group("sub")),
                )
            )
    if "past" in lower or "last" in lower or "recent" in lower or "coming" in lower:
        for m in p.past.finditer(text):
            if p.of_follow.match(text, m.end()):
                continue
            if m.group("recent"):
                unit = m.group("unit2").lower().rstrip("s")
                rel = "next" if m.group("recent").lower() == "coming" else "last"
                n = lx.vague["several"] if unit == "day" else (1, 1)
                out.append(_Atom(m.start(), m.end(), "past", unit=unit, n=n, rel=rel))
            else:
                unit = m.group("unit").lower().rstrip("s")
                out.append(_Atom(m.start(), m.end(), "past", unit=unit, n=_count(m.group("n")), rel="last"))
    if "ago" in lower:
        for m in p.ago.finditer(text):
            out.append(
                _Atom(
                    m.start(),
                    m.end(),
                    "ago",
                    unit=m.group("unit").lower().rstrip("s"),
                    n=_count(m.group("n")),
                )
            )
    for m in p.anaphoric.finditer(text):
        out.append(_Atom(m.start(), m.end(), "anaphoric"))
    return out


# ---------------------------------------------------------------------------------------
# Selection and merging


def _select(cands: list[_Atom]) -> list[_Atom]:
    """Longest match wins; ties go to the earlier one."""
    chosen: list[_Atom] = []
    for a in sorted(cands, key=lambda a: (-(a.end - a.start), a.start)):
        if all(a.end <= c.start or a.start >= c.end for c in chosen):
            chosen.append(a)
    return sorted(chosen, key=lambda a: a.start)


def _drop_unlinked_weak(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """A bare month/year without a date preposition counts only inside a list or range
    of dates ("in July and September", "from 1988 to 1994")."""
    gap = _patterns().link_gap
    kept: list[_Atom] = []
    for a in atoms:
        if a.weak:
            prev = kept[-1] if kept else None
            # a bare year joins a year or a dated day; a bare month joins a calendar date
            same_family = prev is not None and (
                (a.kind == "year" and (prev.kind == "year" or prev.year is not None))
                or (a.kind == "cal" and prev.kind == "cal")
            )
            if not (prev is not None and same_family and gap.fullmatch(text, prev.end, a.start)):
                continue
        kept.append(a)
    return kept


def _has_year(a: _Atom) -> bool:
    return a.year is not None or a.yrel is not None


def _propagate_year(a: _Atom, b: _Atom) -> tuple[_Atom, _Atom]:
    """'September 27 till November 10, 2020': the first end takes the second's year."""
    if a.kind != "cal" or b.kind != "cal" or a.month is None or b.month is None:
        return a, b
    if a.rel or b.rel:
        return a, b
    a_key, b_key = (a.month, a.day or 1), (b.month, b.day or 1)
    if not _has_year(a) and _has_year(b):
        back = 1 if a_key > b_key else 0
        if b.year is not None:
            return replace(a, year=b.year - back), b
        assert b.yrel is not None
        return replace(a, yrel=b.yrel - back, anaphoric_year=b.anaphoric_year), b
    if _has_year(a) and not _has_year(b) and a.year is not None:
        fwd = 1 if b_key < a_key else 0
        return a, replace(b, year=a.year + fwd)
    return a, b


def _merge(text: str, atoms: list[_Atom]) -> list[_Atom]:
    p = _patterns()
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if (
            b is not None
            and a.kind == "weekday"
            and not a.rel
            and b.kind == "cal"
            and b.day is not None
            and p.absorb_gap.fullmatch(text, a.end, b.start)
        ):
            # "Tuesday, November 16": the calendar date rules; the weekday is a check.
            out.append(replace(b, start=a.start, weekday=a.weekday, pod=b.pod or a.pod, prep=a.prep))
            i += 2
            continue
        if b is not None and a.kind == b.kind and a.kind in ("cal", "year", "weekday"):
            gap = p.range_gap.fullmatch(text, a.end, b.start)
            is_and = gap is not None and text[a.end : b.start].strip().lower() == "and"
            if gap and (not is_and or p.between_before.search(text, 0, a.start)):
                a2, b2 = _propagate_year(a, b)
                out.append(_Atom(a.start, b.end, "range", parts=(a2, b2), prep=a.prep))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# ---------------------------------------------------------------------------------------
# Resolution


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, _days_in_month(y, m))


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _precision_for(start: dt.date, end: dt.date) -> Precision:
    days = (end - start).days + 1
    if days <= 2:
        return "day"  # a night or a 24-hour window straddles two dates
    if days <= 14:
        return "week"
    if days <= 92:
        return "month"
    return "year"


def _needs_ref(a: _Atom) -> bool:
    if a.kind == "range":
        return any(_needs_ref(x) for x in a.parts)
    if a.kind in ("cal", "season"):
        return a.year is None
    return a.kind not in ("year", "decade", "anaphoric", "ambiguous")


def _is_deictic(a: _Atom) -> bool:
    """Counted from the moment of writing ('yesterday', 'last year'), not a calendar date
    whose year is merely implied ('January 12', 'in May')."""
    if a.kind == "range":
        return any(_is_deictic(x) for x in a.parts)
    if a.kind in ("cal", "season"):
        return a.year is None and (a.yrel is not None or bool(a.rel) or a.anaphoric_year)
    return a.kind in ("weekday", "dayrel", "weekend", "unit", "past", "ago", "anaphoric")


def _month_range(y: int, m: int, mod: str) -> _Res:
    if mod in ("early", "mid", "late"):
        lo, hi = _lexicon().mod_days[mod]
        last = _days_in_month(y, m)
        return _Res(dt.date(y, m, min(lo, last)), dt.date(y, m, min(hi, last)), "week")
    return _Res(dt.date(y, m, 1), _month_end(y, m), "month")


def _year_range(y: int, mod: str) -> _Res:
    if mod in ("early", "mid", "late"):
        lo, hi = _lexicon().mod_months[mod]
        return _Res(dt.date(y, lo, 1), _month_end(y, hi), "month")
    return _Res(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _resolve_cal(a: _Atom, ref: dt.date | None) -> _Res | None:
    assert a.month is not None
    y = a.year
    note = a.note
    if y is None:
        if ref is None or a.anaphoric_year:
            return None
        if a.yrel is not None:
            y = ref.year + a.yrel
        elif a.rel == "last":
            y = ref.year if a.month < ref.month else ref.year - 1
        elif a.rel == "next":
            y = ref.year if a.month > ref.month else ref.year + 1
        elif a.rel == "this":
            y = ref.year
        elif a.day is not None:
            limit = ref + _TOLERANCE
            for cand in range(ref.year + 1, ref.year - 5, -1):
                d = _safe_date(cand, a.month, a.day)
                if d is not None and d <= limit:
                    y = cand
                    break
            if y is None:
                return None
            note = "year from publication date (most recent such day)"
        else:
            y = ref.year if a.month <= ref.month else ref.year - 1
            note = "year from publication date (most recent such month)"
    if a.day is not None:
        start = _safe_date(y, a.month, a.day)
        end = _safe_date(y, a.month, a.day2) if a.day2 is not None else start
        if start is None or end is None:
            return None
        res = _Res(start, end, "day", note)
    else:
        r = _month_range(y, a.month, a.mod)
        res = _Res(r.start, r.end, r.precision, note)
    if a.weekday >= 0 and res.start.weekday() != a.weekday:
        res = replace(res, note=_join(res.note, "named weekday does not match the date"))
    return res


def _season_instance(y: int, season: str) -> tuple[dt.date, dt.date]:
    lo, hi = _lexicon().seasons[season]
    end_year = y if hi >= lo else y + 1
    return dt.date(y, lo, 1), _month_end(end_year, hi)


def _resolve_season(a: _Atom, ref: dt.date | None) -> _Res | None:
    y = a.year
    if y is None:
        if ref is None:
            return None
        cands = [(yy, *_season_instance(yy, a.unit)) for yy in range(ref.year - 2, ref.year + 2)]
        if a.rel == "last":
            y = max(yy for yy, _s, e in cands if e < ref)
        elif a.rel == "next":
            y = min(yy for yy, s, _e in cands if s > ref)
        elif a.rel == "this":
            inside = [yy for yy, s, e in cands if s <= ref <= e]
            y = inside[0] if inside else ref.year
        else:
            y = max(yy for yy, s, _e in cands if s <= ref)
    start, end = _season_instance(y, a.unit)
    note = "winter taken as December to February" if a.unit == "winter" else ""
    if a.year is None and not a.rel:
        note = _join(note, "year from publication date (most recent such season)")
    if a.mod in ("early", "mid", "late"):
        months = [_shift_month(start.year, start.month, k) for k in range(3)]
        yy, mm = months[{"early": 0, "mid": 1, "late": 2}[a.mod]]
        start, end = dt.date(yy, mm, 1), _month_end(yy, mm)
    return _Res(start, end, "month", note)


def _resolve_unit(a: _Atom, ref: dt.date) -> _Res:
    off = {"last": -1, "this": 0, "next": 1}[a.rel]
    mod = a.mod
    if a.unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=off)
        sunday = monday + dt.timedelta(days=6)
        if mod == "earlier" and off == 0:
            return _Res(monday, ref, "week")
        if mod == "later" and off == 0:
            return _Res(ref, sunday, "week")
        part = {"early": (0, 2), "earlier": (0, 2), "mid": (1, 3), "late": (3, 6), "later": (3, 6)}.get(mod)
        if part:
            return _Res(monday + dt.timedelta(days=part[0]), monday + dt.timedelta(days=part[1]), "week")
        return _Res(monday, sunday, "week")
    if a.unit == "month":
        y, m = _shift_month(ref.year, ref.month, off)
        if mod == "earlier" and off == 0:
            return _Res(dt.date(y, m, 1), ref, "month")
        if mod == "later" and off == 0:
            return _Res(ref, _month_end(y, m), "month")
        return _month_range(y, m, {"earlier": "early", "later": "late"}.get(mod, mod))
    y = ref.year + off
    if mod == "earlier" and off == 0:
        return _Res(dt.date(y, 1, 1), ref, "year")
    if mod == "later" and off == 0:
        return _Res(ref, dt.date(y, 12, 31), "year")
    return _year_range(y, {"earlier": "early", "later": "late"}.get(mod, mod))


def _resolve_weekend(a: _Atom, ref: dt.date) -> _Res:
    monday = ref - dt.timedelta(days=ref.weekday())
    sat = monday + dt.timedelta(days=5)
    if a.rel == "last" or (not a.rel and sat > ref):
        sat -= dt.timedelta(weeks=1)
    elif a.rel == "next":
        sat += dt.timedelta(weeks=1)
    return _Res(sat, sat + _ONE_DAY, "week")


_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}


def _resolve_past(a: _Atom, ref: dt.date) -> _Res:
    _lo, hi = a.n
    span = max(1, round(hi * _UNIT_DAYS[a.unit]))
    if a.rel == "next":
        start, end = ref, ref + dt.timedelta(days=span)
    else:
        start, end = ref - dt.timedelta(days=span), ref
    return _Res(
        start,
        end,
        _precision_for(start, end),
        "a window ending at publication" if a.rel != "next" else "a window starting at publication",
    )


def _resolve_ago(a: _Atom, ref: dt.date) -> _Res:
    lo, hi = a.n
    if a.unit in ("hour", "day"):
        per = 1 / 24 if a.unit == "hour" else 1
        start = ref - dt.timedelta(days=int(hi * per))
        end = ref - dt.timedelta(days=int(lo * per))
        return _Res(start, end, _precision_for(start, end))
    if a.unit == "week":
        first = ref - dt.timedelta(weeks=hi)
        last = ref - dt.timedelta(weeks=lo)
        start = first - dt.timedelta(days=first.weekday())
        end = last - dt.timedelta(days=last.weekday()) + dt.timedelta(days=6)
        return _Res(start, end, "week" if lo == hi else _precision_for(start, end))
    if a.unit == "month":
        y1, m1 = _shift_month(ref.year, ref.month, -hi)
        y2, m2 = _shift_month(ref.year, ref.month, -lo)
        return _Res(dt.date(y1, m1, 1), _month_end(y2, m2), "month")
    per_year = 10 if a.unit == "decade" else 1
    note = "approximate" if a.unit == "decade" else ""
    return _Res(
        dt.date(ref.year - hi * per_year, 1, 1), dt.date(ref.year - lo * per_year, 12, 31), "year", note
    )


def _resolve(a: _Atom, ref: dt.date | None) -> _Res | None:
    """Resolve against one concrete publication day (``None`` = unknown)."""
    if a.kind == "cal":
        return _resolve_cal(a, ref)
    if a.kind == "season":
        return _resolve_season(a, ref)
    if a.kind == "year":
        assert a.year is not None
        if a.year2 is not None:
            return _Res(dt.date(a.year, 1, 1), dt.date(a.year2, 12, 31), "year")
        return _year_range(a.year, a.mod)
    if a.kind == "decade":
        assert a.year is not None
        lo, hi = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}.get(a.mod, (0, 9))
        return _Res(dt.date(a.year + lo, 1, 1), dt.date(a.year + hi, 12, 31), "year")
    if a.kind == "range":
        first, second = (_resolve(x, ref) for x in a.parts)
        if first is None or second is None:
            return None
        start, end = first.start, second.end
        if start > end and a.parts[0].kind == "cal" and a.parts[0].year is None:
            # both ends took their year from publication and crossed New Year
            start = _safe_date(start.year - 1, start.month, start.day) or start
        if start > end:
            return None
        prec = max(first.precision, second.precision, key=lambda p: _PRECISION_RANK[p])
        return _Res(start, end, prec, _join(first.note, second.note))
    if ref is None:
        return None
    if a.kind == "weekday":
        delta = (ref.weekday() - a.weekday) % 7
        if a.rel == "last":
            d = ref - dt.timedelta(days=delta or 7)
        elif a.rel == "next":
            d = ref + dt.timedelta(days=(a.weekday - ref.weekday()) % 7 or 7)
        else:
            d = ref - dt.timedelta(days=delta)
        return _Res(d, d, "day", "" if a.rel else "most recent such weekday on or before publication")
    if a.kind == "dayrel":
        d = ref + dt.timedelta(days=a.offset)
        return _Res(d, d, "day", a.note)
    if a.kind == "weekend":
        return _resolve_weekend(a, ref)
    if a.kind == "unit":
        return _resolve_unit(a, ref)
    if a.kind == "past":
        return _resolve_past(a, ref)
    if a.kind == "ago":
        return _resolve_ago(a, ref)
    return None


def _join(*notes: str) -> str:
    seen: list[str] = []
    for n in notes:
        if n and n not in seen:
            seen.append(n)
    return "; ".join(seen)


def _pub_bounds(published: dt.date | None, pub_precision: str) -> tuple[dt.date, dt.date] | None:
    if published is None or pub_precision == "unknown":
        return None
    if isinstance(published, dt.datetime):
        published = published.date()
    if pub_precision == "week":
        return published, published + dt.timedelta(days=6)
    if pub_precision == "month":
        return published.replace(day=1), _month_end(published.year, published.month)
    if pub_precision == "year":
        return dt.date(published.year, 1, 1), dt.date(published.year, 12, 31)
    return published, published


def _evaluate(a: _Atom, expr: str, bounds: tuple[dt.date, dt.date] | None, pub_precision: str) -> DateValue:
    relative = _is_deictic(a)
    extra = _join(a.pod, f"{OPEN_ENDED} ({a.prep})" if a.prep in _lexicon().open_preps else "")

    def unknown(note: str) -> DateValue:
        return DateValue(None, None, "unknown", expr, relative, _join(note, a.note))

    if a.kind == "anaphoric" or (a.kind == "cal" and a.anaphoric_year and a.year is None):
        return unknown("anaphoric: counted from a date given earlier in the text")
    if a.kind == "ambiguous":
        return unknown("")
    if not _needs_ref(a):
        r = _resolve(a, None)
        if r is None:
            return unknown("invalid date")
        return DateValue(r.start, r.end, r.precision, expr, relative, _join(r.note, extra))
    if bounds is None:
        implied_year = not relative and a.kind in ("cal", "season", "range")
        return unknown(
            "year unknown: publication date unknown" if implied_year else "publication date unknown"
        )
    lo, hi = _resolve(a, bounds[0]), _resolve(a, bounds[1])
    if lo is None or hi is None:
        return unknown("could not resolve against the publication date")
    if (lo.start, lo.end, lo.precision) != (hi.start, hi.end, hi.precision):
        return unknown(f"ambiguous: publication date known only to the {pub_precision}")
    return DateValue(lo.start, lo.end, lo.precision, expr, relative, _join(lo.note, extra))


# ---------------------------------------------------------------------------------------
# Public interface


def _atoms(text: str) -> list[_Atom]:
    if not _patterns().prefilter.search(text):
        return []
    p = _patterns()
    has_digit = p.digit.search(text) is not None
    cands: list[_Atom] = []
    if has_digit or p.month_gate.search(text):
        cands += _build_calendar(text, has_digit)
    if has_digit:
        cands += _build_years(text)
    cands += _build_seasons(text)
    cands += _build_relative(text, text.lower())
    if not cands:
        return []
    atoms = _drop_unlinked_weak(text, _select(cands))
    if len(atoms) > 1:
        # "struck overnight Monday", "overnight into Tuesday": the day named says which night
        atoms = [a for a in atoms if text[a.start : a.end].lower() != "overnight"]
    return _merge(text, atoms)


def find_dates(text: str, published: dt.date | None, *, pub_precision: str = "day") -> list[DateMatch]:
    """Every date expression in ``text``, resolved against ``published``, sorted by start.

    ``pub_precision`` is the precision of ``published`` ("day", "week", "month", "year" or
    "unknown"); expressions whose value would depend on the unknown part are reported with
    precision "unknown" and a note instead of a guess.
    """
    bounds = _pub_bounds(published, pub_precision)
    out: list[DateMatch] = []
    for a in _atoms(text):
        expr = text[a.start : a.end]
        out.append(DateMatch(a.start, a.end, expr, _evaluate(a, expr, bounds, pub_precision)))
    return out


def resolve_expression(
    expr: str, published: dt.date | None, *, pub_precision: str = "day"
) -> DateValue | None:
    """Resolve one expression ("on Tuesday", "late September last year"); ``None`` when it
    holds no date. With several dates in ``expr`` the longest one is returned."""
    matches = find_dates(expr, published, pub_precision=pub_precision)
    if not matches:
        return None
    best = max(matches, key=lambda m: (m.end - m.start, -m.start))
    return best.value


# ---------------------------------------------------------------------------------------
# Reference year from the text itself


@lru_cache(maxsize=1)
def _inference_patterns() -> tuple[
    re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]
]:
    lx = _lexicon()
    nouns = _alt(lx.event_nouns)
    adj = rf"(?:(?:(?i:{_alt(lx.event_adjectives)})|[A-Z][\w-]*|\d+-\w+)\s+)"
    # "the 2020 war", "the 2020 Tolvar war"
    explicit_before = re.compile(
        rf"(?<![\w\-–/])(?P<y>(?:19|20)\d\d)(?!\w)(?:['’]s)?\s+{adj}{{0,3}}(?P<n>(?i:{nouns}))\b"
    )
    # the year of "the war of 2020", "the war that broke out on September 27, 2020"
    year_only = re.compile(r"(?<![\w\-–/])(?P<y>(?:19|20)\d\d)(?!\w)")
    # "last year's war", "this year's elections"
    rel_before = re.compile(rf"(?i:\b(?P<r>last|this|past)\s+year['’]s)\s+{adj}{{0,3}}(?P<n>(?i:{nouns}))\b")
    # the "last year" of "a six-week war last year"
    rel_only = re.compile(r"(?i:\b(?P<r>last|this)\s+year)(?!['’\w])")
    noun = re.compile(rf"\b(?P<n>(?i:{nouns}))\b")
    return explicit_before, year_only, rel_before, rel_only, noun


def _noun_before(text: str, pos: int, window: int) -> str | None:
    """The event noun nearest before ``pos`` in the same sentence, within ``window`` chars."""
    lo = max(0, pos - window)
    stop = max(text.rfind(c, lo, pos) for c in ".;!?")
    last = None
    for m in _inference_patterns()[4].finditer(text, max(lo, stop + 1), pos):
        last = m.group("n")
    return last


def _noun_key(noun: str) -> str:
    n = noun.lower().replace("’", "'")
    cls = _lexicon().noun_class.get(n)
    if cls:
        return cls
    n = n.removesuffix("'s")
    return n[:-1] if n.endswith("s") and not n.endswith("ss") else n


def _singular(noun: str) -> bool:
    n = noun.lower().replace("’", "'")
    return not n.endswith("s") or n.endswith(("'s", "sis", "sus", "dus"))


def infer_reference_year(text: str) -> int | None:
    """The year the text was written in, when its own words pin it down; else ``None``.

    Strong evidence only: one event named both with an explicit year ("the 2020 war", "the
    war that began on September 27, 2020") and, in another sentence, relative to the moment
    of writing ("last year's war", "a six-week war last year", "this year's elections").
    Each such pair implies a reference year (explicit year - offset).

    Kept conservative because a wrong year silently shifts every relative date:
    only singular event nouns count (plural "conflicts" name several events); a noun tied
    to two different explicit years gives no anchor; an explicit and a relative mention in
    the same sentence are taken as a contrast ("the war of 2016 and the war this year"),
    not a pair; all pairs must agree; and no full calendar date in the text may lie after
    the inferred year. Callers must mark dates resolved with it as inferred, never certain.
    """
    if not text or not re.search(r"(?i:\b(?:last|this|past)\s+year)", text):
        return None
    exp_before, year_only, rel_before, rel_only, _noun = _inference_patterns()
    bounds = [m.end() for m in re.finditer(r"[.!?;](?=\s)|\n", text)]

    def sentence(pos: int) -> int:
        return bisect.bisect_right(bounds, pos)

    explicit: dict[str, set[int]] = {}
    explicit_sents: dict[str, set[int]] = {}

    def add_explicit(noun: str, year: int, pos: int) -> None:
        if _singular(noun):
            key = _noun_key(noun)
            explicit.setdefault(key, set()).add(year)
            explicit_sents.setdefault(key, set()).add(sentence(pos))

    for m in exp_before.finditer(text):
        add_explicit(m.group("n"), int(m.group("y")), m.start())
    for m in year_only.finditer(text):
        n = _noun_before(text, m.start(), 60)
        if n:
            add_explicit(n, int(m.group("y")), m.start())
    relative: list[tuple[str, int, int]] = []  # noun class, year offset, sentence
    for m in rel_before.finditer(text):
        if _singular(m.group("n")):
            off = -1 if m.group("r").lower() in ("last", "past") else 0
            relative.append((_noun_key(m.group("n")), off, sentence(m.start())))
    for m in rel_only.finditer(text):
        n = _noun_before(text, m.start(), 80)
        if n and _singular(n):
            off = -1 if m.group("r").lower() == "last" else 0
            relative.append((_noun_key(n), off, sentence(m.start())))
    refs: set[int] = set()
    for noun, off, sent in relative:
        years = explicit.get(noun)
        if not years:
            continue
        if len(years) > 1 or sent in explicit_sents[noun]:
            return None  # several years for one noun, or a contrast within a sentence
        (y,) = tuple(years)
        refs.add(y - off)
    if len(refs) != 1:
        return None
    (ref,) = tuple(refs)
    for a in _atoms(text):
        if a.kind == "cal" and a.year is not None and a.day is not None and a.year > ref:
            return None
    return ref
