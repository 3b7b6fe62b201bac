"""Workshops: sessions, registrations, attendance and feedback; mail attachments (.ics).

Revision ID: 0019_workshops
Revises: 0018_report_jobs
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0019_workshops'
down_revision = '0018_report_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lms_workshop_calendar_feed',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_calendar_feed_user_id_lms_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_lms_workshop_calendar_feed'))
        )
    op.create_table('lms_workshop',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('kind', sa.Enum('deep_dive', 'zero_round_plenary', 'zero_round_technical', name='workshopkind', native_enum=False, length=24), nullable=False),
        sa.Column('area_id', sa.Integer(), nullable=True),
        sa.Column('track_id', sa.Integer(), nullable=True),
        sa.Column('policy', sa.Enum('open', 'designated', 'approval', name='registrationpolicy', native_enum=False, length=16), nullable=False),
        sa.Column('close_hours', sa.Integer(), nullable=False),
        sa.Column('attendance_threshold', sa.Integer(), nullable=False),
        sa.Column('post_test_id', sa.Integer(), nullable=True),
        sa.Column('anonymous_feedback', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(), nullable=True),
        sa.Column('places_version', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['area_id'], ['lms_negotiating_area.id'], name=op.f('fk_lms_workshop_area_id_lms_negotiating_area')),
        sa.ForeignKeyConstraint(['created_by_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_created_by_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['post_test_id'], ['lms_item.id'], name=op.f('fk_lms_workshop_post_test_id_lms_item')),
        sa.ForeignKeyConstraint(['track_id'], ['lms_track.id'], name=op.f('fk_lms_workshop_track_id_lms_track')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop'))
        )
    op.create_index(op.f('ix_lms_workshop_area_id'), 'lms_workshop', ['area_id'], unique=False)
    op.create_table('lms_workshop_completion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('completed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_completion_user_id_lms_user'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['lms_workshop.id'], name=op.f('fk_lms_workshop_completion_workshop_id_lms_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop_completion')),
        sa.UniqueConstraint('workshop_id', 'user_id', name=op.f('uq_lms_workshop_completion_workshop_id_user_id'))
        )
    op.create_index(op.f('ix_lms_workshop_completion_user_id'), 'lms_workshop_completion', ['user_id'], unique=False)
    op.create_table('lms_workshop_feedback',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('relevance', sa.Integer(), nullable=False),
        sa.Column('quality', sa.Integer(), nullable=False),
        sa.Column('applicability', sa.Integer(), nullable=False),
        sa.Column('comments', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_feedback_user_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workshop_id'], ['lms_workshop.id'], name=op.f('fk_lms_workshop_feedback_workshop_id_lms_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop_feedback'))
        )
    op.create_index(op.f('ix_lms_workshop_feedback_workshop_id'), 'lms_workshop_feedback', ['workshop_id'], unique=False)
    op.create_table('lms_workshop_feedback_receipt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_feedback_receipt_user_id_lms_user'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['lms_workshop.id'], name=op.f('fk_lms_workshop_feedback_receipt_workshop_id_lms_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop_feedback_receipt')),
        sa.UniqueConstraint('workshop_id', 'user_id', name=op.f('uq_lms_workshop_feedback_receipt_workshop_id_user_id'))
        )
    op.create_table('lms_workshop_prereading',
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['module_id'], ['lms_module.id'], name=op.f('fk_lms_workshop_prereading_module_id_lms_module')),
        sa.ForeignKeyConstraint(['workshop_id'], ['lms_workshop.id'], name=op.f('fk_lms_workshop_prereading_workshop_id_lms_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('workshop_id', 'module_id', name=op.f('pk_lms_workshop_prereading'))
        )
    op.create_table('lms_workshop_registration',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.Enum('in_person', 'online', name='attendancemode', native_enum=False, length=16), nullable=False),
        sa.Column('status', sa.Enum('requested', 'registered', 'waitlisted', 'refused', 'cancelled', name='registrationstatus', native_enum=False, length=16), nullable=False),
        sa.Column('waitlist_position', sa.Integer(), nullable=True),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('cancelled_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['decided_by_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_registration_decided_by_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_registration_user_id_lms_user'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['lms_workshop.id'], name=op.f('fk_lms_workshop_registration_workshop_id_lms_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop_registration')),
        sa.UniqueConstraint('workshop_id', 'user_id', name=op.f('uq_lms_workshop_registration_workshop_id_user_id'))
        )
    op.create_index(op.f('ix_lms_workshop_registration_user_id'), 'lms_workshop_registration', ['user_id'], unique=False)
    op.create_index('ix_lms_workshop_registration_workshop_status', 'lms_workshop_registration', ['workshop_id', 'status'], unique=False)
    op.create_table('lms_workshop_session',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('workshop_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=False),
        sa.Column('time_zone', sa.String(length=64), nullable=False),
        sa.Column('mode', sa.Enum('in_person', 'online', 'hybrid', name='sessionmode', native_enum=False, length=16), nullable=False),
        sa.Column('venue', sa.String(length=200), nullable=False),
        sa.Column('join_url', sa.String(length=500), nullable=False),
        sa.Column('capacity_in_person', sa.Integer(), nullable=False),
        sa.Column('capacity_online', sa.Integer(), nullable=False),
        sa.Column('facilitator_id', sa.Integer(), nullable=True),
        sa.Column('required', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column('secret', sa.String(length=64), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['facilitator_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_session_facilitator_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workshop_id'], ['lms_workshop.id'], name=op.f('fk_lms_workshop_session_workshop_id_lms_workshop'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop_session'))
        )
    op.create_index(op.f('ix_lms_workshop_session_facilitator_id'), 'lms_workshop_session', ['facilitator_id'], unique=False)
    op.create_index('ix_lms_workshop_session_starts_at', 'lms_workshop_session', ['starts_at'], unique=False)
    op.create_index(op.f('ix_lms_workshop_session_workshop_id'), 'lms_workshop_session', ['workshop_id'], unique=False)
    op.create_table('lms_workshop_attendance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum('present', 'late', 'excused', 'absent', name='attendancestatus', native_enum=False, length=16), nullable=False),
        sa.Column('mode', sa.Enum('in_person', 'online', name='attendancemode', native_enum=False, length=16), nullable=False),
        sa.Column('method', sa.Enum('code', 'qr', 'roster', name='checkinmethod', native_enum=False, length=8), nullable=False),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('corrected_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_attendance_recorded_by_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['session_id'], ['lms_workshop_session.id'], name=op.f('fk_lms_workshop_attendance_session_id_lms_workshop_session'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_workshop_attendance_user_id_lms_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_workshop_attendance')),
        sa.UniqueConstraint('session_id', 'user_id', name=op.f('uq_lms_workshop_attendance_session_id_user_id'))
        )
    op.create_index(op.f('ix_lms_workshop_attendance_user_id'), 'lms_workshop_attendance', ['user_id'], unique=False)
    op.create_table('lms_mail_attachment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_id', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['message_id'], ['lms_mail_message.id'], name=op.f('fk_lms_mail_attachment_message_id_lms_mail_message'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_mail_attachment'))
        )
    op.create_index(op.f('ix_lms_mail_attachment_message_id'), 'lms_mail_attachment', ['message_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_lms_mail_attachment_message_id'), table_name='lms_mail_attachment')
    op.drop_table('lms_mail_attachment')
    op.drop_index(op.f('ix_lms_workshop_attendance_user_id'), table_name='lms_workshop_attendance')
    op.drop_table('lms_workshop_attendance')
    op.drop_index(op.f('ix_lms_workshop_session_workshop_id'), table_name='lms_workshop_session')
    op.drop_index('ix_lms_workshop_session_starts_at', table_name='lms_workshop_session')
    op.drop_index(op.f('ix_lms_workshop_session_facilitator_id'), table_name='lms_workshop_session')
    op.drop_table('lms_workshop_session')
    op.drop_index('ix_lms_workshop_registration_workshop_status', table_name='lms_workshop_registration')
    op.drop_index(op.f('ix_lms_workshop_registration_user_id'), table_name='lms_workshop_registration')
    op.drop_table('lms_workshop_registration')
    op.drop_table('lms_workshop_prereading')
    op.drop_table('lms_workshop_feedback_receipt')
    op.drop_index(op.f('ix_lms_workshop_feedback_workshop_id'), table_name='lms_workshop_feedback')
    op.drop_table('lms_workshop_feedback')
    op.drop_index(op.f('ix_lms_workshop_completion_user_id'), table_name='lms_workshop_completion')
    op.drop_table('lms_workshop_completion')
    op.drop_index(op.f('ix_lms_workshop_area_id'), table_name='lms_workshop')
    op.drop_table('lms_workshop')
    op.drop_table('lms_workshop_calendar_feed')
