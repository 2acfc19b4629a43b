"""documents and rejected inputs

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("outlet", sa.String(200), nullable=False),
        sa.Column("outlet_method", sa.String(32), nullable=False),
        sa.Column("author", sa.Text, nullable=False),
        sa.Column("site_name", sa.Text, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("published_precision", sa.String(10), nullable=False),
        sa.Column("published_method", sa.String(16), nullable=False),
        sa.Column("published_evidence", sa.Text, nullable=False),
        sa.Column("published_start", sa.Integer),
        sa.Column("published_end", sa.Integer),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("language_score", sa.Float, nullable=False),
        sa.Column("dup_group", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ingested_at", sa.String(32), nullable=False),
        sa.Column("minhash", sa.LargeBinary),
    )
    op.create_index("ix_documents_dup_group", "documents", ["dup_group"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "rejected",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rejected")
    op.drop_index("ix_documents_published", "documents")
    op.drop_index("ix_documents_dup_group", "documents")
    op.drop_table("documents")
