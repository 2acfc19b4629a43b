"""Casualty figures in a sentence (ceasefire.extract.figures).

All sentences here are written for these tests; none is taken from a real report.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from ceasefire.extract.figures import Figure, counts, find_figures, listed, parse_quantity, sum_conjuncts

# ---------------------------------------------------------------------------------------
# parse_quantity


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("seven", (7, 7, 7, "")),
        ("one", (1, 1, 1, "")),
        ("an", (1, 1, 1, "")),
        ("a", (1, 1, 1, "")),
        ("17", (17, 17, 17, "")),
        ("6,600", (6600, 6600, 6600, "")),
        ("twenty-five", (25, 25, 25, "")),
        ("forty two", (42, 42, 42, "")),
        ("two hundred and fifty", (250, 250, 250, "")),
        ("three thousand", (3000, 3000, 3000, "")),
        ("a hundred", (100, 100, 100, "")),
        ("a dozen", (12, 12, 12, "")),
        ("two dozen", (24, 24, 24, "")),
        ("six to eight", (6, None, 8, "range")),
        ("6-8", (6, None, 8, "range")),
        ("two or three", (2, None, 3, "range")),
        ("between 5 and 9", (5, None, 9, "range")),
        ("at least 6", (6, 6, None, "at least")),
        ("no fewer than 9", (9, 9, None, "at least")),
        ("more than 20", (20, 20, None, "more than")),
        ("over 300", (300, 300, None, "more than")),
        ("up to 10", (None, None, 10, "up to")),  # a bound: only its high is stated
        ("as many as 40", (None, None, 40, "up to")),
        ("fewer than 5", (None, None, 4, "up to")),
        ("some 6,600", (6600, 6600, 6600, "about")),
        ("about 50", (50, 50, 50, "about")),
        ("nearly 4,000", (4000, 4000, 4000, "about")),
        ("about a dozen", (12, 12, 12, "about")),
        ("dozens", (24, None, 99, "vague")),
        ("dozens of", (24, None, 99, "vague")),
        ("hundreds", (200, None, 999, "vague")),
        ("several", (3, None, None, "vague")),
        ("many", (2, None, None, "vague")),
        ("numerous", (2, None, None, "vague")),
        ("multiple", (2, None, None, "vague")),
        ("several hundred", (100, None, 999, "vague")),
        ("tens of thousands", (20000, None, 99999, "vague")),
        ("both", (2, 2, 2, "")),
    ],
)
def test_parse_quantity(expr: str, expected: tuple[int | None, int | None, int | None, str]) -> None:
    assert parse_quantity(expr) == expected


@pytest.mark.parametrize("expr", ["soldiers", "", "six soldiers", "in 2020", "44-day", "79th"])
def test_parse_quantity_rejects_non_counts(expr: str) -> None:
    assert parse_quantity(expr) is None


def test_vague_words_state_no_figure() -> None:
    # "several", "many", "dozens": a claim with a floor but never a best figure (issue 11: never 10);
    # ACLED's conventional readings stay in the lexicon for the ACLED export only
    for word in ("several", "many", "numerous", "multiple", "dozens", "hundreds", "a few", "several hundred"):
        q = parse_quantity(word)
        assert q is not None and q[1] is None, word
    raw = json.loads((files("ceasefire") / "data" / "lexicons" / "figures.json").read_text(encoding="utf-8"))
    acled = {k: v.get("acled") for k, v in raw["vague_quantities"].items() if not k.startswith("_")}
    assert acled["dozens"] == 12 and acled["hundreds"] == 100 and acled["several"] == 10


# ---------------------------------------------------------------------------------------
# helpers


def _check_offsets(sentence: str, figs: list[Figure]) -> None:
    for f in figs:
        assert sentence[f.start : f.end] == f.text
        if f.subject:
            assert sentence[f.subject_start : f.subject_end] == f.subject
            assert f.start <= f.subject_start <= f.subject_end <= f.end


def _one(sentence: str) -> Figure:
    figs = find_figures(sentence)
    _check_offsets(sentence, figs)
    assert len(figs) == 1, figs
    return figs[0]


# ---------------------------------------------------------------------------------------
# single figures: (sentence, kind, low, best, high, qualifier, civilian, subject)

SINGLE = [
    (
        "Six to eight hostile troops were killed near the ridge.",
        "killed",
        6,
        None,
        8,
        "range",
        False,
        "hostile troops",
    ),
    ("Nine Armenian conscripts died in the attack.", "killed", 9, 9, 9, "", False, "Armenian conscripts"),
    (
        "An Azerbaijani serviceman was killed by sniper fire on Monday.",
        "killed",
        1,
        1,
        1,
        "",
        False,
        "An Azerbaijani serviceman",
    ),
    ("A soldier was wounded near the village.", "wounded", 1, 1, 1, "", False, "A soldier"),
    (
        "The provocation led to the killing of Azerbaijani serviceman Elvin Mammadov.",
        "killed",
        1,
        1,
        1,
        "",
        False,
        "Azerbaijani serviceman Elvin Mammadov",
    ),
    (
        "They vowed to avenge the death of an Armenian soldier.",
        "killed",
        1,
        1,
        1,
        "",
        False,
        "an Armenian soldier",
    ),
    (
        "Eleven more were also injured in the shelling, the ministry added.",
        "wounded",
        11,
        11,
        11,
        "",
        False,
        "more",
    ),
    (
        "Twelve servicemen of the Armenian Armed Forces have been killed, officials said.",
        "killed",
        12,
        12,
        12,
        "",
        False,
        "servicemen of the Armenian Armed Forces",
    ),
    ("Yerevan reported one casualty after the exchange of fire.", "casualties", 1, 1, 1, "", False, ""),
    (
        "The conflict, which killed some 3,400 people, ended in 1994.",
        "killed",
        3400,
        3400,
        3400,
        "about",
        False,
        "people",
    ),
    ("At least 9 soldiers died overnight.", "killed", 9, 9, None, "at least", False, "soldiers"),
    (
        "More than 30 fighters were killed in the offensive.",
        "killed",
        30,
        30,
        None,
        "more than",
        False,
        "fighters",
    ),
    ("Up to 15 civilians may have been killed.", "killed", None, None, 15, "up to", True, "civilians"),
    ("About 60 people were hurt when the depot exploded.", "wounded", 60, 60, 60, "about", False, "people"),
    ("Dozens of villagers were injured in the strikes.", "wounded", 24, None, 99, "vague", True, "villagers"),
    (
        "The enemy withdrew, leaving behind its numerous wounded troops.",
        "wounded",
        2,
        None,
        None,
        "vague",
        False,
        "wounded troops",
    ),
    ("Artillery fire killed three shepherds in the hills.", "killed", 3, 3, 3, "", True, "shepherds"),
    (
        "A 52-year-old farmer was wounded by a mortar round.",
        "wounded",
        1,
        1,
        1,
        "",
        True,
        "A 52-year-old farmer",
    ),
    ("Sniper fire wounded a tractor driver on Tuesday.", "wounded", 1, 1, 1, "", True, "a tractor driver"),
    (
        "The ministry said the death toll from the fighting had risen to at least 95.",
        "killed",
        95,
        95,
        None,
        "at least",
        False,
        "",
    ),
    (
        "The number of Azerbaijani servicemen killed rose to 49.",
        "killed",
        49,
        49,
        49,
        "",
        False,
        "Azerbaijani servicemen",
    ),
    ("The strikes claimed the lives of 8 soldiers.", "killed", 8, 8, 8, "", False, "soldiers"),
    ("The clashes claimed 4 lives.", "killed", 4, 4, 4, "", False, "lives"),
    (
        "Azerbaijani troops took 62 Armenian servicemen prisoner.",
        "captured",
        62,
        62,
        62,
        "",
        False,
        "Armenian servicemen",
    ),
    ("Five prisoners of war were handed back.", "captured", 5, 5, 5, "", False, "prisoners of war"),
    ("Four residents were taken hostage.", "hostages", 4, 4, 4, "", True, "residents"),
    (
        "Eighteen Armenian soldiers remain unaccounted for.",
        "missing",
        18,
        18,
        18,
        "",
        False,
        "Armenian soldiers",
    ),
    ("A further 14 soldiers are missing in action.", "missing", 14, 14, 14, "", False, "soldiers"),
    (
        "The border guards detained two Armenian soldiers.",
        "captured",
        2,
        2,
        2,
        "",
        False,
        "Armenian soldiers",
    ),
    ("Police detained three local men.", "detained", 3, 3, 3, "", True, "local men"),
    ("The bombardment left two pensioners dead.", "killed", 2, 2, 2, "", True, "pensioners"),
    ("Two servicemen sustained minor shrapnel wounds.", "wounded", 2, 2, 2, "", False, "servicemen"),
    ("There were 34 fatalities.", "killed", 34, 34, 34, "", False, ""),
    ("Two of them died in hospital.", "killed", 2, 2, 2, "", False, "them"),
    ("Two of the wounded later died.", "killed", 2, 2, 2, "", False, "the wounded"),
    (
        "Around 100 troops were killed or wounded in the battle.",
        "casualties",
        100,
        100,
        100,
        "about",
        False,
        "troops",
    ),
    ("An elderly woman died of her injuries.", "killed", 1, 1, 1, "", True, "An elderly woman"),
    ("Two civilians were among the dead.", "killed", 2, 2, 2, "", True, "civilians"),
    ("Another soldier was wounded on Friday.", "wounded", 1, 1, 1, "", False, "Another soldier"),
    (
        "Azerbaijan handed over five Armenian prisoners of war.",
        "captured",
        5,
        5,
        5,
        "",
        False,
        "Armenian prisoners of war",
    ),
    (
        "Azerbaijani serviceman killed in border shooting",
        "killed",
        1,
        1,
        1,
        "",
        False,
        "Azerbaijani serviceman",
    ),
    ("Seven civilian residents were wounded.", "wounded", 7, 7, 7, "", True, "civilian residents"),
    (
        "Several people were injured when a shell hit the school.",
        "wounded",
        3,
        None,
        None,
        "vague",
        False,
        "people",
    ),
    (
        "Armenian soldiers killed in the clashes were buried on Friday.",
        "killed",
        2,
        None,
        None,
        "plural",
        False,
        "Armenian soldiers",
    ),
    ("Both soldiers died.", "killed", 2, 2, 2, "", False, "soldiers"),
    (
        "Private Samvel Petrosyan died of his wounds.",
        "killed",
        1,
        1,
        1,
        "",
        False,
        "Private Samvel Petrosyan",
    ),
    (
        "The Armenian side suffered losses of up to 20 people.",
        "casualties",
        None,
        None,
        20,
        "up to",
        False,
        "people",
    ),
    ("The loss of two soldiers shocked the town.", "killed", 2, 2, 2, "", False, "soldiers"),
    ("On 27 September 2020, 3 soldiers were killed.", "killed", 3, 3, 3, "", False, "soldiers"),
    ("Two soldiers were killed at 5 p.m. on Monday.", "killed", 2, 2, 2, "", False, "soldiers"),
    ("The soldier lost his life.", "killed", 1, 1, 1, "", False, "The soldier"),
    # a communiqué's idiom for killing
    (
        "In the exchange of fire, six terrorists were sent to hell.",
        "killed",
        6,
        6,
        6,
        "",
        False,
        "terrorists",
    ),
    # the people of a road, a market, a church or a mine are civilians like residents
    (
        "Police condemned the killing of eight passengers on the road.",
        "killed",
        8,
        8,
        8,
        "",
        True,
        "passengers",
    ),
    ("Gunmen shot dead eleven worshippers at the mosque.", "killed", 11, 11, 11, "", True, "worshippers"),
    ("Four gold miners were abducted near the pit.", "detained", 4, 4, 4, "", True, "gold miners"),
    ("The raiders killed 14 herdsmen and stole their cattle.", "killed", 14, 14, 14, "", True, "herdsmen"),
    # a harm word before the victims of a toll is the toll's kind
    (
        "The army put the number of martyred soldiers at five.",
        "killed",
        5,
        5,
        5,
        "",
        False,
        "martyred soldiers",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "kind", "low", "best", "high", "qualifier", "civilian", "subject"), SINGLE
)
def test_single_figure(
    sentence: str,
    kind: str,
    low: int | None,
    best: int | None,
    high: int | None,
    qualifier: str,
    civilian: bool,
    subject: str,
) -> None:
    f = _one(sentence)
    assert (f.kind, f.low, f.best, f.high, f.qualifier) == (kind, low, best, high, qualifier)
    assert f.civilian is civilian
    assert f.subject == subject
    assert f.negated is False


def test_range_figure_text_covers_the_whole_expression() -> None:
    s = "According to the general, six to eight hostile troops were killed near the ridge."
    f = _one(s)
    assert f.text == "six to eight hostile troops were killed"
    assert s[f.subject_start : f.subject_end] == "hostile troops"


# ---------------------------------------------------------------------------------------
# several figures in one sentence


def _summary(sentence: str) -> list[tuple[str, int | None, str]]:
    figs = find_figures(sentence)
    _check_offsets(sentence, figs)
    return [(f.kind, f.low, f.subject) for f in figs]


def test_killed_and_injured_others() -> None:
    s = "Nine Azerbaijani soldiers were killed and 14 others were injured in the clashes."
    assert _summary(s) == [("killed", 9, "Azerbaijani soldiers"), ("wounded", 14, "others")]


def test_vague_second_figure() -> None:
    s = "Six to eight hostile troops died and many others were hurt, he said."
    figs = find_figures(s)
    assert [(f.kind, f.low, f.best, f.qualifier) for f in figs] == [
        ("killed", 6, None, "range"),
        ("wounded", 2, None, "vague"),
    ]


def test_partitive_captured_and_missing_others() -> None:
    s = (
        "Yerevan reported one casualty and said 15 of its conscripts had been captured, "
        "while 20 others remained missing."
    )
    assert _summary(s) == [
        ("casualties", 1, ""),
        ("captured", 15, "its conscripts"),
        ("missing", 20, "others"),
    ]


def test_bare_participles() -> None:
    s = "Two soldiers killed and three wounded in overnight clashes."
    assert _summary(s) == [("killed", 2, "soldiers"), ("wounded", 3, "")]


def test_active_verbs_with_counts_only() -> None:
    s = "The rocket hit a bus, killing two and injuring five."
    assert _summary(s) == [("killed", 2, ""), ("wounded", 5, "")]


def test_coordinated_victims_share_the_verb() -> None:
    s = "Two journalists and a police officer were killed by a landmine."
    figs = find_figures(s)
    _check_offsets(s, figs)
    assert [(f.kind, f.low, f.subject, f.civilian) for f in figs] == [
        ("killed", 2, "journalists", True),
        ("killed", 1, "a police officer", False),
    ]


def test_active_object_chain_stops_at_new_clause() -> None:
    s = "Artillery fire killed three civilians and wounded five others in Tovuz."
    assert _summary(s) == [("killed", 3, "civilians"), ("wounded", 5, "others")]


def test_agent_is_not_the_victim() -> None:
    s = "Two Armenian soldiers killed an Azerbaijani shepherd."
    figs = find_figures(s)
    assert [(f.kind, f.low, f.subject, f.civilian) for f in figs] == [
        ("killed", 1, "an Azerbaijani shepherd", True)
    ]


def test_result_clause_two_kinds() -> None:
    s = "The shelling left two villagers dead and four injured."
    assert _summary(s) == [("killed", 2, "villagers"), ("wounded", 4, "")]


def test_one_later_died() -> None:
    s = "It said two of its servicemen were killed and one was wounded."
    assert _summary(s) == [("killed", 2, "its servicemen"), ("wounded", 1, "")]


# ---------------------------------------------------------------------------------------
# negation


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("No soldiers were killed in the exchange of fire, the ministry said.", "killed"),
        ("No Azerbaijani servicemen were hurt.", "casualties"),
        ("There were no casualties on the Armenian side.", "casualties"),
        ("The ministry denied that any servicemen were killed.", "killed"),
        ("Nobody was hurt in the incident.", "casualties"),
        ("None of the conscripts were injured.", "wounded"),
        ("The Armenian side did not suffer any casualties.", "casualties"),
        ("Not a single soldier was hurt.", "casualties"),
        ("The attack left no casualties.", "casualties"),
        ("There were no civilian casualties.", "casualties"),
    ],
)
def test_negated_zero(sentence: str, kind: str) -> None:
    f = _one(sentence)
    assert f.negated is True
    assert f.kind == kind
    assert (f.low, f.best, f.high) == (0, 0, 0)


def test_denied_number_keeps_the_denied_value() -> None:
    f = _one("Armenia denied reports that four of its soldiers had been captured.")
    assert (f.kind, f.low, f.negated, f.subject) == ("captured", 4, True, "its soldiers")


def test_not_before_another_verb_does_not_negate() -> None:
    f = _one("They will not forgive the death of an Armenian soldier.")
    assert f.negated is False and f.low == 1


def test_negated_auxiliary_keeps_the_number() -> None:
    f = _one("Two soldiers weren't injured.")
    assert (f.kind, f.low, f.negated) == ("wounded", 2, True)


def test_any_without_negation_is_no_figure() -> None:
    assert find_figures("Any soldier killed in the line of duty will be honoured.") == []


# ---------------------------------------------------------------------------------------
# numbers that are not casualty figures

NOT_FIGURES = [
    "The war broke out in 2020.",
    "Since 1991 the two states have disputed the region.",
    "A 45-year-old man spoke to reporters.",
    "Armenia lists 300 settlements near the border.",
    "Moscow deployed 2,000 peacekeepers to the region.",
    "The 44-day war ended with a truce.",
    "After the six-week war, talks began in Moscow.",
    "The 1,007-kilometer border remains undemarcated.",
    "A petition from 45 Members of Parliament reached Brussels.",
    "At its 79th session the assembly adopted a resolution.",
    "For 30 years the dispute remained frozen.",
    "They phoned Moscow ten times a day.",
    "At 2130 the minister ordered a halt.",
    "Troops entered 6 villages on Sunday.",
    "Five major cities were shelled overnight.",
    "Three districts were returned under the deal.",
    "The peace plan has 13 points.",
    "The army said it destroyed 4 tanks and 3 drones.",
    "On November 16 the talks resumed.",
    "Call the hotline on +994 12 555 55 55.",
    "Casualty figures rose 5% in 2021.",
    "The aid package was worth $5 million.",
    "The ministry did not say how many soldiers were killed.",
    "It is unclear whether anyone was killed.",
    "Armenian troops lost ground near the pass.",
    "Armenia lost contact with two of its posts.",
    "The ministry said the wounded soldiers were taken to hospital.",
    "Two Armenian drones were shot down.",
    "The death penalty was abolished in 1998.",
    "Doctors saved 5 lives.",
    "Two civilian vehicles were damaged.",
    "One of the martyrs had served as a sergeant.",
    "Around 300 people took part in the protest.",
    "The night of March 3-4 passed quietly.",
    "Shelling hit 12 houses and killed livestock.",
    "The two leaders met 3 times in 2022.",
    "The private sector was hurt by the war.",
    "Economic losses were huge.",
    "The killing must stop.",
    "Two soldiers didn't kill anyone.",
    "The missing persons commission met on Friday.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_a_figure(sentence: str) -> None:
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("Both sides reported casualties.", "casualties", None),
        ("The enemy suffered heavy losses in the counter-attack.", "casualties", None),
        ("Our artillery inflicted significant casualties on the attackers.", "casualties", None),
        ("The militia has suffered an undetermined number of deaths.", "killed", None),
        ("The shells landed in open ground without causing injuries.", "wounded", 0),
        ("There were no reports of injuries after the rocket fire.", "wounded", 0),
    ],
)
def test_casualties_without_a_number(sentence: str, kind: str, value: int | None) -> None:
    # issue 11: a claim with no figure is kept (a dispute still shows); a stated absence is a zero
    figs = find_figures(sentence)
    assert [(f.kind, f.low, f.best, f.high) for f in figs] == [(kind, value, value, value)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The enemy suffered heavy losses of equipment.",
        "Casualties were mentioned in the report on hospital capacity.",
        "The ministry reported its casualties: 20 dead and 72 injured.",
    ],
)
def test_no_unquantified_claim_beside_numbers_or_for_equipment(sentence: str) -> None:
    assert all(f.qualifier != "vague" for f in find_figures(sentence))


def test_year_after_preposition_is_not_a_count() -> None:
    figs = find_figures("In 2016, 200 soldiers were killed.")
    assert [(f.low, f.subject) for f in figs] == [(200, "soldiers")]


def test_figure_is_frozen() -> None:
    f = _one("A soldier was killed.")
    with pytest.raises(AttributeError):
        f.low = 2  # type: ignore[misc]


def test_empty_sentence() -> None:
    assert find_figures("") == []


# ---------------------------------------------------------------------------------------
# data file


def test_lexicon_records_its_source() -> None:
    path = files("ceasefire") / "data" / "lexicons" / "figures.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["source"] and raw["licence"]
    vague = raw["vague_quantities"]
    assert vague["dozens"]["acled"] == 12 and vague["hundreds"]["acled"] == 100
    assert all(v["low"] is not None for k, v in vague.items() if not k.startswith("_"))


def test_parts_that_say_who_the_people_were_count_too() -> None:
    figs = find_figures("At least nine people, including two children and a policeman, were killed.")
    assert [(f.best, f.civilian) for f in figs] == [(9, False), (2, True), (1, False)]
    # parts of a total that already says who they were are not new figures
    figs = find_figures("Five civilians, including a woman and two children, were killed in the shelling.")
    assert [f.best for f in figs] == [5]


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        # one number counts two plural nouns of one class of people
        ("Nine women and girls were killed in the strike.", [("killed", 9, "women and girls")]),
        ("Four soldiers and officers were wounded.", [("wounded", 4, "soldiers and officers")]),
        # but not a verb of its own, nor another class of people
        (
            "The raid killed six people and wounded 14 others.",
            [("killed", 6, "people"), ("wounded", 14, "others")],
        ),
    ],
)
def test_a_number_before_coordinated_plurals(sentence: str, want: list[tuple[str, int, str]]) -> None:
    assert [(f.kind, f.best, f.subject) for f in find_figures(sentence)] == want


@pytest.mark.parametrize(
    ("sentence", "best"),
    [
        ("The death toll from Sunday's Ruritanian air strikes in the northern hills has risen to 14.", 14),
        ("The toll from this raid was revised upwards on Monday by the ministry, from four to seven.", 7),
        # "at" before a number is a clock time, except after a word of standing or estimating
        ("The death toll from the shelling now stands at 23, including 9 children.", 23),
        ("The death toll stood at 9 on Sunday evening.", 9),
        ("Provincial officials put the death toll at 12.", 12),
        # "of" is the toll's own link ("a toll of 12"), not any "of" inside the toll's phrase
        ("The death toll from the bombing of two markets in the north has risen to 41.", 41),
        ("The raid left a death toll of 12.", 12),
        (
            "Meanwhile, the death toll from the shelling of the Orlin and Marev displacement sites"
            " on the morning of March 3 now stands at 44, according to provincial authorities.",
            44,
        ),
    ],
)
def test_a_toll_with_a_long_phrase_before_its_count(sentence: str, best: int) -> None:
    assert [(f.kind, f.best) for f in find_figures(sentence)] == [("killed", best)]


@pytest.mark.parametrize(
    ("sentence", "kind", "best", "subject"),
    [
        # "the number of" + a people or class + a harm noun: the harm noun is the toll's kind
        (
            "That brings the total number of Ostravian dead to 13 since the clashes began.",
            "killed",
            13,
            "Ostravian",
        ),
        ("The number of Ostravian dead rose to 13.", "killed", 13, "Ostravian"),
        ("The number of civilian casualties rose to 37.", "casualties", 37, "civilian"),
    ],
)
def test_the_number_of_a_peoples_dead(sentence: str, kind: str, best: int, subject: str) -> None:
    figs = find_figures(sentence, frozenset({"ostravians"}))
    assert [(f.kind, f.best, f.subject) for f in figs] == [(kind, best, subject)]


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("Some estimates put the death toll as high as 80,000.", [("killed", 80000)]),
        ("The army also captured three militants alive and seized four trucks.", [("captured", 3)]),
        (
            "We held the line, but we lost two fighters, and six of our guys were wounded.",
            [("killed", 2), ("wounded", 6)],
        ),
        ("Troops said they counted up to 55 bodies of enemy soldiers.", [("killed", 55)]),
        ("Rescuers found the bodies of seven civilians.", [("killed", 7)]),
    ],
)
def test_tolls_and_victims_told_in_other_words(sentence: str, want: list[tuple[str, int]]) -> None:
    # a bound ("as high as N", "up to N") states its high only
    assert [(f.kind, f.best if f.best is not None else f.high) for f in find_figures(sentence)] == want


def test_a_toll_skips_an_aside_about_a_place() -> None:
    text = (
        "The death toll in the strike on the bus station in Dorna, a town that until last year "
        "was home to 20,000 people, has risen to 17."
    )
    assert [(f.kind, f.best) for f in find_figures(text)] == [("killed", 17)]
    # a singular people word after a count before a capitalised word: a typo, still a count
    assert [(f.kind, f.best) for f in find_figures("The attack killed 12 civilian Monday.")] == [
        ("killed", 12)
    ]


def test_a_date_in_digits_is_no_count_nor_a_modifier() -> None:
    # a page that opens with its date: "2031-04-02 Three soldiers ..." counts three
    for text in (
        "date 2031-04-02 Three soldiers have been killed.",
        "02-04-2031 Three soldiers were killed.",
    ):
        assert [(f.kind, f.best) for f in find_figures(text)] == [("killed", 3)], text


def test_a_scare_quoted_harm_noun_still_takes_its_of_phrase() -> None:
    figs = find_figures("The army announced the “martyrdom” of three of its soldiers during the fighting.")
    assert [(f.kind, f.best) for f in figs] == [("killed", 3)]


def test_at_before_a_number_stays_a_clock_time_without_a_toll() -> None:
    figs = find_figures("The convoy left at 11 and three soldiers were killed in the ambush.")
    assert [(f.kind, f.best) for f in figs] == [("killed", 3)]


# -- totals of dead and wounded together, counts inside quotes, whose losses -----------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Nine killed and injured in the shelling of the market, officials said.",
        "Shelling of the market left 9 dead and wounded.",
        "Nine soldiers were killed or injured in the ambush.",
    ],
)
def test_a_total_of_dead_and_wounded_together_is_casualties_not_killed(sentence: str) -> None:
    figs = find_figures(sentence)
    assert [(f.kind, f.low) for f in figs] == [("casualties", 9)], figs


def test_a_count_opening_a_quotation_is_the_toll_not_the_next_item_of_the_list() -> None:
    for text in (
        'The enemy\'s losses amounted to "140 troops, 12 tanks, four drones", the staff said.',
        "The enemy's losses amounted to “140 troops, 12 tanks”.",
    ):
        figs = find_figures(text)
        assert [(f.kind, f.low) for f in figs] == [("casualties", 140)], figs


def test_the_possessor_of_a_toll_is_whose_losses_they_are() -> None:
    (fig,) = find_figures("Ostravia's losses have amounted to 75 servicemen, the ministry said.")
    assert (fig.kind, fig.low, fig.subject) == ("casualties", 75, "Ostravia's")
    (fig,) = find_figures("The death toll has risen to 12.")
    assert fig.subject == ""


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("There are also wounded servicemen among the crew.", "wounded"),
        ("There were casualties among the villagers, a medic said.", "casualties"),
        ("There have been dead on both sides.", "killed"),
    ],
)
def test_there_were_casualties_asserts_some_without_a_number(sentence: str, kind: str) -> None:
    figs = [f for f in find_figures(sentence) if counts(f, sentence)]
    assert [(f.kind, f.best) for f in figs] == [(kind, None)], figs


@pytest.mark.parametrize(
    "sentence",
    [
        "It was not known if there were casualties.",
        "Officials did not say whether there were casualties.",
        "The funerals of killed soldiers were held on Sunday.",
    ],
)
def test_a_question_of_casualties_or_a_bare_plural_is_no_claim(sentence: str) -> None:
    assert [f for f in find_figures(sentence) if counts(f, sentence)] == []


@pytest.mark.parametrize(
    ("sentence", "zero"),
    [
        ("Two shells landed in open fields without causing injuries.", True),
        ("There were no reports of injuries after the shelling.", True),
        ("No further casualties were reported.", True),
        ("We are not happy for their losses, but we had to respond.", False),
        ("The mayor was not aware of any losses.", False),
    ],
)
def test_a_zero_needs_the_negation_to_reach_the_harm_noun(sentence: str, zero: bool) -> None:
    zeros = [f for f in find_figures(sentence) if f.best == 0]
    assert bool(zeros) is zero, find_figures(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Dead and wounded are reported on both sides.", "casualties"),
        ("Deaths have been confirmed in the village.", "killed"),
    ],
)
def test_casualties_reported_without_a_number_are_a_claim_with_no_figure(sentence: str, kind: str) -> None:
    assert [(f.kind, f.best, f.negated) for f in find_figures(sentence)] == [(kind, None, False)]


def test_casualties_only_possible_are_no_claim() -> None:
    assert find_figures("Casualties are possible if the shelling resumes.") == []


def test_a_bare_plural_of_another_class_does_not_swallow_the_counted_victims() -> None:
    # "two soldiers and civilians": the two are soldiers; civilians (no number) are not among them
    figs = [f for f in find_figures("Two soldiers and civilians were killed in the shelling.") if f.best]
    assert [(f.kind, f.best, f.civilian, f.subject) for f in figs] == [("killed", 2, False, "soldiers")]
    # one class of people: one number counts both nouns
    (fig,) = find_figures("Twelve children and teenagers were killed.")
    assert (fig.best, fig.civilian) == (12, True)


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("Sources said that two-three enemy soldiers were killed.", ("killed", 2, None, 3)),
        ("Five-six soldiers were wounded.", ("wounded", 5, None, 6)),
        ("The shelling killed another three civilians.", ("killed", 3, 3, 3)),
        ("The firing injured another 16 on Friday.", ("wounded", 16, 16, 16)),
        ("Another was injured.", ("wounded", 1, 1, 1)),
        ("Twenty-one soldiers were killed.", ("killed", 21, 21, 21)),
    ],
)
def test_word_ranges_and_another_n(sentence: str, figure: tuple[str, int, int | None, int]) -> None:
    assert [(f.kind, f.low, f.best, f.high) for f in find_figures(sentence)] == [figure]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a manner adverb between the victims and a bare participle ("[were] badly hurt")
        ("Two guards were killed and 17 others badly hurt in the raid.", [("killed", 2), ("wounded", 17)]),
        ("Five villagers critically wounded in the shelling.", [("wounded", 5)]),
        # ... but an adverb does not make an active verb passive
        ("Two gunmen also killed four herders.", [("killed", 4)]),
        # non-state fighters named as a class are victims too
        ("Troops killed 30 terrorists near the pass.", [("killed", 30)]),
        ("The guards killed around 20 of the attackers at the gate.", [("killed", 20)]),
        ("Three blue helmets were hurt when a shell hit their base.", [("wounded", 3)]),
        ("A border agent was killed by a drone strike.", [("killed", 1)]),
        ("A combat medic was seriously wounded.", [("wounded", 1)]),
        # the harmed counted by who they were
        ("Two of the dead were herders, the governor said.", [("killed", 2)]),
        ("Three of the wounded are young children.", [("wounded", 3)]),
        ("Two of them were killed.", [("killed", 2)]),
        # an "of" phrase after the victims ends at the harm words
        ("Three soldiers of the border battalion died in the attack.", [("killed", 3)]),
        ("Two officers of the brigade went missing.", [("missing", 2)]),
        ("Three soldiers from the border unit died.", [("killed", 3)]),
        ("Two guards with the convoy died of their wounds.", [("killed", 2)]),
    ],
)
def test_figures_of_further_victim_phrasings(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert [(f.kind, f.low) for f in find_figures(sentence) if counts(f, sentence)] == expected


def test_that_before_one_is_a_conjunction_not_a_pointer_back() -> None:
    said = "Police reported that one shepherd was wounded by a mine."
    assert [(f.kind, f.low) for f in find_figures(said) if counts(f, said)] == [("wounded", 1)]
    # "that soldier" points back at someone already counted
    back = "Officials said that soldier was killed on Monday."
    assert [f for f in find_figures(back) if counts(f, back)] == []


def test_a_people_whose_name_does_not_change_in_the_plural_is_counted() -> None:
    people = frozenset({"qorvese", "valdorians"})
    assert [(f.kind, f.low, f.subject) for f in find_figures("Four Qorvese were killed.", people)] == [
        ("killed", 4, "Qorvese")
    ]
    # standing before a victim noun it is a modifier, the noun the head
    (fig,) = find_figures("Four Qorvese soldiers were killed.", people)
    assert (fig.kind, fig.low, fig.subject) == ("killed", 4, "Qorvese soldiers")


@pytest.mark.parametrize(
    "sentence",
    [
        "In the disputed territory, two guards were captured.",
        "Across the disputed border, three herders were killed.",
    ],
)
def test_a_deny_word_used_as_an_adjective_denies_nothing(sentence: str) -> None:
    assert [f.negated for f in find_figures(sentence)] == [False]


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry disputed that three herders were killed.",
        "In denying reports that nine guards were killed, the ministry said two were hurt.",
        "The spokesman spoke on, dismissing claims that dozens of fighters had been killed.",
        "The group answered, rejecting reports that 40 of its men had been killed.",
    ],
)
def test_a_deny_word_as_a_verb_still_denies(sentence: str) -> None:
    assert find_figures(sentence)[0].negated


def test_the_harmed_counted_by_who_they_were_are_of_that_class() -> None:
    (fig,) = find_figures("Four of the dead were women.")
    assert (fig.kind, fig.low, fig.subject, fig.civilian) == ("killed", 4, "women", True)
    # no victim noun after the copula: no count of a class ("in critical condition")
    assert find_figures("Three of the injured are in critical condition.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Major Tal Orvan, Captain Ruben Dask and Sergeant Emil Varo were killed on Monday.",
            [("killed", 3)],
        ),
        ("Dear Comrades, Corporal Ani Vel and Private Dor Kess were killed by a shell.", [("killed", 2)]),
        ("Reservists Aram Tol and Levon Brisk died of their wounds.", [("killed", 2)]),
        ("Private Dor Kess was wounded by a sniper.", [("wounded", 1)]),
        # names that are no victims: places, or no harm words after them
        ("Upper Brenk and Lower Brenk were shelled overnight.", []),
        ("President Ilan Dorsk and Prime Minister Ora Vel met on Monday.", []),
    ],
)
def test_victims_named_one_by_one_are_counted_by_their_names(
    sentence: str, expected: list[tuple[str, int]]
) -> None:
    assert [(f.kind, f.low) for f in find_figures(sentence) if counts(f, sentence)] == expected


def test_the_following_victims_are_counted_by_the_list_that_follows() -> None:
    head = "The following soldiers were killed in the raid on Monday:"
    items = "- Major Tal Orvan;\n\n- Sergeant Emil Varo;\n- 3. Private Dor Kess."
    text = f"Shelling began at dawn.\n\n{head}\n\n{items}\n\nThe ministry mourned them."
    end = text.index(head) + len(head)
    (fig,) = [listed(f, head, text, end) for f in find_figures(head)]
    assert (fig.kind, fig.low, fig.best, fig.qualifier) == ("killed", 3, 3, "")
    assert counts(fig, head)
    # without a list after it, "the following" counts nothing (a bare plural is no count)
    (bare,) = [listed(f, head, head, len(head)) for f in find_figures(head)]
    assert bare.qualifier == "plural" and not counts(bare, head)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "no one" is nobody, not one
        ("No one was killed in the raid on the depot.", ("killed", 0)),
        ("No one was hurt when the shell hit the school.", ("casualties", 0)),
        # harm named without its kind: an explicit zero of unspecified casualties
        ("No civilians were harmed in the operation.", ("casualties", 0)),
        # people in hospital are wounded
        ("Six other people remain in hospital.", ("wounded", 6)),
        ("Four villagers are receiving treatment.", ("wounded", 4)),
        # a military statement's idiom for killing people
        ("Our units destroyed up to 40 enemy soldiers near the ridge.", ("killed", 40)),
        # the speaker's own dead, named as its heroes
        ("We lost four of our heroes in the battle.", ("killed", 4)),
    ],
)
def test_harm_worded_as_news_words_it(sentence: str, expected: tuple[str, int]) -> None:
    # a bound ("up to N") states its high only
    assert [(f.kind, f.best if f.best is not None else f.high) for f in find_figures(sentence)] == [expected]


def test_a_quoted_noun_after_a_number_still_follows_it() -> None:
    # "destroyed six 'camps'" counts camps, not people; the quotes do not make the number stand alone
    figs = find_figures("Commandos destroyed six 'training camps' and killed 12 fighters.")
    assert [(f.kind, f.best) for f in figs] == [("killed", 12)]


@pytest.mark.parametrize(
    ("sentence", "kind", "n", "subject"),
    [
        ("A blast killed 12 people near the market.", "killed", 12, "people"),
        ("An air strike killed 4 people on Monday.", "killed", 4, "people"),
        ("An ambush killed 6 soldiers.", "killed", 6, "soldiers"),
        ("A suicide bomber killed 30 people at a checkpoint.", "killed", 30, "people"),
        ("A raid wounded 4 soldiers.", "wounded", 4, "soldiers"),
    ],
)
def test_an_event_noun_before_its_verb_and_object_is_no_victim(
    sentence: str, kind: str, n: int, subject: str
) -> None:
    # "a blast killed 12 people": the participle after a noun and before its object is the noun's
    # verb, so "a blast" is no victim counted one
    (f,) = find_figures(sentence)
    assert (f.kind, f.best, f.subject) == (kind, n, subject)


def test_a_headline_count_of_the_killed_stays_a_figure() -> None:
    (f,) = find_figures("Three killed in a blast near the market")
    assert (f.kind, f.best) == ("killed", 3)


@pytest.mark.parametrize(
    ("sentence", "total"),
    [
        # ranks are people: each singular one counts one in a list of the dead
        ("A Valdorian general, a colonel, and five more soldiers were killed on Tuesday.", 7),
        ("A major, a sergeant and three privates were killed in the ambush.", 5),
        ("A lieutenant colonel and two conscripts died of their wounds.", 3),
        # an idiom or a modifier is no rank
        ("In general, three soldiers were killed.", 3),
        ("A major attack left two soldiers dead.", 2),
        ("A general strike was called after two soldiers were killed.", 2),
        # kin are people: "my aunt and her three daughters" are four
        ("My aunt and her three daughters died when the roof fell in.", 4),
        ("Two cousins were wounded by the shell.", 2),
        ("His wife and their four grandchildren were killed in the strike.", 5),
    ],
)
def test_ranks_and_kin_count_in_a_list_of_victims(sentence: str, total: int) -> None:
    figs = sum_conjuncts(find_figures(sentence), sentence)
    assert [f.best for f in figs] == [total], figs


def test_a_singular_people_word_after_a_count_modifies_a_thing() -> None:
    people = frozenset({"ostravians"})
    assert find_figures("Drones destroyed 11 Ostravian armoured vehicles and 6 trucks.", people) == []
    assert find_figures("Drones destroyed 11 Georgian armoured vehicles.") == []
    figs = find_figures("Troops killed 11 Georgian soldiers and destroyed 3 tanks.")
    assert [(f.kind, f.best) for f in figs] == [("killed", 11)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a place or side phrase and then an aside between the victims and their verb
        (
            "Officials said at least 70 people on their side, including children, were killed.",
            [("killed", 70)],
        ),
        ("Four soldiers from the border unit, two of them officers, died in the attack.", [("killed", 4)]),
        ("Nine people in the valley (most of them herders) were wounded by the shells.", [("wounded", 9)]),
        # an aside with a verb of its own is a clause, not an aside
        ("Ten people in the village, which was shelled, said they had fled.", []),
    ],
)
def test_victims_reach_their_verb_across_a_place_and_an_aside(
    sentence: str, expected: list[tuple[str, int]]
) -> None:
    assert [(f.kind, f.best) for f in find_figures(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 97 people sought medical help after the strike.",
        "Nine residents received medical treatment, the hospital said.",
        "Some 30 people required medical treatment after the blast.",
    ],
)
def test_people_who_needed_medical_care_are_wounded(sentence: str) -> None:
    assert [f.kind for f in find_figures(sentence)] == ["wounded"]
    assert find_figures("The hospital received medical supplies for 40 people.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Six people were taken to hospital after the blast.", [("wounded", 6)]),
        ("Three soldiers were rushed to the hospital after the blast.", [("wounded", 3)]),
        # the dead stay dead wherever they were taken
        ("Five bodies were taken to hospital.", [("killed", 5)]),
        ("Two dead and five wounded were taken to hospital.", [("killed", 2), ("wounded", 5)]),
        # where uncounted wounded went is no claim of its own
        ("The wounded soldiers were taken to hospital.", []),
        # a limb lost is a wound
        ("A soldier lost a foot when a mine went off under him.", [("wounded", 1)]),
        ("The army lost two tanks and a hand grenade.", []),
    ],
)
def test_where_the_wounded_were_taken_and_what_they_lost(
    sentence: str, expected: list[tuple[str, int]]
) -> None:
    assert [(f.kind, f.best) for f in find_figures(sentence)] == expected


def test_the_victims_a_figure_includes_are_not_the_next_clauses_subject() -> None:
    s = "More than 25 fighters were killed, including three of their officers, and many others were wounded."
    assert [(f.kind, f.low, f.subject) for f in find_figures(s)] == [
        ("killed", 25, "fighters"),
        ("wounded", 2, "others"),  # many others: not the two commanders
    ]


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        # a civilian named among people is who they were, not a count of its own
        ("Seven people, including a woman, were wounded by the shelling.", [7]),
        # a combatant among people is one of another kind
        ("Eleven people, including a soldier, were killed by the shelling.", [11, 1]),
        ("Eleven people, including three children, were killed by the shelling.", [11, 3]),
    ],
)
def test_one_civilian_named_among_the_victims_is_no_figure_of_its_own(
    sentence: str, parts: list[int]
) -> None:
    assert [f.best for f in find_figures(sentence)] == parts


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an armed group's "brothers" are its fighters: no kin word, no civilian
        ("Three of our brothers were martyred in the raid.", [("killed", 3)]),
        ("His brother was killed in the strike.", [("killed", 1)]),
        # an address is no victim
        ("Dear brothers, two soldiers were killed.", [("killed", 2)]),
        # a count in scare quotes is still the count
        ('The ministry said its drones had killed "up to 45" soldiers.', [("killed", 45)]),
        ("It said “12” soldiers died in the raid.", [("killed", 12)]),
    ],
)
def test_brothers_addresses_and_quoted_counts(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert [(f.kind, f.best if f.best is not None else f.high) for f in find_figures(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a total, then between commas, dashes or brackets the kinds of people it is made of
        (
            "At least 9 people, 6 civilians and three soldiers, were killed in the shelling.",
            [("killed", 9), ("killed", 6), ("killed", 3)],
        ),
        (
            "At least 9 people — 7 civilians and one soldier each from the army and the police — "
            "lost their lives in the shelling.",
            [("killed", 9), ("killed", 7), ("killed", 2)],
        ),
        (
            "At least 9 people (6 civilians and three soldiers) died in the shelling.",
            [("killed", 9), ("killed", 6), ("killed", 3)],
        ),
        # a list of victims is no breakdown
        (
            "Five soldiers, two civilians and three policemen were killed.",
            [("killed", 5), ("killed", 2), ("killed", 3)],
        ),
        # a name's short form in brackets does not end the list of victims
        (
            "Seven people including two soldiers, a Rapid Reaction Force (RRF) officer and four civilians "
            "were killed.",
            [("killed", 7), ("killed", 2), ("killed", 1), ("killed", 4)],
        ),
        ("A ranger lost an arm in the blast.", [("wounded", 1)]),
    ],
)
def test_a_total_broken_down_and_lists_with_short_names(
    sentence: str, expected: list[tuple[str, int]]
) -> None:
    figs = find_figures(sentence)
    assert [(f.kind, f.best if f.best is not None else f.low) for f in figs] == expected
    _check_offsets(sentence, figs)


def test_a_participle_after_a_noun_and_before_a_count_is_that_nouns_verb() -> None:
    # "a busy junction killed more than 500": the count is the victims, not "a … junction killed"
    s = "In 2017, a truck bombing at a busy Varno junction killed more than 500 people."
    assert _summary(s) == [("killed", 500, "people")]
    s = "A strike on a crowded market wounded more than 40, officials said."
    assert _summary(s) == [("wounded", 40, "")]


def test_conjoined_objects_of_one_harm_verb_are_one_count() -> None:
    s = "Shells fell on the village, killing a woman and two children."
    assert [(f.kind, f.low, f.subject) for f in sum_conjuncts(find_figures(s), s)] == [
        ("killed", 3, "a woman and two children")
    ]
    # a comma alone names the victims already counted; other kinds of people stay apart
    s = "Shells fell on the village, wounding two civilians, a woman and a boy."
    assert next(f.low for f in sum_conjuncts(find_figures(s), s)) == 2
    s = "The shelling killed two soldiers and three civilians."
    assert [f.low for f in sum_conjuncts(find_figures(s), s)] == [2, 3]


def test_a_count_still_being_treated_is_wounded_but_not_how_captives_are_treated() -> None:
    assert _summary("We lost five soldiers, and eleven are still being treated.") == [
        ("killed", 5, "soldiers"),
        ("wounded", 11, ""),
    ]
    assert _summary("Three civilians were treated for shrapnel wounds.") == [("wounded", 3, "civilians")]
    # no count, or how they were treated: no casualty
    assert not [f for f in find_figures("The captured pilot is being treated well.") if f.kind == "wounded"]
    assert not [f for f in find_figures("Two prisoners were treated humanely.") if f.kind == "wounded"]


def test_a_speaker_verb_or_a_count_ends_an_of_phrase() -> None:
    # "residents of the village said three civilians …": the residents speak, the civilians died
    s = "Residents of Kelm said three civilians, including a boy, were killed when a shell hit their home."
    assert _summary(s) == [("killed", 3, "civilians")]
    assert _summary("Soldiers of the brigade were killed.") == [("killed", 2, "Soldiers of the brigade")]


def test_a_counted_name_of_people_the_lexicon_does_not_know_is_the_victims_noun() -> None:
    # a group's name for its enemy, or a people the reference data lacks
    s = "More than 40 Varangi were eliminated, including two commanders, and many others were wounded."
    assert next((f.kind, f.low, f.subject) for f in find_figures(s)) == ("killed", 40, "Varangi")
    assert _summary("At least 12 Kurds were killed.") == [("killed", 12, "Kurds")]
    # a capitalised word before a noun is that noun's modifier, as before
    assert _summary("Two Ostravian soldiers were killed.") == [("killed", 2, "Ostravian soldiers")]


@pytest.mark.parametrize(
    ("sentence", "low", "subject"),
    [
        ("The group said it had killed “more than 30 soldiers” in the raid.", 30, "soldiers"),
        ("The army said the rebels lost “at least 12 fighters” in the fighting.", 12, "fighters"),
        ("The offensive left “about fifteen armed bandits” dead, the army said.", 15, "armed bandits"),
    ],
)
def test_a_count_quoted_as_the_speakers_words_is_read(sentence: str, low: int, subject: str) -> None:
    assert [(f.low, f.subject) for f in find_figures(sentence)] == [(low, subject)]


def test_a_quoted_harm_phrase_without_a_number_is_not_a_quoted_count() -> None:
    # the sentence counts its victims itself; the quote holds no count of its own
    sentence = "A colonel and five soldiers had “heroically died in action” on Tuesday."
    assert all(f.low != 6 for f in find_figures(sentence))


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("All our fighters returned safely to their positions after the raid.", "casualties"),
        ("The unit withdrew to its base unharmed.", "casualties"),
        ("The army did not record any loss of human life.", "killed"),
    ],
)
def test_a_communiques_safe_return_or_no_loss_of_life_is_a_stated_zero(sentence: str, kind: str) -> None:
    f = _one(sentence)
    assert (f.kind, f.low, f.best, f.negated) == (kind, 0, 0, True)


@pytest.mark.parametrize(
    "sentence",
    [
        "Refugees returned safely to their villages last year.",
        "The patrol returned to base after the attack.",
    ],
)
def test_people_who_are_no_fighters_returning_safely_state_no_zero(sentence: str) -> None:
    assert find_figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "kind", "low"),
    [
        # a quoted vague count, its full stop inside the quotes (American style)
        ('The rebels said they had killed or wounded "dozens."', "casualties", 24),
        ('The ministry said the army killed "more than 30 fighters," a spokesman added.', "killed", 30),
    ],
)
def test_a_quoted_count_with_its_punctuation_inside_the_quotes_is_read(
    sentence: str, kind: str, low: int
) -> None:
    f = _one(sentence)
    assert (f.kind, f.low) == (kind, low)
