"""Casualty figures in one sentence: killed, wounded, captured, missing, detained, hostages.

Pure Python over plain text (no spaCy): the sentence is split into word tokens with their
character offsets, then a small hand-written grammar finds

* a victim noun phrase (``six to eight enemy servicemen``, ``13 of their soldiers``,
  ``an Ostravian serviceman``) linked to a harm word after it (``were killed``,
  ``died``, ``are missing``), inside it (``seven casualties``, ``two wounded soldiers``) or
  before it (``shelling killed two``, ``the deaths of three``, ``leaving two dead``);
* toll phrases (``the death toll rose to 12``).

A number only becomes a figure when it counts people or casualties *and* a harm word
connects to it; dates, years, clock times, money, percentages and counts of places or
weapons never do. Word lists and the values of vague quantifiers live in
``ceasefire/data/lexicons/figures.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from . import lexicons

__all__ = ["Figure", "counts", "find_figures", "listed", "parse_quantity", "sum_conjuncts"]

KINDS = ("killed", "wounded", "captured", "missing", "casualties", "detained", "hostages")


@dataclass(frozen=True)
class Figure:
    """One casualty figure; ``start``/``end`` are offsets into the sentence given."""

    start: int
    end: int
    text: str
    kind: str
    low: int | None
    best: int | None
    high: int | None
    civilian: bool
    subject: str
    subject_start: int
    subject_end: int
    qualifier: str
    negated: bool


# ---------------------------------------------------------------------------------------
# lexicon

Phrase = tuple[str, ...]
# first token -> [(phrase, kind)], longest first, so a lookup tries the longest match first
PhraseTable = dict[str, list[tuple[Phrase, str]]]


@dataclass(frozen=True)
class _Head:
    kind: str | None  # a harm noun's kind; None for a plain victim noun
    civilian: bool
    combatant: bool
    plural: bool
    adjectival: bool  # may also stand before another head ("civilian residents")


def _split(entry: str) -> tuple[str, str | None]:
    """'soldier/soldiers' -> ('soldier', 'soldiers'); a lone word is plural-only."""
    if "/" in entry:
        sg, pl = entry.split("/", 1)
        return sg, pl
    return entry, None


def _table(groups: dict[str, Any]) -> PhraseTable:
    table: PhraseTable = {}
    for kind, phrases in groups.items():
        if kind.startswith("_"):
            continue
        for phrase in phrases:
            toks = tuple(phrase.split(" "))
            table.setdefault(toks[0], []).append((toks, kind))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def _phrases(items: Iterable[str]) -> set[Phrase]:
    return {tuple(p.split(" ")) for p in items}


class _Lexicon:
    """The JSON lexicon turned into sets and lookup tables, built once."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        nw = raw["number_words"]
        self.units: dict[str, int] = nw["units"]
        self.tens: dict[str, int] = nw["tens"]
        self.scales: dict[str, int] = nw["scales"]
        self.dozen: int = nw["dozen"]

        self.vague: dict[Phrase, tuple[int | None, int | None, int | None]] = {}
        for word, v in raw["vague_quantities"].items():
            if not word.startswith("_"):
                self.vague[tuple(word.split(" "))] = (v["low"], v["best"], v["high"])
        self.bare_plural = self.vague.pop(("bare_plural",))
        self.vague_starts = frozenset(p[0] for p in self.vague)  # "dozens", "several", …
        self.vague_max = max(len(p) for p in self.vague)
        vts = raw["vague_times_scale"]
        self.vts_words = _phrases(vts["words"])
        self.vts_scales: dict[str, int] = vts["scales"]
        self.vts_factors = (vts["low_factor"], vts["high_factor"])

        self.qualifiers = {
            tuple(k.split(" ")): v for k, v in raw["qualifiers"].items() if not k.startswith("_")
        }
        self.qual_max = max(len(p) for p in self.qualifiers)
        self.particle_quals = set(raw["particle_verbs"]["qualifiers"])
        self.particle_verbs = set(raw["particle_verbs"]["words"])
        neg = raw["negative_quantifiers"]
        self.neg_quants = _phrases(neg["phrases"])
        self.needs_neg = _phrases(neg["needs_negation"])
        self.singular = _phrases(raw["singular_quantifiers"])
        self.dets = _phrases(raw["determiners"])
        self.part_pronouns = set(raw["partitive_pronouns"])

        self.heads: dict[Phrase, _Head] = {}
        adjectival = set(raw["adjectival_heads"]["words"])
        non_adjectival = set(raw["non_adjectival_heads"])
        for cls, entries in raw["victim_nouns"].items():
            if cls.startswith("_"):
                continue
            for entry in entries:
                sg, pl = _split(entry)
                civ, comb = cls == "civilian", cls == "combatant"
                if pl is None:
                    self._add_head(sg, _Head(None, civ, comb, True, sg in adjectival))
                else:
                    # singular demonyms stand before nouns: "an Ostravian serviceman"
                    adj = sg in adjectival or (
                        cls == "neutral" and pl.endswith("s") and sg[:1].isalpha() and pl not in ("persons",)
                    )
                    adj = adj and sg not in non_adjectival
                    self._add_head(sg, _Head(None, civ, comb, False, adj))
                    self._add_head(pl, _Head(None, civ, comb, True, False))
        harm_adj_words = {w for k, ws in raw["harm_adjectives"].items() if not k.startswith("_") for w in ws}
        for kind, entries in raw["harm_nouns"].items():
            if kind.startswith("_"):
                continue
            for entry in entries:
                sg, pl = _split(entry)
                if pl is None:
                    self._add_head(sg, _Head(kind, False, False, True, sg in harm_adj_words))
                else:
                    self._add_head(sg, _Head(kind, False, False, False, sg in harm_adj_words))
                    self._add_head(pl, _Head(kind, False, False, True, False))
        self._add_head("lives", _Head("killed", False, False, True, False))
        self.head_max = max(len(p) for p in self.heads)
        self.head_starts = {p[:1] for p in self.heads}

        self.harm_adj: dict[str, str] = {}
        for kind, words in raw["harm_adjectives"].items():
            if not kind.startswith("_"):
                for w in words:
                    self.harm_adj[w] = kind
        self.civ_mods = set(raw["civilian_modifiers"])
        self.not_people = set(raw["harm_nouns_not_people"]["words"])

        self.passive = _table(raw["passive_participles"])
        self.intransitive = _table(raw["intransitive_predicates"])
        self.predicate = _table(raw["predicate_adjectives"])
        self.active = _table(raw["active_triggers"])
        self.reduced_excluded = _phrases(raw["reduced_relative_excluded"]["phrases"])
        self.lives_triggers = set(raw["lives_triggers"])
        self.nominal: dict[str, str] = {}
        for kind, words in raw["nominal_triggers"].items():
            if not kind.startswith("_"):
                for w in words:
                    self.nominal[w] = kind
        self.result_triggers = set(raw["result_triggers"])
        cap = raw["capture_triggers"]
        self.capture_verbs = set(cap["verbs"])
        self.capture_results = _table(
            {
                kind: [w for w, k in cap["results"].items() if k == kind]
                for kind in set(cap["results"].values())
            }
        )
        self.tolls = _table(raw["toll_heads"])
        self.toll_links = set(raw["toll_links"])

        aux = raw["auxiliaries"]
        self.be = set(aux["be"])
        self.adverbs = set(aux["adverbs"])
        self.aux = set(aux["other"]) | self.adverbs
        self.negators = set(aux["negators"]) - {"no"}
        self.deny = set(raw["deny_words"])
        self.vocatives = set(raw["vocatives"]["words"])
        # a deny word after these is an adjective: the determiners and the listed prepositions
        self.attributive_before = _phrases(raw["deny_attributive_before"]["words"]) | self.dets
        self.neg_lookback = set(raw["negation_lookback"]) - {"no"}
        self.neg_bridge = set(raw["negation_bridge"]["words"])
        self.zero_bridge = self.neg_bridge | set(raw["zero_bridge"]["words"])
        self.clause_breaks = set(raw["clause_breaks"])
        self.speaker_verbs = frozenset(raw["speaker_verbs"])
        self.zero_unhurt = frozenset(raw["zero_unhurt"]["words"])
        # "killed seven civilians, two residents and a nurse said": who speaks, not who was hit
        self.speaker_heads = frozenset(lexicons.load("attribution")["local_speakers"])
        uq = raw["unquantified_harm"]
        self.unquantified_nouns: dict[str, str] = dict(uq["nouns"])
        mods = "|".join(re.escape(x) for x in sorted(uq["modifiers"], key=len, reverse=True))
        nouns = "|".join(re.escape(x) for x in sorted(uq["nouns"], key=len, reverse=True))
        self.unquantified = re.compile(rf"(?i)\b(?:(?P<mod>{mods})\s+)?(?P<noun>{nouns})\b")
        self.unquantified_verbs = re.compile(
            r"(?i)\b(?:" + "|".join(re.escape(v) for v in uq["verbs"]) + r")\b(?:\W+\w+){0,2}\W*$"
        )
        self.unquantified_not_after = tuple(x.lower() for x in uq["not_after"])
        safe = raw["safe_return"]
        verbs = "|".join(re.escape(v) for v in sorted(safe["verbs"], key=len, reverse=True))
        manner = "|".join(re.escape(v) for v in sorted(safe["manner"], key=len, reverse=True))
        # "returned safely", "returned to their bases safely": up to four words between
        self.safe_return = re.compile(rf"(?i)\b(?:{verbs})\b(?:\s+[\w'’-]+){{0,4}}?\s+(?:{manner})\b")
        self.safe_manner = frozenset(max(m.split(), key=len) for m in safe["manner"])
        self.safe_subjects = frozenset(safe["subjects"])
        # "dead and wounded are reported on both sides": the passive of a reporting verb after it
        passive = "|".join(re.escape(v) for v in uq["verbs"] if v.endswith("ed"))
        self.unquantified_passive = re.compile(
            rf"(?i)^\s+(?:are|were|was|is|have\s+been|has\s+been)\s+(?:also\s+)?(?:{passive})\b"
        )
        self.modifiers = set(raw["modifiers"])
        self.closed = set(raw["closed_class"])
        self.counted_only = frozenset(raw.get("counted_only", ()))
        self.manner_after: dict[str, frozenset[str]] = {
            k: frozenset(v) for k, v in raw.get("manner_after", {}).items()
        }
        self.noncas = set(raw["non_casualty_nouns"]["words"])
        nq = raw["non_quantity_context"]
        self.nq_before = set(nq["before"])
        self.at_counts = set(nq["at_counts"])
        self.nq_after = set(nq["after"])
        self.year_before = set(nq["year_before"])
        self.months = set(nq["months"])
        self.weekdays = set(nq["weekdays"])
        self.relative = set(raw["relative_pronouns"])
        self.objects = set(raw["object_pronouns"])
        self.copular = frozenset(raw["copular_verbs"])
        # words that start a verb phrase: never an unknown modifier ("3 went missing")
        self.verb_starts: set[str] = (
            set(self.be)
            | set(self.aux)
            | self.result_triggers
            | self.capture_verbs
            | self.lives_triggers
            | set(self.nominal)
        )
        for table in (self.passive, self.intransitive, self.predicate, self.active):
            self.verb_starts.update(table)

        # a cheap first test: every figure needs one of these words. Each harm phrase
        # contributes its longest word, which is also its rarest in ordinary text
        generic = (
            self.closed
            | set(self.units)
            | {"number", "those", "people", "count", "figure", "their", "his", "her", "the"}
        )
        prefilter: set[str] = set()
        for table in (self.passive, self.intransitive, self.predicate, self.active, self.tolls):
            for entries in table.values():
                for phrase, _kind in entries:
                    content = [t for t in phrase if t != "~" and t not in generic]
                    if content:
                        prefilter.add(max(content, key=len))
        for phrase, head in self.heads.items():
            if head.kind:
                prefilter.add(max(phrase, key=len))
        prefilter.update(self.nominal)
        prefilter.update(self.harm_adj)
        prefilter.update(self.safe_manner)
        # hyphenated entries are looked up by a part, as _WORD splits them
        self.prefilter = frozenset(max(w.split("-"), key=len) for w in prefilter)
        # first words of every count expression, to turn most tokens away at once
        self.qty_starts: set[str] = {"between", "half", "a", "an"} | set(self.units) | set(self.tens)
        for group in (
            self.qualifiers,
            self.neg_quants,
            self.needs_neg,
            self.singular,
            self.vague,
            self.vts_words,
        ):
            self.qty_starts.update(p[0] for p in group)

    def _add_head(self, phrase: str, head: _Head) -> None:
        self.heads.setdefault(tuple(phrase.split(" ")), head)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    return _Lexicon(lexicons.load("figures"))


# ---------------------------------------------------------------------------------------
# tokens

# words keep inner hyphens, apostrophes and digit separators ("44-day", "6,600", "6-8",
# "Ostravia's", "twenty-five"), so a compound like "44-day" is never read as a count.
#
# Why the figure reader makes its own tokens instead of reading spaCy's (issue 13 asked for
# spaCy's): its grammar is written over these units, and spaCy cuts them differently. The
# English tokenizer splits "44-day", "twenty-five", "6-8" at the hyphen and "Ostravia's" before
# the "'s"; rebuilding the units above from spaCy's tokens means gluing back the pieces no space
# separates by this same pattern, which is this tokenisation again, run per token instead of
# per sentence (no time saved, and every rule that looks one token ahead would then see a
# different neighbour: results change). ``find_figures`` and ``parse_quantity`` also read any
# string, parsed or not, so the reader stays on text. What it takes from spaCy is the sentence:
# it runs on the sentences the selection parsed (the figures component), never on a whole text.
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W_]+(?:['’.,\-–][^\W_]+)*|\S")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DIGIT_RANGE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)[-–](\d{1,3}(?:,\d{3})+|\d+)")
_QUOTES = frozenset({'"', "“", "”", "«", "»", "'", "‘", "’"})  # opening or closing a quotation
_ASIDE_OPENERS = frozenset({"a", "an", "which", "where", "who", "whose", "that", "home"})
_NUMERIC_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}")  # a date in digits
_DECIMAL = re.compile(r"\d+\.\d+")
# "there were (also) …" right before a victim phrase asserts there were some; "if there were" does not
_EXISTENTIAL = re.compile(
    r"(?i)(?<!\bif )(?<!\bwhether )\bthere\s+"
    r"(?:is|are|was|were|have\s+been|has\s+been|had\s+been)\s+(?:also\s+)?$"
)
_NOT_BEFORE_DIGITS = frozenset(":/#$€£₼+")
_NOT_AFTER_DIGITS = frozenset(":/%")


@dataclass(frozen=True)
class _Qty:
    low: int | None
    best: int | None
    high: int | None
    qualifier: str
    start: int
    end: int
    zero: bool = False  # "no", "none", "nobody": a negated zero
    needs_neg: bool = False  # "any": only a figure in a negated clause
    article: bool = False  # "a"/"an"/"another": the subject keeps it
    explicit: bool = True  # a numeral or vague word (kept when the clause is negated)


@dataclass(frozen=True)
class _NP:
    start: int
    end: int
    qty: _Qty | None
    subj_start: int  # token range of the subject; subj_start == subj_end: none
    subj_end: int
    head: _Head | None
    mod_kind: str | None  # harm adjective among the modifiers ("wounded soldiers")
    civilian: bool
    combatant: bool
    partitive: bool
    head_text: str = ""  # the head noun, lower case ("lives", "casualties", "soldiers")


@dataclass(frozen=True)
class _Link:
    kind: str
    start: int  # token range of the harm words (for the figure's text span)
    end: int
    negated: bool


class _Sentence:
    """One sentence's tokens and the grammar that reads figures out of them."""

    def __init__(self, text: str, lex: _Lexicon, people: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.lex = lex
        self.people = people  # plural names of peoples from the reference data ("<demonym>s")
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.toks: list[str] = []
        for m in _TOKEN.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
            self.toks.append(m.group())
        self.low = [t.lower().replace("’", "'") for t in self.toks]
        self.n = len(self.toks)
        # the grammar asks the same questions of a token many times: answer each once
        self._qty_cache: dict[int, _Qty | None] = {}
        self._np_cache: dict[tuple[int, bool], _NP | None] = {}
        self._head_cache: dict[int, tuple[int, _Head] | None] = {}

    # -- small predicates ---------------------------------------------------------------

    def _at(self, i: int) -> str:
        return self.low[i] if 0 <= i < self.n else ""

    def _match(self, i: int, phrases: set[Phrase], maxlen: int = 4) -> int:
        """End of the longest phrase from ``phrases`` starting at ``i``, or -1."""
        for size in range(min(maxlen, self.n - i), 0, -1):
            if tuple(self.low[i : i + size]) in phrases:
                return i + size
        return -1

    def _match_table(self, i: int, table: PhraseTable) -> tuple[int, str] | None:
        if i >= self.n:
            return None
        for phrase, kind in table.get(self.low[i], ()):
            end = self._match_phrase(i, phrase)
            if end >= 0:
                return end, kind
        return None

    def _match_phrase(self, i: int, phrase: Phrase) -> int:
        k = i
        for pos, word in enumerate(phrase):
            if word == "~":
                # up to three free words ("sustained minor shrapnel injuries")
                rest = phrase[pos + 1 :]
                for skip in range(0, 4):
                    end = self._match_phrase(k + skip, rest) if k + skip <= self.n else -1
                    if end >= 0:
                        return end
                return -1
            if k >= self.n or self.low[k] != word:
                return -1
            k += 1
        return k

    def _is_cap(self, i: int) -> bool:
        tok = self.toks[i]
        lw = self.low[i]
        return (
            tok[:1].isupper()
            and tok[:1].isalpha()
            and lw not in self.lex.closed
            and lw not in self.lex.months
            and lw not in self.lex.weekdays
            and (lw,) not in self.lex.dets
            and (lw,) not in self.lex.singular
            and lw not in self.lex.noncas
        )

    def _is_word(self, i: int) -> bool:
        return i < self.n and self.toks[i][:1].isalpha()

    def _is_negator(self, i: int) -> bool:
        lw = self._at(i)
        return lw in self.lex.negators or lw.endswith("n't")

    # -- numbers ------------------------------------------------------------------------

    def _word_number(self, lw: str) -> int | None:
        lex = self.lex
        if lw in lex.units:
            return lex.units[lw]
        if lw in lex.tens:
            return lex.tens[lw]
        if "-" in lw:
            a, _, b = lw.partition("-")
            if a in lex.tens and b in lex.units and 0 < lex.units[b] < 10:
                return lex.tens[a] + lex.units[b]
        return None

    def _small_number(self, i: int) -> tuple[int, int] | None:
        """A number below a hundred at ``i`` (digits or words): (value, end)."""
        if i >= self.n:
            return None
        lw = self.low[i]
        if _DIGITS.fullmatch(lw):
            return int(lw.replace(",", "")), i + 1
        value = self._word_number(lw)
        if value is None:
            return None
        # "twenty five"
        if lw in self.lex.tens and i + 1 < self.n:
            unit = self.lex.units.get(self.low[i + 1])
            if unit is not None and 0 < unit < 10:
                return value + unit, i + 2
        return value, i + 1

    def _number(self, i: int) -> tuple[int, int, int] | None:
        """A cardinal at ``i``: (low, high, end); low < high for a '6-8' token."""
        if i >= self.n:
            return None
        lw = self.low[i]
        lex = self.lex
        m = _DIGIT_RANGE.fullmatch(lw)
        if m:
            a, b = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
            if a < b and self._digits_are_count(i):
                return a, b, i + 1
            return None
        words = re.fullmatch(r"([a-z]+)[-–]([a-z]+)", lw)
        if words and words.group(1) in lex.units and words.group(2) in lex.units:
            # "two-three soldiers": a range written in words
            a, b = lex.units[words.group(1)], lex.units[words.group(2)]
            return (a, b, i + 1) if a < b else None
        if lw in ("a", "an") and self._at(i + 1) in lex.scales:
            value, end = lex.scales[self.low[i + 1]], i + 2
        elif lw in ("a", "an") and self._at(i + 1) == "dozen":
            return lex.dozen, lex.dozen, i + 2
        elif lw == "half" and self._at(i + 1) == "a" and self._at(i + 2) == "dozen":
            return lex.dozen // 2, lex.dozen // 2, i + 3
        elif _DECIMAL.fullmatch(lw) and self._at(i + 1) in lex.scales:
            value, end = int(float(lw) * lex.scales[self.low[i + 1]]), i + 2
            return value, value, end
        else:
            small = self._small_number(i)
            if small is None:
                return None
            if _DIGITS.fullmatch(lw) and not self._digits_are_count(i):
                return None
            value, end = small
        # scales: "two hundred and fifty", "3 thousand", "two dozen"
        while end < self.n:
            nxt = self.low[end]
            if nxt == "dozen" and value < 100:
                value, end = value * lex.dozen, end + 1
                continue
            if nxt in lex.scales and lex.scales[nxt] > value:
                value, end = value * lex.scales[nxt], end + 1
                k = end + 1 if self._at(end) == "and" else end
                more = self._small_number(k)
                if more is not None and more[0] < 100 and self._at(more[1]) not in lex.scales:
                    value, end = value + more[0], more[1]
                continue
            break
        return value, value, end

    def _digits_are_count(self, i: int) -> bool:
        """False for digits that are a year, date, clock time, money, label or percentage."""
        lex = self.lex
        lw = self.low[i]
        start, end = self.starts[i], self.ends[i]
        if start > 0 and self.text[start - 1] in _NOT_BEFORE_DIGITS:
            return False
        # "5:30" is a clock time; "... kills 5: villagers flee" (a headline's colon) is not
        headline_colon = self.text[end : end + 1] == ":" and not self.text[end + 1 : end + 2].isdigit()
        if end < len(self.text) and self.text[end] in _NOT_AFTER_DIGITS and not headline_colon:
            return False
        prev, nxt = self._at(i - 1), self._at(i + 1)
        if (prev in lex.nq_before and not (prev == "at" and self._at(i - 2) in lex.at_counts)) or (
            nxt in lex.nq_after
        ):
            return False
        if _NUMERIC_DATE.fullmatch(lw):
            return False  # "2031-04-02", "02-04-2031": a date written in digits
        first = int(re.split(r"[-–]", lw)[0].replace(",", ""))
        if (prev in lex.months or nxt in lex.months) and first <= 31:
            return False
        plain = lw.isdigit()
        if plain and len(lw) == 4:
            if prev == "at":  # "at 2130": a clock time
                return False
            if 1800 <= first <= 2100 and (
                prev in lex.year_before
                or prev in lex.months
                or nxt in (",", ")", ".", "")
                or prev in (",", "(")
            ):
                return False
        return True

    # -- quantities ---------------------------------------------------------------------

    def _qty(self, i: int) -> _Qty | None:
        if i in self._qty_cache:
            return self._qty_cache[i]
        qty = self._qty_uncached(i) if 0 <= i < self.n else None
        self._qty_cache[i] = qty
        return qty

    def _qty_uncached(self, i: int) -> _Qty | None:
        lex = self.lex
        lw = self.low[i]
        if lw not in lex.qty_starts and not lw[:1].isdigit() and "-" not in lw:
            return None
        # qualifiers first: "no fewer than" must not read as the negative "no"
        qual = ""
        k = i
        for size in range(min(lex.qual_max, self.n - i), 0, -1):
            phrase = tuple(self.low[i : i + size])
            if phrase in lex.qualifiers:
                if lw in lex.particle_quals and self._at(i - 1) in lex.particle_verbs:
                    continue  # "handed over five prisoners"
                core = self._core(i + size)
                if core is not None:
                    qual = lex.qualifiers[phrase]
                    k = i + size
                    break
        if not qual and k == i:
            end = self._match(i, lex.neg_quants, 3)
            if end > 0:
                # "no" before a number or a non-noun is not a quantity ("no 5", "no longer")
                if (
                    lw == "no"
                    and end == i + 1
                    and (self._number(end) is not None or self._at(end) in lex.closed)
                ):
                    return None
                return _Qty(0, 0, 0, "", i, end, zero=True, explicit=False)
            end = self._match(i, lex.needs_neg, 2)
            if end > 0:
                if lw == "a" and not self._clause_negated(i):  # "a single soldier": one
                    return _Qty(1, 1, 1, "", i, end, article=True, explicit=False)
                return _Qty(0, 0, 0, "", i, end, zero=True, needs_neg=True, explicit=False)
        core = self._core(k)
        if core is None:
            return None
        low, high, end, vague, article = core
        if vague is not None:
            vlow, vbest, vhigh = vague
            exact = vlow is not None and vlow == vbest == vhigh  # "both", "a pair of"
            return _Qty(vlow, vbest, vhigh, "" if exact else "vague", i, end)
        if article:
            return _Qty(1, 1, 1, "", i, end, article=True, explicit=False)
        if low != high:
            # "six to eight" states two bounds and no central figure
            return _Qty(low, None, high, "range", i, end)
        if qual == "at least" or qual == "more than":
            return _Qty(low, low, None, qual, i, end)
        if qual == "up to":
            return _Qty(None, None, low, "up to", i, end)
        if qual == "up to-strict":
            top = max(low - 1, 1)
            return _Qty(None, None, top, "up to", i, end)
        return _Qty(low, low, low, qual, i, end)

    def _core(
        self, i: int
    ) -> tuple[int, int, int, tuple[int | None, int | None, int | None] | None, bool] | None:
        """(low, high, end, vague values or None, is_article) for the count at ``i``."""
        if i >= self.n:
            return None
        lex = self.lex
        lw = self.low[i]
        if self._at(i - 1) == "how":  # "how many": a question, not a count
            return None
        # "between six and eight"
        if lw == "between":
            a = self._number(i + 1)
            if a and self._at(a[2]) == "and":
                b = self._number(a[2] + 1)
                if b and b[0] > a[0]:
                    return a[0], b[0], b[2], None, False
            return None
        # "several hundred", "a few dozen"
        vend = self._match(i, lex.vts_words, 2)
        if vend > 0 and self._at(vend) in lex.vts_scales:
            unit = lex.vts_scales[self.low[vend]]
            fl, fh = lex.vts_factors
            end = vend + 1 + (1 if self._at(vend + 1) == "of" else 0)
            # "several hundred" states a magnitude, not a figure: no best value
            return unit, unit, end, (unit * fl, None, unit * fh - 1), False
        vend = self._match(i, set(lex.vague), lex.vague_max)
        if vend > 0:
            phrase = tuple(self.low[i:vend])
            # "tens" only counts as "tens of ..."; "dozens"/"hundreds" may take "of"
            if phrase == ("tens",) and self._at(vend) != "of":
                return None
            if self._at(vend) == "of" and phrase[-1] in ("dozens", "hundreds", "thousands", "scores", "tens"):
                vend += 1
            if phrase == ("some",) and self._number(vend) is not None:
                return None
            return 0, 0, vend, lex.vague[phrase], False
        num = self._number(i)
        if num is not None:
            low, high, end = num
            if low == high and self._at(end) in ("to", "or", "-", "–"):
                other = self._number(end + 1)
                if other and other[0] > low and other[0] == other[1]:
                    return low, other[0], other[2], None, False
            return low, high, end, None, False
        end = self._match(i, lex.singular, 2)
        if end > 0:
            return 1, 1, end, None, True
        return None

    # -- noun phrases -------------------------------------------------------------------

    def _head(self, i: int) -> tuple[int, _Head] | None:
        if i in self._head_cache:
            return self._head_cache[i]
        lex = self.lex
        found: tuple[int, _Head] | None = None
        if 0 <= i < self.n and (self.low[i],) in lex.head_starts:
            for size in range(min(lex.head_max, self.n - i), 0, -1):
                head = lex.heads.get(tuple(self.low[i : i + size]))
                if head is not None:
                    found = (i + size, head)
                    break
        if found is None and 0 <= i < self.n and self.low[i] in self.people and self._is_cap(i):
            found = (i + 1, _PEOPLE)  # "29 <demonym>s were killed": a people counts as victims
        self._head_cache[i] = found
        return found

    def _is_modifier(self, i: int, counted: bool) -> bool:
        if i >= self.n:
            return False
        lex = self.lex
        lw = self.low[i]
        if lw in lex.noncas or lw in lex.closed:
            return False
        if lw in lex.modifiers or lw in lex.harm_adj:
            return True
        tok = self.toks[i]
        if not tok[:1].isalpha():
            # "a 45-year-old farmer", but never a "6-8" range
            return (
                "-" in lw
                and tok[:1].isdigit()
                and not _DIGIT_RANGE.fullmatch(lw)
                and not _NUMERIC_DATE.fullmatch(lw)
            )
        if self._is_cap(i):
            return True
        if "-" in lw or lw.endswith("'s"):
            return True
        # an unknown lowercase word only after a number or article ("two young conscripts")
        return (
            counted
            and (lw,) not in lex.dets
            and (lw,) not in lex.singular
            and lw not in lex.verb_starts
            and lw not in lex.units
            and lw not in lex.tens
            and not self._is_negator(i)
        )

    def _continues_compound(self, i: int) -> bool:
        """True when the word at ``i`` carries a noun compound on ("civilian vehicles")."""
        if i >= self.n or not self._is_word(i):
            return False
        lex = self.lex
        lw = self.low[i]
        if self.toks[i][:1].isupper():
            return False
        if (
            lw in lex.closed
            or lw in lex.harm_adj
            or lw in lex.aux
            or lw in lex.be
            or self._is_negator(i)
            or lw in lex.deny
            or lw in lex.toll_links  # "the number of dead rose to 11"
        ):
            return False
        if lw.endswith(("ed", "ing", "ly")):
            return False
        return all(lw not in t for t in (lex.passive, lex.intransitive, lex.predicate, lex.active))

    def _np(self, i: int, inner: bool = False) -> _NP | None:
        """A victim noun phrase at ``i`` (``inner``: the noun after 'of' in a partitive)."""
        key = (i, inner)
        if key not in self._np_cache:
            self._np_cache[key] = self._np_uncached(i, inner) if 0 <= i < self.n else None
        return self._np_cache[key]

    def _np_uncached(self, i: int, inner: bool) -> _NP | None:
        lex = self.lex
        if self._at(i - 1) in ("many", "much") and self._at(i - 2) == "how":
            return None  # "how many soldiers were killed": a question, not a figure
        j = i
        det = False
        end = self._match(i, lex.dets, 3)
        if end > 0 and self._qty_or_head_follows(end):
            j, det = end, True
        elif self.low[i].endswith("'s") and self._is_cap(i):
            j, det = i + 1, True
        elif self.low[i] == "another" and self._number(i + 1) is not None:
            j, det = i + 1, True  # "another 16", "another three civilians": the number counts
        qty = None if inner else self._qty(j)
        if qty is not None:
            j = qty.end
            if qty.article and det:
                return None
        counted = qty is not None
        if qty is not None and not qty.article and self._at(j) == "of":
            k = j + 1
            if self._at(k) in lex.part_pronouns:
                return _NP(i, k + 1, qty, k, k + 1, None, None, False, False, True)
            sub = self._np(k, inner=True)
            if sub is None or sub.head is None:
                return None
            return _NP(
                i,
                sub.end,
                qty,
                sub.start,
                sub.end,
                sub.head,
                sub.mod_kind,
                sub.civilian,
                sub.combatant,
                True,
                sub.head_text,
            )
        subj_start = qty.end if qty is not None and not qty.article else i
        k = j
        head: _Head | None = None
        head_end = -1
        mod_kind: str | None = None
        civilian = combatant = False
        while k < self.n and k - j < 7:
            hm = self._head(k)
            if hm is not None:
                h_end, h = hm
                if h.adjectival and k > j and (count := self._qty(h_end)) is not None and not count.article:
                    # "a bombing at a busy junction killed more than 500": a participle after a
                    # noun and before a count is that noun's verb, even where the count opens
                    # with a word that can head a phrase ("more", "many")
                    break
                if h.adjectival and (
                    self._head(h_end) is not None or (h_end < self.n and self.low[h_end] in lex.modifiers)
                ):
                    # used as a modifier: "civilian residents", "an Ostravian serviceman"
                    civilian = civilian or h.civilian
                    if h.kind:
                        mod_kind = h.kind
                    k = h_end
                    continue
                if h.adjectival and self._two_names_of_one_noun(h_end - 1):
                    civilian = civilian or h.civilian
                    k = h_end + 2
                    continue
                if h.adjectival and k > j and self._object_follows(h_end):
                    # "a blast killed 12 people", "an air strike wounded four": a participle after
                    # a noun and before its own object is the noun's verb, not "the killed"
                    break
                head, head_end = h, h_end
                break
            if self._is_cap(k) and self._two_names_of_one_noun(k):
                k += 3
                continue
            many = qty is not None and not qty.article and (qty.low or 0) > 1
            if k == j and many and self._unknown_people(k):
                head, head_end = _Head(None, False, False, True, False), k + 1
                break
            if self._is_modifier(k, counted):
                lw = self.low[k]
                if lw in lex.harm_adj:
                    mod_kind = lex.harm_adj[lw]
                if lw in lex.civ_mods:
                    civilian = True
                k += 1
                continue
            break
        if head is None:
            # "another was injured": 'another' may stand alone, 'a' may not
            if qty is None or (qty.article and self.low[qty.start] != "another"):
                return None
            # the number stands alone ("seven were killed", "killing three"); a noun after
            # it that is not a victim ("two drones", "30 years") rules it out
            nxt = qty.end
            while nxt < self.n and self.low[nxt] in _QUOTES:
                nxt += 1  # "destroyed six 'terror camps'": the quoted noun still follows
            if nxt < self.n and self._is_word(nxt) and not self._bare_follower(nxt):
                return None
            return _NP(i, qty.end, qty, qty.end, qty.end, None, None, False, False, False)
        if self._continues_compound(head_end):
            return None
        # "destroyed 14 Ostravian armoured vehicles": a singular after a count modifies a thing
        if (
            qty is not None
            and not head.plural
            and (qty.low or 0) > 1
            and head_end < self.n
            and self._is_word(head_end)
            and self.toks[head_end][:1].islower()  # not "killed 12 civilian Monday"
            and not self._bare_follower(head_end)
        ):
            return None
        civilian = civilian or head.civilian
        combatant = combatant or head.combatant
        end = head_end
        if head.kind is None:
            end = self._post_modifiers(end, head)
        subj_end = end
        head_text = " ".join(self.low[k:head_end])
        if head.kind and head_text in lex.not_people:
            # "seven Ostravian casualties": the victims are only named by the modifiers
            subj_start = max(subj_start, j)
            subj_end = k
        return _NP(i, end, qty, subj_start, subj_end, head, mod_kind, civilian, combatant, False, head_text)

    def _unknown_people(self, k: int) -> bool:
        """Whether a word the lexicon does not know, right after a count of more than one, is the
        victims' noun: a name of people ("more than 40 Khawarij were eliminated"), or a plural
        ("17 traders were killed", "17 traders who …") that is the subject of harm only people
        suffer, or of "who"."""
        lex = self.lex
        if self._is_cap(k):
            return not self._is_cap(k + 1) and self._at(k + 1) in lex.be
        if not self._unknown_plural(k):
            return False
        if self._at(k + 1) == "who":
            return True
        link = self._harm_after(k + 1, False) if self._at(k + 1) in lex.be else None
        return link is not None and link.kind in _PEOPLE_ONLY_HARM

    def _unknown_plural(self, i: int) -> bool:
        """A lower-case word that looks plural and no list of the lexicon holds ("traders")."""
        lw = self.low[i]
        return (
            self._is_word(i)
            and self.toks[i][:1].islower()
            and len(lw) > 3
            and lw.endswith("s")
            and not lw.endswith("ss")
            and lw not in self.lex.noncas
            and lw not in self.lex.closed
            and lw not in self.lex.be
            and lw not in self.lex.aux
        )

    def _qty_or_head_follows(self, i: int) -> bool:
        """After a determiner: does a count, modifier or head follow? ("the two soldiers")"""
        return i < self.n and (
            self._qty(i) is not None or self._head(i) is not None or self._is_modifier(i, True)
        )

    def _bare_follower(self, i: int) -> bool:
        """May this word follow a lone number in a figure ("three were", "two killed")?"""
        lex = self.lex
        lw = self.low[i]
        if lw in lex.noncas:
            return False
        if lw in lex.closed or lw in lex.be or lw in lex.aux or self._is_negator(i):
            return True
        if lw in lex.harm_adj or self._head(i) is not None:
            return True
        return any(lw in t for t in (lex.passive, lex.intransitive, lex.predicate))

    def _post_modifiers(self, end: int, head: _Head) -> int:
        """Extend a victim noun with a name or an 'of' phrase ("servicemen of the ... Forces")."""
        lex = self.lex
        if not head.plural:
            k = end
            while k < self.n and k - end < 4 and self._is_cap(k) and self._head(k) is None:
                k += 1
            if k > end:
                return k
        if self._at(end) == "of" and self._qty(end + 1) is None:
            k = end + 1
            if (self._at(k),) in lex.dets:
                k += 1
            start = k
            while k < self.n and k - start < 6:
                lw = self.low[k]
                if not self._is_word(k) or lw in lex.closed or lw in lex.be:
                    break
                if lw in lex.harm_adj or lw in lex.active or lw in lex.passive or lw in lex.intransitive:
                    break  # "soldiers of the battalion died": the harm words end the phrase
                if lw in lex.speaker_verbs or self._number(k) is not None:
                    break  # "residents of the village said three civilians …": the speakers end it
                k += 1
            if k > start:
                return k
        return end

    # -- links between a victim and a harm word ------------------------------------------

    def _harm_after(self, k: int, reduced_ok: bool) -> _Link | None:
        """Harm words after a victim: '[were also] killed', 'died', 'are missing'."""
        lex = self.lex
        start = k
        has_be = has_remain = negated = False
        steps = adverbs = 0
        while k < self.n and steps < 7:
            lw = self.low[k]
            if lw in lex.be:
                has_be = True
            elif lw.endswith("n't"):
                negated = True
                # "wasn't killed" is passive, "didn't kill" is not
                has_be = has_be or lw[:-3] in ("was", "were", "is", "are")
            elif lw in lex.negators:
                negated = True
            elif lw in lex.copular:
                has_remain = True
            elif lw in lex.adverbs:
                adverbs += 1
            elif lw not in lex.aux:
                break
            # 'to' and 'said' only inside "said to have been"
            if lw == "to" and self._at(k - 1) not in (
                "said",
                "believed",
                "thought",
                "reported",
                "feared",
                "presumed",
                "likely",
            ):
                break
            k += 1
            steps += 1
        had_aux = k - adverbs > start
        for table, needs in ((lex.intransitive, "any"), (lex.passive, "be"), (lex.predicate, "copula")):
            hit = self._match_table(k, table)
            if hit is None:
                continue
            end, kind = hit
            phrase = tuple(self.low[k:end])
            if needs == "be":
                if has_be:
                    return _Link(kind, start, end, negated)
                if had_aux or not reduced_ok or phrase in lex.reduced_excluded:
                    continue
                if self._object_follows(end):
                    continue
                return _Link(kind, start, end, negated)
            if needs == "copula":
                if has_be or has_remain or (not had_aux and reduced_ok):
                    if not has_be and not has_remain and self._object_follows(end):
                        continue
                    return _Link(kind, start, end, negated)
                continue
            if had_aux and not (has_be or has_remain) and phrase[0].startswith("among"):
                continue
            if not had_aux and not reduced_ok and phrase[0].startswith("among"):
                continue
            return _Link(kind, start, end, negated)
        return None

    def _object_follows(self, i: int) -> bool:
        """A victim or count right after a participle makes it an active verb."""
        if i >= self.n:
            return False
        lw = self.low[i]
        if lw in self.lex.objects or (lw,) in self.lex.dets or lw.endswith("'s"):
            return True
        if self._qty(i) is not None:
            return True
        return self._head(i) is not None

    def _gaps(self, k: int) -> list[tuple[int, bool]]:
        """Where the harm words may start after a noun phrase ending at ``k``.

        The bool says whether a bare participle ("two soldiers killed") is allowed there:
        after an aside or a relative pronoun only a full verb phrase is.
        """
        lex = self.lex
        out = [(k, True)]
        lw = self._at(k)
        if lw in lex.relative:
            out.append((k + 1, False))
            if lw == "who" and (main := self._after_relative(k + 1)) is not None:
                out.append((main, False))
        if lw == "," and self._at(k + 1) in lex.relative:
            out.append((k + 2, False))
        after = self._aside_end(k)
        if after is not None:
            out.append((after, False))
        if lw == "including":
            # "eight people including three soldiers and four civilians were killed": the total
            # shares the verb of its parts
            for m in range(k + 1, min(self.n, k + 20)):
                t = self.low[m]
                if t in lex.be or t in lex.aux:
                    out.append((m, False))
                    break
                if t in (";", ".", ":") or t in lex.relative:
                    break
        if lw in ("from", "in", "on", "at", "near", "during", "across", "along", "inside", "with"):
            for m in range(k + 1, min(self.n, k + 7)):
                t = self.low[m]
                if t in lex.be or t in lex.aux or self._is_negator(m) or t in lex.intransitive:
                    out.append((m, False))  # "three soldiers from the unit [were killed | died]"
                    break
                after = self._aside_end(m)
                if after is not None:
                    # "70 people on their side, including children, were killed"
                    out.append((after, False))
                    break
                if not self._is_word(m) or t in lex.relative or t in lex.passive:
                    break
        return out

    def _after_relative(self, k: int) -> int | None:
        """ "14 fighters who took part in the attack were neutralised", "23 civilians who had come
        to shop, among them 6 children, were killed": where the main verb starts after a relative
        clause that begins at ``k``, when a form of "be" follows within a dozen words after a verb
        of the clause's own, and no count, speaker verb or clause break comes between."""
        lex = self.lex
        for m in range(k + 1, min(self.n, k + 12)):
            t = self.low[m]
            if t in lex.be:
                return m
            if t == ",":
                return self._aside_end(m)  # the clause closes, an aside may follow
            if (
                t in (";", ".", ":", "but", "while")
                or t in _QUOTES
                or t in lex.speaker_verbs
                or t in lex.relative
                or self._number(m) is not None
            ):
                return None
        return None

    def _harm_past_aside(self, k: int, scan_from: int | None = None) -> tuple[int | None, _Link | None]:
        """Where an aside opened at ``k`` closes (``_aside_end``, up to 16 words), and the harm
        words right after it: a phrase and the parts or the people it names between commas, then
        its verb ("9 people — 6 civilians and three soldiers — lost their lives")."""
        after = self._aside_end(k, scan_from=scan_from, reach=16)
        return after, (self._harm_after(after, False) if after is not None else None)

    def _aside_end(self, k: int, scan_from: int | None = None, reach: int = 13) -> int | None:
        """Where an aside opened at ``k`` ("(", ",", a dash) ends: the token after its closing
        mark, when it closes within ``reach`` words of ``scan_from`` (the token after ``k``) and
        holds no verb of its own."""
        close = _CLOSERS.get(self._at(k))
        if close is None:
            return None
        lex = self.lex
        start = k + 1 if scan_from is None else scan_from
        for m in range(start, min(self.n, start + reach)):
            t = self.low[m]
            if t == close:
                return m + 1
            if (
                t in lex.be
                or t in (";", ".")
                or t in lex.passive
                or (t in lex.intransitive and self._match_table(m, lex.intransitive) is not None)
            ):
                return None  # a verb of its own ("among them" is no "among the dead")
        return None

    def _clause_negated(self, i: int) -> bool:
        """A denial or a negator shortly before token ``i`` ("denied that", "did not suffer")."""
        lex = self.lex
        for back in range(1, 13):
            m = i - back
            if m < 0:
                break
            lw = self.low[m]
            if lw in lex.clause_breaks:
                break
            if lw in lex.deny and not (
                m > 0 and not lw.endswith("ing") and (self.low[m - 1],) in lex.attributive_before
            ):
                # "across the disputed border", "over disputed land": an adjective, no denial
                # ("in denying reports that …" still denies)
                return True
            if lw in lex.neg_lookback or lw.endswith("n't"):
                # only through words like "suffer", "report": "did not suffer any losses"
                return all(self.low[b] in lex.neg_bridge for b in range(m + 1, i))
        return False

    # -- figures ------------------------------------------------------------------------

    def _figure(self, np: _NP, kind: str, span_start: int, span_end: int, negated: bool) -> Figure | None:
        lex = self.lex
        qty = np.qty
        negated = negated or self._clause_negated(min(span_start, np.start))
        if qty is not None and qty.needs_neg and not negated:
            if self.low[qty.start] == "a":  # "a single soldier": one
                qty = _Qty(1, 1, 1, "", qty.start, qty.end, article=True, explicit=False)
            else:
                return None
        if kind == "detained" and np.combatant:
            kind = "captured"
        low: int | None
        best: int | None
        high: int | None
        if qty is not None and (qty.zero or (negated and not qty.explicit)):
            low = best = high = 0
            qualifier = ""
            negated = True
            if kind == "wounded" and self.low[span_end - 1] in lex.zero_unhurt:
                kind = "casualties"  # "no one was hurt": nobody killed or wounded
        elif qty is not None:
            low, best, high, qualifier = qty.low, qty.best, qty.high, qty.qualifier
        elif negated:
            # "denied that its forces killed soldiers": a denial, not a stated zero
            low = best = high = 0
            qualifier = "denied"
        elif np.head is not None and not np.head.plural:
            if self._at(np.start - 1) in _NOT_BEFORE_ONE:
                # "in general, three soldiers were killed", "according to the general, six
                # troops were killed": a singular noun after a preposition is no victim
                return None
            low = best = high = 1
            qualifier = ""
        else:
            low, best, high = lex.bare_plural
            qualifier = "plural"  # "soldiers were killed": a plural, no quantity word at all
        return self._figure_at(
            (min(span_start, np.start), max(span_end, np.end)),
            (np.subj_start, np.subj_end),
            kind,
            (low, best, high),
            np.civilian,
            qualifier,
            negated,
        )

    def _figure_at(
        self,
        tokens: tuple[int, int],
        subject: tuple[int, int],
        kind: str,
        values: tuple[int | None, int | None, int | None],
        civilian: bool,
        qualifier: str,
        negated: bool,
    ) -> Figure:
        """A figure over the token range ``tokens`` whose victims are the token range ``subject``
        (empty: none named), as character offsets into the sentence."""
        start, end = self.starts[tokens[0]], self.ends[tokens[1] - 1]
        if subject[1] > subject[0]:
            ss, se = self.starts[subject[0]], self.ends[subject[1] - 1]
        else:
            ss = se = 0
        low, best, high = values
        return Figure(
            start, end, self.text[start:end], kind, low, best, high, civilian,
            self.text[ss:se], ss, se, qualifier, negated,
        )  # fmt: skip

    def _countable(self, np: _NP) -> bool:
        return np.qty is not None or (np.head is not None and not np.head.plural)

    def _speaks(self, i: int) -> bool:
        """Whether a speaker verb follows ``i`` within its clause ("... at the hospital said")."""
        for k in range(i, min(i + 8, self.n)):
            w = self.low[k]
            if w in self.lex.speaker_verbs:
                return True
            if w in {",", ".", ";", ":", '"', "“", "”"} or w in self.lex.clause_breaks:
                return False
        return False

    def _np_chain(self, i: int, objects: bool = False) -> list[_NP]:
        """'two soldiers and a civilian': noun phrases that share one verb.

        ``objects``: the chain follows its verb, so a later phrase with a verb of its own
        ("killed two soldiers and three civilians were wounded") ends it.
        """
        first = self._np(i)
        if first is None:
            return []
        chain = [first]
        k = first.end
        while k < self.n and len(chain) < 4:
            j = k
            if self.low[j] == ",":
                j += 1
            if self._at(j) == "and":
                j += 1
            if j == k:
                break
            nxt = self._np(j)
            if (
                nxt is not None
                and nxt.head is not None
                and nxt.qty is None
                and nxt.head.plural
                and chain[-1].qty is not None
                and chain[-1].head is not None
                and chain[-1].head.plural
                and self._at(j - 1) == "and"
                and nxt.mod_kind is None
                and self.low[j] not in self.lex.verb_starts  # "… and wounded 31 others"
                and (nxt.civilian, nxt.combatant) == (chain[-1].civilian, chain[-1].combatant)
            ):
                # "twelve children and teenagers": one number counts both plural nouns of one
                # class of people ("two soldiers and civilians" stays two soldiers, civilians)
                chain[-1] = replace(
                    chain[-1],
                    end=nxt.end,
                    subj_end=nxt.subj_end,
                )
                k = nxt.end
                continue
            other_class = (
                nxt is not None
                and nxt.head is not None
                and nxt.qty is None
                and chain[-1].qty is not None
                and self._at(j - 1) == "and"
                and (nxt.civilian, nxt.combatant) != (chain[-1].civilian, chain[-1].combatant)
            )
            if nxt is None or nxt.head is None or not (self._countable(nxt) or other_class):
                break
            if (
                nxt.qty is not None
                and (nxt.qty.article or nxt.head_text in self.lex.speaker_heads)
                and self._speaks(nxt.end)
            ):
                # "killing 22 people, a doctor at the hospital said", "… two residents and a
                # health worker said": the speakers
                break
            if objects and any(self._harm_after(g, r) for g, r in self._gaps(nxt.end)):
                break
            chain.append(nxt)
            k = nxt.end
        return chain

    def _try_np(self, i: int) -> tuple[list[Figure], int] | None:
        lex = self.lex
        chain = self._np_chain(i)
        if not chain:
            return None
        broken_down = self._breakdown(chain[0])
        if broken_down is not None:
            return broken_down
        last = chain[-1]
        if last.head is not None and self.low[last.end - 1] in lex.nominal and self._at(last.end) == "of":
            return None  # "the death of ...": read by the trigger at "death"
        for k, reduced_ok in self._gaps(last.end):
            link = self._harm_after(k, reduced_ok)
            if link is None:
                continue
            if last.qty is None and not self.lex.counted_only.isdisjoint(self.low[link.start : link.end]):
                continue  # "the wounded soldiers were taken to hospital": no claim of its own
            if self._at(link.end) in self.lex.manner_after.get(self.low[link.end - 1], ()):
                continue  # "two prisoners were treated humanely": how, not for what
            if last.head_text == "lives":
                # "five lives were lost" is a figure, "lives were saved" is not
                if link.kind != "killed" or last.qty is None:
                    continue
            elif (
                last.head is not None
                and last.head.kind
                and last.head.plural
                and last.qty is None
                and not last.partitive
                and not (link.negated or self._clause_negated(last.start))
            ):
                continue  # "casualties were reported" without a number is no figure
            # "twelve children and teenagers were killed": a bare plural after a counted noun is
            # part of that count, not a second figure
            first_counted = chain[0].qty is not None
            # ... but "two soldiers and civilians": civilians are not among the two
            first_class = (chain[0].civilian, chain[0].combatant)
            kept = [
                np
                for n, np in enumerate(chain)
                if (
                    np.qty is not None
                    or not n
                    or not first_counted
                    or (np.civilian, np.combatant) != first_class
                )
                and not self._vocative(np)
            ]
            figs = [
                f
                for np in kept
                if (f := self._figure(np, self._kind_of(np, link), np.start, link.end, link.negated))
            ]
            figs += self._included_parts(last, link)
            # the text of the first figure spans the whole coordinated subject
            return figs, link.end
        if len(chain) > 1 and self._at(chain[0].end) == ",":
            # "Two civilians, a father and his son, were killed": what read as a list was the
            # first phrase and an apposition naming the same people
            first = chain[0]
            _after, link = self._harm_past_aside(first.end)
            if link is not None:
                fig = self._figure(first, self._kind_of(first, link), first.start, link.end, link.negated)
                return ([fig], link.end) if fig else None
        np = chain[0]
        if np.partitive or np.head is None:
            return None
        kind = np.head.kind if np.head.kind else np.mod_kind
        if kind is None or np.head_text == "lives":
            return None
        counted = np.qty is not None and (not np.qty.needs_neg or self._clause_negated(np.start))
        singular_victim = np.head.kind is None and not np.head.plural
        # "there were casualties": the text asserts them, however many
        there = np.qty is None and bool(_EXISTENTIAL.search(self.text[: self.starts[np.start]]))
        if counted or singular_victim or there or (np.qty is None and self._clause_negated(np.start)):
            if np.qty is None and np.head.kind and not (there or self._clause_negated(np.start)):
                return None
            fig = self._figure(np, kind, np.start, np.end, False)
            return ([fig], np.end) if fig else None
        return None

    def _breakdown(self, total: _NP) -> tuple[list[Figure], int] | None:
        """ "At least 9 people, 6 civilians and three soldiers, were killed", "… 9 people — 6
        civilians and three soldiers — lost their lives": a total of people of no stated class, then
        between two commas or dashes the classes it is made of. The total and each part count,
        with the verb after the closing mark (read as a list, the three were one chain that no
        verb followed: nothing was counted)."""
        if total.qty is None or total.head is None or total.civilian or total.combatant:
            return None
        if self._at(total.end) not in (",", "—", "–", "("):
            return None
        parts = self._np_chain(total.end + 1)
        if not parts or not all(p.qty is not None and (p.civilian or p.combatant) for p in parts):
            return None
        after, link = self._harm_past_aside(total.end, scan_from=parts[-1].end)
        if after is None or link is None:
            return None
        counted = [total, *(self._each(np, after - 1) for np in parts)]
        figs = [
            f
            for np in counted
            if (f := self._figure(np, self._kind_of(np, link), np.start, link.end, link.negated))
        ]
        return figs, link.end

    def _each(self, np: _NP, until: int) -> _NP:
        """ "one soldier each from the army and the police": one for each body named after
        "each" (before token ``until``)."""
        if self._at(np.end) != "each" or np.qty is None:
            return np
        units = 1 + sum(t in ("and", ",") for t in self.low[np.end + 1 : until])
        q = np.qty
        times = [None if v is None else v * units for v in (q.low, q.best, q.high)]
        return replace(np, qty=replace(q, low=times[0], best=times[1], high=times[2]))

    def _vocative(self, np: _NP) -> bool:
        """ "Dear brothers, two soldiers were killed": an address, no victims."""
        return (
            np.qty is None
            and self._at(np.end) == ","
            and all(self.low[t] in self.lex.vocatives for t in range(np.start, np.end))
        )

    @staticmethod
    def _kind_of(np: _NP, link: _Link) -> str:
        """The harm words' kind, except that the dead stay dead: "five bodies were taken to
        hospital" (a wounded verb of where people were taken) counts five killed."""
        if link.kind == "wounded" and np.head is not None and np.head.kind == "killed":
            return "killed"
        return link.kind

    def _included_parts(self, head: _NP, link: _Link) -> list[Figure]:
        """ "13 people, including four children and a soldier, were killed": the parts count
        too when they say who the people were (civilians, soldiers); parts of a total that
        already says it ("four civilians, including a woman and three children") do not."""
        k = head.end + (1 if self._at(head.end) == "," else 0)
        if self._at(k) != "including" or head.civilian or head.combatant:
            return []
        out: list[Figure] = []
        for np in self._np_chain(k + 1):
            if np.qty is not None and np.qty.article and not np.combatant:
                # "five people, including a woman": one civilian named for who she was, not a
                # count of its own ("13 people, including a soldier": the soldier is one)
                continue
            if np.civilian or np.combatant:
                f = self._figure(np, link.kind, np.start, link.end, link.negated)
                if f is not None:
                    out.append(f)
        return out

    def _try_trigger(self, i: int) -> tuple[list[Figure], int] | None:
        lex = self.lex
        lw = self.low[i]
        # "the deaths of two soldiers", "the killing of serviceman X", the "martyrdom" of two
        of_at = i + 2 if self._at(i + 1) in _QUOTES else i + 1
        if lw in lex.nominal and self._at(of_at) == "of":
            chain = self._np_chain(of_at + 1, objects=True)
            # "counted 60 bodies of enemy troops": the count before the noun, the victims after it
            counted = next(
                (q for s in range(max(0, i - 4), i) if (q := self._qty(s)) is not None and q.end == i),
                None,
            )
            if chain and chain[0].head is not None and chain[0].qty is None and counted is not None:
                if counted.article or counted.needs_neg:
                    return None
                who = replace(chain[0], start=counted.start, qty=counted)
                fig = self._figure(who, lex.nominal[lw], counted.start, who.end, False)
                return ([fig], who.end) if fig else None
            if chain and chain[0].head is not None:
                start = i - 1 if self._at(i - 1) == "the" else i
                figs = [f for np in chain if (f := self._figure(np, lex.nominal[lw], start, np.end, False))]
                return (figs, chain[-1].end) if figs else None
        # "the death toll rose to 12"
        toll = self._match_table(i, lex.tolls)
        victims: _NP | None = None
        if toll is None and lw == "number" and self._at(i + 1) == "of":
            # "the number of Valdorian servicemen killed rose to 31"
            victims = self._np(i + 2)
            if victims is not None and victims.qty is None and victims.head is not None:
                hit = self._match_table(victims.end, lex.passive) or self._match_table(
                    victims.end, lex.predicate
                )
                # "the total number of Valdorian dead to 11": the harm noun is its own kind; "the
                # number of martyred soldiers at four": so is a harm word before the victims
                kind = victims.head.kind or victims.mod_kind
                toll = hit or ((victims.end, kind) if kind else None)
        if toll is not None:
            end, kind = toll
            # "the death toll from Monday's strikes in the south has risen to 11": the count
            # follows a link word ("rose to", "at"), however long the toll's own phrase
            aside = -1  # inside ", a town that …," or ", which …,": an aside about a place
            for k in range(end, min(self.n, end + 32)):
                if self.low[k] in (".", ";") or self.low[k] in lex.clause_breaks:
                    break
                if self.low[k] == ",":
                    opens = self._at(k + 1) in _ASIDE_OPENERS
                    aside = k if opens and aside < 0 else -1
                    continue
                if aside >= 0:
                    continue  # "… in Dorna, a town that was home to 20,000 people, has risen to 17"
                before = k - 1
                while before > end and self.low[before] in _QUOTES:
                    before -= 1  # 'amounted to "300 troops, 18 tanks"': the count is the quote's
                if k > end and self.low[before] not in lex.toll_links:
                    continue
                if self.low[before] == "of" and before > end:
                    continue  # "the toll from the bombing of two markets": "of" links only the toll
                qty = self._qty(k)
                if qty is None or qty.article or qty.needs_neg:
                    continue
                if victims is None and self._try_np(k) is not None:
                    # "Provisional toll: on the friendly side, 3 killed and 5 wounded", "Enemy
                    # losses: 17 soldiers … killed": the count has harm words of its own, so the
                    # toll is only a heading
                    return None
                if victims is not None:
                    np = _NP(
                        victims.start,
                        qty.end,
                        qty,
                        victims.subj_start,
                        victims.subj_end,
                        victims.head,
                        None,
                        victims.civilian,
                        victims.combatant,
                        False,
                    )
                else:
                    # "Ostravia's losses amounted to 300": the possessor says whose
                    owned = self._at(i - 1).endswith(("'s", "’s")) and self._is_cap(i - 1)
                    subj = (i - 1, i) if owned else (qty.end, qty.end)
                    np = _NP(k, qty.end, qty, *subj, None, None, False, False, False)
                fig = self._figure(np, kind, i, qty.end, False)
                return ([fig], qty.end) if fig else None
        prev = self._at(i - 1)
        passive = (
            prev in lex.be or prev.endswith("n't") or (prev in lex.negators and self._at(i - 2) in lex.be)
        )
        # "claimed the lives of", "killing three", "captured two servicemen"
        act = self._match_table(i, lex.active)
        # after a determiner or a count the verb form is an adjective ("the wounded men")
        adjectival = (
            act is not None
            and i > 0
            and ((prev,) in lex.dets or (prev,) in lex.singular or self._qty(i - 1) is not None)
        )
        if act is not None and not passive and not adjectival:
            end, kind = act
            chain = self._np_chain(end, objects=True)
            if chain and chain[0].head_text != "lives":
                figs = [
                    f
                    for np in chain
                    if (np.head is None or np.head.kind is None or np.qty is not None)
                    and (f := self._figure(np, kind, i, np.end, False))
                ]
                if figs:
                    return figs, chain[-1].end
        # "claimed 3 lives", "cost the lives of"
        if lw in lex.lives_triggers:
            lives = self._np(i + 1)
            if lives is not None and lives.head_text == "lives" and lives.qty is not None:
                fig = self._figure(lives, "killed", i, lives.end, False)
                return ([fig], lives.end) if fig else None
        # "leaving two soldiers dead"
        if lw in lex.result_triggers:
            chain = self._np_chain(i + 1)
            if chain:
                res = self._match_table(chain[-1].end, lex.predicate)
                if res is not None:
                    end, kind = res
                    figs = [f for np in chain if (f := self._figure(np, kind, i, end, False))]
                    return (figs, end) if figs else None
        # "took two soldiers prisoner"
        if lw in lex.capture_verbs and not passive:
            chain = self._np_chain(i + 1)
            if chain:
                res = self._match_table(chain[-1].end, lex.capture_results)
                if res is not None:
                    end, kind = res
                    figs = [f for np in chain if (f := self._figure(np, kind, i, end, False))]
                    return (figs, end) if figs else None
        return None

    def figures(self) -> list[Figure]:
        out: list[Figure] = []
        i = 0
        while i < self.n:
            hit = self._try_trigger(i) or self._of_the_harmed(i) or self._named_victims(i) or self._try_np(i)
            if hit is None:
                i += 1
                continue
            figs, nxt = hit
            out.extend(figs)
            i = max(nxt, i + 1)
            if figs:
                i = self._past_included(i)
        return out

    def _past_included(self, i: int) -> int:
        """After a figure, ", including two children," names some of its victims: they are not the
        subject of the next clause ("… were killed, including two children, and many others were
        wounded" wounded many others, not the children). Where the next clause starts, when the
        phrase closes with a comma before any verb; else ``i``."""
        k = i + (1 if self._at(i) == "," else 0)
        if self._at(k) != "including":
            return i
        lex = self.lex
        for m in range(k + 1, min(self.n, k + 16)):
            t = self.low[m]
            if t == ",":
                return m + 1
            if t in (";", ".") or t in lex.be or t in lex.aux or t in lex.relative:
                return i
        return i

    def _two_names_of_one_noun(self, i: int) -> bool:
        """ "seven Ostravian and Valdorian soldiers": the capitalised word at ``i`` and the one
        after "and" both modify the noun that follows."""
        return (
            self._at(i + 1) == "and"
            and i + 2 < self.n
            and self._is_cap(i + 2)
            and self._head(i + 3) is not None
        )

    def _named_victims(self, i: int) -> tuple[list[Figure], int] | None:
        """ "Corporal A B, Private C D and E F were killed", "reservists A B and C D died of their
        wounds": victims named one by one are counted by their names. A name is a run of two to
        four capitalised words (a rank before it included); names are joined by commas and "and",
        and the harm words follow the last one at once."""
        if not self._name_word(i) or (i > 0 and self._is_cap(i - 1)):
            return None
        names, k, first = 0, i, -1
        while True:
            run = k
            while run < self.n and run - k < 5 and self._name_word(run):
                run += 1
            if not 2 <= run - k <= 4:
                return None
            if self.lex.vocatives.isdisjoint(self.low[k:run]):
                names += 1  # "Dear Comrades, Corporal A B, ...": a salutation names no victim
                first = k if first < 0 else first
            k = run
            if self._at(k) == "," and self._at(k + 1) == "and":
                k += 2
            elif self._at(k) in {",", "and"}:
                k += 1
            else:
                break
        link = self._harm_after(k, False)
        if not names or link is None or link.negated:
            return None
        fig = self._figure_at(
            (first, link.end),
            (first, k),
            link.kind,
            (names, names, names),
            False,
            "",
            self._clause_negated(i),
        )
        return [fig], link.end

    def _name_word(self, i: int) -> bool:
        """A capitalised word that can be part of a person's name (a rank included): not a count
        ("Four") or a people ("Qorvese")."""
        return self._is_cap(i) and self._qty(i) is None and self.low[i] not in self.people

    def _of_the_harmed(self, i: int) -> tuple[list[Figure], int] | None:
        """ "four of the dead were women", "three of the wounded are children": a count of the
        harmed, told by who they were (the victim noun after the copula)."""
        qty = self._qty(i)
        if qty is None or qty.zero or qty.needs_neg or qty.best is None:
            return None
        j = qty.end
        if self._at(j) != "of" or (self._at(j + 1),) not in self.lex.dets:
            return None
        harm = self._head(j + 2)
        if harm is None or harm[1].kind is None or self._at(harm[0]) not in self.lex.be:
            return None
        k = harm[0] + 1
        while k < self.n and k - harm[0] <= 3 and self._head(k) is None and self._is_modifier(k, True):
            k += 1
        who = self._head(k)
        if who is None or who[1].kind is not None:
            return None
        fig = self._figure_at(
            (i, who[0]),
            (k, who[0]),
            harm[1].kind,
            (qty.low, qty.best, qty.high),
            who[1].civilian,
            qty.qualifier,
            self._clause_negated(i),
        )
        return [fig], who[0]


# prepositions before a singular victim noun without a number that make it no victim
_NOT_BEFORE_ONE = frozenset({"in", "to", "by", "from", "with", "for", "at", "on"})


# ---------------------------------------------------------------------------------------
# public API


def definite_count(sentence: str, value: int) -> bool:
    """Whether ``sentence`` names ``value`` people as ones already told of: "the three guards",
    "the funerals of these 14 villagers" (a count after "the", "these", "those")."""
    units = _lexicon().units
    words = {w for w, v in units.items() if v == value} | {str(value)}
    pattern = r"\b(?:the|these|those)\s+(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    return re.search(pattern, sentence, re.IGNORECASE) is not None


def safe_return(text: str) -> bool:
    """Whether a figure's words are a communiqué's safe return ("returned safely to their bases"),
    the zero of its own fighters' casualties."""
    return _lexicon().safe_return.fullmatch(text.strip()) is not None


def may_hold_figure(sentence: str) -> bool:
    """The figure reader's own first test: False means ``find_figures`` finds nothing."""
    return bool(sentence) and not _lexicon().prefilter.isdisjoint(_WORD.findall(sentence.lower()))


# the head of "N <demonym>s": people of no stated class (civilian or combatant); a modifier when
# a victim noun follows ("four Qorvese soldiers": a demonym that does not change in the plural)
_PEOPLE = _Head(kind=None, civilian=False, combatant=False, plural=True, adjectival=True)


def find_figures(sentence: str, people: frozenset[str] = frozenset()) -> list[Figure]:
    """Casualty figures in ``sentence``, in text order; [] when there are none. ``people``: the
    lower-case plural names of peoples ("<demonym>s") that count as victim nouns, from the
    reference data in force."""
    if not may_hold_figure(sentence):
        return []
    lex = _lexicon()
    # killed "up to 45" soldiers: a count in scare quotes is still the count; "a Valdorian
    # Frontier Force (VFF) officer": a name's short form in brackets is no word of the phrase.
    # Both are read as blanks, so every offset stays, and the texts are the sentence's own.
    read = _QUOTED_COUNT.sub(lambda m: f" {m.group(1)} ", sentence)
    # had been "neutralised", six "mercenaries": a speaker's word in scare quotes is still read
    read = _SCARE_QUOTED.sub(lambda m: f" {m.group(1)} ", read)
    # killed "more than 30 soldiers", lost "at least 12 fighters": a short quote holding a count
    # (a claim quoted as the speaker's words) is read as words
    read = _SHORT_QUOTE.sub(
        lambda m: f" {m.group(1)}{m.group(2)} " if _quoted_count(m.group(1), lex) else m.group(0), read
    )
    read = _BRACKETED_ACRONYM.sub(lambda m: " " * len(m.group(0)), read)
    figs = _Sentence(read, lex, people).figures()
    figs = sorted(figs + _unquantified(read, lex, figs), key=lambda f: f.start)
    if read == sentence:
        return figs
    return [
        replace(f, text=sentence[f.start : f.end], subject=sentence[f.subject_start : f.subject_end])
        for f in figs
    ]


# harm only people suffer: what makes an unknown plural counted before it a victims' noun
_PEOPLE_ONLY_HARM = frozenset({"killed", "wounded", "missing"})

# the closing mark of an aside, by its opening one
_CLOSERS = {"(": ")", "[": "]", ",": ",", "–": "–", "—": "—"}
_BRACKETED_ACRONYM = re.compile(r"(?<=\w )\([A-Z][A-Za-z]{0,2}[A-Z]{1,5}\)(?= \w)")
_SCARE_QUOTED = re.compile(r"(?<=\s)[\"“”]([a-z][a-z-]*(?: [a-z][a-z-]*){0,2})[\"“”](?=[\s.,;:]|$)")
_SHORT_QUOTE = re.compile(r"(?<![\w\"“”])[\"“”]([^\"“”.!?;:,]{1,60}?)([.,]?)[\"“”](?![\w\"“”])")
_QUOTED_COUNT = re.compile(r"[\"“”]((?:[a-z]+ ){0,3}\d[\d,]*)[\"“”](?=\s+[a-z])")


def _quoted_count(quoted: str, lex: _Lexicon) -> bool:
    """Whether a quoted stretch is a count: at most six words, one of them a number ("more than
    30 soldiers", "about fifteen armed bandits"), none a speaker's ("we", "our"): not a quoted
    harm phrase ('had "heroically died in action"', whose victims the sentence counts itself)."""
    words = [w.lower() for w in re.findall(r"[\w-]+", quoted)]
    numbers = (  # a vague word too: killed or wounded "dozens."
        w
        for w in words
        if w[:1].isdigit() or w in lex.units or w in lex.tens or w in lex.scales or w in lex.vague_starts
    )
    return 0 < len(words) <= 6 and any(numbers) and not {"we", "our", "us", "i"} & set(words)


_NEGATION_BEFORE = re.compile(
    r"(?i)\b(?:no|not|without|nor|neither|zero|never)\b(?P<gap>(?:\W+\w+){0,3})\W*$"
)


def _unquantified(sentence: str, lex: _Lexicon, found: list[Figure]) -> list[Figure]:
    """'heavy casualties', 'suffered losses', 'an undetermined number of deaths': casualties the
    text asserts without a number are a claim with no figure; 'without causing injuries', 'no
    reports of injuries' are a stated zero. Nothing where a counted figure already covers the noun."""
    out: list[Figure] = []
    if any(f.best or f.low for f in found):
        return out  # "reports its casualties: 20 dead, 72 injured": the numbers are the claim
    for m in lex.safe_return.finditer(sentence):
        # "all the fighters returned safely to their bases": no casualties among them (fighters
        # only: "refugees returned safely" is no claim)
        clause = re.split(r"[;:.!?]", sentence[: m.start()])[-1]
        words = [w.lower() for w in _WORD.findall(clause)][-8:]
        fighters = any(
            w in lex.safe_subjects or ((h := lex.heads.get((w,))) is not None and h.combatant) for w in words
        )
        if fighters and not any(f.start < m.end() and m.start() < f.end for f in found):
            out.append(Figure(m.start(), m.end(), m.group(0), "casualties", 0, 0, 0, False, "", m.start(),
                              m.start(), "", True))  # fmt: skip
    for m in lex.unquantified.finditer(sentence):
        start, end = m.start(), m.end()
        if any(f.start < end and start < f.end for f in found):
            continue
        if any(sentence[end : end + 20].lower().lstrip().startswith(x) for x in lex.unquantified_not_after):
            continue
        before = sentence[max(0, start - 40) : start]
        neg = _NEGATION_BEFORE.search(before)
        # "did not suffer any losses", "without causing casualties", "no reports of injuries" are
        # a zero; "not happy for their losses" is not: only bridge words may stand between
        gap = re.findall(r"\w+", neg.group("gap")) if neg is not None else []
        negated = neg is not None and all(w.lower() in lex.zero_bridge for w in gap)
        governed = (
            m.group("mod") is not None
            or bool(lex.unquantified_verbs.search(before[-30:]))
            or bool(lex.unquantified_passive.match(sentence[end:]))
        )
        if not (governed or negated):
            continue
        kind = lex.unquantified_nouns[m.group("noun").lower()]
        value = 0 if negated else None
        out.append(
            Figure(
                start,
                end,
                m.group(0),
                kind,
                value,
                value,
                value,
                False,
                "",
                start,
                start,
                "" if negated else "vague",
                negated,
            )
        )
    return out


def parse_quantity(expr: str) -> tuple[int | None, int | None, int | None, str] | None:
    """(low, best, high, qualifier) for a count expression such as 'six to eight' or
    'at least 6'; None when ``expr`` is not wholly a count."""
    sent = _Sentence(expr.strip(), _lexicon())
    if sent.n == 0:
        return None
    qty = sent._qty(0)
    if qty is None:
        return None
    end = qty.end
    if end < sent.n and sent.low[end] == "of" and end + 1 == sent.n:
        end += 1
    if end != sent.n:
        return None
    return qty.low, qty.best, qty.high, qty.qualifier


_CONJ_GAP = re.compile(r"[\s,]*(?:and\s+)?")
_CONJ_COUNT = re.compile(r"[\s,]*and\s+(?P<count>.+?)\s*")


def _counted_conjunct(gap: str) -> bool:
    """Whether the words between two objects of one harm verb join them: "and" with the next
    one's count ("killing a woman and two children"), not a comma alone ("wounding two
    civilians, a woman and a boy": the two, named)."""
    m = _CONJ_COUNT.fullmatch(gap)
    return m is not None and parse_quantity(m.group("count")) is not None


def sum_conjuncts(figs: list[Figure], sentence: str) -> list[Figure]:
    """ "one woman and three children were killed", "an officer and four soldiers were wounded":
    conjoined victims of one harm phrase are one count. Conjuncts of different kinds of people
    ("ten civilians and five soldiers") stay apart: reports and coders keep them apart."""
    out: list[Figure] = []
    for f in figs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == f.kind
            and prev.civilian == f.civilian
            and not prev.negated
            and not f.negated
            # conjoined subjects of one harm phrase, or conjoined objects of one harm verb
            # ("killing a woman and two children")
            and ((prev.end == f.end and prev.start < f.start) or (prev.start == f.start and prev.end < f.end))
            and prev.subject_end <= f.subject_start
            and (
                _CONJ_GAP.fullmatch(sentence[prev.subject_end : f.start])
                if prev.start < f.start
                else _counted_conjunct(sentence[prev.subject_end : f.subject_start])
            )
            and not _peoples_apart(prev.subject, f.subject)
        ):

            def add(a: int | None, b: int | None) -> int | None:
                return a + b if a is not None and b is not None else None

            out[-1] = replace(
                prev,
                low=add(prev.low, f.low),
                best=add(prev.best, f.best),
                high=add(prev.high, f.high),
                subject=sentence[prev.subject_start : f.subject_end],
                subject_end=f.subject_end,
            )
            continue
        out.append(f)
    return out


def _peoples_apart(a: str, b: str) -> bool:
    """ "17 Sudanese and 12 Chadians", "17 soldiers of the Ostravian army and 6 Valdorian
    mercenaries": two peoples, each named by capitalised words the other does not share, are two
    counts."""
    ca = {w for w in a.split() if w[:1].isupper()}
    cb = {w for w in b.split() if w[:1].isupper()}
    return bool(ca and cb and ca.isdisjoint(cb))


_ANAPHORIC = re.compile(r"\b(?:the|this|that|his|her|its|these|those)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


_LIST_ITEM = re.compile(r"[ \t]*(?:[-\u2013\u2014\u2022*\u00b7]|\d{1,3}[.)])[ \t]+\S")


def listed(f: Figure, sentence: str, text: str, end: int) -> Figure:
    """ "The following soldiers were killed in the raid:" and a list of them, one per
    line: the figure is the number of the list's items. ``text`` is the document and ``end``
    where the sentence ends in it; any other figure is returned as it is."""
    if f.qualifier != "plural" or not sentence.rstrip().endswith(":"):
        return f
    if not re.search(r"(?i)\bfollowing\b", sentence[: f.subject_end]):
        return f
    n = 0
    for line in text[end:].splitlines():
        if not line.strip():
            continue
        if not _LIST_ITEM.match(line):
            break
        n += 1
    return replace(f, low=n, best=n, high=n, qualifier="") if n else f


def counts(f: Figure, sentence: str) -> bool:
    """Whether a figure is a count to claim: not "the wounded serviceman" (someone already
    counted, referred back to) and not a bare plural with no number ("killed soldiers")."""
    if f.qualifier == "plural":
        # "killed soldiers" is no count; "there are also wounded soldiers" asserts some
        return bool(_EXISTENTIAL.search(sentence[: f.start]))
    if f.low == 1 and f.qualifier == "":
        lead = sentence[max(0, f.start - 30) : f.start] + f.text[: max(0, len(f.text) - len(f.text.lstrip()))]
        back = _ANAPHORIC.search(lead)
        if back is not None and re.fullmatch(r"(?i)that\s+", back.group()) and f.text[:4].lower() == "one ":
            back = None  # "said that one civilian died": a conjunction before a count, not "that soldier"
        if back is not None or re.match(r"(?i)(?:the|this|that|his|her)\s", f.subject):
            return False
    return True
