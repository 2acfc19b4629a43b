"""Toponyms: found with a gazetteer-driven PhraseMatcher (spaCy's small model tags Kalbajar as
ORG and Lachin as PERSON, so its NER is not relied on), resolved with the document's country
context to coordinates, admin1 and country, with a precision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..records import Place
from .gazetteer import gazetteer

# words after a toponym that say which feature is meant ("Kalbajar region", "Tovuz direction")
_FEATURE_WORDS = {"region", "district", "rayon", "province"}


@dataclass(frozen=True)
class PlaceHit:
    start: int  # character offsets in the document
    end: int
    surface: str
    place: Place


@lru_cache(maxsize=4)
def _matcher(vocab_id: int, nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    surfaces = sorted({s for s, _key in gazetteer().names()})
    # the tokenizer alone (no pipeline) in bulk: tens of thousands of names build in seconds
    matcher.add("PLACE", list(nlp.tokenizer.pipe(surfaces)))  # type: ignore[union-attr]
    return matcher


def find_places(doc: Doc, nlp: Language, context: Sequence[str]) -> list[PlaceHit]:
    """Every toponym in the document, resolved with ``context`` (ISO2 codes, most salient first)."""
    matcher = _matcher(id(nlp.vocab), nlp)
    spans = filter_spans([doc[s:e] for _id, s, e in matcher(doc)])
    gaz = gazetteer()
    hits: list[PlaceHit] = []
    for span in spans:
        name = span.text
        end_tok = span.end
        if _is_person_name(doc, span):
            continue
        if end_tok < len(doc) and doc[end_tok].lower_ in _FEATURE_WORDS:
            name = f"{name} {doc[end_tok].lower_}"
            end_tok += 1
        start_char = span.start_char
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.is_title and not prev.is_sent_start:
            # "New York", "East Zangezur": a capitalised word before may complete the name
            longer = gaz.resolve(f"{prev.text} {name}", context=context)
            if longer is not None:
                hits.append(
                    PlaceHit(
                        prev.idx, doc[end_tok - 1].idx + len(doc[end_tok - 1]), f"{prev.text} {name}", longer
                    )
                )
                continue
        place = gaz.resolve(name, context=context)
        if place is None:
            continue
        hits.append(PlaceHit(start_char, doc[end_tok - 1].idx + len(doc[end_tok - 1]), name, place))
    return hits


def _is_person_name(doc: Doc, span: Span) -> bool:
    """ "Vladimir Putin", "Ararat Mirzoyan": a place name used as a first name."""
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or not nxt.text[:1].isupper() or nxt.lower_ in _FEATURE_WORDS:
        return False
    return (
        span.root.ent_type_ == "PERSON"
        or nxt.ent_type_ == "PERSON"
        or (len(span) == 1 and nxt.pos_ == "PROPN" and nxt.ent_type_ not in {"GPE", "LOC", "FAC"})
    )


__all__ = ["PlaceHit", "find_places"]
