"""a coder's review decisions (verified / rejected / corrected), appended and never updated

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("target_id", sa.String(64), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False, server_default=""),
        sa.Column("changes", sa.Text, nullable=False, server_default=""),
        sa.Column("reviewer", sa.String(200), nullable=False, server_default=""),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_reviews_target", "reviews", ["target", "target_id"])


def downgrade() -> None:
    op.drop_index("ix_reviews_target", "reviews")
    op.drop_table("reviews")
