"""documents and rejected inputs

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import create_table, drop_table

revision = "0001"
down_revision = None


def upgrade() -> None:
    create_table(
        "documents",
        "id:32! source:text url:text title:text text:text outlet:200 outlet_method:32 author:text"
        " site_name:text published:10? published_precision:10 published_method:16 published_evidence:text"
        " published_start:int? published_end:int? language:16 language_score:float dup_group:32 kind:16"
        " ingested_at:32 minhash:blob?",
        {"ix_documents_dup_group": ["dup_group"], "ix_documents_published": ["published"]},
    )
    create_table("rejected", "key:40! source:text line:int? reason:40 detail:text at:32")


def downgrade() -> None:
    drop_table("rejected")
    drop_table("documents", "ix_documents_published", "ix_documents_dup_group")
