"""the outlet's country and alignment on each document, as a manifest declares them

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import added_columns

revision = "0004"
down_revision = "0003"


upgrade, downgrade = added_columns("documents", "outlet_country:16='' outlet_alignment:16=''")
