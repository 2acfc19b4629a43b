"""The publication date of a report, with precision, method and evidence.

Order of trust: an explicit override, the manifest, the source's metadata (HTML meta, feed
entry, dump field), then the text's own byline or dateline (marked as inferred by its method),
else unknown. "Last update" stamps and bare footer months are never publication dates (the
cleaner removes them), and a text date contradicted by a later full date in the same text is
refused: we would rather say "unknown" than be confidently wrong.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

from ..errors import SourceError
from ..records import PubDate

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# "November 18, 2021" or "18 November 2021"
_FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}}),?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE}),?\s+(?P<y2>(?:19|20)\d\d))\b"
)
_ISO_IN_TEXT = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
# Byline: "By Jane Doe November 18, 2021" / "By Jane Doe | 18 Nov 2021" near the top.
_BYLINE = re.compile(
    r"^By\s+(?P<author>[A-Z][\w.'’\- ]{1,60}?)\s*(?:[,|•·–—-]\s*)?(?P<date>" + _FULL_DATE.pattern + r")",
)
_STAMP = re.compile(r"^(?:Published|Posted|Date|Created)(?:\s+on)?\s*:?\s*(?P<date>.{6,40})$", re.IGNORECASE)
# Dateline: "VELGRAD, March 14, 2025 (Reuters) -" or "DRAVIK, 14 March 2025 /OSTRAPRESS/."
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z .'’-]{1,30}),\s+(?P<date>" + _FULL_DATE.pattern + r")"
    r"\s*(?:\((?P<agency1>[A-Za-z .-]{2,30})\)|/(?P<agency2>[A-Za-z .-]{2,30})/)?"
)


def _date_from_match(m: re.Match[str]) -> dt.date | None:
    month = m.group("m1") or m.group("m2")
    day = m.group("d1") or m.group("d2")
    year = m.group("y1") or m.group("y2")
    try:
        return dt.date(int(year), _MONTHS[month.rstrip(".").lower()], int(day))
    except (ValueError, KeyError):
        return None


def parse_date_value(value: object) -> tuple[dt.date, str]:
    """A metadata date (ISO, RFC 2822, "March 2025", "2025") -> (date, precision)."""
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    s = str(value).strip()
    if not s:
        raise SourceError("empty date", reason="bad-date")
    m = re.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?", s)
    if m:
        y, mo, d = m.group(1), m.group(2), m.group(3)
        try:
            if d:
                return dt.date(int(y), int(mo), int(d)), "day"
            if mo:
                return dt.date(int(y), int(mo), 1), "month"
            return dt.date(int(y), 1, 1), "year"
        except ValueError as e:
            raise SourceError(f"invalid date {s!r}", reason="bad-date") from e
    try:
        parsed = email.utils.parsedate_to_datetime(s)
        if parsed is not None:
            return parsed.date(), "day"
    except (TypeError, ValueError, IndexError):
        pass
    fm = _FULL_DATE.search(s)
    if fm and (d0 := _date_from_match(fm)):
        return d0, "day"
    mm = re.fullmatch(rf"({_MONTH_RE})\s+((?:19|20)\d\d)", s, re.IGNORECASE)
    if mm:
        return dt.date(int(mm.group(2)), _MONTHS[mm.group(1).rstrip(".").lower()], 1), "month"
    raise SourceError(f"unrecognised date {s!r} (use YYYY-MM-DD)", reason="bad-date")


def from_metadata(value: object, method: str, evidence: str) -> PubDate | None:
    """A PubDate from a metadata field, or None when the value is empty/unparseable."""
    if value in (None, ""):
        return None
    try:
        d, precision = parse_date_value(value)
    except SourceError:
        return None
    return PubDate(d, precision, method, evidence)  # type: ignore[arg-type]


def infer_from_text(text: str) -> PubDate:
    """Byline, dateline or "Published:" stamp in the first lines of the stored text."""
    offset = 0
    for i, line in enumerate(text.split("\n")):
        if i >= 12:
            break
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        for method, pat in (("byline", _BYLINE), ("dateline", _DATELINE)):
            m = pat.match(stripped)
            if m:
                d = _date_from_match(m)
                if d:
                    s, e = offset + lead + m.start("date"), offset + lead + m.end("date")
                    return _sanity(text, PubDate(d, "day", method, text[s:e], s, e))  # type: ignore[arg-type]
        m = _STAMP.match(stripped)
        if m:
            fm = _FULL_DATE.search(m.group("date"))
            if fm and (d := _date_from_match(fm)):
                s = offset + lead + m.start("date") + fm.start()
                e = offset + lead + m.start("date") + fm.end()
                return _sanity(text, PubDate(d, "day", "text", text[s:e], s, e))
        offset += len(line) + 1
    return PubDate.unknown("no date in metadata, byline or dateline")


def _sanity(text: str, pub: PubDate) -> PubDate:
    """Refuse a text date when the same text reports a full date clearly after it."""
    assert pub.value is not None
    latest: dt.date | None = None
    for m in _FULL_DATE.finditer(text):
        d = _date_from_match(m)
        if d and (latest is None or d > latest):
            latest = d
    if latest and latest > pub.value + dt.timedelta(days=1):
        return PubDate.unknown(
            f"{pub.method} date {pub.value} refused: the text reports {latest.isoformat()}"
        )
    return pub
