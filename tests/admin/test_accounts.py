"""An administrator edits a person's account on one form, (de)activates it and resets its
password; each change ends the sessions it must and is recorded in the audit trail."""

import json

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.admin.services import (
    AccountChanges,
    AccountFieldError,
    edit_account,
    set_account_active,
)
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import Role, User
from cartif_lms.directory.services import country_by_code
from tests.auth.test_sessions import cookie_of, replay, sign_in, signed_out


def entries(*actions: Action) -> list[AuditEntry]:
    db.session.expire_all()
    wanted = [a.value for a in actions]
    stmt = select(AuditEntry).where(AuditEntry.action.in_(wanted)).order_by(AuditEntry.id)
    return list(db.session.scalars(stmt))


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", country=None, name="Site Admin")


@pytest.fixture
def as_admin(admin, login_as, post_form):
    """POST a form of a person's page as the signed-in administrator."""
    login_as(admin)

    def post(person: User, action: str, data: dict):
        return post_form(
            f"/admin/users/{person.id}{action}", data, page=f"/admin/users/{person.id}"
        )

    return post


def test_an_admin_edits_name_email_role_and_country_together(server, make_user, admin, as_admin):
    person = make_user(role="learner", country="KZ", name="Aigerim N", email="aigerim@example.kz")
    device = cookie_of(sign_in(server, person))

    response = as_admin(
        person,
        "",
        {
            "name": "  Aigerim Nurlanovna ",
            "email": "Aigerim.Nurlanovna@Example.GE",
            "role": "focal_point",
            "country": "GE",
        },
    )

    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.name, person.email) == ("Aigerim Nurlanovna", "aigerim.nurlanovna@example.ge")
    assert (person.role, person.country.code) == (Role.focal_point, "GE")
    assert signed_out(replay(server, device))  # a new role and country: signed out everywhere
    edited, role, country = entries(
        Action.account_edited, Action.role_changed, Action.country_changed
    )
    assert edited.details == {"fields": ["email", "name"]}
    assert role.details == {"before": "learner", "after": "focal_point"}
    assert country.details == {"before": "KZ", "after": "GE"}
    assert {e.actor_id for e in (edited, role, country)} == {admin.id}
    assert {e.subject_user_id for e in (edited, role, country)} == {person.id}
    trail = json.dumps([e.details for e in (edited, role, country)]).lower()
    assert "aigerim" not in trail  # no names...
    assert "example" not in trail  # ...and no addresses


def test_a_new_name_alone_keeps_the_person_signed_in(server, make_user, as_admin):
    person = make_user(role="learner", country="KZ")
    device = cookie_of(sign_in(server, person))

    as_admin(
        person,
        "",
        {"name": "Renamed Person", "email": person.email, "role": "learner", "country": "KZ"},
    )

    db.session.refresh(person)
    assert person.name == "Renamed Person"
    assert replay(server, device).status_code == 200
    assert entries(Action.role_changed, Action.country_changed) == []


def test_an_address_another_account_holds_is_refused_whatever_its_case(make_user, as_admin):
    make_user(email="taken@example.org")
    person = make_user(name="Kept Name")

    response = as_admin(
        person,
        "",
        {"name": "New Name", "email": "TAKEN@Example.org", "role": "learner", "country": "KZ"},
    )

    assert response.status_code == 200
    assert "An account with this email already exists." in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.name == "Kept Name"
    assert entries(Action.account_edited) == []


def test_a_learner_must_keep_a_country(make_user, as_admin):
    person = make_user(role="learner", country="KZ")

    response = as_admin(
        person, "", {"name": person.name, "email": person.email, "role": "learner", "country": ""}
    )

    assert "Learners and focal points belong to a country." in response.get_data(as_text=True)
    db.session.refresh(person)
    assert person.country.code == "KZ"


def test_the_former_role_form_address_still_changes_only_role_and_country(make_user, as_admin):
    person = make_user(role="learner", country="KZ", name="Same Name")

    as_admin(person, "/role", {"role": "trainer", "country": ""})

    db.session.refresh(person)
    assert (person.role, person.country, person.name) == (Role.trainer, None, "Same Name")


def test_an_admin_renames_themselves_but_cannot_change_their_own_role(admin, as_admin):
    response = as_admin(
        admin,
        "",
        {"name": "Renamed Admin", "email": admin.email, "role": "learner", "country": "KZ"},
    )

    assert "You cannot change your own role." in response.get_data(as_text=True)
    page = as_admin(admin, "", {"name": "Renamed Admin", "email": admin.email, "country": ""})
    assert page.status_code == 302  # the page's role select is disabled: not sent, kept
    db.session.refresh(admin)
    assert (admin.name, admin.role) == ("Renamed Admin", Role.admin)


def test_an_edit_made_from_values_someone_changed_meanwhile_writes_nothing(app, make_user, admin):
    person = make_user(role="learner", country="KZ")
    seen = db.session.get(User, person.id)
    db.session.execute(User.__table__.update().values(name="Changed Elsewhere"))
    changes = AccountChanges("My Edit", person.email, Role.learner, country_by_code("KZ"))

    with pytest.raises(AccountFieldError, match="Someone else changed this account"):
        edit_account(admin, seen, changes)

    db.session.expire_all()
    assert db.session.get(User, person.id).name == "Changed Elsewhere"
    assert entries(Action.account_edited) == []


def test_deactivating_twice_changes_and_records_once_and_reactivating_is_recorded(
    server, make_user, as_admin
):
    person = make_user()
    device = cookie_of(sign_in(server, person))

    first = as_admin(person, "/active", {"active": "0"})
    second = as_admin(person, "/active", {"active": "0"})  # a double click

    assert (first.status_code, second.status_code) == (302, 302)
    db.session.refresh(person)
    assert person.active is False
    assert signed_out(replay(server, device))
    as_admin(person, "/active", {"active": "1"})
    db.session.refresh(person)
    assert person.active is True
    actions = [e.action for e in entries(Action.account_deactivated, Action.account_reactivated)]
    assert actions == ["account_deactivated", "account_reactivated"]


def test_an_admin_cannot_deactivate_their_own_account(app, admin):
    with pytest.raises(AccountFieldError, match="your own account"):
        set_account_active(admin, admin, False)


def test_an_admins_password_reset_is_recorded_and_forces_a_change(make_user, admin, as_admin):
    person = make_user()

    as_admin(person, "/password", {"password": "a brand new passphrase"})

    db.session.refresh(person)
    assert person.must_change_password is True
    [entry] = entries(Action.password_reset)
    assert (entry.actor_id, entry.subject_user_id, entry.details) == (
        admin.id,
        person.id,
        {"via": "admin"},
    )


def test_a_new_account_from_the_form_is_recorded_with_its_role_and_country(
    admin, as_admin, post_form
):
    post_form(
        "/admin/users/new",
        {
            "email": "new.person@example.org",
            "name": "New Person",
            "role": "focal_point",
            "country": "TJ",
            "password": "long enough passphrase",
        },
    )

    [entry] = entries(Action.account_created)
    created = db.session.scalar(select(User).where(User.email == "new.person@example.org"))
    assert (entry.actor_id, entry.subject_user_id) == (admin.id, created.id)
    assert entry.country_id == created.country_id
    assert entry.details == {"role": "focal_point", "country": "TJ", "via": "admin_form"}


def test_moving_a_person_to_another_country_revokes_the_old_countrys_designations(
    make_user, admin, as_admin
):
    from datetime import date

    from cartif_lms.directory.models import Designation, DesignationKind
    from cartif_lms.directory.services import DesignationRequest, designate

    kazakhstan = country_by_code("KZ")
    focal_point = make_user(role="focal_point", country="KZ")
    person = make_user(role="learner", country="KZ")
    designate(
        focal_point,
        kazakhstan,
        DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
    )
    db.session.commit()

    response = as_admin(
        person, "", {"name": person.name, "email": person.email, "role": "learner", "country": "GE"}
    )

    assert response.status_code == 302
    mine = select(Designation).where(Designation.user_id == person.id)
    designation = db.session.scalars(mine).one()
    assert designation.revoked_at is not None, "a nomination is the country's: it does not travel"
    assert designation.revoked_by_id == admin.id
    assert designation.country_id == kazakhstan.id, "it stays Kazakhstan's, in its history"
    (revoked,) = entries(Action.designation_revoked)
    assert (revoked.actor_id, revoked.subject_user_id) == (admin.id, person.id)
