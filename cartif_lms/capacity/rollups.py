"""Roll-up tables that keep the capacity dashboards fast at ten thousand learners.

They are kept current on each event (a completion, a piece of evidence, a designation change)
and can be rebuilt from scratch (``flask lms rebuild-rollups``); a test checks that both give
the same rows. Attained levels use evidence of the last three years: an incremental update
sees the window as of its event, so a nightly rebuild lets old evidence age out.

Events update only the cells they change: the new values of the affected cells are computed
from the rows they summarise, compared with the stored ones, and only those that differ are
written, by an upsert on the table's primary key (a cell that no longer exists is deleted).
An event that changes nothing writes nothing, so the tables do not fill with dead rows under
quiz load; only ``flask lms rebuild-rollups`` deletes and reinserts everything.

Concurrency: several app servers write these rows at once. Every write to a country's
roll-ups first takes that country's lock (:func:`lock_rollups`), a database row lock held
until commit: a cell's value is recomputed from all of the country's rows, so without the
lock two requests of one country would each miss the other's evidence.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    String,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    type_coerce,
    union_all,
)

from .. import db
from ..auth.models import Role, User
from ..content.models import Item, Module, Track
from ..db import utcnow
from ..directory.models import CROSS_CUTTING, Competency, Country, Designation, NegotiatingArea
from ..learning.models import Completion
from .models import (
    NOT_STATED,
    AreaProgress,
    AttainedLevel,
    CompetencyTarget,
    Evidence,
    GapRollup,
    LearnerCount,
)

EVIDENCE_YEARS = 3


def lock_rollups(country_id: int | None, user_id: int | None = None) -> None:
    """Make other writers of ``country_id``'s roll-ups wait until this transaction commits.

    A row lock on the country (``user_id``'s own row for a person without a country), taken
    before any roll-up row of it is written: writers of one country queue on this one row, and
    none holds a roll-up row while waiting for it, so they cannot deadlock. ``FOR NO KEY
    UPDATE`` leaves foreign-key checks on the row free. Under READ COMMITTED every later
    statement of the waiting request sees what the first one committed. SQLite renders no
    clause: it already admits one writer at a time.
    """
    if country_id is not None:
        stmt = select(Country.id).where(Country.id == country_id)
    elif user_id is not None:
        stmt = select(User.id).where(User.id == user_id)
    else:
        return
    db.session.execute(stmt.with_for_update(key_share=True))


def lock_all_rollups() -> None:
    """Every country's roll-up lock, in id order (for whole rebuilds), so none can deadlock."""
    db.session.execute(select(Country.id).order_by(Country.id).with_for_update(key_share=True))


def evidence_since(now: datetime) -> datetime:
    return now - timedelta(days=365 * EVIDENCE_YEARS)


# --- completion by country and area ---------------------------------------------------------


def _area_key(item: Item) -> str:
    area = item.module.track.area
    return area.code if area else CROSS_CUTTING


def count_completion(user: User, item: Item) -> None:
    """One more item done by ``user``'s country in the item's area."""
    if user.country_id is None:
        return
    lock_rollups(user.country_id)
    stmt = db.insert_for(AreaProgress).values(
        country_id=user.country_id, area_key=_area_key(item), items_done=1
    )
    db.session.execute(
        stmt.on_conflict_do_update(
            index_elements=["country_id", "area_key"],
            set_={"items_done": AreaProgress.__table__.c.items_done + 1},
        )
    )


def area_progress_source() -> Any:
    """(country_id, area_key, items_done) computed from the completion rows themselves."""
    area_key = func.coalesce(NegotiatingArea.code, literal(CROSS_CUTTING))
    return (
        select(User.country_id, area_key.label("area_key"), func.count().label("items_done"))
        .select_from(Completion)
        .join(User, User.id == Completion.user_id)
        .join(Item, Item.id == Completion.item_id)
        .join(Module, Module.id == Item.module_id)
        .join(Track, Track.id == Module.track_id)
        .outerjoin(NegotiatingArea, NegotiatingArea.id == Track.area_id)
        .where(Completion.completed_at.is_not(None), User.country_id.is_not(None))
        .group_by(User.country_id, area_key)
    )


def rebuild_area_progress() -> None:
    lock_all_rollups()
    db.session.execute(delete(AreaProgress))
    db.session.execute(
        insert(AreaProgress).from_select(
            ["country_id", "area_key", "items_done"], area_progress_source()
        )
    )


# --- attained levels ------------------------------------------------------------------------


def attained_source(
    now: datetime, user_id: int | None = None, competency_id: int | None = None
) -> Any:
    stmt = (
        select(Evidence.user_id, Evidence.competency_id, func.max(Evidence.level).label("level"))
        .where(Evidence.observed_at >= evidence_since(now))
        .group_by(Evidence.user_id, Evidence.competency_id)
    )
    if user_id is not None:
        stmt = stmt.where(Evidence.user_id == user_id, Evidence.competency_id == competency_id)
    return stmt


def refresh_attained(user_id: int, competency_id: int, now: datetime | None = None) -> bool:
    """Bring one person's level up to date (call under :func:`lock_rollups` for that person).

    Writes only when the level changed, and says whether it did.
    """
    cell = (AttainedLevel.user_id == user_id, AttainedLevel.competency_id == competency_id)
    new = db.session.scalar(
        select(func.max(Evidence.level)).where(
            Evidence.user_id == user_id,
            Evidence.competency_id == competency_id,
            Evidence.observed_at >= evidence_since(now or utcnow()),
        )
    )
    old = db.session.scalar(select(AttainedLevel.level).where(*cell))
    if new == old:
        return False
    if new is None:
        db.session.execute(delete(AttainedLevel).where(*cell))
        return True
    stmt = db.insert_for(AttainedLevel).values(
        user_id=user_id, competency_id=competency_id, level=new
    )
    db.session.execute(
        stmt.on_conflict_do_update(
            index_elements=["user_id", "competency_id"],
            set_={"level": stmt.excluded.level},
            where=AttainedLevel.__table__.c.level != stmt.excluded.level,
        )
    )
    return True


def rebuild_attained(now: datetime | None = None) -> None:
    lock_all_rollups()
    db.session.execute(delete(AttainedLevel))
    db.session.execute(
        insert(AttainedLevel).from_select(
            ["user_id", "competency_id", "level"], attained_source(now or utcnow())
        )
    )


# --- targets and gaps -----------------------------------------------------------------------


def current_designation(today: date) -> Any:
    """The rule for a designation that sets targets today: in force, not revoked, held by an
    active person who is still of the country that nominated them (joined as ``Designation``
    and ``User``)."""
    return and_(
        Designation.revoked_at.is_(None),
        Designation.valid_from <= today,
        Designation.valid_until >= today,
        User.active.is_(True),
        User.country_id == Designation.country_id,
    )


def designated_people(today: date, country_id: int) -> Any:
    """The ids of ``country_id``'s people who hold a designation today whose kind sets a
    target, one row each, to be ordered by name: the people :func:`person_targets` covers,
    found from their designations alone (a page of them need not compute everyone's
    targets)."""
    # Filtered on the designation's own (indexed) country, so the database starts from the
    # country's few hundred designations, not from its thousands of people.
    return (
        select(User.id)
        .join(Designation, Designation.user_id == User.id)
        .where(
            current_designation(today),
            Designation.country_id == country_id,
            Designation.kind.in_(select(CompetencyTarget.designation).distinct()),
        )
        .group_by(User.id, User.name)
    )


def person_targets(
    today: date,
    country_id: int | None = None,
    user_id: int | None = None,
    competency_ids: Collection[int] | None = None,
    user_ids: Collection[int] | None = None,
) -> Any:
    """(user_id, country_id, competency_id, target) for every current designation: the highest
    target any of the person's designations sets for the competency; only ``user_ids``' if
    given (filtered inside, so the database computes no one else's)."""
    current = current_designation(today)
    if country_id is not None:
        current = and_(current, Designation.country_id == country_id)
    if user_id is not None:
        current = and_(current, User.id == user_id)
    if user_ids is not None:
        current = and_(current, User.id.in_(list(user_ids)))
    named = (
        select(
            User.id.label("user_id"),
            User.country_id,
            CompetencyTarget.competency_id,
            CompetencyTarget.level,
        )
        .join(Designation, Designation.user_id == User.id)
        .join(
            CompetencyTarget,
            and_(
                CompetencyTarget.designation == Designation.kind,
                CompetencyTarget.own_area.is_(False),
            ),
        )
        .where(current)
    )
    own_area = (
        select(
            User.id.label("user_id"),
            User.country_id,
            Competency.id.label("competency_id"),
            CompetencyTarget.level,
        )
        .join(Designation, Designation.user_id == User.id)
        .join(
            CompetencyTarget,
            and_(
                CompetencyTarget.designation == Designation.kind,
                CompetencyTarget.own_area.is_(True),
            ),
        )
        .join(
            Competency,
            and_(Competency.area_id == Designation.area_id, Competency.retired_at.is_(None)),
        )
        .where(current)
    )
    both = union_all(named, own_area).subquery()
    stmt = select(
        both.c.user_id,
        both.c.country_id,
        both.c.competency_id,
        func.max(both.c.level).label("target"),
    ).group_by(both.c.user_id, both.c.country_id, both.c.competency_id)
    if competency_ids is not None:
        stmt = stmt.where(both.c.competency_id.in_(list(competency_ids)))
    return stmt


def gap_source(
    today: date, country_id: int | None = None, competency_ids: Collection[int] | None = None
) -> Any:
    """(country_id, competency_id, designated, at_target, gap_sum) from targets and levels."""
    targets = person_targets(today, country_id, competency_ids=competency_ids).subquery()
    attained = func.coalesce(AttainedLevel.level, 0)
    return (
        select(
            targets.c.country_id,
            targets.c.competency_id,
            func.count().label("designated"),
            func.sum(case((attained >= targets.c.target, 1), else_=0)).label("at_target"),
            func.sum(
                case((targets.c.target > attained, targets.c.target - attained), else_=0)
            ).label("gap_sum"),
        )
        .select_from(targets)
        .outerjoin(
            AttainedLevel,
            and_(
                AttainedLevel.user_id == targets.c.user_id,
                AttainedLevel.competency_id == targets.c.competency_id,
            ),
        )
        .group_by(targets.c.country_id, targets.c.competency_id)
    )


def rebuild_gaps(country_id: int | None = None, today: date | None = None) -> None:
    """Recompute the gap roll-up from scratch (for one country, or for all): delete and
    reinsert, for ``flask lms rebuild-rollups`` and content syncs; events use
    :func:`refresh_gaps`."""
    if country_id is None:
        lock_all_rollups()
    else:
        lock_rollups(country_id)
    stmt = delete(GapRollup)
    if country_id is not None:
        stmt = stmt.where(GapRollup.country_id == country_id)
    db.session.execute(stmt)
    db.session.execute(
        insert(GapRollup).from_select(
            ["country_id", "competency_id", "designated", "at_target", "gap_sum"],
            gap_source(today or utcnow().date(), country_id),
        )
    )


GapCell = tuple[int, int]  #: (country_id, competency_id)


def refresh_gaps(
    country_id: int, competency_ids: Collection[int] | None = None, today: date | None = None
) -> int:
    """Bring one country's gap cells up to date (all, or those of ``competency_ids``) after an
    event there, writing only the cells whose values changed; returns how many it wrote."""
    lock_rollups(country_id)
    source = gap_source(today or utcnow().date(), country_id, competency_ids)
    wanted: dict[GapCell, tuple[int, int, int]] = {
        (row.country_id, row.competency_id): (
            int(row.designated),
            int(row.at_target),
            int(row.gap_sum),
        )
        for row in db.session.execute(source)
    }
    stored_stmt = select(
        GapRollup.country_id,
        GapRollup.competency_id,
        GapRollup.designated,
        GapRollup.at_target,
        GapRollup.gap_sum,
    ).where(GapRollup.country_id == country_id)
    if competency_ids is not None:
        stored_stmt = stored_stmt.where(GapRollup.competency_id.in_(list(competency_ids)))
    stored: dict[GapCell, tuple[int, int, int]] = {
        (row[0], row[1]): (row[2], row[3], row[4]) for row in db.session.execute(stored_stmt)
    }
    changed = [
        {
            "country_id": key[0],
            "competency_id": key[1],
            "designated": values[0],
            "at_target": values[1],
            "gap_sum": values[2],
        }
        for key, values in sorted(wanted.items())
        if stored.get(key) != values
    ]
    gone = sorted(set(stored) - set(wanted))
    if changed:
        table = GapRollup.__table__
        stmt = db.insert_for(GapRollup).values(changed)
        db.session.execute(
            stmt.on_conflict_do_update(
                index_elements=["country_id", "competency_id"],
                set_={
                    "designated": stmt.excluded.designated,
                    "at_target": stmt.excluded.at_target,
                    "gap_sum": stmt.excluded.gap_sum,
                },
                # Belt and braces: a cell equal to what is stored is never rewritten.
                where=or_(
                    table.c.designated != stmt.excluded.designated,
                    table.c.at_target != stmt.excluded.at_target,
                    table.c.gap_sum != stmt.excluded.gap_sum,
                ),
            )
        )
    if gone:
        db.session.execute(
            delete(GapRollup).where(
                GapRollup.country_id == country_id,
                GapRollup.competency_id.in_([competency_id for _, competency_id in gone]),
            )
        )
    return len(changed) + len(gone)


# --- learners per country and gender (kept by triggers on lms_user, migration 0023) -----------

#: The roles the dashboards count as learners.
COUNTED_ROLES = (Role.learner, Role.focal_point)


def learner_count_source() -> Any:
    """(country_id, gender_key, learners) counted from the user table itself."""
    # As text: the gender column's Enum type would refuse "" when the row is read back.
    gender_key = func.coalesce(type_coerce(User.gender, String), literal(NOT_STATED))
    return (
        select(User.country_id, gender_key.label("gender_key"), func.count().label("learners"))
        .where(
            User.active.is_(True),
            User.role.in_(COUNTED_ROLES),
            User.country_id.is_not(None),
        )
        .group_by(User.country_id, gender_key)
    )


def rebuild_learner_counts() -> None:
    """Recount from the user table. Runs first in :func:`rebuild_all`, before any country lock."""
    if db.session.get_bind().dialect.name == "postgresql":
        # EXCLUSIVE waits for the transactions whose triggers already counted into the table
        # and holds back those about to (they add to the recount once it commits), while
        # readers, and writes to lms_user that change no count (a sign-in), go on. Taken
        # before the country locks, in the order a request takes them (account, then
        # designation), so the two cannot deadlock.
        db.session.execute(text("LOCK TABLE lms_rollup_learners IN EXCLUSIVE MODE"))
    db.session.execute(delete(LearnerCount))
    db.session.execute(
        insert(LearnerCount).from_select(
            ["country_id", "gender_key", "learners"], learner_count_source()
        )
    )


def rebuild_all(now: datetime | None = None) -> None:
    """Recompute every roll-up from the rows they summarise."""
    now = now or utcnow()
    rebuild_learner_counts()
    rebuild_area_progress()
    rebuild_attained(now)
    rebuild_gaps(today=now.date())
    db.session.flush()
