"""What the realnews scorer and its baselines share: the claim-kind vocabulary of the format,
the side words of the reference data, and the records of a predicted claim and of the corpus.

``realnews`` (the scorer) and ``baselines`` both import this module; it imports neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

CASUALTY = frozenset({"killed", "wounded", "captured", "missing", "casualties_unspecified"})
# the claim-kind vocabulary of the format: English words, the same for every conflict
_KIND = {
    "dead": "killed",
    "death": "killed",
    "deaths": "killed",
    "fatalities": "killed",
    "killed": "killed",
    "injured": "wounded",
    "wounded": "wounded",
    "injuries": "wounded",
    "captured": "captured",
    "prisoners": "captured",
    "detained": "captured",
    "taken_prisoner": "captured",
    "missing": "missing",
    "casualties": "casualties_unspecified",
    "casualty": "casualties_unspecified",
    "casualties_unspecified": "casualties_unspecified",
    "unspecified": "casualties_unspecified",
    "harmed": "casualties_unspecified",
}
_LENIENT = frozenset({"killed", "casualties_unspecified"})


def side_words() -> dict[str, str]:
    """Country names and demonyms of the project's reference data, lower-cased, to codes."""
    try:
        from ..extract.lexicons import load

        rules = load("roles")
    except (OSError, ValueError):
        return {}
    words: dict[str, str] = {}
    for table in ("countries", "demonyms"):
        for name, code in dict(rules.get(table, {})).items():
            words.setdefault(str(name).lower(), str(code))
    return words


def kind(value: object) -> str:
    s = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    return _KIND.get(s, s)


def kinds_agree(a: str, b: str) -> bool:
    return a == b or (a in _LENIENT and b in _LENIENT)


@dataclass(frozen=True)
class PredClaim:
    doc: str  # the report's file name
    kind: str
    side: str
    claimant_side: str
    claimant: str
    iv: tuple[float, float] | None
    best: float | None
    incident: str
    quote: str


@dataclass(frozen=True)
class PredStatement:
    doc: str
    type: str
    side: str


@dataclass(frozen=True)
class RealnewsGold:
    root: Path
    documents: tuple[dict[str, Any], ...]
    cross_document: dict[str, str]  # gold incident id -> cross-document incident id
    conflict: dict[str, str]  # file -> conflict (manifest)
    url2file: dict[str, str]

    @property
    def files(self) -> list[str]:
        return [str(d["file"]) for d in self.documents]
