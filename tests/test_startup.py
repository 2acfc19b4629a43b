"""What every process pays before its first document (issue 15): the bundled gazetteer is read
from a cache in the user's cache folder instead of being built again, and the cache can never
change a result (a damaged or unwritable cache only means building as before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.extract import gazetteer
from ceasefire.extract.gazetteer import Gazetteer


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each load found the cache (True) or built the gazetteer (False)."""
    seen: list[bool] = []
    real = gazetteer._BaseCache.read

    def spy(self: gazetteer._BaseCache) -> object:
        got = real(self)
        seen.append(got is not None)
        return got

    monkeypatch.setattr(gazetteer._BaseCache, "read", spy)
    return seen


def _same(a: Gazetteer, b: Gazetteer) -> None:
    assert a.entries() == b.entries() and len(a) > 30_000
    assert a._index == b._index and a.core_countries == b.core_countries
    for g in (a, b):  # the matcher's keys as names() gives them, built or read
        assert g.surface_keys()[0] == frozenset(key for _form, key in g.names())


def test_the_gazetteer_read_from_its_cache_is_the_one_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    seen = _reads(monkeypatch)
    built = Gazetteer.load()
    assert [p.name[:10] for p in (tmp_path / "ceasefire").iterdir()] == ["gazetteer-"]
    read = Gazetteer.load()
    assert seen == [False, True]
    _same(built, read)
    for name in ("Paris", "Lima", "Oslo", "Nowhereville"):
        assert built.candidates(name) == read.candidates(name)


def test_the_files_of_other_data_or_code_are_removed_when_the_cache_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "ceasefire"
    folder.mkdir()
    stale = [
        folder / "gazetteer-0123456789abcdef.marshal",
        folder / "gazetteer-0123456789abcdef-villages-x-FR.marshal",
    ]
    for f in stale:
        f.write_bytes(b"old")
    (folder / "notes.txt").write_text("not ours")
    Gazetteer.load()
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and "notes.txt" in names and not any(f.exists() for f in stale)


def test_a_damaged_cache_is_built_again_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = Gazetteer.load()
    (cached,) = (tmp_path / "ceasefire").iterdir()
    cached.write_bytes(cached.read_bytes()[:1000])  # cut short, as by a full disk
    seen = _reads(monkeypatch)
    again = Gazetteer.load()
    assert seen == [False]
    _same(built, again)
    assert Gazetteer.load().entries() == built.entries() and seen == [False, True]


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    seen = _reads(monkeypatch)
    assert len(Gazetteer.load()) > 30_000 and len(Gazetteer.load()) > 30_000
    assert seen == [False, False]


def test_a_profile_s_places_are_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    row = {
        "name": "Qwertyville",
        "country": "FR",
        "latitude": "40.0",
        "longitude": "45.0",
        "feature": "village",
        "source": "a profile",
    }
    seen = _reads(monkeypatch)
    gaz = Gazetteer.load(extra_rows=[row])
    assert seen == [] and not (tmp_path / "ceasefire").exists()
    assert [p.name for p in gaz.candidates("Qwertyville")] == ["Qwertyville"]


def test_a_country_s_villages_read_from_the_cache_are_those_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    countries = ["FR", "PE", "NO"]
    built = Gazetteer.load()
    built.load_countries(countries)  # builds and writes each country's file
    cached = Gazetteer.load()
    calls: list[str] = []
    with monkeypatch.context() as m:
        m.setattr(Gazetteer, "_villages_of", lambda self, cc: calls.append(cc))
        cached.load_countries(countries)
    assert calls == []  # nothing built again
    assert cached._pending == built._pending and len(built._pending) > 50
    assert cached._surface == built._surface and cached._village_header == built._village_header
    for name in sorted(built._surface["PE"])[:40:4]:  # villages, materialized on lookup
        assert cached.resolve(name, context=countries) == built.resolve(name, context=countries), name
