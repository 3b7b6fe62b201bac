"""Privacy: when a person was erased; the first-run checklist's ticks.

Revision ID: 0016_privacy
Revises: 0015_administration
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0016_privacy'
down_revision = '0015_administration'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))
    op.create_table(
        'lms_checklist_tick',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('step', sa.String(length=64), nullable=False),
        sa.Column('ticked_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_checklist_tick_user_id_lms_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', 'step', name=op.f('pk_lms_checklist_tick')),
    )


def downgrade() -> None:
    op.drop_table('lms_checklist_tick')
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
