"""Table definitions (SQLAlchemy Core). Migrations in ``migrations/`` create and evolve them.

Types are portable on purpose: nothing here may be SQLite-only (PostgreSQL is a first-class
store). Dates are ISO strings so that month/year precision keeps its meaning.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.types import TypeEngine

from ..records import CLAIM, FRAMING, MENTION, REVIEW, FieldMap

metadata = MetaData()

# The tables whose columns are a record's field map (mentions, claims, framing, reviews) take them
# from the map: a text column is String(n) with n from this table (Text when it is not listed),
# other kinds by kind; absent text is "" in the store (NOT NULL), other absent values are NULL.
_LENGTHS = {
    **dict.fromkeys(("id", "document_id", "mention_id", "at"), 32),
    **dict.fromkeys(("event_type", "sub_event_type", "claimant", "target_id"), 64),
    **dict.fromkeys(("actor1_side", "actor2_side", "claimant_side", "side_affected", "hedge"), 16),
    **dict.fromkeys(("target", "decision", "narrative"), 16),
    **dict.fromkeys(("kind", "reason", "category"), 32),
    "date_precision": 10,
    "term": 80,
    "reviewer": 200,
}
_KINDS: dict[str, type[TypeEngine[Any]]] = {"int": Integer, "bool": Boolean, "places": Text}


def _sql_type(name: str, kind: str) -> TypeEngine[Any]:
    if kind == "date":
        return String(10)  # ISO dates as text, so month/year precision keeps its meaning
    if kind == "str":
        return String(_LENGTHS[name]) if name in _LENGTHS else Text()
    return _KINDS[kind]()


def mapped_columns(
    fields: FieldMap[Any], keys: tuple[str, ...] = ("id",), server_defaults: Mapping[str, Any] | None = None
) -> list[Column[Any]]:
    """A field-mapped table's columns, in the map's order: ``keys`` form the primary key, a
    ``document_id`` refers to its document, and a text server default is the Python default too."""
    defaults = server_defaults or {}
    out: list[Column[Any]] = []
    for f in fields:
        args: list[Any] = [ForeignKey("documents.id")] if f.name == "document_id" else []
        kw: dict[str, Any] = {"primary_key": True}
        if f.name not in keys:
            kw = {"nullable": f.optional and f.kind != "str"}
        if f.name in defaults:
            kw["server_default"] = defaults[f.name]
            if isinstance(defaults[f.name], str):
                kw["default"] = defaults[f.name]
        out.append(Column(f.name, _sql_type(f.name, f.kind), *args, **kw))
    return out


documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text, nullable=False, default=""),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("outlet", String(200), nullable=False, default=""),
    Column("outlet_method", String(32), nullable=False, default=""),
    Column("outlet_country", String(16), nullable=False, default="", server_default=""),
    Column("outlet_alignment", String(16), nullable=False, default="", server_default=""),
    Column("author", Text, nullable=False, default=""),
    Column("site_name", Text, nullable=False, default=""),
    Column("published", String(10)),
    Column("published_precision", String(10), nullable=False, default="unknown"),
    Column("published_method", String(16), nullable=False, default="unknown"),
    Column("published_evidence", Text, nullable=False, default=""),
    Column("published_start", Integer),
    Column("published_end", Integer),
    Column("language", String(16), nullable=False, default=""),
    Column("language_score", Float, nullable=False, default=0.0),
    Column("dup_group", String(32), nullable=False, default=""),
    Column("kind", String(16), nullable=False, default=""),
    Column("encoding", String(40), nullable=False, default="", server_default=""),
    Column("encoding_confidence", Float, nullable=False, default=1.0, server_default="1.0"),
    Column("ingested_at", String(32), nullable=False, default=""),
    Column("minhash", LargeBinary),
    Index("ix_documents_dup_group", "dup_group"),
    Index("ix_documents_published", "published"),
)

rejected = Table(
    "rejected",
    metadata,
    # key = hash of (source, line, reason): re-running the same bad input updates, not doubles
    Column("key", String(40), primary_key=True),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("reason", String(40), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("at", String(32), nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("version", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("claims", Integer, nullable=False),
    Column("at", String(32), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    *mapped_columns(MENTION, server_defaults={"date_relative": false()}),
    Index("ix_mentions_document", "document_id"),
)

claims = Table("claims", metadata, *mapped_columns(CLAIM), Index("ix_claims_document", "document_id"))

framing = Table("framing", metadata, *mapped_columns(FRAMING, keys=("document_id", "start_char")))

incident_members = Table(
    "incident_members",
    metadata,
    Column("mention_id", String(32), primary_key=True),
    Column("incident_id", String(32), nullable=False),
    Column("version", String(32), nullable=False),
    Index("ix_incident_members_incident", "incident_id"),
)

# A coder's decisions, appended, never updated: the latest per (target, target_id) is in force.
reviews = Table(
    "reviews",
    metadata,
    *mapped_columns(REVIEW, server_defaults=dict.fromkeys(("reason", "changes", "reviewer", "note"), "")),
    Index("ix_reviews_target", "target", "target_id"),
)


__all__ = [
    "claims",
    "documents",
    "extractions",
    "framing",
    "incident_members",
    "mentions",
    "metadata",
    "rejected",
    "reviews",
]
