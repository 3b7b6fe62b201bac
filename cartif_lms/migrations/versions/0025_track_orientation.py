"""The orientation track: where every new learner starts (issue 16, "CARTIF essentials").

Revision ID: 0025_track_orientation
Revises: 0024_designation_country
Create Date: 2026-12-06 21:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0025_track_orientation'
down_revision = '0024_designation_country'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('lms_track', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('orientation', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table('lms_track', schema=None) as batch_op:
        batch_op.drop_column('orientation')
