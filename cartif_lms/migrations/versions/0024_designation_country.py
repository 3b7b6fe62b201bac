"""The nominating country on each designation (issue 19).

The country page counted and listed a country's designated people by joining every person of
the country to the designations: at 100,000 learners PostgreSQL read the country's 14,000
people to find its few hundred designations, on every request. A designation now keeps the
country whose focal point made it, indexed, and counts only while its holder is still of that
country (``rollups.current_designation``): so the page starts from the country's designations,
and a person who moves to another country no longer holds the old country's nominations.

Existing designations take their holder's country.

Revision ID: 0024_designation_country
Revises: 0023_learner_counts
Create Date: 2026-12-06 21:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0024_designation_country'
down_revision = '0023_learner_counts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lms_designation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country_id', sa.Integer(), nullable=True))
    op.execute(
        'UPDATE lms_designation SET country_id = '
        '(SELECT lms_user.country_id FROM lms_user WHERE lms_user.id = lms_designation.user_id)'
    )
    with op.batch_alter_table('lms_designation', schema=None) as batch_op:
        batch_op.alter_column('country_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_lms_designation_country_id_lms_country'),
            'lms_country',
            ['country_id'],
            ['id'],
        )
        batch_op.create_index(
            batch_op.f('ix_lms_designation_country_id'), ['country_id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('lms_designation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_designation_country_id'))
        batch_op.drop_constraint(
            batch_op.f('fk_lms_designation_country_id_lms_country'), type_='foreignkey'
        )
        batch_op.drop_column('country_id')
