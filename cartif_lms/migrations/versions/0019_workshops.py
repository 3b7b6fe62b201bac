"""Workshops: sessions, registrations, attendance and feedback.

Revision ID: 0019_workshops
Revises: 0018_report_jobs
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0019_workshops'
down_revision = '0018_report_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
