"""mentions, claims, framing and extraction status

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "extractions",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("actor1", sa.Text, nullable=False),
        sa.Column("actor1_side", sa.String(16), nullable=False),
        sa.Column("actor2", sa.Text, nullable=False),
        sa.Column("actor2_side", sa.String(16), nullable=False),
        sa.Column("claimant", sa.String(64), nullable=False),
        sa.Column("claimant_side", sa.String(16), nullable=False),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(10), nullable=False),
        sa.Column("date_expression", sa.Text, nullable=False),
        sa.Column("date_note", sa.Text, nullable=False),
        sa.Column("places", sa.Text, nullable=False),  # JSON list of places
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("background", sa.Boolean, nullable=False),
        sa.Column("negated", sa.Boolean, nullable=False),
        sa.Column("hedge", sa.String(16), nullable=False),
    )
    op.create_index("ix_mentions_document", "mentions", ["document_id"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("mention_id", sa.String(32), nullable=False),
        sa.Column("claimant", sa.String(64), nullable=False),
        sa.Column("claimant_side", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("side_affected", sa.String(16), nullable=False),
        sa.Column("civilian", sa.Boolean, nullable=False),
        sa.Column("value_low", sa.Integer),
        sa.Column("value_best", sa.Integer),
        sa.Column("value_high", sa.Integer),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("quote", sa.Text, nullable=False),
        sa.Column("made_on", sa.String(10)),
        sa.Column("hedge", sa.String(16), nullable=False),
    )
    op.create_index("ix_claims_document", "claims", ["document_id"])
    op.create_table(
        "framing",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("start_char", sa.Integer, primary_key=True),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("term", sa.String(80), nullable=False),
        sa.Column("narrative", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("framing")
    op.drop_index("ix_claims_document", "claims")
    op.drop_table("claims")
    op.drop_index("ix_mentions_document", "mentions")
    op.drop_table("mentions")
    op.drop_table("extractions")
