"""Actor registry: who is who in the reports, and which institution each speaker stands for.

The data lives in ``ceasefire/data/actors.json`` (people and institutions) and
``ceasefire/data/lexicons/roles.json`` (demonyms, role words, titles, hostile references and
the conflict dyads used to resolve actors that are not in the registry). Both are read once,
lazily, by :meth:`ActorIndex.load` (``ceasefire.reference`` builds it once per set of files).

Matching rules (also documented in the data files):

* multi-word aliases match case-insensitively ("Valdorian defence ministry");
* single-word aliases (surnames, acronyms) and capital metonyms ("Velgrad", "official Velgrad",
  "the Citadel") match case-sensitively, because their lower-case forms are ordinary words
  ("trump", "amnesty") or places rather than speakers;
* every lookup retries with diacritics folded, so "Kovac" and "Kovač" meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..errors import ConfigError

__all__ = [
    "Actor",
    "ActorIndex",
    "AliasEntry",
    "defined_acronyms",
    "fold",
    "normalise",
]


@dataclass(frozen=True)
class Actor:
    """A person or an institution. People point at the institution they speak for."""

    id: str
    name: str
    side: str  # ISO 3166 code of the party, a de facto authority's or group's own code, or a body's acronym
    kind: str  # state, government, ministry, armed_forces, ..., person (see actors.json)
    inter: int  # ACLED interaction code of the actor's category (persons inherit their institution's)
    acled_actor: str
    aliases: tuple[str, ...]
    speaks_for: str | None
    role: str
    metonyms: tuple[str, ...] = ()
    years: str = ""
    note: str = ""
    country: str = ""  # an armed group's state: where the people of its areas belong

    @property
    def is_person(self) -> bool:
        return self.kind == "person"


@dataclass(frozen=True)
class AliasEntry:
    """One surface form of an actor, with how it must be matched."""

    surface: str
    actor_id: str
    case_sensitive: bool


@dataclass(frozen=True)
class _Pattern:
    text: str
    role: str
    order: int
    regex: re.Pattern[str]


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-"})
# Letters NFKD does not decompose but that transliterations drop (the dotless i, the schwa).
_FOLD_EXTRA = str.maketrans(
    {"ı": "i", "ə": "e", "Ə": "E", "ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d"}
)
_SPACES = re.compile(r"\s+")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EDGE_PUNCT = " \t\n\"'“”«»()[]{},;:!?"


def normalise(text: str) -> str:
    """NFC, straight apostrophes and hyphens, single spaces, no surrounding quotes or punctuation."""
    s = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_DASHES)
    s = _SPACES.sub(" ", s).strip(_EDGE_PUNCT)
    # a trailing full stop is sentence punctuation, except in abbreviations such as "U.S."
    if s.endswith(".") and not re.search(r"(?:^|[\s.])\w\.$", s):
        s = s[:-1].rstrip()
    return s


def fold(text: str) -> str:
    """Drop diacritics: 'Kovač' -> 'Kovac', 'Şəlvan' -> 'Selvan'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _is_case_sensitive(alias: str, metonyms: frozenset[str]) -> bool:
    # Single tokens are proper nouns whose lower-case forms are often common words; acronyms
    # (no lower-case letter) clash with ordinary words in lower case ("UN", "us"); metonyms
    # are place names that only stand for a government when capitalised as written.
    return alias in metonyms or " " not in alias or not any(c.islower() for c in alias)


def _word_regex(pattern: str, *, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    body = r"\s+".join(re.escape(p) for p in pattern.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def _resource_text(*parts: str) -> str:
    res = files("ceasefire").joinpath("data", *parts)
    return res.read_text(encoding="utf-8")


def _read_json(text: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{where}: not valid JSON ({e})") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a JSON object at the top level")
    return data


def _actor_from(raw: Mapping[str, Any], where: str) -> Actor:
    try:
        return Actor(
            id=str(raw["id"]),
            name=str(raw["name"]),
            side=str(raw["side"]),
            kind=str(raw["kind"]),
            inter=int(raw["inter"]),
            acled_actor=str(raw.get("acled_actor") or ""),
            aliases=tuple(str(a) for a in raw.get("aliases", ())),
            speaks_for=(str(raw["speaks_for"]) if raw.get("speaks_for") else None),
            role=str(raw.get("role", "")),
            metonyms=tuple(str(a) for a in raw.get("metonyms", ())),
            years=str(raw.get("years", "")),
            note=str(raw.get("note", "")),
            country=str(raw.get("country", "")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ConfigError(f"{where}: actor {raw.get('id', '?')!r} is missing or has a bad field ({e})") from e


class ActorIndex:
    """Lookup of actors by id and surface form, plus the rules for actors not in the registry."""

    def __init__(self, actors: Iterable[Actor], rules: Mapping[str, Any]) -> None:
        # answers kept per phrase: a report asks for the same speaker phrases again and again,
        # and role_for tries every role pattern in turn (a fifth of attribution's time on realnews)
        self._memo: dict[tuple[str, str], Any] = {}
        self._branches: dict[tuple[str, str], str] = {}
        self._actors: dict[str, Actor] = {}
        for actor in actors:
            self._actors[actor.id] = actor  # later files override earlier ones by id
        self._load_rules(rules)
        self._build_aliases()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, extra: Sequence[Path] = (), profiles: Sequence[Mapping[str, Any]] = ()) -> ActorIndex:
        """The bundled registry, with actors from ``extra`` JSON files merged over it by id, and
        the parties, demonyms, names, opponents and institutions of conflict ``profiles``."""
        bundled = _read_json(_resource_text("actors.json"), "actors.json")
        actors = [_actor_from(a, "actors.json") for a in bundled.get("actors", ())]
        for path in extra:
            data = _read_json(Path(path).read_text(encoding="utf-8"), str(path))
            actors.extend(_actor_from(a, str(path)) for a in data.get("actors", ()))
        rules = dict(_read_json(_resource_text("lexicons", "roles.json"), "roles.json"))
        for profile in profiles:
            where = str(profile.get("_path", "profile"))
            actors.extend(_actor_from(a, where) for a in profile.get("actors", ()))
            rules = _merge_profile_rules(rules, profile)
        return cls(actors, rules)

    def _load_rules(self, rules: Mapping[str, Any]) -> None:
        self._demonyms: dict[str, str] = dict(rules.get("demonyms", {}))
        self._countries: dict[str, str] = dict(rules.get("countries", {}))
        self._demonyms_folded = {fold(k): v for k, v in self._demonyms.items()}
        keep = (d for d in self._demonyms if " " not in d and d[:1].isupper() and not d.isupper())
        unchanged = tuple(rules.get("unchanged_plural_endings", ()))
        self._people = frozenset(
            d.lower() if d.lower().endswith(unchanged) else d.lower() + "s" for d in keep
        )
        self._countries_folded = {fold(k): v for k, v in self._countries.items()}
        # multi-word names ("Ostravia Republic") tolerate case changes; single words stay exact ("US", "us")
        self._countries_loose = {fold(k).casefold(): v for k, v in self._countries.items() if " " in k}
        self._fallbacks = {str(k): tuple(v) for k, v in rules.get("fallbacks", {}).items()}
        self._id_aliases: dict[str, str] = dict(rules.get("id_aliases", {}))
        self._dyads = {str(k): tuple(v) for k, v in rules.get("dyads", {}).items()}
        self._role_order: list[str] = []
        patterns: list[_Pattern] = []
        for order, entry in enumerate(rules.get("roles", ())):
            role = str(entry["role"])
            self._role_order.append(role)
            for p in entry["patterns"]:
                patterns.append(_Pattern(p, role, order, _word_regex(p, ignore_case=p == p.lower())))
        # longest pattern first, ties to the role listed first: the first hit is the answer
        patterns.sort(key=lambda p: (-len(p.text), p.order, p.text))
        self._patterns = tuple(patterns)
        self._hostile = tuple(
            _word_regex(h, ignore_case=True)
            for h in sorted(rules.get("hostile_references", ()), key=len, reverse=True)
        )
        self._titles = tuple(sorted(rules.get("titles", ()), key=len, reverse=True))

    def _build_aliases(self) -> None:
        exact: dict[str, set[str]] = {}
        loose: dict[str, set[str]] = {}
        entries: dict[tuple[str, str], AliasEntry] = {}
        for actor in self._actors.values():
            metonyms = frozenset(actor.metonyms)
            # a display name may carry a gloss in parentheses: it is not how texts write it
            name = _PARENTHETICAL.sub("", actor.name)
            for surface in (name, *actor.aliases, *actor.metonyms):
                surface = normalise(surface)
                if not surface:
                    continue
                cs = _is_case_sensitive(surface, metonyms)
                entries.setdefault((surface, actor.id), AliasEntry(surface, actor.id, cs))
                if cs:
                    exact.setdefault(surface, set()).add(actor.id)
                    exact.setdefault(fold(surface), set()).add(actor.id)
                else:
                    loose.setdefault(surface.casefold(), set()).add(actor.id)
                    loose.setdefault(fold(surface).casefold(), set()).add(actor.id)
        self._exact = {k: self._pick(v) for k, v in exact.items()}
        self._loose = {k: self._pick(v) for k, v in loose.items()}
        self._entries = sorted(entries.values(), key=lambda e: (-len(e.surface), e.surface, e.actor_id))

    def _pick(self, ids: set[str]) -> str | None:
        """One actor for an alias; None when actors of different sides share it (do not guess)."""
        if len({self._actors[i].side for i in ids}) > 1:
            return None
        # same side: prefer an institution over a person, then the shortest id, for stability
        return min(ids, key=lambda i: (self._actors[i].is_person, len(i), i))

    # ------------------------------------------------------------------ registry access
    def get(self, actor_id: str) -> Actor:
        """The actor with this id; ``KeyError`` when there is none."""
        return self._actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(sorted(self._actors.values(), key=lambda a: a.id))

    def actors(self) -> list[Actor]:
        """All actors, sorted by id."""
        return sorted(self._actors.values(), key=lambda a: a.id)

    def institution(self, actor: Actor) -> Actor:
        """The institution a person speaks for (followed transitively); institutions map to themselves."""
        seen = {actor.id}
        current = actor
        while current.speaks_for and current.speaks_for in self._actors and current.speaks_for not in seen:
            seen.add(current.speaks_for)
            current = self._actors[current.speaks_for]
        return current

    def ambiguous_aliases(self) -> list[str]:
        """Alias keys shared by actors of different sides (they resolve to nothing)."""
        return sorted(k for k, v in (*self._exact.items(), *self._loose.items()) if v is None)

    # ------------------------------------------------------------------ surface forms
    def _remember(self, kind: str, key: str, value: Any) -> Any:
        if len(self._memo) > 100_000:  # a run over many conflicts: memory stays bounded
            self._memo.clear()
        self._memo[(kind, key)] = value
        return value

    def lookup(self, surface: str, local: Mapping[str, str] | None = None) -> Actor | None:
        """Exact alias match after stripping a leading 'the' and a possessive "'s". ``local``: the
        short names one report defines (:func:`defined_acronyms`), which come first there."""
        if local:
            key = _POSSESSIVE.sub("", _LEADING_THE.sub("", normalise(surface))).rstrip()
            if key in local and local[key] in self._actors:
                return self._actors[local[key]]
        if ("lookup", surface) in self._memo:
            return self._memo[("lookup", surface)]
        return self._remember("lookup", surface, self._lookup(surface))

    def _lookup(self, surface: str) -> Actor | None:
        s = normalise(surface)
        if not s:
            return None
        candidates = [s]
        without_the = _LEADING_THE.sub("", s)
        if without_the != s:
            candidates.append(without_the)
        for c in list(candidates):
            stripped = _POSSESSIVE.sub("", c).rstrip()
            if stripped and stripped != c:
                candidates.append(stripped)
        for c in candidates:
            found = self._match(c)
            if found is not None:
                return found
        return None

    def _match(self, s: str) -> Actor | None:
        for key, table in ((s, self._exact), (fold(s), self._exact)):
            if key in table:
                hit = table[key]
                return self._actors[hit] if hit is not None else None
        for key in (s.casefold(), fold(s).casefold()):
            if key in self._loose:
                hit = self._loose[key]
                return self._actors[hit] if hit is not None else None
        return None

    def resolve(self, phrase: str) -> Actor | None:
        """Best actor for a free phrase: exact alias, a known name at its end after a title or
        demonym ("Ostravian Foreign Minister Marta Kovac"), or demonym + role word
        ("Valdoria's Ministry of Defence", "the Ostravian side") via :meth:`resolve_generic`."""
        found = self.lookup(phrase)
        if found is not None:
            return found
        s = _LEADING_THE.sub("", normalise(phrase))
        tokens = s.split(" ")
        for i in range(1, len(tokens)):
            tail = self.lookup(" ".join(tokens[i:]))
            if tail is not None and tail.is_person:
                return tail
        side, rest = self._leading_side(s)
        if side is None:
            return None
        role = self.role_for(rest) if rest else "GOV"
        return self.resolve_generic(side, role) if role else None

    def _leading_side(self, s: str) -> tuple[str | None, str]:
        tokens = s.split(" ")
        # longest prefix first so "Brenk Valdorian" beats "Brenk", "Ostravian Federation" beats "Ostravian"
        for n in range(min(4, len(tokens)), 0, -1):
            head = " ".join(tokens[:n])
            side = self.demonym_side(head) or self.country_side(head)
            if side is not None:
                return side, " ".join(tokens[n:])
        return None, s

    def aliases(self) -> list[tuple[str, str]]:
        """(surface, actor_id) for every alias, longest first: feed to a PhraseMatcher."""
        return [(e.surface, e.actor_id) for e in self._entries]

    def alias_entries(self) -> list[AliasEntry]:
        """Like :meth:`aliases` with the case rule of each surface (ORTH vs LOWER matching)."""
        return list(self._entries)

    def strip_title(self, phrase: str) -> str:
        """Remove leading honorifics and ranks: 'Colonel-General Marta Kovac' -> 'Marta Kovac'."""
        s = normalise(phrase)
        changed = True
        while changed:
            changed = False
            for t in self._titles:
                if s.startswith(t + " ") and len(s) > len(t) + 1:
                    s = s[len(t) + 1 :].lstrip()
                    changed = True
                    break
        return s

    # ------------------------------------------------------------------ rules for unseen actors
    def people_plurals(self) -> frozenset[str]:
        """Lower-case plurals of the one-word demonyms ("<demonym>s"), names of peoples that a
        figure may count ("29 <demonym>s were killed"); forms that do not change in the plural
        ("-ese", "-ss", "-z": "four Qorvese were killed") as they are, which the figure reader
        takes as a modifier when a noun follows ("four Qorvese soldiers")."""
        return self._people

    def state_names(self) -> dict[str, str]:
        """Names of states and peoples of several words ("Burkina Faso", "South Sudanese",
        "Central African") -> party code: no one of their words names the party alone."""
        return {k: v for k, v in (*self._countries.items(), *self._demonyms.items()) if " " in k}

    def demonym_side(self, word: str) -> str | None:
        """'Valdorian' -> 'XV', 'Brenk Valdorian' -> 'XB' (a de facto authority), "Ostravia's" -> 'XO'."""
        w = normalise(word)
        side = self._demonyms.get(w) or self._demonyms_folded.get(fold(w))
        if side is None and _POSSESSIVE.search(w):
            side = self.country_side(_POSSESSIVE.sub("", w))
        return side

    def country_side(self, name: str) -> str | None:
        """'Ostravië' -> 'XO', 'the Ostravian Federation' -> 'XO'; party codes, not geolocation."""
        n = normalise(name)
        for c in (n, _LEADING_THE.sub("", n)):
            side = self._countries.get(c) or self._countries_folded.get(fold(c))
            if side is None and " " in c:
                side = self._countries_loose.get(fold(c).casefold())
            if side is not None:
                return side
        return None

    def role_for(self, phrase: str) -> str | None:
        """Role code a phrase names: 'the foreign ministry spokesperson' -> 'MFA'. Longest pattern wins."""
        if ("role", phrase) in self._memo:
            return self._memo[("role", phrase)]
        s = normalise(phrase)
        role = next((p.role for p in self._patterns if p.regex.search(s)), None)
        return self._remember("role", phrase, role)

    def resolve_generic(self, side: str, role: str) -> Actor | None:
        """The institution of ``side`` for ``role`` (('XV', 'MFA') -> XV-MFA), following the fallbacks
        of roles.json down to '<side>-GOV'; an international body stands for itself."""
        chain = (role, *self._fallbacks.get(role, ("GOV",)))
        for r in chain:
            actor_id = f"{side}-{r}"
            actor_id = self._id_aliases.get(actor_id, actor_id)
            if actor_id in self._actors:
                return self._actors[actor_id]
        if role != "CIVILIANS" and side in self._actors:
            return self._actors[side]
        return None

    def hostile(self, phrase: str) -> bool:
        """True when the phrase refers to the speaker's opponent ('the enemy', 'the opposite side')."""
        s = normalise(phrase)
        return any(r.search(s) for r in self._hostile)

    def is_body(self, side: str) -> bool:
        """International bodies, monitors and peacekeeping missions: not parties to the fighting."""
        return side in self._actors and self._actors[side].kind in {"international_org", "peacekeepers"}

    def is_non_state(self, side: str) -> bool:
        """Armed groups and de facto authorities: parties that are no state."""
        return side in self._actors and self._actors[side].kind in {"rebel", "militia", "de_facto_authority"}

    def is_state(self, side: str) -> bool:
        """A state party: a two-letter code (an armed group's never has two letters) that is no
        international body and no armed group or de facto authority."""
        return len(side) == 2 and not self.is_body(side) and not self.is_non_state(side)

    def home_state(self, side: str) -> str:
        """The state a non-state party fights in ("" for states and groups without one)."""
        return self._actors[side].country if self.is_non_state(side) else ""

    def branch_in(self, side: str, state: str, named: Iterable[str] = ()) -> str:
        """The branch of a movement that fights in no one state ("Islamic State") that a report
        means: the one branch among the parties it ``named`` ("Islamic State West Africa
        Province ... the Islamic State said", wherever its towns lie), else the one fighting in
        ``state``: the one armed group of that state whose name begins with the movement's
        ("... West Africa Province"); "" when there is none or several."""
        if not self.is_non_state(side) or self.home_state(side):
            return ""
        stem = self._actors[side].name.lower() + " "
        others = (a for a in named if a != side and a in self._actors)
        told = {a for a in others if self._actors[a].name.lower().startswith(stem)}
        if len(told) == 1:
            return told.pop()
        if not state:
            return ""
        key = (side, state)
        if key not in self._branches:
            found = [
                a.id
                for a in self._actors.values()
                if a.id != side
                and a.id == a.side
                and self.home_state(a.id) == state
                and a.name.lower().startswith(stem)
            ]
            self._branches[key] = found[0] if len(found) == 1 else ""
        return self._branches[key]

    def opponents(self, side: str) -> tuple[str, ...]:
        """The conflict parties ``side`` fights, primary first; empty for third parties."""
        return self._dyads.get(side, ())

    def opponent(self, side: str, where: str = "") -> str | None:
        """The primary opponent of ``side`` ('XV' -> 'XO'), or None for a third party. Of an armed
        group at war with several states: the state ``where`` a report's towns lie in, else its
        home state, when it fights them (the group's war at hand, not its war with a state abroad)."""
        opp = self._dyads.get(side, ())
        if self.is_non_state(side):
            for state in (where, self.home_state(side)):
                if state and state in opp:
                    return state
        return opp[0] if opp else None


# "the Nerith Liberation Front (NLF)": a name of capitalised words (with the lower-case words
# names hold) and the short name a report gives it in brackets
_DEFINED = re.compile(
    r"((?:[A-Z][\w'’.-]*|of|and|for|the|de|du|des|la|al)(?:\s+(?:[A-Z][\w'’.-]*|of|and|for|the|de|du|des|la|al)){0,7})"
    r"\s+\(([A-Z][A-Z0-9]{1,7})\)"
)


_NAMED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+)?[A-Z][\w'’-]*){1,5}")
_BARE_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _initials(words: Sequence[str]) -> str:
    # a sentence's opening "The" is no initial ("The Nerith Front … the NF")
    return "".join(
        part[0] for w in words if w.lower() != "the" for part in re.split(r"[-/]", w) if part[:1].isupper()
    )


def _spells(acronym: str, words: Sequence[str]) -> bool:
    """Whether ``acronym``'s letters are, in order, initials of ``words``, the first the first."""
    initials = _initials(words)
    letters = [c for c in acronym if c.isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(c in it for c in letters)


def defined_acronyms(text: str, actors: ActorIndex) -> dict[str, str]:
    """Acronym -> actor id for the short names a report defines in brackets after the full name
    of an actor the registry knows ("the Nerith Liberation Front (NLF)"): in that report the bare
    letters name that actor, though the registry may leave them out for meaning other things
    elsewhere (letters that are also a common abbreviation). The letters must spell the name's
    initials, in order. Letters the report uses without brackets name an actor when they are
    exactly the initials of the one name of several words it writes out with them."""
    out: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        acronym = m.group(2)
        words = m.group(1).split()
        for i in range(len(words)):  # the longest name that ends before the bracket
            if not words[i][:1].isupper():
                continue
            actor = actors.lookup(" ".join(words[i:]))
            if actor is None or actor.is_person:
                continue
            if _spells(acronym, words[i:]):
                out.setdefault(acronym, actor.id)
                break
    # letters a report uses bare for a name of several words it also writes out ("the Nerith
    # Front … the NF"), when they are exactly the initials of that one name
    named: dict[str, set[str]] = {}
    for m in _NAMED_RUN.finditer(text):
        words = m.group(0).split()
        for i in range(len(words) - 1):
            actor = actors.lookup(" ".join(words[i:]))
            if actor is not None and not actor.is_person:
                named.setdefault(_initials(words[i:]), set()).add(actor.id)
                break
    for acronym in set(_BARE_ACRONYM.findall(text)) - set(out):
        ids = named.get(acronym, set())
        # letters in brackets elsewhere ("LIMA (AFP) -", "(UN)") are another body's
        if len(ids) == 1 and actors.lookup(acronym) is None and f"({acronym})" not in text:
            out[acronym] = ids.pop()
    return out


def _merge_profile_rules(rules: Mapping[str, Any], profile: Mapping[str, Any]) -> dict[str, Any]:
    """roles.json's demonyms, country names and dyads, with a profile's parties added over them."""
    out = dict(rules)
    demonyms = dict(out.get("demonyms", {}))
    countries = dict(out.get("countries", {}))
    dyads = {k: list(v) for k, v in out.get("dyads", {}).items()}
    for party in profile.get("parties", ()):
        code = str(party["code"])
        for name in (party.get("name"), *party.get("names", ())):
            if name:
                countries[str(name)] = code
        for word in party.get("demonyms", ()):
            demonyms[str(word)] = code
        for foe in party.get("opponents", ()):
            dyads.setdefault(code, [])
            if foe not in dyads[code]:
                dyads[code].insert(0, str(foe))  # the profile's conflict is the one at hand
            dyads.setdefault(str(foe), [])
            if code not in dyads[str(foe)]:
                dyads[str(foe)].insert(0, code)
    out.update(demonyms=demonyms, countries=countries, dyads=dyads)
    return out
