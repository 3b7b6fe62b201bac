"""Certificates: one per person and completed track or workshop, with a verification code.

Revision ID: 0017_certificates
Revises: 0016_privacy
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0017_certificates'
down_revision = '0016_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
