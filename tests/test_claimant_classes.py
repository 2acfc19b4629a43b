"""Who claims a figure, on conflicts the rules were not tuned on: each test is an invented report
of one error class (see the commit that added it), and fails without its rule."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ceasefire.extract.actors import defined_acronyms
from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, PubDate
from ceasefire.reference import resolve

PUB = PubDate(dt.date(2025, 2, 3), "day", "manifest")


def _claims(text: str, outlet: str = "reuters") -> set[tuple[str, str, int | None, str, str]]:
    doc = Document(id="c", source="c", text=text, published=PUB, language="en", outlet=outlet)
    ex = next(extract_documents([doc]))
    return {(c.kind, c.side_affected, c.value_low, c.claimant, c.claimant_side) for c in ex.claims}


# -- short names a report defines ----------------------------------------------------------------


def test_an_acronym_defined_after_a_known_name_names_that_actor_in_the_report() -> None:
    actors = resolve(None).actors
    text = "Fighters of the Kachin Independence Army (KIA) surrounded the town of Mansi."
    assert defined_acronyms(text, actors) == {"KIA": "KIA"}
    # letters that do not spell the name's initials define nothing
    assert defined_acronyms("the Kachin Independence Army (XYZ)", actors) == {}
    # bare letters that are exactly the initials of the one name the report writes out
    text = "Arakan Army fighters took a hill. The AA said it lost no one, the AFP reported."
    assert defined_acronyms(text, actors) == {"AA": "ARA"}


def test_a_speaker_and_victims_named_by_a_defined_acronym() -> None:
    text = (
        "Fighters of the Kachin Independence Army (KIA) surrounded the town of Mansi on Sunday.\n\n"
        "A KIA spokesman said 14 Myanmar soldiers were captured in the fighting near Mansi.\n\n"
        "Military television said nine KIA fighters were killed in the clashes near Mansi on Sunday."
    )
    got = _claims(text)
    assert ("captured", "MM", 14, "KIA", "KIA") in got
    assert any(k == "killed" and side == "KIA" and low == 9 for k, side, low, _c, _s in got)


# -- people: named in apposition, by surname, by "its spokesman", named in the next sentence ------


def test_a_spokesman_named_in_apposition_is_the_person_his_surname_and_he_refer_to() -> None:
    text = (
        "The Rapid Support Forces took a hill near Umm Sayala on Monday.\n\n"
        '"Our fighters hold the hill," the official spokesman of the Rapid Support Forces, Major '
        "Idris Hamdoun, said in a statement.\n\n"
        "Hamdoun said the attack killed 35 soldiers of the army.\n\n"
        "Seven civilians were wounded by army shelling, he said."
    )
    got = _claims(text, outlet="Sudan Tribune")
    assert any(k == "killed" and low == 35 and c == "RSF" for k, _s, low, c, _cs in got)
    assert any(k == "wounded" and low == 7 and c == "RSF" for k, _s, low, c, _cs in got)


def test_its_spokesman_speaks_for_the_body_that_spoke_before() -> None:
    text = (
        "Fighting resumed near the village of Rubare, residents said.\n\n"
        "The M23 said government troops had attacked first.\n\n"
        "Its spokesman, Thierry Mugisha, told reporters that three of the movement's fighters "
        "were wounded."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "wounded" and low == 3 and c == "M23" for k, _s, low, c, _cs in got)


def test_a_spokesman_named_in_the_next_sentence_keeps_the_group_he_speaks_for() -> None:
    text = (
        "An al-Shabaab spokesman said fighters had overrun an army base near Warsheikh.\n\n"
        "Hassan Abdi Guled, speaking by telephone, said the fighters held the base until noon.\n\n"
        '"We killed 19 soldiers," he said.'
    )
    got = _claims(text, outlet="Somali Memo")
    assert any(k == "killed" and low == 19 and c == "SHB" for k, _s, low, c, _cs in got)


def test_a_person_we_cannot_place_is_who_the_next_he_means() -> None:
    text = (
        "Somali government spokesperson Amina Yusuf said 12 soldiers were wounded in the attack.\n\n"
        "In Nairobi, Colonel Peter Otieno Wekesa described the strike at a briefing.\n\n"
        "Nine militants were killed, he said."
    )
    got = _claims(text, outlet="Reuters")
    assert not any(k == "killed" and low == 9 and c.startswith("SO") for k, _s, low, c, _cs in got)


# -- local speakers and named bodies --------------------------------------------------------------


def test_an_unplaced_local_source_in_a_civil_war_report_is_of_that_state() -> None:
    text = (
        "Fighters of the Rapid Support Forces shelled the town of Tawila on Sunday, residents said.\n\n"
        "A doctor at Al-Amal Hospital, the only hospital still open in the town, said the ward had "
        "taken in 17 dead on Sunday."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "killed" and low == 17 and cs == "SD" for k, _s, low, _c, cs in got)


def test_counted_speakers_after_the_victims_are_the_claimant_not_victims() -> None:
    # the parser hangs "two residents and a nurse" on the victims as conjuncts, leaving "said"
    # without a subject: the speakers are neither a second figure nor the outlet
    text = (
        "Gunmen attacked the town of Gondar in Ethiopia on Tuesday, killing at least seven "
        "civilians, two residents and a nurse said."
    )
    got = _claims(text, outlet="Reuters")
    assert [(k, low, cs) for k, _s, low, _c, cs in got] == [("killed", 7, "ET")]


def test_the_jihadist_group_is_the_one_armed_group_the_report_names() -> None:
    text = (
        "Fighters of JNIM attacked the army camp at Tillia in Niger on Sunday.\n\n"
        "The jihadist group said it had killed 31 soldiers."
    )
    got = _claims(text, outlet="Reuters")
    assert ("killed", "NE", 31, "JNIM", "JNIM") in got
    # a rights group is no armed group, whatever the report names
    text = (
        "Fighters of JNIM attacked the army camp at Tillia in Niger on Sunday.\n\n"
        "The rights group said 31 soldiers were killed."
    )
    assert not any(c == "JNIM" for _k, _s, _l, c, _cs in _claims(text, outlet="Reuters"))


def test_an_unnamed_person_is_who_he_then_means() -> None:
    text = (
        "Army jets bombed the Rapid Support Forces-held town of Tawila on Sunday, a volunteer with "
        "the town's emergency room said.\n\n"
        '"Four men from my street are still missing," he said.'
    )
    got = _claims(text, outlet="AFP")
    assert any(k == "missing" and low == 4 and cs == "SD" for k, _s, low, _c, cs in got)


def test_a_body_whose_name_the_parser_splits_is_still_found() -> None:
    text = (
        "Shelling hit the camp of Kanyaruchinya near Goma on Friday, officials said.\n\n"
        "Doctors Without Borders, whose staff run a clinic in the camp, said 31 wounded people "
        "had been brought in."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "wounded" and low == 31 and c == "MSF" for k, _s, low, c, _cs in got)


# -- whose people an armed group's words count --------------------------------------------------


def test_soldiers_an_armed_group_counts_are_the_state_forces_it_fights() -> None:
    text = (
        "Fighting went on near the town of Rubare on Saturday.\n\n"
        "The M23 said on Sunday that the battle had killed 16 soldiers of the army and that nine "
        "more were taken prisoner."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "killed" and side == "CD" and low == 16 and c == "M23" for k, side, low, c, _cs in got)


def test_unnamed_militants_belong_to_the_group_of_the_reports_main_pair() -> None:
    text = (
        "Al-Shabaab fighters attacked an army base near Afgoye on Sunday, the Somali army said.\n\n"
        "Al-Shabaab has stepped up attacks in Lower Shabelle, the army said.\n\n"
        "Officials said 23 militants were killed in the fighting.\n\n"
        "Related: a court in Bosaso jails two ISIS members"
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "killed" and side == "SHB" and low == 23 for k, side, low, _c, _cs in got)


def test_a_regional_command_named_in_full_speaks_for_its_states_military() -> None:
    text = (
        "In a statement, the United States Africa Command said an air strike near Kismayo had "
        "killed four militants.\n\nNo civilians were hurt, the command said."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "killed" and low == 4 and c == "US-MOD" for k, _s, low, c, _cs in got)


def test_a_body_the_registry_does_not_know_is_a_local_one_in_a_civil_war_report() -> None:
    text = (
        "Fighters of the Rapid Support Forces raided villages near Tawila on Saturday.\n\n"
        "The Tawila Bar Network, a group of lawyers that tracks abuses, said the gunmen killed 11 "
        "villagers.\n\n"
        "The toll rose to 16 on Sunday, the same group said."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "killed" and low == 16 and cs == "SD" for k, _s, low, _c, cs in got)


def test_people_an_attack_on_an_armed_groups_area_killed_are_its_states_people() -> None:
    text = (
        "Fighting between the Myanmar army and the Arakan Army went on near Minbya.\n\n"
        "Junta jets bombed a monastery in Minbya township, killing nine people, a local volunteer "
        "said."
    )
    got = _claims(text, outlet="AFP")
    assert any(k == "killed" and side == "MM" and low == 9 for k, side, low, _c, _cs in got)


@pytest.mark.parametrize(
    "sentence",
    [
        "Shelling along the Armenian-Azerbaijani border killed six people overnight, officials on "
        "both sides said.",
        "Shelling along the Armenian-Azerbaijani border killed six people overnight, according to "
        "officials from both countries.",
    ],
)
def test_officials_of_both_sides_name_no_one_claimant(sentence: str) -> None:
    got = _claims("Armenia and Azerbaijan traded blame on Friday.\n\n" + sentence, outlet="AFP")
    assert any(k == "killed" and low == 6 and c.startswith("outlet") for k, _s, low, c, _cs in got)


def test_one_speakers_figure_told_twice_is_one_claim() -> None:
    text = (
        "Rapid Support Forces shelling of a bus station in El Obeid killed at least 13 civilians "
        "on Monday, a hospital official said.\n\n"
        '"We received thirteen dead from the station," the official said.'
    )
    doc = Document(id="c", source="c", text=text, published=PUB, language="en", outlet="AFP")
    claims = next(extract_documents([doc])).claims
    assert [c.claimant_side for c in claims if c.kind == "killed" and c.value_low == 13] == ["SD"]


def test_the_people_where_a_de_facto_authority_rules_are_not_the_states_it_broke_from() -> None:
    text = (
        "Shelling hit a market in the city held by the Donetsk People's Republic on Monday, the "
        "Donetsk People's Republic said, blaming Ukrainian forces.\n\n"
        "A doctor at the city's main hospital said eight people had been killed."
    )
    got = _claims(text, outlet="Reuters")
    assert not any(k == "killed" and low == 8 and cs == "UA" for k, _s, low, _c, cs in got)


def test_a_new_name_sharing_a_surname_is_another_person() -> None:
    text = (
        "Pakistani Foreign Minister Tariq Naseem said India had violated the ceasefire.\n\n"
        "Police official Sajid Naseem says two people died when a shell hit their house."
    )
    got = _claims(text, outlet="Reuters")
    assert any(k == "killed" and low == 2 and c == "PK-MIA" for k, _s, low, c, _cs in got)


# -- media of a country: "outlets in X", "the X daily" --------------------------------------------


@pytest.mark.parametrize(
    ("text", "low"),
    [
        # "media outlets in X": X's media, not the party the report is mostly about
        (
            "Peruvian drones struck a market in Zumba on Monday, the Peruvian army said.\n\n"
            "Media outlets in Ecuador said on Tuesday that more than 150 people had died.",
            150,
        ),
        # "the X daily": media
        (
            "Peruvian troops ambushed a patrol near Zumba on Monday.\n\n"
            "Four soldiers were killed, the Ecuadorian daily El Vocero reported.",
            4,
        ),
    ],
)
def test_a_countrys_media_named_by_place_or_demonym_claim_for_it(text: str, low: int) -> None:
    got = _claims(text)
    assert any(k == "killed" and n == low and c == "EC-MEDIA" for k, _s, n, c, _side in got), got


def test_a_name_one_sides_outlets_give_the_others_soldiers_says_whose_dead_they_are() -> None:
    text = (
        "Rockets were fired at an army post near the border on Tuesday.\n\n"
        "The group said three Zionist soldiers were killed in the attack."
    )
    got = _claims(text, outlet="Press TV")
    assert any(k == "killed" and side == "IL" and low == 3 for k, side, low, _c, _s in got), got


# -- the outlet's voice beside a source's: one claim when a headline restates it, else two -------


def _three_killed_claimed_by(text: str) -> set[tuple[str, str]]:
    """(claimant, claimant side) of each claim of three killed in ``text``."""
    return {(c, s) for k, _side, low, c, s in _claims(text) if k == "killed" and low == 3}


def test_a_headline_restating_a_source_is_its_claim_a_body_sentence_is_the_outlets_own() -> None:
    headline = (
        "Three Ecuadorian soldiers killed in border clash\n\n"
        "Ecuador's army said on Monday that three of its soldiers were killed by Peruvian fire near Zumba."
    )
    assert _three_killed_claimed_by(headline) == {("EC-ARMY", "EC")}
    body = (
        "Border clash near Zumba\n\n"
        "Three Ecuadorian soldiers have been killed near Zumba after Peruvian troops opened fire.\n\n"
        "Ecuador's army said on Monday that three of its soldiers were killed by Peruvian fire."
    )
    assert {c for c, _s in _three_killed_claimed_by(body)} == {"outlet:reuters", "EC-ARMY"}
    # the outlet naming victims already told ("the three soldiers") restates the army's claim
    told = (
        "Border clash near Zumba\n\n"
        "Ecuador's army said on Monday that three of its soldiers were killed by Peruvian fire.\n\n"
        "The foreign ministry summoned an envoy over the deaths of the three soldiers."
    )
    assert {c for c, _s in _three_killed_claimed_by(told)} == {"EC-ARMY"}


def test_soldiers_from_an_army_are_its_people_fire_from_an_army_is_its_fire() -> None:
    said = ", the Peruvian army said on Monday."
    killed = _claims("Two soldiers from the Ecuadorian army were killed near Zumba" + said)
    assert {(k, side) for k, side, low, _c, _s in killed if low == 2} == {("killed", "EC")}
    killer = _claims("Soldiers from the Ecuadorian army killed two villagers near Zumba" + said)
    assert {(k, side) for k, side, low, _c, _s in killer if low == 2} == {("killed", "PE")}
    shells = _claims("Two villagers were killed by shells from the Ecuadorian army near Zumba" + said)
    assert {(k, side) for k, side, low, _c, _s in shells if low == 2} == {("killed", "PE")}


# -- an outlet of the registry named as the source -------------------------------------------------


def test_an_aligned_outlet_named_as_the_source_claims_on_its_partys_side(tmp_path: Path) -> None:
    from ceasefire.reference import load_reference

    outlets = tmp_path / "outlets.json"
    entry = {"id": "zz-sierra-daily", "name": "Sierra Daily Mail", "country": "EC", "alignment": "EC"}
    outlets.write_text(json.dumps({"outlets": [entry]}), encoding="utf-8")
    text = (
        "Peruvian troops fired on a border post near Zumba on Monday.\n\n"
        "The Sierra Daily Mail reported that two soldiers were wounded in the attack."
    )
    doc = Document(id="c", source="c", text=text, published=PUB, language="en", outlet="reuters")
    ex = next(extract_documents([doc], reference=load_reference((), (str(outlets),))))
    got = {(c.kind, c.value_low, c.claimant, c.claimant_side) for c in ex.claims}
    assert ("wounded", 2, "outlet:zz-sierra-daily", "EC") in got, got
    # without the registry entry the words are the publishing outlet's own
    ex = next(extract_documents([doc]))
    assert {(c.claimant, c.claimant_side) for c in ex.claims if c.kind == "wounded"} != {
        ("outlet:zz-sierra-daily", "EC")
    }


# -- passive reporting and third countries' agencies ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Ethiopian defence ministry was quoted as saying that five soldiers were killed.",
        "Five soldiers were killed, the Ethiopian defence ministry was quoted as saying.",
        "The Ethiopian defence ministry was reported to have said five soldiers were killed.",
    ],
)
def test_who_was_quoted_as_saying_is_the_claimant(text: str) -> None:
    ((kind, side, n, claimant, claimant_side),) = _claims(text)
    assert (kind, side, n, claimant_side) == ("killed", "ET", 5, "ET") and claimant != "outlet:reuters"


def test_a_third_countrys_agency_gives_local_sources_no_side_of_its_own() -> None:
    # a Russian agency on an Ethiopia-Eritrea clash: "police officials in the area" are not Russian
    text = (
        "Eritrean troops shelled border villages on Sunday, Ethiopian officials said.\n\n"
        "Police officials in the area were quoted as saying that nine people were killed."
    )
    claimants = {claimant for _k, _s, n, claimant, _cs in _claims(text, outlet="tass") if n == 9}
    assert claimants == {"outlet:tass"}  # the agency's own voice, not a Russian institution


def test_unnamed_rebels_of_a_state_are_the_reports_armed_group_there() -> None:
    # the report names one armed group of the state: "Ethiopian rebels" are that group, not the
    # Ethiopian government
    text = (
        "The Oromo Liberation Army (OLA) has fought government forces in the region for years.\n\n"
        "Ethiopian rebels said on Monday they had killed 40 soldiers near Nekemte."
    )
    ((_kind, side, _n, claimant, _cs),) = [c for c in _claims(text) if c[2] == 40]
    assert (side, claimant) == ("ET", "OLA")


def test_unnamed_rebels_are_the_group_whose_name_they_share() -> None:
    # two armed groups of one state: "Oromo rebels in western Ethiopia" are the one named Oromo;
    # "Ethiopian rebels" could be either, and are nobody's we can place (the outlet's voice)
    groups = (
        "Fighters of the Oromo Liberation Army (OLA) and the Tigray People's Liberation Front (TPLF) "
        "clashed with government forces.\n\n"
    )
    oromo = _claims(groups + "Oromo rebels in western Ethiopia said they had killed 40 soldiers.")
    assert {c[3] for c in oromo if c[2] == 40} == {"OLA"}
    either = _claims(groups + "Ethiopian rebels said they had killed 40 soldiers.")
    assert {c[3] for c in either if c[2] == 40} == {"outlet:reuters"}


def test_opposition_officials_are_not_the_state() -> None:
    # nor the local officials of the town the sentence names: in a report of the state's war with
    # one armed group, they are that group; with two, nobody we can place; with none, the
    # country's political opposition (of the country, not its government)
    bombing = "Ethiopian government aircraft bombed a market in the Amhara region on Sunday.\n\n"
    toll = "At least 20 civilians were killed in Bahir Dar, according to opposition officials."
    one = "Fano militiamen had taken the town's outskirts.\n\n"
    two = "Fano militiamen and Oromo Liberation Army fighters had taken the town's outskirts.\n\n"
    assert {c[3] for c in _claims(bombing + one + toll) if c[2] == 20} == {"FANO"}
    assert {c[3] for c in _claims(bombing + two + toll) if c[2] == 20} == {"outlet:reuters"}
    assert {(c[3], c[4]) for c in _claims(bombing + toll) if c[2] == 20} == {("ET-CIVILIANS", "ET")}


def test_a_vague_figure_and_the_same_speakers_count_within_it_are_one_claim() -> None:
    # "wounded dozens" in the lead and "we are treating 26 wounded" quoted: one claim, the count
    text = (
        "A drone strike on a market in Gondar killed at least 11 civilians and wounded dozens on "
        'Sunday, a doctor at the city hospital said.\n\n"Eleven people died, and we are treating 26 '
        'wounded," the doctor said.'
    )
    assert [low for kind, _s, low, _c, _cs in _claims(text) if kind == "wounded"] == [26]


def test_a_movement_that_fights_in_no_one_state_is_its_branch_where_the_report_is() -> None:
    text = (
        "A suicide bomber struck a checkpoint in Jalalabad, Afghanistan, on Sunday.\n\n"
        "Islamic State said in a statement that its fighter killed 12 guards at the checkpoint."
    )
    got = _claims(text, outlet="Reuters")
    assert ("killed", "AF", 12, "ISKP", "ISKP") in got


def test_a_group_at_war_with_several_states_fights_the_one_its_report_is_in() -> None:
    # the reference data's first foe of the group is another state: the report's town decides
    text = (
        "JNIM fighters attacked an army post near Kandi on Monday, killing eight soldiers, a "
        "security source said."
    )
    got = _claims(text, outlet="Reuters")
    assert [(k, s, low, cs) for k, s, low, _c, cs in got] == [("killed", "BJ", 8, "BJ")]
