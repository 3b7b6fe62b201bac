"""Self-registration: account requests confirmed by e-mail and decided by a focal point.

Revision ID: 0014_account_requests
Revises: 0013_profile
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0014_account_requests'
down_revision = '0013_profile'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
