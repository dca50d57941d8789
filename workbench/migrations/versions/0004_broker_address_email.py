"""The applicant's postal address on the broker profile (the claim form prints it with the e-mail).

The e-mail column has existed since 0001; this revision adds the address beside it. Both are declared in
the field catalogue (``workbench/catalog/parties.py``), which is all the profile form, validation and
export need.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("broker") as batch:
        batch.add_column(sa.Column("address", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("broker") as batch:
        batch.drop_column("address")
