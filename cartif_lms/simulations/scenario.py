"""The scenario format of negotiation simulations: ``courses/simulations/<slug>/``
(docs/content-format.md).

A scenario folder holds ``scenario.md`` (the public brief, the bracketed negotiating text and
the table of its issues), ``teaching-notes.md`` (the trainer's) and ``delegations/<key>.md``
(each delegation's confidential instructions and private scoring table). The parsers here are
pure and report problems as (line, message) pairs; ``files`` reads the folders for ``lms sync``.

Every top-level bracket of the negotiating text is an issue, numbered from 1 in order; its
alternatives (`` / ``) are the options a, b, c ...; a bracket without alternatives has two
options: a keeps its words, b deletes them.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from ..drafting.exercise import split_sections, treaty_blocks
from ..treaty.notation import ALTERNATIVE, attribution_at

SCENARIO_SECTIONS = ("brief", "negotiating text", "issues")
DELEGATION_SECTIONS = ("mandate", "priorities", "red lines", "if there is no agreement", "scoring")
#: The sections of a delegation's instructions shown to its participants, in order.
INSTRUCTION_SECTIONS = DELEGATION_SECTIONS[:-1]
MIN_DELEGATIONS, MAX_DELEGATIONS = 2, 11
MAX_OPTIONS = 6
MAX_ROUNDS = 10
MAX_ROUND_HOURS = 24 * 14
OPTION_KEYS = string.ascii_lowercase[:MAX_OPTIONS]
_ALTERNATIVE_RE = re.compile(rf"\s{ALTERNATIVE}\s")
CODE_RE = re.compile(r"^[A-Z]{2,3}$")


@dataclass(frozen=True)
class Option:
    key: str  #: "a", "b" ...
    label: str  #: the short name of the ``## Issues`` table
    text: str  #: the words that replace the bracket when this option is chosen


@dataclass(frozen=True)
class Issue:
    number: int
    title: str
    options: tuple[Option, ...]

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)


@dataclass(frozen=True)
class Bracket:
    """Where an issue stands in the negotiating text (offsets of ``[`` and after ``]``)."""

    start: int
    end: int
    line: int
    options: tuple[str, ...]  #: the options' words, attribution labels removed
    keep_or_delete: bool  #: no alternatives: a keeps the words, b deletes them


@dataclass
class DelegationSpec:
    key: str
    name: str
    code: str
    country: str | None  #: a CAREC country code, where the delegation stands for one
    fallback: int  #: points without agreement (its BATNA)
    sections: dict[str, str] = field(default_factory=dict)  #: instruction section -> Markdown
    scores: dict[int, dict[str, int]] = field(default_factory=dict)  #: issue -> option -> points
    path: str = ""

    def points(self, package: dict[int, str]) -> int:
        """This delegation's points for a package (an option per issue)."""
        return sum(self.scores[number][key] for number, key in package.items())


@dataclass
class ScenarioSpec:
    slug: str
    title: str
    summary: str
    area: str
    competencies: list[str]
    rounds: int
    round_hours: int
    level: str
    brief: str  #: Markdown
    text: str  #: the negotiating text, treaty notation
    issues: list[Issue] = field(default_factory=list)
    brackets: list[Bracket] = field(default_factory=list)
    delegations: list[DelegationSpec] = field(default_factory=list)
    teaching_notes: str = ""  #: Markdown, for the trainer
    path: str = ""

    def issue(self, number: int) -> Issue | None:
        return next((i for i in self.issues if i.number == number), None)


def brackets_of(text: str, first_line: int) -> tuple[list[Bracket], list[tuple[int, str]]]:
    """The top-level brackets of a negotiating text, and what is wrong with it: a nested,
    unopened or unclosed bracket, an empty option, too many options."""
    brackets: list[Bracket] = []
    errors: list[tuple[int, str]] = []
    opened: int | None = None
    for pos, char in enumerate(text):
        line = first_line + text.count("\n", 0, pos)
        if char == "[":
            if opened is not None:
                errors.append((line, "a bracket inside a bracket: an issue has no nested brackets"))
                return brackets, errors
            opened = pos
        elif char == "]":
            if opened is None:
                errors.append((line, "']' closes no bracket"))
                return brackets, errors
            start_line = first_line + text.count("\n", 0, opened)
            bracket, problem = _bracket(text, opened, pos + 1, start_line, len(brackets) + 1)
            if problem:
                errors.append((start_line, problem))
            else:
                brackets.append(bracket)
            opened = None
    if opened is not None:
        errors.append((first_line + text.count("\n", 0, opened), "a '[' is never closed"))
    return brackets, errors


def _bracket(text: str, start: int, end: int, line: int, number: int) -> tuple[Bracket, str]:
    inner_start = start + 1
    parts, cut = [], inner_start
    for match in _ALTERNATIVE_RE.finditer(text, inner_start, end - 1):
        parts.append((cut, match.start()))
        cut = match.end()
    parts.append((cut, end - 1))
    words = []
    for part_start, part_end in parts:
        label = attribution_at(text, part_start, part_end)
        begin = label.end if label else part_start
        words.append(" ".join(text[begin:part_end].split()))
    if any(not w for w in words):
        return Bracket(start, end, line, (), False), f"issue {number} has an empty option"
    if len(words) > MAX_OPTIONS:
        return (
            Bracket(start, end, line, (), False),
            f"issue {number} has {len(words)} options; at most {MAX_OPTIONS}",
        )
    if len(words) == 1:
        return Bracket(start, end, line, (words[0], ""), True), ""
    return Bracket(start, end, line, tuple(words), False), ""


def table_rows(body: str, first_line: int, heading_line: int) -> list[tuple[int, list[str]]]:
    """The body rows of the Markdown table under the ``##`` heading on ``heading_line``, with
    their line in the file (the body starts on ``first_line``); header and separator left out."""
    lines = body.split("\n")
    rows = []
    for index in range(heading_line - first_line + 1, len(lines)):
        if lines[index].startswith("## "):
            break
        if lines[index].strip().startswith("|"):
            cells = [cell.strip() for cell in lines[index].strip().strip("|").split("|")]
            rows.append((first_line + index, cells))
    return rows[2:]


def _option_cells(cells: list[str]) -> list[str]:
    """The filled option cells of a row, which must come first (a, b ... then blanks)."""
    filled = [c for c in cells if c]
    return filled if cells[: len(filled)] == filled else []


def parse_issues(
    body: str, first_line: int, line: int, brackets: list[Bracket]
) -> tuple[list[Issue], list[tuple[int, str]]]:
    """The ``## Issues`` table (its heading on ``line``) against the brackets of the text."""
    issues, errors = [], []
    rows = table_rows(body, first_line, line)
    if len(rows) != len(brackets):
        errors.append(
            (
                line,
                f"'## Issues' lists {len(rows)} issues; the negotiating text has "
                f"{len(brackets)} brackets (one row per bracket, in order)",
            )
        )
    for (row_line, cells), bracket, number in zip(rows, brackets, range(1, 1000), strict=False):
        if len(cells) < 2 or cells[0] != str(number):
            errors.append(
                (row_line, f"row {number} of '## Issues' must start '| {number} | Title |'")
            )
            continue
        labels = _option_cells(cells[2:])
        if len(labels) != len(bracket.options):
            errors.append(
                (
                    row_line,
                    f"issue {number} has {len(bracket.options)} options in the text "
                    f"(line {bracket.line}); its row labels {len(labels)}",
                )
            )
            continue
        options = tuple(
            Option(key, label, words)
            for key, label, words in zip(OPTION_KEYS, labels, bracket.options, strict=False)
        )
        issues.append(Issue(number, cells[1] or f"Issue {number}", options))
    return issues, errors


def parse_scoring(
    body: str, first_line: int, line: int, issues: list[Issue]
) -> tuple[dict[int, dict[str, int]], list[tuple[int, str]]]:
    """A delegation's ``## Scoring`` table (its heading on ``line``): points for every option
    of every issue."""
    scores: dict[int, dict[str, int]] = {}
    errors: list[tuple[int, str]] = []
    table = table_rows(body, first_line, line)
    rows = {cells[0]: (row_line, cells) for row_line, cells in table if cells}
    for issue in issues:
        found = rows.pop(str(issue.number), None)
        if found is None:
            errors.append((line, f"'## Scoring' has no row for issue {issue.number}"))
            continue
        row_line, cells = found
        points = _option_cells(cells[1:])
        if len(points) != len(issue.options) or not all(p.isdigit() for p in points):
            keys = ", ".join(issue.keys)
            errors.append(
                (
                    row_line,
                    f"issue {issue.number} needs points (whole numbers) for each of its "
                    f"{len(issue.options)} options ({keys}), and only those",
                )
            )
            continue
        scores[issue.number] = {key: int(p) for key, p in zip(issue.keys, points, strict=True)}
    for key, (row_line, _cells) in rows.items():
        errors.append((row_line, f"'## Scoring' has a row '{key}' that is no issue of the text"))
    return scores, errors


def parse_scenario_body(
    body: str, first_line: int
) -> tuple[dict[str, tuple[int, str]], list[tuple[int, str]]]:
    """The sections of ``scenario.md``, each required."""
    sections, errors = split_sections(body, first_line, SCENARIO_SECTIONS, "scenario")
    for name in SCENARIO_SECTIONS:
        if name not in sections:
            errors.append((first_line, f"a scenario needs a '## {name.capitalize()}' section"))
    return sections, errors


def parse_text(
    body: str, first_line: int, heading_line: int, section: str
) -> tuple[str, list[Bracket], list[tuple[int, str]]]:
    """The one treaty block of ``## Negotiating text`` (its heading on ``heading_line`` of a
    body that starts on ``first_line``) and the block's brackets."""
    blocks = treaty_blocks(section)
    if len(blocks) != 1:
        return (
            "",
            [],
            [(heading_line, "'## Negotiating text' must hold exactly one ```treaty block")],
        )
    lines = body.split("\n")
    fence = next(
        n
        for n in range(heading_line - first_line, len(lines))
        if lines[n].strip().startswith("```")
    )
    brackets, errors = brackets_of(blocks[0], first_line + fence + 1)
    if not brackets and not errors:
        errors.append((heading_line, "the negotiating text has no bracket: nothing to negotiate"))
    return blocks[0], brackets, errors


def parse_delegation_body(
    body: str, first_line: int, issues: list[Issue]
) -> tuple[dict[str, str], dict[int, dict[str, int]], list[tuple[int, str]]]:
    """A delegation's instructions and scoring table."""
    sections, errors = split_sections(body, first_line, DELEGATION_SECTIONS, "delegation")
    for name in DELEGATION_SECTIONS:
        if name not in sections:
            errors.append((first_line, f"a delegation needs a '## {name.capitalize()}' section"))
    scores: dict[int, dict[str, int]] = {}
    if "scoring" in sections:
        scores, scoring_errors = parse_scoring(body, first_line, sections["scoring"][0], issues)
        errors += scoring_errors
    instructions = {name: sections[name][1] for name in INSTRUCTION_SECTIONS if name in sections}
    return instructions, scores, errors


def agreed_text(spec_text: str, brackets: list[Bracket], package: dict[int, str]) -> str:
    """The negotiating text with each issue of ``package`` closed on its chosen option and the
    others left in brackets, as a consolidated text shows it."""
    out, cut = [], 0
    for number, bracket in enumerate(brackets, start=1):
        out.append(spec_text[cut : bracket.start])
        chosen = package.get(number)
        if chosen is None:
            out.append(spec_text[bracket.start : bracket.end])
        else:
            index = OPTION_KEYS.index(chosen)
            out.append(bracket.options[index] if index < len(bracket.options) else "")
        cut = bracket.end
    out.append(spec_text[cut:])
    # A deleted bracket leaves a double space or a space before punctuation behind.
    return re.sub(r" {2,}", " ", re.sub(r" +([,.;:])", r"\1", "".join(out)))


def issues_to_json(issues: list[Issue]) -> list[dict[str, Any]]:
    return [
        {
            "number": i.number,
            "title": i.title,
            "options": [{"key": o.key, "label": o.label, "text": o.text} for o in i.options],
        }
        for i in issues
    ]


def issues_from_json(data: list[dict[str, Any]]) -> list[Issue]:
    return [
        Issue(
            int(i["number"]),
            str(i["title"]),
            tuple(Option(o["key"], o["label"], o["text"]) for o in i["options"]),
        )
        for i in data
    ]


def brackets_to_json(brackets: list[Bracket]) -> list[dict[str, Any]]:
    return [
        {
            "start": b.start,
            "end": b.end,
            "line": b.line,
            "options": list(b.options),
            "keep_or_delete": b.keep_or_delete,
        }
        for b in brackets
    ]


def brackets_from_json(data: list[dict[str, Any]]) -> list[Bracket]:
    return [
        Bracket(
            int(b["start"]),
            int(b["end"]),
            int(b["line"]),
            tuple(b["options"]),
            bool(b["keep_or_delete"]),
        )
        for b in data
    ]
