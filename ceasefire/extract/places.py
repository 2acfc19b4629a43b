"""Toponyms: found by looking the document's capitalised word sequences up in the gazetteer
(spaCy's small model tags some village names as ORG or PERSON, so its NER is not relied on to
find them), then kept only where the parse says they name a place, and resolved with the
document's country context to coordinates, admin1 and country, with a precision.

What is not a place here, whatever the gazetteer says (each a class of error on real news):

* a word inside a longer name: the head of a proper-noun compound ("the Tolvar Mission", "the Upper
  Brenk Republic", "Ilan Tolvar"), a name part after a hyphenated particle ("Deir
  al-Brenk"), a person's name;
* a common noun that happens to be a town ("Police official …" at the start of a sentence:
  the tagger says NOUN and the word is in the English lexicon);
* a person's home town ("Cpt. X, 23, from Brenk"): where a casualty came from, not where it
  happened;
* a country used for its government ("Valdoria's Health Ministry said", "Ostravia
  rejected …"): the subject, possessor or object of what a state says or does.

Resolution context: the parties the caller found, then every country the document names (most
named first), so a village is looked up in the countries the report is about before the most
populous homonym elsewhere; a village of a neighbouring country counts only near the
document's other places.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..records import Place
from . import lexicons
from .gazetteer import Gazetteer, fold, skeleton
from .texts import doc_text

_MAX_TOKENS = 7  # longest name, in spaCy tokens (hyphens and apostrophes: "Brenk-Giv'at 'Tol")
# dependency roles of a country that acts (says, denies, attacks) rather than locates
_ACTOR_DEPS = {"nsubj", "poss", "agent", "csubj"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class PlaceWords:
    """The generic words around toponyms (``data/lexicons/places.json``)."""

    feature: frozenset[str]  # after a toponym, part of the name ("Tolvar region")
    directions: frozenset[str]  # qualify a name, never start a longer one ("northern Brenk")
    area_nouns: frozenset[str]  # after a possessive country, make it a place ("Valdoria's border")
    # before a country or province, name a part of it: word -> (the part's name, northward, eastward)
    compass: Mapping[str, tuple[str, float, float]]
    # verbs ("take off" with its particle) whose "from" names where the weapons or aircraft came
    # from, and verbs whose "to" names where the people went, not where it happened
    origin_verbs: frozenset[str] = frozenset()
    destination_verbs: frozenset[str] = frozenset()
    # where words were said: "told reporters in X", "a press conference in X"
    speech_verbs: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    # verbs that move people to a place only in the passive ("were taken to"), and the places of
    # care a "to" reaches before the town ("taken to hospital in X")
    carried_verbs: frozenset[str] = frozenset()
    care_nouns: frozenset[str] = frozenset()
    # a place naming the government seated there: "the Tolvar authorities said"
    government_nouns: frozenset[str] = frozenset()
    # a route named by its two ends: "the Tolvar-Brenk pipeline", "the Brenk-Dorsk axis"
    route_nouns: frozenset[str] = frozenset()
    # "near the border with X": the neighbour a place lies beside
    border_nouns: frozenset[str] = frozenset()
    # "X province", "the region of X": a first-level division named as one
    division_nouns: frozenset[str] = frozenset()

    @classmethod
    def from_lexicon(cls, raw: Mapping[str, Any]) -> PlaceWords:
        return cls(
            frozenset(raw["feature_words"]),
            frozenset(raw["directions"]),
            frozenset(raw["area_nouns"]),
            {w: (str(n), float(north), float(east)) for w, (n, north, east) in raw["compass"].items()},
            frozenset(raw.get("origin_verbs", ())),
            frozenset(raw.get("destination_verbs", ())),
            frozenset(raw.get("speech_verbs", ())),
            frozenset(raw.get("speech_nouns", ())),
            frozenset(raw.get("carried_verbs", ())),
            frozenset(raw.get("care_nouns", ())),
            frozenset(raw.get("government_nouns", ())),
            frozenset(raw.get("route_nouns", ())),
            frozenset(raw.get("border_nouns", ())),
            frozenset(raw.get("division_nouns", ())),
        )


@dataclass(frozen=True)
class PlaceHit:
    start: int  # character offsets in the document
    end: int
    surface: str
    place: Place
    dateline: bool = False  # "City (Agency) –": where the report was filed, not where it happened
    # where people or weapons came from or went to ("took off from X", "taken to hospital in X")
    elsewhere: bool = False


@lru_cache(maxsize=4)
def _lexicon(vocab_id: int, nlp: Language) -> frozenset[str]:
    """English common words (nouns, verbs, adjectives, adverbs) of the lemmatizer's tables."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index = lookups.get_table("lemma_index")
    except (KeyError, AttributeError, ValueError):
        return frozenset()
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))


@lru_cache(maxsize=512)
def _first_words(keys: frozenset[str]) -> frozenset[str]:
    return frozenset(k.split(" ", 1)[0] for k in keys)


@lru_cache(maxsize=65536)
def _folded(text: str) -> str:
    """``fold(text)``, once per text: the runs of words tried as names recur (a name told again,
    the second search with more countries); measured: 56,623 folds of 5,796 texts over 100
    generated reports."""
    return fold(text)


def _candidates(
    doc: Doc, key_sets: list[frozenset[str]], texts: list[str], with_space: list[str]
) -> list[Span]:
    """Longest gazetteer names starting at capitalised tokens, left to right, not overlapping
    (``texts``: each token's text, ``with_space``: with its whitespace)."""
    firsts = [_first_words(k) for k in key_sets]
    spans: list[Span] = []
    i = 0
    n = len(texts)
    while i < n:
        word = texts[i]
        if not (word[:1].isupper() and not (len(word) > 2 and word.isupper())):
            i += 1
            continue
        first = _folded(word)
        if not any(first in f for f in firsts):
            i += 1
            continue
        # a name holds no line break before its last word: the first one after ``i`` bounds it
        stop = next((j for j in range(i, min(i + _MAX_TOKENS, n)) if "\n" in with_space[j]), n)
        found = 0
        for end in range(min(i + _MAX_TOKENS, n), i, -1):
            last = texts[end - 1]
            if end - 1 > stop or last in {"'s", "’s"}:
                continue
            if not (last.isalnum() or any(ch.isalnum() for ch in last)):
                continue
            key = _folded("".join(with_space[i : end - 1]) + texts[end - 1])
            if any(key in keys for keys in key_sets):
                found = end
                break
        if not found:
            i += 1
            continue
        spans.append(doc[i:found])
        i = found
    return spans


def find_places(
    doc: Doc, nlp: Language, context: Sequence[str], gaz: Gazetteer, words: PlaceWords | None = None
) -> list[PlaceHit]:
    """Every toponym in the document, resolved in the gazetteer ``gaz`` with ``context`` (ISO2
    codes, most salient first) followed by the countries the document names; ``words`` are the
    generic words around toponyms (the bundled ``places.json`` when not given)."""
    words = words or PlaceWords.from_lexicon(lexicons.load("places"))
    parties = [c for c in context if c and len(c) == 2]
    lexicon = _lexicon(id(nlp.vocab), nlp)
    texts = [t.text for t in doc]
    with_space = [t.text_with_ws for t in doc]

    def spans_for(villages: list[str]) -> list[Span]:
        # the neighbours' villages are candidates too: they count only near the document's places
        near_countries = sorted({n for c in villages for n in gaz.neighbours(c)} - set(villages))
        keys = gaz.surface_keys([*villages, *near_countries])
        return [
            s for s in _candidates(doc, keys, texts, with_space) if not _not_a_place(doc, s, lexicon, words)
        ]

    spans = spans_for(parties[:2])
    # countries named anywhere in the document complete the context
    named: Counter[str] = Counter()
    for span in spans:
        place = gaz.country_named(span.text)
        if place is not None:
            named[place.country] += 1
    ctx = list(dict.fromkeys([*parties, *(c for c, _n in named.most_common())]))
    # villages are looked for in the two main parties and the countries named more than once
    # (not in a country named in passing: "a US-brokered truce")
    villages = list(dict.fromkeys([*parties[:2], *(c for c, n in named.most_common() if n > 1)]))

    def towns_country(exclude: Sequence[str]) -> list[str]:
        # the country most of the document's towns lie in, resolved with no context, when two
        # or more of them do; beside the countries of its parties, only names no English word
        # is part of (a common word or a demonym names a town abroad too)
        found: Counter[str] = Counter()
        for span in spans:
            if exclude and any(t.lower_ in lexicon for t in span):
                continue
            hit = _resolve(gaz, words, doc, span, (), (), ())
            if hit is not None and hit.place.precision != "country" and hit.place.country not in exclude:
                found[hit.place.country] += 1
        return [c for c, n in found.most_common(1) if n > 1]

    if not ctx:
        # a report that names no party and no country (a local outlet's "the attack on farmers
        # near <village>") still names towns: the country most of them lie in is its context
        top = towns_country(())
        ctx, villages = top, top

    def resolved(ctx: list[str], villages: list[str]) -> tuple[list[Span], dict[int, PlaceHit]]:
        spans_here = spans if villages == parties[:2] else spans_for(villages)
        # other romanisations of the parties' place names ("Tholvarphu" for Tolvarpu)
        respelled = _respelled(
            doc, spans_here, gaz.spellings(villages), gaz.spelling_starts(villages), lexicon, words, texts
        )
        if respelled:
            spans_here = sorted([*spans_here, *respelled], key=lambda sp: sp.start)
        # first pass: in the document's countries (and the world's largest cities); second pass:
        # what is left, near the places the first pass found (a village across the border)
        hits: dict[int, PlaceHit] = {}
        later: list[tuple[int, Span]] = []
        for k, span in enumerate(spans_here):
            hit = _resolve(gaz, words, doc, span, ctx, (), villages, respelled.get(span))
            if hit is None:
                later.append((k, span))
            elif not _acts_for_state(gaz, words, span, hit.place):
                hits[k] = hit
        anchors = [h.place for h in hits.values() if h.place.precision != "country"]
        if anchors:
            for k, span in later:
                hit = _resolve(gaz, words, doc, span, ctx, anchors, villages, respelled.get(span))
                if hit is not None and not _acts_for_state(gaz, words, span, hit.place):
                    hits[k] = hit
        return spans_here, hits

    spans_found, hits = resolved(ctx, villages)
    if ctx and all(h.place.precision == "country" for h in hits.values()) and (top := towns_country(ctx)):
        # the parties it names are not where it happened (an ally's contingent, a movement of
        # no one state), and no town lies in their countries: the country most of its towns lie
        # in joins the context, as for a report that names no party
        spans_found, hits = resolved([*ctx, *top], [*villages, *top])
    spans = spans_found
    text = doc_text(doc)
    return [
        replace(hit, dateline=_dateline(text, spans[k]), elsewhere=_elsewhere(spans[k], words))
        for k in sorted(hits)
        for hit in (_compass_part(gaz, words, doc, spans[k], hits[k]),)
    ]


_RESPELL_TOKENS = 3  # longest name looked for by its skeleton, in tokens


@lru_cache(maxsize=65536)
def _spelling_key(text: str) -> tuple[str, str]:
    """``(fold(text), its skeleton)``, once per surface form (the same capitalised words recur)."""
    key = fold(text)
    return key, skeleton(key)


def _respelled(
    doc: Doc,
    spans: Sequence[Span],
    spellings: Mapping[str, frozenset[str]],
    starts: Container[str],
    lexicon: frozenset[str],
    words: PlaceWords,
    texts: list[str],
) -> dict[Span, frozenset[str]]:
    """Capitalised names outside ``spans`` whose skeleton is that of a place of the document's
    countries (``spellings``, see ``Gazetteer.spellings``; ``starts``: their first words):
    span -> the gazetteer's forms. ``texts``: each token's text (a Token costs more to make than
    the test of most words)."""
    if not spellings:
        return {}
    taken = {i for sp in spans for i in range(sp.start, sp.end)}
    found: dict[Span, frozenset[str]] = {}
    i, n = 0, len(doc)
    while i < n:
        if i in taken or not texts[i][:1].isupper():
            i += 1
            continue
        tok = doc[i]
        if tok.is_upper or tok.lower_ in words.directions or _spelling_key(tok.text)[1] not in starts:
            i += 1
            continue
        for end in range(min(i + _RESPELL_TOKENS, n), i, -1):
            if any(j in taken or not texts[j][:1].isupper() for j in range(i, end)):
                continue
            span = doc[i:end]
            key, sk = _spelling_key(span.text)
            forms = spellings.get(sk)
            # a form the gazetteer spells so was the exact matcher's to take or leave
            if not forms or key in forms or _not_a_place(doc, span, lexicon, words):
                continue
            found[span] = forms
            i = end - 1
            break
        i += 1
    return found


def _compass_part(gaz: Gazetteer, words: PlaceWords, doc: Doc, span: Span, hit: PlaceHit) -> PlaceHit:
    """ "southern Valdoria", "south Valdoria", "central Brenk Province": the part of a country or
    province a compass word names, nearer where it happened than the country's capital."""
    if span.start == 0 or hit.start != span.start_char:
        return hit
    prev = doc[span.start - 1]
    bearing = words.compass.get(prev.lower_)
    if bearing is None:
        return hit
    part = gaz.part(hit.place, *bearing)
    if part is None:
        return hit
    return PlaceHit(prev.idx, hit.end, doc_text(doc)[prev.idx : hit.end], part)


def _resolve(
    gaz: Gazetteer,
    words: PlaceWords,
    doc: Doc,
    span: Span,
    ctx: Sequence[str],
    near: Sequence[Place],
    villages: Sequence[str],
    spelled: frozenset[str] | None = None,
) -> PlaceHit | None:
    if spelled is not None:
        # another romanisation: looked up as the gazetteer spells it, when its spellings of that
        # skeleton are one place (not two villages alike)
        found = {p for form in spelled if (p := gaz.resolve(form, context=ctx, near=near, villages=villages))}
        if len(found) != 1:
            return None
        return PlaceHit(span.start_char, span.end_char, span.text, found.pop())
    name = span.text
    end_tok = span.end
    if end_tok < len(doc) and doc[end_tok].lower_ in words.feature:
        name = f"{name} {doc[end_tok].lower_}"
        end_tok += 1
    end_char = doc[end_tok - 1].idx + len(doc[end_tok - 1])
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.is_title and not prev.is_sent_start:
        # "New York", "East Tolvar": a capitalised word before may complete the name
        longer = gaz.resolve(f"{prev.text} {name}", context=ctx, near=near, villages=villages)
        if longer is not None:
            return PlaceHit(prev.idx, end_char, f"{prev.text} {name}", longer)
    place = gaz.resolve(name, context=ctx, near=near, villages=villages)
    if place is None:
        return None
    if place.feature != "country" and place.country not in ctx and _starts_longer_name(doc, end_tok):
        # "near Velgrad Yadi", "the Dravik Bay camp": the first word of a name the gazetteer
        # does not know, matched to a big namesake in a country the report is not about
        return None
    return PlaceHit(span.start_char, end_char, name, place)


def _starts_longer_name(doc: Doc, end: int) -> bool:
    """Whether a capitalised word follows token ``end`` in the sentence (whatever the tagger
    makes of it: "Bay" in "the Dravik Bay camp" is a NOUN to the small model)."""
    if end >= len(doc):
        return False
    nxt = doc[end]
    return nxt.is_title and not nxt.is_sent_start and not nxt.is_punct


def _not_a_place(doc: Doc, span: Span, lexicon: frozenset[str], words: PlaceWords) -> bool:
    return (
        _is_person_name(doc, span, words)
        or _inside_longer_name(doc, span, words)
        or _common_word(span, lexicon)
        or _home_town(span)
    )


# the agency that closes a dateline: "(Agency) -"
_AGENCY = r"\s*\([A-Za-z][\w .&/-]{0,30}\)\s*[-–—:]"
# after a line's first words: ", <country or date>" then "(<agency>) -", or an upper-case
# name's colon ("CITY, Month 3 (Agency) -", "City (Agency) –", "CITY:")
_DATELINE_AFTER = re.compile(r"(?:,[^\n(]{1,40}?)?" + _AGENCY)
# after a dateline's date: ", <year>" then "(<agency>) -" ("VELGRAD, June 11 (Agency) - ...")
_DATELINE_DATE_AFTER = re.compile(r"(?:,\s*\d{4})?" + _AGENCY)
_DATELINE_CITY = 40  # longest "CITY, " before a dateline's date


def _dateline(text: str, span: Span) -> bool:
    """ "City (Agency) – ...": where the report was filed. It still tells which country a report
    is about (whose local officials speak), but it is not where anything happened."""
    line_start = text.rfind("\n", 0, span.start_char) + 1
    if text[line_start : span.start_char].strip():
        return False
    after = text[span.end_char : span.end_char + 60]
    if _DATELINE_AFTER.match(after):
        return True
    if not after.startswith(":") or len(span.text) <= 2:
        return False
    if span.text.isupper():
        return True  # "CITY:" anywhere
    # "City:" opens a dateline only in the report's first lines and before a lead sentence: a
    # headline "City: drone kills 12" and a list's "City: two killed" say where it happened
    line_end = text.find("\n", span.end_char)
    lead = text[span.end_char + 1 : line_end if line_end >= 0 else len(text)].strip()
    if len(lead.split()) < _LEAD_WORDS or not lead.endswith((".", '"', "\u201d")):
        return False
    before = 0
    for line in text[:line_start].splitlines():
        before += bool(line.strip())
        if before > 1:
            return False
    return True


_LEAD_WORDS = 12  # a dateline's lead sentence is at least this long; a headline is shorter


def in_dateline(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the date of a dateline ("CITY, June 11 (Agency) -"): when
    the report was filed, not when what it tells happened ("... shelled the camp on Tuesday")."""
    head = text[text.rfind("\n", 0, start) + 1 : start]
    return (
        len(head) <= _DATELINE_CITY
        and head.rstrip().endswith(",")
        and _DATELINE_DATE_AFTER.match(text, end) is not None
    )


# the links from a place up to the verb whose motion it ends or starts: "to [the hospital in] X",
# "from [an airbase near] X"
_MOTION_PATH = {"pobj", "prep", "compound", "appos", "nmod", "npadvmod", "conj", "cc"}


def _seat_of_government(span: Span, words: PlaceWords) -> bool:
    """A town standing for the government seated there, as the modifier of its name ("the Tolvar
    authorities said", "Brenk's administration"), wherever it sits (a de facto capital is no
    capital in the gazetteer). Kept as a hit, marked elsewhere: the sentence names a place, just
    not where it happened. Not "the Tolvar administration building", which is in Tolvar."""
    root = span.root
    head = root.head
    return (
        root.dep_ in {"compound", "poss"}
        and head.lower_ in words.government_nouns
        and head.dep_ != "compound"
    )


def _route_end(span: Span, words: PlaceWords) -> bool:
    """One end of a route named by its two ends ("on the Tolvar-Brenk pipeline", "the Dorsk-Brenk
    road"): the route may run hundreds of kilometres; where on it something happened, its ends
    do not say (a clash on a pipeline had been placed at its port 500 km away)."""
    doc = span.doc
    i, j = span.start, span.end
    if j + 1 < len(doc) and doc[j].text in _HYPHENS and not doc[j].whitespace_ and doc[j + 1].is_title:
        k = j + 1
        while k < len(doc) and k < j + 4 and doc[k].is_title:
            k += 1
        return _route_noun(doc, k, words)
    if i >= 2 and doc[i - 1].text in _HYPHENS and not doc[i - 2].whitespace_ and doc[i - 2].is_title:
        return _route_noun(doc, j, words)
    return False


def _beside(span: Span, words: PlaceWords) -> bool:
    """ "near the border with X", "along its frontier with the X": the neighbour a place lies
    beside, not where it happened. Read from the words: a sentence not parsed has no parse."""
    doc = span.doc
    i = span.start - 1
    for _ in range(3):  # "the border with X and Y", "borders with X, Y and Z"
        if i >= 0 and doc[i].lower_ == "the":
            i -= 1
        if i >= 1 and doc[i].lower_ == "with" and doc[i - 1].lower_ in words.border_nouns:
            return True
        if i < 1 or doc[i].lower_ not in {"and", "or", ","}:
            return False
        i -= 1
        while i >= 0 and doc[i].is_title and span.start - i < 12:
            i -= 1
    return False


def _route_noun(doc: Doc, k: int, words: PlaceWords) -> bool:
    """Whether a route noun follows at ``k``, after at most two lower-case words ("oil pipeline",
    "main supply road"). The word itself, not its lemma: a sentence not parsed has none."""
    for tok in doc[k : k + 3]:
        if tok.lower_ in words.route_nouns or tok.lower_.removesuffix("s") in words.route_nouns:
            return True
        if not tok.is_lower:
            return False
    return False


_HYPHENS = frozenset({"-", "‑", "–"})


def _elsewhere(span: Span, words: PlaceWords) -> bool:
    """ "took off from X and struck ...", "rockets fired from X", "fled towards X", "were taken
    to hospital in X": the place the weapons or aircraft came from, or the people went to, is not
    where it happened; nor is where it was told ("told reporters in X", "a news conference in
    X"). Read from the parse: a sentence that was not parsed keeps its places. Only the
    preposition that governs the place counts ("drove into a market in X", "fired from rooftops
    in X" are in X), but for "to <a hospital> in X". Nor is the seat of a government named for
    it ("the Tolvar authorities said")."""
    if _seat_of_government(span, words) or _route_end(span, words) or _beside(span, words):
        return True
    tok = span.root
    preps: list[Token] = []
    for _ in range(6):
        if tok.dep_ not in _MOTION_PATH or tok.head.i == tok.i:
            return False
        if tok.dep_ == "prep":
            preps.append(tok)
        tok = tok.head
        if (
            len(preps) == 1
            and preps[0].lower_ in _AT
            and tok.pos_ == "NOUN"
            and tok.lemma_.lower() in words.speech_nouns
        ):
            return True
        if tok.pos_ in {"VERB", "AUX"}:
            break
    else:
        return False
    if tok.pos_ not in {"VERB", "AUX"} or not preps:
        return False
    prep = preps[0].lower_
    if len(preps) > 1:
        if not (
            prep in _AT and preps[1].lower_ in _TOWARDS and preps[0].head.lemma_.lower() in words.care_nouns
        ):
            return False
        prep = preps[1].lower_
    lemma = tok.lemma_.lower()
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), "")
    # after the verb: "In X, police said ..." sets the scene of what they tell
    if (
        prep in _AT
        and span.start > tok.i
        and (
            lemma in words.speech_verbs
            # "held a news conference in X", "gave an interview in X"
            or any(c.dep_ == "dobj" and c.lemma_.lower() in words.speech_nouns for c in tok.children)
        )
    ):
        return True
    if prep == "from":
        return f"{lemma} {particle}".strip() in words.origin_verbs
    # "took the fight to X", "brought the toll to 40": these verbs move people only in the passive
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)
    if lemma not in words.destination_verbs and not (passive and lemma in words.carried_verbs):
        return False
    if prep in _TOWARDS:
        return True
    # "taken to hospital in X": the parser hangs "in X" on the verb, after its "to"
    return prep in _AT and any(
        c.dep_ == "prep" and c.lower_ in _TOWARDS and c.i < span.start for c in tok.children
    )


_TOWARDS = {"to", "towards", "toward", "into"}
_AT = {"in", "at"}


def _is_person_name(doc: Doc, span: Span, words: PlaceWords) -> bool:
    """ "Marta Kovac", "Tolvar Dorsk", "spokesman Ilan Brenk": a place name used as a
    first name or a surname."""
    if all(t.ent_type_ == "PERSON" for t in span) and (
        span.start > 0 and doc[span.start - 1].ent_type_ == "PERSON" and doc[span.start - 1].ent_iob_ != "O"
    ):
        return True  # the surname of a person the NER has found
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is None or not nxt.text[:1].isupper() or nxt.lower_ in words.feature:
        return False
    return (
        span.root.ent_type_ == "PERSON"
        or nxt.ent_type_ == "PERSON"
        or (len(span) == 1 and nxt.pos_ == "PROPN" and nxt.ent_type_ not in {"GPE", "LOC", "FAC"})
    )


def _inside_longer_name(doc: Doc, span: Span, words: PlaceWords) -> bool:
    """The span is the end of a longer proper name that is not itself a place: "the Tolvar Mission",
    "the Upper Brenk Republic", "Deir al-Brenk" (a name part after a hyphenated particle).
    The left part of such a name still names a place ("Tolvar Airport": Tolvar)."""
    if span.start == 0:
        return False
    prev = doc[span.start - 1]
    if prev.text in _HYPHENS and not prev.whitespace_ and span.start > 1:
        before = doc[span.start - 2]
        # "al-Brenk", "el-Tolvar": a lowercase particle glued to the name
        return not before.whitespace_ and before.text[:1].islower()
    if prev.is_sent_start or not prev.text[:1].isupper() or prev.lower_ in words.directions:
        return False
    if prev.pos_ != "PROPN" or prev.dep_ not in {"compound", "amod", "nmod"}:
        return False
    if not (span.start <= prev.head.i < span.end):
        return False  # the capitalised word before modifies something else
    # the NER says the span alone is a place: keep it ("Valdorian Tolvar" is not one name)
    return not any(e.start == span.start and e.end == span.end and e.label_ in _PLACE_ENTS for e in doc.ents)


def _common_word(span: Span, lexicon: frozenset[str]) -> bool:
    """ "Police official Marta Kovac says …": a one-word match that the tagger reads as a
    common noun (or verb, adjective) and the English lexicon knows."""
    if len(span) != 1 or not lexicon:
        return False
    tok = span[0]
    return tok.pos_ in {"NOUN", "VERB", "ADJ", "ADV", "AUX"} and tok.lower_ in lexicon


def _home_town(span: Span) -> bool:
    """ "Sgt. X, 21, from Tolvar": the place a named person comes from."""
    root = span.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ != "from":
        return False
    head = prep.head
    if head.ent_type_ == "PERSON":
        return True
    # "Name, 22, from X": a proper name with an age in apposition is a person
    return head.pos_ == "PROPN" and any(c.dep_ == "appos" and c.like_num for c in head.children)


def _is_capital(gaz: Gazetteer, place: Place) -> bool:
    """A country's capital ("Velgrad said", "New Dravik's claim" stand for a government): the
    gazetteer's country rows sit on their capital's coordinates."""
    try:
        country = gaz.country(place.country)
    except KeyError:
        return False
    return abs(country.latitude - place.latitude) < 0.05 and abs(country.longitude - place.longitude) < 0.05


def _acts_for_state(gaz: Gazetteer, words: PlaceWords, span: Span, place: Place) -> bool:
    """A country (or its capital) that acts rather than locates: subject ("Ostravia rejected"), possessor
    ("Valdoria's health ministry"), the agent of a passive ("by Ostravia"), or the modifier
    of an organisation ("the Ostravia Defence Ministry"). An object stays a place ("shelled
    Valdoria")."""
    if place.precision != "country" and not _is_capital(gaz, place):
        return False
    root = span.root
    dep = root.dep_
    if dep == "conj":  # "Valdoria and Ostravia exchanged fire": the first conjunct's role
        first = root.head
        while first.dep_ == "conj" and first.head is not first:
            first = first.head
        dep, root = first.dep_, first
    if dep == "poss":
        # "Valdoria's health ministry" acts; "Valdoria's Tolvar province" is a place
        head = root.head
        return head.ent_type_ not in _PLACE_ENTS and head.lower_ not in words.area_nouns
    if dep in _ACTOR_DEPS:
        return True
    if dep == "pobj" and root.head.lower_ == "by":
        return True
    return dep == "compound" and root.head.ent_type_ == "ORG"


__all__ = ["PlaceHit", "find_places", "in_dateline"]
