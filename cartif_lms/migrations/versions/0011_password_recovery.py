"""A person's "must change password" flag, set by an administrator's reset.

Revision ID: 0011_password_recovery
Revises: 0010_token_expiry
Create Date: 2026-12-01 23:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0011_password_recovery'
down_revision = '0010_token_expiry'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
