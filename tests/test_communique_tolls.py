"""Tolls as communiqués write them: a heading ("Provisional toll:", "Enemy losses:") followed by
counts by side. Each test is an invented report of one error class and fails without its rule."""

from __future__ import annotations

import datetime as dt

from ceasefire.extract.figures import find_figures
from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, PubDate

PUB = PubDate(dt.date(2025, 2, 3), "day", "manifest")


def _claims(text: str, alignment: str, country: str) -> set[tuple[str, int | None, str]]:
    doc = Document(
        id="c", source="c", text=text, published=PUB, language="en", outlet="Press office",
        outlet_country=country, outlet_alignment=alignment,
    )  # fmt: skip
    ex = next(extract_documents([doc]))
    return {(c.kind, c.value_low, c.side_affected) for c in ex.claims}


def test_a_toll_heading_does_not_swallow_the_counts_that_have_harm_words_of_their_own() -> None:
    got = find_figures("Provisional toll: on the friendly side, 3 killed and 5 wounded.")
    assert [(f.kind, f.best, f.text) for f in got] == [("killed", 3, "3 killed"), ("wounded", 5, "5 wounded")]
    got = find_figures("Losses: 4 killed.")
    assert [(f.kind, f.best, f.text) for f in got] == [("killed", 4, "4 killed")]
    # a heading with a bare count is still read as the toll
    assert [(f.kind, f.best) for f in find_figures("The death toll rose to 12.")] == [("killed", 12)]


def test_counts_by_side_after_a_semicolon_take_the_side_each_heading_names() -> None:
    text = (
        "The army repelled an attack by JNIM terrorists on the camp at Tillia on Sunday.\n\n"
        "Provisional toll: on the friendly side, 3 killed and 5 wounded; on the enemy side, about "
        "thirty neutralised."
    )
    got = _claims(text, "NE", "NE")
    assert ("killed", 3, "NE") in got and ("wounded", 5, "NE") in got
    assert ("killed", 30, "JNIM") in got and ("killed", 30, "NE") not in got


def test_two_peoples_under_an_enemy_heading_are_two_counts_of_their_own_sides() -> None:
    text = (
        "Our fighters ambushed a convoy near Tillia in Niger on Sunday.\n\n"
        "Enemy losses: 17 soldiers of the Nigerien army and 6 Russian mercenaries killed."
    )
    got = _claims(text, "JNIM", "NE")
    assert ("killed", 17, "NE") in got and ("killed", 6, "RU") in got
    assert not any(low == 23 for _k, low, _s in got)


# -- subjects a clause or an aside keeps apart from their verb ------------------------------------


def _read(sentence: str) -> list[tuple[str, int | None]]:
    return [(f.kind, f.best) for f in find_figures(sentence)]


def test_a_relative_clause_between_the_victims_and_their_verb() -> None:
    assert _read("Eleven fighters who took part in the raid were neutralised.") == [("killed", 11)]
    assert _read("One gunman who tried to lay a mine near the post was captured alive.") == [("captured", 1)]
    # the clause closes with an aside: "among them …" is no "among the dead"
    got = _read("17 traders who had come to the fair, among them 4 boys, were killed and 9 wounded.")
    assert got == [("killed", 17), ("wounded", 9)]
    assert _read("12 villagers, among them 3 women, were killed.") == [("killed", 12)]
    # a count inside the clause is a figure of its own, not the subject's
    assert _read("Five guards who saw two comrades fall said the post held.") == []


def test_an_apposition_naming_the_victims_is_no_second_count() -> None:
    got = _read("Two farmers, a man and his nephew, were killed when a shell hit their cart.")
    assert got == [("killed", 2)]
    # a list stays a list
    assert ("killed", 2) in _read("Two soldiers, a nurse and a child were killed.")


def test_a_harm_word_in_scare_quotes_is_read() -> None:
    got = _read('Officials said three members of the cell had been "neutralised" overnight.')
    assert got == [("killed", 3)]
    assert _read('The rebels said four "mercenaries" were killed.') == [("killed", 4)]


def test_no_one_hurt_is_a_zero_of_any_casualty_and_three_hurt_are_wounded() -> None:
    assert _read("No one was hurt in the shelling.") == [("casualties", 0)]
    assert _read("Three people were hurt in the shelling.") == [("wounded", 3)]
    assert _read("No soldier was injured.") == [("wounded", 0)]


def test_on_the_side_of_the_enemy_heads_the_enemy_s_toll() -> None:
    text = (
        "The army repelled an attack by JNIM fighters on the camp at Tillia on Sunday.\n\n"
        "Toll: on the side of the terrorists, 7 neutralised and 3 rifles recovered; on our side, "
        "1 soldier killed."
    )
    got = _claims(text, "NE", "NE")
    assert ("killed", 7, "JNIM") in got and ("killed", 1, "NE") in got


def test_animals_are_never_victims_and_wiped_out_is_killed() -> None:
    # a plural the lexicon does not list is read as people before "were killed": not livestock
    assert _read("Twelve goats were killed by the shelling.") == []
    assert _read("40 cows and 3 camels were killed.") == []
    assert _read("In the raid 6 soldiers were wiped out.") == [("killed", 6)]
    assert _read("The unit returned to its positions without suffering any losses.") == [("casualties", 0)]
