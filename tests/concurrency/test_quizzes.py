"""Quizzes under load: a country's learners pass at the same moment, a trainer's grade twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from cartif_lms import db
from cartif_lms.capacity.models import Evidence, EvidenceSource, GapRollup
from cartif_lms.directory.models import DesignationKind
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.learning.models import Completion
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt
from cartif_lms.quizzes.services import open_attempt, submit_attempt
from tests.concurrency.checks import assert_rollups_match_a_rebuild, count, fresh_look
from tests.concurrency.conftest import at_once
from tests.quizzes.conftest import CHECK, REDRAFT, item, right_answers
from tests.quizzes.test_saved_answers import per_question

LEARNERS = 8
JSON = {"Accept": "application/json"}


def chief_negotiator_at_the_check(make_user, passed_before: bool, country="KZ"):
    """A chief negotiator (target: XC.NEGOTIATION 3) with an attempt at the module check open,
    who may have passed it once already (a post-test may be retaken)."""
    person = make_user(country=country)
    designate(
        person,
        country_by_code(country),
        DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
    )
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(person, item(slug))
    if passed_before:
        earlier = open_attempt(person, item(CHECK))
        submit_attempt(person, earlier, MultiDict(right_answers(earlier)))
    attempt = open_attempt(person, item(CHECK))
    db.session.commit()
    return person, attempt


def test_a_countrys_learners_passing_at_the_same_moment_are_all_counted(
    curriculum, make_user, browsers
):
    people = [chief_negotiator_at_the_check(make_user, i % 2 == 1) for i in range(LEARNERS)]
    tabs = browsers([person for person, _ in people])
    submits = [
        tab.ready_to_post(
            f"/attempts/{attempt.id}/submit", right_answers(attempt), page=f"/attempts/{attempt.id}"
        )
        for tab, (_, attempt) in zip(tabs, people, strict=True)
    ]

    replies = at_once(*submits)

    assert [r.status for r in replies] == [302] * LEARNERS
    fired = [a.id for _, a in people]
    assert count(QuizAttempt, QuizAttempt.id.in_(fired), QuizAttempt.passed.is_(True)) == LEARNERS
    assert count(Completion, Completion.item_id == item(CHECK).id) == LEARNERS
    assert (
        count(Evidence, Evidence.source == EvidenceSource.quiz, Evidence.source_id.in_(fired))
        == LEARNERS
    )
    negotiation = db.session.scalar(
        select(GapRollup).where(GapRollup.country_id == country_by_code("KZ").id)
    )
    # Every one of them is a chief negotiator now at level 2 of the 3 they need.
    assert (negotiation.designated, negotiation.at_target, negotiation.gap_sum) == (
        LEARNERS,
        0,
        LEARNERS,
    )
    assert_rollups_match_a_rebuild()


def essay_awaiting_grading(make_user):
    """A learner's redraft (an essay, tagged XC.DRAFTING) waiting in the grading queue."""
    person = make_user(country="KZ")
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(person, item(slug))
    attempt = open_attempt(person, item(REDRAFT))
    submit_attempt(person, attempt, MultiDict(right_answers(attempt)))
    db.session.commit()
    assert attempt.status is AttemptStatus.awaiting_grading
    return person, attempt


def test_two_trainers_grading_one_essay_at_once_grade_it_once(curriculum, make_user, browser):
    learner, attempt = essay_awaiting_grading(make_user)
    page = f"/trainer/attempts/{attempt.id}/grade"
    grades = {"generous": 90, "strict": 70}  # level 2 and level 1 of XC.DRAFTING
    trainers = {name: make_user(role="trainer", country=None, name=name) for name in grades}
    tabs = {name: browser(trainer) for name, trainer in trainers.items()}

    replies = at_once(
        *(
            tabs[name].ready_to_post(page, {"grade_0": grade, "comment_0": f"Graded by {name}."})
            for name, grade in grades.items()
        )
    )

    assert [r.status for r in replies] == [302, 302]  # both back to the queue...
    told = ["already been graded" in tab.get("/trainer/grading").text for tab in tabs.values()]
    assert sorted(told) == [False, True]  # ...and the one who came second is told why
    fresh_look()
    graded = db.session.get(QuizAttempt, attempt.id)
    winner = next(name for name, t in trainers.items() if t.id == graded.graded_by_id)
    assert graded.status is AttemptStatus.graded
    assert (graded.score, graded.results["0"]["comment"]) == (
        grades[winner],
        f"Graded by {winner}.",
    )
    evidence = db.session.scalars(
        select(Evidence).where(
            Evidence.source == EvidenceSource.quiz, Evidence.source_id == attempt.id
        )
    ).all()
    assert [e.level for e in evidence] == [2 if winner == "generous" else 1]
    assert count(Completion, Completion.item_id == item(REDRAFT).id) == 1
    assert_rollups_match_a_rebuild()


def test_answers_saved_from_three_tabs_at_once_are_all_kept(curriculum, make_user, browser):
    person, attempt = chief_negotiator_at_the_check(make_user, passed_before=False)
    page = f"/attempts/{attempt.id}"
    forms = per_question(attempt)
    tabs = [browser(person) for _ in forms]
    saves = [
        tab.ready_to_post(f"{page}/answers", form, page=page, headers=JSON)
        for tab, form in zip(tabs, forms.values(), strict=True)
    ]

    replies = at_once(*saves)

    assert [r.status for r in replies] == [200] * len(forms)
    fresh_look()
    saved = db.session.get(QuizAttempt, attempt.id)
    assert sorted(saved.answers) == sorted(str(i) for i in forms)
    assert saved.status is AttemptStatus.in_progress


def test_a_save_racing_the_submit_is_either_graded_or_refused_never_lost(
    curriculum, make_user, browser
):
    people = [chief_negotiator_at_the_check(make_user, False) for _ in range(LEARNERS // 2)]
    races = []
    for person, attempt in people:
        page = f"/attempts/{attempt.id}"
        last, *others = reversed(list(per_question(attempt).items()))
        # Submitted with every answer but the last, which a second tab saves at that moment.
        submit_form = {k: v for _i, form in others for k, v in form.items() if k != "question"}
        tabs = browser(person), browser(person)
        races += [
            tabs[0].ready_to_post(f"{page}/submit", submit_form, page=page),
            tabs[1].ready_to_post(f"{page}/answers", last[1], page=page, headers=JSON),
        ]

    replies = at_once(*races)

    fresh_look()
    for n, (_person, attempt) in enumerate(people):
        submitted, saved = replies[2 * n], replies[2 * n + 1]
        graded = db.session.get(QuizAttempt, attempt.id)
        assert submitted.status == 302
        assert graded.status is AttemptStatus.submitted
        last_question = str(len(graded.layouts) - 1)
        if saved.status == 200:  # saved first: the submit graded it
            assert last_question in graded.answers
            assert graded.score == 100.0
        else:  # the submit came first: the save was refused, and said so
            assert saved.status == 409
            assert last_question not in graded.answers
            assert graded.score < 100.0
