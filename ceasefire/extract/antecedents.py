"""The event a sentence names as the cause of the one it tells.

"Jets struck rebel positions in retaliation for a raid that killed three soldiers", "the shelling
comes a day after an ambush killed nine", "the fighting was triggered by an attack that killed
four": one sentence, two incidents. The clause that names the earlier one is found in the
dependency parse (the subtree of the preposition, object, agent or subordinate verb that opens
it), so that its figures and its date go to the earlier incident and never to the event the
sentence tells. The words come from ``data/lexicons/events.json`` ("antecedents").

A clause is a cause only when the rest of the sentence tells violence of its own: in "a curfew
was imposed hours after gunmen killed 20" or "the toll rose to 31, two days after the attack"
the clause is the sentence's news (see ``causes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Span, Token

from . import lexicons
from .events import trigger_type


class Cause(NamedTuple):
    """A clause naming an earlier incident: its document offsets and, as far as its words tell,
    how long before the sentence's own event it happened."""

    start: int
    end: int
    # "day": ``days_before`` days before ("hours after": 0, "a day after": 1, "three days
    # after": 3, "came after": 0); "week": within the week before (a retaliation, "days after");
    # "": the words do not say ("weeks after", "months after")
    period: str
    days_before: int = 0


@dataclass(frozen=True)
class _Words:
    cause_nouns: dict[str, frozenset[str]]  # "retaliation" -> {"for"}
    cause_verbs: dict[str, frozenset[str]]  # "respond" -> {"to"}
    cause_preps: frozenset[str]  # "following": its object is the cause
    cause_objects: frozenset[str]  # "avenge": its direct object is the cause
    caused_by: frozenset[str]  # "trigger": its agent is the cause
    come_after: frozenset[str]  # "come": "came after" the cause
    spans: dict[str, str]  # "hour" -> "day" (the same day), "week" -> "" (unknown) ...
    counts: dict[str, int]  # "a" -> 1, "two" -> 2: how many days
    answers: re.Pattern[str]  # "escalation": violence of the sentence's own outside the clause


@lru_cache(maxsize=1)
def _words() -> _Words:
    raw = lexicons.load("events")["antecedents"]
    return _Words(
        {k: frozenset(v) for k, v in raw["cause_nouns"].items()},
        {k: frozenset(v) for k, v in raw["cause_verbs"].items()},
        frozenset(raw["cause_prepositions"]),
        frozenset(raw["cause_objects"]),
        frozenset(raw["caused_by"]),
        frozenset(raw["come_after"]),
        dict(raw["spans"]),
        {str(k): int(v) for k, v in raw["day_counts"].items()},
        re.compile(r"(?i)\b(?:" + "|".join(re.escape(x) for x in raw["answer_words"]) + r")\b"),
    )


def _span_before(tok: Token, w: _Words) -> tuple[str, int] | None:
    """ "hours after", "a day after", "just two weeks after": the time span right before, as
    (period, days before), or None when there is none."""
    count: int | None = None
    unit: str | None = None
    for j in range(tok.i - 1, max(tok.sent.start, tok.i - 4) - 1, -1):
        prev = tok.doc[j]
        lemma = prev.lemma_.lower()
        if unit is None and lemma in w.spans:
            unit = lemma
            continue
        if unit is not None and prev.lower_ in w.counts:
            count = w.counts[prev.lower_]
            break
        if unit is not None and prev.like_num and prev.text.isdigit():
            count = int(prev.text)
            break
        if prev.pos_ not in {"DET", "NUM", "ADV", "ADJ"}:
            break
    if unit is None:
        return None
    period = w.spans[unit]
    if period == "days":
        # "a day after": the day before; "three days after": three days before; "days after": that week
        if count is not None:
            return "day", count
        return ("day", 1) if tok.doc[tok.i - 1].lower_ == unit else ("week", 0)
    return period, 0


def _opening(tok: Token, w: _Words) -> tuple[Token, str, int] | None:
    """The token whose subtree is the cause clause that ``tok`` opens, with the clause's period
    (see ``Cause``), if it opens one."""
    low, head = tok.lower_, tok.head
    lemma = head.lemma_.lower()
    if tok.dep_ == "prep" and low in w.cause_nouns.get(lemma, ()) and head.pos_ in {"NOUN", "PROPN"}:
        return tok, "week", 0  # "in retaliation for …", "in response to …"
    if tok.dep_ == "prep" and low in w.cause_preps:
        return tok, "week", 0  # "following an ambush that killed …"
    if tok.dep_ == "prep" and low in w.cause_verbs.get(lemma, ()) and head.pos_ == "VERB":
        return tok, "week", 0  # "retaliated for …", "responded to …"
    if tok.dep_ == "dobj" and lemma in w.cause_objects and head.pos_ == "VERB":
        return tok, "week", 0  # "to avenge the killing of …", "the strike follows an attack that …"
    if tok.dep_ == "agent" and lemma in w.caused_by and head.dep_ not in {"acl", "relcl", "amod"}:
        # "was triggered by an attack that …"; not a participle that describes a noun ("the blast,
        # triggered by a landmine, killed four"): there the agent is the blast's own cause
        return tok, "week", 0
    if low == "after":
        # a preposition hangs from the verb it dates; a subordinating "after" from the cause's verb
        cause, gov = (tok, head) if tok.dep_ == "prep" else (head, head.head)
        if tok.dep_ not in {"prep", "mark"} or (tok.dep_ == "mark" and head.i == gov.i):
            return None
        span = _span_before(tok, w)
        if span is not None:
            return cause, span[0], span[1]
        if gov.lemma_.lower() in w.come_after:
            return cause, "day", 0  # "the escalation came after …": the news follows at once
    return None


def antecedent_spans(sent: Span) -> list[Cause]:
    """The clauses of ``sent`` that name an earlier event as the cause of the one it tells (by
    the parse alone; ``causes`` also asks that the rest tell violence). A clause that holds the
    sentence's root is the sentence's own event (a misparse), never a cause."""
    w = _words()
    out: list[Cause] = []
    root = sent.root.i
    for tok in sent:
        if tok.is_punct or tok.like_num:
            continue
        found = _opening(tok, w)
        if found is None:
            continue
        opening, period, days = found
        lo, hi = opening.left_edge, opening.right_edge
        nxt = hi.doc[hi.i + 1] if hi.i + 1 < sent.end else None
        if (
            nxt is not None
            and opening.dep_ == "prep"
            and nxt.tag_ in {"VBD", "VBZ"}
            and nxt.dep_ in {"advcl", "conj", "ccomp"}
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in nxt.children)
        ):
            # "a week after an ambush on the road left 10 dead": the small model hangs the verb
            # from the sentence's, and leaves its subject, the ambush, in the preposition's object
            hi = nxt.right_edge
        if opening.dep_ == "prep" and opening.head.lemma_.lower() in w.cause_nouns:
            # "was retaliation for air strikes on the capital, which killed 22": the small model
            # hangs "on the capital" (and the clause after it) from the noun, beside "for"; what
            # follows the cause on the noun still tells the cause
            hi = max(hi, opening.head.right_edge, key=lambda t: t.i)
        if lo.i <= root <= hi.i or hi.i >= sent.end:
            continue
        out.append(Cause(lo.idx, hi.idx + len(hi), period, days))
    return out


def causes(
    sent: Span, text: str, figures: Iterable[int] = (), found: list[Cause] | None = None
) -> list[Cause]:
    """The cause clauses of ``sent`` (``text``: the document's text) when the rest of the sentence
    tells violence of its own, by a trigger word, an answer word ("escalation") or a casualty
    figure (``figures``: where the sentence's figures start, document offsets); else none: "a
    curfew was imposed hours after gunmen killed 20", "the toll rose to 31, two days after the
    attack" tell the clause's event as the news. ``found``: ``antecedent_spans(sent)``, when
    the caller has it."""
    found = antecedent_spans(sent) if found is None else found
    if not found:
        return []
    if any(not inside(found, at) for at in figures):
        return found
    rest = masked(text, sent.start_char, sent.end_char, found)
    return found if trigger_type(rest) or _words().answers.search(rest) else []


def masked(text: str, start: int, end: int, spans: list[Cause]) -> str:
    """``text[start:end]`` with the characters of ``spans`` blanked (offsets stay valid)."""
    out = list(text[start:end])
    for c in spans:
        for i in range(max(c.start, start), min(c.end, end)):
            out[i - start] = " "
    return "".join(out)


def inside(spans: list[Cause], at: int) -> bool:
    """Whether document offset ``at`` lies in one of ``spans``."""
    return any(c.start <= at < c.end for c in spans)
