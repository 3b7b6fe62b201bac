"""The trail under load: an action that two requests race to do is done once, and recorded once."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import ApiToken
from cartif_lms.auth.tokens import issue_token
from tests.concurrency.checks import count, fresh_look
from tests.concurrency.conftest import at_once
from tests.concurrency.test_quizzes import essay_awaiting_grading

TABS = 8


def test_a_token_revoked_in_many_tabs_at_once_has_one_entry(app, make_user, browser):
    analyst = make_user(role="analyst", country=None)
    issue_token(analyst, "planning system")
    db.session.commit()
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == analyst.id))
    tab = browser(analyst)
    revokes = [
        tab.ready_to_post(f"/account/tokens/{token_id}/revoke", {}, page="/account/tokens")
        for _ in range(TABS)
    ]

    replies = at_once(*revokes)

    assert [r.status for r in replies] == [302] * TABS
    revoked = (AuditEntry.action == Action.token_revoked.value, AuditEntry.object_id == token_id)
    assert count(AuditEntry, *revoked) == 1


def test_two_trainers_grading_one_essay_at_once_leave_one_entry_naming_the_winner(
    curriculum, make_user, browser
):
    _learner, attempt = essay_awaiting_grading(make_user)
    page = f"/trainer/attempts/{attempt.id}/grade"
    trainers = [make_user(role="trainer", country=None) for _ in range(2)]
    tabs = [browser(trainer) for trainer in trainers]

    at_once(*(tab.ready_to_post(page, {"grade_0": 80, "comment_0": "Fine."}) for tab in tabs))

    fresh_look()
    (entry,) = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.essay_graded.value)
    ).all()
    assert entry.object_id == attempt.id
    assert entry.actor_id == db.session.get(type(attempt), attempt.id).graded_by_id
