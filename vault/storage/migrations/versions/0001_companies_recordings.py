"""First schema: companies and recording metadata.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("legal_name", sa.String(300)),
        sa.Column("country", sa.String(6)),
        sa.Column("postal_address", sa.Text()),
        sa.Column("privacy_email", sa.String(320)),
        sa.Column("dpo_contact", sa.Text()),
        sa.Column("website", sa.String(500)),
        sa.Column("web_form", sa.String(500)),
        sa.Column("notes", sa.Text()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_company"),
        sa.UniqueConstraint("name", name="uq_company_name"),
    )
    op.create_table(
        "recording",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("original_name", sa.String(1000)),
        sa.Column("media_type", sa.String(200)),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("duration_seconds", sa.Float()),
        sa.Column("captured_on", sa.Date()),
        sa.Column("notes", sa.Text()),
        sa.Column("tags", sa.Text()),
        sa.Column("blob_id", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_recording"),
        sa.UniqueConstraint("blob_id", name="uq_recording_blob_id"),
    )


def downgrade() -> None:
    op.drop_table("recording")
    op.drop_table("company")
