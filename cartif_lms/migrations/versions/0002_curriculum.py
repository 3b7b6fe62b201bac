"""Competencies, tracks, modules, items, quiz banks, completion, content version.

Revision ID: 0002_curriculum
Revises: 0001_foundation
Create Date: 2026-11-27 08:54:29.336691
"""

from alembic import op
import sqlalchemy as sa


revision = '0002_curriculum'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('lms_content_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_content_state'))
    )
    op.create_table('lms_quiz_bank',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_quiz_bank')),
    sa.UniqueConstraint('slug', name=op.f('uq_lms_quiz_bank_slug'))
    )
    op.create_table('lms_competency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['lms_negotiating_area.id'], name=op.f('fk_lms_competency_area_id_lms_negotiating_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_competency')),
    sa.UniqueConstraint('code', name=op.f('uq_lms_competency_code'))
    )
    with op.batch_alter_table('lms_competency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_competency_area_id'), ['area_id'], unique=False)

    op.create_table('lms_track',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('modular', 'workshop', 'drafting', name='trackkind', native_enum=False, length=16), nullable=False),
    sa.Column('level', sa.Enum('basic', 'intermediate', 'advanced', name='level', native_enum=False, length=16), nullable=False),
    sa.Column('audience', sa.Enum('generalist', 'specialist', name='audience', native_enum=False, length=16), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('intro_html', sa.Text(), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['lms_negotiating_area.id'], name=op.f('fk_lms_track_area_id_lms_negotiating_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_track')),
    sa.UniqueConstraint('slug', name=op.f('uq_lms_track_slug'))
    )
    with op.batch_alter_table('lms_track', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_track_area_id'), ['area_id'], unique=False)

    op.create_table('lms_module',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=240), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('intro_html', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['track_id'], ['lms_track.id'], name=op.f('fk_lms_module_track_id_lms_track')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_module')),
    sa.UniqueConstraint('slug', name=op.f('uq_lms_module_slug'))
    )
    with op.batch_alter_table('lms_module', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_module_track_id'), ['track_id'], unique=False)

    op.create_table('lms_track_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('track_id', sa.Integer(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['track_id'], ['lms_track.id'], name=op.f('fk_lms_track_completion_track_id_lms_track')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_track_completion_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_track_completion')),
    sa.UniqueConstraint('user_id', 'track_id', name=op.f('uq_lms_track_completion_user_id_track_id'))
    )
    with op.batch_alter_table('lms_track_completion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_track_completion_track_id'), ['track_id'], unique=False)

    op.create_table('lms_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=360), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('lesson', 'quiz', 'exercise', name='itemkind', native_enum=False, length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['module_id'], ['lms_module.id'], name=op.f('fk_lms_item_module_id_lms_module')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_item')),
    sa.UniqueConstraint('slug', name=op.f('uq_lms_item_slug'))
    )
    with op.batch_alter_table('lms_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_item_module_id'), ['module_id'], unique=False)

    op.create_table('lms_module_competency',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_module_competency_competency_id_lms_competency')),
    sa.ForeignKeyConstraint(['module_id'], ['lms_module.id'], name=op.f('fk_lms_module_competency_module_id_lms_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('module_id', 'competency_id', name=op.f('pk_lms_module_competency'))
    )
    with op.batch_alter_table('lms_module_competency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_module_competency_competency_id'), ['competency_id'], unique=False)

    op.create_table('lms_module_prerequisite',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('required_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['lms_module.id'], name=op.f('fk_lms_module_prerequisite_module_id_lms_module'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['required_id'], ['lms_module.id'], name=op.f('fk_lms_module_prerequisite_required_id_lms_module'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('module_id', 'required_id', name=op.f('pk_lms_module_prerequisite'))
    )
    op.create_table('lms_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('started', 'completed', name='completionstatus', native_enum=False, length=16), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['lms_item.id'], name=op.f('fk_lms_completion_item_id_lms_item')),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_completion_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_completion')),
    sa.UniqueConstraint('user_id', 'item_id', name=op.f('uq_lms_completion_user_id_item_id'))
    )
    with op.batch_alter_table('lms_completion', schema=None) as batch_op:
        batch_op.create_index('ix_lms_completion_item_completed', ['item_id', 'completed_at'], unique=False)

    op.create_table('lms_item_competency',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('competency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['competency_id'], ['lms_competency.id'], name=op.f('fk_lms_item_competency_competency_id_lms_competency')),
    sa.ForeignKeyConstraint(['item_id'], ['lms_item.id'], name=op.f('fk_lms_item_competency_item_id_lms_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'competency_id', name=op.f('pk_lms_item_competency'))
    )
    with op.batch_alter_table('lms_item_competency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_item_competency_competency_id'), ['competency_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('lms_item_competency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_item_competency_competency_id'))

    op.drop_table('lms_item_competency')
    with op.batch_alter_table('lms_completion', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_completion_item_completed')

    op.drop_table('lms_completion')
    op.drop_table('lms_module_prerequisite')
    with op.batch_alter_table('lms_module_competency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_module_competency_competency_id'))

    op.drop_table('lms_module_competency')
    with op.batch_alter_table('lms_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_item_module_id'))

    op.drop_table('lms_item')
    with op.batch_alter_table('lms_track_completion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_track_completion_track_id'))

    op.drop_table('lms_track_completion')
    with op.batch_alter_table('lms_module', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_module_track_id'))

    op.drop_table('lms_module')
    with op.batch_alter_table('lms_track', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_track_area_id'))

    op.drop_table('lms_track')
    with op.batch_alter_table('lms_competency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_competency_area_id'))

    op.drop_table('lms_competency')
    op.drop_table('lms_quiz_bank')
    op.drop_table('lms_content_state')

