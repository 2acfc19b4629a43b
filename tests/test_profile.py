"""A conflict profile for a conflict no bundled data knows (issue 11): its parties, demonyms,
opponents, institutions and places change sides and places without code. The conflict is
invented for the test."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from ceasefire import reference
from ceasefire.errors import ConfigError
from ceasefire.extract.run import extract_documents, extractor_version
from ceasefire.records import Document, Extraction, PubDate

PROFILE = {
    "name": "Ruritania-Graustark border conflict (fictional)",
    "parties": [
        {
            "code": "XR",
            "name": "Ruritania",
            "names": ["Kingdom of Ruritania"],
            "demonyms": ["Ruritanian", "Ruritanians"],
            "opponents": ["XG"],
            "latitude": 50.08,
            "longitude": 14.42,
        },
        {
            "code": "XG",
            "name": "Graustark",
            "demonyms": ["Graustarkian", "Graustarkians"],
            "opponents": ["XR"],
            "latitude": 47.5,
            "longitude": 19.04,
        },
    ],
    "actors": [
        {
            "id": "XR-MOD",
            "name": "Ruritanian Ministry of Defence",
            "side": "XR",
            "kind": "ministry",
            "inter": 1,
            "aliases": ["Ruritanian defence ministry", "War Office in Strelsau"],
        },
    ],
    "places": [
        {
            "name": "Zendavar",
            "alternate_names": ["Zenda Var"],
            "country": "XR",
            "admin1": "Zenda March",
            "latitude": 49.61,
            "longitude": 15.93,
            "feature": "village",
            "source": "test profile",
        },
    ],
}

TEXT = (
    "Graustarkian troops shelled the village of Zendavar on Monday, killing three people and "
    "wounding five others, the Ruritanian defence ministry said.\n"
)


@pytest.fixture()
def profile(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "ruritania.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    yield path
    reference.use()  # the bundled data again for the other tests


def _extract() -> tuple[set[tuple[str, str, str]], set[str]]:
    doc = Document(
        id="p",
        source="p",
        text=TEXT,
        published=PubDate(dt.date(2031, 5, 6), "day", "manifest"),
        language="en",
        outlet="",
    )
    ex = next(extract_documents([doc]))
    claims = {(c.kind, c.side_affected, c.claimant_side) for c in ex.claims}
    places = {p.name for m in ex.mentions for p in m.places}
    return claims, places


def test_without_a_profile_the_invented_conflict_has_no_sides_or_places() -> None:
    reference.use()
    claims, places = _extract()
    assert {side for _k, side, _c in claims} == {""}
    assert "Zendavar" not in places


def test_a_profile_gives_parties_sides_claimants_and_places(profile: Path) -> None:
    reference.use([str(profile)])
    claims, places = _extract()
    assert claims == {("killed", "XR", "XR"), ("wounded", "XR", "XR")}
    assert "Zendavar" in places
    assert reference.current().gazetteer.resolve("Zenda Var") is not None


def test_a_profile_changes_the_extractor_version(profile: Path) -> None:
    bundled = extractor_version()
    reference.use([str(profile)])
    assert extractor_version() != bundled  # a new profile re-extracts what it may change


def test_a_broken_profile_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"parties": [{"name": "no code"}]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a 'code'"):
        reference.use([str(bad)])
    assert reference.current().version == ""  # the previous reference data stays in force


def test_a_fighting_group_named_in_several_words_is_the_side_of_its_own_dead(tmp_path: Path) -> None:
    # no one word of "Silver Lance Brigades" names the group; the whole name does, wherever the
    # victims' noun phrase holds it
    group = {
        "id": "XSL",
        "name": "Silver Lance Brigades",
        "side": "XSL",
        "kind": "rebel",
        "inter": 2,
        "aliases": ["Silver Lance Brigades", "Silver Lance fighters", "Lance Command in Zendavar"],
    }
    council = {
        "id": "XG-SC",
        "name": "Crown Security Council",
        "side": "XG",
        "kind": "government",
        "inter": 1,
        "aliases": ["Crown Security Council"],
    }
    data = dict(PROFILE, actors=[*PROFILE["actors"], group, council])  # type: ignore[list-item]
    data["parties"] = [
        *PROFILE["parties"],
        {"code": "XSL", "name": "Silver Lance Brigades", "opponents": ["XR"]},
    ]  # type: ignore[list-item]
    path = tmp_path / "lance.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    reference.use([str(path)])
    try:
        pub = PubDate(dt.date(2031, 5, 6), "day", "manifest")

        def extract(text: str) -> Extraction:
            doc = Document(id="p", source="p", text=text, published=pub, language="en", outlet="")
            return next(extract_documents([doc]))

        def sides(text: str) -> set[tuple[str, str, int | None, str]]:
            return {(c.claimant_side, c.kind, c.value_low, c.side_affected) for c in extract(text).claims}

        ministry = "The Ruritanian defence ministry said it killed 14 members of the Silver Lance Brigades."
        assert sides(ministry) == {("XR", "killed", 14, "XSL")}
        nine = "Nine Silver Lance fighters were killed near Zendavar, the Ruritanian defence ministry said."
        assert sides(nine) == {("XR", "killed", 9, "XSL")}
        # a speaker whose name holds a place, and whose own fighters did the killing
        command = "The Lance Command in Zendavar said its fighters killed five soldiers."
        assert sides(command) == {("XSL", "killed", 5, "XR")}
        # a council's name (the other party's here) names no fighting party of the event
        council_met = "Ruritania condemned the attack on Zendavar, and the Crown Security Council met."
        assert {m.actor2_side for m in extract(council_met).mentions} == {""}
    finally:
        reference.use()
