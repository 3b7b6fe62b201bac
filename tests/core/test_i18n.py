"""Every user-facing string is marked for translation, and the Russian catalogue translates all
of them: no string is missing or fuzzy, no placeholder is lost, plural forms follow Russian
grammar, and pages rendered in Russian show no English sentence from the catalogue."""

import html
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.support import Translations
from flask_babel import force_locale, ngettext
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.app_setup import compile_translations
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.learning.services import mark_complete
from tests.conftest import DATA_DIR, signed_in_client

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "cartif_lms" / "translations"
RUSSIAN_PO = TRANSLATIONS / "ru" / "LC_MESSAGES" / "messages.po"
# The keywords `make translations` extracts with (Babel's own, and Flask-Babel's lazy ones).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
# %(name)s, %(n)d, %(score).1f ... and the literal %%.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%")
CURRICULUM_DIRS = (DATA_DIR / "content", REPO / "courses", REPO / "quizzes")


def extracted() -> dict[str | tuple[str, str], str]:
    """What the code, templates and mail templates mark, as babel.cfg maps them: each message
    (a plural one as its two English forms) with the file that marks it."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    messages: dict[str | tuple[str, str], str] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else (message[0], message[1])
        messages.setdefault(key, filename)
    return messages


def extracted_messages() -> set[str]:
    messages: set[str] = set()
    for key in extracted():
        messages.update((key,) if isinstance(key, str) else key)
    return messages


def russian_catalogue() -> Catalog:
    with RUSSIAN_PO.open("rb") as po:
        return read_po(po, locale="ru")


def translated_messages(catalogue: Catalog) -> Iterator[Message]:
    return (message for message in catalogue if message.id)


def test_pages_forms_and_flash_messages_are_marked_for_translation():
    messages = extracted_messages()
    for expected in (
        "Sign in",  # template
        "Negotiation designations",  # template
        "Password",  # form label
        "The email or the password is not correct.",  # flash message
        "Learners and focal points belong to a country.",  # validation message
        "Please sign in to continue.",  # Flask-Login message
        "Designations",  # navigation
        "This person already holds this designation.",  # a service's refusal
        "You have used all %(n)d attempts at this quiz.",
        "Score each of the four dimensions from 0 to 3.",
        "Hello %(name)s,",  # a mail template (templates/mail/*.txt)
        "binding obligation",  # N_() in the treaty notation
    ):
        assert expected in messages, expected


def test_every_marked_string_has_a_russian_translation_that_is_not_fuzzy():
    catalogue = russian_catalogue()
    problems = []
    for key, filename in sorted(extracted().items(), key=lambda kv: kv[1]):
        msgid = key if isinstance(key, str) else key[0]
        message = catalogue.get(msgid)
        forms = () if message is None else message.string
        forms = (forms,) if isinstance(forms, str) else forms
        if message is None or not all(forms):
            problems.append(f"{filename}: no Russian for {msgid!r}")
        elif message.fuzzy:
            problems.append(f"{filename}: fuzzy Russian for {msgid!r}")
    assert not problems, "run `make translations`, then translate:\n" + "\n".join(problems)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_translations_keep_every_placeholder_exactly():
    problems = []
    for message in translated_messages(russian_catalogue()):
        if isinstance(message.id, str):
            wanted, forms = placeholders(message.id), [message.string]
        else:  # every Russian form serves some counts of the English plural (21 is "one")
            wanted, forms = placeholders(message.id[1]), list(message.string)
        for form in forms:
            if form and placeholders(form) != wanted:
                problems.append(f"{message.id!r}: {form!r}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_declares_russian_plural_forms():
    catalogue = russian_catalogue()
    assert catalogue.num_plurals == 3
    assert all(
        len(message.string) == 3
        for message in translated_messages(catalogue)
        if isinstance(message.id, tuple)
    )


def test_a_count_takes_the_russian_plural_form_it_needs(app):
    counted = {
        1: "1 учётная запись",
        2: "2 учётные записи",
        5: "5 учётных записей",
        11: "11 учётных записей",
        21: "21 учётная запись",
        24: "24 учётные записи",
    }
    with app.test_request_context(), force_locale("ru"):
        for num, expected in counted.items():
            assert ngettext("%(num)d account", "%(num)d accounts", num) == expected


def test_the_catalogue_is_compiled_when_missing_or_older_than_its_source(tmp_path):
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, copy, ignore=shutil.ignore_patterns("*.mo"))
    mo = copy / "ru" / "LC_MESSAGES" / "messages.mo"

    assert compile_translations(copy) == []
    assert Translations.load(str(copy), ["ru"]).gettext("Sign out") == "Выйти"

    po = mo.with_suffix(".po")
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr "Выйти"', 'msgstr "Выход"'),
        encoding="utf-8",
    )
    later = time.time() + 10  # the edit is newer than the compiled file
    os.utime(po, (later, later))
    compile_translations(copy)
    assert Translations.load(str(copy), ["ru"]).gettext("Sign out") == "Выход"


# -- Pages in Russian ----------------------------------------------------------------------

EXERCISE = "drafting-lab/transit/close-brackets"  # the workbench
LEARNER_PAGES = (
    "/",
    "/catalog",
    "/tracks/basics/",
    "/tracks/basics/first-steps/mandates",  # a lesson
    "/tracks/basics/next-steps/check",  # a quiz
    "/capacity/me",
    "/certificates",
    "/drafting/reviews",
    "/notifications",
    "/account/profile",
    "/account/password",
    "/account/data",
    "/workshops/",
)
STAFF_PAGES = {
    "analyst": (
        "/",
        "/capacity/dashboard",
        "/capacity/countries/KZ",
        "/capacity/ta-needs",
        "/reports/",
        "/reports/regional",
        "/workshops/regional",
    ),
    "focal_point": ("/", "/countries/KZ/designations", "/account-requests", "/workshops/requests"),
    "trainer": (
        "/",
        "/trainer/grading",
        "/trainer/drafts/",
        "/trainer/banks",
        "/trainer/banks/new",
        "/trainer/quizzes",
        "/workshops/new",
    ),
    "admin": (
        "/admin/users",
        "/admin/users/new",
        "/admin/users/import",
        "/audit/",
        "/certificates/manage",
        "/countries",
        "/account/tokens",
    ),
}
VISITOR_PAGES = ("/login", "/register", "/password/forgot")


def curriculum_text() -> str:
    """The English of the curriculum files, whose translation is a separate piece of work."""
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in CURRICULUM_DIRS
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file() and path.suffix in {".md", ".gift", ".toml"}
    )


def english_sentences() -> set[str]:
    """The catalogue's English of three words or more (shorter ones may be names or codes),
    each literal stretch between placeholders, leaving out what the curriculum also says and
    what the Russian keeps on purpose (the English modal verbs the treaty legend names)."""
    curriculum = curriculum_text()
    catalogue = russian_catalogue()
    sentences = set()
    for key in extracted():
        english = (key,) if isinstance(key, str) else key
        message = catalogue.get(english[0])
        russian = (
            ""
            if message is None
            else " ".join((message.string,) if isinstance(message.string, str) else message.string)
        )
        for stretch in (part for text in english for part in PLACEHOLDER.split(text)):
            stretch = stretch.strip(" .,:;()“”\"'…")
            if len(stretch.split()) >= 3 and stretch not in curriculum + russian:
                sentences.add(stretch)
    return sentences


def visible_text(page: str) -> str:
    """The page's text and attribute values, with entities decoded, without scripts and styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", page))


@pytest.fixture
def russian_readers(app, make_user):
    sync_content(DATA_DIR / "content")
    people = {"learner": make_user("learner")}
    for role in STAFF_PAGES:
        people[role] = make_user(role, country=None if role in ("analyst", "admin") else "KZ")
    for person in people.values():
        person.locale = "ru"
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):  # opens the quiz
        mark_complete(people["learner"], item(slug))
    db.session.commit()
    return people


def item(slug: str) -> Item:
    found = db.session.scalar(select(Item).where(Item.slug == slug))
    assert found is not None, slug
    return found


def started_attempt_page(client, token: str) -> str:
    quiz = item("basics/next-steps/check")
    response = client.post(f"/quiz/{quiz.id}/start", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def english_left_on(page: str, sentences: set[str]) -> list[str]:
    text = visible_text(page)
    assert 'lang="ru"' in text, "the page is not in Russian"
    return [sentence for sentence in sorted(sentences) if sentence in text]


def test_pages_in_russian_show_no_english_sentence_from_the_catalogue(server, russian_readers):
    signed_in = {role: signed_in_client(server, person) for role, person in russian_readers.items()}
    attempt = started_attempt_page(*signed_in["learner"])
    workbench = f"/drafting/{item(EXERCISE).id}"
    visits = [("learner", url) for url in (*LEARNER_PAGES, workbench, attempt)]
    visits += [(role, url) for role, urls in STAFF_PAGES.items() for url in urls]
    sentences = english_sentences()
    leftovers = []
    for role, url in visits:
        response = signed_in[role][0].get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        found = english_left_on(response.get_data(as_text=True), sentences)
        leftovers += [f"{role} {url}: {sentence!r}" for sentence in found]
    visitor = server.test_client()
    for url in VISITOR_PAGES:  # no profile yet: the browser's language decides
        response = visitor.get(url, headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
        assert response.status_code == 200, (url, response.status_code)
        found = english_left_on(response.get_data(as_text=True), sentences)
        leftovers += [f"visitor {url}: {sentence!r}" for sentence in found]
    assert not leftovers, "\n".join(leftovers)


def test_country_names_are_shown_in_the_readers_language(client, make_user, login_as):
    analyst = make_user("analyst", country=None)
    make_user("learner", country="KG")
    analyst.locale = "ru"
    db.session.commit()
    login_as(analyst)
    dashboard = visible_text(client.get("/capacity/dashboard").get_data(as_text=True))
    assert "Кыргызская Республика" in dashboard
    assert "Kyrgyz Republic" not in dashboard
    country = visible_text(client.get("/capacity/countries/KZ").get_data(as_text=True))
    assert "Казахстан" in country
    assert "Kazakhstan" not in country
