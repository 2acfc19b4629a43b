"""Places a GIS user can trust: one invented sentence per class of error seen on real news.

Every sentence here is written for the test (invented people, units and events); the place
names are real GeoNames places so that the packaged gazetteer is exercised.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from spacy.language import Language

from ceasefire.extract.gazetteer import Gazetteer
from ceasefire.extract.places import PlaceHit, find_places
from ceasefire.reference import load_reference


def gazetteer() -> Gazetteer:
    """The bundled gazetteer (the reference data without user files)."""
    return load_reference().gazetteer


@lru_cache(maxsize=1)
def _nlp() -> Language:
    from ceasefire.pipeline import build_nlp

    return build_nlp()


def _places(text: str, context: tuple[str, ...] = ()) -> list[PlaceHit]:
    nlp = _nlp()
    return find_places(nlp(text), nlp, list(context), gazetteer())


def _names(text: str, context: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(h.place.name, h.place.country) for h in _places(text, context)]


# -- a word inside a longer name, a common noun, a person, a home town: not a town ------------


def test_word_inside_a_multiword_name_is_not_a_town() -> None:
    text = "An Iron Dome interceptor fell on a house in Metula on Tuesday, the army said."
    names = _names(text, ("IL", "LB"))
    assert ("Metula", "IL") in names
    assert all(n != "Dome" for n, _ in names), names


def test_capitalised_common_noun_is_not_a_town() -> None:
    text = "Police spokesman Karim Daud told reporters that two shells hit Bhimber overnight."
    names = _names(text, ("PK", "IN"))
    assert all(c != "PL" for _, c in names), names  # Police, a town in Poland
    assert ("Bhimber", "PK") in names


def test_surname_that_is_a_town_is_not_a_place() -> None:
    text = "The group's media officer Yusuf Afif denied that its fighters fired the rocket."
    assert _names(text, ("LB", "IL")) == []


def test_home_town_of_a_casualty_is_not_where_it_happened() -> None:
    text = "Sergeant Dov Peretz, 22, from Shoham, was killed in the fighting near Metula."
    names = [n for n, _ in _names(text, ("IL", "LB"))]
    assert "Shoham" not in names
    assert "Metula" in names


def test_name_part_after_a_hyphenated_particle_is_not_a_place() -> None:
    # "Shaab" alone is an alternate name of a village in Armenia
    text = "Two houses were destroyed in the village of Ain al-Shaab, residents said."
    assert all(c != "AM" for _, c in _names(text, ("LB", "IL"))), _names(text, ("LB", "IL"))


def test_organisation_named_after_a_republic_is_not_a_us_town() -> None:
    text = "The Nagorno Karabakh Republic said its positions were shelled."
    names = _names(text, ("AM", "AZ"))
    assert names and all(c == "AZ" for _, c in names), names


# -- resolution in the country the report is about --------------------------------------------


def test_village_resolves_in_the_report_country_not_the_big_homonym() -> None:
    # Blida is a city of 300,000 in Algeria; the report is about Lebanon and Israel
    text = "Lebanese officials said shelling hit Blida and nearby Kfar Kila on Sunday."
    names = _names(text, ("LB", "IL"))
    assert ("Kfar Kila", "LB") in names
    assert all(c != "DZ" for _, c in names), names


def test_mid_size_town_abroad_is_not_taken_on_name_alone() -> None:
    g = gazetteer()
    # a town of ~30,000 in Ghana/Texas is not where a clash between IL and LB happened
    assert g.resolve("Temple", context=("IL", "LB")) is None
    assert g.resolve("Mission", context=("KH", "TH")) is None
    # but world capitals of a million and countries still resolve
    moscow = g.resolve("Moscow", context=("KG", "TJ"))
    assert moscow is not None and moscow.country == "RU"


def test_countries_named_in_the_text_join_the_context() -> None:
    # no party context from the caller: "Tajikistan" named twice makes Isfara Tajik and
    # brings Tajikistan's villages into play
    text = (
        "Border guards of Tajikistan said the clash began near Isfara. Tajikistan and its "
        "neighbour agreed to a ceasefire in the evening."
    )
    names = _names(text)
    assert ("Isfara", "TJ") in names


def test_alternate_spelling_of_a_town_answers_in_its_country() -> None:
    text = "A drone struck a base near Binyamina, south of Haifa, the army said."
    names = [n for n, c in _names(text, ("IL", "LB")) if c == "IL"]
    assert any(n.startswith("Binyamina") for n in names), names


def test_neighbour_village_counts_only_near_the_document_places() -> None:
    g = gazetteer()
    kfar = g.resolve("Kfar Kila", context=("LB",))
    assert kfar is not None
    # a small Syrian town next to the Lebanese border, named by one word: out of the context,
    # kept when near (a town named by several words of its own is kept anyway: test_gazetteer)
    assert g.resolve("Buqata", context=("IL", "LB")) is None
    near = g.resolve("Buqata", context=("IL", "LB"), near=[kfar])
    assert near is not None and near.country == "SY"
    far = g.resolve("Bhimber", context=("IL", "LB"), near=[kfar])
    assert far is None


# -- countries used for their governments ------------------------------------------------------


def test_country_acting_for_its_government_is_not_a_location() -> None:
    text = "Kyrgyzstan's health ministry said three people died in Batken region."
    hits = _places(text, ("KG", "TJ"))
    assert [h.place.country for h in hits] == ["KG"]
    assert hits[0].place.precision != "country"


@pytest.mark.parametrize(
    "text",
    [
        "Tajikistan rejected the accusation on Friday.",
        "The attack was condemned by Tajikistan.",
    ],
)
def test_country_as_actor_dropped(text: str) -> None:
    assert _names(text, ("KG", "TJ")) == []


def test_country_as_location_kept() -> None:
    text = "Two soldiers were killed in Tajikistan, near the border."
    assert ("Tajikistan", "TJ") in _names(text, ("KG", "TJ"))


# -- admin1 is a name ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country"),
    [("Kfar Kila", "LB"), ("Bhimber", "PK"), ("Isfara", "TJ"), ("Haifa", "IL"), ("Lyon", "FR")],
)
def test_admin1_is_a_name_not_a_code(name: str, country: str) -> None:
    place = gazetteer().resolve(name, context=(country,))
    assert place is not None and place.country == country
    assert place.admin1 and not place.admin1.isdigit() and len(place.admin1) > 2, place


def test_a_capital_standing_for_its_government_is_not_where_it_happened() -> None:
    import datetime as dt

    from ceasefire.extract.run import extract_documents
    from ceasefire.records import Document, PubDate

    def places(text: str) -> set[str]:
        doc = Document(
            id="c",
            source="c",
            text=text,
            published=PubDate(dt.date(2025, 7, 1), "day", "m"),
            language="en",
            outlet="",
        )
        return {p.name for m in next(extract_documents([doc])).mentions for p in m.places}

    assert not places("Pakistan rubbished New Delhi's claim that Indian troops killed 38 militants.")
    assert "Bishkek" in places("A drone struck a market in Bishkek on Monday, killing nine people.")


# -- a compass word before a country: the part of it, not its capital ------------------------------


@pytest.mark.parametrize(
    ("text", "context", "iso2", "bearing"),
    [
        ("Two shepherds were wounded by shelling in northern Syria on Sunday.", ("SY", "TR"), "SY", "north"),
        (
            "Drones struck a depot in eastern Ukraine overnight, the governor said.",
            ("UA", "RU"),
            "UA",
            "east",
        ),
        ("A convoy was ambushed in North Yemen, officials said.", ("YE", "SA"), "YE", "north"),
    ],
)
def test_a_compass_word_before_a_country_places_the_event_in_that_part(
    text: str, context: tuple[str, ...], iso2: str, bearing: str
) -> None:
    hits = [h for h in _places(text, context) if h.place.country == iso2]
    assert len(hits) == 1, hits
    place, capital = hits[0].place, gazetteer().country(iso2)
    assert place.precision == "region" and place.name.split()[-1] == capital.name
    assert text[hits[0].start : hits[0].end].lower().startswith(bearing)
    moved = {
        "south": capital.latitude - place.latitude,
        "north": place.latitude - capital.latitude,
        "east": place.longitude - capital.longitude,
    }[bearing]
    assert moved > 0.3, (place, capital)


def test_a_country_without_a_compass_word_stays_the_country() -> None:
    hits = _places("Shelling in Syria killed two shepherds on Sunday.", ("SY", "JO"))
    assert [(h.place.name, h.place.precision) for h in hits] == [("Syria", "country")]


# -- a province, state or region of any country is a place (ACLED geo-precision 3) -----------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Insurgents attacked a post in Cabo Delgado province of Mozambique on Monday.", "Cabo Delgado"),
        ("Insurgents raided a village in the Niassa region of Mozambique on Monday.", "Niassa"),
        # GeoNames' "Western X" answers to the "West X" that English reports write
        ("Rebels ambushed a convoy in West Equatoria state of South Sudan on Monday.", "Western Equatoria"),
    ],
)
def test_a_province_of_any_country_is_placed_on_its_capital(text: str, expected: str) -> None:
    hits = [h for h in _places(text, ("MZ", "SS")) if h.place.precision == "region"]
    assert [h.place.name for h in hits] == [expected]
    seat = {"Cabo Delgado": "Pemba", "Niassa": "Lichinga"}.get(expected)
    if seat:
        town = gazetteer().resolve(seat, context=("MZ",))
        assert town is not None and (hits[0].place.latitude, hits[0].place.longitude) == (
            town.latitude,
            town.longitude,
        )


def test_a_province_name_that_both_sides_of_a_border_share_names_no_one_province() -> None:
    # India's and Pakistan's Punjab: "in Punjab" does not say which country's province
    for ctx in (("IN",), ("PK",)):
        gaz = gazetteer()
        place = gaz.resolve("Punjab province", context=ctx)
        assert place is None or place.feature != "region"


def test_the_first_word_of_an_unknown_name_is_no_city_abroad() -> None:
    # "Lagos" opens the name of a camp the gazetteer does not know: not the Nigerian city, in a
    # report about Mozambique; a place of the report's own country keeps its name's first word
    names = _names("Insurgents attacked the Lagos Bay camp near Pemba on Saturday.", ("MZ",))
    assert ("Lagos", "NG") not in names and ("Pemba", "MZ") in names
    assert ("Pemba", "MZ") in _names("Insurgents shelled Pemba Airport on Saturday.", ("MZ",))


def test_a_report_naming_no_country_finds_villages_of_the_country_its_towns_lie_in() -> None:
    # no party, no country named: two towns of one country make it the context its villages
    # are looked up in
    text = (
        "Insurgents attacked farmers near Marrupa on Saturday. "
        "Officials in Montepuez and Lichinga said the wounded were flown out."
    )
    assert ("Marrupa", "MZ") in _names(text)


def test_the_ends_of_a_route_are_not_where_on_it_it_happened() -> None:
    hits = _places("Insurgents ambushed a convoy on the Pemba-Montepuez main road on Monday.", ("MZ",))
    assert {(h.place.name, h.elsewhere) for h in hits} == {("Pemba", True), ("Montepuez", True)}
    # a town named on its own is a place, even beside a hyphen-free route word
    hits = _places("Insurgents ambushed a convoy on the road near Montepuez on Monday.", ("MZ",))
    assert [(h.place.name, h.elsewhere) for h in hits] == [("Montepuez", False)]


def test_a_medical_centre_the_wounded_were_taken_to_is_not_where_it_happened() -> None:
    text = "The attack near Montepuez wounded five soldiers, who were evacuated to a medical centre in Pemba."
    assert {(h.place.name, h.elsewhere) for h in _places(text, ("MZ",))} == {
        ("Montepuez", False),
        ("Pemba", True),
    }
