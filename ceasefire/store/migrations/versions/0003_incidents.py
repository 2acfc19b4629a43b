"""incident membership of mentions (reconciliation is incremental)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import create_table, drop_table

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    create_table(
        "incident_members",
        "mention_id:32! incident_id:32 version:32",
        {"ix_incident_members_incident": ["incident_id"]},
    )


def downgrade() -> None:
    drop_table("incident_members", "ix_incident_members_incident")
