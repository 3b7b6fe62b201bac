"""Content in two languages: a Russian variant beside the English original.

A trainer writes ``02-positions.ru.md`` beside ``02-positions.md``; ``lms sync`` checks it has no
structure of its own and stores its texts; a learner reading in Russian sees it, or the English
original with a note; their progress is the one item's, whatever language they read it in.
"""

import pytest
from sqlalchemy import event, func, select

from cartif_lms import db
from cartif_lms.content.loader import load_content
from cartif_lms.content.models import ContentVariant, Item
from cartif_lms.content.sync import sync_content
from cartif_lms.content.variants import VariantOf
from cartif_lms.learning.models import Completion
from tests.conftest import DATA_DIR, PASSWORD, csrf_token_from
from tests.content.conftest import write

RUSSIAN_LESSON = "courses/basics/01-first-steps/02-positions.ru.md"
FIRST = "/tracks/basics/first-steps"


@pytest.fixture
def curriculum(app):
    sync_content(DATA_DIR / "content")
    db.session.commit()


def sync(runner, content):
    return runner.invoke(args=["lms", "sync", "--content-dir", str(content)])


def item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def translations() -> int:
    return db.session.scalar(select(func.count()).select_from(ContentVariant)) or 0


def reading_in(user, locale: str) -> None:
    user.locale = locale
    db.session.commit()


# --- the files -------------------------------------------------------------------------------


def test_the_test_curriculum_has_russian_variants_of_a_track_module_lesson_and_exercise(app):
    spec = load_content(DATA_DIR / "content")
    assert spec.errors == []
    track = next(t for t in spec.tracks if t.slug == "basics")
    module = track.modules[0]
    lesson = module.items[1]
    assert track.variants["ru"].title == "Основы ведения переговоров"
    assert track.variants["ru"].summary == "Небольшой учебный курс для тестов."
    assert module.variants["ru"].title == "Первые шаги"
    assert lesson.variants["ru"].title == "Позиции и интересы"
    assert "интересы — то, ради чего она этого добивается" in lesson.variants["ru"].body
    # The variant's path is reported as the trainer wrote it, for error messages.
    assert lesson.variants["ru"].path == RUSSIAN_LESSON
    assert module.items[0].variants == {}  # 01-mandates has no translation yet


def test_a_variant_that_sets_structure_is_refused_with_its_line_and_nothing_loads(runner, content):
    assert sync(runner, content).exit_code == 0
    write(content, RUSSIAN_LESSON, "Title: Позиции\nKind: quiz\nMinutes: 5\n\nТекст.")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert (
        f"{RUSSIAN_LESSON}:2: 'Kind' is the original's (02-positions.md): a variant translates "
        "only Title and the text"
    ) in result.output
    assert f"{RUSSIAN_LESSON}:3: 'Minutes' is the original's" in result.output
    db.session.expire_all()
    stored = db.session.scalar(
        select(ContentVariant).where(
            ContentVariant.object_type == str(VariantOf.item),
            ContentVariant.object_id == item("basics/first-steps/positions").id,
        )
    )
    assert stored is not None
    assert stored.title == "Позиции и интересы"


def test_a_variant_without_its_original_or_in_an_unknown_language_is_refused(runner, content):
    write(content, "courses/basics/01-first-steps/07-gone.ru.md", "Title: Нет\n\nТекст.")
    write(content, "courses/basics/01-first-steps/01-mandates.de.md", "Title: Mandat\n\nText.")
    write(content, "courses/basics/module.ru.md", "Title: Не на месте\n\nТекст.")
    result = sync(runner, content)
    assert result.exit_code == 1
    out = result.output
    assert "courses/basics/01-first-steps/07-gone.ru.md:1: a variant of 07-gone.md" in out
    assert "01-mandates.de.md:1: 'de' is not a language of the LMS" in out
    assert "courses/basics/module.ru.md:1: a variant of module.md, which does not exist" in out
    assert translations() == 0


def test_a_variant_keeps_unknown_keys_unknown_and_needs_a_title_and_its_text(runner, content):
    write(content, RUSSIAN_LESSON, "Titel: Позиции\n\nТекст.")
    write(content, "courses/basics/01-first-steps/module.ru.md", "Title: Первые шаги\n\n")
    write(content, "courses/basics/02-next-steps/01-batna.ru.md", "Title: НАОС\n\n")
    result = sync(runner, content)
    assert result.exit_code == 1
    assert f"{RUSSIAN_LESSON}:1: unknown metadata key 'titel'" in result.output
    assert f"{RUSSIAN_LESSON}:1: missing title" in result.output
    assert "01-batna.ru.md:3: the variant has no text: translate 01-batna.md" in result.output


def test_sync_stores_each_variant_once_and_deletes_it_with_its_file(runner, content):
    first = sync(runner, content)
    assert "translations" in first.output
    stored = translations()
    assert stored == 5  # track, module, lesson, exercise, quiz bank
    assert sync(runner, content).output.strip().startswith("No changes")
    (content / RUSSIAN_LESSON).unlink()
    result = sync(runner, content)
    assert "Retired: 1 translations" in result.output
    assert translations() == stored - 1


def test_editing_a_variant_rewrites_its_text_only(runner, content):
    sync(runner, content)
    write(content, RUSSIAN_LESSON, "Title: Позиции сторон\n\nНовый текст.")
    result = sync(runner, content)
    assert "Updated: 1 translations" in result.output
    assert "items" not in result.output
    db.session.expire_all()
    row = db.session.scalar(
        select(ContentVariant).where(
            ContentVariant.object_type == str(VariantOf.item),
            ContentVariant.object_id == item("basics/first-steps/positions").id,
        )
    )
    assert (row.title, row.locale) == ("Позиции сторон", "ru")
    assert "<p>Новый текст.</p>" in row.body


# --- the pages -------------------------------------------------------------------------------


def test_a_russian_reader_sees_the_russian_lesson_module_and_track(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    reading_in(learner, "ru")
    login_as(learner)
    lesson = client.get(f"{FIRST}/positions").get_data(as_text=True)
    assert "<h1>Позиции и интересы</h1>" in lesson
    assert "Позиции — это то, чего добивается делегация" in lesson
    assert "Positions are what a delegation asks for" not in lesson
    assert "Первые шаги" in lesson  # the breadcrumb
    assert "content-fallback" not in lesson
    module = client.get(f"{FIRST}/").get_data(as_text=True)
    assert "<h1>Первые шаги</h1>" in module
    assert "Первый модуль." in module
    track = client.get("/tracks/basics/").get_data(as_text=True)
    assert "<h1>Основы ведения переговоров</h1>" in track
    assert "Что охватывает базовый курс." in track
    catalogue = client.get("/catalog").get_data(as_text=True)
    assert "Основы ведения переговоров" in catalogue
    assert "Небольшой учебный курс для тестов." in catalogue


def test_an_untranslated_lesson_falls_back_to_english_with_a_note(
    client, curriculum, make_user, login_as
):
    learner = make_user()
    reading_in(learner, "ru")
    login_as(learner)
    html = client.get(f"{FIRST}/mandates").get_data(as_text=True)
    assert 'class="flash flash-info content-fallback"' in html
    # In the reader's language (the interface's Russian catalogue), naming the language.
    assert "пока недоступен на выбранном языке (русский); показан английский оригинал" in html
    assert '<article class="lesson" lang="en">' in html
    # The English reader gets no note.
    english = make_user()
    login_as(english)
    assert "content-fallback" not in client.get(f"{FIRST}/mandates").get_data(as_text=True)
    english_page = client.get(f"{FIRST}/positions").get_data(as_text=True)
    assert "<h1>Positions and interests</h1>" in english_page


def test_progress_started_in_english_is_finished_in_russian(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    positions, mandates = f"{FIRST}/positions", f"{FIRST}/mandates"
    assert post_form(f"{positions}/complete", {}, page=positions).status_code == 302
    reading_in(learner, "ru")
    html = client.get(positions).get_data(as_text=True)
    assert "<h1>Позиции и интересы</h1>" in html
    assert "✓" in html  # completed in English, seen completed in Russian
    assert post_form(f"{mandates}/complete", {}, page=mandates).status_code == 302
    done = db.session.scalars(
        select(Completion.item_id).where(
            Completion.user_id == learner.id, Completion.completed_at.is_not(None)
        )
    ).all()
    assert sorted(done) == sorted(
        [item("basics/first-steps/mandates").id, item("basics/first-steps/positions").id]
    )
    # The module's progress is one, whatever the language.
    module = client.get(f"{FIRST}/").get_data(as_text=True)
    assert module.count("✓") == 2


def test_the_russian_lesson_page_costs_no_query_more_than_the_english_one(
    server, client, curriculum, make_user
):
    def statements_for(user) -> list[str]:
        own = server.test_client()
        token = csrf_token_from(own.get("/login").get_data(as_text=True))
        own.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        own.get(f"{FIRST}/positions")  # the snapshot and the fragment are built
        seen: list[str] = []
        engine = server.extensions["cartif_lms"].engine
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert own.get(f"{FIRST}/positions").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return seen

    english, russian = make_user(), make_user()
    reading_in(russian, "ru")
    assert len(statements_for(russian)) == len(statements_for(english))


def test_a_sync_shows_the_new_translation_on_the_next_page(
    runner, client, content, make_user, login_as
):
    sync_content(content)
    db.session.commit()
    learner = make_user()
    reading_in(learner, "ru")
    login_as(learner)
    assert "Позиции и интересы" in client.get(f"{FIRST}/positions").get_data(as_text=True)
    write(content, RUSSIAN_LESSON, "Title: Позиции сторон\n\nУточнённый текст.")
    assert sync(runner, content).exit_code == 0
    html = client.get(f"{FIRST}/positions").get_data(as_text=True)
    assert "Позиции сторон" in html
    assert "Уточнённый текст." in html
