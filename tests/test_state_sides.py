"""Whose people a state-vs-armed-group report counts, and who speaks, when the report names its
states in several words, a movement by its bare name, or a neighbour as a landmark: invented
reports of a fictional war (a conflict profile), one error class per test, each failing without
its rule."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire import reference
from ceasefire.extract.components import parties
from ceasefire.extract.run import extract_documents
from ceasefire.records import Claim, Document, PubDate

PROFILE = {
    "name": "Ruritania's war with a movement's branch (fictional)",
    "parties": [
        {"code": "XR", "name": "Ruritania", "demonyms": ["Ruritanian", "Ruritanians"],
         "latitude": 50.08, "longitude": 14.42},
        {"code": "XU", "name": "Upper Ruritania", "demonyms": ["Upper Ruritanian", "Upper Ruritanians"],
         "latitude": 52.5, "longitude": 13.4},
        {"code": "XG", "name": "Graustark", "demonyms": ["Graustarkian"], "latitude": 47.5,
         "longitude": 19.04},
        {"code": "XCMN", "opponents": ["XR", "XG"]},  # Graustark first: its foe elsewhere
        {"code": "XSB", "opponents": ["XR", "XG"]},  # a Ruritanian group: Graustark its foe abroad
        {"code": "XCM", "opponents": ["XG"]},  # the movement's war elsewhere
    ],
    "actors": [
        {"id": "XCM", "name": "Crimson Movement", "side": "XCM", "kind": "rebel", "inter": 2,
         "aliases": ["Crimson Movement"]},
        {"id": "XCMN", "name": "Crimson Movement Northern Province", "side": "XCMN", "kind": "rebel",
         "country": "XG", "inter": 2, "aliases": ["Crimson Movement Northern Province"]},
        {"id": "XSB", "name": "Saffron Band", "side": "XSB", "kind": "rebel", "country": "XR",
         "inter": 2, "aliases": ["Saffron Band"]},
    ],
    "places": [
        {"name": "Zendavar", "country": "XR", "admin1": "Zenda March", "latitude": 49.61,
         "longitude": 15.93, "feature": "village", "source": "test profile"},
        {"name": "Vollenbruck", "country": "XG", "admin1": "Upper Vollen", "latitude": 47.9,
         "longitude": 18.1, "feature": "village", "source": "test profile"},
    ],
}  # fmt: skip


@pytest.fixture()
def profile(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ruritania.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    reference.use([str(path)])
    yield path
    reference.use()


def _claims(text: str) -> list[Claim]:
    doc = Document(
        id="s", source="s", text=text, published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
        language="en", outlet="",
    )  # fmt: skip
    return list(next(extract_documents([doc])).claims)


def _sides(text: str) -> set[tuple[str, int | None, str]]:
    return {(c.kind, c.value_low, c.side_affected) for c in _claims(text)}


def test_a_people_named_in_two_words_is_not_the_people_of_its_last_word(profile: Path) -> None:
    text = (
        "Two Upper Ruritanian soldiers were killed on Sunday when gunmen ambushed a patrol near "
        "Zendavar, the army said."
    )
    assert _sides(text) == {("killed", 2, "XU")}


def test_a_movement_named_bare_is_the_branch_the_report_names(profile: Path) -> None:
    text = (
        "Fighters of the Crimson Movement Northern Province attacked an army post near Zendavar "
        "in Ruritania on Friday.\n\n"
        "The Crimson Movement said its fighters killed 12 soldiers and captured three."
    )
    got = {(c.claimant_side, c.kind, c.value_low) for c in _claims(text)}
    assert got >= {("XCMN", "killed", 12), ("XCMN", "captured", 3)}


def test_a_group_at_war_with_several_states_fights_the_one_its_towns_lie_in(profile: Path) -> None:
    text = (
        "Fighters of the Crimson Movement Northern Province attacked an army post near Zendavar "
        "in Ruritania, near the border with Graustark, on Friday.\n\n"
        "The group said its fighters killed 12 soldiers."
    )
    assert ("killed", 12, "XR") in _sides(text)


def test_a_neighbour_named_as_a_landmark_is_not_where_local_sources_speak(profile: Path) -> None:
    text = (
        "Eight soldiers were killed on Thursday near the border with Upper Ruritania and "
        "Graustark, in an attack on a military post at Zendavar in Ruritania, a military source said."
    )
    got = _claims(text)
    assert [(c.claimant_side, c.side_affected) for c in got if c.value_low == 8] == [("XR", "XR")]


def test_the_same_source_is_the_source_that_spoke_before(profile: Path) -> None:
    text = (
        "Eight Ruritanian soldiers were killed on Thursday near Zendavar, a military source said.\n\n"
        "Several assailants were also killed, according to the same source."
    )
    got = _claims(text)
    assert len({c.claimant for c in got}) == 1 and {c.claimant_side for c in got} == {"XR"}


def test_the_foe_a_group_names_by_a_label_is_the_state_it_fights_at_home(profile: Path) -> None:
    text = "The Saffron Band said on Monday that its fighters had killed 14 mercenaries in an ambush."
    assert ("killed", 14, "XR") in _sides(text)


def test_a_group_fights_the_state_its_towns_lie_in_though_the_report_never_names_it(profile: Path) -> None:
    # a local paper need not name its own country: the towns say it, and the neighbour the
    # group crosses from is not its foe in this report
    actors = reference.current().actors
    got = parties(actors, Counter({"XCMN": 2, "XG": 1}), "XR")
    assert got["XCMN"] == "XR" and got["XR"] == "XCMN"


def test_a_movement_of_no_one_state_fights_the_state_it_is_reported_in_and_police_are_its(
    profile: Path,
) -> None:
    text = (
        "VELGRAD, Ruritania (Wire) - Gunmen killed three policemen at a checkpoint near Zendavar on "
        "Monday, security sources said. The Crimson Movement later claimed the attack."
    )
    assert ("killed", 3, "XR") in _sides(text)


def test_n_of_them_are_the_fighters_named_before_not_the_speakers(profile: Path) -> None:
    text = (
        "Saffron Band fighters attacked a police post near Zendavar in Ruritania on Monday.\n\n"
        "Ruritanian troops later caught up with the assailants and killed four of them, a "
        "military source said."
    )
    assert ("killed", 4, "XSB") in _sides(text)


def test_n_of_them_after_people_who_are_no_fighters_is_not_read_as_fighters(profile: Path) -> None:
    text = (
        "Saffron Band fighters attacked farmers near Zendavar in Ruritania on Saturday, killing "
        "seven of them, the army said."
    )
    assert ("killed", 7, "XSB") not in _sides(text)


def test_the_party_that_lost_men_is_the_unnamed_fighters_it_names(profile: Path) -> None:
    text = (
        "Six Ruritanian soldiers were killed in a Saffron Band ambush near Zendavar on Tuesday, a "
        'military source said.\n\n"The rebels lost about ten men," the same source said.'
    )
    assert ("killed", 10, "XSB") in _sides(text)


def test_people_a_group_lost_are_its_own_not_its_states(profile: Path) -> None:
    text = (
        "Three Ruritanian soldiers were killed in a Saffron Band attack near Zendavar on Monday, "
        "while the militants lost 15 people, the army said."
    )
    assert ("killed", 15, "XSB") in _sides(text)


def test_soldiers_and_the_militiamen_beside_them_are_the_states_not_a_groups(profile: Path) -> None:
    text = (
        "The fighters of the Saffron Band stormed the Ruritanian army's positions near Zendavar on "
        "Monday. They held the barracks for hours, killed 37 soldiers and militiamen and took two "
        "soldiers prisoner."
    )
    sides = _sides(text)
    assert ("killed", 37, "XR") in sides
    # militiamen alone are still an armed group's fighters
    alone = "Ruritanian troops killed 12 militiamen near Zendavar on Monday, the army said."
    assert ("killed", 12, "XSB") in _sides(alone)


def test_the_militias_elements_are_the_groups_fighters_not_the_speakers(profile: Path) -> None:
    text = (
        "The Saffron Band militia attacked army positions near Zendavar on Monday. A Ruritanian "
        "military source said the army fought the attackers until dawn, killing 22 of the "
        "militia's elements, while the rest fled."
    )
    assert ("killed", 22, "XSB") in _sides(text)


def test_a_communiques_elements_are_fighters(profile: Path) -> None:
    text = "Our forces neutralised 43 Saffron Band elements near Zendavar, the Ruritanian army said."
    assert ("killed", 43, "XSB") in _sides(text)


def test_unnamed_fighters_in_a_report_of_a_movement_and_its_branch_are_the_branchs(profile: Path) -> None:
    text = (
        "The Crimson Movement's Northern Province branch claimed an attack on an army post near "
        "Zendavar in Ruritania on Saturday.\n\n"
        "The Crimson Movement Northern Province said its fighters killed dozens of soldiers. The "
        "army said 11 militants were killed."
    )
    assert ("killed", 11, "XCMN") in _sides(text)


@pytest.mark.parametrize(
    "speaks", ["speaking for the Ruritanian army", "speaking on behalf of the Ruritanian army"]
)
def test_a_person_speaking_for_a_body_is_that_bodys_claimant(profile: Path, speaks: str) -> None:
    text = f'"Four soldiers were wounded near Zendavar and are being treated," said Col. Ivo Marek, {speaks}.'
    got = _claims(text)
    assert [(c.claimant_side, c.kind, c.value_low) for c in got] == [("XR", "wounded", 4)]


def _places(text: str) -> set[tuple[str, str]]:
    doc = Document(
        id="p", source="p", text=text, published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
        language="en", outlet="",
    )  # fmt: skip
    return {(p.name, p.country) for m in next(extract_documents([doc])).mentions for p in m.places}


# the reference data in force (no profile): villages load only for the states a report is about
def test_a_province_named_as_one_says_which_states_villages_to_read() -> None:
    # no state named: the province's state joins the context, and its small town is found
    text = (
        "Gunmen attacked a police post near Gogounou in Alibori department on Monday, killing four soldiers."
    )
    assert ("Gogounou", "BJ") in _places(text)


def test_an_armed_groups_home_state_is_read_when_nothing_else_places_the_report() -> None:
    # (when the report's towns are found without it, they stand: test_claimant_classes' Kandi)
    text = "Fano militiamen attacked an army camp near Dejen on Monday, killing nine soldiers."
    assert ("Dejen", "ET") in _places(text)


def test_two_states_whose_only_foes_are_their_own_armed_groups_are_each_others_foes() -> None:
    # reference data gives each state its wars with its own groups; a report of a border clash
    # between two such states, naming none of those groups, still pairs the two
    from ceasefire.extract.actors import ActorIndex

    actors: ActorIndex = reference.current().actors
    home = [s for s in ("EC", "MX", "HT") if actors.opponents(s)]
    assert home, "the reference data should give these states their armed groups"
    got = parties(actors, Counter({home[0]: 2, "PE": 1}))
    assert got[home[0]] == "PE" and got["PE"] == home[0]


def _claims_from(text: str, alignment: str) -> list[Claim]:
    doc = Document(
        id="o", source="o", text=text, published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
        language="en", outlet="Ministry of Defence (press release)", outlet_alignment=alignment,
    )  # fmt: skip
    return list(next(extract_documents([doc])).claims)


def test_a_partys_own_press_release_makes_it_a_party_though_it_never_names_itself(profile: Path) -> None:
    # the ministry's release names only its ally: its soldiers are its own, and the "terrorists"
    # are the armed group its state fights, not an unknown one
    text = (
        "The Ministry of Defence informs the public that the Defence Forces, in a joint action with "
        "Upper Ruritanian forces, repelled an attack by terrorists on their positions near Zendavar.\n\n"
        "In the fighting, 20 terrorists were neutralised. Four soldiers suffered minor injuries."
    )
    got = {(c.kind, c.value_low, c.side_affected) for c in _claims_from(text, "XR")}
    assert ("wounded", 4, "XR") in got
    dead = {side for kind, n, side in got if kind == "killed" and n == 20}
    assert dead and dead <= set(reference.current().actors.opponents("XR"))


def test_residents_speak_for_the_state_the_fighting_is_in_not_an_allys_contingent() -> None:
    # a movement of no one state, an ally's soldiers named, the country never named: the towns
    # place the report, and its residents are that country's
    text = (
        "Residents of Garissa say fighters of the Islamic State killed six people on Sunday night, "
        "after a clash in which a Ugandan soldier was wounded.\n\n"
        "Several families fled Garissa towards Mandera and Wajir, a local official said."
    )
    reference.use()
    doc = Document(
        id="r", source="r", text=text, published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
        language="en", outlet="",
    )  # fmt: skip
    got = {
        (c.claimant_side, c.kind, c.value_low, c.side_affected) for c in next(extract_documents([doc])).claims
    }
    assert ("KE", "killed", 6, "KE") in got


@pytest.mark.parametrize("joint", ["while", "whereas", "but"])
def test_a_second_speaker_in_one_sentence_owns_the_clause_it_reports(profile: Path, joint: str) -> None:
    text = (
        "Fighting raged near Zendavar on Wednesday. A Ruritanian military source said the army had "
        f"lost six soldiers, {joint} the Saffron Band said it had killed more than 40 soldiers."
    )
    got = {(c.claimant_side, c.kind, c.value_low, c.side_affected) for c in _claims(text)}
    assert got == {("XR", "killed", 6, "XR"), ("XSB", "killed", 40, "XR")}


def test_an_unplaced_security_source_of_a_wire_speaks_for_the_state_whose_war_it_tells(profile: Path) -> None:
    text = (
        "VELGRAD (Wire) - Saffron Band fighters attacked an army post near Zendavar in Ruritania on "
        "Monday, killing 12 soldiers, local sources told the Wire.\n\n"
        '"They came at dawn on motorbikes," a security source said on condition of anonymity. "We '
        'have at least 12 dead and many wounded. Some are still missing."'
    )
    got = {(c.claimant_side, c.kind) for c in _claims(text) if c.claimant != "outlet"}
    # the quote that goes on after its speaker's sentence is still that speaker's
    assert {("XR", "wounded"), ("XR", "missing")} <= got


def test_a_security_source_of_an_armed_groups_own_agency_is_the_groups(profile: Path) -> None:
    text = (
        "Fighters of the Saffron Band attacked an army post near Zendavar in Ruritania on Sunday and "
        "killed 7 soldiers, a security source told the agency."
    )
    got = {(c.claimant, c.claimant_side, c.value_low) for c in _claims_from(text, "XSB")}
    assert got == {("XSB", "XSB", 7)}


def test_the_victims_a_statement_tells_of_are_not_who_made_it(profile: Path) -> None:
    text = (
        "Soldiers raided hamlets near Zendavar in Ruritania on Monday. The Saffron Band, which has "
        "itself committed numerous abuses against villagers, said in a statement that more than 40 "
        "villagers had been killed by soldiers and militias."
    )
    got = {(c.claimant_side, c.value_low) for c in _claims(text) if c.value_low == 40}
    assert got == {("XSB", 40)}


def test_an_armed_groups_safe_return_is_the_zero_of_its_own_fighters(profile: Path) -> None:
    # the manifest aligns the group's agency with a code the reference data lacks: its fighters
    # are still the speaker's own
    text = (
        "Fighters of the movement attacked an army post near Zendavar in Ruritania on Sunday. "
        "The fighters seized weapons and ammunition, and returned safely to their positions."
    )
    got = {(c.kind, c.value_low, c.side_affected) for c in _claims_from(text, "XQB")}
    assert ("casualties", 0, "XQB") in got


def test_a_manifests_own_code_for_a_party_is_the_party_its_outlet_name_names(profile: Path) -> None:
    # the manifest aligns the group's statement with "SBND", a code the reference data lacks: the
    # outlet's name names the Saffron Band, whose foe the "mercenaries" it killed are
    doc = Document(
        id="m", source="m", published=PubDate(dt.date(2031, 5, 6), "day", "manifest"), language="en",
        text="In this action near Zendavar, 6 mercenaries were wiped out and several were injured.",
        outlet="Saffron Band statement", outlet_alignment="SBND",
    )  # fmt: skip
    got = {
        (c.claimant_side, c.kind, c.value_low, c.side_affected) for c in next(extract_documents([doc])).claims
    }
    assert ("XSB", "killed", 6, "XR") in got
