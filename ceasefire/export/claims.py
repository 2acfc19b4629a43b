"""The claims table: one row per claim, with the exact evidence sentence and its offsets.

Every claim of every incident is listed (statements and undated incidents included: a claim is
on record even where ACLED would not code an event), with its status inside the incident and,
when a later figure of the same claimant replaced it, the id of that later claim.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..records import CLAIM_ROW, ClaimRow, Incident, claim_row
from ..store.display import public_source
from . import Counted, ExportResult, Names, atomic_open, in_export_order, sorted_claims

__all__ = ["CLAIM_COLUMNS", "ClaimRow", "claim_rows", "csv_cell", "iter_claim_rows", "write_claims_csv"]

# the columns of claims.csv, claims.parquet and /api/claims: the claims table's field map
CLAIM_COLUMNS: tuple[str, ...] = CLAIM_ROW.names


def claim_rows(incidents: Iterable[Incident], names: Names | None = None) -> list[ClaimRow]:
    """Claims ordered by incident (date, id), then document, start offset and claim id; outlets
    named from ``names`` (the bundled reference data when None)."""
    return list(iter_claim_rows(incidents, names))


def iter_claim_rows(incidents: Iterable[Incident], names: Names | None = None) -> Iterator[ClaimRow]:
    """:func:`claim_rows` as a stream (an iterator of incidents must be in export order)."""
    names = names or Names()
    for inc in in_export_order(incidents):
        urls = {s.document_id: public_source(s.url) for s in inc.sources}
        for rc in sorted_claims(inc):
            yield claim_row(inc.id, rc, names.outlet(rc.outlet), urls)


def csv_cell(v: object) -> object:
    """A value as a CSV cell: absent is the empty cell, booleans "true"/"false" (which pandas and
    most tools read back as booleans)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def write_claims_csv(
    incidents: Iterable[Incident], path: Path, *, names: Names | None = None
) -> ExportResult:
    """Write the claims CSV (UTF-8, LF line ends, quotes only where needed), row by row."""
    seen = Counted(in_export_order(incidents))
    n = 0
    with atomic_open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CLAIM_COLUMNS)
        for r in iter_claim_rows(seen, names):
            w.writerow(csv_cell(v) for v in CLAIM_ROW.to_dict(r).values())
            n += 1
    return ExportResult((path,), n, 0, f"claims-csv: {n} claims from {seen.n} incidents")
