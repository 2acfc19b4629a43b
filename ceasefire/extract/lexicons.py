"""The word lists of ``ceasefire/data/lexicons``: each file read once, on first use, never at
import. The reference object offers them as ``reference.lexicons["<name>"]``; the fact modules
that have no reference object at hand (a rule applied to one sentence) read them through
:func:`load`, the same cached files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any


@cache
def load(name: str) -> Mapping[str, Any]:
    """``data/lexicons/<name>.json``, parsed once."""
    path = files("ceasefire") / "data" / "lexicons" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


class Lexicons:
    """The lexicon files by name (``lexicons["places"]``): the bundled files, each loaded on first
    use, unless ``overrides`` gives a name's content (a test's small in-memory lexicon)."""

    def __init__(self, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._overrides = dict(overrides or {})

    def __getitem__(self, name: str) -> Mapping[str, Any]:
        if name in self._overrides:
            return self._overrides[name]
        return load(name)


__all__ = ["Lexicons", "load"]
