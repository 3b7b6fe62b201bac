"""A person's time zone (the profile page), and the language each mail is written in.

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
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('lms_mail_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lms_mail_message', schema=None) as batch_op:
        batch_op.drop_column('language')
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_column('time_zone')
