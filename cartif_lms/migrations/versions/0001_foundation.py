"""Accounts, countries, negotiating areas, designations, sign-in attempts, API tokens.

Revision ID: 0001_foundation
Revises: -
Create Date: 2026-11-27 08:31:08.996500
"""

from alembic import op
import sqlalchemy as sa


revision = '0001_foundation'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('lms_country',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('iso3', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('wto_status', sa.Enum('member', 'acceding', 'observer', name='wtostatus', native_enum=False, length=16), nullable=False),
    sa.Column('wto_note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_country')),
    sa.UniqueConstraint('code', name=op.f('uq_lms_country_code')),
    sa.UniqueConstraint('iso3', name=op.f('uq_lms_country_iso3'))
    )
    op.create_table('lms_login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.Enum('success', 'failure', 'refused', name='loginoutcome', native_enum=False, length=8), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_login_attempt'))
    )
    with op.batch_alter_table('lms_login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_lms_login_attempt_address_at', ['address', 'at'], unique=False)
        batch_op.create_index('ix_lms_login_attempt_email_at', ['email', 'at'], unique=False)

    op.create_table('lms_negotiating_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_negotiating_area')),
    sa.UniqueConstraint('code', name=op.f('uq_lms_negotiating_area_code'))
    )
    op.create_table('lms_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('learner', 'trainer', 'focal_point', 'analyst', 'admin', name='role', native_enum=False, length=16), nullable=False),
    sa.Column('country_id', sa.Integer(), nullable=True),
    sa.Column('gender', sa.Enum('female', 'male', 'other', name='gender', native_enum=False, length=8), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['country_id'], ['lms_country.id'], name=op.f('fk_lms_user_country_id_lms_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_user')),
    sa.UniqueConstraint('email', name=op.f('uq_lms_user_email'))
    )
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_user_country_id'), ['country_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_user_role'), ['role'], unique=False)

    op.create_table('lms_api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_api_token_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_api_token')),
    sa.UniqueConstraint('digest', name=op.f('uq_lms_api_token_digest'))
    )
    with op.batch_alter_table('lms_api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('lms_designation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('chief_negotiator', 'lead_negotiator', 'technical_expert', 'observer', name='designationkind', native_enum=False, length=24), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['lms_negotiating_area.id'], name=op.f('fk_lms_designation_area_id_lms_negotiating_area')),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['lms_user.id'], name=op.f('fk_lms_designation_nominated_by_id_lms_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['lms_user.id'], name=op.f('fk_lms_designation_user_id_lms_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_designation'))
    )
    with op.batch_alter_table('lms_designation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_designation_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lms_designation_user_id'), ['user_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('lms_designation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_designation_user_id'))
        batch_op.drop_index(batch_op.f('ix_lms_designation_area_id'))

    op.drop_table('lms_designation')
    with op.batch_alter_table('lms_api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_api_token_user_id'))

    op.drop_table('lms_api_token')
    with op.batch_alter_table('lms_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_user_role'))
        batch_op.drop_index(batch_op.f('ix_lms_user_country_id'))

    op.drop_table('lms_user')
    op.drop_table('lms_negotiating_area')
    with op.batch_alter_table('lms_login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_lms_login_attempt_email_at')
        batch_op.drop_index('ix_lms_login_attempt_address_at')

    op.drop_table('lms_login_attempt')
    op.drop_table('lms_country')

