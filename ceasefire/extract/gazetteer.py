"""Offline gazetteer: resolve a toponym to coordinates, admin1, country and a precision.

Data (all written by ``scripts/build_gazetteer.py`` from GeoNames, except ``curated.tsv``):

* ``places.tsv``: every place of the core countries (those the build script takes whole) in
  cities500, the world's places of 15,000+ people with their Latin alternate names, every
  country, and one row per province or district of the core countries; admin1 is a name
  ("Tolvar Province", "North Brenk"), never a code;
* ``villages.tsv``: every country's populated places of 1,000 to 15,000 people, and the seats
  of administrative divisions GeoNames lists without a population, sorted by country and read
  lazily, one country at a time, only for the countries a document is about
  (its context) and their neighbours;
* ``neighbours.tsv``: countries whose places lie within about 50 km of each other;
* ``curated.tsv``: hand-written frontline features that no package has, and aliases/overrides
  for GeoNames rows.

Resolution is exact on a normalised key (case, diacritics, punctuation and "region"/"district"/
"village"… suffixes removed). With a context, a name is resolved in the context's countries
first; elsewhere only countries and cities of a million people are taken on name alone, and a
small place of a neighbouring country only when it lies near the document's other places (a
village across the border). A fuzzy fallback exists only for the core countries' names and
only when the document's context allows that theatre: fuzzy matching against the whole world
sends a district's name to a near-miss namesake in a far-away country (shared FINDINGS.md).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, cast, get_args

from ceasefire.records import GeoPrecision, Place

from . import lexicons

# A country whose small places (under WORLD_MIN_POPULATION) the base file lists by the dozen was
# built in full, alternate names included: its names are trusted without country context
CORE_MIN_SMALL_PLACES = 50

# Places this large are offered to the phrase matcher whatever the document is about.
WORLD_MIN_POPULATION = 15_000
# Outside the document's countries, a city is taken on its name alone only at this size
# (Velgrad, Dravik): a town of 80,000 in Texas or Algeria named like a word or a village of the
# conflict's own country is not where a border clash happened.
OUTSIDE_MIN_POPULATION = 1_000_000
# A small place of a neighbouring country is accepted this close to the document's places.
NEAR_KM = 100.0
# ... and with nothing near it, a town of a neighbour named by its own unique name of several
# words, if it is this large (see _trusted_outside).
CROSS_BORDER_MIN_POPULATION = 5_000
# the first this many countries of a context (the report's two parties) rank alike: a place
# of either is where the fighting is, and the larger namesake is the likelier one (a town of
# 60,000 in one party before a village of 10,000 in the other party named first)
PARTIES = 2

# A part of an area ("southern Brenk") is told from at least this many of its towns.
_PART_MIN_TOWNS = 3

_FUZZY_MIN_SCORE = 88.0
_FUZZY_MIN_LENGTH = 5

_PRECISIONS = frozenset(get_args(GeoPrecision))

_TRANSLIT = str.maketrans(
    {
        "ə": "e",
        "Ə": "e",
        "ǝ": "e",
        "ı": "i",
        "İ": "i",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
    }
)
_APOSTROPHES = re.compile(r"['’ʼʻ`´‘]")
_POSSESSIVE = re.compile(r"['’]s$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# "the region of X", "the village of X" (a fixed rule of the key, not the places.json word lists)
_PREFIX_OF = re.compile(r"^(?:the )?(region|district|rayon|raion|province|village|city|town|settlement) of ")


@dataclass(frozen=True)
class _Words:
    """Generic words of place names, from ``data/lexicons/places.json``."""

    area: frozenset[str]  # suffixes of administrative areas ("Tolvar region")
    suffixes: frozenset[str]  # every generic suffix dropped from a lookup key (areas, settlements)
    area_features: frozenset[str]  # feature classes that are areas, not points


@functools.lru_cache(maxsize=1)
def _words() -> _Words:
    raw = lexicons.load("places")
    area = frozenset(raw["area_words"])
    return _Words(area, area | frozenset(raw["place_words"]), frozenset(raw["area_features"]))


@functools.lru_cache(maxsize=1)
def _bearings() -> dict[str, tuple[float, float]]:
    """The compass words' own names ("southern", "north-eastern") -> (north, east)."""
    raw = lexicons.load("places")["compass"]
    return {str(name): (float(north), float(east)) for name, north, east in raw.values()}


def _quarter(towns: list[Place], north: float, east: float) -> tuple[list[Place], Callable[[Place], float]]:
    """The quarter of ``towns`` lying furthest toward (``north``, ``east``), (0, 0) the quarter
    nearest their middle, and the score that ranks them so."""
    scale = math.cos(math.radians(statistics.median(p.latitude for p in towns)))
    if north or east:
        norm = math.hypot(north, east)

        def score(p: Place) -> float:
            return (p.latitude * north + p.longitude * scale * east) / norm
    else:
        mid = (
            statistics.median(p.latitude for p in towns),
            statistics.median(p.longitude for p in towns),
        )

        def score(p: Place) -> float:
            return -math.hypot(p.latitude - mid[0], (p.longitude - mid[1]) * scale)

    return sorted(towns, key=score, reverse=True)[: max(2, len(towns) // 4)], score


def fold(text: str) -> str:
    """Case-, diacritic- and punctuation-insensitive form of a name (no suffix stripping)."""
    text = text.strip()
    if text.endswith(("'s", "’s")):
        text = _POSSESSIVE.sub("", text)
    if text.isascii():
        text = text.lower()
    else:
        text = text.translate(_TRANSLIT).casefold()
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        text = _APOSTROPHES.sub("", text)
    if "'" in text or "`" in text:
        text = text.replace("'", "").replace("`", "")
    if not (text.isascii() and text.isalnum()):
        text = _NON_ALNUM.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


# Romanisations of one name differ in a few regular ways (Tholvar / Tolvar, Brenkovya / Brenkovia,
# Dorskoye / Dorske, Qorzhavend / Qorjavend): the skeleton of a folded key erases them.
_SKELETON_STEPS = (
    (re.compile(r"dzh|zh|dj"), "j"),
    (re.compile(r"([bcdgkpt])h"), r"\1"),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "u"),
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"q|ck"), "k"),
    # Slavic adjectival endings: -skoye, -skoe, -skyi, -skiy, -ske
    (re.compile(r"sk(?:oie|oe|ii|ie|e|i)\b"), "sk"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)
SPELLING_MIN_LETTERS = 6  # shorter skeletons name too many different places alike


class _Tables(Mapping[str, frozenset[str]]):
    """Several countries' skeleton tables (see ``Gazetteer.spellings``) read as one: a key's forms
    are the union of its forms in each table."""

    def __init__(self, parts: tuple[dict[str, frozenset[str]], ...]) -> None:
        self._parts = parts

    def get(self, key: str, default: Any = None) -> Any:
        found: frozenset[str] | None = None
        for p in self._parts:
            forms = p.get(key)
            if forms is not None:
                found = forms if found is None else found | forms
        return default if found is None else found

    def __getitem__(self, key: str) -> frozenset[str]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return cast(frozenset[str], found)

    def __contains__(self, key: object) -> bool:
        return any(key in p for p in self._parts)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(k for p in self._parts for k in p))

    def __len__(self) -> int:
        return len(set().union(*self._parts)) if self._parts else 0

    def __bool__(self) -> bool:
        return any(self._parts)


class _AnyOf(Container[str]):
    """Whether a word is in any of several sets, without building their union."""

    def __init__(self, sets: tuple[frozenset[str], ...]) -> None:
        self._sets = sets

    def __contains__(self, word: object) -> bool:
        return any(word in s for s in self._sets)


def skeleton(key: str) -> str:
    """The form of a folded key (see ``fold``) that its other romanisations share."""
    for pattern, repl in _SKELETON_STEPS:
        key = pattern.sub(repl, key)
    return key


def split_key(text: str) -> tuple[str, str, str | None]:
    """``(full key, key without a generic suffix/prefix, hint)`` for a surface form.

    The hint is ``"district"`` when the text named an area ("Tolvar region") and
    ``"exact"`` when it named a settlement ("Brenk village"), else ``None``.
    """
    full = fold(text)
    hint: str | None = None
    bare = full
    if " " not in full:
        return full, bare, hint
    words = full.split()
    match = _PREFIX_OF.match(full) if " of " in full else None
    if match and len(full) > match.end():
        word = match.group(1)
        bare = full[match.end() :]
        hint = "district" if word in _words().area else "exact"
    elif len(words) > 1 and words[-1] in _words().suffixes:
        hint = "district" if words[-1] in _words().area else "exact"
        bare = " ".join(words[:-1])
    return full, bare, hint


def normalize(text: str) -> str:
    """The lookup key of a name: folded, generic suffix ("region", "village"…) removed."""
    return split_key(text)[1]


def haversine_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Entry:
    """One gazetteer row: the place plus what ranking and the phrase matcher need."""

    place: Place
    population: int
    curated: bool
    names: tuple[str, ...]  # surface forms: name, ascii name, alternates (primary first)
    keys: frozenset[str]  # every lookup key of those names
    primary: frozenset[str]  # keys that count as a primary (not merely alternate) match


def _read_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _split_names(field: str | None) -> list[str]:
    return [n.strip() for n in (field or "").split("|") if n.strip()]


def _keys_of(name: str) -> set[str]:
    full, bare, _ = split_key(name)
    return {k for k in (full, bare) if k}


class Gazetteer:
    """An in-memory index of places by normalised name."""

    def __init__(
        self,
        entries: Sequence[Entry],
        stoplist: Iterable[str] = (),
        *,
        villages: Path | None = None,
        neighbours: dict[str, frozenset[str]] | None = None,
    ) -> None:
        self._entries: list[Entry] = list(entries)
        self._stop = frozenset(fold(s) for s in stoplist)
        self._index: dict[str, list[int]] = {}
        countries: dict[str, int] = {}
        for i, entry in enumerate(self._entries):
            for key in entry.keys:
                self._index.setdefault(key, []).append(i)
            if entry.place.feature == "country":
                countries.setdefault(entry.place.country, i)
        self._countries = countries
        self._core_keys: tuple[str, ...] | None = None
        small = Counter(
            e.place.country
            for e in self._entries
            if not e.curated and e.place.feature != "country" and e.population < WORLD_MIN_POPULATION
        )
        self.core_countries = frozenset(c for c, n in small.items() if n >= CORE_MIN_SMALL_PLACES)
        self._n_base = len(self._entries)  # entries past this index are villages
        self._villages_path = villages
        self._village_lines: dict[str, list[str]] | None = None
        self._village_header: list[str] = []
        self._loaded: set[str] = set()
        self._pending: dict[str, list[str]] = {}  # key -> village rows not yet built
        self._built: set[str] = set()
        self._surface: dict[str, frozenset[str]] = {}  # country -> folded village names offered
        self._spellings: dict[str, dict[str, frozenset[str]]] = {}  # country -> skeleton -> forms
        self._spelling_starts: dict[str, frozenset[str]] = {}  # country -> first words of its skeletons
        self._world_surface: frozenset[str] | None = None
        self._neighbours: dict[str, frozenset[str]] = neighbours or {}
        self._base_by_country: dict[str, list[Entry]] | None = None
        self._parts: dict[tuple[Place, str, float, float], Place | None] = {}  # see part()
        self._quarters: dict[
            tuple[str, str, float, float], tuple[list[Place], Callable[[Place], float], float] | None
        ] = {}  # see _quarter_of()
        self._cache: _BaseCache | None = None  # the bundled data's: its villages are cached too
        self._admin1_path: Path | None = None  # first-level divisions of every country
        self._provinces: dict[str, frozenset[str]] | None = None  # see provinces()

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        paths: Sequence[Path] | None = None,
        *,
        stoplist: Path | None = None,
        extra_rows: Sequence[Mapping[str, str]] = (),
    ) -> Gazetteer:
        """Read gazetteer TSVs (default: the packaged ``places.tsv`` then ``curated.tsv``).

        A row with a ``geonameid`` already seen adds its alternate names to that entry and
        overrides the fields it fills (that is how curated aliases reach GeoNames rows); any
        other row is a new entry. A file with a ``source`` column is treated as curated.
        ``extra_rows`` (a conflict profile's places, same columns) come last, as curated rows.
        """
        with _collector_paused():  # ~170,000 long-lived objects, no garbage: nothing to collect
            return cls._load(paths, stoplist, extra_rows)

    @classmethod
    def _load(
        cls,
        paths: Sequence[Path] | None,
        stoplist: Path | None,
        extra_rows: Sequence[Mapping[str, str]],
    ) -> Gazetteer:
        data = resources.files("ceasefire") / "data" / "gazetteer"
        villages: Path | None = None
        neighbours: dict[str, frozenset[str]] = {}
        bundled = paths is None and stoplist is None and not extra_rows
        if paths is None:
            paths = [Path(str(data / "places.tsv")), Path(str(data / "curated.tsv"))]
            villages = Path(str(data / "villages.tsv"))
            for row in _read_rows(Path(str(data / "neighbours.tsv"))):
                neighbours[row["country"]] = frozenset(row["neighbours"].split())
        cache = _BaseCache(data) if bundled else None
        if stoplist is None:
            stoplist = Path(str(data / "stoplist.txt"))
        stop: list[str] = []
        if stoplist.is_file():
            text = stoplist.read_text(encoding="utf-8")
            stop = [ln.strip() for ln in text.splitlines() if ln.strip() and ln[0] != "#"]
        # every country's first-level divisions (provinces()), read beside the bundled villages
        admin1_tsv = Path(str(data / "admin1.tsv"))
        admin1 = admin1_tsv if villages is not None and admin1_tsv.is_file() else None
        cached = cache.read() if cache else None
        if cached is not None:
            gaz = cls(
                cached[0],
                stop,
                villages=villages if villages and villages.is_file() else None,
                neighbours=neighbours,
            )
            gaz._world_surface = cached[1]
            gaz._cache = cache
            gaz._admin1_path = admin1
            return gaz
        rows: list[dict[str, str]] = []
        curated_flags: list[bool] = []
        new_curated: list[bool] = []
        extra_primary: list[set[str]] = []
        by_id: dict[str, int] = {}
        sources = [_read_rows(Path(path)) for path in paths] + [iter([dict(r) for r in extra_rows])]
        for source_rows in sources:
            for row in source_rows:
                curated = "source" in row
                gid = (row.get("geonameid") or "").strip()
                if gid and gid in by_id:
                    i = by_id[gid]
                    old = rows[i]
                    extra = _split_names(row.get("alternate_names"))
                    merged = _split_names(old.get("alternate_names")) + extra
                    for col, value in row.items():
                        if col not in ("geonameid", "alternate_names", "source") and value:
                            old[col] = value
                    old["alternate_names"] = "|".join(dict.fromkeys(merged))
                    if curated:
                        # Hand-checked aliases rank with primary names.
                        curated_flags[i] = True
                        for name in extra:
                            extra_primary[i] |= _keys_of(name)
                    continue
                if gid:
                    by_id[gid] = len(rows)
                rows.append(dict(row))
                curated_flags.append(curated)
                new_curated.append(curated)
                extra_primary.append(set())
        entries = [
            _entry(row, curated, new, extra)
            for row, curated, new, extra in zip(rows, curated_flags, new_curated, extra_primary, strict=True)
        ]
        gaz = cls(
            entries,
            stop,
            villages=villages if villages and villages.is_file() else None,
            neighbours=neighbours,
        )
        if cache:
            gaz._world_surface = frozenset(key for _form, key in gaz.names())
            cache.write(entries, gaz._world_surface)
            gaz._cache = cache
        gaz._admin1_path = admin1
        return gaz

    def provinces(self) -> Mapping[str, frozenset[str]]:
        """Folded names of first-level divisions ("cabo delgado") -> the countries that have one
        so named: every country's (``admin1.tsv``) and those of the index's own rows (a
        profile's places). Read once, when first asked."""
        if self._provinces is None:
            found: dict[str, set[str]] = {}
            rows = _read_rows(self._admin1_path) if self._admin1_path else iter(())
            named = ((r["name"], r["country"]) for r in rows)
            own = ((e.place.admin1, e.place.country) for e in self._entries[: self._n_base] if e.place.admin1)
            for name, cc in (*named, *own):
                found.setdefault(fold(name), set()).add(cc)
            self._provinces = {k: frozenset(v) for k, v in found.items() if k}
        return self._provinces

    def load_countries(self, countries: Iterable[str]) -> None:
        """Add the villages of these countries (ISO2) to the index, once each."""
        todo = [c for c in countries if c and c not in self._loaded]
        if not todo or self._villages_path is None:
            self._loaded.update(todo)
            return
        with _collector_paused():
            for cc in todo:
                self._load_country(cc)

    def _load_country(self, cc: str) -> None:
        assert self._villages_path is not None
        self._loaded.add(cc)
        cached = self._cache.read_villages(cc, self._villages_path) if self._cache else None
        if cached is None:
            pending, surface = self._villages_of(cc)
            if self._cache:
                self._cache.write_villages(cc, self._villages_path, self._village_header, pending, surface)
        else:
            header, pending, surface = cached
            self._village_header = self._village_header or header
        for key, lines in pending.items():
            self._pending.setdefault(key, []).extend(lines)
        self._surface[cc] = surface

    def _villages_of(self, cc: str) -> tuple[dict[str, list[str]], frozenset[str]]:
        """A country's village rows by lookup key, and the folded forms its matcher takes."""
        assert self._villages_path is not None
        if self._village_lines is None:
            lines: dict[str, list[str]] = {}
            with self._villages_path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#"):
                        continue
                    if not self._village_header:
                        self._village_header = line.rstrip("\n").split("\t")
                        continue
                    country = line.split("\t", 5)[4]
                    lines.setdefault(country, []).append(line)
            self._village_lines = lines
        header = self._village_header
        pending: dict[str, list[str]] = {}
        surface: set[str] = set()
        # in a document about this country, its towns answer to their alternate names too
        for entry in self._base_entries(cc):
            for form in entry.names[2:]:
                if self._offered(form, entry, trusted=False):
                    surface.add(fold(form))
        for line in self._village_lines.get(cc, ()):
            # only the keys and the matcher's forms now; the entry itself is built when a
            # document names it (_materialize): a country's villages number in the tens of
            # thousands, a report names a handful (loading realnews' countries: 6.6 -> see
            # the commit, profiled)
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            name = row["name"].strip()
            ascii_name = (row.get("ascii_name") or "").strip()
            alternates = _split_names(row.get("alternate_names"))
            names = dict.fromkeys(n for n in (name, ascii_name, *alternates) if n)
            splits = {n: split_key(n) for n in names}
            primary = {k for n in (name, ascii_name) if n in splits for k in splits[n][:2] if k}
            for form, (full, bare, _hint) in splits.items():
                for key in {full, bare}:
                    if key:
                        pending.setdefault(key, []).append(line)
                if self._offered_key(form, full, bare, primary, trusted=False):
                    surface.add(full)
        return pending, frozenset(surface)

    def _base_entries(self, iso2: str) -> list[Entry]:
        """The base file's entries of one country (grouped once, not a pass over every entry per
        country asked for)."""
        if self._base_by_country is None:
            self._base_by_country = {}
            for entry in self._entries[: self._n_base]:
                self._base_by_country.setdefault(entry.place.country, []).append(entry)
        return self._base_by_country.get(iso2, [])

    def _materialize(self, key: str) -> None:
        """Build the village entries a lookup key names (see load_countries)."""
        lines = self._pending.pop(key, None)
        if not lines:
            return
        header = self._village_header
        for line in lines:
            if line in self._built:
                continue
            self._built.add(line)
            row = dict(zip(header, line.rstrip("\n").split("\t"), strict=False))
            entry = _entry(row, False, False, set())
            i = len(self._entries)
            self._entries.append(entry)
            for k in entry.keys:
                self._index.setdefault(k, []).append(i)

    def neighbours(self, iso2: str) -> frozenset[str]:
        """Countries with places within about 50 km of this one's."""
        return self._neighbours.get(iso2, frozenset())

    def spellings(self, countries: Iterable[str]) -> Mapping[str, frozenset[str]]:
        """Skeleton (see ``skeleton``) -> the folded forms of the places of ``countries`` that
        have it: how the gazetteer spells a name that a report romanises otherwise. Several
        forms may share a skeleton (two spellings of one town, or two villages): ``resolve``
        tells whether they are one place. The countries' tables are read as one, never merged:
        a merged copy per set of countries (kept to spare 5 ms a report) held 218,000 entries
        for 26 sets over 400 real reports (the 19 countries' own tables: 93,000), 45 MB of an
        ingest's peak, and grew with every new set a feed brings; reading costs no measurable CPU."""
        return _Tables(tuple(self._country_spellings(cc) for cc in dict.fromkeys(c for c in countries if c)))

    def _country_spellings(self, cc: str) -> dict[str, frozenset[str]]:
        if cc not in self._spellings:
            self.load_countries([cc])
            forms = set(self._surface.get(cc, ()))
            forms.update(key for e in self._base_entries(cc) for form in e.names[:2] if (key := fold(form)))
            by_skeleton: dict[str, set[str]] = {}
            for form in forms:
                sk = skeleton(form)
                if len(sk.replace(" ", "")) >= SPELLING_MIN_LETTERS:
                    by_skeleton.setdefault(sk, set()).add(form)
            self._spellings[cc] = {sk: frozenset(f) for sk, f in by_skeleton.items()}
        return self._spellings[cc]

    def spelling_starts(self, countries: Iterable[str]) -> Container[str]:
        """The first words of the skeletons of :meth:`spellings`: a matcher tries a name only
        when its first word's skeleton is one of them."""
        sets = []
        for cc in dict.fromkeys(c for c in countries if c):
            starts = self._spelling_starts.get(cc)
            if starts is None:
                starts = frozenset(sk.split(" ", 1)[0] for sk in self._country_spellings(cc))
                self._spelling_starts[cc] = starts
            sets.append(starts)
        return sets[0] if len(sets) == 1 else _AnyOf(tuple(sets))

    def surface_keys(self, countries: Iterable[str] = ()) -> list[frozenset[str]]:
        """Folded forms a matcher may take for a place, as sets to test in turn: those of
        :meth:`names`, then the villages of each of ``countries`` (loaded on demand)."""
        if self._world_surface is None:
            self._world_surface = frozenset(key for _form, key in self.names())
        wanted = [c for c in countries if c]
        self.load_countries(wanted)
        return [self._world_surface, *(self._surface[c] for c in wanted if self._surface.get(c))]

    # -- lookups -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def _lookup(self, name: str) -> tuple[list[tuple[int, int]], str | None]:
        """Matching entry indices with their tier (0 primary, 1 alternate) and the hint."""
        full, bare, hint = split_key(name)
        found: list[tuple[int, int]] = []
        for key in (full, bare) if bare != full else (full,):
            self._materialize(key)
            hits = self._index.get(key, ())
            for i in hits:
                tier = 0 if key in self._entries[i].primary else 1
                found.append((i, tier))
            if found:
                # "Mexico City" should not also match the country "Mexico".
                return found, (None if key == full else hint)
        return found, hint

    def candidates(self, name: str) -> list[Place]:
        """Every place whose name or alias matches ``name`` exactly after normalisation,
        best first by the context-free ranking."""
        hits, hint = self._lookup(name)
        ranked = self._rank(hits, hint, (), (), ())
        return [self._entries[i].place for i in ranked]

    def resolve(
        self,
        name: str,
        *,
        context: Sequence[str] = (),
        near: Sequence[Place] = (),
        villages: Sequence[str] | None = None,
    ) -> Place | None:
        """The most likely place for ``name`` given the countries (ISO2, most salient first)
        the document is about, or ``None``.

        Ranking: a place in ``context`` before one outside it; then primary names before
        alternates; then the earlier country in ``context``; then an area row when the text
        said "region"/"district" (a settlement otherwise); then curated rows; then population.
        With a context, the villages of its countries are loaded, and a place outside it is
        kept only if it is a country, a city of a million, a place of a core country when
        the context names a core country, or lies within ``NEAR_KM`` of a place in ``near`` (the
        document's other places: a village across the border). ``villages`` narrows the
        countries whose villages (places of fewer than 15,000 people outside the core
        countries) count as in the context: a country named once in passing is not where
        a village is looked for.
        """
        ctx = tuple(c.strip().upper() for c in context if c and len(c.strip()) == 2)
        small_ctx = ctx if villages is None else tuple(c.strip().upper() for c in villages if c)
        if small_ctx:
            self.load_countries(small_ctx)
        if ctx:
            # the neighbours' villages count near the document's places, and under their own
            # names of several words (see _trusted_outside)
            self.load_countries(sorted({n for c in ctx for n in self.neighbours(c)}))
        hits, hint = self._lookup(name)
        if not hits:
            hits = self._fuzzy(name, ctx)
        ranked = self._rank(hits, hint, ctx, near, small_ctx)
        if not ranked:
            return None
        place = self._entries[ranked[0]].place
        if hint == "district" and place.precision == "exact":
            # "the Tolvar region" is an area around the town, not the town itself.
            place = dataclasses.replace(place, precision="district")
        return place

    def country_named(self, name: str) -> Place | None:
        """The country row whose name or alias is ``name``, or ``None`` (no ranking, cheap)."""
        full = split_key(name)[0]
        for i in self._index.get(full, ()):
            if self._entries[i].place.feature == "country":
                return self._entries[i].place
        return None

    def part(self, area: Place, name: str, north: float, east: float) -> Place | None:
        """The part of a country or province that a compass word names ("southern Brenk"): the
        middle (median latitude and longitude) of the quarter of the area's towns that lie
        furthest toward (``north``, ``east``); (0, 0) is the quarter nearest its middle.
        ``None`` when the area is a place, or too few towns are known to tell a part.

        Only the base file's towns count (not villages, which are read per document), so the
        point is the same whatever else a report names. Towns rather than the border's outline:
        a part of a country is reported where people live and fight, and the base file has
        towns for every country (at least three for all but the micro-states). A quarter of the
        towns rather than a third of the extent: "southern X" is where X's southern towns are, not its
        empty far south (a desert's one port)."""
        key = (area, name, north, east)
        if key not in self._parts:
            self._parts[key] = self._part(area, name, north, east)
        return self._parts[key]

    def _part(self, area: Place, name: str, north: float, east: float) -> Place | None:
        if area.precision not in {"country", "region"} or area.feature not in {
            "country",
            *_words().area_features,
        }:
            return None
        quarter = self._quarter_of(
            area.country, "" if area.feature == "country" else area.admin1, north, east
        )
        if quarter is None:
            return None
        chosen = quarter[0]
        return Place(
            name=f"{name} {area.name}",
            country=area.country,
            admin1=area.admin1,
            latitude=round(statistics.median(p.latitude for p in chosen), 2),
            longitude=round(statistics.median(p.longitude for p in chosen), 2),
            feature="region",
            precision="region",
        )

    def _quarter_of(
        self, iso2: str, admin1: str, north: float, east: float
    ) -> tuple[list[Place], Callable[[Place], float], float] | None:
        """The quarter of a country's (or a province's) base-file towns lying furthest toward
        (``north``, ``east``), the score ranking them so and the lowest score in the quarter;
        ``None`` when too few towns are known to tell a part. Kept: ``part`` and ``within`` ask
        for the same quarters again and again."""
        key = (iso2, admin1, north, east)
        if key not in self._quarters:
            towns = [
                e.place
                for e in self._base_entries(iso2)
                if e.place.feature not in {"country", *_words().area_features}
                and (not admin1 or e.place.admin1 == admin1)
            ]
            if len(towns) < _PART_MIN_TOWNS:
                self._quarters[key] = None
            else:
                chosen, score = _quarter(towns, north, east)
                self._quarters[key] = (chosen, score, min(score(p) for p in chosen))
        return self._quarters[key]

    def within(self, area: Place, place: Place) -> bool | None:
        """Whether ``place`` lies in ``area``, as far as the gazetteer can tell: a country holds
        its places, a province those of its admin1, a part a compass word names ("southern X",
        see ``part``) the places at least as far that way as its quarter of towns. ``None`` for
        an area whose extent is not known here (a curated region, a place)."""
        if area.precision == "country":
            return place.country == area.country
        if place.country != area.country:
            return False
        bearing = _bearings().get(area.name.split(" ", 1)[0].lower()) if area.feature == "region" else None
        quarter = self._quarter_of(area.country, area.admin1, *bearing) if bearing is not None else None
        if quarter is not None:
            if area.admin1 and place.admin1 != area.admin1:
                return False
            _chosen, score, lowest = quarter
            return score(place) >= lowest
        if area.feature in _words().area_features and area.admin1:
            return place.admin1 == area.admin1
        return None

    def country(self, iso2: str) -> Place:
        """The country row for an ISO 3166-1 alpha-2 code (KeyError if unknown)."""
        return self._entries[self._countries[iso2.strip().upper()]].place

    def names(self) -> Iterator[tuple[str, str]]:
        """``(surface form, lookup key)`` pairs for a phrase matcher / entity ruler.

        Covers every name of the core countries' rows, countries and curated rows, and
        the primary names of world cities; forms shorter than 4 characters, lowercase-initial
        forms, codes, and stoplisted words (English words, personal names) are left out.
        """
        seen: set[str] = set()
        for entry in self._entries:
            place = entry.place
            trusted = entry.curated or place.feature == "country"
            if place.country in self.core_countries or trusted:
                forms: Iterable[str] = entry.names
            elif entry.population >= WORLD_MIN_POPULATION:
                forms = entry.names[:2]
            else:
                continue
            for form in forms:
                if form in seen or not self._offered(form, entry, trusted=trusted):
                    continue
                seen.add(form)
                yield form, fold(form)

    def _offered(self, form: str, entry: Entry, *, trusted: bool) -> bool:
        full, bare, _hint = split_key(form)
        return self._offered_key(form, full, bare, entry.primary, trusted=trusted)

    def _offered_key(
        self, form: str, key: str, bare: str, primary: frozenset[str] | set[str], *, trusted: bool
    ) -> bool:
        """Whether a matcher takes ``form`` (folded ``key``, without its generic word ``bare``)."""
        if len(form) < 4 or "(" in form or not form[0].isupper():
            return False
        if form.isupper() and not trusted:
            return False
        if not key or key in self._stop or bare in self._stop:
            return False
        # short GeoNames alternates are mostly noise ("Bole", "Tous")
        return not (len(key) < 5 and key not in primary)

    # -- ranking -----------------------------------------------------------------------------

    def _rank(
        self,
        hits: Sequence[tuple[int, int]],
        hint: str | None,
        ctx: tuple[str, ...],
        near: Sequence[Place],
        small_ctx: tuple[str, ...],
    ) -> list[int]:
        best_tier: dict[int, int] = {}
        for i, tier in hits:
            best_tier[i] = min(tier, best_tier.get(i, tier))
        prefer_area = hint == "district" or self._prefer_area(best_tier)
        sole = len(best_tier) == 1
        scored: list[tuple[tuple[int, int, int, int, int, int, int, str], int]] = []
        for i, tier in best_tier.items():
            entry = self._entries[i]
            place = entry.place
            in_ctx = place.country in (small_ctx if i >= self._n_base else ctx)
            if ctx and not in_ctx and not self._trusted_outside(entry, ctx, near, sole and tier == 0):
                continue
            ctx_rank = ctx.index(place.country) if place.country in ctx else len(ctx)
            is_area = place.feature in _words().area_features
            mismatch = int(is_area != prefer_area) if place.feature != "country" else 0
            # When the text said "region", any area row beats a settlement matched by its
            # primary name ("Tolvar region" is the province, not its capital town).
            first, second = (mismatch, tier) if hint == "district" else (tier, mismatch)
            key = (
                0 if in_ctx or not ctx else 1,
                first,
                ctx_rank if ctx_rank >= PARTIES else 0,
                second,
                0 if entry.curated else 1,
                -entry.population,
                ctx_rank,
                place.name,
            )
            scored.append((key, i))
        scored.sort()
        return [i for _, i in scored]

    def _prefer_area(self, hits: dict[int, int]) -> bool:
        """Without a "region"/"district" in the text, a settlement wins over an area row
        named after it (Tolvar town over Tolvar District, which sits on the town), but
        an area not centred on a matching settlement wins over a namesake village (Brenk
        Province over the village of Brenk; Dorsk Province over the town of Dorsk)."""
        areas = [
            self._entries[i].place for i in hits if self._entries[i].place.feature in _words().area_features
        ]
        if not areas:
            return False
        settlements = [
            self._entries[i].place
            for i in hits
            if self._entries[i].place.feature not in _words().area_features | {"country"}
        ]
        return not any(haversine_km(area, town) < 2.0 for area in areas for town in settlements)

    def _trusted_outside(
        self, entry: Entry, ctx: tuple[str, ...], near: Sequence[Place], named: bool = False
    ) -> bool:
        place = entry.place
        if place.feature == "country" or entry.population >= OUTSIDE_MIN_POPULATION:
            return True
        if (
            named
            and " " in place.name
            and entry.population >= CROSS_BORDER_MIN_POPULATION
            and any(place.country in self.neighbours(c) for c in ctx[:2])
        ):
            # a town across a party's border named by its own name of several words, which
            # names nothing else we know ("Upper Brenk Falls"), is that town even with no other
            # place beside it; a one-word name or an alias across the border is too often a
            # namesake (a village's alias is another country's district), and so is a village:
            # the tables hold only the larger of the many villages named alike
            return True
        core = self.core_countries
        if place.country in core and core.intersection(ctx):
            # a disputed area GeoNames files under one party is named by the other party's
            # sources without naming the first
            return True
        return any(haversine_km(place, p) <= NEAR_KM for p in near)

    def _fuzzy(self, name: str, ctx: tuple[str, ...]) -> list[tuple[int, int]]:
        """Near-miss spellings, only among the core countries' names and only when the
        context is empty or names one of those countries."""
        if ctx and not self.core_countries.intersection(ctx):
            return []
        key = normalize(name)
        if len(key) < _FUZZY_MIN_LENGTH:
            return []
        from rapidfuzz import fuzz, process

        if self._core_keys is None:
            self._core_keys = tuple(
                sorted(
                    k
                    for k, idx in self._index.items()
                    if len(k) >= _FUZZY_MIN_LENGTH
                    and any(self._entries[i].place.country in self.core_countries for i in idx)
                )
            )
        match = process.extractOne(key, self._core_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_SCORE)
        if match is None or match[0][0] != key[0]:
            return []
        core = self.core_countries
        return [(i, 1) for i in self._index[match[0]] if self._entries[i].place.country in core]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a bulk of objects that live as long as the process
    is built (each full collection would walk them all again: ~0.5 s of a process's start)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class _BaseCache:
    """What :meth:`Gazetteer.load` builds from the bundled files (the base entries and the
    matcher's world-wide keys: ~1.4 s CPU of every process's start, most of it folding 136,000
    names), kept in the user's cache folder under a digest of everything it is built from (those
    files, this module, the place words, the records, Python's version). Read with ``marshal``:
    ~0.4 s. Any failure to read or write it only means building as before."""

    def __init__(self, data: object) -> None:
        import hashlib
        import os
        import sys

        from ceasefire import records

        h = hashlib.sha1(f"{sys.version}|{_MARSHAL_FORMAT}".encode())
        try:
            for name in ("places.tsv", "curated.tsv", "stoplist.txt"):
                h.update(Path(str(data)).joinpath(name).read_bytes())
            h.update(Path(__file__).read_bytes())
            h.update(Path(str(records.__file__)).read_bytes())
            h.update(str(lexicons.load("places")).encode())
        except (OSError, TypeError):
            self.path: Path | None = None
            return
        root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        self.path = Path(root) / "ceasefire" / f"gazetteer-{h.hexdigest()[:16]}.marshal"
        self._villages_digest: str | None = None

    def read(self) -> tuple[list[Entry], frozenset[str]] | None:
        import marshal

        if self.path is None:
            return None
        try:
            rows, surface = marshal.loads(self.path.read_bytes())
            entries = [
                Entry(Place(*place), population, curated, names, keys, primary)
                for place, population, curated, names, keys, primary in rows
            ]
            return entries, surface
        except Exception:  # missing, truncated, from another layout: built instead
            return None

    def write(self, entries: Sequence[Entry], surface: frozenset[str]) -> None:
        rows = [
            (dataclasses.astuple(e.place), e.population, e.curated, e.names, e.keys, e.primary)
            for e in entries
        ]
        self._put(self.path, (rows, surface))
        if self.path is not None and self.path.is_file():  # what older data or code left
            for old in self.path.parent.glob("gazetteer-*"):
                if not old.name.startswith(self.path.stem):
                    with contextlib.suppress(OSError):
                        old.unlink()

    # a country's villages (Gazetteer.load_countries: ~30 ms to 0.3 s each to build, ~5x less to
    # read), under the same digest plus the villages file's
    def _villages_path(self, cc: str, villages: Path) -> Path | None:
        import hashlib

        if self.path is None or not cc.isalnum():
            return None
        if self._villages_digest is None:
            try:
                self._villages_digest = hashlib.sha1(villages.read_bytes()).hexdigest()[:16]
            except OSError:
                return None
        return self.path.with_name(f"{self.path.stem}-villages-{self._villages_digest}-{cc}.marshal")

    def read_villages(
        self, cc: str, villages: Path
    ) -> tuple[list[str], dict[str, list[str]], frozenset[str]] | None:
        import marshal

        path = self._villages_path(cc, villages)
        if path is None:
            return None
        try:
            header, pending, surface = marshal.loads(path.read_bytes())
            return list(header), dict(pending), frozenset(surface)
        except Exception:  # missing, truncated, from another layout: built instead
            return None

    def write_villages(
        self,
        cc: str,
        villages: Path,
        header: list[str],
        pending: dict[str, list[str]],
        surface: frozenset[str],
    ) -> None:
        self._put(self._villages_path(cc, villages), (header, pending, surface))

    @staticmethod
    def _put(path: Path | None, value: Any) -> None:
        import marshal
        import os

        if path is None:
            return
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(marshal.dumps(value, _MARSHAL_FORMAT))
            os.replace(tmp, path)  # whole or not at all, whoever else writes it
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                tmp.unlink()


_MARSHAL_FORMAT = 4


def _entry(row: dict[str, str], curated: bool, hand_written: bool, extra_primary: set[str]) -> Entry:
    """Build an entry; ``hand_written`` rows (curated, not merged) and countries rank every
    alias as primary, GeoNames rows only their name, ascii name and curated aliases."""
    name = row["name"].strip()
    ascii_name = (row.get("ascii_name") or "").strip()
    alternates = _split_names(row.get("alternate_names"))
    names = tuple(dict.fromkeys(n for n in (name, ascii_name, *alternates) if n))
    by_name = {n: _keys_of(n) for n in names}
    keys = frozenset().union(*by_name.values())
    if hand_written or row.get("feature") == "country":
        primary = set(keys)
    else:
        primary = by_name.get(name, set()) | by_name.get(ascii_name, set())
    primary |= extra_primary
    raw_precision = (row.get("precision") or "").strip()
    precision = cast(GeoPrecision, raw_precision if raw_precision in _PRECISIONS else "exact")
    gid = (row.get("geonameid") or "").strip()
    pop = (row.get("population") or "").strip()
    place = Place(
        name=name,
        country=row["country"].strip(),
        admin1=(row.get("admin1") or "").strip(),
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        feature=(row.get("feature") or "other").strip(),
        precision=precision,
        geonameid=int(gid) if gid else None,
    )
    return Entry(place, int(pop) if pop else 0, curated, names, keys, frozenset(primary))
