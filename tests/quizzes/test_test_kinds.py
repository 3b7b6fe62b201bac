"""The kinds of test (pre-test, post-test, final): what each allows and completes, read once."""

import json
import re
import shutil
from pathlib import Path

import pytest

from cartif_lms import db
from cartif_lms.content.kinds import CompletionRule
from cartif_lms.content.loader import load_content
from cartif_lms.kinds import BuiltIn
from cartif_lms.quizzes.settings import QuizSettings, TestKind
from tests.conftest import DATA_DIR
from tests.quizzes.conftest import CHECK as CHECK_SLUG
from tests.quizzes.conftest import item
from tests.quizzes.test_attempts import QUIZ_PAGE, unlock

CHECK = "courses/basics/02-next-steps/02-check.md"
SLUG = "basics/next-steps/check"


def quiz_header(test: str | None, extra: str = "") -> str:
    line = f"Test: {test}\n" if test is not None else ""
    return f"Title: Q\nKind: quiz\nBank: basics\n{line}{extra}\nGo"


def loaded(tmp_path: Path, header: str) -> tuple[list[str], dict]:
    content = tmp_path / "content"
    shutil.copytree(DATA_DIR / "content", content)
    (content / CHECK).write_text(header, encoding="utf-8")
    spec = load_content(content)
    item = next(i for t in spec.tracks for m in t.modules for i in m.items if i.slug == SLUG)
    assert item.kind is BuiltIn.quiz
    return [str(e) for e in spec.errors], item.settings


def test_the_stored_values_are_the_words_of_the_test_header() -> None:
    assert [kind.value for kind in TestKind] == ["pre-test", "post-test", "final"]
    assert TestKind("pre-test") is TestKind.pre_test
    assert json.dumps({"test": TestKind.final}) == '{"test": "final"}'


@pytest.mark.parametrize(
    ("kind", "attempts", "completion", "label"),
    [
        (TestKind.pre_test, 1, CompletionRule.on_submit, "Pre-test"),
        (TestKind.post_test, None, CompletionRule.on_pass, "Check your learning"),
        (TestKind.final, 3, CompletionRule.on_pass, "Final test"),
    ],
)
def test_each_kind_of_test_has_its_attempts_completion_and_label(
    kind: TestKind, attempts: int | None, completion: CompletionRule, label: str
) -> None:
    assert kind.default_attempts == attempts
    assert kind.completion is completion
    assert kind.pass_mark_applies is (completion is CompletionRule.on_pass)
    assert str(kind.label) == label


def test_quiz_settings_fill_in_the_defaults_of_their_kind_of_test() -> None:
    assert QuizSettings.read({}).test is TestKind.post_test
    pre = QuizSettings.read({"test": "pre-test"})
    assert (pre.test, pre.attempts, pre.completion) == (
        TestKind.pre_test,
        1,
        CompletionRule.on_submit,
    )
    final = QuizSettings.read({"test": "final", "attempts": 5})
    assert (final.attempts, final.pass_mark, final.completion) == (5, 60, CompletionRule.on_pass)


@pytest.mark.parametrize("test", ["pre-test", "post-test", "final", "Final"])
def test_a_quiz_header_keeps_its_test_as_the_same_word(tmp_path: Path, test: str) -> None:
    errors, settings = loaded(tmp_path, quiz_header(test))
    assert errors == []
    assert settings["test"] == test.lower()
    assert type(settings["test"]) is str


def test_a_quiz_without_test_is_a_post_test(tmp_path: Path) -> None:
    errors, settings = loaded(tmp_path, quiz_header(None))
    assert errors == []
    assert QuizSettings.read(settings).test is TestKind.post_test


def test_an_unknown_kind_of_test_is_reported_with_its_line(tmp_path: Path) -> None:
    errors, _settings = loaded(tmp_path, quiz_header("module-check"))
    assert errors == [f"{CHECK}:4: Test must be one of pre-test | post-test | final"]


@pytest.mark.parametrize(
    ("test", "heading", "shows_pass_mark"),
    [
        ("pre-test", "Pre-test", False),
        ("post-test", "Check your learning", True),
        ("final", "Final test", True),
    ],
)
def test_the_quiz_page_names_its_kind_of_test_and_its_pass_mark_if_any(
    client, curriculum, make_user, login_as, test, heading, shows_pass_mark
) -> None:
    quiz = item(CHECK_SLUG)
    quiz.settings = {**quiz.settings, "test": test}
    db.session.commit()
    learner = make_user()
    unlock(learner)
    login_as(learner)
    page = client.get(QUIZ_PAGE).get_data(as_text=True)
    assert f"<h2>{heading}</h2>" in page
    assert ("Pass mark 60%" in page) is shows_pass_mark
    assert ("The pre-test shows where you start." in page) is not shows_pass_mark


def test_trainers_see_each_quiz_with_its_kind_of_test(
    client, curriculum, make_user, login_as
) -> None:
    quiz = item(CHECK_SLUG)
    quiz.settings = {**quiz.settings, "test": "final"}
    db.session.commit()
    login_as(make_user(role="trainer", country=None))
    page = client.get("/trainer/quizzes").get_data(as_text=True)
    assert re.search(rf">{re.escape(quiz.title)}</a></td><td>final</td>", page)
    assert "<td>post-test</td>" in page  # the redraft quiz
