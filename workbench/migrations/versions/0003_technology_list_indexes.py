"""Indexes for the technology list's default and title orders over live rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_technology_live_updated", "technology", ["updated_at", "id"],
        sqlite_where=sa.text("deleted_at IS NULL"),
    )
    op.create_index(
        "ix_technology_live_title", "technology", ["title", "id"], sqlite_where=sa.text("deleted_at IS NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_technology_live_title", table_name="technology")
    op.drop_index("ix_technology_live_updated", table_name="technology")
