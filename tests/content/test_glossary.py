"""The Russian lessons use each glossary term's Russian form wherever the original uses the term.

The check is ``cartif_lms.content.glossary.check_russian_lessons`` (also a script:
``python -m cartif_lms.content.glossary courses``). The shipped-curriculum test lists every
inconsistency, file by file, so that whoever fixes them sees them all at once.
"""

from collections import defaultdict
from pathlib import Path

import pytest

from cartif_lms.content.glossary import (
    GlossaryError,
    Inconsistency,
    check_russian_lessons,
    main,
    read_glossary,
)
from cartif_lms.resources import shipped_content_dir
from tests.content.conftest import write

TERMS = """
[[term]]
en = "technical regulation"
ru = "технический регламент"
area = "TBT"
avoid_ru = ["техническ правил"]

[[term]]
en = "mandate"
ru = "мандат"
area = "XC"
match_ru = ["мандат", "полномочи"]

[[term]]
en = "rules of origin"
ru = "правила происхождения"
area = "TF"
"""
LESSON = "courses/basics/01-first-steps/01-lesson"


def report(problems: list[Inconsistency], root: Path) -> str:
    """Every inconsistency, grouped by file: the term, what was expected and what is wrong."""
    by_file: dict[Path, list[Inconsistency]] = defaultdict(list)
    for problem in problems:
        by_file[problem.variant].append(problem)
    lines = [f"{len(problems)} glossary inconsistencies in {len(by_file)} Russian files:"]
    for variant, found in sorted(by_file.items()):
        lines.append(f"\n{variant.relative_to(root)}")
        for p in found:
            forms = " | ".join(p.term.match_ru)
            lines.append(f"  - {p.term.en!r}: expected {p.term.ru!r} (forms: {forms}); {p.problem}")
    return "\n".join(lines)


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    write(tmp_path, "courses/glossary/terms.toml", TERMS)
    return tmp_path / "courses"


def lesson(root: Path, english: str, russian: str | None) -> None:
    write(root.parent, f"{LESSON}.md", f"Title: A lesson\nKind: lesson\n\n{english}\n")
    if russian is not None:
        write(root.parent, f"{LESSON}.ru.md", f"Title: Урок\n\n{russian}\n")


def test_the_shipped_russian_lessons_use_the_glossarys_terms():
    courses = shipped_content_dir() / "courses"
    terms = read_glossary(courses)
    assert len(terms) >= 70, "the shipped glossary lost its terms"
    problems = check_russian_lessons(courses, terms)
    assert not problems, report(problems, courses.parent)


def test_a_variant_that_uses_each_terms_russian_form_passes(courses):
    lesson(
        courses,
        "Technical regulations and the mandate; rules of origin.",
        "Технические регламенты и мандат; правила происхождения.",
    )
    assert check_russian_lessons(courses) == []


def test_any_listed_russian_form_and_ending_will_do(courses):
    lesson(
        courses, "The Mandates of technical regulation.", "Полномочиями «технических регламентов»."
    )
    assert check_russian_lessons(courses) == []


def test_a_variant_that_leaves_a_term_out_fails(courses):
    lesson(courses, "Rules of origin matter.", "Происхождение товаров важно.")
    [problem] = check_russian_lessons(courses)
    assert problem.variant.name == "01-lesson.ru.md"
    assert problem.term.en == "rules of origin"
    assert "the original uses it, this does not" in str(problem)
    assert "'rules of origin' → 'правила происхождения'" in str(problem)


def test_a_variant_that_uses_an_avoided_rendering_fails(courses):
    lesson(
        courses,
        "A technical regulation.",
        "Технический регламент, то есть технические правила.",
    )
    [problem] = check_russian_lessons(courses)
    assert problem.term.en == "technical regulation"
    assert problem.problem == "uses 'техническ правил' instead"


def test_an_avoided_rendering_fails_even_where_the_original_has_no_term(courses):
    lesson(courses, "Nothing of the kind.", "Технические правила.")
    assert [p.problem for p in check_russian_lessons(courses)] == [
        "uses 'техническ правил' instead"
    ]


def test_a_term_the_original_does_not_use_is_not_required(courses):
    lesson(courses, "Transit and customs.", "Транзит и таможня.")
    assert check_russian_lessons(courses) == []


def test_the_title_counts_as_text(courses):
    write(courses.parent, f"{LESSON}.md", "Title: Rules of origin\nKind: lesson\n\nText.\n")
    write(courses.parent, f"{LESSON}.ru.md", "Title: Правила происхождения\n\nТекст.\n")
    assert check_russian_lessons(courses) == []


def test_header_codes_are_not_text(courses):
    # 'Requires: rules-of-origin' names a slug; the variant cannot (and need not) translate it.
    write(
        courses.parent,
        f"{LESSON}.md",
        "Title: A lesson\nKind: lesson\nRequires: rules-of-origin\n\nTransit.\n",
    )
    write(courses.parent, f"{LESSON}.ru.md", "Title: Урок\n\nТранзит.\n")
    assert check_russian_lessons(courses) == []


def test_a_term_only_inside_a_treaty_clause_need_not_recur_in_the_prose(courses):
    clause = "```treaty\nEach Party shall publish its rules of origin.\n```"
    lesson(courses, f"Read the clause.\n\n{clause}", f"Прочитайте статью.\n\n{clause}")
    assert check_russian_lessons(courses) == []


def test_an_avoided_rendering_inside_a_translated_clause_still_fails(courses):
    lesson(
        courses,
        "```treaty\nA technical regulation.\n```",
        "```treaty\nТехнические правила.\n```",
    )
    assert [p.problem for p in check_russian_lessons(courses)] == [
        "uses 'техническ правил' instead"
    ]


def test_a_lesson_without_a_variant_is_not_checked(courses):
    lesson(courses, "Rules of origin.", None)
    assert check_russian_lessons(courses) == []


def test_the_word_must_start_where_the_stem_does(courses):
    lesson(courses, "The mandate.", "Антимандатный подход.")
    assert [p.term.en for p in check_russian_lessons(courses)] == ["mandate"]


def test_the_script_prints_every_inconsistency_and_fails(courses, capsys):
    lesson(courses, "Rules of origin and the mandate.", "Ничего.")
    assert main(["glossary", str(courses)]) == 1
    out = capsys.readouterr().out
    assert "'rules of origin'" in out
    assert "'mandate'" in out
    assert out.strip().endswith("2 inconsistencies")


def test_a_bad_glossary_names_its_file_and_line(courses):
    write(courses.parent, "courses/glossary/terms.toml", TERMS.replace('ru = "мандат"\n', ""))
    with pytest.raises(GlossaryError, match=r"terms\.toml:8: 'en' and 'ru' are required texts"):
        read_glossary(courses)


def test_a_curriculum_without_a_glossary_has_no_terms(tmp_path):
    assert read_glossary(tmp_path) == []
