"""Content variants: the translations of tracks, modules, items and quiz bank files.

Revision ID: 0020_content_variants
Revises: 0019_workshops
Create Date: 2026-12-02 02:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0020_content_variants'
down_revision = '0019_workshops'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lms_content_variant',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('object_type', sa.String(length=16), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('settings', sa.JSON(), nullable=False),
        sa.Column('source_hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_content_variant')),
        sa.UniqueConstraint(
            'object_type', 'object_id', 'locale',
            name=op.f('uq_lms_content_variant_object_type_object_id_locale'),
        ),
    )


def downgrade() -> None:
    op.drop_table('lms_content_variant')
