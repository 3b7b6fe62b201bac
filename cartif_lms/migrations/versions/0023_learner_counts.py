"""Learners per country and gender as a roll-up kept by triggers on lms_user (issue 19).

The dashboards counted people with GROUP BY over the whole user table on every request, so
they cost more as the table grew. The count is now one row per country and gender, changed by
the database itself on every insert, delete, or change of a person's role, country, gender or
active flag, whichever code wrote it. A person counts when active, a learner or focal point,
and of a country; a gender of NULL is kept under "" (not stated).

Concurrency: a trigger adds with an upsert on the cell's primary key, and subtracts with an
UPDATE of the cell, so two people added to one country at once both count (the second waits on
the first's row lock). A change that moves a person between cells touches the two cells in key
order, so two opposite moves cannot deadlock.

Revision ID: 0023_learner_counts
Revises: 0022_completion_report_index
Create Date: 2026-12-03 18:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0023_learner_counts'
down_revision = '0022_completion_report_index'
branch_labels = None
depends_on = None

_COUNTED_ROLES = "('learner', 'focal_point')"
_TABLE = 'lms_rollup_learners'


def _counted(row: str) -> str:
    """SQL: does ``row`` (NEW or OLD) count as a learner?"""
    return (
        f"{row}.active AND {row}.role IN {_COUNTED_ROLES} AND {row}.country_id IS NOT NULL"
    )


def _add(row: str, where: str = '') -> str:
    """SQL: one more learner in ``row``'s cell (inserted at 1 when it is new)."""
    select = f"SELECT {row}.country_id, COALESCE({row}.gender, ''), 1"
    return (
        f"INSERT INTO {_TABLE} (country_id, gender_key, learners) {select}"
        f" WHERE {where or 'true'}"
        " ON CONFLICT (country_id, gender_key) DO UPDATE SET learners = "
        f"{_TABLE}.learners + 1"
    )


def _subtract(row: str) -> str:
    return (
        f"UPDATE {_TABLE} SET learners = learners - 1"
        f" WHERE country_id = {row}.country_id AND gender_key = COALESCE({row}.gender, '')"
    )


_WATCHED = ('active', 'role', 'country_id', 'gender')


def upgrade() -> None:
    op.create_table(
        _TABLE,
        sa.Column('country_id', sa.Integer(), nullable=False),
        sa.Column('gender_key', sa.String(length=8), nullable=False),
        sa.Column('learners', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['country_id'], ['lms_country.id'], name=op.f('fk_lms_rollup_learners_country_id_lms_country')
        ),
        sa.PrimaryKeyConstraint('country_id', 'gender_key', name=op.f('pk_lms_rollup_learners')),
    )
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        _sqlite_triggers()
    elif dialect == 'postgresql':
        _postgresql_trigger()
    op.execute(
        f"INSERT INTO {_TABLE} (country_id, gender_key, learners)"
        " SELECT country_id, COALESCE(gender, ''), count(*) FROM lms_user AS person"
        f" WHERE {_counted('person')} GROUP BY country_id, COALESCE(gender, '')"
    )


def _sqlite_triggers() -> None:
    # SQLite runs one writer at a time, so the order of the two cells does not matter here.
    watched = ', '.join(_WATCHED)
    op.execute(
        "CREATE TRIGGER lms_user_learner_added AFTER INSERT ON lms_user"
        f" WHEN {_counted('NEW')} BEGIN {_add('NEW')}; END"
    )
    op.execute(
        "CREATE TRIGGER lms_user_learner_removed AFTER DELETE ON lms_user"
        f" WHEN {_counted('OLD')} BEGIN {_subtract('OLD')}; END"
    )
    op.execute(
        f"CREATE TRIGGER lms_user_learner_changed AFTER UPDATE OF {watched} ON lms_user"
        f" BEGIN {_subtract('OLD')} AND ({_counted('OLD')});"
        f" {_add('NEW', _counted('NEW'))}; END"
    )


def _postgresql_trigger() -> None:
    op.execute(
        "CREATE FUNCTION lms_user_learner_count() RETURNS trigger LANGUAGE plpgsql AS $$"
        " DECLARE was boolean := false; is_now boolean := false; BEGIN"
        f" IF TG_OP <> 'INSERT' THEN was := COALESCE({_counted('OLD')}, false); END IF;"
        f" IF TG_OP <> 'DELETE' THEN is_now := COALESCE({_counted('NEW')}, false); END IF;"
        # The two cells in key order, so two opposite moves at once cannot deadlock.
        " IF was AND is_now AND (OLD.country_id, COALESCE(OLD.gender, ''))"
        " > (NEW.country_id, COALESCE(NEW.gender, '')) THEN"
        f" {_add('NEW')}; {_subtract('OLD')};"
        " ELSE"
        f" IF was THEN {_subtract('OLD')}; END IF;"
        f" IF is_now THEN {_add('NEW')}; END IF;"
        " END IF;"
        " RETURN NULL; END $$"
    )
    changed = ' OR '.join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _WATCHED)
    op.execute(
        "CREATE TRIGGER lms_user_learner_added_or_removed AFTER INSERT OR DELETE ON lms_user"
        " FOR EACH ROW EXECUTE FUNCTION lms_user_learner_count()"
    )
    op.execute(
        f"CREATE TRIGGER lms_user_learner_changed AFTER UPDATE OF {', '.join(_WATCHED)}"
        f" ON lms_user FOR EACH ROW WHEN ({changed})"
        " EXECUTE FUNCTION lms_user_learner_count()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS lms_user_learner_changed ON lms_user")
        op.execute("DROP TRIGGER IF EXISTS lms_user_learner_added_or_removed ON lms_user")
        op.execute("DROP FUNCTION IF EXISTS lms_user_learner_count()")
    else:
        for name in ('added', 'removed', 'changed'):
            op.execute(f"DROP TRIGGER IF EXISTS lms_user_learner_{name}")
    op.drop_table(_TABLE)
