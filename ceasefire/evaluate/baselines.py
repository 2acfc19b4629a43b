"""Trivial systems to read our scores against: an F1 means something only next to these.

- ``nothing``: predicts nothing (every precision is undefined, every recall 0);
- ``every-number``: every number in every sentence is a "killed" claim by the outlet, and
  every sentence with a number is an armed clash;
- ``spacy-ner``: what a coder gets from the plain model: GPE/LOC entities as places (resolved
  in the gazetteer without context), a CARDINAL next to a harm word as a claim, the first
  NORP/GPE demonym as the side, the outlet as claimant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..records import Claim, DateValue, Evidence, Mention
from .gold import GoldDoc

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
    from ..extract.actors import actor_index
    from ..extract.gazetteer import gazetteer
    from ..pipeline import baseline_nlp

    nlp = baseline_nlp()
    gaz = gazetteer()
    actors = actor_index()
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


BASELINES = {
    "nothing": lambda doc: ([], []),
    "every-number": every_number,
    "spacy-ner": spacy_ner,
}
