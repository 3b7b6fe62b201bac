"""The audit trail (lms_audit_entry), append-only.

Revision ID: 0012_audit_trail
Revises: 0011_password_recovery
Create Date: 2026-12-02 01:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0012_audit_trail'
down_revision = '0011_password_recovery'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lms_audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('subject_user_id', sa.Integer(), nullable=True),
        sa.Column('country_id', sa.Integer(), nullable=True),
        sa.Column('object_type', sa.String(length=40), nullable=True),
        sa.Column('object_id', sa.Integer(), nullable=True),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['lms_user.id'], name=op.f('fk_lms_audit_entry_actor_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['subject_user_id'], ['lms_user.id'], name=op.f('fk_lms_audit_entry_subject_user_id_lms_user'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_audit_entry_country_id_lms_country')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_audit_entry')),
    )
    op.create_index('ix_lms_audit_entry_at', 'lms_audit_entry', ['at'])
    op.create_index('ix_lms_audit_entry_actor_at', 'lms_audit_entry', ['actor_id', 'at'])
    op.create_index('ix_lms_audit_entry_subject_user_at', 'lms_audit_entry', ['subject_user_id', 'at'])
    op.create_index('ix_lms_audit_entry_country_at', 'lms_audit_entry', ['country_id', 'at'])
    op.create_index('ix_lms_audit_entry_action_at', 'lms_audit_entry', ['action', 'at'])


def downgrade() -> None:
    op.drop_table('lms_audit_entry')
