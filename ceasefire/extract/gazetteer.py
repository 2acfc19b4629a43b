"""Offline gazetteer: resolve a toponym to coordinates, admin1, country and a precision.

Data: ``ceasefire/data/gazetteer/places.tsv`` (a GeoNames extract written by
``scripts/build_gazetteer.py``: every Armenian and Azerbaijani place in cities500, the
neighbours' towns, world cities of 100,000+, every country, and one row per Armenian province
and Azerbaijani rayon) and ``curated.tsv`` (hand-written frontline features that no package
has, and aliases/overrides for GeoNames rows). Both are read once, lazily.

Resolution is exact on a normalised key (case, diacritics, punctuation and "region"/"district"/
"village"… suffixes removed). A fuzzy fallback exists only for Armenian/Azerbaijani names and
only when the document's context allows that theatre: fuzzy matching against the whole world
sends Lachin to Pakistan and Jebrail to Romania (shared FINDINGS.md).
"""

from __future__ import annotations

import csv
import dataclasses
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import cast, get_args

from ceasefire.records import GeoPrecision, Place

# The theatre the tool is built for: its small places are all kept, and a match there is
# never rejected for lack of country context (Karabakh places are AZ in GeoNames but
# Armenian sources name them without mentioning Azerbaijan).
CORE_COUNTRIES: frozenset[str] = frozenset({"AM", "AZ"})

# Outside the context countries, only places this large are trusted on name alone.
WORLD_MIN_POPULATION = 15_000

_FUZZY_MIN_SCORE = 88.0
_FUZZY_MIN_LENGTH = 5

_AREA_WORDS = frozenset({"region", "district", "rayon", "raion", "province", "marz", "oblast"})
_PLACE_WORDS = frozenset({"village", "city", "town", "settlement"})
_AREA_FEATURES = frozenset({"district", "region"})
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
_PREFIX_OF = re.compile(r"^(?:the )?(region|district|rayon|raion|province|village|city|town|settlement) of ")


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


def split_key(text: str) -> tuple[str, str, str | None]:
    """``(full key, key without a generic suffix/prefix, hint)`` for a surface form.

    The hint is ``"district"`` when the text named an area ("Kalbajar region") and
    ``"exact"`` when it named a settlement ("Tegh village"), else ``None``.
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
        hint = "district" if word in _AREA_WORDS else "exact"
    elif len(words) > 1 and words[-1] in _AREA_WORDS | _PLACE_WORDS:
        hint = "district" if words[-1] in _AREA_WORDS else "exact"
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

    def __init__(self, entries: Sequence[Entry], stoplist: Iterable[str] = ()) -> None:
        self._entries: tuple[Entry, ...] = tuple(entries)
        self._stop = frozenset(fold(s) for s in stoplist)
        index: dict[str, list[int]] = {}
        countries: dict[str, int] = {}
        for i, entry in enumerate(self._entries):
            for key in entry.keys:
                index.setdefault(key, []).append(i)
            if entry.place.feature == "country":
                countries.setdefault(entry.place.country, i)
        self._index: dict[str, tuple[int, ...]] = {k: tuple(v) for k, v in index.items()}
        self._countries = countries
        self._core_keys: tuple[str, ...] | None = None

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, paths: Sequence[Path] | None = None, *, stoplist: Path | None = None) -> Gazetteer:
        """Read gazetteer TSVs (default: the packaged ``places.tsv`` then ``curated.tsv``).

        A row with a ``geonameid`` already seen adds its alternate names to that entry and
        overrides the fields it fills (that is how curated aliases reach GeoNames rows); any
        other row is a new entry. A file with a ``source`` column is treated as curated.
        """
        data = resources.files("ceasefire") / "data" / "gazetteer"
        if paths is None:
            paths = [Path(str(data / "places.tsv")), Path(str(data / "curated.tsv"))]
        if stoplist is None:
            stoplist = Path(str(data / "stoplist.txt"))
        rows: list[dict[str, str]] = []
        curated_flags: list[bool] = []
        new_curated: list[bool] = []
        extra_primary: list[set[str]] = []
        by_id: dict[str, int] = {}
        for path in paths:
            for row in _read_rows(Path(path)):
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
        stop: list[str] = []
        if stoplist.is_file():
            text = stoplist.read_text(encoding="utf-8")
            stop = [ln.strip() for ln in text.splitlines() if ln.strip() and ln[0] != "#"]
        return cls(entries, stop)

    # -- lookups -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> tuple[Entry, ...]:
        return self._entries

    def _lookup(self, name: str) -> tuple[list[tuple[int, int]], str | None]:
        """Matching entry indices with their tier (0 primary, 1 alternate) and the hint."""
        full, bare, hint = split_key(name)
        found: list[tuple[int, int]] = []
        for key in (full, bare) if bare != full else (full,):
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
        ranked = self._rank(hits, hint, ())
        return [self._entries[i].place for i in ranked]

    def resolve(self, name: str, *, context: Sequence[str] = ()) -> Place | None:
        """The most likely place for ``name`` given the countries (ISO2, most salient first)
        the document is about, or ``None``.

        Ranking: primary names before alternates; then the earlier country in ``context``;
        then an area row when the text said "region"/"district" (a settlement otherwise);
        then curated rows; then population. With a context, a place outside it is kept only
        if it is in Armenia/Azerbaijan, a country, curated, or a city of 100,000+.
        """
        ctx = tuple(c.strip().upper() for c in context if c and len(c.strip()) == 2)
        hits, hint = self._lookup(name)
        if not hits:
            hits = self._fuzzy(name, ctx)
        ranked = self._rank(hits, hint, ctx)
        if not ranked:
            return None
        place = self._entries[ranked[0]].place
        if hint == "district" and place.precision == "exact":
            # "the Stepanakert region" is an area around the town, not the town itself.
            place = dataclasses.replace(place, precision="district")
        return place

    def country(self, iso2: str) -> Place:
        """The country row for an ISO 3166-1 alpha-2 code (KeyError if unknown)."""
        return self._entries[self._countries[iso2.strip().upper()]].place

    def names(self) -> Iterator[tuple[str, str]]:
        """``(surface form, lookup key)`` pairs for a phrase matcher / entity ruler.

        Covers every name of the Armenian/Azerbaijani rows, countries and curated rows, and
        the primary names of world cities; forms shorter than 4 characters, lowercase-initial
        forms, codes, and stoplisted words (English words, personal names) are left out.
        """
        seen: set[str] = set()
        stop = self._stop
        for entry in self._entries:
            place = entry.place
            trusted = entry.curated or place.feature == "country"
            if place.country in CORE_COUNTRIES or trusted:
                forms: Iterable[str] = entry.names
            elif entry.population >= WORLD_MIN_POPULATION:
                forms = entry.names[:2]
            else:
                continue
            for form in forms:
                if form in seen or len(form) < 4 or "(" in form or not form[0].isupper():
                    continue
                if form.isupper() and not trusted:
                    continue
                key = fold(form)
                if not key or key in stop or normalize(form) in stop:
                    continue
                if len(key) < 5 and key not in entry.primary:
                    continue  # short GeoNames alternates are mostly noise ("Bole", "Tous")
                seen.add(form)
                yield form, key

    # -- ranking -----------------------------------------------------------------------------

    def _rank(self, hits: Sequence[tuple[int, int]], hint: str | None, ctx: tuple[str, ...]) -> list[int]:
        best_tier: dict[int, int] = {}
        for i, tier in hits:
            best_tier[i] = min(tier, best_tier.get(i, tier))
        prefer_area = hint == "district" or self._prefer_area(best_tier)
        scored: list[tuple[tuple[int, int, int, int, int, str], int]] = []
        for i, tier in best_tier.items():
            entry = self._entries[i]
            place = entry.place
            in_ctx = place.country in ctx
            if ctx and not in_ctx and not self._trusted_outside(entry):
                continue
            ctx_rank = ctx.index(place.country) if in_ctx else len(ctx)
            is_area = place.feature in _AREA_FEATURES
            mismatch = int(is_area != prefer_area) if place.feature != "country" else 0
            # When the text said "region", any area row beats a settlement matched by its
            # primary name ("Nakhichevan region" is the exclave, not its capital).
            first, second = (mismatch, tier) if hint == "district" else (tier, mismatch)
            key = (
                first,
                ctx_rank,
                second,
                0 if entry.curated else 1,
                -entry.population,
                place.name,
            )
            scored.append((key, i))
        scored.sort()
        return [i for _, i in scored]

    def _prefer_area(self, hits: dict[int, int]) -> bool:
        """Without a "region"/"district" in the text, a settlement wins over an area row
        named after it (Kalbajar town over Kalbajar District, which sits on the town), but
        an area not centred on a matching settlement wins over a namesake village (Syunik
        Province over the village of Syunik; Ararat Province over the town of Ararat)."""
        areas = [self._entries[i].place for i in hits if self._entries[i].place.feature in _AREA_FEATURES]
        if not areas:
            return False
        settlements = [
            self._entries[i].place
            for i in hits
            if self._entries[i].place.feature not in _AREA_FEATURES | {"country"}
        ]
        return not any(haversine_km(area, town) < 2.0 for area in areas for town in settlements)

    @staticmethod
    def _trusted_outside(entry: Entry) -> bool:
        place = entry.place
        return (
            place.country in CORE_COUNTRIES
            or place.feature == "country"
            or entry.curated
            or entry.population >= WORLD_MIN_POPULATION
        )

    def _fuzzy(self, name: str, ctx: tuple[str, ...]) -> list[tuple[int, int]]:
        """Near-miss spellings, only among Armenian/Azerbaijani names and only when the
        context is empty or names one of those countries."""
        if ctx and not CORE_COUNTRIES.intersection(ctx):
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
                    and any(self._entries[i].place.country in CORE_COUNTRIES for i in idx)
                )
            )
        match = process.extractOne(key, self._core_keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_SCORE)
        if match is None or match[0][0] != key[0]:
            return []
        return [(i, 1) for i in self._index[match[0]] if self._entries[i].place.country in CORE_COUNTRIES]


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


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once."""
    return Gazetteer.load()
