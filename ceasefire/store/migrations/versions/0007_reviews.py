"""a coder's review decisions (verified / rejected / corrected), appended and never updated

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import create_table, drop_table

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    create_table(
        "reviews",
        "id:32! target:16 target_id:64 decision:16 reason:32='' changes:text='' reviewer:200='' at:32"
        " note:text=''",
        {"ix_reviews_target": ["target", "target_id"]},
    )


def downgrade() -> None:
    drop_table("reviews", "ix_reviews_target")
