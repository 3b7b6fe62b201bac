"""Item kinds are a registry: a new kind is one module and one registration (that the content
package imports none of the shipped kinds' packages is a layer of cartif_lms/architecture.py,
checked by tests/core/test_architecture.py)."""

from pathlib import Path

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.kinds import ItemKind, kind_named, register_kind, unregister_kind
from cartif_lms.content.loader import load_content
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.kinds import BuiltIn
from cartif_lms.learning.models import Completion
from tests.content.conftest import write
from tests.content.example_kind import READING_LIST

READING = "courses/basics/01-first-steps/03-further-reading.md"
PAGE = "/tracks/basics/first-steps/further-reading"
READINGS = "WTO Trade Facilitation Agreement, Article 11; CAREC Corridor Performance Report"


@pytest.fixture(autouse=True)
def reading_lists():
    """The example kind, registered before the test's applications build their routes."""
    register_kind(READING_LIST)
    yield READING_LIST
    unregister_kind(READING_LIST.name)


@pytest.fixture
def with_reading_list(content: Path) -> Path:
    write(
        content,
        READING,
        f"Title: Further reading\nKind: reading-list\nReadings: {READINGS}\n\nBefore module 2.",
    )
    return content


def test_a_registered_kind_is_synced_shown_and_completed_like_the_shipped_ones(
    app, client, make_user, login_as, post_form, with_reading_list
):
    sync_content(with_reading_list)
    db.session.commit()
    row = db.session.scalar(select(Item).where(Item.slug == "basics/first-steps/further-reading"))
    assert row.kind == "reading-list"
    assert row.settings["readings"][1] == "CAREC Corridor Performance Report"
    learner = make_user()
    login_as(learner)
    page = client.get(PAGE).get_data(as_text=True)
    assert "<li>WTO Trade Facilitation Agreement, Article 11</li>" in page
    assert "Mark as complete" in page
    assert post_form(f"{PAGE}/complete", {}, page=PAGE).status_code == 302
    assert db.session.scalar(select(Completion).where(Completion.item_id == row.id)).completed_at
    text = client.get(f"/readings/{row.id}.txt")
    assert text.get_data(as_text=True).splitlines()[1] == "CAREC Corridor Performance Report"
    kinds = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Item"]
    assert kinds["properties"]["kind"]["enum"] == [
        "lesson",
        "quiz",
        "exercise",
        "workshop",
        "simulation",
        "reading-list",
    ]


def test_a_registered_kind_reads_its_own_keys_and_reports_mistakes_with_their_line(content):
    write(content, READING, "Title: Further reading\nKind: reading-list\n\nNothing listed.")
    lesson = "courses/basics/01-first-steps/02-positions.md"
    write(content, lesson, "Title: Positions\nKind: lesson\nReadings: one\n\nBody")
    found = [str(error) for error in load_content(content).errors]
    assert found == [
        f"{lesson}:3: 'Readings' applies to reading-list items only",
        f"{READING}:1: a reading list needs 'Readings:' (separated by ';')",
    ]


def test_an_unknown_kind_lists_every_registered_one(content):
    write(content, READING, "Title: A\nKind: video\n\nBody")
    assert [str(error) for error in load_content(content).errors] == [
        f"{READING}:2: Kind must be one of lesson | quiz | exercise | workshop | simulation | "
        "reading-list, not 'video'"
    ]


def test_a_kind_name_must_fit_the_column_and_be_unique():
    class Clash(ItemKind):
        name = "quiz"

    class TooLong(ItemKind):
        name = "a-very-long-kind-name"

    for kind, reason in ((Clash(), "registered already"), (TooLong(), "at most")):
        with pytest.raises(ValueError, match=reason):
            register_kind(kind)
    assert kind_named("quiz") is BuiltIn.quiz
