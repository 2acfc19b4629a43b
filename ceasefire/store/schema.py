"""Table definitions (SQLAlchemy Core). Migrations in ``migrations/`` create and evolve them.

Types are portable on purpose: nothing here may be SQLite-only (PostgreSQL is a first-class
store). Dates are ISO strings so that month/year precision keeps its meaning.
"""

from __future__ import annotations

from sqlalchemy import (
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

__all__ = ["ForeignKey", "documents", "metadata", "rejected"]
