"""Alembic environment: migrations run programmatically on a connection handed in by Store."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# batch mode lets later migrations alter tables on SQLite as well as PostgreSQL
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
