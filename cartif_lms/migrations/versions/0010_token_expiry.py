"""An API token's expiry date.

Revision ID: 0010_token_expiry
Revises: 0009_notifications
Create Date: 2026-12-01 23:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0010_token_expiry'
down_revision = '0009_notifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lms_api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lms_api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_on')
