"""whether a mention's date was read relative to the publication date ("yesterday", "on Monday")

Until now the flag was lost on the way into the store, so every export said ``relative: false``.
Mentions stored before this revision read false until they are extracted again.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import added_columns

revision = "0006"
down_revision = "0005"


upgrade, downgrade = added_columns("mentions", "date_relative:bool=false")
