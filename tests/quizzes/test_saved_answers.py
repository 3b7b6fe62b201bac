"""A negotiator on a slow link saves answers as they go: a dropped connection loses nothing
already saved, and submitting grades what was saved."""

import re
from datetime import timedelta

import pytest

from cartif_lms import db
from cartif_lms.quizzes.models import AttemptStatus
from cartif_lms.quizzes.services import (
    AnswerRefused,
    open_attempt,
    save_answers,
    submit_attempt,
)
from tests.quizzes.conftest import CHECK, item, right_answers
from tests.quizzes.test_attempts import _form, multiple_choice_index, start, unlock

JSON = {"Accept": "application/json"}


def per_question(attempt):
    """The right answers, split into one form per question, as the page's script sends them."""
    forms: dict[int, dict[str, object]] = {}
    for name, value in right_answers(attempt).items():
        index = int(name.split("-", 1)[0][1:])
        forms.setdefault(index, {"question": str(index)})[name] = value
    return forms


@pytest.fixture
def taking(client, curriculum, make_user, login_as, post_form):
    """A signed-in learner with an attempt at the check quiz in progress."""
    learner = make_user()
    unlock(learner)
    login_as(learner)
    return start(client, post_form)


def test_answers_saved_one_by_one_come_back_on_the_page_and_are_graded_on_submit(
    client, taking, post_form
):
    page = f"/attempts/{taking.id}"
    forms = per_question(taking)
    for index, form in forms.items():
        response = post_form(f"{page}/answers", form, page=page, headers=JSON)
        assert response.status_code == 200
        assert response.json["saved"] == [index]
    assert response.json == {
        "saved": [index],
        "answered": len(forms),
        "questions": len(forms),
    }

    html = client.get(page).get_data(as_text=True)
    mc = multiple_choice_index(taking)
    chosen = right_answers(taking)[f"q{mc}"][0]
    assert f'name="q{mc}" value="{chosen}" checked' in html

    post_form(f"{page}/submit", {}, page=page)  # the connection came back: submit nothing new
    db.session.refresh(taking)
    assert (taking.status, taking.score, taking.passed) == (AttemptStatus.submitted, 100.0, True)


def test_the_whole_form_saved_without_script_says_how_many_are_answered(client, taking, post_form):
    page = f"/attempts/{taking.id}"
    mc = multiple_choice_index(taking)
    one = right_answers(taking)[f"q{mc}"]
    response = post_form(f"{page}/answers", {"question": ["0", "1", "2"], f"q{mc}": one}, page=page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(page)
    assert "1 of 3 answered" in client.get(page).get_data(as_text=True)
    db.session.refresh(taking)
    assert taking.answers == {str(mc): one[0]}
    assert taking.status is AttemptStatus.in_progress


def test_what_the_submit_form_carries_replaces_the_saved_answer_even_when_cleared(
    app, curriculum, make_user
):
    learner = make_user()
    unlock(learner)
    attempt = open_attempt(learner, item(CHECK))
    forms = per_question(attempt)
    for form in forms.values():
        save_answers(learner, attempt.id, _form(form))
    mc = multiple_choice_index(attempt)
    # The submit form carries every question; the multiple-choice one came back blank.
    carried = {k: v for form in forms.values() for k, v in form.items() if k != f"q{mc}"}
    submit_attempt(learner, attempt, _form({**carried, "question": [str(i) for i in forms]}))
    assert str(mc) not in attempt.answers
    assert attempt.score is not None
    assert attempt.score < 100.0


def test_a_save_after_submitting_is_refused_and_changes_nothing(client, taking, post_form):
    page = f"/attempts/{taking.id}"
    post_form(f"{page}/submit", right_answers(taking), page=page)
    db.session.refresh(taking)
    graded = dict(taking.answers)
    mc = multiple_choice_index(taking)
    late = client.post(
        f"{page}/answers",
        data={f"q{mc}": "c2", "question": str(mc), "csrf_token": _token(client, "/")},
        headers=JSON,
    )
    assert late.status_code == 409
    assert "has been submitted" in late.json["message"]
    db.session.refresh(taking)
    assert (taking.answers, taking.score) == (graded, 100.0)


def test_after_the_time_limit_nothing_more_is_saved_but_what_was_saved_in_time_counts(
    app, curriculum, make_user
):
    learner = make_user()
    unlock(learner)
    quiz = item(CHECK)
    quiz.settings = {**quiz.settings, "time_limit": 10}
    attempt = open_attempt(learner, quiz)
    forms = list(per_question(attempt).values())
    save_answers(learner, attempt.id, _form(forms[0]))
    late = attempt.deadline_at + timedelta(minutes=5)
    with pytest.raises(AnswerRefused, match="time limit"):
        save_answers(learner, attempt.id, _form(forms[1]), now=late)
    everything = {k: v for form in forms for k, v in form.items()}
    submit_attempt(learner, attempt, _form(everything), now=late)
    assert attempt.late is True
    assert list(attempt.answers) == [forms[0]["question"]]


@pytest.mark.parametrize(
    "fields",
    [
        {"q{mc}": "c99"},  # no such choice
        {"q42": "c0"},  # no such question
        {"question": "3"},  # one past the last question
        {"question": "99999999999999999999999"},
        {"question": "9" * 5000},  # more digits than Python turns into an int
        {"question": "-1"},
        {"question": "٣"},  # a digit, but not one a form sends
        {"question": "0\x00"},
    ],
)
def test_a_tampered_save_gets_400_and_saves_nothing(client, taking, post_form, fields):
    page = f"/attempts/{taking.id}"
    mc = multiple_choice_index(taking)
    fields = {name.format(mc=mc): value for name, value in fields.items()}
    response = post_form(f"{page}/answers", fields, page=page, headers=JSON)
    assert response.status_code == 400
    db.session.refresh(taking)
    assert taking.answers == {}


def test_another_persons_attempt_cannot_be_saved_into(
    client, curriculum, make_user, login_as, post_form
):
    owner = make_user()
    unlock(owner)
    attempt = open_attempt(owner, item(CHECK))
    db.session.commit()
    login_as(make_user(country="GE"))
    response = post_form(f"/attempts/{attempt.id}/answers", {"question": "0"}, page="/")
    assert response.status_code == 404
    db.session.refresh(attempt)
    assert attempt.answers == {}


def test_a_save_without_the_form_token_is_refused(client, taking):
    response = client.post(f"/attempts/{taking.id}/answers", data={"question": "0"})
    assert response.status_code == 400
    db.session.refresh(taking)
    assert taking.answers == {}


def test_the_attempt_page_carries_every_question_and_loads_its_saving_script(client, taking):
    html = client.get(f"/attempts/{taking.id}").get_data(as_text=True)
    for index in range(3):
        assert f'name="question" value="{index}"' in html
    assert "quiz-answers.js" in html
    script = client.get(re.search(r'src="([^"]*quiz-answers.js[^"]*)"', html).group(1))
    assert script.status_code == 200
    assert b"Accept" in script.data


def _token(client, page):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get(page).get_data(as_text=True))
