"""Negotiation simulations: scenarios synced from courses/simulations/, runs, seats, rounds,
positions, packages, acceptances, moves and reflections (issue 17).

Revision ID: 0026_simulations
Revises: 0025_track_orientation
Create Date: 2026-12-07 15:08:26.517185
"""

from alembic import op
import sqlalchemy as sa


revision = '0026_simulations'
down_revision = '0025_track_orientation'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lms_sim_scenario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.Column('round_hours', sa.Integer(), nullable=False),
    sa.Column('competencies', sa.JSON(), nullable=False),
    sa.Column('brief_html', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('issues', sa.JSON(), nullable=False),
    sa.Column('brackets', sa.JSON(), nullable=False),
    sa.Column('teaching_notes_html', sa.Text(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=True),
    sa.Column('source_path', sa.String(length=300), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('synced_at', sa.DateTime(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['area_id'], ['lms_negotiating_area.id'], name=op.f('fk_lms_sim_scenario_area_id_lms_negotiating_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_scenario')),
    sa.UniqueConstraint('slug', name=op.f('uq_lms_sim_scenario_slug'))
    )
    op.create_table('lms_sim_scenario_delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('fallback', sa.Integer(), nullable=False),
    sa.Column('instructions_html', sa.JSON(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['scenario_id'], ['lms_sim_scenario.id'], name=op.f('fk_lms_sim_scenario_delegation_scenario_id_lms_sim_scenario'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_scenario_delegation')),
    sa.UniqueConstraint('scenario_id', 'key', name=op.f('uq_lms_sim_scenario_delegation_scenario_id_key'))
    )
    op.create_table('lms_sim_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('open', 'agreed', 'no_agreement', 'cancelled', name='runstatus', native_enum=False, length=16), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('issues', sa.JSON(), nullable=False),
    sa.Column('brackets', sa.JSON(), nullable=False),
    sa.Column('brief_html', sa.Text(), nullable=False),
    sa.Column('competencies', sa.JSON(), nullable=False),
    sa.Column('rubric', sa.JSON(), nullable=True),
    sa.Column('agreed_package_id', sa.Integer(), nullable=True),
    sa.Column('trainer_comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['chair_id'], ['lms_user.id'], name=op.f('fk_lms_sim_run_chair_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['lms_user.id'], name=op.f('fk_lms_sim_run_created_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['scenario_id'], ['lms_sim_scenario.id'], name=op.f('fk_lms_sim_run_scenario_id_lms_sim_scenario')),
    sa.ForeignKeyConstraint(['session_id'], ['lms_workshop_session.id'], name=op.f('fk_lms_sim_run_session_id_lms_workshop_session'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_run'))
    )
    op.create_table('lms_sim_closure',
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('issue', sa.Integer(), nullable=False),
    sa.Column('option', sa.String(length=1), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_closure_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('run_id', 'issue', name=op.f('pk_lms_sim_closure'))
    )
    op.create_table('lms_sim_reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('levels', sa.JSON(), nullable=True),
    sa.Column('points', sa.Double(), nullable=True),
    sa.Column('max_points', sa.Double(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('graded_by_id', sa.Integer(), nullable=True),
    sa.Column('graded_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['graded_by_id'], ['lms_user.id'], name=op.f('fk_lms_sim_reflection_graded_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_reflection_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_sim_reflection_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_reflection')),
    sa.UniqueConstraint('run_id', 'user_id', name=op.f('uq_lms_sim_reflection_run_id_user_id'))
    )
    op.create_table('lms_sim_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_round_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_round')),
    sa.UniqueConstraint('run_id', 'number', name=op.f('uq_lms_sim_round_run_id_number'))
    )
    op.create_table('lms_sim_run_delegation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('fallback', sa.Integer(), nullable=False),
    sa.Column('instructions_html', sa.JSON(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_run_delegation_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_run_delegation')),
    sa.UniqueConstraint('run_id', 'key', name=op.f('uq_lms_sim_run_delegation_run_id_key'))
    )
    op.create_table('lms_sim_package',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['lms_sim_run_delegation.id'], name=op.f('fk_lms_sim_package_delegation_id_lms_sim_run_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_package_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_package'))
    )
    with op.batch_alter_table('lms_sim_package', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_sim_package_run_id'), ['run_id'], unique=False)

    op.create_table('lms_sim_position',
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('issue', sa.Integer(), nullable=False),
    sa.Column('option', sa.String(length=1), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['lms_sim_run_delegation.id'], name=op.f('fk_lms_sim_position_delegation_id_lms_sim_run_delegation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('delegation_id', 'issue', name=op.f('pk_lms_sim_position'))
    )
    op.create_table('lms_sim_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['lms_sim_run_delegation.id'], name=op.f('fk_lms_sim_seat_delegation_id_lms_sim_run_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_seat_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_sim_seat_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_seat')),
    sa.UniqueConstraint('run_id', 'user_id', name=op.f('uq_lms_sim_seat_run_id_user_id'))
    )
    with op.batch_alter_table('lms_sim_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_sim_seat_delegation_id'), ['delegation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_sim_seat_user_id'), ['user_id'], unique=False)

    op.create_table('lms_sim_acceptance',
    sa.Column('package_id', sa.Integer(), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['lms_sim_run_delegation.id'], name=op.f('fk_lms_sim_acceptance_delegation_id_lms_sim_run_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['package_id'], ['lms_sim_package.id'], name=op.f('fk_lms_sim_acceptance_package_id_lms_sim_package'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('package_id', 'delegation_id', name=op.f('pk_lms_sim_acceptance'))
    )
    op.create_table('lms_sim_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('position', 'statement', 'message', 'package', 'acceptance', 'closure', 'reopening', name='movekind', native_enum=False, length=16), nullable=False),
    sa.Column('delegation_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_delegation_id', sa.Integer(), nullable=True),
    sa.Column('issue', sa.Integer(), nullable=True),
    sa.Column('option', sa.String(length=1), nullable=True),
    sa.Column('package_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['delegation_id'], ['lms_sim_run_delegation.id'], name=op.f('fk_lms_sim_move_delegation_id_lms_sim_run_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['package_id'], ['lms_sim_package.id'], name=op.f('fk_lms_sim_move_package_id_lms_sim_package'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['lms_sim_run.id'], name=op.f('fk_lms_sim_move_run_id_lms_sim_run'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_delegation_id'], ['lms_sim_run_delegation.id'], name=op.f('fk_lms_sim_move_to_delegation_id_lms_sim_run_delegation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_sim_move_user_id_lms_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_sim_move'))
    )
    with op.batch_alter_table('lms_sim_move', schema=None) as batch_op:
        batch_op.create_index('ix_lms_sim_move_run', ['run_id', 'id'], unique=False)
    # The run names its agreed package, which names its run: the second key comes last.
    with op.batch_alter_table('lms_sim_run', schema=None) as batch_op:
        batch_op.create_foreign_key(
            'fk_lms_sim_run_agreed_package', 'lms_sim_package', ['agreed_package_id'], ['id'],
            ondelete='SET NULL',
        )



def downgrade() -> None:
    with op.batch_alter_table('lms_sim_run', schema=None) as batch_op:
        batch_op.drop_constraint('fk_lms_sim_run_agreed_package', type_='foreignkey')
    with op.batch_alter_table('lms_sim_move', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_sim_move_run')

    op.drop_table('lms_sim_move')
    op.drop_table('lms_sim_acceptance')
    with op.batch_alter_table('lms_sim_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_sim_seat_user_id'))
        batch_op.drop_index(batch_op.f('ix_lms_sim_seat_delegation_id'))

    op.drop_table('lms_sim_seat')
    op.drop_table('lms_sim_position')
    with op.batch_alter_table('lms_sim_package', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_sim_package_run_id'))

    op.drop_table('lms_sim_package')
    op.drop_table('lms_sim_run_delegation')
    op.drop_table('lms_sim_round')
    op.drop_table('lms_sim_reflection')
    op.drop_table('lms_sim_closure')
    op.drop_table('lms_sim_run')
    op.drop_table('lms_sim_scenario_delegation')
    op.drop_table('lms_sim_scenario')
