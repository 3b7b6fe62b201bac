"""Drafting submissions, versions, reviews, rescued text; competency evidence.

Revision ID: 0004_drafting
Revises: 0003_quizzes
Create Date: 2026-11-27 09:25:39.750549
"""

from alembic import op
import sqlalchemy as sa


revision = '0004_drafting'
down_revision = '0003_quizzes'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('lms_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('observed_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_evidence_competency_id_lms_competency')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['lms_user.id'], name=op.f('fk_lms_evidence_recorded_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_evidence_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_evidence'))
    )
    with op.batch_alter_table('lms_evidence', schema=None) as batch_op:
        batch_op.create_index('ix_lms_evidence_source', ['source', 'source_id'], unique=False)
        batch_op.create_index('ix_lms_evidence_user_competency', ['user_id', 'competency_id', 'observed_at'], unique=False)

    op.create_table('lms_draft_rescue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['lms_item.id'], name=op.f('fk_lms_draft_rescue_item_id_lms_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_draft_rescue')),
    sa.UniqueConstraint('token', name=op.f('uq_lms_draft_rescue_token'))
    )
    op.create_table('lms_draft_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'submitted', 'revise', 'accepted', name='draftstatus', native_enum=False, length=16), nullable=False),
    sa.Column('saved_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['lms_item.id'], name=op.f('fk_lms_draft_submission_item_id_lms_item')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_draft_submission_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_draft_submission')),
    sa.UniqueConstraint('user_id', 'item_id', name=op.f('uq_lms_draft_submission_user_id_item_id'))
    )
    with op.batch_alter_table('lms_draft_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_draft_submission_item_id'), ['item_id'], unique=False)

    op.create_table('lms_draft_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['lms_draft_submission.id'], name=op.f('fk_lms_draft_version_submission_id_lms_draft_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_draft_version')),
    sa.UniqueConstraint('submission_id', 'number', name=op.f('uq_lms_draft_version_submission_id_number'))
    )
    op.create_table('lms_draft_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('trainer', 'peer', name='reviewkind', native_enum=False, length=8), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('points', sa.Double(), nullable=True),
    sa.Column('max_points', sa.Double(), nullable=True),
    sa.Column('decision', sa.Enum('revise', 'accept', name='reviewdecision', native_enum=False, length=8), nullable=True),
    sa.Column('allocated_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['reviewer_id'], ['lms_user.id'], name=op.f('fk_lms_draft_review_reviewer_id_lms_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['lms_draft_version.id'], name=op.f('fk_lms_draft_review_version_id_lms_draft_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_draft_review')),
    sa.UniqueConstraint('version_id', 'reviewer_id', name=op.f('uq_lms_draft_review_version_id_reviewer_id'))
    )
    with op.batch_alter_table('lms_draft_review', schema=None) as batch_op:
        batch_op.create_index('ix_lms_draft_review_reviewer_open', ['reviewer_id', 'completed_at'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('lms_draft_review', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_draft_review_reviewer_open')

    op.drop_table('lms_draft_review')
    op.drop_table('lms_draft_version')
    with op.batch_alter_table('lms_draft_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_draft_submission_item_id'))

    op.drop_table('lms_draft_submission')
    op.drop_table('lms_draft_rescue')
    with op.batch_alter_table('lms_evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_evidence_user_competency')
        batch_op.drop_index('ix_lms_evidence_source')

    op.drop_table('lms_evidence')

