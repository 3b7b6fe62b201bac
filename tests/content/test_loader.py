"""Reading content files: every mistake is reported as path:line: message."""

import pytest

from cartif_lms.content.loader import load_content
from cartif_lms.content.models import TrackKind
from cartif_lms.kinds import BuiltIn as ItemKind
from tests.content.conftest import write

MODULE = "courses/basics/01-first-steps"


def messages(content) -> list[str]:
    return [str(error) for error in load_content(content).errors]


def test_the_test_content_loads_without_errors(content):
    spec = load_content(content)
    assert spec.errors == []
    assert [t.slug for t in spec.tracks] == ["basics", "drafting-dive", "drafting-lab"]
    basics = spec.tracks[0]
    assert basics.kind is TrackKind.modular
    assert [m.slug for m in basics.modules] == ["basics/first-steps", "basics/next-steps"]
    assert basics.modules[1].requires == ["basics/first-steps"]
    items = basics.modules[0].items
    assert [i.slug for i in items] == [
        "basics/first-steps/mandates",
        "basics/first-steps/positions",
    ]
    assert items[0].competencies == ["XC.NEGOTIATION"], "items inherit the module's competencies"
    quiz = basics.modules[1].items[1]
    assert quiz.kind is ItemKind.quiz
    assert quiz.settings["bank"] == "basics"
    assert spec.banks[0].question_count == 4


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        (
            f"{MODULE}/01-mandates.md",
            "Title: Mandates\nKind: lesson\nAuthor: me\n\nBody",
            f"{MODULE}/01-mandates.md:3: unknown metadata key 'author'",
        ),
        (
            f"{MODULE}/01-mandates.md",
            "Kind: lesson\n\nBody",
            f"{MODULE}/01-mandates.md:1: missing title",
        ),
        (
            f"{MODULE}/01-mandates.md",
            "Just text without a header.\n",
            f"{MODULE}/01-mandates.md:1: missing metadata header",
        ),
        (f"{MODULE}/01-mandates.md", "", f"{MODULE}/01-mandates.md:1: the file is empty"),
        (
            f"{MODULE}/01-mandates.md",
            "Title: A\nKind: video\n\nBody",
            f"{MODULE}/01-mandates.md:2: Kind must be one of lesson | quiz | exercise",
        ),
        (
            f"{MODULE}/01-mandates.md",
            "Title: A\nKind: lesson\nMinutes: ten\n\nBody",
            f"{MODULE}/01-mandates.md:3: Minutes must be a whole number",
        ),
        (
            f"{MODULE}/01-mandates.md",
            "Title: A\nKind: lesson\nCompetencies: XC.MAGIC\n\nBody",
            f"{MODULE}/01-mandates.md:3: unknown competency 'XC.MAGIC'",
        ),
        (
            f"{MODULE}/01-mandates.md",
            "Title: A\nTitle: B\nKind: lesson\n\nBody",
            f"{MODULE}/01-mandates.md:2: 'Title' is given twice",
        ),
        (
            "courses/basics/02-next-steps/module.md",
            "Title: Next\nRequires: no-such-module\n\nBody",
            "courses/basics/02-next-steps/module.md:2: Requires names a module that does not "
            "exist: 'basics/no-such-module'",
        ),
        (
            "courses/basics/02-next-steps/02-check.md",
            "Title: Q\nKind: quiz\nBank: missing\n\nGo",
            "courses/basics/02-next-steps/02-check.md:3: no quiz bank quizzes/missing.gift",
        ),
        (
            "courses/basics/02-next-steps/02-check.md",
            "Title: Q\nKind: quiz\nBank: basics\nCategory: basics/essay\n\nGo",
            "courses/basics/02-next-steps/02-check.md:4: Category 'basics/essay' holds no "
            "questions in quizzes/basics.gift",
        ),
        (
            "courses/basics/track.md",
            "Title: T\nKind: modular\nLevel: expert\nAudience: generalist\nSummary: s\n\nBody",
            "courses/basics/track.md:3: Level must be one of basic",
        ),
        (
            f"{MODULE}/Lesson One.md",
            "Title: A\nKind: lesson\n\nBody",
            f"{MODULE}/Lesson One.md:1: unexpected file 'Lesson One.md'",
        ),
    ],
)
def test_each_mistake_names_its_file_and_line(content, relative, text, expected):
    write(content, relative, text)
    found = messages(content)
    assert any(message.startswith(expected) for message in found), found


def test_invalid_utf8_names_the_line_of_the_bad_byte(content):
    write(content, f"{MODULE}/01-mandates.md", b"Title: A\nKind: lesson\n\nCaf\xe9 au lait\n")
    assert any(
        m.startswith(f"{MODULE}/01-mandates.md:4: not valid UTF-8") for m in messages(content)
    )


def test_two_items_with_one_slug_are_reported(content):
    write(content, f"{MODULE}/03-mandates.md", "Title: Again\nKind: lesson\n\nBody")
    found = messages(content)
    assert any(
        m.startswith(
            f"{MODULE}/03-mandates.md:1: item slug 'basics/first-steps/mandates' "
            f"is also used by {MODULE}/01-mandates.md"
        )
        for m in found
    ), found


def test_a_prerequisite_cycle_is_reported_once_with_its_path(content):
    write(
        content,
        "courses/basics/01-first-steps/module.md",
        "Title: First\nRequires: next-steps\n\nBody",
    )
    cycles = [m for m in messages(content) if "prerequisite cycle" in m]
    assert cycles == [
        "courses/basics/01-first-steps/module.md:2: prerequisite cycle: "
        "basics/first-steps → basics/next-steps → basics/first-steps"
    ]


def test_every_error_of_the_run_is_reported_not_just_the_first(content):
    write(content, f"{MODULE}/01-mandates.md", "Title: A\nKind: lesson\nColour: red\n\nBody")
    write(content, "courses/drafting-dive/01-brackets/01-reading.md", "")
    write(content, "quizzes/basics.gift", "::Broken:: {=yes ~no\n")
    found = messages(content)
    assert any("01-mandates.md:3:" in m for m in found)
    assert any("01-reading.md:1: the file is empty" in m for m in found)
    assert any(m.startswith("quizzes/basics.gift:1:") for m in found)


def test_a_multi_line_value_and_windows_line_endings_are_read(content):
    write(
        content,
        f"{MODULE}/01-mandates.md",
        "Title: A very long title\r\n    that continues\r\nKind: lesson\r\n\r\nBody\r\n",
    )
    spec = load_content(content)
    assert spec.errors == []
    assert spec.tracks[0].modules[0].items[0].title == "A very long title that continues"


def test_only_one_track_is_the_orientation_track(content):
    for track in ("basics", "drafting-dive"):
        path = content / f"courses/{track}/track.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Audience:", "Orientation: yes\nAudience:", 1), "utf-8")
    assert messages(content) == [
        "courses/drafting-dive/track.md:4: only one track can be the orientation track; "
        "'basics' is already"
    ]


def test_orientation_is_yes_or_no(content):
    path = content / "courses/basics/track.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Audience:", "Orientation: maybe\nAudience:", 1), "utf-8")
    assert messages(content) == [
        "courses/basics/track.md:4: Orientation must be 'yes' or 'no', not 'maybe'"
    ]
