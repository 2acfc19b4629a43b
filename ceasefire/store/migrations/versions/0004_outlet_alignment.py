"""the outlet's country and alignment on each document, as a manifest declares them

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("outlet_country", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("outlet_alignment", sa.String(16), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("outlet_alignment")
        batch.drop_column("outlet_country")
