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
    with op.batch_alter_table('lms_designation') as batch:
        batch.add_column(sa.Column('revoked_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_lms_designation_revoked_by_id_lms_user'),
            'lms_user',
            ['revoked_by_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade() -> None:
    with op.batch_alter_table('lms_designation') as batch:
        batch.drop_constraint(op.f('fk_lms_designation_revoked_by_id_lms_user'), type_='foreignkey')
        batch.drop_column('revoked_by_id')
