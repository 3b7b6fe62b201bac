"""An administrator erases a person: nothing personal remains, and the country's figures
read the same."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import ApiToken, User, UserSession
from cartif_lms.capacity.models import AreaProgress, AttainedLevel, Evidence, GapRollup
from cartif_lms.capacity.services import learners_by_sex
from cartif_lms.learning.models import Completion, TrackCompletion
from cartif_lms.privacy.services import ErasureRefused, erase_person, erased_email, erased_name
from cartif_lms.quizzes.models import QuizAttempt
from tests.concurrency.checks import assert_rollups_match_a_rebuild
from tests.conftest import PASSWORD, csrf_token_from
from tests.privacy.conftest import COMMENT, DRAFT, EMAIL, ESSAY, NAME, NOTE

PERSONAL = (NAME, EMAIL, ESSAY, DRAFT, COMMENT, NOTE)


def figures(viewer: User) -> dict[str, Any]:
    """What the country's pages and reports count."""
    db.session.expire_all()

    def rows(*columns: Any) -> set[tuple[Any, ...]]:
        return {tuple(r) for r in db.session.execute(select(*columns))}

    def count(model: type) -> int:
        return db.session.scalar(select(func.count()).select_from(model))

    return {
        "by sex": learners_by_sex(viewer),
        "area progress": rows(
            AreaProgress.country_id, AreaProgress.area_key, AreaProgress.items_done
        ),
        "gaps": rows(
            GapRollup.country_id,
            GapRollup.competency_id,
            GapRollup.designated,
            GapRollup.at_target,
            GapRollup.gap_sum,
        ),
        "attained": rows(AttainedLevel.user_id, AttainedLevel.competency_id, AttainedLevel.level),
        "completions": count(Completion),
        "tracks completed": count(TrackCompletion),
        "attempts": rows(QuizAttempt.id, QuizAttempt.score, QuizAttempt.status),
        "evidence": rows(Evidence.user_id, Evidence.competency_id, Evidence.level),
    }


def every_stored_value() -> str:
    """The whole database as text, to search for what must be gone."""
    db.session.expire_all()
    values = []
    for table in db.Base.metadata.sorted_tables:
        for row in db.session.execute(select(table)):
            values.extend(str(value) for value in row)
    return "\n".join(values)


def erase_through_the_page(client, login_as, admin: User, person: User, typed: str):
    login_as(admin)
    page = client.get(f"/privacy/people/{person.id}/erase")
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(
        f"/privacy/people/{person.id}/erase", data={"email": typed, "csrf_token": token}
    )


def test_erasing_keeps_every_figure_and_leaves_nothing_personal(client, login_as, world) -> None:
    before = figures(world.admin)
    assert all(text in every_stored_value() for text in PERSONAL)

    response = erase_through_the_page(client, login_as, world.admin, world.person, EMAIL)

    assert response.status_code == 302
    assert figures(world.admin) == before
    assert_rollups_match_a_rebuild()
    stored = every_stored_value()
    for text in PERSONAL:
        assert text not in stored, text


def test_the_erased_account_stays_counted_under_a_placeholder(world) -> None:
    person_id = world.person.id
    erase_person(world.admin, world.person)
    db.session.commit()
    person = db.session.get(User, person_id)
    assert person.name == erased_name(person_id) == f"Erased person #{person_id}"
    assert person.email == erased_email(person_id)
    assert person.erased_at is not None
    assert (person.country.code, person.role.value, person.gender.value) == (
        "KZ",
        "learner",
        "female",
    )
    assert not person.check_password(PASSWORD)
    assert person.unread_notifications == 0


def test_the_erased_person_is_signed_out_and_cannot_sign_in(server, login_as, world) -> None:
    theirs = server.test_client()
    token = csrf_token_from(theirs.get("/login").get_data(as_text=True))
    signed_in = theirs.post(
        "/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    )
    assert signed_in.status_code == 302
    assert theirs.get("/account/data").status_code == 200

    erase_person(world.admin, world.person)
    db.session.commit()

    assert theirs.get("/account/data").status_code == 302  # to the sign-in page
    for email in (EMAIL, erased_email(world.person.id)):
        token = csrf_token_from(theirs.get("/login").get_data(as_text=True))
        again = theirs.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert again.status_code == 200  # the form again, with its message
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(UserSession)
            .where(UserSession.user_id == world.person.id)
        )
        == 0
    )
    assert (
        db.session.scalar(
            select(func.count()).select_from(ApiToken).where(ApiToken.user_id == world.person.id)
        )
        == 0
    )


def test_the_audit_trail_records_the_erasure_with_ids_only(world) -> None:
    erase_person(world.admin, world.person)
    db.session.commit()
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.account_erased.value)
    ).one()
    assert (entry.actor_id, entry.subject_user_id) == (world.admin.id, world.person.id)
    assert entry.country_id == world.person.country_id
    assert NAME not in str(entry.details)


def test_a_wrong_address_erases_nothing(client, login_as, world) -> None:
    response = erase_through_the_page(
        client, login_as, world.admin, world.person, "someone@else.org"
    )
    assert response.status_code == 200
    assert "That is not this person" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, world.person.id).name == NAME


def test_a_person_is_erased_once(world) -> None:
    erase_person(world.admin, world.person)
    db.session.commit()
    with pytest.raises(ErasureRefused, match="erased already"):
        erase_person(world.admin, world.person)


def test_an_administrator_cannot_erase_themselves(world) -> None:
    with pytest.raises(ErasureRefused, match="your own account"):
        erase_person(world.admin, world.admin)


@pytest.mark.parametrize("role", ["learner", "focal_point", "trainer", "analyst"])
def test_only_administrators_may_erase(client, login_as, world, make_user, role) -> None:
    login_as(make_user(role=role, country="KZ" if role in ("learner", "focal_point") else None))
    assert client.get(f"/privacy/people/{world.person.id}/erase").status_code == 403


def test_erasing_someone_who_does_not_exist_is_404(client, login_as, world) -> None:
    login_as(world.admin)
    assert client.get("/privacy/people/999999/erase").status_code == 404


def test_an_erased_account_cannot_be_renamed_reopened_or_given_a_password(
    client, login_as, world
) -> None:
    erase_person(world.admin, world.person)
    db.session.commit()
    login_as(world.admin)
    page = client.get(f"/admin/users/{world.person.id}").get_data(as_text=True)
    assert "Edit account" not in page
    assert "Set new password" not in page
    token = csrf_token_from(page)
    person_id = world.person.id
    client.post(
        f"/admin/users/{person_id}",
        data={
            "name": NAME,
            "email": EMAIL,
            "role": "learner",
            "country": "KZ",
            "csrf_token": token,
        },
    )
    client.post(
        f"/admin/users/{person_id}/password",
        data={"password": "a brand new passphrase 7", "csrf_token": token},
    )
    client.post(f"/admin/users/{person_id}/active", data={"active": "0", "csrf_token": token})

    db.session.expire_all()
    erased = db.session.get(User, person_id)
    assert (erased.name, erased.email) == (erased_name(person_id), erased_email(person_id))
    assert not erased.must_change_password
    assert erased.active
