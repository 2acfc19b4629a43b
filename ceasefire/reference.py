"""Reference data in one object: parties and institutions, places, outlets.

The bundled data (``ceasefire/data``) plus the user's files: conflict profiles (``--profile`` /
the ``profiles`` setting) and outlet registries (``--outlets`` / ``outlets_files``), loaded once
per set of files. A conflict profile lets a user work on a conflict the bundled data does not
know, without code::

    {
      "name": "Ruritania-Graustark border conflict",
      "parties": [
        {"code": "XR", "name": "Ruritania", "names": ["Republic of Ruritania"],
         "demonyms": ["Ruritanian", "Ruritanians"], "opponents": ["XG"],
         "latitude": 50.1, "longitude": 14.4},
        ...
      ],
      "actors": [  # institutions and people, the schema of data/actors.json
        {"id": "XR-ARMY", "name": "Ruritanian Army", "side": "XR", "kind": "armed_forces",
         "inter": 1, "aliases": ["Royal Guard"]}
      ],
      "places": [  # local and front-line places, the columns of data/gazetteer/curated.tsv
        {"name": "Zenda", "alternate_names": "Zendau", "country": "XR", "admin1": "Zenda Province",
         "latitude": 50.2, "longitude": 14.1, "feature": "village", "precision": "exact",
         "source": "our survey"}
      ]
    }

The API entry points select the reference data from their settings (:func:`use`) and pass the
object on: ``extract_documents(..., reference=...)`` and ``build_nlp(reference=...)`` hand it to
each extraction component's ``initialize()`` (actor index, gazetteer, lexicons). A stage given no
reference object takes the one in force (:func:`resolve`): the bundled data until :func:`use`
is called. No extraction module reaches for it by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .extract.actors import ActorIndex
from .extract.gazetteer import Gazetteer
from .extract.lexicons import Lexicons
from .ingest.outlets import OutletRegistry


@dataclass(frozen=True)
class Reference:
    actors: ActorIndex
    gazetteer: Gazetteer
    outlets: OutletRegistry
    version: str  # "" for the bundled data alone; a hash of the user's files otherwise
    # the user's files it was loaded from (profiles, outlet files): what a spawned worker loads
    files: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    # the word lists of data/lexicons, each file loaded on first use
    lexicons: Lexicons = field(default_factory=Lexicons)


def read_profile(path: str | Path) -> dict[str, Any]:
    """A conflict profile, checked enough that a mistake is one clear line."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read conflict profile {p}: {e.strerror}") from e
    except json.JSONDecodeError as e:
        raise ConfigError(f"conflict profile {p} is not valid JSON: {e}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"conflict profile {p}: expected an object with parties, actors, places")
    for i, party in enumerate(data.get("parties", ())):
        if not isinstance(party, dict) or not party.get("code"):
            raise ConfigError(f"conflict profile {p}: party {i + 1} needs a 'code'")
    for i, place in enumerate(data.get("places", ())):
        missing = [k for k in ("name", "country", "latitude", "longitude") if k not in place]
        if missing:
            raise ConfigError(f"conflict profile {p}: place {i + 1} lacks {', '.join(missing)}")
    data["_path"] = str(p)
    return data


def _place_rows(profile: Mapping[str, Any]) -> list[dict[str, str]]:
    """The profile's places (and its parties as countries) as gazetteer rows."""
    where = str(profile.get("_path", "profile"))
    rows: list[dict[str, str]] = []
    for party in profile.get("parties", ()):
        if party.get("latitude") is None or party.get("longitude") is None or not party.get("name"):
            continue
        rows.append(
            {
                "name": str(party["name"]),
                "alternate_names": "|".join(str(n) for n in party.get("names", ())),
                "country": str(party["code"]),
                "latitude": str(party["latitude"]),
                "longitude": str(party["longitude"]),
                "feature": "country",
                "precision": "country",
                "source": where,
            }
        )
    for place in profile.get("places", ()):
        alt = place.get("alternate_names", "")
        rows.append(
            {
                "name": str(place["name"]),
                "alternate_names": "|".join(alt) if isinstance(alt, list) else str(alt),
                "country": str(place["country"]),
                "admin1": str(place.get("admin1", "")),
                "latitude": str(place["latitude"]),
                "longitude": str(place["longitude"]),
                "feature": str(place.get("feature", "village")),
                "precision": str(place.get("precision", "exact")),
                "population": str(place.get("population", "")),
                "source": str(place.get("source", where)),
            }
        )
    return rows


@lru_cache(maxsize=4)
def load_reference(profiles: tuple[str, ...] = (), outlets_files: tuple[str, ...] = ()) -> Reference:
    """The reference data for these user files (bundled data alone when both are empty)."""
    parsed = [read_profile(p) for p in profiles]
    h = hashlib.sha1()
    for path in (*profiles, *outlets_files):
        try:
            h.update(Path(path).read_bytes())
        except OSError as e:
            raise ConfigError(f"cannot read {path}: {e.strerror}") from e
    rows = [row for profile in parsed for row in _place_rows(profile)]
    return Reference(
        actors=ActorIndex.load(profiles=parsed),
        gazetteer=Gazetteer.load(extra_rows=rows),
        outlets=OutletRegistry.load(outlets_files),
        version=h.hexdigest()[:8] if profiles or outlets_files else "",
        files=(tuple(profiles), tuple(outlets_files)),
    )


_in_force: list[tuple[tuple[str, ...], tuple[str, ...]]] = [((), ())]


def use(profiles: Sequence[str] = (), outlets_files: Sequence[str] = ()) -> Reference:
    """Put these user files in force for the stages that follow; returns their reference data."""
    key = (tuple(str(p) for p in profiles), tuple(str(p) for p in outlets_files))
    ref = load_reference(*key)  # load first: a bad file leaves the previous data in force
    _in_force[0] = key
    return ref


def in_force() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The user files in force (profiles, outlet files): what a worker process passes to :func:`use`."""
    return _in_force[0]


def current() -> Reference:
    """The reference data in force (the bundled data until :func:`use` is called)."""
    return load_reference(*_in_force[0])


def resolve(reference: Reference | None) -> Reference:
    """``reference`` itself, else the reference data in force: the one default, for callers at
    the API boundary that were given no reference object."""
    return reference if reference is not None else current()


__all__ = ["Reference", "current", "in_force", "load_reference", "read_profile", "resolve", "use"]
