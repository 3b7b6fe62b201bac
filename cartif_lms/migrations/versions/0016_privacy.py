"""Privacy: when a person was erased.

Revision ID: 0016_privacy
Revises: 0015_administration
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0016_privacy'
down_revision = '0015_administration'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
