"""Report jobs: long reports prepared in the background, and who asked for them.

Revision ID: 0018_report_jobs
Revises: 0017_certificates
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0018_report_jobs'
down_revision = '0017_certificates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lms_report_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('requested_by_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('pending_key', sa.String(length=200), nullable=True),
        sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='jobstatus', native_enum=False, length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('content_type', sa.String(length=80), nullable=False),
        sa.Column('output', sa.LargeBinary(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['requested_by_id'], ['lms_user.id'], name=op.f('fk_lms_report_job_requested_by_id_lms_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_report_job')),
        sa.UniqueConstraint('pending_key', name=op.f('uq_lms_report_job_pending_key')),
    )
    op.create_index('ix_lms_report_job_requester_created', 'lms_report_job', ['requested_by_id', 'created_at'])
    op.create_table(
        'lms_report_snapshot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('cutoff', sa.DateTime(), nullable=False),
        sa.Column('generated_at', sa.DateTime(), nullable=False),
        sa.Column('indicators', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_report_snapshot')),
    )
    op.create_index('ix_lms_report_snapshot_kind_cutoff', 'lms_report_snapshot', ['kind', 'cutoff'])


def downgrade() -> None:
    op.drop_table('lms_report_snapshot')
    op.drop_table('lms_report_job')
