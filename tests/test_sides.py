"""Side affected from the structure of the sentence (issue 11): the victims' own words, a party
named as hit, the opponent of a party named as firing, vague quantities without a figure.
Sentences written by the team; parties chosen from several conflicts on purpose."""

from __future__ import annotations

import datetime as dt

import pytest

from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, Extraction, PubDate

PUB = PubDate(dt.date(2024, 6, 3), "day", "manifest")


def _extract(text: str) -> Extraction:
    doc = Document(id="s", source="s", text=text, published=PUB, language="en", outlet="")
    return next(extract_documents([doc]))


def _claims(text: str) -> list[tuple[str, str, int | None, int | None]]:
    return [(c.kind, c.side_affected, c.value_low, c.value_best) for c in _extract(text).claims]


@pytest.mark.parametrize(
    ("text", "kind", "side"),
    [
        # the attacker is named, the victims are not: they are the attacker's opponent
        (
            "Kyrgyz troops shelled a border village on Monday, killing four people and injuring six others.",
            "killed",
            "TJ",
        ),
        (
            "Tajik forces opened fire on a checkpoint near the border, killing two guards, "
            "Kyrgyz officials said.",
            "killed",
            "KG",
        ),
        (
            "Three civilians were killed by Thai artillery fire overnight, the ministry said in a statement "
            "about the fighting with Cambodia.",
            "killed",
            "KH",
        ),
        (
            "Indian shelling along the frontier killed five villagers, a Pakistani official said.",
            "killed",
            "PK",
        ),
        # the victims' own words win over a nearer party name
        (
            "Pakistani troops fired across the line and seven Indian soldiers were wounded, officials said.",
            "wounded",
            "IN",
        ),
        # a party named as the one that lost people
        ("Lebanon lost three soldiers in the Israeli raid on Tuesday.", "killed", "LB"),
        ("Two soldiers were killed on the Cambodian side during the clash with Thailand.", "killed", "KH"),
    ],
)
def test_side_from_who_did_what(text: str, kind: str, side: str) -> None:
    got = _claims(text)
    assert any(k == kind and s == side for k, s, _lo, _b in got), got


def test_vague_quantity_is_a_claim_without_a_figure() -> None:
    got = _claims("Several Tajik border guards were wounded in the exchange of fire with Kyrgyz troops.")
    assert ("wounded", "TJ") in {(k, s) for k, s, _lo, _b in got}
    assert all(best is None for k, _s, _lo, best in got if k == "wounded")


def test_tolls_of_fighting_between_two_parties_are_not_charged_to_one() -> None:
    got = _claims("At least nine people were killed in shelling between Thai and Cambodian forces on Sunday.")
    assert [(k, s) for k, s, _lo, _b in got] == [("killed", "")]


def test_conjoined_victims_of_one_harm_phrase_are_one_count() -> None:
    got = _claims("A Tajik officer and four soldiers were wounded when Kyrgyz troops opened fire.")
    assert ("wounded", "TJ", 5, 5) in got


def test_civilians_and_soldiers_stay_apart() -> None:
    got = _claims("Ten Kyrgyz civilians and three Kyrgyz soldiers were killed in the attack.")
    assert {(k, lo) for k, _s, lo, _b in got} == {("killed", 10), ("killed", 3)}


def test_explicit_zero_is_a_claim_and_a_denied_number_is_not() -> None:
    assert ("killed", "IN", 0, 0) in _claims("No Indian soldiers were killed in the firing, the army said.")
    assert _claims("The ministry denied that five Indian soldiers were killed in the firing.") == []


def test_a_headline_and_its_lead_are_one_claim() -> None:
    text = (
        "Three Cambodian soldiers killed in border clash\n\n"
        "Three Cambodian soldiers were killed in a clash with Thai troops on Sunday, "
        "the Cambodian defence ministry said."
    )
    got = _claims(text)
    assert [(k, s, b) for k, s, _lo, b in got] == [("killed", "KH", 3)]


@pytest.mark.parametrize(
    ("sentence", "kind", "best"),
    [
        ("Two Kyrgyz border guards embraced martyrdom when Tajik troops opened fire.", "killed", 2),
        ("The Tajik side said seven Kyrgyz soldiers confirmed dead in the counter-attack.", "killed", 7),
        ("Border clash kills 5: villagers flee as Kyrgyz and Tajik troops trade fire", "killed", 5),
        (
            "Six people including two Tajik soldiers and four civilians were killed when the shells hit.",
            "killed",
            6,
        ),
        ("An army jawan also succumbed to injuries in hospital.", "killed", 1),
    ],
)
def test_ways_news_reports_a_death(sentence: str, kind: str, best: int) -> None:
    assert (kind, best) in {(k, b) for k, _s, _lo, b in _claims(sentence)}


def _claimants(text: str) -> set[tuple[str, str]]:
    return {(c.claimant, c.claimant_side) for c in _extract(text).claims}


def test_an_institution_named_inside_a_speaker_phrase_is_the_claimant() -> None:
    got = _claimants("A Frontier Corps statement said that four Afghan soldiers were killed in the exchange.")
    assert {side for _c, side in got} == {"PK"}


def test_he_after_an_unknown_spokesperson_of_a_known_party_is_that_party() -> None:
    text = (
        "Kyrgyz border service spokesperson Aibek Usenov told reporters the attack began at dawn. "
        "He claimed nine Tajik soldiers were killed and 14 wounded."
    )
    assert {side for _c, side in _claimants(text)} == {"KG"}


def test_unmarked_victims_belong_to_where_the_report_places_them() -> None:
    # no demonym, no attacker, no claimant party: the report's places say whose people they are
    text = (
        "Shelling hit villages near Osh and Batken on Sunday night.\n\n"
        "Three soldiers were killed and four others were wounded on the outskirts of Batken, "
        "local officials said."
    )
    got = _claims(text)
    assert {(k, s) for k, s, _lo, _b in got} == {("killed", "KG"), ("wounded", "KG")}, got


def test_a_manifest_declares_the_outlet_whose_unmarked_victims_are_its_own(tmp_path: object) -> None:
    """An outlet the registry does not know: the manifest's outlet_alignment decides whose people
    an unmarked "three soldiers" are, and is kept on the stored document."""
    from pathlib import Path

    import ceasefire
    from ceasefire.store import Store

    root = Path(str(tmp_path))
    (root / "docs").mkdir()
    (root / "docs" / "r1.txt").write_text(
        "Three soldiers were killed and two were wounded on Sunday when a shell hit their post near "
        "the frontier, the army said. Officials on both sides traded blame for the fighting between "
        "Thai and Cambodian troops.\n",
        encoding="utf-8",
    )
    (root / "m.csv").write_text(
        "file,outlet,outlet_country,outlet_alignment,published\n"
        "r1.txt,Frontier Courier (fictional),KH,KH,2025-07-20\n",
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{root / 's.db'}")
    ceasefire.ingest([root / "docs"], store=store, manifest=root / "m.csv")
    ceasefire.extract(store=store)
    doc = next(store.documents())
    assert (doc.outlet_country, doc.outlet_alignment) == ("KH", "KH")
    sides = {(c.kind, c.side_affected) for c in store.claims()}
    assert sides == {("killed", "KH"), ("wounded", "KH")}, sides


def test_a_country_s_media_speak_for_its_side_but_not_for_its_government() -> None:
    got = _claimants("Kyrgyz state media reported that four Tajik soldiers were killed in the clash.")
    assert got == {("KG-MEDIA", "KG")}
    from ceasefire.reconcile.claims import government

    assert government("KG-MEDIA", "KG") is None  # not an organ of the state: an independent source


def test_unnamed_militants_belong_to_no_state() -> None:
    got = _claims("Thai officials said 14 militants were killed in the raid near the border.")
    assert [(k, s) for k, s, _lo, _b in got] == [("killed", "MIL")]
    got = _claims("The army said 14 Taliban militants were killed in the raid near the border.")
    assert [(k, s) for k, s, _lo, _b in got] == [("killed", "AF")]


def test_the_party_firing_nearest_the_figure_decides_not_any_party_named() -> None:
    # two parties fire in one sentence: the one whose fire caused the deaths is the nearer
    text = (
        "At least six civilians were killed as Thai artillery shelled border villages, "
        "a day after Cambodian rockets hit a market."
    )
    assert ("killed", "KH") in {(k, s) for k, s, _lo, _b in _claims(text)}


def test_local_officials_speak_for_where_they_are() -> None:
    text = (
        "Tajik troops and Tajik border guards opened fire on Tuesday.\n\n"
        "Local officials in the town of Batken in Kyrgyzstan reported three dead and 20 wounded."
    )
    assert {side for _c, side in _claimants(text)} == {"KG"}


def test_an_elided_victim_is_the_previous_one() -> None:
    text = "He said 40 Tajik soldiers were killed and 25 wounded, while six Kyrgyz guards were also killed."
    got = {(k, s, b) for k, s, _lo, b in _claims(text)}
    assert ("wounded", "TJ", 25) in got and ("killed", "KG", 6) in got


def test_a_separate_incident_is_a_separate_mention() -> None:
    text = (
        "Four Thai soldiers were killed in a clash with Cambodian troops on Monday, the Thai army said.\n\n"
        "In a separate incident, two Thai soldiers were killed in a clash with Cambodian troops on Monday, "
        "the Thai army said."
    )
    owners = {c.value_best: c.mention_id for c in _extract(text).claims}
    assert owners[4] and owners[2] and owners[4] != owners[2]


def test_losses_on_both_sides_are_each_side_s_claim() -> None:
    text = "Kyrgyz troops and Tajik troops exchanged fire. The ministry reported losses on both sides."
    got = {(k, s) for k, s, _lo, b in _claims(text) if b is None}
    assert got == {("casualties", "KG"), ("casualties", "TJ")}


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # a mission's people, named as such or as its own by the mission speaking, whatever their
        # nationality; a national contingent of the reference data stays its state's
        (
            "The UN mission said on Thursday that two of its members were wounded when their post came "
            "under fire near the border between Rwanda and Congo.",
            "UN",
        ),
        (
            "Artillery struck the UN mission's command centre near Goma, injuring three Nepalese "
            "peacekeepers, according to news reports.",
            "UN",
        ),
        ("Two Russian peacekeepers were wounded when their convoy hit a mine, the ministry said.", "RU"),
    ],
)
def test_peacekeepers_are_their_missions_people(text: str, side: str) -> None:
    got = _claims(text)
    assert [s for k, s, _lo, _b in got if k == "wounded"] == [side], got


def test_its_members_is_not_the_missions_when_a_state_speaks() -> None:
    got = _claims("The Congolese army said two of its members were wounded by Rwandan shelling near Goma.")
    assert [s for k, s, _lo, _b in got if k == "wounded"] == ["CD"], got


def test_a_headline_restating_a_sources_figure_is_that_sources_claim() -> None:
    text = (
        "200 rebels killed in border raids\n\n"
        "More than 200 rebels were killed in overnight raids along the border, the Nigerien army said."
    )
    got = [(c.kind, c.claimant) for c in _extract(text).claims if c.kind == "killed"]
    assert len(got) == 1 and not got[0][1].startswith("outlet"), got


def test_an_institution_named_it_reveals_a_toll() -> None:
    text = (
        "The Chadian health ministry issued a statement on Monday. It revealed that 14 people, "
        "including three children, were killed in the attack."
    )
    got = {(c.kind, c.value_best, c.claimant_side) for c in _extract(text).claims}
    assert ("killed", 14, "TD") in got, got


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a people named by its plural demonym is counted, and is that state's
        (
            "Regional officials said at least 17 Sudanese and 12 Chadians were killed in the raid on Monday.",
            ("killed", 12, "TD"),
        ),
        ("Two Ethiopians were wounded by shelling near the border, police said.", ("wounded", 2, "ET")),
    ],
)
def test_a_people_named_by_its_demonym_counts(text: str, want: tuple[str, int, str]) -> None:
    got = {(c.kind, c.value_best, c.side_affected) for c in _extract(text).claims}
    assert want in got, got


def test_a_report_names_a_source_by_the_short_name_it_gave() -> None:
    text = (
        "Chad's state-run National Press Agency said a strike in the village of Abeche killed five "
        "people.\n\nA strike hit a garage in the city of Sarh, the NPA reported, with one person killed "
        "and seven wounded."
    )
    got = {(c.kind, c.value_best, c.claimant_side) for c in _extract(text).claims}
    assert {("killed", 1, "TD"), ("wounded", 7, "TD")} <= got, got


@pytest.mark.parametrize(
    "source",
    [
        "figures from the Chadian health ministry",
        "data from Chad's hospitals",
        "a tally by Chadian health officials",
    ],
)
def test_according_to_a_sources_numbers(source: str) -> None:
    got = {
        (c.value_best, c.claimant_side)
        for c in _extract(
            f"Strikes killed at least 44 people in the east of the country on Sunday, according to {source}."
        ).claims
    }
    assert (44, "TD") in got, got


@pytest.mark.parametrize(
    "text",
    [
        "After the raid, 12 civilians killed, 42 injured in Eritrea shelling in the border town.",
        "Twelve civilians were killed in Eritrean shelling near the border town, officials said.",
    ],
)
def test_a_party_word_before_an_attack_noun_is_the_attacker_however_parsed(text: str) -> None:
    got = {(c.kind, c.side_affected) for c in _extract(text).claims}
    assert ("killed", "ET") in got, got


def test_a_third_states_outlet_in_its_own_voice_is_no_ally() -> None:
    # an outlet aligned with a state that fights both parties elsewhere reports their clash
    doc = Document(
        id="w",
        source="w",
        text="Ethiopian troops and TPLF fighters clashed near Mekelle on Sunday. Eight soldiers were "
        "killed in the fighting.",
        published=PUB,
        language="en",
        outlet="",
        outlet_alignment="ER",
    )
    got = {(c.kind, c.side_affected) for c in next(extract_documents([doc])).claims}
    assert got and all(side != "ER" for _k, side in got), got


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # the speaker, by a pronoun, is the subject of the killing: the victims are its foes
        ("The Arakan Army said it killed 40 junta soldiers in an assault on a hilltop base.", "MM"),
        ("Hezbollah said it killed five soldiers in an ambush near the border fence.", "IL"),
        # ... and a speaker reporting its own dead keeps them
        ("Hezbollah said five of its fighters were killed in an ambush near the border fence.", "HZB"),
        ("The Arakan Army said it lost 40 fighters in an assault on a hilltop base.", "ARA"),
        # a force named in several words is the side of its own dead, wherever they are named
        ("The Tatmadaw said it killed 25 members of the Arakan Army near the river.", "ARA"),
        ("Nine Rapid Support Forces fighters were killed near the river, the Sudanese army said.", "RSF"),
    ],
)
def test_the_speaker_as_the_one_who_killed_and_forces_named_in_several_words(text: str, side: str) -> None:
    assert {s for _k, s, _lo, _b in _claims(text)} == {side}, text


def test_fighters_named_only_as_insurgents_are_the_one_armed_group_the_report_names() -> None:
    one = (
        "Boko Haram fighters attacked a military base near Gwoza on Sunday. "
        "The army said 23 insurgents were killed."
    )
    assert ("killed", "BKH", 23, 23) in _claims(one)
    # two armed groups named: the unnamed fighters could be either's
    two = (
        "Boko Haram and ISWAP fighters attacked bases near Gwoza on Sunday. "
        "The army said 23 insurgents were killed."
    )
    assert ("killed", "MIL", 23, 23) in _claims(two)


@pytest.mark.parametrize(
    "text",
    [
        "The ELN said an army bombing near Tame killed six civilians.",
        # no place in the sentence: the armed group's own state
        "Six civilians died in the bombing, the ELN said in a statement.",
    ],
)
def test_civilians_an_armed_group_reports_are_people_of_the_state_it_fights_in(text: str) -> None:
    assert ("killed", "CO", 6, 6) in _claims(text)


def test_an_armed_groups_own_fighters_stay_its_own() -> None:
    own = "Six of its fighters died in the bombing, the ELN said in a statement."
    assert ("killed", "ELN", 6, 6) in _claims(own)


def test_a_states_own_forces_named_by_no_party_word_are_the_ones_who_killed() -> None:
    raid = "Boko Haram fighters raided a village near Gwoza. "
    text = raid + "The Nigerian army said in a statement that the armed forces killed more than 100 fighters."
    assert ("killed", "BKH", 100) in {c[:3] for c in _claims(text)}
    # an armed group's "the army" is the state's: its victims are the group's own
    theirs = "The ELN said the army killed four of its fighters near Tame."
    assert ("killed", "ELN", 4, 4) in _claims(theirs)


def test_militia_fighters_are_an_unnamed_armed_group() -> None:
    raid = "Boko Haram fighters raided a village near Gwoza. "
    text = raid + "Thirty militia fighters died, the Nigerian army said."
    assert ("killed", "BKH", 30, 30) in _claims(text)


def test_unnamed_fighters_who_kill_are_not_the_states_own_forces() -> None:
    # "militants" naming no party are the state's foe, and the civilians they kill its people
    for victims in ("civilians", "people"):
        text = f"The Nigerian army said militants killed 12 {victims} near Gwoza."
        assert ("killed", "NG", 12, 12) in _claims(text)


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # the dead left behind are of those who left them, not the speaker's
        ("The Georgian army commander said the militants left 27 bodies at the scene.", "MIL"),
        (
            "Georgian troops repelled the assault and the M23 fighters left 14 bodies behind, the army said.",
            "M23",
        ),
    ],
)
def test_bodies_left_behind_are_of_those_who_left_them(text: str, side: str) -> None:
    assert [(k, s) for k, s, _lo, _b in _claims(text)] == [("killed", side)]


@pytest.mark.parametrize(
    ("text", "side"),
    [
        # no party "eliminates" or "neutralises" its own: the speaker's enemy
        ("Up to 26 servicemen were eliminated in the strike, the Armenian defence ministry said.", "AZ"),
        ("The Armenian defence ministry said 26 servicemen were neutralised in the strike.", "AZ"),
        # a plain "killed" stays the speaker's own, and the victims' own words win
        ("The Armenian defence ministry said 26 servicemen were killed in the strike.", "AM"),
        ("The Armenian defence ministry said 26 Armenian servicemen were eliminated.", "AM"),
    ],
)
def test_the_dead_a_party_eliminated_are_its_enemys(text: str, side: str) -> None:
    assert [(k, s) for k, s, _lo, _b in _claims(text)] == [("killed", side)]


def test_a_third_partys_fire_harms_people_where_it_fell_not_its_foe_elsewhere() -> None:
    # a report of one state's war with an armed group: another state's contingent fires on
    # villages; its foes in the reference data (an armed group of a third state) are not this
    # report's, and the villagers are of the state where the shells fell
    text = (
        "JNIM fighters attacked an army post near Gao on Sunday, the Malian army said.\n\n"
        "Chadian soldiers of the UN force fired shells at nearby villages after the attack, killing "
        "a woman and two children in Tacharane, residents said."
    )
    assert [(k, side, low) for k, side, low, _h in _claims(text)] == [("killed", "ML", 3)]


@pytest.mark.parametrize(
    "text",
    [
        # the speaker is of the other side: its own people are not the ones killed there
        "Ethiopia's foreign ministry said the fighting began with an attack last month in the "
        "Eritrean-administered part of the region that killed 26 people.",
        "An attack in the Eritrean-held part of the region killed 26 people, Ethiopian officials said.",
    ],
)
def test_people_harmed_in_a_partys_territory_are_that_partys(text: str) -> None:
    assert ("killed", "ER", 26, 26) in _claims(text)


def test_people_of_an_occupied_land_are_not_the_occupiers() -> None:
    text = (
        "An air strike killed two civilians in the Eritrean-occupied part of the region, "
        "Ethiopian officials said."
    )
    assert ("killed", "ET", 2, 2) in _claims(text)


def test_soldiers_an_armed_groups_outlet_counts_in_its_own_voice_are_the_states_it_fights() -> None:
    # the group's own men are "fighters", "martyrs"; its outlet's "soldiers" are the enemy's
    text = "Fighters stormed a military post near the border at dawn, killing four soldiers."
    doc = Document(id="o", source="o", text=text, published=PUB, language="en", outlet="al-manar")
    claims = {(c.kind, c.side_affected, c.value_best) for c in next(extract_documents([doc])).claims}
    assert claims == {("killed", "IL", 4)}
