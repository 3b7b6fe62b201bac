"""Learners per country and sex come from a roll-up the database keeps on every change to an
account, however the change is written, and a rebuild from the user table gives the same."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from cartif_lms import db
from cartif_lms.admin.services import AccountChanges, edit_account, set_account_active
from cartif_lms.auth.models import Gender, Role, User
from cartif_lms.capacity import rollups
from cartif_lms.capacity.models import LearnerCount
from cartif_lms.capacity.services import learners_by_sex, learners_per_country
from cartif_lms.directory.services import country_by_code


def cells() -> dict[tuple[str, str], int]:
    """The roll-up's non-empty cells by (country code, gender key)."""
    db.session.expire_all()
    codes = {country_by_code(c).id: c for c in ("KZ", "GE", "MN")}
    rows = db.session.scalars(select(LearnerCount).where(LearnerCount.learners != 0))
    return {(codes.get(r.country_id, "?"), r.gender_key): r.learners for r in rows}


def changes(person: User, **new: object) -> AccountChanges:
    kept = {"name": person.name, "email": person.email, "role": person.role}
    return AccountChanges(**{**kept, "country": person.country, **new})  # type: ignore[arg-type]


def test_accounts_made_and_changed_every_way_are_counted_as_a_rebuild_counts(make_user):
    admin = make_user(role="admin", country=None)
    women = [make_user(country="KZ", gender="female") for _ in range(3)]
    man = make_user(country="KZ", gender="male")
    unstated = make_user(role="focal_point", country="GE")
    make_user(role="trainer", country="KZ")  # programme staff are not learners
    make_user(role="analyst", country=None)
    assert cells() == {("KZ", "female"): 3, ("KZ", "male"): 1, ("GE", ""): 1}

    # A conditional UPDATE (deactivation), an edit of role and of country, a raw change of
    # gender, a bulk insert and a delete: the triggers see each.
    set_account_active(admin, women[0], False)
    edit_account(admin, women[1], changes(women[1], role=Role.trainer))
    edit_account(admin, man, changes(man, country=country_by_code("MN")))
    db.session.execute(update(User).where(User.id == unstated.id).values(gender=Gender.other))
    db.session.execute(
        insert(User),
        [
            {
                "email": f"bulk{n}@example.org",
                "name": f"Bulk {n}",
                "role": Role.learner,
                "country_id": country_by_code("GE").id,
                "gender": Gender.female,
                "active": True,
                "password_hash": "x",
            }
            for n in range(4)
        ],
    )
    db.session.execute(delete(User).where(User.email == "bulk0@example.org"))
    db.session.commit()

    incremental = cells()
    assert incremental == {
        ("KZ", "female"): 1,
        ("MN", "male"): 1,
        ("GE", "other"): 1,
        ("GE", "female"): 3,
    }
    rollups.rebuild_learner_counts()
    assert cells() == incremental
    set_account_active(admin, women[0], True)
    assert cells()[("KZ", "female")] == 2


def test_the_dashboard_figures_read_the_roll_up(make_user):
    for gender in ("female", "female", "male", None):
        make_user(country="KZ", gender=gender)
    kz = country_by_code("KZ")
    assert learners_per_country([kz.id, country_by_code("GE").id]) == {kz.id: 4}
    assert learners_by_sex(None)["KZ"] == {"female": 2, "male": 1, "other": 0, "not stated": 1}
