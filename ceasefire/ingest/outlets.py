"""The outlet registry: who published a report, and whose narrative that outlet carries.

The default registry is ``ceasefire/data/outlets.json``; users extend or override it with their
own files (``--outlets FILE`` or the ``outlets_files`` setting), same schema, later wins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ConfigError
from ..records import Outlet


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


@dataclass(frozen=True)
class OutletMatch:
    outlet: Outlet
    method: str  # domain | name | text
    evidence: str


class OutletRegistry:
    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self._by_id: dict[str, Outlet] = {}
        for o in outlets:
            self._by_id[o.id] = o  # later files override earlier entries
        self._by_domain: dict[str, Outlet] = {}
        self._by_name: dict[str, Outlet] = {}
        for o in self._by_id.values():
            for d in o.domains:
                self._by_domain[d.lower().removeprefix("www.")] = o
            for n in (o.name, *o.aliases, o.id):
                self._by_name.setdefault(_key(n), o)
        names = sorted(
            {n for o in self._by_id.values() for n in (o.name, *o.aliases) if len(n) >= 3},
            key=len,
            reverse=True,
        )
        # Case-sensitive: outlet names are proper nouns ("Beacon", "Courier" are also words).
        self._name_re = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
            if names
            else None
        )

    @classmethod
    def load(cls, extra: Sequence[str | Path] = ()) -> OutletRegistry:
        outlets = list(_default_outlets())
        for path in extra:
            outlets.extend(_read(Path(path)))
        return cls(outlets)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Outlet]:
        return iter(sorted(self._by_id.values(), key=lambda o: o.id))

    def get(self, outlet_id: str) -> Outlet | None:
        return self._by_id.get(outlet_id)

    def by_domain(self, url: str) -> Outlet | None:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            if "." not in host:
                break
            host = host.split(".", 1)[1]
        return None

    def by_name(self, name: str) -> Outlet | None:
        return self._by_name.get(_key(name)) if name else None

    def find_in_text(self, lines: Iterable[str]) -> OutletMatch | None:
        """An outlet named in masthead/footer lines ("X's daily newsletter", "© X")."""
        if self._name_re is None:
            return None
        for line in lines:
            m = self._name_re.search(line)
            if m:
                o = self.by_name(m.group(1))
                if o is not None:
                    return OutletMatch(o, "text", line)
        return None

    def resolve(self, name: str) -> tuple[str, Outlet | None]:
        """Registry id for a free-form outlet name (or the name itself when unknown)."""
        o = self.by_name(name)
        return (o.id, o) if o else (name.strip(), None)


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(str(a) for a in value)
    return ()


def _outlet(d: dict[str, object], where: str) -> Outlet:
    try:
        return Outlet(
            id=str(d["id"]),
            name=str(d["name"]),
            country=str(d.get("country", "")),
            alignment=str(d.get("alignment", "")),
            state_owned=bool(d.get("state_owned", False)),
            aliases=_strings(d.get("aliases")),
            domains=_strings(d.get("domains")),
            source=str(d.get("note", d.get("source", ""))),
        )
    except KeyError as e:
        raise ConfigError(f"outlet registry {where}: an entry lacks {e.args[0]!r}") from e


def _parse(raw: str, where: str) -> list[Outlet]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ConfigError(f"outlet registry {where} is not valid JSON: {e}") from e
    items = data.get("outlets", []) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ConfigError(f"outlet registry {where}: expected a list of outlets")
    return [_outlet(d, where) for d in items]


def _read(path: Path) -> list[Outlet]:
    try:
        return _parse(path.read_text(encoding="utf-8"), str(path))
    except OSError as e:
        raise ConfigError(f"cannot read outlet registry {path}: {e.strerror}") from e


@lru_cache(maxsize=1)
def _default_outlets() -> tuple[Outlet, ...]:
    res = files("ceasefire") / "data" / "outlets.json"
    return tuple(_parse(res.read_text("utf-8"), "ceasefire/data/outlets.json"))
