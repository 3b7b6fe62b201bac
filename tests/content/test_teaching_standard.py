"""The teaching standard: a curriculum that declares one has every lesson state its
objectives and sources, and every track a case study; sync names the file and line."""

import pytest

import cartif_lms.kinds  # noqa: F401  (registers the item kinds and sync steps)
from cartif_lms.content.loader import load_content
from cartif_lms.content.teaching_standard import parse_standard
from tests.content.conftest import write

STANDARD = """\
[lesson]
objectives = { min = 2, max = 4 }
sources = { en = "Sources", ru = "Источники" }

[track]
case-study = { en = "Case study:", ru = "Пример из практики:" }
"""

LESSON = "courses/basics/01-first-steps/01-mandates.md"
GOOD_LESSON = """\
Title: Mandates
Kind: lesson

By the end of this lesson you will be able to:

- explain what a mandate is;
- name who approves it.

## What a mandate is

A mandate is the instruction a delegation receives.

```treaty
- not an objective: inside a fenced block
```

## Case study: a mandate at the Dostyk crossing

Kazakhstan's delegation asks the capital.

## Sources

- Bishkek Declaration, 24th CAREC Ministerial Conference, 20 November 2025.
"""

GOOD_VARIANT = """\
Title: Мандаты

Изучив этот урок, вы сможете:

- объяснить, что такое мандат;
- назвать, кто его утверждает.

## Что такое мандат

Мандат — это указание, которое получает делегация.

## Источники

- Бишкекская декларация.
"""


def messages(content) -> list[str]:
    return [str(error) for error in load_content(content).errors]


def lessons_of(content) -> list[str]:
    return [
        str(path.relative_to(content))
        for path in sorted((content / "courses").rglob("*.md"))
        if "Kind: lesson" in path.read_text(encoding="utf-8")
    ]


@pytest.fixture
def standard_content(content):
    """The small test curriculum, every lesson brought up to the standard, and the standard."""
    for relative in lessons_of(content):
        write(content, relative, GOOD_LESSON)
        variant = content / relative.replace(".md", ".ru.md")
        if variant.exists():
            write(content, str(variant.relative_to(content)), GOOD_VARIANT)
    write(content, "courses/standard.toml", STANDARD)
    return content


def test_without_a_standard_file_no_structure_is_required(content):
    assert messages(content) == []


def test_a_curriculum_that_meets_its_standard_loads(standard_content):
    assert messages(standard_content) == []


def test_a_lesson_without_objectives_is_refused_at_its_first_line(standard_content):
    write(
        standard_content,
        LESSON,
        GOOD_LESSON.replace("- explain what a mandate is;\n- name who approves it.\n", ""),
    )
    assert messages(standard_content) == [
        f"{LESSON}:4: a lesson opens with 2-4 learning objectives, as a list before its first "
        "'##' heading (found 0)"
    ]


def test_five_objectives_are_refused_at_the_fifth(standard_content):
    many = "".join(f"- objective {n};\n" for n in range(1, 6))
    write(
        standard_content,
        LESSON,
        GOOD_LESSON.replace("- explain what a mandate is;\n- name who approves it.\n", many),
    )
    assert messages(standard_content) == [
        f"{LESSON}:10: a lesson states at most 4 learning objectives (found 5): merge some"
    ]


def test_a_lesson_that_does_not_end_with_sources_is_refused_at_its_last_heading(
    standard_content,
):
    write(
        standard_content,
        LESSON,
        GOOD_LESSON + "\n## Check your understanding\n\n- Why?\n",
    )
    assert messages(standard_content) == [
        f"{LESSON}:25: a lesson ends with its sources: the last section must be '## Sources' "
        "or '## Источники'"
    ]


def test_an_empty_sources_section_is_refused(standard_content):
    write(
        standard_content,
        LESSON,
        GOOD_LESSON.replace("- Bishkek Declaration", "Bishkek Declaration"),
    )
    assert messages(standard_content) == [
        f"{LESSON}:21: the sources section lists no source: one '- ' line per agreement and "
        "article"
    ]


def test_a_variant_must_state_as_many_objectives_as_its_original(standard_content):
    variant = "courses/basics/01-first-steps/02-positions.ru.md"
    write(standard_content, variant, GOOD_VARIANT.replace("- назвать, кто его утверждает.\n", ""))
    found = messages(standard_content)
    assert f"{variant}:5: a lesson opens with 2-4 learning objectives" in found[0]
    assert found[1] == (
        f"{variant}:5: the variant states 1 learning objectives, its original 2: translate each one"
    )


def test_a_track_without_a_case_study_is_refused_naming_the_track(standard_content):
    """(The drafting lab, whose items are all exercises, each a case of its own, needs none.)"""
    for relative in lessons_of(standard_content):
        if relative.startswith("courses/basics/"):
            text = (standard_content / relative).read_text(encoding="utf-8")
            write(standard_content, relative, text.replace("## Case study: ", "## About "))
    assert messages(standard_content) == [
        "courses/basics/track.md:1: track 'basics' has no case study: give one of its lessons a "
        "section headed '## Case study: ...'"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[lesson]\nobjectives = 3\n", (2, "objectives must be { min = N, max = M }")),
        ("[lesson]\nobjectives = { min = 5, max = 2 }\n", (2, "objectives must be")),
        ("[lesson]\nsources = \"Sources\"\n", (2, "sources must be a table of headings")),
        ("[lesson]\nsource = { en = \"S\" }\n", (2, "unknown setting 'lesson.source'")),
        ("[lesson\n", (1, "not valid TOML")),
        ("lesson = 3\n", (1, "'lesson' must be a table")),
        ("track = [1]\n", (1, "'track' must be a table")),
    ],
)
def test_a_broken_standard_file_names_its_line(text, expected):
    standard, problems = parse_standard(text, "courses/standard.toml")
    assert standard is None
    line, start = expected
    assert problems[0][0] == line
    assert start in problems[0][1]


def test_a_broken_standard_file_stops_the_load(standard_content):
    write(standard_content, "courses/standard.toml", "[lesson]\nobjectives = 'many'\n")
    assert messages(standard_content) == [
        "courses/standard.toml:2: objectives must be { min = N, max = M }, 1 <= N <= M <= 20"
    ]
