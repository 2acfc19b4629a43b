"""The event a sentence names as the cause of the one it tells.

"Jets struck rebel positions in retaliation for a raid that killed three soldiers", "the shelling
comes a day after an ambush killed nine", "the fighting was triggered by an attack that killed
four": one sentence, two incidents. The clause that names the earlier one is found in the
dependency parse (the subtree of the preposition, object or subordinate verb that opens it), so
that its figures and its date go to the earlier incident and never to the event the sentence
tells. The words come from ``data/lexicons/events.json`` ("antecedents").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from . import lexicons


@dataclass(frozen=True)
class _Words:
    cause_nouns: dict[str, frozenset[str]]  # "retaliation" -> {"for"}
    cause_verbs: dict[str, frozenset[str]]  # "respond" -> {"to"}
    cause_objects: frozenset[str]  # "avenge": its direct object is the cause
    caused_by: frozenset[str]  # "trigger": its agent is the cause
    come_after: frozenset[str]  # "come": "came after" the cause
    spans: frozenset[str]  # "hour": "hours after" the cause


@lru_cache(maxsize=1)
def _words() -> _Words:
    raw = lexicons.load("events")["antecedents"]
    return _Words(
        {k: frozenset(v) for k, v in raw["cause_nouns"].items()},
        {k: frozenset(v) for k, v in raw["cause_verbs"].items()},
        frozenset(raw["cause_objects"]),
        frozenset(raw["caused_by"]),
        frozenset(raw["come_after"]),
        frozenset(raw["spans"]),
    )


def _span_before(tok: Token, spans: frozenset[str]) -> bool:
    """ "hours after", "a day after", "just two weeks after": a time span right before."""
    for j in range(tok.i - 1, max(tok.sent.start, tok.i - 4) - 1, -1):
        prev = tok.doc[j]
        if prev.lemma_.lower() in spans:
            return True
        if prev.pos_ not in {"DET", "NUM", "ADV", "ADJ"}:
            return False
    return False


def _opening(tok: Token, w: _Words) -> Token | None:
    """The token whose subtree is the cause clause that ``tok`` opens, if it opens one."""
    low, head = tok.lower_, tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "prep" and low in w.cause_nouns.get(lemma, ()) and head.pos_ in {"NOUN", "PROPN"}:
        return tok  # "in retaliation for …", "in response to …"
    if tok.dep_ == "prep" and low in w.cause_verbs.get(lemma, ()) and head.pos_ == "VERB":
        return tok  # "retaliated for …", "responded to …"
    if tok.dep_ == "dobj" and lemma in w.cause_objects and head.pos_ == "VERB":
        return tok  # "to avenge the killing of …", "the strike follows an attack that …"
    if tok.dep_ == "agent" and lemma in w.caused_by:
        return tok  # "was triggered by an attack that …", "touched off by …"
    if low == "after":
        # a preposition hangs from the verb it dates; a subordinating "after" from the cause's verb
        cause, gov = (tok, head) if tok.dep_ == "prep" else (head, head.head)
        if tok.dep_ not in {"prep", "mark"} or (tok.dep_ == "mark" and head.i == gov.i):
            return None
        if _span_before(tok, w.spans) or gov.lemma_.lower() in w.come_after:
            return cause
    return None


def antecedent_spans(sent: Span) -> list[tuple[int, int]]:
    """Character offsets (in the document) of the clauses of ``sent`` that name an earlier event
    as the cause of the one it tells. A clause that holds the sentence's root is the sentence's
    own event (a misparse), never a cause."""
    w = _words()
    out: list[tuple[int, int]] = []
    root = sent.root.i
    for tok in sent:
        if tok.is_punct or tok.like_num:
            continue
        opening = _opening(tok, w)
        if opening is None:
            continue
        sub = list(opening.subtree)
        lo, hi = sub[0], sub[-1]
        if lo.i <= root <= hi.i or hi.i >= sent.end:
            continue
        out.append((lo.idx, hi.idx + len(hi)))
    return out


def inside(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether document offset ``at`` lies in one of ``spans``."""
    return any(a <= at < b for a, b in spans)
