"""Administration: who revoked a designation.

Revision ID: 0015_administration
Revises: 0014_account_requests
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0015_administration'
down_revision = '0014_account_requests'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
