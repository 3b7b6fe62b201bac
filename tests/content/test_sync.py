"""``lms sync``: idempotent, atomic, and kind to learners' progress."""

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.content.models import Item, Module, Track
from cartif_lms.content.sync import sync_content
from cartif_lms.learning.models import Completion
from cartif_lms.learning.services import mark_complete
from tests.content.conftest import write

LESSON = "courses/basics/01-first-steps/01-mandates.md"


def sync(runner, content):
    return runner.invoke(args=["lms", "sync", "--content-dir", str(content)])


def item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def test_a_second_sync_changes_nothing_and_says_so(runner, content):
    first = sync(runner, content)
    second = sync(runner, content)
    assert first.exit_code == 0, first.output
    assert "Created:" in first.output
    assert second.exit_code == 0
    assert second.output.strip() == "No changes: the database already matches the content files."


def test_a_sync_with_errors_changes_nothing_and_exits_1(runner, content):
    sync(runner, content)
    write(content, LESSON, "Title: Renamed\nKind: lesson\n\nNew text")
    write(content, "courses/basics/02-next-steps/module.md", "Title: X\nRequires: nowhere\n\nB")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert "courses/basics/02-next-steps/module.md:2: Requires names a module" in result.output
    assert "nothing was changed" in result.output
    db.session.expire_all()
    assert item("basics/first-steps/mandates").title == "Mandates"


def test_editing_a_lessons_text_keeps_learners_completion(app, runner, content, make_user):
    sync(runner, content)
    learner = make_user()
    mark_complete(learner, item("basics/first-steps/mandates"))
    db.session.commit()
    write(content, LESSON, "Title: Mandates, revised\nKind: lesson\n\nA clearer explanation.")
    result = sync(runner, content)
    assert "Updated: 1 items" in result.output
    db.session.expire_all()
    revised = item("basics/first-steps/mandates")
    assert revised.title == "Mandates, revised"
    assert "A clearer explanation." in revised.body_html
    completion = db.session.scalar(select(Completion).where(Completion.user_id == learner.id))
    assert completion.item_id == revised.id
    assert completion.completed_at is not None


def test_a_removed_item_is_retired_with_its_history_and_restored_when_it_returns(
    app, runner, content, make_user
):
    sync(runner, content)
    learner = make_user()
    mark_complete(learner, item("basics/first-steps/mandates"))
    db.session.commit()
    text = (content / LESSON).read_text()
    (content / LESSON).unlink()
    result = sync(runner, content)
    assert "Retired: 1 items" in result.output
    db.session.expire_all()
    retired = item("basics/first-steps/mandates")
    assert retired.retired_at is not None
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 1
    write(content, LESSON, text)
    assert "Restored: 1 items" in sync(runner, content).output
    db.session.expire_all()
    assert item("basics/first-steps/mandates").retired_at is None


def test_renumbering_moves_an_item_without_changing_its_slug(runner, content):
    sync(runner, content)
    (content / LESSON).rename(content / "courses/basics/01-first-steps/05-mandates.md")
    sync(runner, content)
    db.session.expire_all()
    mandates = item("basics/first-steps/mandates")
    assert mandates.position == 5
    assert mandates.retired_at is None


def test_sync_stores_rendered_html_and_prerequisites(app, content):
    sync_content(content)
    db.session.commit()
    module = db.session.scalar(select(Module).where(Module.slug == "basics/next-steps"))
    assert [m.slug for m in module.prerequisites] == ["basics/first-steps"]
    assert [c.code for c in module.competencies] == ["XC.DRAFTING", "XC.NEGOTIATION"]
    track = db.session.scalar(select(Track).where(Track.slug == "drafting-dive"))
    assert track.area.code == "TF"
    reading = item("drafting-dive/brackets/reading")
    assert 'class="highlight"' in reading.body_html
    assert "treaty-" in reading.body_html


def test_an_unknown_area_code_is_reported_against_the_database(runner, content):
    write(
        content,
        "courses/drafting-dive/track.md",
        "Title: T\nKind: workshop\nLevel: basic\nAudience: specialist\nArea: CUSTOMS\n"
        "Summary: s\n\nBody",
    )
    result = sync(runner, content)
    assert result.exit_code == 1
    assert (
        "courses/drafting-dive/track.md:1: Area 'CUSTOMS' is not a negotiating area"
        in result.output
    )


def test_a_quiz_naming_a_category_its_bank_does_not_have_fails_the_sync_with_its_line(
    runner, content
):
    """A typo in ``Category:`` would leave learners an empty quiz: the sync refuses it."""
    sync(runner, content)
    write(
        content,
        "courses/basics/02-next-steps/02-check.md",
        "Title: Check your understanding\nKind: quiz\nBank: basics\nCategory: basics/atuo\n"
        "Questions: 2\n\nAnswer the questions.",
    )
    write(content, LESSON, "Title: Renamed\nKind: lesson\n\nNew text")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert (
        "courses/basics/02-next-steps/02-check.md:4: Category 'basics/atuo' holds no questions "
        "in quizzes/basics.gift (its categories: basics/auto, basics/essays)" in result.output
    )
    db.session.expire_all()
    assert item("basics/first-steps/mandates").title == "Mandates"  # nothing was loaded
    assert item("basics/next-steps/check").settings["category"] == "basics/auto"


def test_a_quiz_may_name_a_parent_category_of_its_questions(runner, content):
    write(
        content,
        "courses/basics/02-next-steps/02-check.md",
        "Title: Check\nKind: quiz\nBank: basics\nCategory: basics\n\nGo",
    )
    result = sync(runner, content)
    assert result.exit_code == 0, result.output
    assert item("basics/next-steps/check").settings["category"] == "basics"


def test_every_worker_sees_a_sync_at_once(app, migrated, content):
    """Another worker's cached curriculum is replaced as soon as the content version moves."""
    from cartif_lms import create_app
    from cartif_lms.content.snapshot import current_snapshot

    sync_content(content)
    db.session.commit()
    other_worker = create_app(migrated)
    try:
        with other_worker.app_context():
            before = current_snapshot()
            assert before.item("basics/first-steps/mandates").title == "Mandates"
        write(content, LESSON, "Title: Mandates, revised\nKind: lesson\n\nRevised.")
        sync_content(content)
        db.session.commit()
        with other_worker.app_context():
            after = current_snapshot()
            assert after.version == before.version + 1
            assert after.item("basics/first-steps/mandates").title == "Mandates, revised"
    finally:
        other_worker.extensions["cartif_lms"].engine.dispose()
