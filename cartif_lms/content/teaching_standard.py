"""The teaching standard (``courses/standard.toml``): the structure ``lms sync`` requires of
every lesson and track of a curriculum that declares one.

A curriculum opts in with the file; without it (a test's small folder, a trainer's first
sketch) no structure is required. The shipped curriculum declares all three rules:

- a lesson opens, before its first ``##`` heading, with a list of 2-4 learning objectives;
- a lesson's last ``##`` section is its sources (``## Sources``), a list of at least one;
- a track with lessons has at least one with a case study (``## Case study: ...``); a
  track of drafting exercises only is made of cases already.

Headings are listed per language in the file, so a Russian variant ends with
``## Источники``; a variant states as many objectives as its original.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .steps import SyncStep

if TYPE_CHECKING:
    from .loader import ContentSpec, Reader

STANDARD_KEY = "teaching_standard"
STANDARD_FILE = "standard.toml"

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class TeachingStandard:
    path: str  #: relative to the content folder, for error messages
    objectives: tuple[int, int] | None = None  #: (fewest, most); None: not required
    sources_headings: tuple[str, ...] = ()  #: empty: no sources section required
    case_study_headings: tuple[str, ...] = ()  #: heading prefixes; empty: not required


class Heading(NamedTuple):
    line: int  #: of the file
    text: str


@dataclass(frozen=True)
class LessonOutline:
    """What the standard looks at in a lesson's Markdown: its headings and list items."""

    objective_lines: list[int]  #: the list items before the first heading
    headings: list[Heading]
    #: the list items after the last heading
    last_section_items: int


def outline(body: str, first_line: int) -> LessonOutline:
    """The headings and list items of ``body`` (fenced code blocks skipped); ``first_line`` is
    the file's line the body starts on."""
    objectives: list[int] = []
    headings: list[Heading] = []
    items_after_last = 0
    fenced = False
    for number, line in enumerate(body.splitlines(), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading:
            headings.append(Heading(number, heading.group(1)))
            items_after_last = 0
        elif _LIST_ITEM.match(line):
            if headings:
                items_after_last += 1
            else:
                objectives.append(number)
    return LessonOutline(objectives, headings, items_after_last)


def lesson_problems(
    standard: TeachingStandard, body: str, first_line: int, objectives_of_original: int | None
) -> Iterator[tuple[int, str]]:
    """(line, message) for each way the lesson ``body`` breaks ``standard``; a variant passes
    ``objectives_of_original``, the count its original states."""
    shape = outline(body, first_line)
    if standard.objectives is not None:
        yield from _objective_problems(standard.objectives, shape, first_line)
        count = len(shape.objective_lines)
        if objectives_of_original is not None and count != objectives_of_original:
            yield (
                shape.objective_lines[0] if count else first_line,
                f"the variant states {count} learning objectives, its original "
                f"{objectives_of_original}: translate each one",
            )
    if standard.sources_headings:
        yield from _sources_problems(standard.sources_headings, shape, first_line)


def _objective_problems(
    bounds: tuple[int, int], shape: LessonOutline, first_line: int
) -> Iterator[tuple[int, str]]:
    fewest, most = bounds
    count = len(shape.objective_lines)
    if count < fewest:
        yield (
            shape.objective_lines[0] if count else first_line,
            f"a lesson opens with {fewest}-{most} learning objectives, as a list before its "
            f"first '##' heading (found {count})",
        )
    elif count > most:
        yield (
            shape.objective_lines[most],
            f"a lesson states at most {most} learning objectives (found {count}): merge some",
        )


def _sources_problems(
    names: tuple[str, ...], shape: LessonOutline, first_line: int
) -> Iterator[tuple[int, str]]:
    expected = " or ".join(f"'## {name}'" for name in names)
    if not shape.headings or shape.headings[-1].text not in names:
        line = shape.headings[-1].line if shape.headings else first_line
        yield line, f"a lesson ends with its sources: the last section must be {expected}"
    elif shape.last_section_items == 0:
        yield (
            shape.headings[-1].line,
            "the sources section lists no source: one '- ' line per agreement and article",
        )


def has_case_study(standard: TeachingStandard, body: str) -> bool:
    """Whether the lesson ``body`` has a section headed like a case study."""
    headings = outline(body, 1).headings
    return any(heading.text.startswith(standard.case_study_headings) for heading in headings)


def _headings(value: object) -> tuple[str, ...]:
    """A table of headings by language (``{ en = "Sources", ru = "Источники" }``)."""
    if not isinstance(value, dict) or not all(
        isinstance(v, str) and v.strip() for v in value.values()
    ):
        raise ValueError("must be a table of headings by language, e.g. { en = \"Sources\" }")
    return tuple(v.strip() for v in value.values())


def parse_standard(text: str, path: str) -> tuple[TeachingStandard | None, list[tuple[int, str]]]:
    """The standard in ``text``, or None and (line, message) for each mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        return None, [(int(match.group(1)) if match else 1, f"not valid TOML: {exc}")]
    problems: list[tuple[int, str]] = []
    lesson, track = data.get("lesson", {}), data.get("track", {})
    for name, table in (("lesson", lesson), ("track", track)):
        if not isinstance(table, dict):
            problems.append((_line_of(text, name), f"'{name}' must be a table: [{name}]"))
    if problems:
        return None, problems
    unknown = set(data) - {"lesson", "track"}
    unknown |= {f"lesson.{k}" for k in set(lesson) - {"objectives", "sources"}}
    unknown |= {f"track.{k}" for k in set(track) - {"case-study"}}
    for key in sorted(unknown):
        problems.append((_line_of(text, key.rsplit(".", 1)[-1]), f"unknown setting '{key}'"))
    objectives = _objective_bounds(lesson.get("objectives"), text, problems)
    sources = _read_headings(lesson, "sources", text, problems)
    cases = _read_headings(track, "case-study", text, problems)
    if problems:
        return None, problems
    return TeachingStandard(path, objectives, sources, cases), []


def _objective_bounds(
    value: object, text: str, problems: list[tuple[int, str]]
) -> tuple[int, int] | None:
    if value is None:
        return None
    if (
        isinstance(value, dict)
        and set(value) == {"min", "max"}
        and all(type(v) is int for v in value.values())
        and 1 <= value["min"] <= value["max"] <= 20
    ):
        return (value["min"], value["max"])
    problems.append(
        (_line_of(text, "objectives"), "objectives must be { min = N, max = M }, 1 <= N <= M <= 20")
    )
    return None


def _read_headings(
    table: dict[str, object], key: str, text: str, problems: list[tuple[int, str]]
) -> tuple[str, ...]:
    if key not in table:
        return ()
    try:
        return _headings(table[key])
    except ValueError as exc:
        problems.append((_line_of(text, key), f"{key} {exc}"))
        return ()


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key):
            return number
    return 1


class StandardFile(SyncStep[TeachingStandard | None]):
    """Reads ``courses/standard.toml``; the lesson kind applies it to each lesson as it is
    read, and :meth:`review` checks each track for a case study."""

    key = STANDARD_KEY
    courses_entries = frozenset({STANDARD_FILE})

    def read(self, reader: Reader) -> TeachingStandard | None:
        path = reader.root / "courses" / STANDARD_FILE
        if not path.exists():
            return None
        loaded = reader.read_text(path)
        if loaded is None:
            return None
        standard, problems = parse_standard(loaded[0], reader.rel(path))
        for line, message in problems:
            reader.error(path, line, message)
        return standard

    def review(self, loaded: TeachingStandard | None, reader: Reader, spec: ContentSpec) -> None:
        if loaded is None or not loaded.case_study_headings:
            return
        for track in spec.tracks:
            lessons = [
                item.body
                for module in track.modules
                for item in module.items
                if item.kind.name == "lesson"
            ]
            # A track of exercises only (a drafting lab) is made of cases already.
            if lessons and not any(has_case_study(loaded, body) for body in lessons):
                reader.error(
                    track.path,
                    1,
                    f"track '{track.slug}' has no case study: give one of its lessons a section "
                    f"headed '## {loaded.case_study_headings[0]} ...'",
                )


STANDARD_FILES = StandardFile()
