"""Quiz attempts; quiz banks can be authored in the browser.

Revision ID: 0003_quizzes
Revises: 0002_curriculum
Create Date: 2026-11-27 09:03:16.580459
"""

from alembic import op
import sqlalchemy as sa


revision = '0003_quizzes'
down_revision = '0002_curriculum'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lms_quiz_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('in_progress', 'submitted', 'awaiting_grading', 'graded', name='attemptstatus', native_enum=False), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('questions_gift', sa.Text(), nullable=False),
    sa.Column('layouts', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('pass_mark', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('deadline_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('graded_by_id', sa.Integer(), nullable=True),
    sa.Column('graded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['graded_by_id'], ['lms_user.id'], name=op.f('fk_lms_quiz_attempt_graded_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['lms_item.id'], name=op.f('fk_lms_quiz_attempt_item_id_lms_item')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_quiz_attempt_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_quiz_attempt')),
    sa.UniqueConstraint('user_id', 'item_id', 'number', name=op.f('uq_lms_quiz_attempt_user_id_item_id_number'))
    )
    with op.batch_alter_table('lms_quiz_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_lms_quiz_attempt_item_status', ['item_id', 'status'], unique=False)
        batch_op.create_index('ix_lms_quiz_attempt_status_submitted', ['status', 'submitted_at'], unique=False)

    with op.batch_alter_table('lms_quiz_bank', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.Enum('files', 'browser', name='bankorigin', native_enum=False, length=8), nullable=False, server_default='files'))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP')))


def downgrade() -> None:
    with op.batch_alter_table('lms_quiz_bank', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('origin')

    with op.batch_alter_table('lms_quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_quiz_attempt_status_submitted')
        batch_op.drop_index('ix_lms_quiz_attempt_item_status')

    op.drop_table('lms_quiz_attempt')

