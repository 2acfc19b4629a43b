"""The DDL several revisions repeat, written once: adding or dropping some columns of one table in
batch mode (PostgreSQL alters the table in place; SQLite adds in place and rebuilds to drop)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def add_columns(table: str, *columns: sa.Column) -> None:
    """Add ``columns`` to ``table``, in this order, in one batch."""
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.add_column(column)


def drop_columns(table: str, *names: str) -> None:
    """Drop the columns ``names`` of ``table``, in this order, in one batch."""
    with op.batch_alter_table(table) as batch:
        for name in names:
            batch.drop_column(name)
