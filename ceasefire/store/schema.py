"""Table definitions (SQLAlchemy Core). Migrations in ``migrations/`` create and evolve them.

Types are portable on purpose: nothing here may be SQLite-only (PostgreSQL is a first-class
store). Dates are ISO strings so that month/year precision keeps its meaning.
"""

from __future__ import annotations

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

metadata = MetaData()

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
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("sub_event_type", String(64), nullable=False),
    Column("actor1", Text, nullable=False),
    Column("actor1_side", String(16), nullable=False),
    Column("actor2", Text, nullable=False),
    Column("actor2_side", String(16), nullable=False),
    Column("claimant", String(64), nullable=False),
    Column("claimant_side", String(16), nullable=False),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("date_precision", String(10), nullable=False),
    Column("date_expression", Text, nullable=False),
    Column("date_relative", Boolean, nullable=False, server_default=false()),
    Column("date_note", Text, nullable=False),
    Column("places", Text, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("background", Boolean, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("hedge", String(16), nullable=False),
    Index("ix_mentions_document", "document_id"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id"), nullable=False),
    Column("mention_id", String(32), nullable=False),
    Column("claimant", String(64), nullable=False),
    Column("claimant_side", String(16), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("side_affected", String(16), nullable=False),
    Column("civilian", Boolean, nullable=False),
    Column("value_low", Integer),
    Column("value_best", Integer),
    Column("value_high", Integer),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("quote", Text, nullable=False),
    Column("made_on", String(10)),
    Column("hedge", String(16), nullable=False),
    Index("ix_claims_document", "document_id"),
)

framing = Table(
    "framing",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id"), primary_key=True),
    Column("start_char", Integer, primary_key=True),
    Column("end_char", Integer, nullable=False),
    Column("term", String(80), nullable=False),
    Column("narrative", String(16), nullable=False),
    Column("category", String(32), nullable=False),
    Column("text", Text, nullable=False),
)

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
    Column("id", String(32), primary_key=True),
    Column("target", String(16), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("reason", String(32), nullable=False, default="", server_default=""),
    Column("changes", Text, nullable=False, default="", server_default=""),
    Column("reviewer", String(200), nullable=False, default="", server_default=""),
    Column("at", String(32), nullable=False),
    Column("note", Text, nullable=False, default="", server_default=""),
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
