"""Account requests under double clicks and two focal points deciding at once."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import AccountRequest, AccountRequestStatus, User
from cartif_lms.auth.registration import confirmation_token
from cartif_lms.db import utcnow
from cartif_lms.directory.services import country_by_code
from cartif_lms.notifications.models import Notification
from tests.concurrency.checks import count, fresh_look
from tests.concurrency.conftest import Browser, at_once

EMAIL = "aigerim@example.kz"


def waiting_request(status: AccountRequestStatus = AccountRequestStatus.pending) -> AccountRequest:
    """A request of Kazakhstan (by default confirmed, waiting for a decision)."""
    asked = AccountRequest(
        email=EMAIL,
        name="Aigerim N.",
        country_id=country_by_code("KZ").id,
        status=status,
        confirmed_at=utcnow() if status is AccountRequestStatus.pending else None,
    )
    db.session.add(asked)
    db.session.commit()
    return asked


def decided(asked_id: int) -> AccountRequest:
    fresh_look()
    return db.session.scalars(select(AccountRequest).where(AccountRequest.id == asked_id)).one()


def test_two_focal_points_approving_at_once_make_one_account(make_user, browsers):
    asked = waiting_request()
    deciders = browsers([make_user(role="focal_point", country="KZ") for _ in range(2)])
    path = f"/account-requests/{asked.id}/approve"
    presses = [b.ready_to_post(path, {}, page="/account-requests") for b in deciders]

    replies = at_once(*presses)

    assert sorted(r.status for r in replies) == [302, 409]
    assert "decided already" in next(r.text for r in replies if r.status == 409)
    assert count(User, User.email == EMAIL) == 1
    assert count(AuditEntry, AuditEntry.action == Action.account_approved.value) == 1
    assert decided(asked.id).status is AccountRequestStatus.approved


def test_approving_and_rejecting_at_once_gives_one_decision(make_user, browsers):
    asked = waiting_request()
    approver, rejecter = browsers([make_user(role="focal_point", country="KZ") for _ in range(2)])
    approve = approver.ready_to_post(
        f"/account-requests/{asked.id}/approve", {}, page="/account-requests"
    )
    reject = rejecter.ready_to_post(
        f"/account-requests/{asked.id}/reject", {"reason": "Not in the delegation."}
    )

    replies = at_once(approve, reject)

    assert sorted(r.status for r in replies) == [302, 409]
    outcome = decided(asked.id)
    accounts = count(User, User.email == EMAIL)
    decisions = count(
        AuditEntry,
        AuditEntry.action.in_([Action.account_approved.value, Action.account_rejected.value]),
    )
    assert decisions == 1
    if outcome.status is AccountRequestStatus.approved:
        assert accounts == 1
    else:
        assert (outcome.status, accounts) == (AccountRequestStatus.rejected, 0)


def test_asking_twice_at_once_makes_one_request(served):
    visitor = Browser(served)
    form = {"name": "Aigerim N.", "email": EMAIL, "country": "KZ"}
    press = visitor.ready_to_post("/register", form)

    replies = at_once(press, press)

    assert [r.status for r in replies] == [200, 200]
    assert count(AccountRequest, AccountRequest.email == EMAIL) == 1


def test_the_confirmation_link_sent_twice_at_once_confirms_once(make_user, served):
    focal = make_user(role="focal_point", country="KZ")
    asked = waiting_request(AccountRequestStatus.pending_confirmation)
    press = Browser(served).ready_to_post(f"/register/confirm/{confirmation_token(asked)}", {})

    replies = at_once(press, press)

    assert sorted(r.status for r in replies) == [200, 400]
    assert "already used" in next(r.text for r in replies if r.status == 400)
    assert decided(asked.id).status is AccountRequestStatus.pending
    assert count(Notification, Notification.user_id == focal.id) == 1
