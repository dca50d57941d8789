"""Claim form fields: the day a match stage change occurred.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

``occurred_on`` is the day the broker says a match step happened (the change log keeps when it was typed
in), so a step recorded after the fact prints in order. The broker's address, also printed on the form,
came with 0004.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("match_stage_event", sa.Column("occurred_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("match_stage_event") as batch_op:
        batch_op.drop_column("occurred_on")
