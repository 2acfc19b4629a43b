"""Issue 5 acceptance on the real seed articles (skipped when ../shared/seeds is absent)."""

from __future__ import annotations

import math
from pathlib import Path

from ceasefire.api import extract
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.settings import Settings
from ceasefire.store import Store


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


def test_seed_extraction_acceptance(seeds: Path, tmp_path: Path) -> None:
    store = Store(str(tmp_path / "s.db"))
    ingest_sources([seeds], store=store, settings=Settings())
    extract(store=store)
    docs = {d.id: d for d in store.documents()}
    claims = store.claims()
    mentions = store.mentions()

    # every evidence span slices its document's stored text exactly
    for x in [*claims, *mentions]:
        assert docs[x.evidence.document_id].text[x.evidence.start : x.evidence.end] == x.evidence.text

    # November 2021: Baku's ministry's figures about its own side, and Armenia's officials' figures
    def claim(kind: str, side: str, value: int, claimant: str) -> list:  # type: ignore[type-arg]
        return [
            c
            for c in claims
            if (c.kind, c.side_affected, c.value_low, c.claimant) == (kind, side, value, claimant)
        ]

    seven = claim("killed", "AZ", 7, "AZ-MOD")
    assert seven and claim("wounded", "AZ", 10, "AZ-MOD")
    assert any(c.evidence.text.startswith("Seven Azerbaijani soldiers were killed") for c in seven)
    assert claim("captured", "AM", 13, "AM-GOV") and claim("missing", "AM", 24, "AM-GOV")
    assert claim("casualties", "AM", 1, "AM-GOV")

    # January 2022: one Azerbaijani serviceman killed in the Kalbajar direction, an armed clash
    jan = [c for c in claims if "killing of Azerbaijani serviceman" in c.evidence.text]
    assert [(c.kind, c.side_affected, c.value_low) for c in jan] == [("killed", "AZ", 1)]
    m = next(m for m in mentions if m.id == jan[0].mention_id)
    assert (m.event_type, m.sub_event_type) == ("Battles", "Armed clash")
    assert m.places and m.places[0].country == "AZ"
    assert _km(m.places[0].latitude, m.places[0].longitude, 40.10, 46.04) < 30  # Kalbajar

    # the president's range, about the enemy
    rng = [c for c in claims if c.value_low == 6 and c.value_high == 8]
    assert [(c.kind, c.side_affected, c.claimant, c.claimant_side) for c in rng] == [
        ("killed", "AM", "AZ-PRES", "AZ")
    ]

    # numbers that are not casualties of the incidents
    for c in claims:
        assert c.value_low not in (300, 6600, 2000, 44), c
        assert "300 settlements" not in c.evidence.text and "6,600" not in c.evidence.text

    # October 2024: a war of words, not a battle
    oct24 = next(d for d in docs.values() if "dangerous games" in d.text)
    ms = [m for m in mentions if m.document_id == oct24.id and not m.background]
    assert ms and all(m.event_type == "Statement" for m in ms)
    assert any(m.sub_event_type == "threaten" and m.claimant == "AZ-PRES" for m in ms)
    kinds = {m.sub_event_type for m in ms if m.claimant == "AM-MFA"}
    assert "accuse" in kinds and "deny" in kinds
