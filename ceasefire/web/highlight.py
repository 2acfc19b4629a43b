"""A document's text cut into segments, the evidence of its mentions and claims highlighted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..records import Document
from ..report import framing_hits
from ..store import Store


@dataclass(frozen=True)
class Segment:
    """A run of document text under one set of highlights; ``anchors`` are element ids that
    start here (``claim-<id>``, ``mention-<id>``) so a link's #fragment lands on the sentence."""

    text: str
    classes: str
    title: str
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # claim | mention | term
    anchor: str
    title: str
    focus: bool


def segments(text: str, spans: Sequence[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; overlapping highlights combine their classes."""
    n = len(text)
    spans = [s for s in spans if 0 <= s.start < s.end <= n]
    cuts = sorted({0, n} | {s.start for s in spans} | {s.end for s in spans})
    out: list[Segment] = []
    for a, b in pairwise(cuts):
        over = [s for s in spans if s.start <= a and s.end >= b]
        kinds = sorted({s.kind for s in over})
        if any(s.focus for s in over):
            kinds.append("focus")
        titles = sorted({s.title for s in over if s.title})
        anchors = tuple(sorted({s.anchor for s in spans if s.start == a and s.anchor}))
        out.append(Segment(text[a:b], " ".join(kinds), "; ".join(titles), anchors))
    return out


def document_spans(store: Store, doc: Document, *, claim: str = "", mention: str = "") -> list[Span]:
    spans: list[Span] = []
    for c in store.claims(document_id=doc.id):
        title = f"claim {c.id}: {c.claimant or 'unattributed'} says {c.kind} {c.value_best}"
        spans.append(Span(c.evidence.start, c.evidence.end, "claim", f"claim-{c.id}", title, c.id == claim))
    for m in store.mentions(document_id=doc.id):
        title = f"{m.event_type}: {m.sub_event_type}"
        spans.append(
            Span(m.evidence.start, m.evidence.end, "mention", f"mention-{m.id}", title, m.id == mention)
        )
    for h in framing_hits(store.framing(document_id=doc.id)):
        spans.append(Span(h.start, h.end, "term", "", f"loaded term: {h.term} ({h.narrative})", False))
    return spans
