"""The drafting exercise format: ``##`` sections of an exercise item (docs/content-format.md).

``parse_exercise`` is pure and reports problems as (line, message) pairs for the loader;
``exercise_settings`` renders the sections for ``Item.settings["exercise"]``; ``Exercise`` reads
them back for the workbench.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..content.rendering import render_markdown

SECTIONS = ("brief", "source text", "task", "model answer", "rubric", "reference clauses")
REQUIRED = ("brief", "source text", "task", "rubric")
_HEADING = re.compile(r"^##\s+(.+?)\s*$")
_SUBHEADING = re.compile(r"^###\s+(.+?)\s*$")
_FENCE = re.compile(r"^```\s*treaty\s*$")
_LEVEL = re.compile(r"^(?P<label>.+?)\s*\((?P<points>\d+(?:\.\d+)?)\)$")


@dataclass(frozen=True)
class Level:
    label: str
    points: float


@dataclass(frozen=True)
class Criterion:
    name: str
    descriptors: tuple[str, ...]  #: one per level


@dataclass(frozen=True)
class Rubric:
    levels: tuple[Level, ...]
    criteria: tuple[Criterion, ...]

    @property
    def max_points(self) -> float:
        return len(self.criteria) * max(level.points for level in self.levels)

    def points(self, chosen: list[int]) -> float:
        """Points for the level index chosen for each criterion, in order."""
        return sum(self.levels[index].points for index in chosen)

    def to_json(self) -> dict[str, Any]:
        return {
            "levels": [[lv.label, lv.points] for lv in self.levels],
            "criteria": [[c.name, list(c.descriptors)] for c in self.criteria],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rubric:
        return cls(
            tuple(Level(label, points) for label, points in data["levels"]),
            tuple(Criterion(name, tuple(d)) for name, d in data["criteria"]),
        )


@dataclass
class ExerciseSpec:
    sections: dict[str, str] = field(default_factory=dict)  #: section -> Markdown
    source_text: str = ""
    model_text: str = ""
    rubric: Rubric | None = None
    references: list[tuple[str, str]] = field(default_factory=list)  #: (title, treaty text)
    lines: dict[str, int] = field(default_factory=dict)  #: section -> the line of its heading


def split_sections(
    body: str, first_line: int, known: tuple[str, ...] = SECTIONS, what: str = "exercise"
) -> tuple[dict[str, tuple[int, str]], list[tuple[int, str]]]:
    """The ``##`` sections of a body (lower-cased name -> heading line, text), of the ``known``
    names; an unknown or repeated heading is an error (a ``what`` section)."""
    sections: dict[str, tuple[int, list[str]]] = {}
    errors: list[tuple[int, str]] = []
    current = None
    for number, line in enumerate(body.split("\n"), start=first_line):
        heading = _HEADING.match(line)
        if heading:
            name = heading.group(1).lower()
            if name not in known:
                errors.append(
                    (
                        number,
                        f"unknown {what} section '## {heading.group(1)}' "
                        f"(known: {', '.join(s.title() for s in known)})",
                    )
                )
                current = None
            elif name in sections:
                errors.append((number, f"'## {heading.group(1)}' appears twice"))
                current = None
            else:
                sections[name] = (number, [])
                current = name
        elif current is not None:
            sections[current][1].append(line)
    return {k: (n, "\n".join(lines).strip()) for k, (n, lines) in sections.items()}, errors


def treaty_blocks(text: str) -> list[str]:
    """The contents of the ```` ```treaty ```` blocks of a Markdown text."""
    blocks: list[str] = []
    lines: list[str] = []
    inside = False
    for line in text.split("\n"):
        if not inside and _FENCE.match(line.strip()):
            inside, lines = True, []
        elif inside and line.strip() == "```":
            blocks.append("\n".join(lines))
            inside = False
        elif inside:
            lines.append(line)
    return blocks


def parse_rubric(text: str, line: int) -> tuple[Rubric | None, list[tuple[int, str]]]:
    """The rubric table in ``text`` (a section starting on ``line``); errors as (line, message)."""
    rows = [
        [cell.strip() for cell in row.strip().strip("|").split("|")]
        for row in text.split("\n")
        if row.strip().startswith("|")
    ]
    if len(rows) < 3:
        return None, [(line, "the rubric needs a table: a header, a separator and criteria")]
    header, criteria_rows = rows[0], [r for r in rows[2:] if r]
    levels, errors = [], []
    for cell in header[1:]:
        match = _LEVEL.match(cell)
        if match is None:
            errors.append(
                (line, f"rubric level '{cell}' must end with its points, e.g. 'Partly (1)'")
            )
        else:
            levels.append(Level(match["label"], float(match["points"])))
    criteria = []
    for row in criteria_rows:
        if len(row) != len(header) or not all(row):
            errors.append((line, f"rubric row '{row[0]}' needs a descriptor for every level"))
            continue
        criteria.append(Criterion(row[0], tuple(row[1:])))
    if errors or not levels or not criteria:
        return None, errors or [(line, "the rubric has no criteria")]
    return Rubric(tuple(levels), tuple(criteria)), []


def _references(text: str) -> list[tuple[str, str]]:
    references: list[tuple[str, str]] = []
    chunk: list[str] = []
    title: str | None = None
    for line in text.split("\n") + ["### end"]:
        sub = _SUBHEADING.match(line)
        if sub:
            if title is not None:
                blocks = treaty_blocks("\n".join(chunk))
                references.append((title, blocks[0] if blocks else "\n".join(chunk).strip()))
            title, chunk = sub.group(1), []
        else:
            chunk.append(line)
    return references


def parse_exercise(body: str, first_line: int) -> tuple[ExerciseSpec, list[tuple[int, str]]]:
    """The sections of an exercise body; errors as (line, message)."""
    sections, errors = split_sections(body, first_line)
    spec = ExerciseSpec(
        sections={k: text for k, (_n, text) in sections.items()},
        lines={k: line for k, (line, _text) in sections.items()},
    )
    for name in REQUIRED:
        if name not in sections:
            errors.append((first_line, f"an exercise needs a '## {name.title()}' section"))
    if "source text" in sections:
        line, text = sections["source text"]
        blocks = treaty_blocks(text)
        if len(blocks) != 1:
            errors.append((line, "'## Source text' must hold exactly one ```treaty block"))
        else:
            spec.source_text = blocks[0]
    if "model answer" in sections:
        line, text = sections["model answer"]
        blocks = treaty_blocks(text)
        spec.model_text = blocks[0] if blocks else ""
        if not blocks:
            errors.append((line, "'## Model answer' must start with a ```treaty block"))
    if "rubric" in sections:
        line, text = sections["rubric"]
        spec.rubric, rubric_errors = parse_rubric(text, line)
        errors += rubric_errors
    if "reference clauses" in sections:
        spec.references = _references(sections["reference clauses"][1])
    return spec, errors


def variant_mismatches(
    original: ExerciseSpec, variant: ExerciseSpec, first_line: int
) -> list[tuple[int, str]]:
    """How a translated exercise differs in structure from its original, as (line, message)
    pairs for the loader (none: it matches); ``first_line`` is the line its body starts on.

    The sections, the rubric's levels (with their points) and criteria, and the number of
    reference clauses are the original's; their words are translated. The source text and the
    model answer are the original's, word for word: a learner's draft is worked on that text,
    whichever language the page around it is in (and may be started in one, finished in the
    other); reference clauses may be quoted from an instrument's official translation."""

    def line(section: str) -> int:
        return variant.lines.get(section, first_line)

    problems = []
    if set(variant.sections) != set(original.sections):
        names = ", ".join(f"## {name.title()}" for name in original.sections)
        problems.append(
            (first_line, f"the variant needs the original's sections and only those: {names}")
        )
    if variant.source_text != original.source_text:
        problems.append(
            (line("source text"), "'## Source text' keeps the original's treaty text unchanged")
        )
    if variant.model_text != original.model_text:
        problems.append(
            (
                line("model answer"),
                "'## Model answer' keeps the original's treaty text unchanged "
                "(translate the explanation after it)",
            )
        )
    if original.rubric and variant.rubric:
        mine, theirs = original.rubric, variant.rubric
        if [lv.points for lv in mine.levels] != [lv.points for lv in theirs.levels]:
            points = ", ".join(f"({lv.points:g})" for lv in mine.levels)
            problems.append(
                (line("rubric"), f"the rubric's levels must keep the original's points: {points}")
            )
        if len(mine.criteria) != len(theirs.criteria):
            problems.append(
                (
                    line("rubric"),
                    f"the rubric must have the original's {len(mine.criteria)} criteria, "
                    f"not {len(theirs.criteria)}",
                )
            )
    if len(variant.references) != len(original.references):
        problems.append(
            (
                line("reference clauses"),
                f"'## Reference clauses' must hold the original's {len(original.references)} "
                f"clauses, not {len(variant.references)}",
            )
        )
    return problems


def page_body(body: str) -> str:
    """The exercise's Markdown for its item page: everything but the model answer, which only
    the workbench shows, by ``drafting.services.model_answer_shown``."""
    kept, hiding = [], False
    for line in body.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            hiding = heading.group(1).lower() == "model answer"
        if not hiding:
            kept.append(line)
    return "\n".join(kept)


def treaty_html(text: str) -> str:
    """``text`` rendered as a treaty block (highlighted brackets, headings, modal verbs)."""
    return render_markdown(f"```treaty\n{text}\n```")


def exercise_settings(spec: ExerciseSpec, peer_reviews: int) -> dict[str, Any]:
    """What the workbench needs, rendered once at sync, for ``Item.settings["exercise"]``."""
    model_section = spec.sections.get("model answer", "")
    return {
        "brief_html": render_markdown(spec.sections.get("brief", "")),
        "task_html": render_markdown(spec.sections.get("task", "")),
        "source_text": spec.source_text,
        "source_html": treaty_html(spec.source_text),
        "model_text": spec.model_text,
        "model_html": render_markdown(model_section),
        "rubric": spec.rubric.to_json() if spec.rubric else None,
        "references": [{"title": t, "html": treaty_html(x)} for t, x in spec.references],
        "peer_reviews": peer_reviews,
    }


@dataclass(frozen=True)
class Exercise:
    """An exercise item's settings, read back for the workbench and reviews."""

    brief_html: str
    task_html: str
    source_text: str
    source_html: str
    model_text: str
    model_html: str
    rubric: Rubric
    references: list[dict[str, str]]
    peer_reviews: int

    @classmethod
    def of(cls, settings: dict[str, Any]) -> Exercise:
        data = dict(settings["exercise"])
        data["rubric"] = Rubric.from_json(data["rubric"])
        return cls(**data)
