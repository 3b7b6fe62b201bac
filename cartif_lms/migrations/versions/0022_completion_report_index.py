"""A covering index for the progress reports' per-person module completions.

The country report counts each person's completed modules from their completion rows; with
(user_id, item_id, completed_at) in one index PostgreSQL reads a country's rows by an
index-only scan instead of the whole table (issue 14: the country report under 2 s).

Revision ID: 0022_completion_report_index
Revises: 0021_glossary_terms
Create Date: 2026-12-03 12:00:00.000000
"""

from alembic import op

revision = '0022_completion_report_index'
down_revision = '0021_glossary_terms'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_lms_completion_user_item_completed',
        'lms_completion',
        ['user_id', 'item_id', 'completed_at'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_lms_completion_user_item_completed', table_name='lms_completion')
