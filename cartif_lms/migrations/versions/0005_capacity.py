"""Competency targets, readiness assessments, TA needs, capacity roll-ups.

Revision ID: 0005_capacity
Revises: 0004_drafting
Create Date: 2026-11-27 09:30:33.043180
"""

from alembic import op
import sqlalchemy as sa


revision = '0005_capacity'
down_revision = '0004_drafting'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('lms_rollup_area_progress',
    sa.Column('country_id', sa.Integer(), nullable=False),
    sa.Column('area_key', sa.String(length=8), nullable=False),
    sa.Column('items_done', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_rollup_area_progress_country_id_lms_country')),
    sa.PrimaryKeyConstraint('country_id', 'area_key', name=op.f('pk_lms_rollup_area_progress'))
    )
    op.create_table('lms_competency_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation', sa.Enum('chief_negotiator', 'lead_negotiator', 'technical_expert', 'observer', name='designationkind', native_enum=False, length=24), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=True),
    sa.Column('own_area', sa.Boolean(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_competency_target_competency_id_lms_competency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_competency_target'))
    )
    op.create_table('lms_readiness_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('institutional_coordination', sa.Integer(), nullable=False),
    sa.Column('legal_mapping', sa.Integer(), nullable=False),
    sa.Column('technical_expertise', sa.Integer(), nullable=False),
    sa.Column('negotiating_experience', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('assessed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['lms_negotiating_area.id'], name=op.f('fk_lms_readiness_assessment_area_id_lms_negotiating_area')),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['lms_user.id'], name=op.f('fk_lms_readiness_assessment_assessed_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_readiness_assessment_country_id_lms_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_readiness_assessment'))
    )
    with op.batch_alter_table('lms_readiness_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_lms_readiness_country_area', ['country_id', 'area_id', 'assessed_at'], unique=False)

    op.create_table('lms_rollup_attained',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_rollup_attained_competency_id_lms_competency')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_rollup_attained_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'competency_id', name=op.f('pk_lms_rollup_attained'))
    )
    op.create_table('lms_rollup_gap',
    sa.Column('country_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('designated', sa.Integer(), nullable=False),
    sa.Column('at_target', sa.Integer(), nullable=False),
    sa.Column('gap_sum', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_rollup_gap_competency_id_lms_competency')),
    sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_rollup_gap_country_id_lms_country')),
    sa.PrimaryKeyConstraint('country_id', 'competency_id', name=op.f('pk_lms_rollup_gap'))
    )
    op.create_table('lms_ta_need',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('country_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.Column('people_affected', sa.Integer(), nullable=False),
    sa.Column('mean_gap', sa.Double(), nullable=False),
    sa.Column('priority', sa.Double(), nullable=False),
    sa.Column('status', sa.Enum('open', 'planned', 'addressed', name='needstatus', native_enum=False, length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('generated_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_ta_need_competency_id_lms_competency')),
    sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_ta_need_country_id_lms_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_ta_need')),
    sa.UniqueConstraint('country_id', 'competency_id', name=op.f('uq_lms_ta_need_country_id_competency_id'))
    )
    with op.batch_alter_table('lms_ta_need', schema=None) as batch_op:
        batch_op.create_index('ix_lms_ta_need_status_priority', ['status', 'priority'], unique=False)

    op.create_table('lms_ta_need_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'planned', 'addressed', name='needstatus', native_enum=False, length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['lms_user.id'], name=op.f('fk_lms_ta_need_event_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['need_id'], ['lms_ta_need.id'], name=op.f('fk_lms_ta_need_event_need_id_lms_ta_need'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_ta_need_event'))
    )
    with op.batch_alter_table('lms_ta_need_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_ta_need_event_need_id'), ['need_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('lms_ta_need_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_ta_need_event_need_id'))

    op.drop_table('lms_ta_need_event')
    with op.batch_alter_table('lms_ta_need', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_ta_need_status_priority')

    op.drop_table('lms_ta_need')
    op.drop_table('lms_rollup_gap')
    op.drop_table('lms_rollup_attained')
    with op.batch_alter_table('lms_readiness_assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_readiness_country_area')

    op.drop_table('lms_readiness_assessment')
    op.drop_table('lms_competency_target')
    op.drop_table('lms_rollup_area_progress')

