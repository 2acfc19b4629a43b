"""Standard exports of reconciled incidents: ACLED-style CSV, a claims table, JSON, GeoJSON, Parquet.

Every export is deterministic: the same incidents give byte-identical files (incidents sorted by
date then id, claims by incident, document, offset and id; no current timestamps anywhere).
Files are written to a temporary name beside the target and renamed into place, so a failed
export never leaves a half-written file under the name the user asked for.

``export(store_or_incidents, fmt, path)`` is the one entry point; each format module also has
its own ``write_<fmt>(incidents, path)``. Writers take any iterable of incidents and write as
they go: a list is sorted first, an iterator (such as :func:`ceasefire.reconcile.iter_incidents`,
which is how ``export`` reads a store) must already be in export order. See docs/exports.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import ConfigError, OutputError
from ..records import Estimate, Incident, ReconciledClaim
from .guard import publish, refuse_special

if TYPE_CHECKING:
    from ..reference import Reference
    from ..store import Store

__all__ = [
    "FORMATS",
    "Counted",
    "Country",
    "ExportResult",
    "Names",
    "country_info",
    "export",
    "filter_incidents",
    "in_export_order",
    "sort_incidents",
    "sorted_claims",
    "sorted_estimates",
    "window",
]

T = TypeVar("T")

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


class Names:
    """Display names from the reference data an export is given (the data in force when none):
    outlet names and home countries, including a user's outlet files, and party names, including a
    user's conflict profile. Each name is resolved once per export."""

    def __init__(self, reference: Reference | None = None) -> None:
        from ..reference import resolve

        self.reference = resolve(reference)
        self._sides: dict[str, str] = {}

    def outlet(self, outlet: str) -> str:
        """An outlet id's registry name; a free-text outlet name stays as it is."""
        if not outlet:
            return ""
        found = self.reference.outlets.get(outlet)
        return str(found.name) if found is not None else outlet

    def outlet_country(self, outlet: str) -> str:
        """The outlet's home country (ISO alpha-2), or "" when unknown."""
        found = self.reference.outlets.get(outlet) if outlet else None
        return str(found.country) if found is not None else ""

    def side(self, side: str) -> str:
        """A party code in words: a state's code -> its name ('XV' -> 'Valdoria'); bodies and de
        facto authorities by their name."""
        if side not in self._sides:
            c = country_info(side) if len(side) == 2 else None
            if c is not None:
                name = c.name
            else:
                actor = self.reference.actors.resolve_generic(side, "GOV") if side else None
                name = actor.name if actor is not None else side
            self._sides[side] = name
        return self._sides[side]


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


def sorted_estimates(incident: Incident) -> list[Estimate]:
    """An incident's estimates by kind, side affected, civilian and rule."""
    return sorted(incident.estimates, key=lambda e: (e.kind, e.side_affected, e.civilian, e.rule))


def _in_window(inc: Incident, date_from: dt.date | None, date_to: dt.date | None) -> bool:
    if date_from is None and date_to is None:
        return True
    if inc.date_start is None:
        return False
    end = inc.date_end or inc.date_start
    if date_from is not None and end < date_from:
        return False
    return not (date_to is not None and inc.date_start > date_to)


def filter_incidents(
    incidents: Iterable[Incident], *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[Incident]:
    """Incidents whose date range overlaps [date_from, date_to]; with either bound set, incidents of
    unknown date are left out because they cannot be placed in the window."""
    return sort_incidents(i for i in incidents if _in_window(i, date_from, date_to))


def window(
    incidents: Iterable[Incident], *, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> Iterator[Incident]:
    """:func:`filter_incidents` as a stream: keeps the incoming order, holds nothing."""
    return (i for i in incidents if _in_window(i, date_from, date_to))


def in_export_order(incidents: Iterable[Incident]) -> Iterator[Incident]:
    """The incidents in export order (date, unknown last, then id). A collection (list, tuple,
    set) is sorted; any other iterable is streamed as it comes and must already be in that order,
    as sorting would mean holding it all: ValueError on the first incident out of order."""
    if isinstance(incidents, Collection):
        yield from sort_incidents(incidents)
        return
    last: tuple[dt.date, str] | None = None
    for inc in incidents:
        key = (inc.date_start or dt.date.max, inc.id)
        if last is not None and key < last:
            raise ValueError(
                f"incident {inc.id} is out of export order (date, then id): sort a list first, or "
                "stream from ceasefire.reconcile.iter_incidents"
            )
        last = key
        yield inc


class Counted(Generic[T]):
    """An iterable that counts the items taken from it: writers stream incidents once and still
    report how many they read."""

    def __init__(self, items: Iterable[T]) -> None:
        self.n = 0
        self._items = items

    def __iter__(self) -> Iterator[T]:
        for item in self._items:
            self.n += 1
            yield item


def write_json_array(fh: IO[str], head: str, items: Iterable[Any], indent: int, tail: str) -> int:
    """Write ``head`` + a JSON array of ``items`` + ``tail``, one item at a time, byte for byte
    as ``json.dump(..., indent=indent, ensure_ascii=False)`` would write the array as a value at
    the first nesting level of an object. Returns the number of items."""
    pad = " " * (2 * indent)
    fh.write(head + "[")
    n = 0
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=indent, allow_nan=False)
        # JSON escapes newlines inside strings, so every newline here is layout
        fh.write(("\n" if n == 0 else ",\n") + pad + text.replace("\n", "\n" + pad))
        n += 1
    fh.write(("\n" + " " * indent + "]" if n else "]") + tail)
    return n


def _publish(tmp: str | Path, path: Path) -> None:
    """Move the finished temporary file into place with ordinary permissions (mkstemp makes
    files readable by their owner only; an export is meant to be shared)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    publish(tmp, path)  # refuses a symlink, device, FIFO or folder at ``path``


def _prepare(path: Path) -> None:
    """Fail before any work when ``path`` cannot be written (see :mod:`ceasefire.export.guard`)."""
    refuse_special(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"cannot write {path}: a part of its folder path is a file, not a folder") from None


@contextmanager
def atomic_open(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and move it into place only when writing succeeded."""
    _prepare(path)
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
    _prepare(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _from_store(
    store: Store,
    date_from: dt.date | None,
    date_to: dt.date | None,
    reference: Reference | None,
    verified_only: bool = False,
) -> Iterator[Incident]:
    try:
        from ..reconcile import iter_incidents, update_incidents
    except ImportError as e:  # pragma: no cover - only before the reconcile stage exists
        raise ConfigError(f"exports need the reconcile stage, which could not be imported: {e}") from e
    update_incidents(store, reference=reference)
    return iter_incidents(
        store, date_from=date_from, date_to=date_to, reference=reference, verified_only=verified_only
    )


def export(
    store_or_incidents: Store | Sequence[Incident],
    fmt: str,
    path: Path,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    reference: Reference | None = None,
    verified_only: bool = False,
) -> ExportResult:
    """Write incidents (or a store's incidents, reconciled first) in one of :data:`FORMATS`.

    ``verified_only`` (a store only) exports what a coder checked: each incident's verified and
    corrected claims, its estimates made from them, and no incident without one unless the
    incident itself was verified.

    ``reference`` is the reference data whose outlet and party names the export writes (the
    data in force when None; :func:`ceasefire.api` passes the settings' profiles and outlet files).

    A store is streamed (:func:`ceasefire.reconcile.iter_incidents`): memory stays flat however
    many incidents it holds. ``parquet`` writes two files: ``path`` (incidents) and
    ``claims.parquet`` beside it. Raises :class:`~ceasefire.errors.ConfigError` for an unknown format.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")
    path = Path(path)
    incidents: Iterable[Incident]
    if isinstance(store_or_incidents, Sequence):
        if verified_only:
            # estimates must be made again from the verified claims alone, which takes the store
            raise ConfigError("verified_only exports read a store: pass the store, not a list of incidents")
        incidents = filter_incidents(store_or_incidents, date_from=date_from, date_to=date_to)
    else:
        # iter_incidents already drops incidents starting outside the window; the overlap test
        # of filter_incidents is applied on top, as for a list
        incidents = window(
            _from_store(store_or_incidents, date_from, date_to, reference, verified_only),
            date_from=date_from,
            date_to=date_to,
        )

    names = Names(reference)
    if fmt == "acled-csv":
        from .acled import write_acled_csv

        return write_acled_csv(incidents, path, names=names)
    if fmt == "claims-csv":
        from .claims import write_claims_csv

        return write_claims_csv(incidents, path, names=names)
    if fmt == "json":
        from .jsonout import write_json

        return write_json(incidents, path, names=names)
    if fmt == "geojson":
        from .geojson import write_geojson

        return write_geojson(incidents, path)
    from .parquet import write_parquet

    return write_parquet(incidents, path, names=names)
