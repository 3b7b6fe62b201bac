"""Report jobs: long reports prepared in the background, and who asked for them.

Revision ID: 0018_report_jobs
Revises: 0017_certificates
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0018_report_jobs'
down_revision = '0017_certificates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
