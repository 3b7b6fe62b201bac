"""Two trainers saving a new quiz bank under the same name at the same moment."""

from __future__ import annotations

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.quizzes.models import QuizBank
from tests.concurrency.checks import count, fresh_look
from tests.concurrency.conftest import at_once

FIRST = "::Transit:: Freedom of transit is in GATT Article V. {T}\n"
SECOND = "::Fees:: Fees and formalities are in GATT Article VIII. {T}\n"


def test_two_new_banks_of_one_name_at_once_keep_one_and_refuse_the_other(
    curriculum, make_user, browsers
):
    trainers = browsers([make_user(role="trainer", country=None) for _ in range(2)])
    saves = [
        tab.ready_to_post(
            "/trainer/banks/new",
            {"name": "transit", "source": text, "save": "1"},
            page="/trainer/banks/new",
        )
        for tab, text in zip(trainers, (FIRST, SECOND), strict=True)
    ]

    replies = at_once(*saves)

    assert sorted(r.status for r in replies) == [200, 302]
    refused = next(r for r in replies if r.status == 200)
    assert "A bank named &#39;transit&#39; already exists" in refused.text
    assert count(QuizBank, QuizBank.slug == "transit") == 1
    fresh_look()
    kept = db.session.scalars(select(QuizBank).where(QuizBank.slug == "transit")).one()
    assert kept.source in (FIRST, SECOND)  # the winner's text, whole
    assert count(AuditEntry, AuditEntry.action == Action.quiz_bank_saved.value) == 1
