"""Which sentences of a report are worth parsing: the cheap first pass of extraction.

Most of spaCy's time goes to the tagger, parser and NER, and most sentences of a news report
can hold no casualty figure, no event and no statement. This pass reads only tokens and the
lexicons: a sentence goes through the statistical components when it holds a cue (a word the
figure reader needs, an event or statement trigger, a reporting verb); the rest is tokenised
only. What counts as a cue is data (``data/lexicons/select.json``), built from the same lexicons
the extractors use, so a sentence the extractors could read is never left out: the figure cue is
exactly the figure reader's own first test, the event cue the union of the event patterns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from . import lexicons
from .claimants import lexicon as attribution
from .events import may_hold_event
from .figures import may_hold_figure

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# the sentence-final marks of spaCy's rule-based Sentencizer, the common ones
_FINAL = frozenset({".", "!", "?", "...", "…", "!?", "?!", "。", "！", "？"})


@dataclass(frozen=True)
class SelectionRule:
    """The cue kinds in force and how many neighbours a cue sentence brings along."""

    kinds: frozenset[str]
    before: int
    after: int
    reporting_forms: frozenset[str]
    pronouns: frozenset[str]  # a person named by pronoun: the sentences before may name them
    antecedents: int


def _forms(lemma: str) -> set[str]:
    """Regular English inflections of a verb; over-generating is harmless (non-words never match)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma[-1:] not in "aeiouywx":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # admitted, admitting
    return out


@lru_cache(maxsize=1)
def rule() -> SelectionRule:
    raw = lexicons.load("select")
    att = attribution()
    forms: set[str] = set()
    for lemma in att.reporting:
        forms |= _forms(lemma.lower())
    for irregular in raw.get("reporting_irregular", {}).values():
        forms.update(w.lower() for w in irregular)
    near = raw.get("neighbours", {})
    pronouns = frozenset(w for w, kind in att.pronouns.items() if kind == "person" and " " not in w)
    return SelectionRule(
        frozenset(raw["cues"]),
        int(near.get("before", 0)),
        int(near.get("after", 0)),
        frozenset(forms),
        pronouns,
        int(raw.get("antecedents", 0)),
    )


def sentence_bounds(tokens: Doc | Span) -> list[tuple[int, int]]:
    """(start, end) token indices (of the Doc) of sentences found without a parse: after a
    sentence-final mark (as spaCy's Sentencizer) and after a paragraph break (as
    ``ceasefire_paragraphs``)."""
    bounds: list[tuple[int, int]] = []
    start = -1
    end = -1
    seen_final = broke = False
    for tok in tokens:
        i = tok.i
        if start < 0:
            start = i
        elif broke or (seen_final and not tok.is_punct and not tok.is_space):
            bounds.append((start, i))
            start = i
            seen_final = broke = False
        if tok.text in _FINAL:
            seen_final = True
        elif tok.is_space and "\n" in tok.text:
            broke = True
        end = i + 1
    if start >= 0:
        bounds.append((start, end))
    return bounds


def has_cue(text: str, words: list[str], sel: SelectionRule | None = None) -> bool:
    """Whether a sentence (its text and its lower-cased tokens) can hold a fact."""
    sel = sel or rule()
    if "figure" in sel.kinds and may_hold_figure(text):
        return True
    if "attribution" in sel.kinds and (
        not sel.reporting_forms.isdisjoint(words) or attribution().according.search(text)
    ):
        return True
    return "event" in sel.kinds and may_hold_event(text)


def select(doc: Doc, sel: SelectionRule | None = None) -> tuple[list[tuple[int, int]], list[bool]]:
    """The document's sentences (token ranges) and, for each, whether it is parsed."""
    sel = sel or rule()
    bounds = sentence_bounds(doc)
    text = doc.text
    cue = []
    reach = []
    for a, b in bounds:
        span = doc[a:b]
        words = [t.lower_ for t in span]
        c = has_cue(text[span.start_char : span.end_char], words, sel)
        cue.append(c)
        reach.append(max(sel.before, sel.antecedents if c and not sel.pronouns.isdisjoint(words) else 0))
    n = len(bounds)
    keep = list(cue)
    for i, c in enumerate(cue):
        if c:
            for j in range(max(0, i - reach[i]), min(n, i + sel.after + 1)):
                keep[j] = True
    return bounds, keep


def blocks(bounds: list[tuple[int, int]], keep: list[bool]) -> list[tuple[int, int, bool]]:
    """Runs of consecutive sentences with the same verdict: (start, end, parsed)."""
    out: list[tuple[int, int, bool]] = []
    for (a, b), k in zip(bounds, keep, strict=True):
        if out and out[-1][2] == k:
            out[-1] = (out[-1][0], b, k)
        else:
            out.append((a, b, k))
    return out
