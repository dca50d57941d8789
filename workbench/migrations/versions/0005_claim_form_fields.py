"""Claim form fields: the broker's address, and the day a match stage change occurred.

Revision ID: 0005
Revises: 0003
Create Date: 2026-12-05

The address is printed on the claim form; ``occurred_on`` is the day the broker says a match step
happened (the change log keeps when it was typed in), so a step recorded after the fact prints in order.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("broker", sa.Column("address", sa.String(), nullable=False, server_default=""))
    op.add_column("match_stage_event", sa.Column("occurred_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("match_stage_event") as batch_op:
        batch_op.drop_column("occurred_on")
    with op.batch_alter_table("broker") as batch_op:
        batch_op.drop_column("address")
