"""What the stages above the store ask of it, as public functions over a :class:`Store`.

- reconciliation reads incidents a batch at a time: :func:`incident_batch` gives the members,
  mentions, claims and reports of a batch of incidents in one call, so reconcile never puts
  rows together itself;
- the Spark job writes and reads the store's own rows in Parquet tables: :func:`document_row`,
  :func:`mention_row`, :func:`claim_row` and their inverses are the store's row forms (the
  records' field maps in their store form), so a Parquet table and a store table have the same
  columns and read back the same records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..records import Claim, Document, Mention
from . import Store, _claim_row, _doc_row, _mention_row, _row_claim, _row_doc, _row_mention


@dataclass(frozen=True)
class IncidentBatch:
    """A batch of incidents as stored: each incident's member mention ids, its non-background
    mentions by id (but background statements), their claims by mention id, and the reports they
    come from by id."""

    members: dict[str, list[str]]
    mentions: dict[str, Mention]
    claims_by_mention: dict[str, list[Claim]] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)

    def mentions_of(self, incident_id: str) -> list[Mention]:
        """The incident's mentions, in member order."""
        return [self.mentions[m] for m in self.members.get(incident_id, []) if m in self.mentions]


def incident_batch(
    store: Store,
    incident_ids: Sequence[str],
    *,
    claims: bool = True,
    members: Mapping[str, list[str]] | None = None,
) -> IncidentBatch:
    """The stored members, mentions (background statements left out), claims (unless ``claims`` is
    False) and documents of ``incident_ids``. The documents are those of the mentions and of
    their claims. ``members`` (incident id -> mention ids) replaces the stored membership: a
    coder's moves and merges."""
    members = (
        {i: list(members.get(i, [])) for i in incident_ids}
        if members is not None
        else store.members_of(incident_ids)
    )
    mentions = {
        m.id: m
        for m in store.mentions_by_ids([mid for inc in incident_ids for mid in members.get(inc, [])])
        if m.in_incident
    }
    doc_ids = sorted({m.document_id for m in mentions.values()})
    if not claims:
        return IncidentBatch(members, mentions, {}, store.documents_by_ids(doc_ids))
    by_mention: dict[str, list[Claim]] = defaultdict(list)
    found = store.claims_of_mentions(list(mentions), doc_ids)
    for c in found:
        by_mention[c.mention_id].append(c)
    docs = store.documents_by_ids(sorted(set(doc_ids) | {c.document_id for c in found}))
    return IncidentBatch(members, mentions, by_mention, docs)


def document_row(doc: Document) -> dict[str, Any]:
    """A document as a row of the documents table."""
    return _doc_row(doc)


def document_from_row(row: Mapping[str, Any]) -> Document:
    """A document from a row of the documents table (any stored form)."""
    return _row_doc(row)


def mention_row(m: Mention) -> dict[str, Any]:
    """A mention as a row of the mentions table."""
    return _mention_row(m)


def mention_from_row(row: Mapping[str, Any]) -> Mention:
    return _row_mention(row)


def claim_row(c: Claim) -> dict[str, Any]:
    """A claim as a row of the claims table."""
    return _claim_row(c)


def claim_from_row(row: Mapping[str, Any]) -> Claim:
    return _row_claim(row)


__all__ = [
    "IncidentBatch",
    "claim_from_row",
    "claim_row",
    "document_from_row",
    "document_row",
    "incident_batch",
    "mention_from_row",
    "mention_row",
]
