"""The nouns every stage shares: frozen, typed records.

Every derived record keeps a path back to its evidence (a document id and character offsets
into the document's stored, cleaned text), so nothing reaches a card or an export without a
span a user can click through to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any, Generic, Literal, TypeVar

Precision = Literal["day", "week", "month", "year", "unknown"]
DateMethod = Literal["override", "manifest", "metadata", "feed", "byline", "dateline", "text", "unknown"]
GeoPrecision = Literal["exact", "district", "region", "country"]


@dataclass(frozen=True)
class Evidence:
    """Where a fact was found: a document and a span of its stored text."""

    document_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PubDate:
    """A publication date with how sure we are of it.

    ``value`` is the first day of the period for month/year precision and ``None`` when
    unknown. ``method`` says where it came from; ``evidence`` quotes what it was read from
    (a span of the stored text for byline/dateline, a metadata field name otherwise).
    """

    value: dt.date | None
    precision: Precision
    method: DateMethod
    evidence: str = ""
    start: int | None = None
    end: int | None = None

    @classmethod
    def unknown(cls, why: str = "") -> PubDate:
        return cls(None, "unknown", "unknown", why)

    @property
    def known(self) -> bool:
        return self.value is not None

    def iso(self) -> str | None:
        if self.value is None:
            return None
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


@dataclass(frozen=True)
class Outlet:
    """A news outlet from the registry (``ceasefire/data/outlets.json``)."""

    id: str
    name: str
    country: str
    alignment: str  # the party whose narrative it carries (ISO code) or "neutral"
    state_owned: bool = False
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Document:
    """One stored report. ``text`` is cleaned and is the reference for every offset."""

    id: str
    source: str
    text: str
    title: str = ""
    url: str = ""
    outlet: str = ""  # outlet id from the registry, or a free name when not in it
    outlet_method: str = ""  # metadata | manifest | domain | text | feed | override | ""
    # the outlet's country and the party whose narrative it usually carries ("neutral" for a wire),
    # as a manifest declares them or the outlet registry knows them; "" when unknown
    outlet_country: str = ""
    outlet_alignment: str = ""
    author: str = ""
    site_name: str = ""
    published: PubDate = field(default_factory=PubDate.unknown)
    language: str = ""
    language_score: float = 0.0
    dup_group: str = ""  # id of the first stored member of its near-duplicate group
    kind: str = ""  # text | html | feed | jsonl | csv | url | parquet
    # the encoding the text was read in ("" when it came as text, e.g. a Parquet string) and how
    # sure that reading is: 1.0 known (UTF-8, a byte-order mark, a declared charset), below guessed
    encoding: str = ""
    encoding_confidence: float = 1.0
    ingested_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = {
            "date": self.published.iso(),
            "precision": self.published.precision,
            "method": self.published.method,
            "evidence": self.published.evidence,
            "start": self.published.start,
            "end": self.published.end,
        }
        return d


@dataclass(frozen=True)
class Rejected:
    """An input that could not become a document, and why. Nothing disappears silently."""

    source: str
    reason: str  # a short code: empty, binary, too-large, encoding, malformed, unsafe-url, ...
    detail: str = ""
    line: int | None = None
    at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did."""

    stored: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    near_duplicates: tuple[str, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": len(self.stored),
            "duplicate": len(self.duplicates),
            "near_duplicate": len(self.near_duplicates),
            "rejected": len(self.rejected),
            "stored_ids": list(self.stored),
            "rejections": [r.to_dict() for r in self.rejected],
        }


@dataclass(frozen=True)
class Place:
    """A gazetteer entry a toponym resolved to."""

    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str
    latitude: float
    longitude: float
    feature: str  # city | village | district | region | country | height | ...
    precision: GeoPrecision
    geonameid: int | None = None


@dataclass(frozen=True)
class DateValue:
    """An event date resolved against the publication date (start..end inclusive)."""

    start: dt.date | None
    end: dt.date | None
    precision: Precision
    expression: str = ""
    relative: bool = False
    note: str = ""  # e.g. "publication date unknown"

    def iso(self) -> str | None:
        if self.start is None:
            return None
        return self.start.isoformat()


@dataclass(frozen=True)
class Mention:
    """One event or statement as one document reports it."""

    id: str
    document_id: str
    event_type: str  # ACLED event type, or "Statement"
    sub_event_type: str  # ACLED sub-event type, or the statement type (threaten, accuse, ...)
    actor1: str
    actor1_side: str
    actor2: str
    actor2_side: str
    claimant: str
    claimant_side: str
    date: DateValue
    places: tuple[Place, ...]
    evidence: Evidence
    background: bool = False
    negated: bool = False  # a denial or "alleged" kept as such
    hedge: str = ""  # "alleged", "reportedly", "denied" ...

    @property
    def in_incident(self) -> bool:
        """Whether it belongs to an incident: every mention but a background statement (history
        retold is an incident of its own, kind "background"; words said about it are not)."""
        return not (self.background and self.event_type == "Statement")


@dataclass(frozen=True)
class Claim:
    """One assertion about an incident: who says how many of whom were harmed, and where."""

    id: str
    document_id: str
    mention_id: str
    claimant: str
    claimant_side: str
    kind: str  # killed | wounded | captured | missing | civilians_killed | civilians_wounded | ...
    side_affected: str
    value_low: int | None
    value_best: int | None
    value_high: int | None
    evidence: Evidence
    made_on: dt.date | None = None  # when the claim was made (publication or statement date)
    hedge: str = ""
    civilian: bool = False


ClaimStatus = Literal["admitted", "corroborated", "one-sided", "disputed", "denied"]


@dataclass(frozen=True)
class Source:
    """A document behind an incident, with its outlet and the narrative that outlet carries."""

    document_id: str
    outlet: str
    alignment: str  # the party the outlet is aligned with (ISO code) or "neutral" / ""
    state_owned: bool
    url: str  # URL, or the file it came from
    published: str | None  # ISO date (or month/year) of publication, None when unknown
    title: str


@dataclass(frozen=True)
class ReconciledClaim:
    """A claim inside an incident: its status, its originator and whether it was superseded."""

    claim: Claim
    outlet: str
    originator: str  # who it really comes from: two outlets quoting one ministry = one originator
    status: ClaimStatus
    why: str  # the status in words
    superseded_by: str = ""  # id of the same claimant's later claim for the same figure
    review_status: str = "unreviewed"  # verified | corrected (by a coder) | unreviewed


@dataclass(frozen=True)
class Figure:
    """One figure (kind x side affected, civilians or not) as low / best / high: what an
    estimate, or the report's sums of estimates and of claims, say of it."""

    kind: str
    side_affected: str
    civilian: bool
    low: int | None
    best: int | None
    high: int | None


@dataclass(frozen=True)
class Estimate(Figure):
    """Low / best / high for one figure (kind x side affected) with the rule that made it."""

    rule: str  # e.g. "acled-conservative", "ucdp-low-best-high"
    explanation: str  # the estimate in words, naming the claims used


@dataclass(frozen=True)
class Incident:
    """The real-world event behind mentions from several documents, every side's claims."""

    id: str
    # "background": history its reports retell (an earlier war, a campaign's toll), kept with
    # its claims apart from the events of the day; no ACLED event, no violation of the period
    kind: Literal["event", "statements", "background"]
    event_type: str
    sub_event_type: str
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: Precision
    date_label: str  # what we know of the date in words ("2021-11-16", "16 November (year unknown)")
    places: tuple[Place, ...]
    actor1: str
    actor1_side: str
    actor2: str
    actor2_side: str
    mentions: tuple[Mention, ...]
    claims: tuple[ReconciledClaim, ...]
    estimates: tuple[Estimate, ...]
    sources: tuple[Source, ...]
    fatalities: int  # ACLED: the most conservative credible figure (0 for injuries only)
    status: str  # the incident's dispute status in one word
    status_why: str
    notes: str  # the dispute between sides in words (ACLED `notes`)
    civilian_targeting: bool = False
    review_status: str = "unreviewed"  # verified | corrected (by a coder) | unreviewed

    @property
    def location(self) -> Place | None:
        return self.places[0] if self.places else None


@dataclass(frozen=True)
class FramingHit:
    """A loaded term found in a document: the term, the narrative it carries, where it stands."""

    document_id: str
    term: str
    narrative: str
    category: str
    start: int
    end: int
    text: str
    quoted: bool = False  # inside quotation marks (the report charges the quoted speaker)


@dataclass(frozen=True)
class Extraction:
    """What extraction found in one document, or why it found nothing."""

    document_id: str
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    framing: tuple[FramingHit, ...]
    status: str  # ok | empty | skipped | error
    reason: str = ""


ReviewTarget = Literal["claim", "mention", "incident"]
ReviewDecision = Literal["verified", "rejected", "corrected"]


@dataclass(frozen=True)
class Review:
    """A coder's decision on one claim, mention or incident: verified, rejected (with a reason)
    or corrected (the fields changed, with their new values). Never an overwrite: the machine's
    reading stays in the store, and a later decision on the same record supersedes this one
    while this one stays in the log. Targets are named by their ids, which are derived from the
    evidence span, so a re-extracted claim of the same span inherits the decision."""

    id: str
    target: ReviewTarget
    target_id: str
    decision: ReviewDecision
    reason: str = ""  # why it was rejected: one of review.REJECT_REASONS
    changes: tuple[tuple[str, Any], ...] = ()  # (field, new value) of a correction
    reviewer: str = ""
    at: str = ""  # ISO 8601 UTC
    note: str = ""

    @property
    def changed(self) -> dict[str, Any]:
        return dict(self.changes)


# -- Field maps: the one place a record's flat shape is declared ---------------------------------
#
# Every store row, export column, API field and Spark column of a record comes from its map: the
# column names, their kinds and which values may be absent. Absent is None in every form that has
# a null (JSON, Arrow/Parquet, the API); the CSV writes it as an empty cell. The store's text
# columns predate this and are NOT NULL, so its form writes "" there (see ``to_dict(form=...)``).

# "period": an ISO date, month ("2021-11") or year, as text: null when absent in every form,
# the store's included (its column is nullable and sorts unknown dates last)
FieldKind = Literal["str", "int", "float", "bool", "date", "period", "places", "strs"]
Form = Literal["json", "store", "arrow"]


@dataclass(frozen=True)
class Field:
    """One column: its name in every format, its kind, how to read it off the record, and
    whether it may be absent ("" or None on the record)."""

    name: str
    kind: FieldKind
    get: Callable[[Any], Any]
    optional: bool = False


def col(name: str, kind: FieldKind = "str", path: str | None = None, *, optional: bool = False) -> Field:
    """A field read from the record's attribute ``path`` (dotted; the field's name by default)."""
    return Field(name, kind, attrgetter(path or name), optional)


def computed(name: str, kind: FieldKind, get: Callable[[Any], Any], *, optional: bool = False) -> Field:
    """A field computed from the record (a count, the primary location's name ...)."""
    return Field(name, kind, get, optional)


def spec(text: str) -> list[Field]:
    """Fields written compactly, one per word: ``name[:kind][?][=path]`` ("value_low:int?",
    "start_char:int=evidence.start"); ``?`` marks a value that may be absent."""
    out = []
    for word in text.split():
        word, _, path = word.partition("=")
        optional = word.endswith("?")
        name, _, kind = word.rstrip("?").partition(":")
        out.append(col(name, kind or "str", path or None, optional=optional))  # type: ignore[arg-type]
    return out


def _absent(v: Any) -> bool:
    return v is None or v == "" or (isinstance(v, float) and v != v)  # NaN: pandas' empty cell


def _out(f: Field, v: Any, form: Form) -> Any:
    if f.kind == "places":
        if form == "store":  # as stored since the first schema: every key, sorted
            return json.dumps([asdict(p) for p in v], sort_keys=True)
        return [PLACE.to_dict(p, form) for p in v]
    if f.kind == "strs":
        return list(v)
    if _absent(v):
        # the store's text columns are NOT NULL: absent text is "" there, NULL elsewhere
        return "" if (form == "store" and f.kind == "str") else None
    if f.kind == "date" and form != "arrow":
        return v.isoformat()
    return v


def _in(f: Field, v: Any) -> Any:
    """A value read back from any form, as the record holds it."""
    if f.kind == "places":
        items = json.loads(v) if isinstance(v, str) else ([] if v is None else v)
        return tuple(PLACE.from_dict(p) for p in items)
    if f.kind == "strs":
        return () if v is None else tuple(v)  # a list, or the array pandas reads from Parquet
    if _absent(v):
        return {"str": "", "period": "", "bool": False}.get(f.kind)
    if f.kind == "date":
        return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])
    if f.kind == "int":
        return int(v)
    if f.kind == "float":
        return float(v)
    if f.kind == "bool":
        return v if isinstance(v, bool) else str(v).lower() in {"true", "1"}
    return str(v)


R = TypeVar("R")


class FieldMap(Generic[R]):
    """A record's flat shape: ``to_dict`` writes it in one form, ``from_dict`` reads any form back."""

    def __init__(self, fields: Sequence[Field], build: Callable[[dict[str, Any]], R] | None = None) -> None:
        self.fields = tuple(fields)
        self.names = tuple(f.name for f in self.fields)
        self._build = build

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def to_dict(self, obj: R, form: Form = "json") -> dict[str, Any]:
        return {f.name: _out(f, f.get(obj), form) for f in self.fields}

    def values(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A row of any form (store, JSON, CSV as pandas reads it, Arrow) as the record holds
        its values: absent text "", other absent values None, dates as dates."""
        return {f.name: _in(f, row.get(f.name)) for f in self.fields}

    def from_dict(self, row: Mapping[str, Any]) -> R:
        """The record from a row of any form."""
        if self._build is None:
            raise TypeError("this map describes a summary row, not a whole record")
        return self._build(self.values(row))

    def without(self, *names: str) -> FieldMap[R]:
        """The same map less some columns (a nested record omits what its parent states)."""
        return FieldMap([f for f in self.fields if f.name not in names], self._build)


PLACE: FieldMap[Place] = FieldMap(
    spec("name country admin1? latitude:float longitude:float feature precision geonameid:int?"),
    lambda d: Place(**d),
)

DOCUMENT: FieldMap[Document] = FieldMap(
    [
        *spec("id source url? title? text outlet? outlet_method? outlet_country? outlet_alignment?"),
        *spec("author? site_name?"),
        computed("published", "period", lambda d: d.published.iso(), optional=True),
        *spec(
            "published_precision=published.precision published_method=published.method"
            " published_evidence?=published.evidence published_start:int?=published.start"
            " published_end:int?=published.end"
        ),
        *spec("language? language_score:float dup_group? kind? encoding? encoding_confidence:float"),
        *spec("ingested_at?"),
    ],
    lambda d: Document(
        **{k: v for k, v in d.items() if not k.startswith("published")},
        published=PubDate(
            partial_date(d["published"]),
            d["published_precision"],
            d["published_method"],
            d["published_evidence"],
            d["published_start"],
            d["published_end"],
        ),
    ),
)


def partial_date(value: str) -> dt.date | None:
    """A publication date as stored: a day, or a month ("2021-11") or year ("2021") at that
    precision, read as the period's first day."""
    if not value:
        return None
    parts = [int(x) for x in value.split("-")]
    return dt.date(parts[0], *[*parts[1:], 1, 1][:2])


_EVIDENCE = spec("start_char:int=evidence.start end_char:int=evidence.end quote=evidence.text")


def _evidence(d: dict[str, Any]) -> Evidence:
    return Evidence(d.pop("document_id"), d.pop("start_char"), d.pop("end_char"), d.pop("quote"))


def _mention(d: dict[str, Any]) -> Mention:
    ev = _evidence(dict(d))
    date = DateValue(
        d["date_start"],
        d["date_end"],
        d["date_precision"],
        d["date_expression"],
        d["date_relative"],
        d["date_note"],
    )
    keep = {k: v for k, v in d.items() if not k.startswith("date_") and k not in _EVIDENCE_NAMES}
    return Mention(**keep, date=date, evidence=ev)


_EVIDENCE_NAMES = {"start_char", "end_char", "quote"}

MENTION: FieldMap[Mention] = FieldMap(
    [
        *spec("id document_id event_type sub_event_type? actor1? actor1_side? actor2? actor2_side?"),
        *spec("claimant? claimant_side?"),
        *spec(
            "date_start:date?=date.start date_end:date?=date.end date_precision=date.precision"
            " date_expression?=date.expression date_relative:bool=date.relative date_note?=date.note"
        ),
        *spec("places:places"),
        *_EVIDENCE,
        *spec("background:bool negated:bool hedge?"),
    ],
    _mention,
)


def _claim(d: dict[str, Any]) -> Claim:
    ev = _evidence(dict(d))
    return Claim(**{k: v for k, v in d.items() if k not in _EVIDENCE_NAMES}, evidence=ev)


CLAIM: FieldMap[Claim] = FieldMap(
    [
        *spec("id document_id mention_id claimant? claimant_side? kind side_affected? civilian:bool"),
        *spec("value_low:int? value_best:int? value_high:int?"),
        *_EVIDENCE,
        *spec("made_on:date? hedge?"),
    ],
    _claim,
)

ESTIMATE: FieldMap[Estimate] = FieldMap(
    spec("kind side_affected? civilian:bool low:int? best:int? high:int? rule explanation"),
    lambda d: Estimate(**d),
)

REJECTED: FieldMap[Rejected] = FieldMap(
    spec("source reason detail? line:int? at?"),
    lambda d: Rejected(**d),
)


@dataclass(frozen=True)
class ClaimRow:
    """A claim as the claims table shows it: inside its incident, with its status there, its
    document's source and outlet, and the later claim that superseded it (None when current)."""

    claim_id: str
    incident_id: str
    document_id: str
    source: str  # the document's URL, or the file it came from as the user named it
    outlet: str  # the outlet's name
    claimant: str
    claimant_side: str
    kind: str
    side_affected: str
    value_low: int | None
    value_best: int | None
    value_high: int | None
    status: str
    quote: str
    start_char: int
    end_char: int
    superseded_by: str
    made_on: dt.date | None
    hedge: str
    civilian: bool
    mention_id: str
    originator: str
    why: str
    review_status: str


CLAIM_ROW: FieldMap[ClaimRow] = FieldMap(
    spec(
        "claim_id incident_id? document_id source? outlet? claimant? claimant_side? kind side_affected?"
        " value_low:int? value_best:int? value_high:int? status? quote start_char:int end_char:int"
        " superseded_by? made_on:date? hedge? civilian:bool mention_id? originator? why? review_status"
    ),
    lambda d: ClaimRow(**d),
)


def claim_row(incident_id: str, rc: ReconciledClaim, outlet: str, sources: Mapping[str, str]) -> ClaimRow:
    """A reconciled claim as the claims table shows it inside its incident: ``outlet`` is the
    outlet's name, ``sources`` each document's source as a viewer may see it."""
    c = rc.claim
    document_id = c.evidence.document_id or c.document_id
    return ClaimRow(
        claim_id=c.id,
        incident_id=incident_id,
        document_id=document_id,
        source=sources.get(document_id, ""),
        outlet=outlet,
        claimant=c.claimant,
        claimant_side=c.claimant_side,
        kind=c.kind,
        side_affected=c.side_affected,
        value_low=c.value_low,
        value_best=c.value_best,
        value_high=c.value_high,
        status=rc.status,
        quote=c.evidence.text,
        start_char=c.evidence.start,
        end_char=c.evidence.end,
        superseded_by=rc.superseded_by,
        made_on=c.made_on,
        hedge=c.hedge,
        civilian=c.civilian,
        mention_id=c.mention_id,
        originator=rc.originator,
        why=rc.why,
        review_status=rc.review_status,
    )


SOURCE: FieldMap[Source] = FieldMap(
    spec("document_id outlet? alignment? state_owned:bool url? published? title?"),
    lambda d: Source(**d),
)


def _loc(attr: str) -> Callable[[Incident], Any]:
    return lambda inc: getattr(inc.places[0], attr) if inc.places else None


# The primary location of an incident, flattened with ACLED's names (``location`` is the place's
# name); the JSON export nests it as a place object instead (``PLACE``).
LOCATION_FIELDS = ("location", "admin1", "country", "latitude", "longitude", "geo_precision")

INCIDENT: FieldMap[Incident] = FieldMap(
    [
        *spec("id kind event_type? sub_event_type? date_start:date? date_end:date? date_precision"),
        *spec("date_label? actor1? actor1_side? actor2? actor2_side?"),
        *(
            computed(name, kind, _loc(attr), optional=True)  # type: ignore[arg-type]
            for name, kind, attr in (
                ("location", "str", "name"),
                ("admin1", "str", "admin1"),
                ("country", "str", "country"),
                ("latitude", "float", "latitude"),
                ("longitude", "float", "longitude"),
                ("geo_precision", "str", "precision"),
            )
        ),
        *spec("fatalities:int civilian_targeting:bool status? status_why? notes? review_status"),
        computed("n_sources", "int", lambda inc: len(inc.sources)),
        computed("n_claims", "int", lambda inc: len(inc.claims)),
        computed("n_mentions", "int", lambda inc: len(inc.mentions)),
        computed("document_ids", "strs", lambda inc: sorted({s.document_id for s in inc.sources})),
    ],
    # no build: an incident's lists (claims, mentions, sources, estimates) are not columns, so a
    # row is the incident's summary and reads back as values (``INCIDENT.values``), not a record
)

REVIEW: FieldMap[Review] = FieldMap(
    [
        *spec("id target target_id decision reason?"),
        computed("changes", "str", lambda r: json.dumps(r.changed, sort_keys=True) if r.changes else ""),
        *spec("reviewer? at note?"),
    ],
    lambda d: Review(
        **{k: v for k, v in d.items() if k != "changes"},
        changes=tuple(sorted(json.loads(d["changes"]).items())) if d["changes"] else (),
    ),
)

FRAMING: FieldMap[FramingHit] = FieldMap(
    spec("document_id start_char:int=start end_char:int=end term narrative category text"),
    lambda d: FramingHit(
        d["document_id"], d["term"], d["narrative"], d["category"], d["start_char"], d["end_char"], d["text"]
    ),
)
