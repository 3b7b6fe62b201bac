"""A quiz bank in Russian: ``basics.ru.gift`` translates ``basics.gift`` and nothing else.

Sync refuses a translation whose questions, keys or weights differ from the original's; a
learner reads the attempt in their language, and the attempt is graded from the original, so
one started in English is finished in Russian with the same result.
"""

import shutil

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.sync import sync_content
from cartif_lms.learning.models import Completion
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt
from tests.conftest import DATA_DIR
from tests.quizzes.conftest import CHECK, item, right_answers

QUIZ_PAGE = "/tracks/basics/next-steps/check"
RUSSIAN_BANK = "quizzes/basics.ru.gift"


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(DATA_DIR / "content", target)
    return target


def sync(runner, content):
    return runner.invoke(args=["lms", "sync", "--content-dir", str(content)])


def edit_bank(content, old: str, new: str) -> None:
    path = content / RUSSIAN_BANK
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def learner_at_the_quiz(make_user, locale=None):
    learner = make_user()
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, item(slug))
    learner.locale = locale
    db.session.commit()
    return learner


def start(post_form):
    response = post_form(f"/quiz/{item(CHECK).id}/start", {}, page=QUIZ_PAGE)
    assert response.status_code == 302
    return db.session.get(QuizAttempt, int(response.headers["Location"].rsplit("/", 1)[1]))


# --- sync ------------------------------------------------------------------------------------


def test_the_russian_bank_of_the_test_curriculum_syncs(runner, content):
    result = sync(runner, content)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "~Председатель#",
            "~%50%Председатель#",
            3,
            "question 'Mandate' differs from the original in its weights",
        ),
        ("{T#Ещё", "{F#Ещё", 6, "differs from the original in its true/false key"),
        ("{#11}", "{#12}", 9, "differs from the original in its numbers"),
        (
            "[id:basics-q3]",
            "[id:basics-q9]",
            9,
            "expected the question [id:basics-q3] ::Members:: of the original here",
        ),
        ("::BATNA::", "::НАОС::", 6, "expected the question [id:basics-q2] ::BATNA::"),
        ("$CATEGORY: basics/essays", "$CATEGORY: basics/other", 14, "in its category"),
    ],
)
def test_a_translation_that_changes_what_is_graded_is_refused_and_nothing_loads(
    runner, content, old, new, line, message
):
    edit_bank(content, old, new)
    result = sync(runner, content)
    assert result.exit_code == 1
    assert f"{RUSSIAN_BANK}:{line}: " in result.output
    assert message in result.output
    assert item(CHECK) is None  # nothing was loaded


def test_a_missing_or_extra_question_is_refused(runner, content):
    path = content / RUSSIAN_BANK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("$CATEGORY: basics/essays")[0], encoding="utf-8")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert f"{RUSSIAN_BANK}:1: question 'Redraft' of the original is missing" in result.output
    path.write_text(text + "\n::Extra::Лишний вопрос {T}\n", encoding="utf-8")
    result = sync(runner, content)
    assert "question 'Extra' is not in the original" in result.output


def test_a_translation_with_gift_errors_or_without_its_original_is_refused(runner, content):
    (content / "quizzes/other.ru.gift").write_text("::Q::Вопрос {T}\n", encoding="utf-8")
    edit_bank(content, "{#11}", "{#11")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert "quizzes/other.ru.gift:1: a variant of other.gift, which does not exist" in result.output
    assert f"{RUSSIAN_BANK}:10:" in result.output  # the GIFT error, where it is


# --- taking the quiz -------------------------------------------------------------------------


@pytest.fixture
def curriculum(app):
    sync_content(DATA_DIR / "content")
    db.session.commit()


def test_an_attempt_started_in_english_is_finished_in_russian(
    client, curriculum, make_user, login_as, post_form
):
    learner = learner_at_the_quiz(make_user)
    login_as(learner)
    attempt = start(post_form)
    page = f"/attempts/{attempt.id}"
    assert "Who gives a delegation its mandate?" in client.get(page).get_data(as_text=True)
    learner.locale = "ru"
    db.session.commit()
    russian = client.get(page).get_data(as_text=True)
    assert "Кто даёт делегации мандат?" in russian
    assert "Who gives a delegation its mandate?" not in russian
    assert "content-fallback" not in russian
    response = post_form(f"{page}/submit", right_answers(attempt), page=page)
    assert response.status_code == 302
    db.session.expire_all()
    graded = db.session.get(QuizAttempt, attempt.id)
    assert graded.status is AttemptStatus.submitted
    assert graded.score == 100.0
    assert graded.passed is True
    completion = db.session.scalar(
        select(Completion).where(
            Completion.user_id == learner.id, Completion.item_id == item(CHECK).id
        )
    )
    assert completion is not None
    result = client.get(page).get_data(as_text=True)
    assert "Верно: мандат исходит от правительства самой делегации." in result
    assert "Её правительство" in result


def test_the_same_answers_score_the_same_in_either_language(
    client, curriculum, make_user, login_as, post_form
):
    scores = []
    for locale in (None, "ru"):
        learner = learner_at_the_quiz(make_user, locale)
        login_as(learner)
        attempt = start(post_form)
        page = f"/attempts/{attempt.id}"
        client.get(page)
        post_form(f"{page}/submit", right_answers(attempt), page=page)
        db.session.expire_all()
        scores.append(db.session.get(QuizAttempt, attempt.id).score)
    assert scores[0] == scores[1] == 100.0


def test_a_bank_without_a_russian_variant_is_shown_in_english_with_a_note(
    client, content, make_user, login_as, post_form
):
    (content / RUSSIAN_BANK).unlink()
    sync_content(content)
    db.session.commit()
    learner = learner_at_the_quiz(make_user, "ru")
    login_as(learner)
    attempt = start(post_form)
    html = client.get(f"/attempts/{attempt.id}").get_data(as_text=True)
    assert "Who gives a delegation its mandate?" in html
    assert 'class="flash flash-info content-fallback"' in html
