"""The English-Russian glossary of treaty terms, loaded by lms sync.

Revision ID: 0021_glossary_terms
Revises: 0020_content_variants
Create Date: 2026-12-03 12:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0021_glossary_terms'
down_revision = '0020_content_variants'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'lms_glossary_term',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('en', sa.String(length=200), nullable=False),
        sa.Column('ru', sa.String(length=200), nullable=False),
        sa.Column('area', sa.String(length=8), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('search', sa.Text(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_glossary_term')),
        sa.UniqueConstraint('en', name=op.f('uq_lms_glossary_term_en')),
    )
    op.create_index(
        op.f('ix_lms_glossary_term_area'), 'lms_glossary_term', ['area'], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f('ix_lms_glossary_term_area'), table_name='lms_glossary_term')
    op.drop_table('lms_glossary_term')
