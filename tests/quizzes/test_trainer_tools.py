"""Trainers check and save GIFT banks, preview and export them, and read quiz results."""

import io
import json

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.quizzes.models import BankOrigin, QuizBank
from cartif_lms.quizzes.services import open_attempt, submit_attempt
from tests.quizzes.conftest import CHECK, item, right_answers
from tests.quizzes.test_attempts import _form, unlock

GOOD = "// [tag:TF.TRANSIT]\n::Transit::Freedom of transit is in TFA Article 11. {T}\n"
BAD = "::One:: Unclosed {=a ~b\n\n::Two:: fine {T}\n\n::Three:: x {#ten}\n"


def test_a_bank_with_errors_shows_each_line_and_saves_nothing(
    client, curriculum, make_user, login_as, post_form
):
    login_as(make_user(role="trainer", country=None))
    response = post_form("/trainer/banks/new", {"name": "transit", "source": BAD, "save": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Line 1:" in page
    assert "Line 5:" in page
    assert "nothing was saved" in page
    assert db.session.scalar(select(QuizBank).where(QuizBank.slug == "transit")) is None


def test_a_pasted_bank_is_previewed_then_saved_and_exported_unchanged(
    client, curriculum, make_user, login_as, post_form
):
    login_as(make_user(role="trainer", country=None))
    checked = post_form("/trainer/banks/new", {"name": "transit", "source": GOOD, "check": "1"})
    assert "1 question, no errors" in checked.get_data(as_text=True)
    assert db.session.scalar(select(QuizBank).where(QuizBank.slug == "transit")) is None
    saved = post_form("/trainer/banks/new", {"name": "transit", "source": GOOD, "save": "1"})
    assert saved.status_code == 302
    bank = db.session.scalar(select(QuizBank).where(QuizBank.slug == "transit"))
    assert bank.origin is BankOrigin.browser
    assert bank.question_count == 1
    exported = client.get("/trainer/banks/transit.gift")
    assert exported.get_data(as_text=True) == GOOD
    assert "attachment" in exported.headers["Content-Disposition"]


def test_an_uploaded_bank_that_is_not_utf8_is_refused_with_its_line(
    client, curriculum, make_user, login_as, post_form
):
    login_as(make_user(role="trainer", country=None))
    upload = (io.BytesIO(b"::A:: ok {T}\n\n::B:: caf\xe9 {T}\n"), "bank.gift")
    response = post_form(
        "/trainer/banks/new",
        {"name": "upload", "upload": upload, "check": "1"},
        content_type="multipart/form-data",
    )
    assert "Line 3: the file is not UTF-8 text." in response.get_data(as_text=True)


def test_the_preview_shows_questions_as_learners_see_them_without_answers(
    client, curriculum, make_user, login_as
):
    login_as(make_user(role="trainer", country=None))
    page = client.get("/trainer/banks/basics").get_data(as_text=True)
    assert "Who gives a delegation its mandate?" in page
    assert "the mandate comes from" not in page


def test_a_browser_bank_cannot_take_the_name_of_a_file_bank(
    client, curriculum, make_user, login_as, post_form
):
    login_as(make_user(role="trainer", country=None))
    response = post_form("/trainer/banks/new", {"name": "basics", "source": GOOD, "save": "1"})
    assert "a bank from the content files" in response.get_data(as_text=True)


def test_quiz_results_show_item_analysis(client, curriculum, make_user, login_as):
    quiz = item(CHECK)
    for number in range(6):
        learner = make_user(country="KZ")
        unlock(learner)
        attempt = open_attempt(learner, quiz)
        answers = right_answers(attempt) if number % 2 == 0 else {}
        submit_attempt(learner, attempt, _form(answers))
    db.session.commit()
    login_as(make_user(role="trainer", country=None))
    page = client.get(f"/trainer/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Item analysis" in page
    assert "Mandate" in page
    assert "50%" in page  # half the attempts had full marks on each question
    assert "1.00" in page  # the top 27% got it right, the bottom 27% did not


def test_gift_check_lists_questions_by_type(runner, tmp_path):
    bank = tmp_path / "ok.gift"
    bank.write_text("$CATEGORY: tf\n\n// [tag:TF.TRANSIT]\n::Transit:: Article 11? {T}\n")
    result = runner.invoke(args=["lms", "gift", "check", str(bank)])
    assert result.exit_code == 0
    assert "true_false (1)" in result.output
    assert "Transit in tf [TF.TRANSIT]" in result.output


def test_gift_check_json_reports_errors_with_lines_and_exits_1(runner, tmp_path):
    bank = tmp_path / "bad.gift"
    bank.write_text(BAD)
    result = runner.invoke(args=["lms", "gift", "check", str(bank), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [q["type"] for q in report["questions"]] == ["true_false"]
    assert [e["line"] for e in report["errors"]] == [1, 5]
    assert report["warnings"] == []
    assert report["questions"][0]["name"] == "Two"


def test_gift_check_json_shows_texts_formats_feedback_and_general_feedback(runner, tmp_path):
    """A trainer checks what the parser made of each text before the bank goes to learners."""
    bank = tmp_path / "transit.gift"
    bank.write_text(
        "$CATEGORY: tf/transit\n\n"
        "// [id:tf-1] [tag:TF.TRANSIT]\n"
        "::Transit::[markdown]Is transit **free** under GATT Article V?{\n"
        "=Yes#[html]<b>Right</b>: Article V.1.\n"
        "~No#Look again.\n"
        "####See the TFA too.}\n\n"
        "::Fees::Fees may exceed costs.{F#Re-read Article V.4.#Right.####Cost-based fees only.}\n"
    )
    result = runner.invoke(args=["lms", "gift", "check", str(bank), "--json"])
    assert result.exit_code == 0, result.output
    transit, fees = json.loads(result.stdout)["questions"]
    assert transit["text"] == "Is transit **free** under GATT Article V?"
    assert transit["text_format"] == "markdown"
    # The line is where the question's block starts: its comment line.
    assert (transit["line"], transit["idnumber"], transit["category"]) == (3, "tf-1", "tf/transit")
    assert transit["general_feedback"] == "See the TFA too."
    assert transit["general_feedback_format"] == "markdown"
    assert transit["answers"] == [
        {
            "text": "Yes",
            "text_format": "markdown",
            "fraction": 1.0,
            "feedback": "<b>Right</b>: Article V.1.",
            "feedback_format": "html",
        },
        {
            "text": "No",
            "text_format": "markdown",
            "fraction": 0.0,
            "feedback": "Look again.",
            "feedback_format": "markdown",
        },
    ]
    # True/false: each answer with the feedback a learner who picks it sees.
    assert [(a["text"], a["fraction"], a["feedback"]) for a in fees["answers"]] == [
        ("true", 0.0, "Re-read Article V.4."),
        ("false", 1.0, "Right."),
    ]
    assert fees["general_feedback"] == "Cost-based fees only."


def test_gift_check_warns_about_weights_moodle_would_refuse_and_still_passes(runner, tmp_path):
    bank = tmp_path / "weights.gift"
    bank.write_text("::Brief::Which belong in a brief?{\n~%50%Objectives\n~%35%Fall-backs\n}\n")
    result = runner.invoke(args=["lms", "gift", "check", str(bank)])
    assert result.exit_code == 0
    assert f"{bank}:3: warning: weight 35% is not one of Moodle's grades" in result.stderr
    assert "1 question(s), 0 error(s), 1 warning(s)" in result.stdout
    report = json.loads(runner.invoke(args=["lms", "gift", "check", str(bank), "--json"]).stdout)
    assert [w["line"] for w in report["warnings"]] == [3]


def test_gift_check_on_a_missing_file_exits_2(runner, tmp_path):
    result = runner.invoke(args=["lms", "gift", "check", str(tmp_path / "none.gift")])
    assert result.exit_code == 2


def test_a_new_bank_under_a_taken_name_is_refused_and_the_first_keeps_its_text(
    client, curriculum, make_user, login_as, post_form
):
    login_as(make_user(role="trainer", country=None))
    post_form("/trainer/banks/new", {"name": "transit", "source": GOOD, "save": "1"})
    other = "::Fees:: Fees and formalities are in GATT Article VIII. {T}\n"
    response = post_form("/trainer/banks/new", {"name": "transit", "source": other, "save": "1"})
    assert response.status_code == 200
    assert "A bank named &#39;transit&#39; already exists" in response.get_data(as_text=True)
    db.session.expire_all()
    bank = db.session.scalars(select(QuizBank).where(QuizBank.slug == "transit")).one()
    assert bank.source == GOOD


def test_saving_a_bank_goes_to_the_audit_trail(client, curriculum, make_user, login_as, post_form):
    trainer = make_user(role="trainer", country=None)
    login_as(trainer)
    post_form("/trainer/banks/new", {"name": "transit", "source": GOOD, "save": "1"})
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.quiz_bank_saved.value)
    ).one()
    assert entry.actor_id == trainer.id
    assert entry.details == {"slug": "transit", "questions": 1}
