"""Integrity keys that make concurrent writes safe: evidence once per source row and
competency, one trainer's review per drafting version.

Rows that broke these rules (left by double submits before this revision) are removed first,
keeping the oldest of each group. When any were removed, the roll-ups may count them: run
``flask lms rebuild-rollups`` after upgrading (the upgrade says so in its log).

Revision ID: 0006_integrity
Revises: 0005_capacity
Create Date: 2026-12-01 09:00:00.000000
"""

import logging

from alembic import op
import sqlalchemy as sa


revision = '0006_integrity'
down_revision = '0005_capacity'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')

# A second trainer's review of one version, and the evidence its acceptance recorded.
LATER_TRAINER_REVIEWS = """
    SELECT later.id FROM lms_draft_review AS later
    WHERE later.kind = 'trainer' AND EXISTS (
        SELECT 1 FROM lms_draft_review AS earlier
        WHERE earlier.kind = 'trainer' AND earlier.version_id = later.version_id
          AND earlier.id < later.id)
"""
DUPLICATES = [
    "DELETE FROM lms_evidence WHERE source = 'drafting' AND source_id IN ("
    + LATER_TRAINER_REVIEWS + ")",
    "DELETE FROM lms_draft_review WHERE id IN (" + LATER_TRAINER_REVIEWS + ")",
    # Evidence recorded twice from one source row (an essay graded twice, say).
    """
    DELETE FROM lms_evidence WHERE source_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM lms_evidence AS earlier
        WHERE earlier.source = lms_evidence.source AND earlier.source_id = lms_evidence.source_id
          AND earlier.competency_id = lms_evidence.competency_id AND earlier.id < lms_evidence.id)
    """,
]


def upgrade() -> None:
    connection = op.get_bind()
    removed = sum(connection.execute(sa.text(sql)).rowcount for sql in DUPLICATES)
    if removed:
        log.warning(
            "0006_integrity removed %d duplicate review or evidence rows; "
            "run `flask lms rebuild-rollups`", removed
        )

    with op.batch_alter_table('lms_evidence', schema=None) as batch_op:
        # The unique key's index serves the lookups by (source, source_id) too.
        batch_op.drop_index('ix_lms_evidence_source')
        batch_op.create_unique_constraint(
            batch_op.f('uq_lms_evidence_source_source_id_competency_id'),
            ['source', 'source_id', 'competency_id'],
        )

    op.create_index(
        'uq_lms_draft_review_trainer_version_id', 'lms_draft_review', ['version_id'],
        unique=True,
        sqlite_where=sa.text("kind = 'trainer'"),
        postgresql_where=sa.text("kind = 'trainer'"),
    )


def downgrade() -> None:
    op.drop_index('uq_lms_draft_review_trainer_version_id', table_name='lms_draft_review')

    with op.batch_alter_table('lms_evidence', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('uq_lms_evidence_source_source_id_competency_id'), type_='unique'
        )
        batch_op.create_index('ix_lms_evidence_source', ['source', 'source_id'], unique=False)
