"""Self-registration: account requests confirmed by e-mail and decided by a focal point.

Revision ID: 0014_account_requests
Revises: 0013_profile
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0014_account_requests'
down_revision = '0013_profile'
branch_labels = None
depends_on = None

OPEN = sa.text("status IN ('pending_confirmation', 'pending')")


def upgrade() -> None:
    op.create_table(
        'lms_account_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('country_id', sa.Integer(), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('position', sa.String(length=120), nullable=False),
        sa.Column(
            'status',
            sa.Enum(
                'pending_confirmation', 'pending', 'approved', 'rejected',
                name='accountrequeststatus', native_enum=False, length=24,
            ),
            nullable=False,
        ),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('confirmed_at', sa.DateTime(), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_account_request_country_id_lms_country')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['lms_user.id'], name=op.f('fk_lms_account_request_decided_by_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_account_request_user_id_lms_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_account_request')),
    )
    op.create_index(
        'uq_lms_account_request_open_email', 'lms_account_request', ['email'], unique=True,
        sqlite_where=OPEN, postgresql_where=OPEN,
    )
    op.create_index('ix_lms_account_request_country_status', 'lms_account_request', ['country_id', 'status'])
    op.create_index('ix_lms_account_request_status_created_at', 'lms_account_request', ['status', 'created_at'])


def downgrade() -> None:
    op.drop_table('lms_account_request')
