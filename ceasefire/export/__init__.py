"""Standard exports of reconciled incidents: ACLED-style CSV, a claims table, JSON, GeoJSON, Parquet.

Every export is deterministic: the same incidents give byte-identical files (incidents sorted by
date then id, claims by incident, document, offset and id; no current timestamps anywhere).
Files are written to a temporary name beside the target and renamed into place, so a failed
export never leaves a half-written file under the name the user asked for.

``export(store_or_incidents, fmt, path)`` is the one entry point; each format module also has
its own ``write_<fmt>(incidents, path)``. See docs/exports.md for the columns.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import ConfigError
from ..records import Incident, ReconciledClaim

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "FORMATS",
    "Country",
    "ExportResult",
    "country_info",
    "export",
    "filter_incidents",
    "outlet_name",
    "side_name",
    "sort_incidents",
    "sorted_claims",
]

FORMATS: tuple[str, ...] = ("acled-csv", "claims-csv", "json", "geojson", "parquet")


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote. ``note`` is a one-line summary for stderr (what was left out and why)."""

    paths: tuple[Path, ...]
    rows: int
    skipped: int = 0
    note: str = ""

    @property
    def path(self) -> Path:
        return self.paths[0]


@dataclass(frozen=True)
class Country:
    """A country as ACLED names it: ISO codes and ACLED region."""

    alpha2: str
    name: str
    iso3: str
    numeric: int
    region: str


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    raw = json.loads((files("ceasefire") / "data" / "iso_numeric.json").read_text(encoding="utf-8"))
    return {
        code: Country(code, v["name"], v["iso3"], int(v["numeric"]), v["region"])
        for code, v in raw["countries"].items()
    }


def country_info(alpha2: str) -> Country | None:
    """ISO alpha-3, numeric code, name and ACLED region of an ISO 3166-1 alpha-2 code."""
    return _countries().get(alpha2.upper()) if alpha2 else None


@lru_cache(maxsize=1)
def _outlets() -> Any:
    from ..ingest.outlets import OutletRegistry

    return OutletRegistry.load()


def outlet_name(outlet: str) -> str:
    """The display name of an outlet id from the registry; a free-text outlet name stays as it is."""
    if not outlet:
        return ""
    found = _outlets().get(outlet)
    return str(found.name) if found is not None else outlet


def outlet_country(outlet: str) -> str:
    """The outlet's home country (ISO alpha-2) from the registry, or "" when unknown."""
    found = _outlets().get(outlet) if outlet else None
    return str(found.country) if found is not None else ""


@lru_cache(maxsize=256)
def side_name(side: str) -> str:
    """A party code in words: 'AZ' -> 'Azerbaijan'; bodies and de facto authorities by their name."""
    if not side:
        return ""
    c = country_info(side) if len(side) == 2 else None
    if c is not None:
        return c.name
    from ..extract.actors import actor_index

    ix = actor_index()
    actor = ix.resolve_generic(side, "GOV")
    return actor.name if actor is not None else side


def sort_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Incidents by date (unknown dates last) then id: the order of every export."""
    return sorted(incidents, key=lambda i: (i.date_start or dt.date.max, i.id))


def sorted_claims(incident: Incident) -> list[ReconciledClaim]:
    """An incident's claims by document, start offset and id."""
    return sorted(
        incident.claims,
        key=lambda rc: (
            rc.claim.evidence.document_id or rc.claim.document_id,
            rc.claim.evidence.start,
            rc.claim.id,
        ),
    )


def filter_incidents(
    incidents: Iterable[Incident], *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[Incident]:
    """Incidents whose date range overlaps [date_from, date_to]; with either bound set, incidents of
    unknown date are left out because they cannot be placed in the window."""
    out: list[Incident] = []
    for inc in incidents:
        if date_from is not None or date_to is not None:
            if inc.date_start is None:
                continue
            end = inc.date_end or inc.date_start
            if date_from is not None and end < date_from:
                continue
            if date_to is not None and inc.date_start > date_to:
                continue
        out.append(inc)
    return sort_incidents(out)


def _publish(tmp: str | Path, path: Path) -> None:
    """Move the finished temporary file into place with ordinary permissions (mkstemp makes
    files readable by their owner only; an export is meant to be shared)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


@contextmanager
def atomic_open(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and move it into place only when writing succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if binary:
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            yield fh
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_path(path: Path, write: Callable[[Path], None]) -> None:
    """Like :func:`atomic_open` for writers that want a file name (pyarrow)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _from_store(store: Store, date_from: dt.date | None, date_to: dt.date | None) -> list[Incident]:
    try:
        from ..reconcile import build_incidents, update_incidents
    except ImportError as e:  # pragma: no cover - only before the reconcile stage exists
        raise ConfigError(f"exports need the reconcile stage, which could not be imported: {e}") from e
    update_incidents(store)
    return list(build_incidents(store, date_from=date_from, date_to=date_to))


def export(
    store_or_incidents: Store | Sequence[Incident],
    fmt: str,
    path: Path,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> ExportResult:
    """Write incidents (or a store's incidents, reconciled first) in one of :data:`FORMATS`.

    ``parquet`` writes two files: ``path`` (incidents) and ``claims.parquet`` beside it.
    Raises :class:`~ceasefire.errors.ConfigError` for an unknown format.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path = Path(path)
    if isinstance(store_or_incidents, Sequence):
        incidents = list(store_or_incidents)
    else:
        incidents = _from_store(store_or_incidents, date_from, date_to)
    incidents = filter_incidents(incidents, date_from=date_from, date_to=date_to)

    if fmt == "acled-csv":
        from .acled import write_acled_csv

        return write_acled_csv(incidents, path)
    if fmt == "claims-csv":
        from .claims import write_claims_csv

        return write_claims_csv(incidents, path)
    if fmt == "json":
        from .jsonout import write_json

        return write_json(incidents, path)
    if fmt == "geojson":
        from .geojson import write_geojson

        return write_geojson(incidents, path)
    from .parquet import write_parquet

    return write_parquet(incidents, path)
