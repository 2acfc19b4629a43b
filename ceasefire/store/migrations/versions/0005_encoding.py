"""the encoding each document was read in, and how sure that reading is (1.0 known, below guessed)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("encoding", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("encoding_confidence", sa.Float, nullable=False, server_default="1.0"))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("encoding_confidence")
        batch.drop_column("encoding")
