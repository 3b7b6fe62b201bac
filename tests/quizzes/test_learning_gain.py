"""Pre-test → post-test gain per learner, averaged per country and negotiating area."""

from cartif_lms import db
from cartif_lms.quizzes.reports import learning_gains, mean_gain_by_country_and_area
from cartif_lms.quizzes.services import open_attempt, submit_attempt
from tests.quizzes.conftest import CHECK, REDRAFT, item, right_answers
from tests.quizzes.test_attempts import _form, unlock


def as_pre_and_final():
    pre, final = item(CHECK), item(REDRAFT)
    pre.settings = {**pre.settings, "test": "pre-test", "attempts": 1}
    final.settings = {**final.settings, "test": "final", "category": "basics/auto"}
    return pre, final


def take(learner, quiz, right: bool):
    attempt = open_attempt(learner, quiz)
    return submit_attempt(learner, attempt, _form(right_answers(attempt) if right else {}))


def test_gain_is_post_minus_pre_and_is_averaged_per_country_and_area(app, curriculum, make_user):
    pre, final = as_pre_and_final()
    kazakh, georgian = make_user(country="KZ"), make_user(country="GE")
    for learner in (kazakh, georgian):
        unlock(learner)
        take(learner, pre, right=False)
    take(kazakh, final, right=True)
    take(georgian, final, right=False)
    db.session.commit()

    gains = {g.country: g.gain for g in learning_gains(make_user(role="analyst", country=None))}
    assert (gains["KZ"].pre, gains["KZ"].post, gains["KZ"].gain) == (0.0, 100.0, 100.0)
    assert gains["GE"].gain == 0.0
    means = mean_gain_by_country_and_area(learning_gains(make_user(role="analyst", country=None)))
    assert means == {("KZ", "XC"): 100.0, ("GE", "XC"): 0.0}


def test_a_focal_point_sees_only_their_countrys_gains(app, curriculum, make_user):
    pre, final = as_pre_and_final()
    for country in ("KZ", "GE"):
        learner = make_user(country=country)
        unlock(learner)
        take(learner, pre, right=False)
        take(learner, final, right=True)
    db.session.commit()
    focal = make_user(role="focal_point", country="KZ")
    assert {g.country for g in learning_gains(focal)} == {"KZ"}


def test_the_learning_gain_page_is_for_staff_and_focal_points(
    client, curriculum, make_user, login_as
):
    login_as(make_user(role="focal_point", country="KZ"))
    assert client.get("/trainer/learning-gain").status_code == 200
    with client.session_transaction() as session:
        session.clear()
    login_as(make_user())
    assert client.get("/trainer/learning-gain").status_code == 403
