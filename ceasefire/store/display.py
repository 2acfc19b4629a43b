"""How a document's recorded source is shown in shared outputs: never an absolute local path.

Ingest records a file as the user gave it, relative to where the command ran
(:func:`ceasefire.ingest.sources.shown_base`). Stores written before that, and the Spark job
(which reads resolved paths), hold absolute paths: they are shown by the file's name and what
follows it (a feed entry's ``#link``, a dump's ``:line``), so that a CSV, a JSON export, a report
or a web page never tells where the ingesting machine kept its files (home folders included).
URLs and relative paths are shown as they are.
"""

from __future__ import annotations

import re

__all__ = ["is_local_absolute", "public_source"]

# /abs/path, file:/abs/path, file:///abs/path, file://host/path, C:\ or C:/, \\server\share
_LOCAL_ABSOLUTE = re.compile(r"^(?:/|file:|[A-Za-z]:[\\/]|\\\\)", re.IGNORECASE)
# the path, then a feed entry (#...) or a dump line (:123) that the readers append
_SUFFIX = re.compile(r"^(?P<path>[^#]*?)(?P<rest>#.*|:\d+)?$", re.DOTALL)


def is_local_absolute(source: str) -> bool:
    """True for an absolute local path or a ``file:`` URL, which shared outputs must not carry."""
    return bool(_LOCAL_ABSOLUTE.match(source))


def public_source(source: str) -> str:
    """``source`` as shared outputs show it: an absolute local path (or ``file:`` URL) becomes
    the file's name with its ``#entry`` / ``:line`` suffix; anything else is returned unchanged."""
    if not source or not is_local_absolute(source):
        return source
    m = _SUFFIX.match(source)
    path, rest = (m.group("path"), m.group("rest") or "") if m else (source, "")
    name = re.split(r"[\\/]", path.rstrip("\\/"))[-1]
    if not name or re.fullmatch(r"[A-Za-z]:|file:", name, re.IGNORECASE):
        name = "(local file)"  # a bare root ("/", "C:\\"): nothing of it may be shown
    return name + rest
