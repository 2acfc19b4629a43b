"""Which party a sentence names as the attacker and which as the one hit, from the parse.

"Troops of X shelled a bus, killing nine" names X as the attacker, so the nine belong to X's
opponent; "nine X soldiers were killed" names X as the victim; "X lost two soldiers" too. The
nearest nationality word before a figure — what a regex sees — is right for the second and wrong
for the first, and the first is how both sides' outlets write about the other side's fire.

The rules read the dependency parse (subject / object / passive subject / "by" agent / the noun a
demonym modifies) and three word lists in ``data/lexicons/sides.json``: attack verbs, attack
nouns and loss verbs. Nothing here names a party: sides come from the actor registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from . import lexicons
from .actors import ActorIndex
from .texts import doc_text

AGENT = "agent"  # fired, shelled, attacked, killed (active)
VICTIM = "victim"  # were killed, lost, suffered, "on the X side"
TARGET = "target"  # the object of an attack: its people are the likely victims
MUTUAL = "mutual"  # "fighting between X and Y": both sides at once
OTHER = "other"


@dataclass(frozen=True)
class SideRole:
    side: str
    role: str
    start: int  # character offset of the word that names the side, in the document


@dataclass(frozen=True)
class _Lex:
    attack_verbs: frozenset[str]
    attack_nouns: frozenset[str]
    harm_verbs: frozenset[str]
    loss_verbs: frozenset[str]
    force_nouns: frozenset[str]
    unnamed_group_code: str
    unnamed_group_nouns: frozenset[str]
    unnamed_member_nouns: frozenset[str]
    own_force_nouns: frozenset[str]
    state_force_nouns: frozenset[str]
    mission_nouns: re.Pattern[str]
    mission_own: re.Pattern[str]
    mission_default: str
    side_nouns: frozenset[str]
    honoured_dead: re.Pattern[str]
    enemy_dead: re.Pattern[str]
    party_prepositions: frozenset[str]
    both_sides: re.Pattern[str]
    each_side: re.Pattern[str]
    inflict_verbs: frozenset[str]
    speaker_agents: frozenset[str]
    speaker_possessives: frozenset[str]
    people_nouns: frozenset[str]
    territory_participles: frozenset[str]


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    raw = lexicons.load("sides")
    return _Lex(
        frozenset(raw["attack_verbs"]),
        frozenset(raw["attack_nouns"]),
        frozenset(raw["harm_verbs"]),
        frozenset(raw["loss_verbs"]),
        frozenset(raw["force_nouns"]),
        str(raw["unnamed_armed_groups"]["code"]),
        frozenset(raw["unnamed_armed_groups"]["nouns"]),
        frozenset(raw["unnamed_armed_groups"]["member_nouns"]),
        frozenset(raw["own_force_nouns"]),
        frozenset(raw["state_force_nouns"]),
        _phrases_rx(raw["peacekeepers"]["nouns"]),
        re.compile(r"(?i)\b(?:its|their)\s+(?:own\s+)?" + _any(raw["peacekeepers"]["own_nouns"]) + r"\b"),
        str(raw["peacekeepers"]["default"]),
        frozenset(raw["side_nouns"]),
        _phrases_rx(raw["honoured_dead"]["words"]),
        _phrases_rx(raw["enemy_dead"]["words"]),
        frozenset(raw["party_prepositions"]["words"]),
        re.compile(
            r"(?i)\b(?:"
            + _any(raw["both_sides"]["before"])
            + r"\s+"
            + _any(raw["both_sides"]["phrases"])
            + r"|"
            + _any(raw["both_sides"]["phrases"])
            + r"\s+"
            + _any(raw["both_sides"]["after"])
            + r")\b"
        ),
        _phrases_rx(raw["each_side"]["phrases"]),
        frozenset(raw["inflict_verbs"]["verbs"]),
        frozenset(raw["speaker_agents"]["pronouns"]),
        frozenset(raw["speaker_agents"]["possessives"]),
        frozenset(raw["people_nouns"]["words"]),
        frozenset(raw["territory_participles"]["words"]),
    )


def _any(phrases: list[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in phrases) + ")"


def _phrases_rx(phrases: list[str]) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words, case-insensitively."""
    return re.compile(r"(?i)\b" + _any(phrases) + r"\b")


_NP_INNER = {"amod", "compound", "poss", "nmod", "det", "case", "nummod", "quantmod", "npadvmod"}


def _np_head(tok: Token) -> Token:
    """The head noun of the phrase ``tok`` sits in: 'Valdorian' in 'the Valdorian army's posts' ->
    'posts'; through 'of' ('soldiers of the Valdorian army' -> 'soldiers')."""
    h = tok
    for _ in range(6):
        if h.dep_ in _NP_INNER and h.head is not h:
            h = h.head
        elif h.dep_ == "pobj" and h.head.lower_ == "of" and h.head.head.pos_ in {"NOUN", "PROPN", "NUM"}:
            h = h.head.head
        else:
            break
    return h


def _verb_role(verb: Token, as_subject: bool, passive: bool, lex: _Lex) -> str:
    lemma = verb.lemma_.lower()
    if lemma in lex.loss_verbs:
        return VICTIM if as_subject else OTHER
    if lemma in lex.harm_verbs:
        if passive:
            return VICTIM
        return AGENT if as_subject else VICTIM
    if lemma in lex.attack_verbs:
        if passive:
            return TARGET
        return AGENT if as_subject else TARGET
    return OTHER


def _mentions_attack(tok: Token, lex: _Lex) -> bool:
    words = [tok, *tok.children]
    return any(w.lemma_.lower() in lex.attack_nouns for w in words)


def role_of(tok: Token, lex: _Lex | None = None) -> str:
    """The role of the party named by ``tok`` in its clause."""
    lex = lex or _lex()
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head  # "Valdorian and Ostravian troops": both words play the first one's part
    if (
        tok.i + 2 < len(tok.doc)
        and tok.nbor(1).text == "-"
        and tok.nbor(2).lower_ in lex.territory_participles
    ):
        return TARGET  # "the X-administered part of the region": X's territory, X's people
    head = _np_head(tok)
    while head.dep_ == "conj" and head.head is not head and head.head.pos_ in {"NOUN", "PROPN"}:
        # "between the Nerith Front and the Valdorian army": a conjoined phrase plays the part of
        # the first one
        head = _np_head(head.head)
    if head.dep_ == "pobj" and head.head.lower_ == "between":
        return MUTUAL  # "shelling between X and Y forces", "clashes between X and Y"
    hl = head.lemma_.lower()
    if hl in lex.attack_nouns and head is not tok:
        return AGENT  # "Valdorian shelling", "an Ostravian strike", "the Nerith Front's rocket fire"
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if (
        nxt is not None
        and tok.dep_ not in {"nsubj", "nsubjpass"}
        and (nxt.lower_ in lex.attack_nouns or nxt.lemma_.lower() in lex.attack_nouns)
    ):
        # "in Valdoria shelling", which the parser may read as two objects or a clause: the
        # party word right before an attack noun is the attacker's
        return AGENT
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        return AGENT  # "... killed by Ostravian troops"
    if head.dep_ == "pobj" and head.head.lower_ == "by":
        return AGENT
    if head.dep_ == "pobj" and head.head.lower_ in {"on", "among"} and hl in lex.side_nouns:
        return VICTIM  # "were killed on the Valdorian side"
    if (
        head.dep_ == "pobj"
        and head.head.lower_ in {"on", "upon", "to"}
        and head.head.head.lemma_.lower() in lex.inflict_verbs
    ):
        return VICTIM  # "heavy losses were inflicted on the Valdorian army"
    if head.dep_ in {"pobj"} and head.head.lower_ in {"from", "across"} and hl in lex.force_nouns:
        owner = head.head.head
        if (
            head.head.lower_ == "from"
            and owner.pos_ in {"NOUN", "PROPN", "PRON", "DET"}
            and owner.lemma_.lower() not in lex.attack_nouns
            and owner.lower_ not in lex.attack_nouns
        ):
            # "two soldiers from the Valdorian army were killed", "one soldier each from the
            # Ostravian forces": whose people they are, not who fired; the people's own part
            return role_of(owner, lex) if owner.pos_ in {"NOUN", "PROPN"} else OTHER
        return AGENT  # "fire from Ostravian troops"
    if head.dep_ in {"nsubj", "nsubjpass", "dobj"} and head.head.pos_ in {"VERB", "AUX"}:
        verb = head.head
        # "Valdorian troops opened fire", "troops resorted to firing": the verb's object carries the attack
        if (
            head.dep_ == "nsubj"
            and verb.lemma_.lower() not in lex.loss_verbs
            and any(c.dep_ in {"dobj", "prep", "xcomp"} and _mentions_attack(c, lex) for c in verb.children)
        ):
            return AGENT
        return _verb_role(verb, head.dep_ == "nsubj", head.dep_ == "nsubjpass", lex)
    return OTHER


def unnamed_group(victims: str) -> str:
    """The code for victims named only as unnamed non-state fighters ("militants"), or ""."""
    lex = _lex()
    # "the militia's elements", "the rebels' fighters": the group's members, as "militia elements"
    words = [re.sub(r"['’]s$|(?<=s)['’]$", "", w) for w in victims.lower().split()]
    if any(w.strip(",") in lex.state_force_nouns for w in words[:-1]):
        # "soldiers and militiamen", "troops and auxiliaries": a force and those who fight beside
        # it, killed together, not an armed group's fighters
        return ""
    named = bool(words) and (
        words[-1] in lex.unnamed_group_nouns
        or (len(words) > 1 and words[-1] in lex.unnamed_member_nouns and words[-2] in lex.unnamed_group_nouns)
    )
    return lex.unnamed_group_code if named else ""


def people_only(victims: str) -> bool:
    """Whether victims are named only as people ("15 people", "at least 20 persons"), neither
    fighters nor civilians by their noun (sides.json ``people_nouns``)."""
    words = re.findall(r"[a-z]+", victims.lower())
    return bool(words) and words[-1] in _lex().people_nouns


def state_forces(victims: str) -> bool:
    """Whether victims are named only as a force ("35 soldiers", "fighters of the army") with no
    party word and no possessive: in an armed group's statement, the state's forces it fights."""
    words = re.findall(r"[\w’'-]+", victims)
    lex = _lex()
    if any(w[:1].isupper() for w in words[1:]) or any(w.lower() in lex.speaker_possessives for w in words):
        return False
    return any(w.lower() in lex.state_force_nouns for w in words)


def mission_victims(victims: str, *, speaker_is_mission: bool) -> bool:
    """Whether victims are a peacekeeping mission's people: named so ("two peacekeepers", "four
    mission members"), or the mission's own ("two of its members") when the mission speaks."""
    lex = _lex()
    if lex.mission_nouns.search(victims):
        return True
    return speaker_is_mission and lex.mission_own.search(victims) is not None


def honours_dead(text: str) -> bool:
    """Whether ``text`` honours the dead it tells of as the speaker's own ("were martyred")."""
    return _lex().honoured_dead.search(text) is not None


def tells_enemy_dead(text: str) -> bool:
    """Whether ``text`` tells of people killed as a party tells of its enemy ("were eliminated")."""
    return _lex().enemy_dead.search(text) is not None


def speaker_as_agent(doc: Doc, start: int, end: int) -> bool:
    """Whether the harm verb of the figure at ``doc.text[start:end]`` has the speaker for its
    subject, by a pronoun ("X said it killed 40 soldiers", "we killed ten of them") or as the
    owner of the subject ("its fighters killed five soldiers")."""
    lex = _lex()
    return any(
        subj.lower_ in lex.speaker_agents
        or any(c.dep_ == "poss" and c.lower_ in lex.speaker_possessives for c in subj.children)
        for subj in _harm_subjects(doc, start, end)
    )


def _harm_subjects(doc: Doc, start: int, end: int) -> Iterator[Token]:
    """The subjects of the active harm verbs in ``doc.text[start:end]`` (who killed)."""
    lex = _lex()
    span = doc.char_span(start, end, alignment_mode="expand")
    for tok in span if span is not None else ():
        if tok.lemma_.lower() in lex.harm_verbs and not any(
            c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children
        ):
            yield from (c for c in tok.children if c.dep_ == "nsubj")


def own_forces_as_agent(doc: Doc, start: int, end: int) -> bool:
    """Whether the harm verb of the figure at ``doc.text[start:end]`` has for its subject a force
    that names no party ("the armed forces killed 100 fighters", "troops killed eight
    militants"): in a state's statement, its own forces."""
    lex = _lex()
    return any(
        subj.lower_ in lex.own_force_nouns
        and not any(
            c.dep_ in {"amod", "compound", "poss", "nmod"} and c.text[:1].isupper() for c in subj.children
        )
        for subj in _harm_subjects(doc, start, end)
    )


def at_war(opp: dict[str, str]) -> frozenset[str]:
    """The parties of a report's fighting: each party of ``opp`` (party -> its opponent, see
    ``components.parties``) and each opponent."""
    return frozenset(p for pair in opp.items() for p in pair if p)


def counts_both_sides(text: str) -> bool:
    """Whether ``text`` counts both parties' people together ("shelling by both sides")."""
    return _lex().both_sides.search(text) is not None


def losses_on_each_side(text: str) -> bool:
    """Whether ``text`` tells of each party's own losses ("reported on both sides")."""
    return _lex().each_side.search(text) is not None


def named_as_party(doc: Doc, start: int, end: int) -> bool:
    """Whether the place name at ``doc.text[start:end]`` is a party rather than a place there
    ("clashes with X", "fire from X")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    return tok.dep_ == "pobj" and tok.head.lower_ in _lex().party_prepositions


def mission_default() -> str:
    return _lex().mission_default


def side_roles(span: Span, side_of: Callable[[Token], str | None]) -> list[SideRole]:
    """Every party the sentence names, with its role, in text order."""
    lex = _lex()
    out: list[SideRole] = []
    for tok in span:
        side = side_of(tok)
        if not side:
            continue
        role = role_of(tok, lex)
        head = _np_head(tok)
        if (tok.dep_ == "conj" and (other := side_of(tok.head)) and other != side) or (
            head.dep_ == "conj" and (other := side_of(head.head)) and other != side
        ):
            # "Valdorian and Ostravian troops exchanged fire", "shelling by the Nerith Front and
            # the Valdorian army": both sides at once
            role = MUTUAL
            out = [SideRole(r.side, MUTUAL, r.start) if r.start == tok.head.idx else r for r in out]
        out.append(SideRole(side, role, tok.idx))
    return out


__all__ = [
    "AGENT",
    "MUTUAL",
    "OTHER",
    "TARGET",
    "VICTIM",
    "SideRole",
    "at_war",
    "own_forces_as_agent",
    "role_of",
    "side_roles",
    "unnamed_group",
]


_NAME_WORD = re.compile(r"[\w’'-]+")  # a name's first word, as the alias index keys it
_POSSESSIVE_END = re.compile(r"['’]s?$")
_FIGHTING_KINDS = frozenset({"armed_forces", "rebel", "militia", "security_service", "de_facto_authority"})


class PartyWords:
    """The party a capitalised word names: a demonym, a country, or an institution's alias (never
    a person's name, nor a word the parser tagged as one). Answers are kept: a report repeats its
    names, and every capitalised token of every sentence asks (a quarter of the assembly's time,
    measured on realnews, before they were kept)."""

    def __init__(self, actors: ActorIndex) -> None:
        self.actors = actors
        self._memo: dict[tuple[str, bool], str | None] = {}
        # fighters' names of several words ("Arakan Army", "Rapid Support Forces"), by their
        # first word, longest first: no one of their words names the party alone. Only forces
        # that fight: a council's or an agency's name ("National Security Council") is said of
        # many states and bodies, and one sentence naming it takes no side
        self._multi: dict[str, list[tuple[str, bool, str]]] = {}
        for e in actors.alias_entries():
            a = actors.lookup(e.surface) if " " in e.surface else None
            if a is None or a.kind not in _FIGHTING_KINDS or not a.side:
                continue
            surface = e.surface if e.case_sensitive else e.surface.lower()
            first = e.surface.split()[0].lower()
            self._multi.setdefault(first, []).append((surface, e.case_sensitive, a.side))
        # and the names of states and peoples of several words: "two Central African soldiers",
        # "in Burkina Faso", and "South Sudanese" is not "Sudanese"
        for name, side in actors.state_names().items():
            if name[:1].isupper():
                self._multi.setdefault(name.split()[0].lower(), []).append((name, True, side))
        for names in self._multi.values():
            names.sort(key=lambda n: -len(n[0]))

    def _name_at(self, text: str, start: int, first: str) -> tuple[int, str] | None:
        """(end, party) of a name of several words starting at ``start`` of ``text`` with the word
        ``first`` (lower case)."""
        for surface, case_sensitive, side in self._multi.get(first, ()):
            end = start + len(surface)
            seg = text[start:end]
            same = seg == surface if case_sensitive else seg.lower() == surface
            if same and not text[end : end + 1].isalnum():
                return end, side
        return None

    def name_sides(self, doc: Doc, local: Mapping[str, str] | None = None) -> dict[int, str]:
        """Token index -> party for the tokens of the names of several words in ``doc``, and of
        the short names it defines (``local``: acronym -> actor id, :func:`defined_acronyms`)."""
        out: dict[int, str] = {}
        text, i = doc_text(doc), 0
        while i < len(doc):
            tok = doc[i]
            if local and tok.text in local and local[tok.text] in self.actors:
                out[i] = self.actors.get(local[tok.text]).side
                i += 1
                continue
            named = tok.text[:1].isupper() and tok.lower_ in self._multi
            word = _NAME_WORD.match(text, tok.idx) if named else None
            hit = self._name_at(text, tok.idx, word.group(0).lower()) if word else None
            if hit is None:
                i += 1
                continue
            end, side = hit
            while i < len(doc) and doc[i].idx < end:
                out[i] = side
                i += 1
        return out

    def phrase_parties(self, phrase: str, local: Mapping[str, str] | None = None) -> list[str]:
        """The parties a phrase names, in order: names of several words first (their words do
        not count again: "Islamic Resistance in X" names one group), then capitalised words;
        ``local``: the short names the report defines (acronym -> actor id)."""
        out: list[str] = []
        pos = 0
        for m in re.finditer(r"[A-Z][\w’'-]+", phrase):
            if m.start() < pos:
                continue
            first = m.group(0).lower()
            hit = self._name_at(phrase, m.start(), first) if first in self._multi else None
            own = _POSSESSIVE_END.sub("", m.group(0))
            if hit is not None:
                pos, side = hit
            elif local and own in local and local[own] in self.actors:
                side = self.actors.get(local[own]).side
            else:
                side = self.word_side(m.group(0)) or ""
            if side and side not in out:
                out.append(side)
        return out

    def token_side(self, tok: Token) -> str | None:
        if not tok.text[:1].isupper():
            return None
        return self.word_side(tok.text, person=tok.ent_type_ == "PERSON")

    def word_side(self, word: str, *, person: bool = False) -> str | None:
        key = (word, person)
        if key in self._memo:
            return self._memo[key]
        side = self.actors.demonym_side(word) or self.actors.country_side(word)
        if side is None and not person:
            a = self.actors.lookup(word)
            side = a.side if a is not None and not a.is_person else None
        if len(self._memo) > 200_000:  # a long run over many conflicts: memory stays bounded
            self._memo.clear()
        self._memo[key] = side
        return side
