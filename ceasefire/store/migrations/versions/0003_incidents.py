"""incident membership of mentions (reconciliation is incremental)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "incident_members",
        sa.Column("mention_id", sa.String(32), primary_key=True),
        sa.Column("incident_id", sa.String(32), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
    )
    op.create_index("ix_incident_members_incident", "incident_members", ["incident_id"])


def downgrade() -> None:
    op.drop_index("ix_incident_members_incident", "incident_members")
    op.drop_table("incident_members")
