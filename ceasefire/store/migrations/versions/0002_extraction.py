"""mentions, claims, framing and extraction status

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from ceasefire.store.migrations.ddl import create_table, drop_table

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    create_table(
        "extractions",
        "document_id:32!>documents.id version:32 status:16 reason:text mentions:int claims:int at:32",
    )
    # places: the JSON list of the mention's places
    create_table(
        "mentions",
        "id:32! document_id:32>documents.id event_type:64 sub_event_type:64 actor1:text actor1_side:16"
        " actor2:text actor2_side:16 claimant:64 claimant_side:16 date_start:10? date_end:10?"
        " date_precision:10 date_expression:text date_note:text places:text start_char:int end_char:int"
        " quote:text background:bool negated:bool hedge:16",
        {"ix_mentions_document": ["document_id"]},
    )
    create_table(
        "claims",
        "id:32! document_id:32>documents.id mention_id:32 claimant:64 claimant_side:16 kind:32"
        " side_affected:16 civilian:bool value_low:int? value_best:int? value_high:int? start_char:int"
        " end_char:int quote:text made_on:10? hedge:16",
        {"ix_claims_document": ["document_id"]},
    )
    create_table(
        "framing",
        "document_id:32!>documents.id start_char:int! end_char:int term:80 narrative:16 category:32"
        " text:text",
    )


def downgrade() -> None:
    drop_table("framing")
    drop_table("claims", "ix_claims_document")
    drop_table("mentions", "ix_mentions_document")
    drop_table("extractions")
