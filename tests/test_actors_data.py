"""Reference data (outlets, actors, roles, framing) and the actor index built on it."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from ceasefire.extract.actors import ActorIndex, fold
from ceasefire.reference import load_reference

KINDS = {
    "state",
    "government",
    "ministry",
    "armed_forces",
    "security_service",
    "parliament",
    "person",
    "civilians",
    "international_org",
    "peacekeepers",
    "de_facto_authority",
    "rebel",
    "militia",
}


def actor_index() -> ActorIndex:
    """The bundled actor index (the reference data without user files)."""
    return load_reference().actors


def _data(*parts: str) -> dict[str, Any]:
    return json.loads(files("ceasefire").joinpath("data", *parts).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ix() -> ActorIndex:
    return actor_index()


@pytest.mark.parametrize(
    "parts", [("outlets.json",), ("actors.json",), ("lexicons", "roles.json"), ("lexicons", "framing.json")]
)
def test_every_data_file_records_source_and_licence(parts: tuple[str, ...]) -> None:
    d = _data(*parts)
    assert len(d["source"]) > 40
    assert d["licence"]


# ---------------------------------------------------------------- outlets
def test_outlets_schema_and_uniqueness() -> None:
    outlets = _data("outlets.json")["outlets"]
    sides = {a["side"] for a in _data("actors.json")["actors"]}  # a party the reference data knows
    assert len(outlets) >= 40
    ids = [o["id"] for o in outlets]
    assert len(ids) == len(set(ids))
    domains = [d for o in outlets for d in o["domains"]]
    assert len(domains) == len(set(domains))
    for o in outlets:
        assert set(o) >= {
            "id",
            "name",
            "aliases",
            "domains",
            "country",
            "alignment",
            "state_owned",
            "state_affiliated",
            "language",
            "note",
        }, o["id"]
        assert o["alignment"] == "neutral" or o["alignment"] in sides, o["id"]
        assert re.fullmatch(r"[A-Z]{2}", o["country"]), o["id"]
        assert isinstance(o["state_owned"], bool) and isinstance(o["state_affiliated"], bool)
        for d in o["domains"]:
            assert re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", d), d


def test_outlets_cover_each_party() -> None:
    alignments = {o["alignment"] for o in _data("outlets.json")["outlets"]}
    assert {"AM", "AZ", "TR", "RU", "IR", "neutral"} <= alignments


def test_outlet_aliases_do_not_collide() -> None:
    seen: dict[str, str] = {}
    for o in _data("outlets.json")["outlets"]:
        for name in (o["name"], *o["aliases"]):
            key = name.casefold()
            assert seen.setdefault(key, o["id"]) == o["id"], f"{name} names two outlets"


# ---------------------------------------------------------------- actors data
def test_actor_counts_ids_and_fields() -> None:
    actors = _data("actors.json")["actors"]
    assert len(actors) >= 170
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    for a in actors:
        assert a["kind"] in KINDS, a["id"]
        assert 1 <= a["inter"] <= 8, a["id"]
        assert a["aliases"], a["id"]
        assert set(a.get("metonyms", ())) <= set(a["aliases"]), a["id"]


def test_speaks_for_targets_exist_and_are_institutions() -> None:
    actors = {a["id"]: a for a in _data("actors.json")["actors"]}
    for a in actors.values():
        target = a["speaks_for"]
        if a["kind"] == "person":
            assert target in actors, a["id"]
            assert actors[target]["kind"] != "person", a["id"]
        else:
            assert target is None, a["id"]


def test_required_institutions_present() -> None:
    ids = {a["id"] for a in _data("actors.json")["actors"]}
    for side in ("AM", "AZ"):
        for role in ("GOV", "PRES", "MOD", "MFA", "ARMY", "PARL", "CIVILIANS"):
            assert f"{side}-{role}" in ids
    for side in ("RU", "TR", "IR", "GE", "FR"):
        for role in ("GOV", "PRES", "MOD", "MFA"):
            assert f"{side}-{role}" in ids
    assert {"US-GOV", "US-PRES", "US-MOD", "US-STATE", "NK-GOV", "NK-ARMY", "RU-PK", "JMC"} <= ids
    bodies = {"EU", "EU-COUNCIL", "EUMA", "UN", "UN-SG", "OSCE", "OSCE-MG", "CSTO", "COE", "ICRC", "NATO"}
    bodies.add("PACE")
    assert bodies <= ids


def test_no_alias_shared_across_sides() -> None:
    sides: dict[str, set[str]] = defaultdict(set)
    for a in _data("actors.json")["actors"]:
        for alias in (a["name"], *a["aliases"]):
            sides[fold(alias).casefold()].add(a["side"])
    clashes = {k: v for k, v in sides.items() if len(v) > 1}
    assert not clashes


def test_government_entries_carry_capital_metonyms(ix: ActorIndex) -> None:
    expected = {
        "Baku": "AZ-GOV",
        "official Baku": "AZ-GOV",
        "Yerevan": "AM-GOV",
        "official Yerevan": "AM-GOV",
        "the Kremlin": "RU-GOV",
        "Moscow": "RU-GOV",
        "Ankara": "TR-GOV",
        "Tehran": "IR-GOV",
        "Washington": "US-GOV",
        "Paris": "FR-GOV",
        "Brussels": "EU",
    }
    for surface, actor_id in expected.items():
        found = ix.lookup(surface)
        assert found is not None and found.id == actor_id, surface
    # metonyms are case-sensitive: lower-case words are not governments
    assert ix.lookup("baku") is None
    assert ix.lookup("paris") is None


# ---------------------------------------------------------------- index
def test_index_basics(ix: ActorIndex) -> None:
    assert len(ix) >= 170
    assert "AZ-MOD" in ix and "XX-NOPE" not in ix
    assert ix.get("AZ-MOD").acled_actor == "Military Forces of Azerbaijan (2003-)"
    with pytest.raises(KeyError):
        ix.get("XX-NOPE")


@pytest.mark.parametrize(
    ("surface", "actor_id"),
    [
        ("Pashinian", "person:nikol-pashinyan"),
        ("Pashinyan's", "person:nikol-pashinyan"),
        ("Nikol Pashinyan", "person:nikol-pashinyan"),
        ("Cavusoglu", "person:mevlut-cavusoglu"),
        ("Çavuşoğlu", "person:mevlut-cavusoglu"),
        ("Mevlut Chavushoglu", "person:mevlut-cavusoglu"),
        ("Ceyhun Bayramov", "person:jeyhun-bayramov"),
        ("Erdogan", "person:recep-tayyip-erdogan"),
        ("the Azerbaijani defence ministry", "AZ-MOD"),
        ("Azerbaijan’s Defense Ministry", "AZ-MOD"),
        ("Artsakh Defense Army", "NK-ARMY"),
        ("Russian peacekeepers", "RU-PK"),
        ("the State Department", "US-STATE"),
        ("OSCE Minsk Group", "OSCE-MG"),
    ],
)
def test_lookup(ix: ActorIndex, surface: str, actor_id: str) -> None:
    found = ix.lookup(surface)
    assert found is not None and found.id == actor_id


def test_lookup_case_rules(ix: ActorIndex) -> None:
    assert ix.lookup("UN") is not None and ix.lookup("un") is None  # acronym
    assert ix.lookup("Trump") is not None and ix.lookup("trump") is None  # single word
    assert ix.lookup("ARMENIAN DEFENSE MINISTRY") is not None  # multi-word: any case
    assert ix.lookup("nobody in particular") is None


def test_institution_follows_speaks_for(ix: ActorIndex) -> None:
    hasanov = ix.lookup("Zakir Hasanov")
    assert hasanov is not None and hasanov.is_person
    assert ix.institution(hasanov).id == "AZ-MOD"
    mod = ix.get("AM-MOD")
    assert ix.institution(mod) is mod
    assert ix.institution(ix.get("person:ani-badalyan")).id == "AM-MFA"


def test_role_for(ix: ActorIndex) -> None:
    assert ix.role_for("the foreign ministry spokesperson") == "MFA"
    assert ix.role_for("a deputy defence minister") == "MOD"  # longest pattern beats "deputy"
    assert ix.role_for("local residents") == "CIVILIANS"
    assert ix.role_for("Azerbaijani border guards") == "BORDER"
    assert ix.role_for("an MP") == "PARL"
    assert ix.role_for("mp3 player") is None  # acronyms are case-sensitive whole words
    assert ix.role_for("the weather") is None
    # a service's officials speak for the service, not for the government in general
    assert ix.role_for("Army officials") == "ARMY" and ix.role_for("police officials") == "MIA"
    assert ix.role_for("defence officials") == "MOD" and ix.role_for("border officials") == "BORDER"


def test_resolve_generic(ix: ActorIndex) -> None:
    assert ix.resolve_generic("AM", "MFA").id == "AM-MFA"  # type: ignore[union-attr]
    assert ix.resolve_generic("US", "MFA").id == "US-STATE"  # type: ignore[union-attr]
    assert ix.resolve_generic("NK", "PM").id == "NK-GOV"  # type: ignore[union-attr]
    assert ix.resolve_generic("GE", "BORDER").id == "GE-ARMY"  # type: ignore[union-attr]
    assert ix.resolve_generic("IS", "BORDER").id == "IS-GOV"  # type: ignore[union-attr]  # no armed forces
    assert ix.resolve_generic("EU", "MFA").id == "EU"  # type: ignore[union-attr]
    assert ix.resolve_generic("GE", "CIVILIANS") is None  # civilians never fall back to a government
    assert ix.resolve_generic("XX", "MOD") is None


@pytest.mark.parametrize(
    ("phrase", "actor_id"),
    [
        ("Turkish Foreign Minister Mevlut Cavusoglu", "person:mevlut-cavusoglu"),
        ("Azerbaijan's Ministry of Defence", "AZ-MOD"),
        ("the Iranian side", "IR-GOV"),
        ("Armenian foreign ministry spokesperson", "AM-MFA"),
        ("Karabakh Armenian officials", "NK-GOV"),
        ("Kazakh foreign ministry", "KZ-GOV"),
    ],
)
def test_resolve_free_phrases(ix: ActorIndex, phrase: str, actor_id: str) -> None:
    found = ix.resolve(phrase)
    assert found is not None and found.id == actor_id


def test_demonyms_countries_dyads_hostility(ix: ActorIndex) -> None:
    assert ix.demonym_side("Azerbaijani") == "AZ"
    assert ix.demonym_side("Azeri") == "AZ"
    assert ix.demonym_side("Karabakh Armenian") == "NK"
    assert ix.demonym_side("Türkiye's") == "TR"
    assert ix.demonym_side("us") is None
    assert ix.country_side("Türkiye") == "TR" and ix.country_side("Turkiye") == "TR"
    assert ix.country_side("the Russian Federation") == "RU"
    assert ix.opponent("AZ") == "AM"
    assert ix.opponent("AM") == "AZ" and ix.opponent("NK") == "AZ"
    assert ix.opponents("AZ") == ("AM", "NK")
    # a mediator in the Armenia-Azerbaijan dyad, a party in its own war
    assert "AM" not in ix.opponents("RU") and "AZ" not in ix.opponents("RU")
    assert not {"AM", "AZ", "NK"} & set(ix.opponents("TR")) and ix.opponent("EU") is None
    assert ix.opponents("US") == ()  # a mediator in most of the conflicts covered
    assert ix.hostile("six enemy servicemen") and ix.hostile("the opposite side")
    assert not ix.hostile("the Armenian side")


def test_aliases_for_phrase_matcher(ix: ActorIndex) -> None:
    pairs = ix.aliases()
    assert len(pairs) > 1000
    lengths = [len(s) for s, _ in pairs]
    assert lengths == sorted(lengths, reverse=True)
    assert all(actor_id in ix for _, actor_id in pairs)
    assert not any("(" in s and ")" not in s for s, _ in pairs)
    by_surface = {e.surface: e for e in ix.alias_entries()}
    assert by_surface["Baku"].case_sensitive and by_surface["official Baku"].case_sensitive
    assert not by_surface["Azerbaijani Defense Ministry"].case_sensitive
    assert ix.ambiguous_aliases() == []


def test_extra_registry_overrides_and_extends(tmp_path: Path) -> None:
    extra = tmp_path / "more_actors.json"
    extra.write_text(
        json.dumps(
            {
                "actors": [
                    {
                        "id": "person:test-envoy",
                        "name": "Testa Envoyeva",
                        "side": "AM",
                        "kind": "person",
                        "inter": 1,
                        "acled_actor": "",
                        "aliases": ["Envoyeva"],
                        "speaks_for": "AM-MFA",
                        "role": "envoy",
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    index = ActorIndex.load(extra=[extra])
    found = index.lookup("Envoyeva")
    assert found is not None and index.institution(found).id == "AM-MFA"
    assert len(index) == len(actor_index()) + 1


# ---------------------------------------------------------------- roles and framing lexicons
def test_roles_lexicon_shape() -> None:
    roles = _data("lexicons", "roles.json")
    names = [r["role"] for r in roles["roles"]]
    assert {"GOV", "PRES", "PM", "MOD", "MFA", "ARMY", "BORDER", "PARL", "CIVILIANS"} <= set(names)
    for r in roles["roles"]:
        for p in r["patterns"]:
            # lower-case unless an acronym or proper name that must match case-sensitively
            assert p == p.lower() or p[0].isupper(), p
    dyads = roles["dyads"]
    assert {k: dyads[k] for k in ("AZ", "AM", "NK")} == {"AZ": ["AM", "NK"], "AM": ["AZ"], "NK": ["AZ"]}
    for side, foes in dyads.items():  # hostility is mutual
        for foe in foes:
            assert side in dyads.get(foe, []), (side, foe)
    assert "the enemy" in roles["hostile_references"]


def test_framing_terms() -> None:
    framing = _data("lexicons", "framing.json")
    terms = framing["terms"]
    assert len(terms) >= 40
    narratives = {"AZ", "AM", "RU", "TR", "neutral", "contested"}
    categories = {"blame", "legitimacy", "toponym", "victimhood", "dehumanising", "military", "peace"}
    names = [t["term"] for t in terms]
    assert len(names) == len(set(names))
    for t in terms:
        assert t["narrative"] in narratives, t["term"]
        assert t["category"] in categories, t["term"]
        assert t["variants"] and t["note"], t["term"]
    by_term = {t["term"]: t for t in terms}
    assert by_term["Khankendi"]["narrative"] == "AZ" and by_term["Stepanakert"]["narrative"] == "AM"
    assert by_term["occupation"]["narrative"] == "contested"
    for t in terms:
        if "counterpart" in t:
            assert t["counterpart"] in by_term, t["term"]


# ---------------------------------------------------------------- every state, non-state groups, dyads
def _iso_codes() -> set[str]:
    return set(_data("iso_numeric.json")["countries"])


def _group_sides() -> set[str]:
    """Party codes that are not ISO states: sides of groups, de facto authorities and bodies."""
    return {a["side"] for a in _data("actors.json")["actors"]} - _iso_codes()


# the 193 UN members, the two observer states, Kosovo, Taiwan and Western Sahara
STATES = frozenset(
    (
        "AF",
        "AL",
        "DZ",
        "AD",
        "AO",
        "AG",
        "AR",
        "AM",
        "AU",
        "AT",
        "AZ",
        "BS",
        "BH",
        "BD",
        "BB",
        "BY",
        "BE",
        "BZ",
        "BJ",
        "BT",
        "BO",
        "BA",
        "BW",
        "BR",
        "BN",
        "BG",
        "BF",
        "BI",
        "CV",
        "KH",
        "CM",
        "CA",
        "CF",
        "TD",
        "CL",
        "CN",
        "CO",
        "KM",
        "CG",
        "CD",
        "CR",
        "CI",
        "HR",
        "CU",
        "CY",
        "CZ",
        "DK",
        "DJ",
        "DM",
        "DO",
        "TL",
        "EC",
        "EG",
        "SV",
        "GQ",
        "ER",
        "EE",
        "SZ",
        "ET",
        "FJ",
        "FI",
        "FR",
        "GA",
        "GM",
        "GE",
        "DE",
        "GH",
        "GR",
        "GD",
        "GT",
        "GN",
        "GW",
        "GY",
        "HT",
        "HN",
        "HU",
        "IS",
        "IN",
        "ID",
        "IR",
        "IQ",
        "IE",
        "IL",
        "IT",
        "JM",
        "JP",
        "JO",
        "KZ",
        "KE",
        "KI",
        "KP",
        "KR",
        "KW",
        "KG",
        "LA",
        "LV",
        "LB",
        "LS",
        "LR",
        "LY",
        "LI",
        "LT",
        "LU",
        "MG",
        "MW",
        "MY",
        "MV",
        "ML",
        "MT",
        "MH",
        "MR",
        "MU",
        "MX",
        "FM",
        "MD",
        "MC",
        "MN",
        "ME",
        "MA",
        "MZ",
        "MM",
        "NA",
        "NR",
        "NP",
        "NL",
        "NZ",
        "NI",
        "NE",
        "NG",
        "MK",
        "NO",
        "OM",
        "PK",
        "PW",
        "PA",
        "PG",
        "PY",
        "PE",
        "PH",
        "PL",
        "PT",
        "QA",
        "RO",
        "RU",
        "RW",
        "KN",
        "LC",
        "VC",
        "WS",
        "SM",
        "ST",
        "SA",
        "SN",
        "RS",
        "SC",
        "SL",
        "SG",
        "SK",
        "SI",
        "SB",
        "SO",
        "ZA",
        "SS",
        "ES",
        "LK",
        "SD",
        "SR",
        "SE",
        "CH",
        "SY",
        "TJ",
        "TZ",
        "TH",
        "TG",
        "TO",
        "TT",
        "TN",
        "TR",
        "TM",
        "TV",
        "UG",
        "UA",
        "AE",
        "GB",
        "US",
        "UY",
        "UZ",
        "VU",
        "VE",
        "VN",
        "YE",
        "ZM",
        "ZW",
        "VA",
        "PS",
        "XK",
        "TW",
        "EH",
    )
)


def test_state_list_is_complete() -> None:
    assert len(STATES) == 198 and _iso_codes() >= STATES


def test_every_state_has_a_name_and_a_demonym() -> None:
    roles = _data("lexicons", "roles.json")
    named = set(roles["countries"].values())
    adjectival = set(roles["demonyms"].values())
    assert named >= STATES, sorted(STATES - named)
    assert adjectival >= STATES, sorted(STATES - adjectival)


def test_every_demonym_country_and_dyad_maps_to_a_known_party() -> None:
    roles = _data("lexicons", "roles.json")
    valid = _iso_codes() | _group_sides()
    for table in ("demonyms", "countries"):
        for surface, code in roles[table].items():
            assert code in valid, (table, surface, code)
    for side, foes in roles["dyads"].items():
        assert side in valid and set(foes) <= valid, side
    # non-state codes never look like a state's two-letter code (the pipeline treats those as states)
    assert all(len(code) != 2 for code in _group_sides() - {"NK", "EU", "UN"})


@pytest.mark.parametrize(
    ("surface", "code"),
    [
        ("the US", "US"),
        ("UK", "GB"),
        ("Burma", "MM"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("DR Congo", "CD"),
        ("Congo-Brazzaville", "CG"),
        ("Czech Republic", "CZ"),
        ("the Netherlands", "NL"),
        ("Holland", "NL"),
        ("the Philippines", "PH"),
        ("Swaziland", "SZ"),
        ("East Timor", "TL"),
        ("North Macedonia", "MK"),
        ("Cape Verde", "CV"),
        ("the Gambia", "GM"),
        ("Western Sahara", "EH"),
        ("Holy See", "VA"),
        ("Republic of Korea", "KR"),
        ("DPRK", "KP"),
        ("Viet Nam", "VN"),
        ("Kosovo", "XK"),
        ("Taiwan", "TW"),
        ("Donetsk People's Republic", "DPR"),
    ],
)
def test_country_alternates(ix: ActorIndex, surface: str, code: str) -> None:
    assert ix.country_side(surface) == code


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Indian", "IN"),
        ("Indians", "IN"),
        ("India's", "IN"),
        ("Kyrgyzstan's", "KG"),
        ("Filipino", "PH"),
        ("Philippine", "PH"),
        ("Ivorian", "CI"),
        ("Burkinabe", "BF"),
        ("Nigerien", "NE"),
        ("Nigerian", "NG"),
        ("Sudanese", "SD"),
        ("South Sudanese", "SS"),
        ("Guinean", "GN"),
        ("Papua New Guinean", "PG"),
        ("Equatorial Guinean", "GQ"),
        ("Bissau-Guinean", "GW"),
        ("Central African", "CF"),
        ("Malagasy", "MG"),
        ("Basotho", "LS"),
        ("Emirati", "AE"),
        ("Sahrawi", "EH"),
        ("Taiwanese", "TW"),
        ("Thai", "TH"),
        ("Cambodian", "KH"),
        ("Hamas", "HAM"),
        ("Houthi", "HOU"),
        ("Hezbollah", "HZB"),
        ("Taliban", "AF"),
        ("Pakistani Taliban", "TTP"),
        ("M23", "M23"),
        ("ISIS", "ISIS"),
    ],
)
def test_demonyms_of_every_kind(ix: ActorIndex, word: str, code: str) -> None:
    assert ix.demonym_side(word) == code


@pytest.mark.parametrize(
    "word",
    [
        "chad",
        "turkey",
        "china",
        "jordan",
        "georgia",
        "guinea",
        "English",
        "Kurdish",
        "Tamil",
        "Malay",
        "Khmer",
        "Arab",
        "Scottish",
        "Pole",
        "Dane",
        "Finn",
        "Latin",
        "CAR",
    ],
)
def test_ordinary_words_and_non_state_peoples_are_not_sides(ix: ActorIndex, word: str) -> None:
    assert ix.demonym_side(word) is None and ix.country_side(word) is None


def test_demonyms_agree_with_actor_aliases(ix: ActorIndex) -> None:
    """A group name that is both a demonym and an alias ('Hamas') names one party either way."""
    roles = _data("lexicons", "roles.json")
    for word, code in roles["demonyms"].items():
        actor = ix.lookup(word)
        if actor is not None and not actor.is_person:
            assert actor.side == code, word


def test_every_state_has_generic_institutions(ix: ActorIndex) -> None:
    for code in STATES - {"EH"}:
        gov = ix.resolve_generic(code, "GOV")
        assert gov is not None and gov.side == code, code
        assert ix.resolve_generic(code, "MFA") is not None, code
    armed = ix.get("KG-ARMY")
    assert armed.kind == "armed_forces" and armed.acled_actor == "Military Forces of Kyrgyzstan"
    assert ix.get("PH-GOV").acled_actor == "Government of the Philippines"
    assert ix.get("AF-ARMY").acled_actor == "Military Forces of Afghanistan (2021-)"  # the Taliban's
    assert "CR-ARMY" not in ix and "IS-MOD" not in ix  # states without armed forces
    assert "TR-PM" not in ix and "GB-PRES" not in ix and "IN-PRES" in ix  # offices only where they exist


@pytest.mark.parametrize(
    ("phrase", "actor_id"),
    [
        ("the Kyrgyz defence ministry", "KG-MOD"),
        ("Ivorian army", "CI-ARMY"),
        ("Indian Army officials", "IN-ARMY"),
        ("the Nigerien junta", "NE-GOV"),
        ("Indian defence ministry", "IN-MOD"),
        ("Congo's army", "CD-ARMY"),
        ("the Malagasy foreign ministry", "MG-MFA"),
        ("Ministry of Foreign Affairs of Peru", "PE-MFA"),
        ("Hamas spokesperson", "HAM"),
        ("Hezbollah official", "HZB"),
        ("Houthi military spokesman", "HOU"),
        ("the Taliban", "AF-GOV"),
        ("Taliban fighters", "AF-ARMY"),
        ("Pakistani Taliban", "TTP"),
        ("Sahrawi officials", "EH-POLISARIO"),
        ("official Islamabad", "PK-GOV"),
        ("Gaza health ministry", "PS-GOV"),
    ],
)
def test_unseen_institutions_resolve_everywhere(ix: ActorIndex, phrase: str, actor_id: str) -> None:
    found = ix.resolve(phrase)
    assert found is not None and found.id == actor_id


@pytest.mark.parametrize(
    ("surface", "side"),
    [
        ("ISPR", "PK"),
        ("Frontier Corps", "PK"),
        ("Punjab Rangers", "PK"),
        ("Tsahal", "IL"),
        ("IDF", "IL"),
        ("Israeli Air Force", "IL"),
        ("Shin Bet", "IL"),
        ("BSF", "IN"),
        ("Border Security Force", "IN"),
        ("Tatmadaw", "MM"),
        ("FARDC", "CD"),
        ("ENDF", "ET"),
        ("SAF", "SD"),
        ("UPDF", "UG"),
        ("GKNB", "KG"),
        ("UNIFIL", "UN"),
        ("MONUSCO", "UN"),
        ("UNMOGIP", "UN"),
        ("ATMIS", "AFU"),
        ("Wagner Group", "RU"),
        ("Africa Corps", "RU"),
        ("Peshmerga", "IQ"),
        ("Hezbollah", "HZB"),
        ("Islamic Resistance in Lebanon", "HZB"),
        ("al-Qassam Brigades", "HAM"),
        ("Saraya al-Quds", "PIJ"),
        ("Quds Force", "IR"),
        ("Ansar Allah", "HOU"),
        ("Tehrik-i-Taliban Pakistan", "TTP"),
        ("Balochistan Liberation Army", "BLA"),
        ("Daesh", "ISIS"),
        ("ISKP", "ISKP"),
        ("ISWAP", "ISWAP"),
        ("Boko Haram", "BKH"),
        ("al-Shabaab", "SHB"),
        ("JNIM", "JNIM"),
        ("M23", "M23"),
        ("Allied Democratic Forces", "ADF"),
        ("Rapid Support Forces", "RSF"),
        ("DPR", "DPR"),
        ("Lugansk People's Republic", "LPR"),
        ("PKK", "PKK"),
        ("YPG", "SDF"),
        ("Hayat Tahrir al-Sham", "HTS"),
        ("ELN", "ELN"),
        ("FARC dissidents", "FARC"),
        ("Arakan Army", "ARA"),
        ("Tigray Defence Forces", "TPLF"),
        ("Polisario Front", "EH"),
        ("Tamil Tigers", "LTTE"),
        ("Lashkar-e-Taiba", "LET"),
        ("Jaish-e-Mohammed", "JEM"),
    ],
)
def test_named_institutions_and_armed_groups(ix: ActorIndex, surface: str, side: str) -> None:
    found = ix.lookup(surface)
    assert found is not None and found.side == side, surface


@pytest.mark.parametrize(
    "surface",
    # acronyms of different bodies in different states, news agencies, jargon, sports clubs, file formats;
    # capitals of states without an entry of their own, which are often where an incident happens
    [
        "IAF",
        "DGMO",
        "SNA",
        "AFP",
        "KIA",
        "PDF",
        "AA",
        "Rangers",
        "FC",
        "CPC",
        "Kabul",
        "Islamabad",
        "Beirut",
        "Kyiv",
        "Khartoum",
        "New Delhi",
    ],
)
def test_ambiguous_surfaces_are_not_aliases(ix: ActorIndex, surface: str) -> None:
    assert ix.lookup(surface) is None


def test_armed_groups_have_codes_and_acled_fields() -> None:
    actors = _data("actors.json")["actors"]
    groups = [a for a in actors if a["kind"] in {"rebel", "militia"} and a["side"] == a["id"]]
    ids = {a["id"] for a in groups}
    assert ids >= {"HZB", "HAM", "TTP", "RSF", "HOU", "PIJ", "ISIS", "M23", "PKK", "SHB", "JNIM"}
    for a in groups:
        assert 2 <= a["inter"] <= 4 and a["acled_actor"], a["id"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("IN", "PK"),
        ("IL", "HZB"),
        ("IL", "HAM"),
        ("IL", "PIJ"),
        ("IL", "IR"),
        ("PK", "TTP"),
        ("PK", "AF"),
        ("CD", "M23"),
        ("ET", "TPLF"),
        ("SD", "RSF"),
        ("RU", "UA"),
        ("UA", "DPR"),
        ("UA", "LPR"),
        ("TR", "PKK"),
        ("YE", "HOU"),
        ("SA", "HOU"),
        ("MM", "ARA"),
        ("TH", "KH"),
        ("KG", "TJ"),
        ("AZ", "AM"),
        ("CO", "ELN"),
        ("MA", "EH"),
        ("LK", "LTTE"),
        ("SO", "SHB"),
        ("NG", "BKH"),
        ("ML", "JNIM"),
    ],
)
def test_known_dyads(ix: ActorIndex, a: str, b: str) -> None:
    assert b in ix.opponents(a) and a in ix.opponents(b)


def test_primary_opponents_kept() -> None:
    dyads = _data("lexicons", "roles.json")["dyads"]
    assert [dyads[x][0] for x in ("IN", "PK", "IL", "ET", "AZ")] == ["PK", "IN", "LB", "ER", "AM"]


def test_peoples_a_figure_may_count_include_names_that_do_not_change_in_the_plural() -> None:
    people = actor_index().people_plurals()
    # "<demonym>s" for most peoples; the demonym itself where the plural does not change
    assert {"ethiopians", "eritreans", "sudanese", "lebanese"} <= people
    assert "sudaneses" not in people


@pytest.mark.parametrize(
    ("surface", "state"),
    [("Viv Ansanm", "HT"), ("White Army", "SS"), ("Lakurawa", "NG"), ("Twirwaneho", "CD"), ("BRN", "TH")],
)
def test_armed_groups_fight_their_home_state_both_ways(ix: ActorIndex, surface: str, state: str) -> None:
    # every armed group of the registry knows where it fights, and that state knows the group
    group = ix.lookup(surface)
    assert group is not None and ix.home_state(group.side) == state
    assert state in ix.opponents(group.side) and group.side in ix.opponents(state)


def test_every_armed_group_with_a_home_state_fights_it_or_serves_it(ix: ActorIndex) -> None:
    sides = {a.side for a in ix.actors() if ix.is_non_state(a.side) and ix.home_state(a.side)}
    assert len(sides) > 120
    lonely = sorted(s for s in sides if not ix.opponents(s))
    assert lonely == [], lonely


@pytest.mark.parametrize(
    ("surface", "actor_id"),
    [
        ("FACA", "CF-ARMY"),
        ("Chadian National Army", "TD-ARMY"),
        ("Togolese Armed Forces", "TG-ARMY"),
        ("Kenya Police Service", "KE-POLICE"),
        ("Philippine National Police", "PH-POLICE"),
    ],
)
def test_state_forces_go_by_their_own_names(ix: ActorIndex, surface: str, actor_id: str) -> None:
    # news names a state's army and police by their own names and acronyms, not "Armed Forces of X"
    found = ix.lookup(surface)
    assert found is not None and found.id == actor_id


def test_no_state_force_alias_is_another_bodys() -> None:
    ix = actor_index()
    assert ix.lookup("SNA") is None  # the Somali and the Syrian National Army alike
    assert ix.lookup("AFP") is None or ix.lookup("AFP").kind != "armed_forces"  # a wire agency
