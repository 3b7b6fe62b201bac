"""A drafting exercise in Russian: the brief, task and rubric translated, the treaty text and
the rubric's structure the original's; a draft saved in English is submitted in Russian."""

import shutil

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.drafting.models import DraftSubmission
from tests.conftest import DATA_DIR
from tests.drafting.conftest import CLEAN

RUSSIAN = "courses/drafting-lab/01-transit/01-close-brackets.ru.md"
SECOND_CRITERION = (
    "| Сила обязательства | модальные глаголы смешаны | одна ошибка "
    "| каждое обязательство обязывающее |\n"
)


@pytest.fixture
def content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(DATA_DIR / "content", target)
    return target


def sync(runner, content):
    return runner.invoke(args=["lms", "sync", "--content-dir", str(content)])


def edit(content, old: str, new: str) -> None:
    path = content / RUSSIAN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_workbench_shows_the_russian_brief_task_and_rubric_around_the_same_text(
    client, exercise, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    page = f"/drafting/{exercise.id}"
    assert post_form(page, {"text": CLEAN, "save": "1"}).status_code == 302
    learner.locale = "ru"
    db.session.commit()
    html = client.get(page).get_data(as_text=True)
    assert "Делегация A добивается обязывающих правил транзита" in html
    assert "Подготовьте одну чистую статью без квадратных скобок." in html
    assert "Delegation A wants binding transit rules" not in html
    assert 'class="treaty-bracket"' in html  # the original source text, highlighted
    assert "Fees imposed on transit shall not exceed" in html  # the draft saved in English
    response = post_form(page, {"text": CLEAN, "submit": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    submitted = db.session.scalar(
        select(DraftSubmission).where(DraftSubmission.user_id == learner.id)
    )
    assert submitted.item_id == exercise.id  # one exercise, whatever the language
    assert submitted.text == CLEAN


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "Полностью (2) |",
            "Полностью (3) |",
            "01-close-brackets.ru.md:31: the rubric's levels must keep the original's points",
        ),
        (
            SECOND_CRITERION,
            "",
            "the rubric must have the original's 2 criteria, not 1",
        ),
        (
            "1. Each Party [shall / shall endeavour to]",
            "1. Каждая Сторона [обеспечивает / стремится обеспечить]",
            ".ru.md:7: '## Source text' keeps the original's treaty text unchanged",
        ),
        ("## Task\n", "## Задача\n", "unknown exercise section '## Задача'"),
        (
            "## Reference clauses\n",
            "## Reference clauses\n\n### Вторая статья\n\nТекст.\n",
            "clauses, not 2",
        ),
    ],
)
def test_a_translation_that_changes_the_exercise_structure_is_refused(
    runner, content, old, new, message
):
    edit(content, old, new)
    result = sync(runner, content)
    assert result.exit_code == 1
    assert f"{RUSSIAN}:" in result.output
    assert message in result.output


def test_a_translation_may_not_set_peer_reviews(runner, content):
    edit(content, "Title: Снимите", "Peer-Reviews: 3\nTitle: Снимите")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert f"{RUSSIAN}:1: 'Peer-Reviews' is the original's (01-close-brackets.md)" in result.output
