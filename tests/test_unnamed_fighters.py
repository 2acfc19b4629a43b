"""Whose fighters and soldiers a figure counts when the victims' words name no party: invented
reports of a fictional war (a conflict profile), one error class per test, each failing without
its rule."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire import reference
from ceasefire.extract.run import extract_documents
from ceasefire.records import Document, PubDate

PROFILE = {
    "name": "Ruritania's war with two armed groups (fictional)",
    "parties": [
        {
            "code": "XR",
            "name": "Ruritania",
            "demonyms": ["Ruritanian", "Ruritanians"],
            "opponents": ["XCF", "XVB"],
            "latitude": 50.08,
            "longitude": 14.42,
        },
        {"code": "XG", "name": "Graustark", "demonyms": ["Graustarkian"], "latitude": 47.5,
         "longitude": 19.04},
    ],
    "actors": [
        {"id": "XCF", "name": "Crimson Front", "side": "XCF", "kind": "rebel", "country": "XR",
         "inter": 2, "aliases": ["Crimson Front", "Crimson Communist Army", "Crimson Front guerrillas"]},
        {"id": "XVB", "name": "Valley Brotherhood", "side": "XVB", "kind": "rebel", "country": "XR",
         "inter": 2, "aliases": ["Valley Brotherhood", "Brotherhood of the Valley"]},
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


def _claims(text: str) -> set[tuple[str, int | None, str]]:
    doc = Document(
        id="u", source="u", text=text, published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
        language="en", outlet="",
    )  # fmt: skip
    return {(c.kind, c.value_low, c.side_affected) for c in next(extract_documents([doc])).claims}


TEXT = (
    "Ruritanian troops killed three suspected communist guerrillas near Zendavar, while two "
    "soldiers died in a separate clash with Valley Brotherhood militants in the south, the "
    "military said on Monday.\n\n"
    "The clash near Zendavar began when troops came upon Crimson Front fighters."
)


def test_soldiers_no_word_places_are_the_one_state_s_whoever_the_sentence_names_firing(profile: Path) -> None:
    assert ("killed", 2, "XR") in _claims(TEXT)


def test_unnamed_fighters_are_the_group_whose_names_hold_their_modifier(profile: Path) -> None:
    got = _claims(TEXT)
    assert ("killed", 3, "XCF") in got and ("killed", 3, "XVB") not in got


def test_civilians_hit_in_a_third_state_are_its_people_whoever_fired(profile: Path) -> None:
    text = (
        "Crimson Front fighters are sheltering across the border in Graustark.\n\n"
        "The Crimson Front said a Ruritanian drone killed two civilians near Vollenbruck on Sunday."
    )
    assert ("killed", 2, "XG") in _claims(text)


def test_civilians_no_party_claims_are_those_of_the_state_where_they_were_hit(profile: Path) -> None:
    text = (
        "Clashes between Ruritanian troops and Crimson Front fighters near Zendavar killed two "
        "civilians on Sunday."
    )
    assert ("killed", 2, "XR") in _claims(text)


def test_people_no_party_claims_are_those_of_the_state_where_they_were_hit(profile: Path) -> None:
    text = (
        "Clashes between Ruritanian troops and Crimson Front fighters near Zendavar killed five "
        "people on Sunday."
    )
    assert ("killed", 5, "XR") in _claims(text)
