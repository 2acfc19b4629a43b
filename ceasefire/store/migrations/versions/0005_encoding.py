"""the encoding each document was read in, and how sure that reading is (1.0 known, below guessed)

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import added_columns

revision = "0005"
down_revision = "0004"


upgrade, downgrade = added_columns("documents", "encoding:40='' encoding_confidence:float='1.0'")
