"""Trivial systems to read our scores against: an F1 means something only next to these.

- ``nothing``: predicts nothing (every precision is undefined, every recall 0);
- ``every-number``: every number in every sentence is a "killed" claim by the outlet, and
  every sentence with a number is an armed clash;
- ``spacy-ner``: what a coder gets from the plain model: GPE/LOC entities as places (resolved
  in the gazetteer without context), a CARDINAL next to a harm word as a claim, the first
  NORP/GPE demonym as the side, the outlet as claimant;
- ``regex``: a number (digits or a number word) near a casualty word is a claim of that kind by
  the outlet, its side the nearest country name or demonym of the sentence — names from the
  project's reference data, so it knows no conflict in particular.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..records import Claim, DateValue, Evidence, Mention
from .gold import GoldDoc
from .realnews_records import PredClaim, RealnewsGold, kind, side_words

_NUM = re.compile(r"\b\d[\d,]*\b")
_SENT = re.compile(r"[^.!?\n]+[.!?]?")
_HARM = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "martyred": "killed",
    "wounded": "wounded",
    "injured": "wounded",
    "captured": "captured",
    "missing": "missing",
}


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    for m in _SENT.finditer(text):
        if m.group(0).strip():
            yield m.start(), m.end()


def every_number(doc: GoldDoc) -> tuple[list[Mention], list[Claim]]:
    mentions: list[Mention] = []
    claims: list[Claim] = []
    for a, b in _sentences(doc.text):
        nums = _NUM.findall(doc.text[a:b])
        if not nums:
            continue
        ev = Evidence(doc.id, a, b, doc.text[a:b])
        mentions.append(
            Mention(
                f"{a}",
                doc.id,
                "Battles",
                "Armed clash",
                "",
                "",
                "",
                "",
                "outlet",
                "",
                DateValue(None, None, "unknown"),
                (),
                ev,
            )
        )
        for n in nums:
            v = int(n.replace(",", ""))
            claims.append(Claim(f"{a}-{n}", doc.id, "", "outlet", "", "killed", "", v, v, v, ev))
    return mentions, claims


def spacy_ner(doc: GoldDoc) -> tuple[list[Mention], list[Claim]]:
    from ..pipeline import baseline_nlp
    from ..reference import resolve

    nlp = baseline_nlp()
    ref = resolve(None)  # a baseline's table signature takes a document only: the data in force
    gaz, actors = ref.gazetteer, ref.actors
    sdoc = nlp(doc.text)
    mentions: list[Mention] = []
    claims: list[Claim] = []
    for sent in sdoc.sents:
        places = []
        side = ""
        for ent in sent.ents:
            if ent.label_ in {"GPE", "LOC"}:
                p = gaz.resolve(ent.text)
                if p is not None:
                    places.append(p)
            if ent.label_ in {"NORP", "GPE"} and not side:
                side = actors.demonym_side(ent.text) or actors.country_side(ent.text) or ""
        ev = Evidence(doc.id, sent.start_char, sent.end_char, sent.text)
        found = False
        for ent in sent.ents:
            if ent.label_ != "CARDINAL" or not ent.text.replace(",", "").isdigit():
                continue
            window = [t.lower_ for t in sdoc[ent.end : min(ent.end + 6, sent.end)]]
            kind = next((_HARM[w] for w in window if w in _HARM), None)
            if kind:
                v = int(ent.text.replace(",", ""))
                claims.append(Claim(f"{ent.start}", doc.id, "", "outlet", "", kind, side, v, v, v, ev))
                found = True
        if found:
            mentions.append(
                Mention(
                    f"{sent.start}",
                    doc.id,
                    "Battles",
                    "Armed clash",
                    "",
                    side,
                    "",
                    "",
                    "outlet",
                    "",
                    DateValue(None, None, "unknown"),
                    tuple(places),
                    ev,
                )
            )
    return mentions, claims


_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBER = re.compile(r"\b(?:\d[\d,]*|" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_CASUALTY = re.compile(
    r"\b(killed|dead|died|deaths?|martyred|wounded|injured|injuries|captured|missing|casualties)\b",
    re.IGNORECASE,
)
_CASUALTY_KIND = {
    "dead": "killed",
    "died": "killed",
    "death": "killed",
    "deaths": "killed",
    "martyred": "killed",
    "injured": "wounded",
    "injuries": "wounded",
}
_NEAR_WORDS = 6  # at most this many words between a number and the casualty word after it
_AFTER_WORDS = 3  # ... or before it


@dataclass(frozen=True)
class RegexClaim:
    start: int  # of the sentence
    end: int
    kind: str
    side: str
    value: int


@cache
def _side_names() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    words = side_words()
    if not words:
        return None, {}
    names = sorted(words, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE), words


def _value(word: str) -> int | None:
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    return _NUMBER_WORDS.get(w)


def regex_claims(text: str) -> list[RegexClaim]:
    """Number near a casualty word; side = nearest country or demonym word in the sentence."""
    names, words = _side_names()
    out: list[RegexClaim] = []
    for a, b in _sentences(text):
        sent = text[a:b]
        nums = [(m.start(), m.end(), _value(m.group(0))) for m in _NUMBER.finditer(sent)]
        sides = [(m.start(), words[m.group(0).lower()]) for m in names.finditer(sent)] if names else []
        used: set[int] = set()
        for cm in _CASUALTY.finditer(sent):
            # the closest number before the word ("three soldiers were killed"), else just after
            # it ("killed three soldiers")
            best: tuple[int, int, int] | None = None
            for i, (s0, s1, v) in enumerate(nums):
                if i in used or v is None or 1800 <= v <= 2100:  # a year is not a toll
                    continue
                before = s1 <= cm.start()
                gap = len((sent[s1 : cm.start()] if before else sent[cm.end() : s0]).split())
                key = (0 if before else 1, gap, i)
                if gap <= (_NEAR_WORDS if before else _AFTER_WORDS) and (best is None or key < best):
                    best = key
            if best is None:
                continue
            used.add(best[2])
            s0, _s1, v = nums[best[2]]
            side = min(sides, key=lambda x: abs(x[0] - s0))[1] if sides else ""
            k = cm.group(1).lower()
            out.append(RegexClaim(a, b, _CASUALTY_KIND.get(k, k), side, int(v or 0)))
    return out


def regex(doc: GoldDoc) -> tuple[list[Mention], list[Claim]]:
    claims = [
        Claim(
            f"{c.start}-{i}",
            doc.id,
            "",
            "outlet",
            "",
            c.kind,
            c.side,
            c.value,
            c.value,
            c.value,
            Evidence(doc.id, c.start, c.end, doc.text[c.start : c.end]),
        )
        for i, c in enumerate(regex_claims(doc.text))
    ]
    return [], claims


def regex_realnews(root: Path, gold: RealnewsGold, side: Callable[[str], str]) -> list[PredClaim]:
    """The regex baseline on the realnews report texts, as the realnews scorer reads claims
    (``side`` normalises a side code the way the scorer does)."""
    out: list[PredClaim] = []
    for f in gold.files:
        path = root / "docs" / f
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for c in regex_claims(text):
            v = float(c.value)
            out.append(
                PredClaim(f, kind(c.kind), side(c.side), "", "outlet", (v, v), v, "", text[c.start : c.end])
            )
    return out


BASELINES = {
    "nothing": lambda doc: ([], []),
    "every-number": every_number,
    "spacy-ner": spacy_ner,
    "regex": regex,
}
