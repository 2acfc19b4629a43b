"""The claims table: one row per claim, with the exact evidence sentence and its offsets.

Every claim of every incident is listed (statements and undated incidents included: a claim is
on record even where ACLED would not code an event), with its status inside the incident and,
when a later figure of the same claimant replaced it, the id of that later claim.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, fields
from pathlib import Path

from ..records import Incident
from ..store.display import public_source
from . import Counted, ExportResult, atomic_open, in_export_order, outlet_name, sorted_claims

__all__ = ["CLAIM_COLUMNS", "ClaimRow", "claim_rows", "iter_claim_rows", "write_claims_csv"]


@dataclass(frozen=True)
class ClaimRow:
    """One claim. Field order is the column order of the CSV and of claims.parquet."""

    claim_id: str
    incident_id: str
    document_id: str
    source: str  # the document's URL, or the file it came from as the user named it
    outlet: str
    claimant: str
    claimant_side: str
    kind: str
    side_affected: str
    value_low: int | None
    value_best: int | None
    value_high: int | None
    status: str
    quote: str
    start_char: int
    end_char: int
    superseded_by: str
    made_on: str | None  # ISO date
    hedge: str
    civilian: bool


CLAIM_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ClaimRow))


def claim_rows(incidents: Iterable[Incident]) -> list[ClaimRow]:
    """Claims ordered by incident (date, id), then document, start offset and claim id."""
    return list(iter_claim_rows(incidents))


def iter_claim_rows(incidents: Iterable[Incident]) -> Iterator[ClaimRow]:
    """:func:`claim_rows` as a stream (an iterator of incidents must be in export order)."""
    for inc in in_export_order(incidents):
        urls = {s.document_id: public_source(s.url) for s in inc.sources}
        for rc in sorted_claims(inc):
            c = rc.claim
            doc_id = c.evidence.document_id or c.document_id
            yield ClaimRow(
                claim_id=c.id,
                incident_id=inc.id,
                document_id=doc_id,
                source=urls.get(doc_id, ""),
                outlet=outlet_name(rc.outlet),
                claimant=c.claimant,
                claimant_side=c.claimant_side,
                kind=c.kind,
                side_affected=c.side_affected,
                value_low=c.value_low,
                value_best=c.value_best,
                value_high=c.value_high,
                status=rc.status,
                quote=c.evidence.text,
                start_char=c.evidence.start,
                end_char=c.evidence.end,
                superseded_by=rc.superseded_by,
                made_on=c.made_on.isoformat() if c.made_on else None,
                hedge=c.hedge,
                civilian=c.civilian,
            )


def _cell(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):  # "true"/"false" reads back as bool in pandas and most tools
        return "true" if v else "false"
    return v


def write_claims_csv(incidents: Iterable[Incident], path: Path) -> ExportResult:
    """Write the claims CSV (UTF-8, LF line ends, quotes only where needed), row by row."""
    seen = Counted(in_export_order(incidents))
    n = 0
    with atomic_open(path) as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(CLAIM_COLUMNS)
        for r in iter_claim_rows(seen):
            w.writerow(_cell(v) for v in astuple(r))
            n += 1
    return ExportResult((path,), n, 0, f"claims-csv: {n} claims from {seen.n} incidents")
