"""Certificates: one per person and completed track or workshop, with a verification code.

Revision ID: 0017_certificates
Revises: 0016_privacy
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0017_certificates'
down_revision = '0016_privacy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lms_certificate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('source_kind', sa.String(length=16), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=False),
        sa.Column('country_id', sa.Integer(), nullable=True),
        sa.Column('holder_name', sa.String(length=120), nullable=False),
        sa.Column('country_name', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('level', sa.String(length=16), nullable=False),
        sa.Column('hours', sa.Numeric(precision=5, scale=1), nullable=True),
        sa.Column('completed_on', sa.Date(), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_by_id', sa.Integer(), nullable=True),
        sa.Column('revoke_reason', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_certificate_user_id_lms_user'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_certificate_country_id_lms_country')),
        sa.ForeignKeyConstraint(['revoked_by_id'], ['lms_user.id'], name=op.f('fk_lms_certificate_revoked_by_id_lms_user'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_certificate')),
        sa.UniqueConstraint('code', name=op.f('uq_lms_certificate_code')),
        sa.UniqueConstraint('user_id', 'source_kind', 'source_id', name=op.f('uq_lms_certificate_user_id_source_kind_source_id')),
    )
    op.create_index('ix_lms_certificate_country_issued', 'lms_certificate', ['country_id', 'issued_at'])


def downgrade() -> None:
    op.drop_table('lms_certificate')
