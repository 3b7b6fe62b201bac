"""Server-side sign-in sessions; rescued drafting text belongs to a person.

Sessions become rows (``lms_user_session``), so signing out, a password or role change and
deactivation can end them. Rescued text was found by a token in the writer's cookie; it is now
kept per person and exercise. Rows of the old kind name no person, so they are deleted: text
posted after a session expired and not yet reclaimed (the cookies that could reclaim it are
signed out by this upgrade anyway, since they name no server-side session).

Revision ID: 0007_sessions
Revises: 0006_integrity
Create Date: 2026-12-01 10:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_sessions'
down_revision = '0006_integrity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lms_user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_user_session_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_user_session')),
    sa.UniqueConstraint('digest', name=op.f('uq_lms_user_session_digest'))
    )
    with op.batch_alter_table('lms_user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_user_session_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_user_session_last_seen_at'), ['last_seen_at'], unique=False)

    op.execute(sa.text('DELETE FROM lms_draft_rescue'))
    with op.batch_alter_table('lms_draft_rescue', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_lms_draft_rescue_token'), type_='unique')
        batch_op.drop_column('token')
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_lms_draft_rescue_user_id_lms_user'), 'lms_user', ['user_id'], ['id'], ondelete='CASCADE')
        batch_op.create_unique_constraint(batch_op.f('uq_lms_draft_rescue_user_id_item_id'), ['user_id', 'item_id'])
        batch_op.create_index(batch_op.f('ix_lms_draft_rescue_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    op.execute(sa.text('DELETE FROM lms_draft_rescue'))
    with op.batch_alter_table('lms_draft_rescue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_draft_rescue_created_at'))
        batch_op.drop_constraint(batch_op.f('uq_lms_draft_rescue_user_id_item_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_lms_draft_rescue_user_id_lms_user'), type_='foreignkey')
        batch_op.drop_column('user_id')
        batch_op.add_column(sa.Column('token', sa.String(length=64), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_lms_draft_rescue_token'), ['token'])

    with op.batch_alter_table('lms_user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_user_session_last_seen_at'))
        batch_op.drop_index(batch_op.f('ix_lms_user_session_user_id'))

    op.drop_table('lms_user_session')
