"""Agreements, their documents, holdings, payments, observed uses and settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreement",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("company_id", sa.String(32), nullable=False),
        sa.Column("via_company_id", sa.String(32)),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("reference", sa.String(200)),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date()),
        sa.Column("perpetual", sa.Boolean(), nullable=False),
        sa.Column("auto_renews", sa.Boolean(), nullable=False),
        sa.Column("renewal_months", sa.Integer()),
        sa.Column("renewal_notice_days", sa.Integer()),
        sa.Column("revocable", sa.String(10), nullable=False),
        sa.Column("revocation_notice_days", sa.Integer()),
        sa.Column("revoked_on", sa.Date()),
        sa.Column("deletion_clause", sa.String(20), nullable=False),
        sa.Column("deletion_days", sa.Integer()),
        sa.Column("permitted_uses", sa.JSON(), nullable=False),
        sa.Column("data_kinds", sa.JSON(), nullable=False),
        sa.Column("exclusive", sa.Boolean(), nullable=False),
        sa.Column("territory", sa.String(100)),
        sa.Column("pay_model", sa.String(20)),
        sa.Column("amount", sa.String(40)),
        sa.Column("currency", sa.String(3)),
        sa.Column("governing_law", sa.String(100)),
        sa.Column("notes", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="RESTRICT",
                                name="fk_agreement_company_id_company"),
        sa.ForeignKeyConstraint(["via_company_id"], ["company.id"], ondelete="SET NULL",
                                name="fk_agreement_via_company_id_company"),
        sa.PrimaryKeyConstraint("id", name="pk_agreement"),
    )
    op.create_table(
        "agreement_document",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("agreement_id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("original_name", sa.String(1000), nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("blob_id", sa.String(64), nullable=False),
        sa.Column("captured_on", sa.Date(), nullable=False),
        sa.Column("extracted_text", sa.Text()),
        sa.Column("text_notice", sa.Text()),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"], ondelete="CASCADE",
                                name="fk_agreement_document_agreement_id_agreement"),
        sa.PrimaryKeyConstraint("id", name="pk_agreement_document"),
        sa.UniqueConstraint("blob_id", name="uq_agreement_document_blob_id"),
    )
    op.create_table(
        "holding",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("agreement_id", sa.String(32), nullable=False),
        sa.Column("recording_id", sa.String(32), nullable=False),
        sa.Column("delivered_on", sa.Date()),
        sa.Column("channel", sa.String(100)),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"], ondelete="CASCADE",
                                name="fk_holding_agreement_id_agreement"),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"], ondelete="CASCADE",
                                name="fk_holding_recording_id_recording"),
        sa.PrimaryKeyConstraint("id", name="pk_holding"),
        sa.UniqueConstraint("agreement_id", "recording_id",
                            name="uq_holding_agreement_recording"),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("agreement_id", sa.String(32), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("amount", sa.String(40), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("note", sa.Text()),
        sa.ForeignKeyConstraint(["agreement_id"], ["agreement.id"], ondelete="CASCADE",
                                name="fk_payment_agreement_id_agreement"),
        sa.PrimaryKeyConstraint("id", name="pk_payment"),
    )
    op.create_table(
        "observed_use",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("company_id", sa.String(32), nullable=False),
        sa.Column("recording_id", sa.String(32)),
        sa.Column("use", sa.String(40), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], ondelete="CASCADE",
                                name="fk_observed_use_company_id_company"),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"], ondelete="SET NULL",
                                name="fk_observed_use_recording_id_recording"),
        sa.PrimaryKeyConstraint("id", name="pk_observed_use"),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_setting"),
    )


def downgrade() -> None:
    for table in ("setting", "observed_use", "payment", "holding", "agreement_document",
                  "agreement"):
        op.drop_table(table)
