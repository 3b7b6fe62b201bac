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
    _refuse_updates()


#: What an UPDATE may change: only a person reference, to NULL (the foreign keys' ON DELETE SET
#: NULL when an account row is deleted). Anything else is refused by the database itself.
_CHANGED = {
    'sqlite': (
        "NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action"
        " OR NEW.country_id IS NOT OLD.country_id OR NEW.object_type IS NOT OLD.object_type"
        " OR NEW.object_id IS NOT OLD.object_id OR NEW.details IS NOT OLD.details"
        " OR (NEW.actor_id IS NOT OLD.actor_id AND NEW.actor_id IS NOT NULL)"
        " OR (NEW.subject_user_id IS NOT OLD.subject_user_id AND NEW.subject_user_id IS NOT NULL)"
    ),
    'postgresql': (
        "(NEW.id, NEW.at, NEW.action, NEW.country_id, NEW.object_type, NEW.object_id,"
        " NEW.details::text) IS DISTINCT FROM (OLD.id, OLD.at, OLD.action, OLD.country_id,"
        " OLD.object_type, OLD.object_id, OLD.details::text)"
        " OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)"
        " OR (NEW.subject_user_id IS DISTINCT FROM OLD.subject_user_id"
        " AND NEW.subject_user_id IS NOT NULL)"
    ),
}
_MESSAGE = 'audit entries are append-only'


def _refuse_updates() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute(
            "CREATE TRIGGER lms_audit_entry_append_only BEFORE UPDATE ON lms_audit_entry"
            f" WHEN {_CHANGED['sqlite']}"
            f" BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
        )
    elif dialect == 'postgresql':
        op.execute(
            "CREATE FUNCTION lms_audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN IF {_CHANGED['postgresql']} THEN"
            f" RAISE EXCEPTION '{_MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';"
            " END IF; RETURN NEW; END $$"
        )
        op.execute(
            "CREATE TRIGGER lms_audit_entry_append_only BEFORE UPDATE ON lms_audit_entry"
            " FOR EACH ROW EXECUTE FUNCTION lms_audit_entry_append_only()"
        )


def downgrade() -> None:
    op.drop_table('lms_audit_entry')  # and its trigger
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS lms_audit_entry_append_only()")
