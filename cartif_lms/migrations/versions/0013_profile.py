"""A person's time zone and e-mail preferences (the profile page).

Revision ID: 0013_profile
Revises: 0012_audit_trail
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0013_profile'
down_revision = '0012_audit_trail'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
