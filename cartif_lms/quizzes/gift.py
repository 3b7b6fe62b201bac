"""GIFT (Moodle quiz format) parser and writer, in pure Python.

``parse(text)`` reads a GIFT file the way Moodle's importer does (``qformat_gift::readquestion``
fed by ``qformat_default::readquestions``), and ``write(questions)`` produces GIFT in the shape of
Moodle's exporter (``qformat_gift::writequestion``). For every question that ``parse`` returns,
``parse(write(questions)).questions == questions`` (``Question.line`` is not compared).

Reading, step by step, as Moodle does it:

* The file is split into lines (``\\n``, ``\\r\\n`` or ``\\r``; a UTF-8 BOM is dropped). Each line
  is trimmed, like Moodle's file importer does, and blocks are separated by blank lines.
* Lines whose trimmed text starts with ``//`` are comments. They are searched for ``[id:...]``
  (the first wins) and ``[tag:...]`` (any number, ``\\]`` escapes ``]``).
* Escapes ``\\\\ \\~ \\= \\# \\{ \\} \\: \\n`` are swapped for placeholders first (``\\\\`` is
  protected first, so in ``\\\\=`` the ``=`` is still active) and restored at the end.
* ``$CATEGORY:`` blocks set the category of the questions that follow.
* Then: ``::title::``, the answer block from the first ``{`` to the first ``}`` (``_____`` and
  ``missing_word=True`` when text follows the block), general feedback after the last ``####``,
  ``[html] [moodle] [plain] [markdown]`` format prefixes, and the type, detected in Moodle's order
  (essay, numerical, multiple choice, matching, true/false, short answer).

Where this module differs from Moodle, and why:

* **Numerical answers are validated.** Moodle's check contains ``$ans = '*'`` (an assignment), so
  any non-number silently becomes a catch-all ``*`` answer. Here a value, tolerance or range bound
  that is not a finite number is an error, as are a negative tolerance and a range whose minimum
  is above its maximum. ``*`` is accepted as an explicit catch-all answer (``=%0%*#feedback``).
  After ``~`` only ``#feedback`` may follow, and only one ``~`` is allowed (Moodle ignores the
  text and mangles the feedback).
* **Weights are strict.** Moodle's pattern ``^%-*[0-9]{1,2}\\.?[0-9]*%`` accepts ``%--5%`` and
  ``%150%``, and an answer starting with a malformed weight such as ``%5O%`` silently becomes
  answer text. Here a ``%`` at the start of an answer must be a weight ``%[-]digits[.digits]%``
  between -100 and 100, or it is an error. (After ``=`` in a multiple-choice question Moodle does
  not read a weight at all, and neither does this module.)
* **Weights Moodle would refuse are warnings** (``ParseResult.warnings``, with their line).
  Moodle's importer only takes a weight within 0.001 percentage points of one of its grades
  (``question_bank::fraction_options``: 100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40,
  33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 %, and their negatives in
  multiple choice) and refuses the question otherwise, unless "Match grades" is set to
  "Nearest grade". This module grades such a weight as written, and says so; a negative weight
  on a short-answer or numerical answer scores 0, which is worth a warning too.
* **Mistakes Moodle imports silently are errors:** more than one ``{...}`` block or a stray brace
  (Moodle leaves them in the text), a ``::title`` without its closing ``::`` (Moodle turns it into
  question text), empty answers (Moodle imports then drops them), a multiple-answer question with
  no positive weight, a multi-line ``$CATEGORY`` block (a missing blank line swallows the next
  question), more than two ``#`` feedbacks in a true/false block, and lower-case ``{true}`` /
  ``{false}`` or text after ``T``/``TRUE``/``F``/``FALSE`` (Moodle makes a short-answer question
  the student must type ``true`` into; write ``{=true}`` if that is really meant).
* **Matching** needs at least two pairs with a left side (sub-questions) and a right side on every
  pair; a pair with an empty left side is a distractor. Moodle's importer only counts two items
  (distractors included) while Moodle's editing form asks for two sub-questions *and* three
  answers; we take the sub-question rule and do not require a third answer. Pairs cannot carry
  feedback, so a raw ``#`` in a matching block is an error (Moodle keeps it as answer text).
* **Names.** An empty ``::::`` title gets a generated name, like a missing title (Moodle keeps
  an empty name). Generated names strip HTML tags and are cut to 80 characters (``Question`` if
  the text is empty). Explicit names are only trimmed (Moodle also runs ``PARAM_TEXT``).
* **Categories** have their escapes processed (Moodle leaves its internal placeholders in them).
* ``#### [html]text`` (space before the prefix) sets the general-feedback format; Moodle only
  looks for the prefix right after ``####``.
* An empty text (feedback, general feedback, a distractor's left side) always gets
  ``TextFormat.MOODLE``, where Moodle gives it the question's format: the format of an empty
  text carries no information, and this way ``Question(..., text_format=HTML)`` built in code
  with the default formats reads back equal. The question text keeps its format even when empty,
  because it is the default for the rest of the question.
* Numerical answers keep no text format (``TextFormat.MOODLE``); their ``text`` is the canonical
  spelling of ``value`` (``"*"`` for a catch-all).
* Moodle treats a line holding only ``0`` as blank (PHP ``empty``); we do not. Internally the
  escapes use the Unicode noncharacters U+FDD0-U+FDD6 (Moodle uses ``&&058;`` and the like); an
  input that contains them reads them as the characters they stand for.

The writer mirrors ``writequestion`` (``// [id:..] [tag:..]`` comment line when there is an id or
a tag, ``$CATEGORY:`` when the category changes, ``\\ # = ~ { } :`` escaped, newlines written
``\\n``, ``\\r`` dropped, answers one per line after a tab), with these changes so that every
question written reads back unchanged:

* no ``// question: <id>  name: <name>`` header: we have no ids, and a name holding ``[id:x]``
  would inject an id;
* a ``[format]`` prefix also when a text starts with ``[`` (``[html] is...`` in the default format
  is written ``[moodle][html] is...``), and on an empty question text whose format is not moodle;
* an explicit weight (``~%0%``) when an answer text starts with ``%``;
* a multiple-choice question whose answers are all 100 % is written ``=a ~%100%b`` (Moodle writes
  ``=a =b``, which reads back as a short answer);
* a short answer containing ``->`` uses the bare ``{%100%answer#feedback}`` form (with ``=`` it
  would read back as matching);
* a numerical ``*`` answer that is not the last one, or not worth 0 %, is written ``=%w%*``;
* a missing-word blank at the very end of the text is followed by ``\\n``, so the block does not
  end the text;
* what GIFT cannot express (no 100 % answer in a multiple-choice question, ``->`` on a matching
  left side, a control character in a tag, ...) raises ``GiftWriteError``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

__all__ = [
    "Answer",
    "GiftError",
    "GiftWarning",
    "GiftWriteError",
    "MatchPair",
    "ParseResult",
    "Question",
    "QuestionType",
    "TextFormat",
    "in_category",
    "parse",
    "write",
]


class QuestionType(StrEnum):
    MULTIPLE_CHOICE = "multiple_choice"
    MULTIPLE_ANSWER = "multiple_answer"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    MATCHING = "matching"
    NUMERICAL = "numerical"
    ESSAY = "essay"
    DESCRIPTION = "description"


class TextFormat(StrEnum):
    MOODLE = "moodle"
    HTML = "html"
    PLAIN = "plain"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Answer:
    """One answer. ``fraction`` is the weight as a fraction: ``%50%`` is 0.5, ``%-100%`` is -1.

    Numerical answers carry ``value`` and ``tolerance``; a catch-all (``*``) has ``value=None``.
    """

    text: str
    fraction: float = 0.0
    feedback: str = ""
    text_format: TextFormat = TextFormat.MOODLE
    feedback_format: TextFormat = TextFormat.MOODLE
    value: float | None = None
    tolerance: float = 0.0

    @classmethod
    def numeric(
        cls,
        value: float,
        tolerance: float = 0.0,
        fraction: float = 1.0,
        feedback: str = "",
        feedback_format: TextFormat = TextFormat.MOODLE,
    ) -> Answer:
        """A numerical answer, ``value`` ± ``tolerance``."""
        return cls(
            _number_text(value),
            fraction,
            feedback,
            TextFormat.MOODLE,
            feedback_format,
            value,
            tolerance,
        )

    @classmethod
    def catch_all(
        cls,
        feedback: str = "",
        fraction: float = 0.0,
        feedback_format: TextFormat = TextFormat.MOODLE,
    ) -> Answer:
        """A numerical ``*`` answer that matches any response."""
        return cls("*", fraction, feedback, TextFormat.MOODLE, feedback_format, None, 0.0)


@dataclass(frozen=True)
class MatchPair:
    """A matching sub-question (left side) and its answer (right side, plain text).

    An empty ``question`` makes ``answer`` a distractor.
    """

    question: str
    answer: str
    question_format: TextFormat = TextFormat.MOODLE


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    type: QuestionType
    text_format: TextFormat = TextFormat.MOODLE
    answers: list[Answer] = field(default_factory=list)
    pairs: list[MatchPair] = field(default_factory=list)
    general_feedback: str = ""
    general_feedback_format: TextFormat = TextFormat.MOODLE
    category: str = ""
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    missing_word: bool = False
    # True/false only. feedback_wrong is shown for a wrong response, feedback_right for a right one.
    correct: bool = False
    feedback_wrong: str = ""
    feedback_wrong_format: TextFormat = TextFormat.MOODLE
    feedback_right: str = ""
    feedback_right_format: TextFormat = TextFormat.MOODLE
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class GiftError:
    line: int
    message: str
    filename: str = "<string>"

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: {self.message}"


@dataclass(frozen=True)
class GiftWarning:
    """Something this module reads and grades, but Moodle would refuse or read differently."""

    line: int
    message: str
    filename: str = "<string>"

    def __str__(self) -> str:
        return f"{self.filename}:{self.line}: warning: {self.message}"


@dataclass
class ParseResult:
    questions: list[Question] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)
    #: Warnings never stop a question from loading; ``ok`` looks at errors only.
    warnings: list[GiftWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class GiftWriteError(ValueError):
    """A question holds something GIFT cannot express."""


def in_category(category: str, wanted: str) -> bool:
    """Whether a question in ``category`` belongs to ``wanted``: the same, or one below it."""
    return category == wanted or category.startswith(wanted + "/")


# --------------------------------------------------------------------------- text helpers

_WS = " \t\n\r\0\x0b"  # what PHP's trim() removes
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_PLACEHOLDER = {
    "~": "\ufdd0",
    "=": "\ufdd1",
    "#": "\ufdd2",
    "{": "\ufdd3",
    "}": "\ufdd4",
    ":": "\ufdd5",
    "n": "\ufdd6",
    "\\": "\\",
}
_RESTORE = str.maketrans(
    {
        "\ufdd0": "~",
        "\ufdd1": "=",
        "\ufdd2": "#",
        "\ufdd3": "{",
        "\ufdd4": "}",
        "\ufdd5": ":",
        "\ufdd6": "\n",
    }
)
_WRITE_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
_FORMATS = {f.value: f for f in TextFormat}
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ID = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_TF_TOKENS = ("T", "TRUE", "F", "FALSE")
_TF_GARBAGE = re.compile(r"(TRUE|FALSE|T|F)[\s.,;:!?]")
_CATEGORY = "$CATEGORY:"
_BLANK = "_____"
#: Moodle's grades in per cent (question_bank::fraction_options); multiple choice also allows
#: their negatives (fraction_options_full).
_MOODLE_GRADES = tuple(
    Decimal(percent)
    for percent in (
        "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
        "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0",
    )
)  # fmt: skip
#: Moodle's match_grade_options accepts a fraction within 0.00001 of a grade: 0.001 per cent.
_GRADE_TOLERANCE = Decimal("0.001")


def _protect(text: str) -> str:
    """Moodle's escapedchar_pre: escapes become placeholders (a ``\\\\`` becomes ``\\``)."""
    return _ESCAPE.sub(lambda m: _PLACEHOLDER[m.group(1)], text)


def _restore(text: str) -> str:
    """Moodle's escapedchar_post."""
    return text.translate(_RESTORE)


def _escape(text: str) -> str:
    """Moodle's repchar."""
    return text.translate(_WRITE_ESCAPES)


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(_restore(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number_text(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _percent(fraction: float) -> str:
    if fraction == 0:
        return "0"
    return format((Decimal(repr(float(fraction))) * 100).normalize(), "f")


def _formatted(
    raw: str, default: TextFormat, *, keep_empty_format: bool = False
) -> tuple[str, TextFormat]:
    """Moodle's parse_text_with_format on a protected text: (restored text, format)."""
    raw = raw.strip(_WS)
    fmt = default
    if raw.startswith("["):
        end = raw.find("]")
        if end > 0 and raw[1:end] in _FORMATS:
            fmt = _FORMATS[raw[1:end]]
            raw = raw[end + 1 :]
    text = _restore(raw).strip(_WS)
    if not text and not keep_empty_format:
        fmt = TextFormat.MOODLE
    return text, fmt


def _answer_and_feedback(raw: str, default: TextFormat) -> tuple[str, TextFormat, str, TextFormat]:
    """Moodle's commentparser: the answer, then feedback after the first ``#``."""
    head, _, tail = raw.partition("#")
    text, text_format = _formatted(head, default)
    feedback, feedback_format = _formatted(tail, default)
    return text, text_format, feedback, feedback_format


def _default_name(text: str) -> str:
    plain = " ".join(re.sub(r"<[^>]*>", " ", text).split())
    if len(plain) > 80:
        cut = plain[:77]
        space = cut.rfind(" ")
        plain = (cut[:space] if space > 40 else cut).rstrip() + "..."
    return plain or "Question"


# --------------------------------------------------------------------------- positions


class _Span(NamedTuple):
    """A piece of the protected block text and where it starts in that text."""

    text: str
    pos: int

    def strip(self) -> _Span:
        lead = len(self.text) - len(self.text.lstrip(_WS))
        return _Span(self.text.strip(_WS), self.pos + lead)

    def cut(self, start: int, end: int | None = None) -> _Span:
        return _Span(self.text[start:end], self.pos + start)


def _split(span: _Span, markers: str) -> list[_Span]:
    """Split before every marker character, keeping it. The first piece precedes all markers."""
    cuts = [i for i, char in enumerate(span.text) if char in markers]
    bounds = [0, *cuts, len(span.text)]
    return [span.cut(a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


@dataclass
class _Block:
    start: int
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)


@dataclass
class _Ctx:
    """Where the current question came from, and the errors found in it."""

    text: str
    numbers: list[int]
    filename: str
    errors: list[GiftError] = field(default_factory=list)
    warnings: list[GiftWarning] = field(default_factory=list)

    def line(self, pos: int) -> int:
        return self.numbers[min(self.text.count("\n", 0, max(pos, 0)), len(self.numbers) - 1)]

    def error(self, pos: int, message: str) -> None:
        self.errors.append(GiftError(self.line(pos), message, self.filename))

    def warn(self, pos: int, message: str) -> None:
        self.warnings.append(GiftWarning(self.line(pos), message, self.filename))


@dataclass
class _AnswerBlock:
    span: _Span  # the protected answer text, general feedback removed, trimmed
    brace: int  # position of the ``{``
    text_format: TextFormat  # default format for texts inside the block


@dataclass
class _Parsed:
    answers: list[Answer] = field(default_factory=list)
    pairs: list[MatchPair] = field(default_factory=list)
    correct: bool = False
    wrong: tuple[str, TextFormat] = ("", TextFormat.MOODLE)
    right: tuple[str, TextFormat] = ("", TextFormat.MOODLE)


@dataclass
class _CategorySwitch:
    name: str


# --------------------------------------------------------------------------- reading


def parse(text: str, filename: str = "<string>") -> ParseResult:
    """Parse GIFT text. Never raises on bad input: problems are returned as ``errors``."""
    result = ParseResult()
    category = ""
    for block in _split_blocks(text.removeprefix("\ufeff")):
        comments = "\n".join(line for line in block.lines if line.startswith("//"))
        body = "\n".join(" " if line.startswith("//") else line for line in block.lines)
        ctx = _Ctx(_protect(body), block.numbers, filename)
        item = _parse_block(ctx, block.start, comments, category)
        result.errors.extend(ctx.errors)
        result.warnings.extend(ctx.warnings)
        if isinstance(item, _CategorySwitch):
            category = item.name
        elif item is not None and not ctx.errors:
            result.questions.append(item)
    return result


def _split_blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip(_WS)
        if not line:
            current = None
            continue
        if current is None:
            current = _Block(number)
            blocks.append(current)
        current.lines.append(line)
        current.numbers.append(number)
    return blocks


def _parse_block(
    ctx: _Ctx, start: int, comments: str, category: str
) -> Question | _CategorySwitch | None:
    whole = _Span(ctx.text, 0).strip()
    if not whole.text:
        return None
    if whole.text.startswith(_CATEGORY):
        return _parse_category(ctx, whole)
    title = _split_title(ctx, whole)
    if title is None:
        return None
    name, rest = title
    found = _find_answer_block(ctx, rest)
    if found is None:
        return None
    text, text_format = _formatted(found.question_text, TextFormat.MOODLE, keep_empty_format=True)
    gf_text, gf_format = _formatted(found.general_feedback, text_format)
    block = _AnswerBlock(found.answers, found.brace, text_format)
    parsed = _parse_answers(ctx, found.qtype, block)
    if parsed is None:
        return None
    idnumber, tags = _idnumber_and_tags(comments)
    return Question(
        name=name or _default_name(text),
        text=text,
        type=found.qtype,
        text_format=text_format,
        answers=parsed.answers,
        pairs=parsed.pairs,
        general_feedback=gf_text,
        general_feedback_format=gf_format,
        category=category,
        idnumber=idnumber,
        tags=tags,
        missing_word=found.missing_word,
        correct=parsed.correct,
        feedback_wrong=parsed.wrong[0],
        feedback_wrong_format=parsed.wrong[1],
        feedback_right=parsed.right[0],
        feedback_right_format=parsed.right[1],
        line=start,
    )


def _parse_category(ctx: _Ctx, whole: _Span) -> _CategorySwitch | None:
    value = whole.cut(len(_CATEGORY))
    newline = value.text.find("\n")
    if newline >= 0:
        ctx.error(
            value.pos + newline + 1,
            "$CATEGORY must be alone in its block: add a blank line after it",
        )
        return None
    return _CategorySwitch(_restore(value.text).strip(_WS))


def _split_title(ctx: _Ctx, whole: _Span) -> tuple[str, _Span] | None:
    """``::name::rest`` -> (name, rest); no title -> ("", whole). None after an error."""
    if not whole.text.startswith("::"):
        return "", whole
    end = whole.text.find("::", 2)
    if end < 0:
        ctx.error(whole.pos, "question title is not closed with '::'")
        return None
    return _restore(whole.text[2:end]).strip(_WS), whole.cut(end + 2).strip()


class _Found(NamedTuple):
    qtype: QuestionType
    answers: _Span  # the protected answer text, general feedback removed, trimmed
    brace: int  # position of the ``{``
    question_text: str  # protected, block removed or replaced by _____
    missing_word: bool
    general_feedback: str  # protected


def _find_answer_block(ctx: _Ctx, rest: _Span) -> _Found | None:
    opens = [i for i, char in enumerate(rest.text) if char == "{"]
    closes = [i for i, char in enumerate(rest.text) if char == "}"]
    if not opens and not closes:
        return _Found(QuestionType.DESCRIPTION, _Span("", rest.pos), rest.pos, rest.text, False, "")
    if not closes:
        ctx.error(rest.pos + opens[0], "'{' has no matching '}'")
        return None
    if not opens or closes[0] < opens[0]:
        ctx.error(rest.pos + closes[0], "'}' has no matching '{'")
        return None
    extra = opens[1:] + closes[1:]
    if extra:
        ctx.error(
            rest.pos + min(extra),
            "a question can have only one answer block {...}; escape literal braces as \\{ and \\}",
        )
        return None
    start, end = opens[0], closes[0]
    inner = rest.cut(start + 1, end).strip()
    missing = end != len(rest.text) - 1
    question_text = rest.text[:start] + (_BLANK if missing else "") + rest.text[end + 1 :]
    general_feedback = ""
    separator = inner.text.rfind("####")
    if separator >= 0:
        general_feedback = inner.text[separator + 4 :]
        inner = inner.cut(0, separator).strip()
    qtype = _detect_type(ctx, inner)
    if qtype is None:
        return None
    return _Found(qtype, inner, rest.pos + start, question_text, missing, general_feedback)


def _detect_type(ctx: _Ctx, span: _Span) -> QuestionType | None:
    """Moodle's order: essay, numerical, multiple choice, matching, true/false, short answer."""
    text = span.text
    if not text:
        return QuestionType.ESSAY
    if text.startswith("#"):
        return QuestionType.NUMERICAL
    if "~" in text:
        return QuestionType.MULTIPLE_CHOICE if "=" in text else QuestionType.MULTIPLE_ANSWER
    if "=" in text and "->" in text:
        return QuestionType.MATCHING
    hash_at = text.find("#")
    head = text[:hash_at].strip(_WS) if hash_at > 0 else text
    if head in _TF_TOKENS:
        return QuestionType.TRUE_FALSE
    if head.upper() in _TF_TOKENS:
        ctx.error(
            span.pos,
            f"true/false answer {_snippet(head)!r} must be upper case "
            f"(T, TRUE, F or FALSE); write {{={_snippet(head)}}} for a short answer",
        )
        return None
    garbage = _TF_GARBAGE.match(head)
    if garbage:
        ctx.error(
            span.pos,
            f"unexpected text after {garbage.group(1)} in a true/false answer: {_snippet(head)!r}",
        )
        return None
    return QuestionType.SHORT_ANSWER


def _idnumber_and_tags(comments: str) -> tuple[str, list[str]]:
    found = _ID.search(comments)
    idnumber = found.group(1).strip(_WS).replace("\\]", "]") if found else ""
    tags = [raw.strip(_WS).replace("\\]", "]") for raw in _TAG.findall(comments)]
    return idnumber, [tag for tag in tags if tag]


# --------------------------------------------------------------------------- answer parsers


def _take_weight(ctx: _Ctx, span: _Span, *, negative_grades: bool) -> tuple[float | None, _Span]:
    """Read a leading ``%n%`` weight. Returns (fraction or None after an error, the rest).

    ``negative_grades`` says whether Moodle's list of grades for this type has negatives.
    """
    found = _WEIGHT.match(span.text)
    if found is None:
        closing = span.text.find("%", 1)
        shown = span.text[: closing + 1] if closing > 0 else span.text
        ctx.error(
            span.pos,
            f"bad weight syntax {_snippet(shown, 20)!r}: "
            "expected %<number>% such as %50% or %-33.333%",
        )
        return None, span
    percent = Decimal(found.group(1))
    if not -100 <= percent <= 100:
        ctx.error(span.pos, f"weight {found.group(1)}% is outside -100..100")
        return None, span
    _check_moodle_grade(ctx, span.pos, found.group(1), percent, negative_grades)
    return float(percent / 100), span.cut(found.end())


def _check_moodle_grade(
    ctx: _Ctx, pos: int, text: str, percent: Decimal, negative_grades: bool
) -> None:
    """Warn about a weight that Moodle's importer would refuse (see the module docstring)."""
    if percent < 0 and not negative_grades:
        ctx.warn(
            pos,
            f"weight {text}% is negative: Moodle's short-answer and numerical grades run from "
            "0% to 100%, and here a negative weight scores 0",
        )
        return
    nearest = min(_MOODLE_GRADES, key=lambda grade: abs(grade - abs(percent)))
    if abs(nearest - abs(percent)) < _GRADE_TOLERANCE:
        return
    shown = -nearest if percent < 0 else nearest
    ctx.warn(
        pos,
        f"weight {text}% is not one of Moodle's grades (nearest: {shown}%): Moodle refuses "
        "to import it unless 'Match grades' is 'Nearest grade'; here it counts as written",
    )


def _answer_pieces(span: _Span, markers: str) -> list[_Span]:
    """The trimmed answers of a block; the text before the first marker counts if not empty."""
    pieces = [piece.strip() for piece in _split(span, markers)]
    if pieces and not pieces[0].text:
        pieces.pop(0)
    return pieces


def _parse_choice(ctx: _Ctx, piece: _Span, default: TextFormat) -> Answer | None:
    if piece.text.startswith("="):
        fraction, body = 1.0, piece.cut(1)
    else:
        body = (piece.cut(1) if piece.text.startswith("~") else piece).strip()
        fraction = 0.0
        if body.text.startswith("%"):
            weight, body = _take_weight(ctx, body, negative_grades=True)
            if weight is None:
                return None
            fraction = weight
    text, text_format, feedback, feedback_format = _answer_and_feedback(body.text, default)
    if not text:
        ctx.error(piece.pos, "answer is empty")
        return None
    return Answer(text, fraction, feedback, text_format, feedback_format)


def _parse_multichoice(ctx: _Ctx, block: _AnswerBlock) -> _Parsed | None:
    pieces = _answer_pieces(block.span, "~=")
    answers = [_parse_choice(ctx, piece, block.text_format) for piece in pieces]
    if len(pieces) < 2:
        ctx.error(
            block.brace, f"multiple choice question needs at least 2 answers, found {len(pieces)}"
        )
        return None
    good = [answer for answer in answers if answer is not None]
    if len(good) < len(answers):
        return None
    if not any(answer.fraction > 0 for answer in good):
        ctx.error(block.brace, "multiple answer question has no answer with a positive weight")
        return None
    return _Parsed(answers=good)


def _parse_shortanswer(ctx: _Ctx, block: _AnswerBlock) -> _Parsed | None:
    answers: list[Answer] = []
    for piece in _answer_pieces(block.span, "="):
        body = (piece.cut(1) if piece.text.startswith("=") else piece).strip()
        fraction: float | None = 1.0
        if body.text.startswith("%"):
            fraction, body = _take_weight(ctx, body, negative_grades=False)
        text, text_format, feedback, feedback_format = _answer_and_feedback(
            body.text, block.text_format
        )
        if fraction is None:
            continue
        if not text:
            ctx.error(piece.pos, "answer is empty")
            continue
        answers.append(Answer(text, fraction, feedback, text_format, feedback_format))
    return _Parsed(answers=answers)


def _parse_truefalse(ctx: _Ctx, block: _AnswerBlock) -> _Parsed | None:
    parts = block.span.text.split("#")
    if len(parts) > 3:
        extra = len(parts[0]) + len(parts[1]) + len(parts[2]) + 2
        ctx.error(
            block.span.pos + extra,
            "true/false answer has more than two feedbacks "
            "(wrong#right); escape a literal # as \\#",
        )
        return None
    wrong = _formatted(parts[1] if len(parts) > 1 else "", block.text_format)
    right = _formatted(parts[2] if len(parts) > 2 else "", block.text_format)
    return _Parsed(correct=parts[0].strip(_WS) in ("T", "TRUE"), wrong=wrong, right=right)


def _parse_matching(ctx: _Ctx, block: _AnswerBlock) -> _Parsed | None:
    hash_at = block.span.text.find("#")
    if hash_at >= 0:
        ctx.error(
            block.span.pos + hash_at,
            "matching pairs cannot have feedback; escape a literal # as \\#",
        )
        return None
    pairs: list[MatchPair] = []
    for piece in _answer_pieces(block.span, "="):
        pair = _parse_pair(ctx, piece, block.text_format)
        if pair is not None:
            pairs.append(pair)
    if len(ctx.errors):
        return None
    questions = sum(1 for pair in pairs if pair.question)
    if questions < 2:
        ctx.error(
            block.brace,
            "matching question needs at least 2 pairs with a left side "
            f"(sub-questions), found {questions}",
        )
        return None
    return _Parsed(pairs=pairs)


def _parse_pair(ctx: _Ctx, piece: _Span, default: TextFormat) -> MatchPair | None:
    body = piece.cut(1) if piece.text.startswith("=") else piece
    if not body.text.strip(_WS):
        ctx.error(piece.pos, "matching pair is empty")
        return None
    arrow = body.text.find("->")
    if arrow < 0:
        ctx.error(piece.pos, f"matching pair {_snippet(body.text)!r} has no '->'")
        return None
    question, question_format = _formatted(body.text[:arrow], default)
    answer = _restore(body.text[arrow + 2 :]).strip(_WS)
    if not answer:
        ctx.error(piece.pos, f"matching pair {_snippet(body.text)!r} has nothing after '->'")
        return None
    return MatchPair(question, answer, question_format)


def _parse_numerical(ctx: _Ctx, block: _AnswerBlock) -> _Parsed | None:
    body = block.span.cut(1)
    tilde = body.text.find("~")
    catch = body.cut(tilde) if tilde >= 0 else None
    if catch is not None:
        body = body.cut(0, tilde)
    pieces = _answer_pieces(body, "=")
    if not pieces:
        ctx.error(block.brace, "numerical question has no answers")
        return None
    answers = [_parse_number_answer(ctx, piece, block.text_format) for piece in pieces]
    if catch is not None:
        answers.append(_parse_catch_all(ctx, catch, block.text_format))
    good = [answer for answer in answers if answer is not None]
    return _Parsed(answers=good) if len(good) == len(answers) else None


def _parse_number_answer(ctx: _Ctx, piece: _Span, default: TextFormat) -> Answer | None:
    body = (piece.cut(1) if piece.text.startswith("=") else piece).strip()
    fraction: float | None = 1.0
    if body.text.startswith("%"):
        fraction, body = _take_weight(ctx, body, negative_grades=False)
    if fraction is None:
        return None
    text, _, feedback, feedback_format = _answer_and_feedback(body.text, default)
    number = _number_spec(ctx, piece.pos, text)
    if number is None:
        return None
    value, tolerance = number
    if value is None:
        return Answer.catch_all(feedback, fraction, feedback_format)
    return Answer.numeric(value, tolerance, fraction, feedback, feedback_format)


def _parse_catch_all(ctx: _Ctx, catch: _Span, default: TextFormat) -> Answer | None:
    rest = catch.cut(1)
    if "~" in rest.text:
        ctx.error(
            catch.pos + 1 + rest.text.find("~"),
            "a numerical question can have only one '~' catch-all answer",
        )
        return None
    head, _, tail = rest.text.partition("#")
    if head.strip(_WS):
        ctx.error(
            catch.pos,
            f"after '~' a numerical question takes only '#feedback', not {_snippet(head)!r}",
        )
        return None
    feedback, feedback_format = _formatted(tail, default)
    return Answer.catch_all(feedback, 0.0, feedback_format)


def _number_spec(ctx: _Ctx, pos: int, text: str) -> tuple[float | None, float] | None:
    """``v``, ``v:tolerance`` or ``min..max`` -> (value, tolerance); ``*`` -> (None, 0)."""
    if text == "*":
        return None, 0.0
    if text.find("..") > 0:
        low_text, high_text = text.split("..", 1)
        low = _number(ctx, pos, low_text, "numerical range minimum")
        high = _number(ctx, pos, high_text, "numerical range maximum")
        if low is None or high is None:
            return None
        if low > high:
            ctx.error(pos, f"numerical range {_snippet(text)!r} has its minimum above its maximum")
            return None
        middle = (low + high) / 2
        return _finite(ctx, pos, text, middle), high - middle
    if text.find(":") > 0:
        value_text, tolerance_text = text.split(":", 1)
    else:
        value_text, tolerance_text = text, "0"
    value = _number(ctx, pos, value_text, "numerical answer")
    tolerance = _number(ctx, pos, tolerance_text, "numerical tolerance")
    if value is None or tolerance is None:
        return None
    if tolerance < 0:
        ctx.error(pos, f"numerical tolerance {_snippet(tolerance_text)!r} must not be negative")
        return None
    return value, tolerance


def _number(ctx: _Ctx, pos: int, text: str, what: str) -> float | None:
    text = text.strip(_WS)
    if not _NUMBER.fullmatch(text):
        ctx.error(pos, f"{what} {_snippet(text)!r} is not a number")
        return None
    return _finite(ctx, pos, text, float(text))


def _finite(ctx: _Ctx, pos: int, text: str, value: float) -> float | None:
    if math.isfinite(value):
        return value
    ctx.error(pos, f"number {_snippet(text)!r} is out of range")
    return None


def _parse_nothing(ctx: _Ctx, block: _AnswerBlock) -> _Parsed | None:
    return _Parsed()


def _parse_answers(ctx: _Ctx, qtype: QuestionType, block: _AnswerBlock) -> _Parsed | None:
    parsed = _ANSWER_PARSERS[qtype](ctx, block)
    return None if ctx.errors else parsed


_ANSWER_PARSERS: dict[QuestionType, Callable[[_Ctx, _AnswerBlock], _Parsed | None]] = {
    QuestionType.MULTIPLE_CHOICE: _parse_multichoice,
    QuestionType.MULTIPLE_ANSWER: _parse_multichoice,
    QuestionType.TRUE_FALSE: _parse_truefalse,
    QuestionType.SHORT_ANSWER: _parse_shortanswer,
    QuestionType.MATCHING: _parse_matching,
    QuestionType.NUMERICAL: _parse_numerical,
    QuestionType.ESSAY: _parse_nothing,
    QuestionType.DESCRIPTION: _parse_nothing,
}


# --------------------------------------------------------------------------- writing


def write(questions: Iterable[Question]) -> str:
    """Write questions as GIFT, with ``$CATEGORY:`` blocks whenever the category changes.

    Raises GiftWriteError for content GIFT cannot express.
    """
    chunks: list[str] = []
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            chunks.append(f"{_CATEGORY} {_category_text(category)}".rstrip(_WS) + "\n")
        chunks.append(_write_question(question))
    return "".join(chunk + "\n" for chunk in chunks)


def _category_text(category: str) -> str:
    if any(char in category for char in "\\\n\r"):
        return _escape(category)
    return category


def _fail(question: Question, message: str) -> GiftWriteError:
    return GiftWriteError(f"question {question.name!r}: {message}")


def _write_question(question: Question) -> str:
    block = _WRITERS[question.type](question)
    prefix = ""
    if question.text_format != TextFormat.MOODLE or question.text.startswith("["):
        prefix = f"[{question.text_format}]"
    text = _escape(question.text)
    if block is None:
        if question.missing_word:
            raise _fail(question, "a description cannot be a missing-word question")
        body = text
    elif question.missing_word:
        blank = text.find(_BLANK)
        if blank < 0:
            raise _fail(question, f"missing-word question text must contain {_BLANK}")
        body = text[:blank] + block + (text[blank + len(_BLANK) :] or "\\n")
    else:
        body = text + block
    return _write_meta(question) + f"::{_escape(question.name)}::" + prefix + body + "\n"


def _write_meta(question: Question) -> str:
    bits = []
    if question.idnumber:
        bits.append(f"[id:{_meta_value(question, question.idnumber, '')}]")
    bits += [f"[tag:{_meta_value(question, tag, '<>`')}]" for tag in question.tags]
    return "// " + " ".join(bits) + "\n" if bits else ""


def _meta_value(question: Question, value: str, forbidden: str) -> str:
    if any(ord(char) < 32 or ord(char) == 127 or char in forbidden for char in value):
        raise _fail(question, f"id or tag {value!r} holds a character GIFT comments cannot carry")
    if not value or value != value.strip(_WS):
        raise _fail(question, f"id or tag {value!r} is empty or has surrounding spaces")
    return value.replace("]", "\\]")


def _sub_text(text: str, text_format: TextFormat, default: TextFormat) -> str:
    """An answer, feedback or sub-question: Moodle's write_questiontext, made unambiguous."""
    if not text:
        return ""
    if text_format != default or text.startswith("["):
        return f"[{text_format}]" + _escape(text)
    return _escape(text)


def _general_feedback(question: Question) -> str:
    text = _sub_text(
        question.general_feedback, question.general_feedback_format, question.text_format
    )
    return "####" + text if text else ""


def _answer_lines(lines: list[str], question: Question, opener: str = "{") -> str:
    """One answer a line, then the general feedback, as Moodle writes them."""
    feedback = _general_feedback(question)
    if feedback:
        lines.append("\t" + feedback + "\n")
    return opener + "\n" + "".join(lines) + "}"


def _check_fraction(question: Question, fraction: float) -> None:
    if not (math.isfinite(fraction) and -1 <= fraction <= 1):
        raise _fail(question, f"fraction {fraction!r} is outside -1..1")


def _write_multichoice(question: Question) -> str:
    single = question.type == QuestionType.MULTIPLE_CHOICE
    answers = question.answers
    if len(answers) < 2:
        raise _fail(question, "a multiple choice question needs at least 2 answers")
    if single and not any(answer.fraction == 1 for answer in answers):
        raise _fail(question, "a multiple choice question needs an answer with fraction 1")
    if not any(answer.fraction > 0 for answer in answers):
        raise _fail(question, "a multiple answer question needs a positive fraction")
    all_right = all(answer.fraction == 1 for answer in answers)
    lines = []
    for index, answer in enumerate(answers):
        _check_fraction(question, answer.fraction)
        if not answer.text:
            raise _fail(question, "answers must not be empty")
        text = _sub_text(answer.text, answer.text_format, question.text_format)
        if single and answer.fraction == 1 and not (all_right and index > 0):
            mark = "="
        elif answer.fraction == 0 and not text.startswith("%"):
            mark = "~"
        else:
            mark = f"~%{_percent(answer.fraction)}%"
        feedback = _sub_text(answer.feedback, answer.feedback_format, question.text_format)
        lines.append(f"\t{mark}{text}" + (f"#{feedback}" if feedback else "") + "\n")
    return _answer_lines(lines, question)


def _write_shortanswer(question: Question) -> str:
    if not question.answers:
        raise _fail(question, "a short answer question needs an answer")
    parts = []
    for answer in question.answers:
        _check_fraction(question, answer.fraction)
        if not answer.text:
            raise _fail(question, "answers must not be empty")
        text = _sub_text(answer.text, answer.text_format, question.text_format)
        feedback = _sub_text(answer.feedback, answer.feedback_format, question.text_format)
        parts.append(f"%{_percent(answer.fraction)}%{text}#{feedback}")
    if any("->" in answer.text + answer.feedback for answer in question.answers):
        if len(parts) > 1:
            raise _fail(question, "'->' is only possible in a short answer with one answer")
        return "{" + parts[0] + _general_feedback(question) + "}"
    return _answer_lines([f"\t={part}\n" for part in parts], question)


def _write_numerical(question: Question) -> str:
    answers = question.answers
    if not answers:
        raise _fail(question, "a numerical question needs an answer")
    lines = []
    for index, answer in enumerate(answers):
        _check_fraction(question, answer.fraction)
        feedback = _sub_text(answer.feedback, answer.feedback_format, question.text_format)
        if answer.value is None:
            if index == len(answers) - 1 and index > 0 and answer.fraction == 0:
                lines.append(f"\t~#{feedback}\n")
                continue
            number = "*"
        else:
            if not (
                math.isfinite(answer.value)
                and math.isfinite(answer.tolerance)
                and answer.tolerance >= 0
            ):
                raise _fail(question, "numerical values must be finite, tolerances not negative")
            number = f"{_number_text(answer.value)}:{_number_text(answer.tolerance)}"
        lines.append(f"\t=%{_percent(answer.fraction)}%{number}#{feedback}\n")
    return _answer_lines(lines, question, opener="{#")


def _write_matching(question: Question) -> str:
    if sum(1 for pair in question.pairs if pair.question) < 2:
        raise _fail(question, "a matching question needs at least 2 pairs with a left side")
    lines = []
    for pair in question.pairs:
        if "->" in pair.question or not pair.answer:
            raise _fail(
                question, "a matching left side cannot hold '->', a right side cannot be empty"
            )
        left = _sub_text(pair.question, pair.question_format, question.text_format)
        lines.append(f"\t={left} -> {_escape(pair.answer)}\n")
    return _answer_lines(lines, question)


def _write_truefalse(question: Question) -> str:
    wrong = _sub_text(question.feedback_wrong, question.feedback_wrong_format, question.text_format)
    right = _sub_text(question.feedback_right, question.feedback_right_format, question.text_format)
    out = "{" + ("TRUE" if question.correct else "FALSE")
    if wrong:
        out += "#" + wrong
    elif right:
        out += "#"
    if right:
        out += "#" + right
    return out + _general_feedback(question) + "}"


def _write_essay(question: Question) -> str:
    return "{" + _general_feedback(question) + "}"


def _write_description(question: Question) -> None:
    if question.general_feedback or question.answers or question.pairs:
        raise _fail(question, "a description has no answers and no general feedback")
    return None


_WRITERS: dict[QuestionType, Callable[[Question], str | None]] = {
    QuestionType.MULTIPLE_CHOICE: _write_multichoice,
    QuestionType.MULTIPLE_ANSWER: _write_multichoice,
    QuestionType.TRUE_FALSE: _write_truefalse,
    QuestionType.SHORT_ANSWER: _write_shortanswer,
    QuestionType.MATCHING: _write_matching,
    QuestionType.NUMERICAL: _write_numerical,
    QuestionType.ESSAY: _write_essay,
    QuestionType.DESCRIPTION: _write_description,
}
