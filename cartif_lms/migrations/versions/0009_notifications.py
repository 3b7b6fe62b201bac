"""Notifications, the mail outbox, and two columns of a person: the e-mail preference and
the unread count.

Revision ID: 0009_notifications
Revises: 0007_sessions
Create Date: 2026-12-01 22:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0009_notifications'
# Chained on 0007 because 0008_host_identity did not exist when this was written; if it
# exists now, this must name it instead.
down_revision = '0007_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lms_notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_notification_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_notification')),
    sa.UniqueConstraint('user_id', 'kind', 'subject_id', name=op.f('uq_lms_notification_user_id_kind_subject_id'))
    )
    with op.batch_alter_table('lms_notification', schema=None) as batch_op:
        batch_op.create_index('ix_lms_notification_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('lms_mail_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_until', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_mail_message'))
    )
    with op.batch_alter_table('lms_mail_message', schema=None) as batch_op:
        batch_op.create_index('ix_lms_mail_message_due', ['sent_at', 'next_attempt_at'], unique=False)

    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_notifications', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('unread_notifications', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_column('unread_notifications')
        batch_op.drop_column('email_notifications')
    with op.batch_alter_table('lms_mail_message', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_mail_message_due')
    op.drop_table('lms_mail_message')
    with op.batch_alter_table('lms_notification', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_notification_user_created')
    op.drop_table('lms_notification')
