"""Loaded terms and the narrative they carry, from ``data/lexicons/framing.json``, with spans."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..records import FramingHit
from . import lexicons


@dataclass(frozen=True)
class FramingTerm:
    term: str
    narrative: str
    category: str


@lru_cache(maxsize=1)
def terms() -> dict[str, FramingTerm]:
    raw = lexicons.load("framing")
    out: dict[str, FramingTerm] = {}
    for t in raw["terms"]:
        ft = FramingTerm(t["term"], t["narrative"], t.get("category", ""))
        for v in [t["term"], *t.get("variants", [])]:
            out.setdefault(v.lower(), ft)
    return out


@lru_cache(maxsize=4)
def _matcher(vocab_id: int, nlp: Language) -> PhraseMatcher:
    m = PhraseMatcher(nlp.vocab, attr="LOWER")
    for variant in sorted(terms()):
        m.add(variant, [nlp.make_doc(variant)])
    return m


def find_framing(doc: Doc, nlp: Language, document_id: str) -> list[FramingHit]:
    matcher = _matcher(id(nlp.vocab), nlp)
    spans = filter_spans([Span(doc, s, e, label=label) for label, s, e in matcher(doc)])
    table = terms()
    hits = []
    for sp in spans:
        ft = table[sp.label_]
        hits.append(
            FramingHit(document_id, ft.term, ft.narrative, ft.category, sp.start_char, sp.end_char, sp.text)
        )
    return hits
