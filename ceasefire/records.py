"""The nouns every stage shares: frozen, typed records.

Every derived record keeps a path back to its evidence (a document id and character offsets
into the document's stored, cleaned text), so nothing reaches a card or an export without a
span a user can click through to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Precision = Literal["day", "week", "month", "year", "unknown"]
DateMethod = Literal["override", "manifest", "metadata", "feed", "byline", "dateline", "text", "unknown"]
GeoPrecision = Literal["exact", "district", "region", "country"]


@dataclass(frozen=True)
class Span:
    """Character offsets into a document's stored text; ``text`` is ``doc.text[start:end]``."""

    start: int
    end: int
    text: str


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


@dataclass(frozen=True)
class Estimate:
    """Low / best / high for one figure (kind x side affected) with the rule that made it."""

    kind: str
    side_affected: str
    civilian: bool
    low: int | None
    best: int | None
    high: int | None
    rule: str  # e.g. "acled-conservative", "ucdp-low-best-high"
    explanation: str  # the estimate in words, naming the claims used


@dataclass(frozen=True)
class Incident:
    """The real-world event behind mentions from several documents, every side's claims."""

    id: str
    kind: Literal["event", "statements"]
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

    @property
    def location(self) -> Place | None:
        return self.places[0] if self.places else None
