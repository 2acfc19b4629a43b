"""Who asserts each sentence: reporting verbs, "according to", quotes, and speakers in context.

A speaker phrase ("the ministry", "Valdoria's foreign ministry spokesperson", "he", "Dravik") is
resolved to the institution it speaks for through the actor registry; people speak for their
institution; unseen institutions are built from a side and a role ("Ostravia's Defence Ministry"
-> XO-MOD). Pronouns and definite descriptions ("the ministry", "the statement") take the most
recent matching speaker of the document. Quotes whose speaker sits in the next or the previous
sentence get that speaker for every sentence they span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from . import lexicons
from .actors import Actor, ActorIndex
from .figures import Figure
from .sides import unnamed_group
from .texts import span_ents, span_text

if TYPE_CHECKING:
    from ..ingest.outlets import OutletRegistry


@dataclass(frozen=True)
class Speaker:
    actor_id: str
    side: str
    name: str
    start: int  # character span of the speaker phrase in the document
    end: int
    person: bool = False


@dataclass(frozen=True)
class _Lex:
    reporting: frozenset[str]
    according: re.Pattern[str]
    pronouns: dict[str, str]
    local: frozenset[str]  # speakers whose side is where they are
    state_sources: frozenset[str]  # "a security source": the state's forces speak
    media: frozenset[str]  # "media outlets in X", "newspapers from X": X's media
    source_nouns: frozenset[str]  # "figures from X", "a statement by X": X speaks
    body_words: frozenset[str]  # words that make a capitalised name a body's, not a person's
    inner_words: frozenset[str]  # lower-case words inside a body's name ("Ministry of Defence")
    ministries: frozenset[str]  # role codes of ministries
    claim_nouns: frozenset[str]  # "Y's claim that …": the clause is Y's claim
    person_nouns: frozenset[str]  # "a rescue worker", "the spokesman of X": one person speaks
    both_sides: re.Pattern[str]  # "officials on both sides": no one claimant
    not_state: frozenset[str]  # "opposition officials": not the state's
    group_ref: re.Pattern[str]  # "the group", "the jihadist group": an armed group of the report


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    raw = lexicons.load("attribution")
    acc = re.compile(
        r"\b(?:" + "|".join(re.escape(a) for a in raw["according_to"]) + r")\b\s+", re.IGNORECASE
    )
    return _Lex(
        frozenset(raw["reporting_lemmas"]),
        acc,
        dict(raw["speaker_pronouns"]),
        frozenset(raw["local_speakers"]),
        frozenset(raw["state_force_sources"]),
        frozenset(raw.get("media_speakers", ())),
        frozenset(raw["source_nouns"]),
        frozenset(raw["body_words"]),
        frozenset(raw["name_inner_words"]),
        frozenset(raw["ministry_roles"]),
        frozenset(raw["claim_nouns"]),
        frozenset(raw["person_nouns"]),
        re.compile(r"(?i)\b(?:" + "|".join(re.escape(p) for p in raw["both_sides"]) + r")\b"),
        frozenset(raw["not_the_state"]),
        re.compile(
            r"(?i)(?:the|this|that)\s+(?:same\s+)?(?:(?:"
            + "|".join(re.escape(a) for a in raw["group_reference_adjectives"])
            + r")\s+)?(?:"
            + "|".join(re.escape(n) for n in raw["group_references"])
            + r")(?:['’]s?)?(?:\s|$)"
        ),
    )


def lexicon() -> _Lex:
    """attribution.json as the attributor reads it: reporting lemmas, "according to" phrases,
    speaker pronouns (for the first pass that picks the sentences to parse)."""
    return _lex()


_NAME_WORD = re.compile(r"[A-Z][\w’'-]*")


def _acronyms(phrase: str) -> set[str]:
    """Short names a report may use for a body it named in full: the initials of the phrase's
    last run of capitalised words ("… state-run National Press Agency" -> "NPA", hyphenated parts
    counted: "Inter-Forces Press Relations" -> "IFPR"), and an acronym it gives in brackets."""
    out = set(re.findall(r"\(([A-Z]{2,8})\)", phrase))
    words = re.findall(r"[\w’'-]+", re.sub(r"\(.*?\)", " ", phrase))
    run: list[str] = []
    for w in reversed(words):
        if _NAME_WORD.fullmatch(w) and not w.endswith(("'s", "’s")):
            run.insert(0, w)
        elif w.lower() in _lex().inner_words and run:
            continue
        else:
            break
    if len(run) >= 2:
        letters = "".join(part[0] for w in run for part in w.split("-") if part[:1].isupper())
        if 2 <= len(letters) <= 8:
            out.add(letters)
    return out


@dataclass
class SpeakerState:
    """What the document has said so far: the most recent speakers by kind, for pronouns."""

    last_person: Speaker | None = None
    last_institution: Speaker | None = None
    last_any: Speaker | None = None
    last_ministry: Speaker | None = None
    by_role: dict[str, Speaker] = field(default_factory=dict)
    by_surname: dict[str, Speaker] = field(default_factory=dict)  # "Kovac" after "Marta Kovac"
    recent: list[Speaker] = field(default_factory=list)  # newest last
    acronyms: dict[str, Speaker] = field(default_factory=dict)  # "NPA" after "National Press Agency"
    unnamed: Speaker | None = None  # the last speaker, when one person not named ("a spokesman")

    def note(self, sp: Speaker, role: str, phrase: str = "", unnamed: bool = False) -> None:
        if not sp.person:
            for acronym in _acronyms(phrase):
                self.acronyms.setdefault(acronym, sp)
        self.unnamed = sp if unnamed else None
        self.last_any = sp
        self.recent = [*self.recent[-9:], sp]
        if sp.person:
            self.last_person = sp
        else:
            self.last_institution = sp
        if role:
            self.by_role[role] = sp
        ministries = _lex().ministries
        if role in ministries or sp.actor_id.split("-")[-1] in ministries:
            self.last_ministry = sp
        if sp.person:
            parts = [w for w in re.findall(r"[A-Z][\w’'-]+", sp.name) if len(w) > 2]
            if len(parts) >= 2:
                self.by_surname[parts[-1]] = sp


_QUOTE_PAIRS = re.compile(r"“[^”]{3,}?”|\"[^\"\n]{3,}?\"|«[^»]{3,}?»")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (curly, straight or guillemet quotes), possibly multi-sentence."""
    return [(m.start(), m.end()) for m in _QUOTE_PAIRS.finditer(text)]


class Attributor:
    """Resolves speaker phrases to actors, keeping per-document state."""

    def __init__(
        self,
        actors: ActorIndex,
        default_side: str = "",
        aliases: Mapping[str, str] | None = None,
        civil_state: str = "",
        outlets: OutletRegistry | None = None,
        local_default: bool = True,
        parties: Sequence[str] = (),
        outlet_side: str = "",
    ) -> None:
        self.actors = actors
        # the party of an armed group's own outlet (its agency, its statements): whose "security
        # source" speaks there; "" for any other outlet
        own = outlet_side
        self.outlet_group = own if own and not actors.is_state(own) and not actors.is_body(own) else ""
        # the report's parties (whose unnamed "rebels in X" are X's armed group, see _rebels_of)
        self.parties = tuple(parties)
        # whether local speakers of no place ("police officials in the area") are of the default
        # side: not when that is a third country's, whose agency tells others' war
        self.local_default = local_default
        # the outlet registry in force: "the Valdoria Herald daily reported" relays that outlet
        self.outlets = outlets
        self.state = SpeakerState()
        # the short names the report defines for known actors ("the Nerith Front (NF)")
        self.aliases: Mapping[str, str] = aliases or {}
        # the state of a report whose fighting is a state against armed groups of its own: where
        # its local speakers are when their sentence names no place (see _generic)
        self.civil_state = civil_state
        # whose institutions "the ministry", "the army" are when nothing else says: the party
        # the outlet speaks for, else the party the document is mostly about
        self.default_side = default_side

    # -- resolution --------------------------------------------------------------------------
    def _speaker(self, actor: Actor, start: int, end: int) -> Speaker:
        inst = self.actors.institution(actor)
        return Speaker(inst.id, inst.side, actor.name, start, end, actor.is_person)

    def resolve_phrase(
        self,
        text: str,
        start: int,
        end: int,
        sentence_sides: list[str],
        where: Sequence[str] = (),
        name: str = "",
    ) -> Speaker | None:
        """A speaker phrase to a Speaker, or None when it names nobody we can place; ``where``: the
        countries of the places the sentence names, in order (whose local officials speak);
        ``name``: the personal name the parser found in the phrase, if any."""
        phrase = text.strip().strip(",;:")
        if not phrase:
            return None
        low = re.sub(r"^(?:the|a|an)\s+", "", phrase.lower())
        kind = _lex().pronouns.get(phrase.lower()) or _lex().pronouns.get(low)
        st = self.state
        if kind == "person":
            role = self.actors.role_for(phrase)
            if role and role in st.by_role:
                return _moved(st.by_role[role], start, end)
            if st.last_person and (not role or phrase.lower() in {"he", "she", "him", "her"}):
                return _moved(st.last_person, start, end)
        elif kind == "institution" or kind == "ministry":
            role = self.actors.role_for(phrase)
            if kind == "ministry" and role in {None, "GOV"} and st.last_ministry:
                return _moved(st.last_ministry, start, end)
            if role and role in st.by_role:
                return _moved(st.by_role[role], start, end)
            if st.last_any and (not role or (kind == "institution" and phrase.lower() in {"it", "they"})):
                return _moved(st.last_institution or st.last_any, start, end)
        # "the statement", "they" continue the last speaker; "officials" alone names no side and
        # is resolved below like any other phrase
        if kind in {"statement", "group"} and "officials" not in low and st.last_any:
            return _moved(st.last_any, start, end)
        head = re.fullmatch(r"(?i)(?:the|this|that)\s+([a-z]+)", phrase.strip())
        if head and len(head.group(1)) > 3:
            # "the service" after "Ostravia's State Border Service said …"
            noun = head.group(1).lower()
            for sp in reversed(st.recent):
                if re.search(rf"\b{noun}\b", sp.name.lower()):
                    return _moved(sp, start, end)
        group = self._group_meant(phrase, sentence_sides)
        if group is not None:
            # "the group said", "the group's military spokesman": the armed group the sentence
            # names, else the one that spoke last
            sp = Speaker(group.id, group.side, phrase, start, end, _person_head(phrase))
            self.state.note(sp, "", phrase, unnamed=sp.person)
            return sp
        acronym = re.sub(r"^(?:the|The)\s+", "", phrase)
        if acronym in st.acronyms:
            # the report's own short name for a source it named in full: before the registry,
            # where the same letters may name another body
            return _moved(st.acronyms[acronym], start, end)
        bare = re.sub(r"^(?:Mr|Ms|Mrs|Dr)\.?\s+", "", phrase)
        if bare in st.by_surname:  # a surname after the full name was given earlier
            return _moved(st.by_surname[bare], start, end)
        known = st.by_surname.get(name.split()[-1]) if name else None
        if known is not None and bare.endswith(name) and known.name.endswith(name):
            # "Ilan Dorsk" after "Colonel Ilan Dorsk", the name the parser found
            return _moved(known, start, end)
        if (
            re.match(r"(?i)(?:its|their)\s", phrase)
            and st.last_institution is not None
            and (bool(name) or _person_head(phrase))
        ):
            # "The group said … Its spokesman, <Name>, said": the body that spoke last (not
            # "their relatives said": only its people speak for it)
            body = st.last_institution
            sp = Speaker(body.actor_id, body.side, name or phrase, start, end, True)
            self.state.note(sp, "", phrase, unnamed=not name)
            return sp
        actor = self.actors.lookup(phrase, self.aliases) or self.actors.resolve(phrase)
        if actor is None and unnamed_group(_head_words(phrase)):
            # "Myanmar rebels", "rebels in the north of X": a state named beside unnamed
            # fighters says where they fight, not whose they are
            group = self._rebels_of(phrase)
            if group is None:
                return None
            sp = Speaker(group.id, group.side, phrase, start, end, False)
            self.state.note(sp, "", phrase)
            return sp
        actor = actor or self._inner_actor(phrase) or self._seat_of_power(phrase)
        if actor is None:
            relayed = self._relayed_outlet(phrase, start, end)
            if relayed is not None:
                self.state.note(relayed, "MEDIA", phrase)
                return relayed
            actor = self._generic(phrase, sentence_sides, where)
        if actor is None:
            told = st.unnamed
            if (
                name
                and bare.endswith(name)
                and told is st.last_any
                and told is not None
                and start - told.end < 600
            ):
                # "the group's spokesman said … <Name> told the radio": the speaker just quoted,
                # named now
                sp = Speaker(told.actor_id, told.side, name, start, end, True)
                self.state.note(sp, "", phrase)
                return sp
            if name:
                # a person we cannot place is who the next "he said" means: not an earlier one
                st.last_person = st.unnamed = None
            return None
        sp = self._speaker(actor, start, end)
        unnamed = False
        if not sp.person and (name or _ends_with_name(phrase)):
            # "Nerith government spokesperson Ilan Dorsk": a person the registry does not
            # know, speaking for an institution it does; the next "he said" is this person
            sp = Speaker(sp.actor_id, sp.side, name or phrase, start, end, True)
        elif not sp.person and _person_head(phrase):
            # "a rescue worker", "the official spokesman of X": one person, not yet named
            sp = Speaker(sp.actor_id, sp.side, phrase, start, end, True)
            unnamed = True
        self.state.note(
            sp,
            self.actors.role_for(phrase) or (actor.role if actor.id == sp.actor_id else ""),
            phrase,
            unnamed,
        )
        return sp

    def _relayed_outlet(self, phrase: str, start: int, end: int) -> Speaker | None:
        """An outlet of the registry named as the source ("the Valdoria Herald daily reported",
        "according to Radio Ostrava"): the claim is that outlet's, on the side of the party whose
        narrative it carries, not the publishing outlet's own. Only an aligned outlet: a neutral
        wire named as the source ("the wire, quoting X officials, reported") most often relays
        someone else, whom the rest of the sentence names (measured on realnews: one claimant
        side lost when wires counted too)."""
        if self.outlets is None:
            return None
        found = self.outlets.find_in_text([phrase])
        if found is None or found.outlet.alignment in {"", "neutral"}:
            return None
        o = found.outlet
        return Speaker(f"outlet:{o.id}", o.alignment, o.name, start, end, False)

    def _group_meant(self, phrase: str, sentence_sides: list[str]) -> Actor | None:
        """The armed group "the group" / "the group's spokesman" refers to: the one the sentence
        names, else the last institution that spoke when it is one; None for other phrases."""
        if not _lex().group_ref.match(phrase.strip()):
            return None
        last = self.state.last_institution
        if (
            last is not None
            and last.actor_id != f"{last.side}-CIVILIANS"
            and self.actors.is_non_state(last.side)
        ):
            # the armed group that spoke last, though the sentence names another ("The group
            # said <other group> fighters had helped")
            return self.actors.get(last.side)
        named = [x for x in sentence_sides if self.actors.is_non_state(x)]
        if named:
            return self.actors.get(named[0]) if named[0] in self.actors else None
        if last is None:
            # the report's one armed group ("Fighters of X attacked … The jihadist group said")
            groups = self._armed_groups()
            return self.actors.get(groups[0]) if len(groups) == 1 else None
        if last.actor_id == f"{last.side}-CIVILIANS":  # a local group that spoke before
            known = last.actor_id in self.actors
            return self.actors.get(last.actor_id) if known else _generic_actor(last.side, "CIVILIANS")
        return None  # an armed group that spoke last was taken above

    def _rebels_of(self, phrase: str) -> Actor | None:
        """The armed group unnamed fighters of a phrase are: a group the phrase names, else the
        report's one party that fights in the state the phrase names (None when that is not one)."""
        inner = self._inner_actor(phrase)
        if inner is not None and self.actors.is_non_state(inner.side):
            return self.actors.get(inner.side)
        caps = re.findall(r"\b[A-Z][\w’'-]+", phrase)
        side_of = {w: self.actors.demonym_side(w) or self.actors.country_side(w) for w in caps}
        states = [x for w in caps if (x := side_of[w])]
        state = inner.side if inner is not None else (states[0] if states else "")
        groups = self._armed_groups(state or None)
        # "Kachin rebels": the group whose name holds one of the phrase's other capitalised words
        words = {w for w in caps if w.lower() not in _ARTICLES and not side_of[w]}
        named = [p for p in groups if words & set(self.actors.get(p).name.split())]
        if len(named) == 1:
            return self.actors.get(named[0])
        # "Myanmar rebels": the report's one armed group of that state
        return self.actors.get(groups[0]) if len(groups) == 1 and state else None

    def _armed_groups(self, state: str | None = None) -> list[str]:
        """The report's parties that are armed groups, those fighting in ``state`` when given."""
        return [
            p
            for p in self.parties
            if self.actors.is_non_state(p) and (state is None or self.actors.home_state(p) == state)
        ]

    def _seat_of_power(self, phrase: str) -> Actor | None:
        """ "…, Asmara says": a capital that speaks is its government. The reference data lists
        capitals only as "official <capital>" (a bare capital is more often where something
        happened), and this is called for speakers only."""
        name = phrase.strip()
        if not re.fullmatch(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}", name):
            return None
        actor = self.actors.lookup(f"official {name}")
        return actor if actor is not None and not actor.is_person else None

    def _inner_actor(self, phrase: str) -> Actor | None:
        """An institution named inside a longer phrase: "an OSPR statement", "the VDF's figures",
        "a Nerith Front official" (as a role of that body's side when a role word is given)."""
        words = re.findall(r"[\w’'.-]+", phrase)
        for n in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                window = " ".join(words[i : i + n])
                if not window[:1].isupper():
                    continue
                found = self.actors.lookup(window, self.aliases)
                if found is None or found.is_person:
                    continue
                role = self.actors.role_for(phrase)
                if role and role != found.role and found.kind == "government":
                    return self.actors.resolve_generic(found.side, role) or found
                return found
        return None

    def _de_facto(self) -> bool:
        """Whether a party of the report is a de facto authority (whose people are not the state's
        it broke from, wherever they speak)."""
        return any(p in self.actors and self.actors.get(p).kind == "de_facto_authority" for p in self.parties)

    def _generic(self, phrase: str, sentence_sides: list[str], where: Sequence[str] = ()) -> Actor | None:
        """Unseen people and institutions: a side word anywhere in the phrase + a role word. Local
        speakers named by no side ("police said", "health officials said") are of the country
        where the sentence's events are ("In X, police said …", "… killed across X")."""
        role = self.actors.role_for(phrase)
        side = None
        for tok in re.findall(r"[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?", phrase):
            for cand in (tok, *tok.split()):  # "The Valdorian state": its second word
                side = self.actors.demonym_side(cand) or self.actors.country_side(cand)
                if side:
                    break
            if side:
                break
        if (
            side is None
            and re.search(r"\bthe country['’]?s\b|\bits\b", phrase, re.IGNORECASE)
            and sentence_sides
        ):
            side = sentence_sides[0]
        words = set(re.findall(r"[a-z]+", phrase.lower()))
        if side is None and not _lex().not_state.isdisjoint(words):
            # "opposition officials": in a report of a state's war with armed groups of its own,
            # that state's armed group if it names one, nobody we can place if it names several;
            # else the country's political opposition: of the country, not its government
            state = (where[0] if where else "") or self.civil_state or self.default_side
            groups = self._armed_groups(state)
            if len(groups) == 1:
                return self.actors.get(groups[0])
            if groups or not state:
                return None
            return self.actors.resolve_generic(state, "CIVILIANS") or _generic_actor(state, "CIVILIANS")
        if side is None and self.outlet_group and words & {"source", "sources"}:
            # "…, a security source told <the group's agency>": the group's own source, wherever
            # the sentence's places lie
            group = self.outlet_group
            return (
                self.actors.get(group)
                if group in self.actors
                else replace(_generic_actor(group, "GROUP"), id=group)
            )
        if side is None and not _lex().local.isdisjoint(words):
            # where they are: the sentence's places, else the one state of a civil war's report,
            # else, in a report that is no aligned outlet's, the state whose war it tells ("a
            # security source said" of an attack told before), unless a de facto authority rules
            # where they may be (its forces' sources still speak for the state)
            side = where[0] if where else (self.civil_state or None)
            if side is None and not self.local_default:
                return None
            if side is None and (not _lex().state_sources.isdisjoint(words) or not self._de_facto()):
                side = self.default_side or None
        elif side is None and "local" in words and not where:
            # "a local monitoring group": of the civil war's state (a sentence's places may be a
            # party named as the foe: "local media said … clashes with <state>")
            side = self.civil_state or None
        elif side is None and self.civil_state and not role and _names_a_body(phrase):
            # "The Velgrad Bar Network, a group of lawyers …": a body the registry does not
            # know, in a neutral outlet's report of a civil war: one of the country's own
            local = self.actors.resolve_generic(self.civil_state, "CIVILIANS")
            return local or _generic_actor(self.civil_state, "CIVILIANS")
        if side is None:
            if role and role in self.state.by_role:
                known = self.state.by_role[role]
                if known.actor_id in self.actors:
                    return self.actors.get(known.actor_id)
                return _generic_actor(known.side, role)
            if not role or not self.default_side:
                return None
            side = self.default_side
        role = role or "GOV"
        return self.actors.resolve_generic(side, role) or _generic_actor(side, role)

    # -- finding speaker phrases in a parsed sentence -----------------------------------------
    def sentence_speaker_outside(
        self,
        sent: Span,
        sentence_sides: list[str],
        in_quote: Callable[[int], bool],
        where: Sequence[str] = (),
    ) -> Speaker | None:
        """The speaker a sentence attributes itself to, ignoring words inside quotations
        (an "according to" inside a quote names the quoted person's source, not the claimant)."""
        doc = sent.doc
        for m in _lex().according.finditer(span_text(sent)):
            if in_quote(sent.start_char + m.start()):
                continue
            start = sent.start_char + m.end()
            span = doc.char_span(start, sent.end_char, alignment_mode="expand")
            if span is None:
                continue
            phrase = _noun_phrase_at(span)
            if phrase is not None and re.match(r"(?i)that\b", span.text) and any(t.like_num for t in phrase):
                continue  # "X said in a statement that 40 civilians …": the victims X tells of, not X
            if phrase is not None and _lex().both_sides.search(
                doc[phrase.start : phrase.root.right_edge.i + 1].text
            ):
                return None  # "according to officials from both countries": the outlet's tally
            if phrase is not None:
                sp = self.resolve_phrase(
                    phrase.text, phrase.start_char, phrase.end_char, sentence_sides, where
                )
                if sp:
                    return sp
        best: Speaker | None = None
        for tok in sent:
            if in_quote(tok.idx):
                continue
            if tok.lemma_.lower() not in _lex().reporting or tok.pos_ not in {"VERB", "AUX", "NOUN"}:
                continue
            subj = _subject(tok)
            if subj is None or in_quote(subj.start_char):
                continue
            if _lex().both_sides.search(doc[subj.start : subj.root.right_edge.i + 1].text):
                continue  # "officials on both sides said": the outlet's tally of both
            run = _name_run(subj.root)
            if run.end > subj.end and self.actors.lookup(run.text) is not None:
                # a name whose words the parser split ("Healers Across Valdoria" as "Healers"
                # and a prepositional phrase)
                subj = run
            sp = self.resolve_phrase(
                subj.text, subj.start_char, subj.end_char, sentence_sides, where, _person_name(subj)
            )
            body = _spoken_for(tok) if sp is None else None
            if body is not None and (
                inst := self.resolve_phrase(body.text, body.start_char, body.end_char, sentence_sides, where)
            ):
                # "…, said Col. X, speaking for the armed forces": a person the registry does not
                # know, speaking for a body it does
                sp = Speaker(inst.actor_id, inst.side, subj.text, subj.start_char, subj.end_char, True)
                self.state.note(sp, "", subj.text)
            whole = doc[subj.start : subj.root.right_edge.i + 1] if sp is None else subj
            if len(whole) > len(subj) and self.actors.lookup(whole.text) is not None:
                # a name that holds a place ("the Islamic Resistance in X"): the phrase stopped
                # before its "in", which only speakers' local words keep
                sp = self.resolve_phrase(whole.text, whole.start_char, whole.end_char, sentence_sides, where)
            if sp is None and subj.root.pos_ == "PROPN" and subj.root.ent_type_ not in _NOT_PEOPLE:
                # a proper name we cannot place (the parser may not know it for a person's): the
                # next "he said" is not an earlier person's
                self.state.last_person = self.state.unnamed = None
            if sp is not None:
                best = sp
                if tok.dep_ == "ROOT" or tok.head.dep_ == "ROOT":
                    break
        if best is None:
            self._remember_subject(sent)
        return best

    def claim_owners(
        self, sent: Span, sentence_sides: list[str], in_quote: Callable[[int], bool]
    ) -> tuple[tuple[int, int, Speaker], ...]:
        """The claims a sentence reports as someone else's (see :func:`claim_clauses`), each with
        its owner resolved: (start, end, owner)."""
        out: list[tuple[int, int, Speaker]] = []
        for start, end, owner in claim_clauses(sent, in_quote):
            sp = self.resolve_phrase(owner.text, owner.start_char, owner.end_char, sentence_sides)
            if sp is not None:
                out.append((start, end, sp))
        return tuple(out)

    def _remember_subject(self, sent: Span) -> None:
        """A named person who acts in a sentence ("President Kovac addressed the nation") is
        who a following "he said" refers to, though this sentence reports no speech."""
        root = sent.root
        for child in root.children:
            if child.dep_ == "nsubj" and child.pos_ == "PROPN":
                phrase = _phrase(child)
                actor = self.actors.resolve(phrase.text)
                if actor is not None and actor.is_person:
                    sp = self._speaker(actor, phrase.start_char, phrase.end_char)
                    self.state.note(sp, self.actors.role_for(phrase.text) or actor.role)


_NOT_PEOPLE = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
_NAME = re.compile(r"(?:[A-Z][a-z’'-]+\s+){1,3}[A-Z][a-z’'-]+$")
_HEAD_END = re.compile(r",|\s(?:of|at|in|for|from|with|on)\s", re.IGNORECASE)


def _names_a_body(phrase: str) -> bool:
    """Whether a speaker phrase is a body's name: capitalised words first ("The Velgrad Bar
    Network", after "the"), and a word that makes it a body anywhere ("…, a group of lawyers")."""
    words = re.findall(r"[\w’'-]+", re.sub(r"^(?:the|The)\s+", "", phrase.strip()))
    if len(words) < 2 or not (words[0][:1].isupper() and words[1][:1].isupper()):
        return False
    return not _lex().body_words.isdisjoint(w.lower() for w in words)


_ARTICLES = {"the", "a", "an"}


def _head_words(phrase: str) -> str:
    """A phrase up to its head: the words before "in", "from", "of", "at" or a comma."""
    return re.split(r"\s+(?:in|from|of|at|on)\s+|,", phrase.strip(), maxsplit=1)[0]


def _person_head(phrase: str) -> bool:
    """Whether a speaker phrase is one person not named: its head (the last word before "of",
    "at", "in", … or a comma) is a singular person noun ("a doctor at the hospital")."""
    words = re.findall(r"[A-Za-z’'-]+", _HEAD_END.split(phrase, maxsplit=1)[0])
    return bool(words) and words[-1].lower() in _lex().person_nouns


def _name_run(tok: Token) -> Span:
    """The run of capitalised words ``tok`` stands in, with the lower-case words names hold
    between them ("Bureau for the Relief of …")."""
    doc = tok.doc

    def cap(t: Token) -> bool:
        return t.text[:1].isupper() and t.is_alpha

    if not cap(tok):
        return doc[tok.i : tok.i + 1]
    left = tok.i
    while left > 0 and cap(doc[left - 1]) and not doc[left - 1].is_sent_start:
        left -= 1
    right = tok.i
    while right + 1 < len(doc):
        nxt = doc[right + 1]
        if cap(nxt):
            right += 1
        elif nxt.lower_ in _lex().inner_words and right + 2 < len(doc) and cap(doc[right + 2]):
            right += 2
        else:
            break
    return doc[left : right + 1]


def _person_name(phrase: Span) -> str:
    """The personal name the parser found in a speaker phrase, or "": a PERSON entity that is the
    phrase's head or stands in apposition to it ("the group's spokesman, Jane Doe"); a name
    under a preposition or in a clause ("residents of <village>") is not the speaker's."""
    head = phrase.root
    for e in reversed(span_ents(phrase)):
        if e.label_ != "PERSON":
            continue
        r = e.root
        if r.i == head.i or (r.head.i == head.i and r.dep_ in {"appos", "compound", "flat"}):
            return e.text.strip()
    return ""


def _ends_with_name(phrase: str) -> bool:
    """Whether a speaker phrase ends with a personal name ("… spokesperson Jane Doe")."""
    m = _NAME.search(phrase.strip())
    if m is None:
        return False
    # the name follows a lower-case title word ("spokesperson", "minister"), so it is a person;
    # "… state-run National Press Agency" is a body: a word of the name says so
    if not _lex().body_words.isdisjoint(w.lower() for w in m.group(0).split()):
        return False
    before = phrase.strip()[: m.start()].rstrip()
    return bool(before) and before.split()[-1][:1].islower()


def _generic_actor(side: str, role: str) -> Actor:
    """An institution the registry does not list ("XO-BORDER"): coded from side and role."""
    return Actor(
        id=f"{side}-{role}",
        name=f"{role.title()} of {side}",
        side=side,
        kind="generic",
        inter=1,
        acled_actor="",
        aliases=(),
        speaks_for=None,
        role=role,
    )


def _moved(sp: Speaker | None, start: int, end: int) -> Speaker | None:
    if sp is None:
        return None
    return Speaker(sp.actor_id, sp.side, sp.name, start, end, sp.person)


def _subject(verb: Token) -> Span | None:
    """The subject phrase of a reporting verb (active or passive agent)."""
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.dep_ == "nsubjpass" and not _quoted_as_saying(verb):
                continue  # "it was reported": the agent, if any, is the speaker
            return _phrase(child)
        if child.dep_ == "agent":
            for gc in child.children:
                if gc.dep_ == "pobj":
                    return _phrase(gc)
    # "A nurse at X, which is one of two clinics left open, said it had …": the
    # parser may hang the speaker on the apposition as a clause of its own; a reporting verb
    # tells one clause, so of a clause before it and one after, the one before holds the speaker
    told = [c for c in verb.children if c.dep_ == "ccomp"]
    if len(told) == 2 and told[0].i < verb.i < told[1].i:
        first = next(
            (c for c in told[0].children if c.dep_ == "nsubj" and c.left_edge.i == told[0].left_edge.i),
            None,
        )
        if first is not None and first.pos_ in {"NOUN", "PROPN"}:
            return _phrase(first)
    # "…, said Valdorian Security Council Secretary Ilan Dorsk": subject after the verb
    for child in verb.rights:
        if child.dep_ in {"nsubj", "attr", "dobj"} and child.pos_ in {"PROPN", "NOUN"}:
            if child.dep_ == "dobj" and verb.lemma_ in {"accuse", "blame", "urge", "call", "warn", "tell"}:
                continue
            return _phrase(child)
    return _trailing_speakers(verb)


def _spoken_for(verb: Token) -> Span | None:
    """The body a speaker speaks for, told beside the reporting verb: "said X, speaking for the
    armed forces", "speaking on behalf of the army"; None when the verb tells none."""
    for clause in verb.children:
        if clause.dep_ not in {"advcl", "xcomp", "conj"} or clause.lemma_.lower() != "speak":
            continue
        for prep in clause.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"for", "on"}:
                continue
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.lower_ == "behalf":  # "on behalf of the army"
                of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is not None:
                return _phrase(obj)
    return None


def _trailing_speakers(verb: Token) -> Span | None:
    """ "… killing seven civilians, residents and a nurse said": the parser may hang the
    speakers of a trailing reporting verb on the victims as conjuncts and leave the verb without
    a subject. The words between the last comma and the verb are then its subject, when they are
    a plain noun phrase whose last word is a noun."""
    doc = verb.doc
    if verb.pos_ != "VERB" or any(c.dep_ in {"ccomp", "xcomp"} and c.i > verb.i for c in verb.children):
        return None  # what is said follows the verb: the words before it are not its speakers
    start = verb.i
    while start > verb.sent.start and doc[start - 1].pos_ in _SPEAKER_PHRASE_POS:
        start -= 1
    if start == verb.i or start == verb.sent.start or doc[start - 1].text != ",":
        return None
    if doc[verb.i - 1].pos_ not in {"NOUN", "PROPN"}:
        return None
    return doc[start : verb.i]


# the parts of speech of a trailing speaker phrase ("two residents and a health worker",
# "local security sources", "a doctor at the hospital")
_SPEAKER_PHRASE_POS = frozenset({"NOUN", "PROPN", "DET", "NUM", "ADJ", "CCONJ", "ADP"})


def _quoted_as_saying(verb: Token) -> bool:
    """ "The ministry was quoted as saying", "officials were reported to have said": the passive
    subject is who spoke."""
    reporting = _lex().reporting
    for child in verb.children:
        if (
            child.dep_ == "prep"
            and child.lower_ == "as"
            and any(g.dep_ == "pcomp" and g.lemma_.lower() in reporting for g in child.children)
        ):
            return True
        if child.dep_ == "xcomp" and child.lemma_.lower() in reporting:
            return True
    return False


def claim_clauses(
    sent: Span, in_quote: Callable[[int], bool] = lambda _i: False
) -> list[tuple[int, int, Span]]:
    """The that-clauses a sentence reports as someone else's claim, with the owner's phrase:
    (start, end, owner). "denied the Valdorian army's claim that five soldiers were killed", "a
    Valdorian claim that", "claims by the Valdorian side that": the figures in the clause are the
    owner's claim, not the words of the sentence's speaker (who denies them)."""
    out: list[tuple[int, int, Span]] = []
    for tok in sent:
        if tok.pos_ != "NOUN" or tok.lower_ not in _lex().claim_nouns or in_quote(tok.idx):
            continue
        clause = next((c for c in tok.rights if c.dep_ in {"acl", "ccomp"} and _that_clause(c)), None)
        owner = _claim_owner(tok) if clause is not None else None
        if clause is not None and owner is not None:
            last = clause.right_edge
            out.append((clause.left_edge.idx, last.idx + len(last), owner))
    # "X said the army lost six soldiers, while (but, whereas) Y said it killed 40": a second
    # speaker's clause is the second speaker's claim
    reporting = _lex().reporting
    said = [t for t in sent if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in reporting]
    for tok in said[1:]:
        if tok.dep_ not in {"advcl", "conj"} or in_quote(tok.idx):
            continue
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        clause = next((c for c in tok.rights if c.dep_ == "ccomp"), None)
        if subject is not None and clause is not None:
            last = clause.right_edge
            out.append((clause.left_edge.idx, last.idx + len(last), _phrase(subject)))
    return out


def claimed_by_another(f: Figure, offset: int, clauses: Iterable[tuple[int, int, object]]) -> bool:
    """A figure (not a zero) inside one of ``clauses`` (``claim_clauses``, or their resolved owners;
    ``offset``: where its sentence starts): the sentence's speaker denies it, its owner claims it."""
    return f.best != 0 and any(a <= offset + f.start < b for a, b, _owner in clauses)


def _that_clause(verb: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ == "that" for g in verb.children)


def _claim_owner(noun: Token) -> Span | None:
    """Whose claim a claim noun is: its possessor ("the army's claim"), a capitalised modifier ("a
    Valdorian claim"), or the object of "by"/"from" ("claims by the Valdorian side")."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"}:
            return _phrase(child)
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            for gc in child.children:
                if gc.dep_ == "pobj":
                    return _phrase(gc)
    for child in noun.lefts:
        if child.dep_ in {"amod", "compound"} and child.text[:1].isupper():
            return noun.doc[child.i : child.i + 1]
    return None


def _phrase(tok: Token) -> Span:
    """The noun phrase headed by ``tok`` without trailing relative clauses or appositions."""
    doc = tok.doc
    left = tok.left_edge.i
    right = tok.i
    for child in tok.rights:
        if (
            child.dep_ in {"compound", "flat", "appos", "prep", "nummod", "amod"} and child.dep_ != "prep"
        ) or (child.dep_ == "prep" and child.text.lower() in {"of", "for"}):
            right = max(right, child.right_edge.i)
        elif (
            child.dep_ == "prep"
            and child.text.lower() in {"in", "from"}
            and (tok.lower_ in _lex().local or tok.lower_ in _lex().media)
        ):
            # "local officials in the city of X in Y", "police from X": where they speak from;
            # "media outlets in X": whose media they are
            right = max(right, child.right_edge.i)
    return doc[left : right + 1]


def _noun_phrase_at(span: Span) -> Span | None:
    """The noun phrase that starts a span ("a statement from the Ostravian Defense Ministry")."""
    for tok in span:
        if tok.pos_ in {"NOUN", "PROPN"}:
            head = tok
            while (
                head.head.i != head.i
                and head.head.pos_ in {"NOUN", "PROPN"}
                and head.dep_
                in {
                    "compound",
                    "amod",
                    "poss",
                }
            ):
                head = head.head
            phrase = _phrase(head)
            # "a statement from X", "figures from X": the speaker is X
            if head.lemma_.lower() in _lex().source_nouns or head.lower_ in _lex().source_nouns:
                for child in head.rights:
                    if child.dep_ == "prep" and child.text.lower() in {"from", "by", "of"}:
                        for gc in child.children:
                            if gc.dep_ == "pobj":
                                return _phrase(gc)
            return phrase
    return None


__all__ = ["Attributor", "Speaker", "SpeakerState", "claim_clauses", "claimed_by_another", "quote_spans"]
