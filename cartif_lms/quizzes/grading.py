"""Presenting and grading quiz questions parsed from GIFT (see ``gift.py``).

Three steps, all pure functions:

* ``present(question, rng)`` gives a ``Presented`` (what the learner's page may show: the question
  text and the choices as safe HTML, with ids that say nothing about the answer) and a ``Layout``
  (what the server stores with the attempt to map those ids back to the question's answers).
* ``grade(question, layout, response)`` turns what came back from the form into a ``Result``.
* ``score(marks)`` adds up an attempt's marks (a ``Mark`` per question: ``Result.mark``, or an
  essay's once a trainer grades it, ``Mark.graded``) into an ``AttemptScore``: points earned
  and possible, per cent, whether a trainer still has to grade, passed. It is the one way an
  attempt is scored, at submission and after essay grading; the attempt keeps the marks
  (``Mark.to_json``).

Each question type has one small grader class in ``GRADERS`` (CTFd-style): adding a type means
adding one class. ``present()`` and ``grade()`` dispatch through the registry.

Rules worth knowing:

* Ids are positions in the presented order: choices ``c0, c1, ...``, matching prompts
  ``p0, p1, ...`` and options ``o0, o1, ...``. True/false choices are ``true`` and ``false``.
* A missing answer (``None``, ``""``, ``[]``, ``{}``, blank text) is unanswered and scores 0. A
  response that no honest form can send (an unknown id, a list for a single choice, the same
  choice twice, ...) raises ``InvalidResponse``, which the web layer turns into a 400.
* A layout that does not belong to the question (another key, or answers that no longer fit it)
  raises ``LayoutMismatch``: that is a server-side problem, not the learner's.
* Fractions are clamped into 0..1 and rounded to 7 decimals (Moodle's precision); like Moodle,
  a fraction within 0.000001 of 1 counts as 1 (three answers worth 33.33333 % add up to 1.0).
  One exception, as in Moodle's ``qtype_multichoice_single_question``: a single-choice answer
  with a negative weight keeps it (down to -1), so guessing can cost points. The attempt's
  total never goes below 0 (``attempt_total``).
* An attempt's score is the per cent of its points possible, rounded to 2 decimals; it passes
  at the pass mark or above, and is neither passed nor failed while an essay waits.
* Short-answer and numerical questions take the *first* answer, in file order, that matches
  the response, as Moodle's ``get_matching_answer`` does: in ``{=%0%* =Paris}`` the catch-all
  ``*`` comes first, so "Paris" scores 0. A numerical ``*`` answer matches where it stands.
* A numerical response may use a decimal comma (``3,14``), as Russian speakers write it, and
  spaces between digit groups (``1 000,5``). A comma is read as a decimal comma only when it is
  the only separator: ``1,000`` is 1.0, and ``1,000.5`` or ``1,000,000`` are not numbers (the
  learner is told how to write one), so no thousands separator is ever guessed.
* Texts are rendered by format: markdown with ``render_markdown``, html with ``sanitise``, plain
  and moodle are HTML-escaped with newlines as ``<br>``. Rendering is cached per (text, format),
  so grading does not render the same feedback twice in a process.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Protocol, TypeAlias

from markupsafe import Markup, escape

from ..content.rendering import render_markdown, sanitise
from .gift import Answer, Question, QuestionType, TextFormat

__all__ = [
    "GRADERS",
    "AttemptScore",
    "Choice",
    "InvalidResponse",
    "Layout",
    "LayoutMismatch",
    "Mark",
    "NOT_A_NUMBER",
    "Presented",
    "QuestionGrader",
    "Response",
    "Result",
    "attempt_total",
    "grade",
    "points",
    "present",
    "question_key",
    "score",
]

#: What the form sent for one question: a choice id, a list of choice ids, a text, or
#: ``{prompt_id: option_id}`` for matching. ``None`` means nothing was sent.
Response: TypeAlias = str | list[str] | dict[str, str] | None

_BLANK = "_____"  # how gift.parse marks the gap of a missing-word question
_GAP = Markup('<span class="quiz-gap" role="img" aria-label="blank">________</span>')
_PRECISION = 7
# Moodle's question_state::graded_state_for_fraction counts a fraction above 0.999999 as right
# (three choices worth 33.33333 % add up to 0.9999999) and one below 0.000001 as wrong.
_SNAP = 1e-6


class InvalidResponse(ValueError):
    """The response names an id the layout does not have, or has a shape no form can send."""


class LayoutMismatch(ValueError):
    """The layout was not made for this question (or the question changed since)."""


# --------------------------------------------------------------------------- identity


def question_key(q: Question) -> str:
    """A stable identity for statistics: the ``[id:...]`` if set, else a hash of the question.

    The hash is ``"h:"`` + the first 16 hex digits of SHA-256 over the JSON list
    ``[category, name, text, type]``, so editing the text of a question without an id makes it
    a new question for the statistics.
    """
    if q.idnumber:
        return q.idnumber
    payload = json.dumps([q.category, q.name, q.text, str(q.type)], ensure_ascii=False)
    return "h:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Choice:
    """Something the learner can pick: an id (a position, never the answer) and its label."""

    id: str
    html: Markup


@dataclass(frozen=True)
class Presented:
    """A question as the learner sees it. It holds nothing that gives an answer away."""

    key: str
    type: QuestionType
    html: Markup
    choices: tuple[Choice, ...] = ()
    prompts: tuple[Choice, ...] = ()
    options: tuple[Choice, ...] = ()
    input: str = "none"  #: choice | choices | text | number | essay | match | none


@dataclass(frozen=True)
class Layout:
    """How a question was presented, stored with the attempt (``to_json`` for a JSON column).

    ``choice_order[i]`` is the index in ``Question.answers`` of choice ``c{i}``;
    ``prompt_order[i]`` is the index in ``Question.pairs`` of prompt ``p{i}``;
    ``option_texts[i]`` is the right-hand text of option ``o{i}``.
    """

    key: str
    choice_order: tuple[int, ...] = ()
    prompt_order: tuple[int, ...] = ()
    option_texts: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "choice_order": list(self.choice_order),
            "prompt_order": list(self.prompt_order),
            "option_texts": list(self.option_texts),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Layout:
        """Read what ``to_json`` wrote; anything else raises ``ValueError``."""
        if not isinstance(data, Mapping) or not isinstance(data.get("key"), str):
            raise ValueError("a layout must be an object with a string 'key'")
        return cls(
            key=data["key"],
            choice_order=_json_ints(data, "choice_order"),
            prompt_order=_json_ints(data, "prompt_order"),
            option_texts=_json_strs(data, "option_texts"),
        )


def _json_list(data: Mapping[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise ValueError(f"layout {name!r} must be a list")
    return value


def _json_ints(data: Mapping[str, Any], name: str) -> tuple[int, ...]:
    values = _json_list(data, name)
    if not all(type(value) is int and value >= 0 for value in values):
        raise ValueError(f"layout {name!r} must hold non-negative integers")
    return tuple(values)


def _json_strs(data: Mapping[str, Any], name: str) -> tuple[str, ...]:
    values = _json_list(data, name)
    if not all(isinstance(value, str) for value in values):
        raise ValueError(f"layout {name!r} must hold strings")
    return tuple(values)


@dataclass(frozen=True)
class Mark:
    """One question's mark in an attempt: what ``score`` adds up and the attempt keeps
    (``to_json``, one entry of ``QuizAttempt.results``).

    ``fraction`` is what ``grade`` gave, or a trainer's grade for an essay; an essay that waits
    for a trainer has ``needs_grading``, fraction 0, and earns nothing yet.
    """

    key: str
    fraction: float
    max_points: float = 1.0
    needs_grading: bool = False
    comment: str = ""  #: a trainer's comment on an essay

    @property
    def points(self) -> float:
        """Points earned so far (0 while the question waits for a trainer)."""
        return 0.0 if self.needs_grading else self.fraction * self.max_points

    def graded(self, fraction: float, comment: str) -> Mark:
        """This mark with a trainer's grade and comment: it waits no longer."""
        return replace(self, fraction=fraction, needs_grading=False, comment=comment)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "fraction": self.fraction,
            "max_points": self.max_points,
            "needs_grading": self.needs_grading,
            "comment": self.comment,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Mark:
        """Read what ``to_json`` wrote."""
        return cls(
            key=data["key"],
            fraction=data["fraction"],
            max_points=data["max_points"],
            needs_grading=data["needs_grading"],
            comment=data.get("comment", ""),
        )


@dataclass(frozen=True)
class Result:
    """The grade of one question. Show ``feedback`` and ``right_answer`` after submission only.

    ``fraction`` is 0..1, or down to -1 for a single-choice answer with a negative weight; an
    essay that waits for a trainer has ``needs_grading`` and fraction 0.
    """

    key: str
    fraction: float
    max_points: float = 1.0
    needs_grading: bool = False
    feedback: tuple[Markup, ...] = ()
    right_answer: Markup = Markup("")
    response_text: str = ""

    @property
    def mark(self) -> Mark:
        """What the attempt keeps of this grade, and ``score`` counts."""
        return Mark(self.key, self.fraction, self.max_points, self.needs_grading)

    @property
    def points(self) -> float:
        """Points earned so far (0 while the question waits for a trainer)."""
        return self.mark.points


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=4096)
def _html(text: str, text_format: TextFormat) -> Markup:
    """A question, answer or feedback text as safe HTML, by its format (cached)."""
    if not text:
        return Markup("")
    if text_format == TextFormat.MARKDOWN:
        return Markup(render_markdown(text))
    if text_format == TextFormat.HTML:
        return Markup(sanitise(text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    return Markup(str(escape(lines)).replace("\n", "<br>\n"))


_ONE_PARAGRAPH = re.compile(r"<p>(.*)</p>", re.DOTALL)


@lru_cache(maxsize=4096)
def _inline(text: str, text_format: TextFormat) -> Markup:
    """Like ``_html``, without the ``<p>`` Markdown puts around a one-paragraph label."""
    html = _html(text, text_format)
    found = _ONE_PARAGRAPH.fullmatch(html.strip())
    if found and "<p>" not in found.group(1) and "</p>" not in found.group(1):
        return Markup(found.group(1))
    return html


@lru_cache(maxsize=2048)
def _question_html(text: str, text_format: TextFormat, missing_word: bool) -> Markup:
    """The question text; the blank of a missing-word question becomes a visible gap."""
    if not missing_word or _BLANK not in text:
        return _html(text, text_format)
    token = "CARTIFGAP"
    while token in text:
        token += "X"
    html = _html(text.replace(_BLANK, token, 1), text_format)
    return Markup(html.replace(token, _GAP, 1)) if token in html else html


def _text_html(q: Question) -> Markup:
    return _question_html(q.text, q.text_format, q.missing_word)


def _general(q: Question) -> tuple[Markup, ...]:
    return (_html(q.general_feedback, q.general_feedback_format),) if q.general_feedback else ()


def _feedback(q: Question, *answers: Answer) -> tuple[Markup, ...]:
    own = tuple(_html(a.feedback, a.feedback_format) for a in answers if a.feedback)
    return own + _general(q)


def _summary(items: Sequence[Markup]) -> Markup:
    """One item as it is, several as a list."""
    if len(items) == 1:
        return items[0]
    return Markup('<ul class="quiz-right-answers">{}</ul>').format(
        Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
    )


# --------------------------------------------------------------------------- helpers


def _clamp(fraction: float, lowest: float = 0.0) -> float:
    """Into lowest..1, rounded; within 1e-6 of 0, 1 or ``lowest`` counts as that, as in Moodle.

    ``lowest`` is 0 for every type but single choice, whose negative weights are kept (-1).
    """
    if math.isnan(fraction) or abs(fraction) < _SNAP:
        return 0.0
    if fraction > 1.0 - _SNAP:
        return 1.0
    if fraction < lowest + _SNAP:
        return lowest
    return round(fraction, _PRECISION)


def _order(count: int, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
    order = list(range(count))
    if shuffle:
        rng.shuffle(order)
    return tuple(order)


def _blank(response: Response) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    return isinstance(response, list | tuple | Mapping) and not response


def _text(response: Response) -> str:
    """A free-text response, trimmed; ``""`` when unanswered."""
    if response is None:
        return ""
    if not isinstance(response, str):
        raise InvalidResponse("this question takes a text answer")
    return response.strip()


def _single(response: Response, ids: Mapping[str, int]) -> int | None:
    """The index behind one chosen id, or None when nothing was chosen."""
    if response is None or response == "":
        return None
    if not isinstance(response, str):
        raise InvalidResponse("this question takes one choice")
    if response not in ids:
        raise InvalidResponse(f"unknown choice {response[:40]!r}")
    return ids[response]


def _choice_ids(layout: Layout) -> dict[str, int]:
    return {f"c{position}": index for position, index in enumerate(layout.choice_order)}


def _number_text(value: float) -> str:
    return format(value, ".10g")


# --------------------------------------------------------------------------- graders


class QuestionGrader(Protocol):
    """What a question type provides: how to present it and how to grade a response."""

    def present(
        self, q: Question, rng: random.Random, shuffle: bool = True
    ) -> tuple[Presented, Layout]: ...

    def grade(self, q: Question, layout: Layout, response: Response) -> Result: ...


class _PlainGrader:
    """Base for types without choices: the layout is just the key."""

    input = "none"

    def present(
        self, q: Question, rng: random.Random, shuffle: bool = True
    ) -> tuple[Presented, Layout]:
        key = question_key(q)
        return Presented(key, q.type, _text_html(q), input=self.input), Layout(key)


class _ChoiceGrader:
    """Base for multiple choice and multiple answer: answers shuffled into ``c0, c1, ...``."""

    input = "choice"

    def present(
        self, q: Question, rng: random.Random, shuffle: bool = True
    ) -> tuple[Presented, Layout]:
        key = question_key(q)
        order = _order(len(q.answers), rng, shuffle)
        choices = tuple(
            Choice(f"c{position}", _inline(q.answers[index].text, q.answers[index].text_format))
            for position, index in enumerate(order)
        )
        presented = Presented(key, q.type, _text_html(q), choices=choices, input=self.input)
        return presented, Layout(key, choice_order=order)

    @staticmethod
    def _check(q: Question, layout: Layout) -> None:
        if sorted(layout.choice_order) != list(range(len(q.answers))):
            raise LayoutMismatch(f"layout of {layout.key!r} does not fit the question's answers")

    @staticmethod
    def _labels(answers: Iterable[Answer]) -> Markup:
        return _summary([_inline(answer.text, answer.text_format) for answer in answers])


class MultipleChoiceGrader(_ChoiceGrader):
    """One choice; it scores its own fraction, a negative one included (Moodle keeps it too)."""

    input = "choice"

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        self._check(q, layout)
        index = _single(response, _choice_ids(layout))
        best = max(answer.fraction for answer in q.answers)
        right = self._labels(answer for answer in q.answers if answer.fraction == best)
        if index is None:
            return Result(layout.key, 0.0, feedback=_general(q), right_answer=right)
        answer = q.answers[index]
        return Result(
            layout.key,
            _clamp(answer.fraction, lowest=-1.0),
            feedback=_feedback(q, answer),
            right_answer=right,
            response_text=answer.text,
        )


class MultipleAnswerGrader(_ChoiceGrader):
    """Any number of choices; their fractions add up, clamped to 0..1 (wrong ones may be < 0)."""

    input = "choices"

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        self._check(q, layout)
        positions = self._positions(response, len(layout.choice_order))
        chosen = [q.answers[layout.choice_order[position]] for position in positions]
        right = self._labels(answer for answer in q.answers if answer.fraction > 0)
        return Result(
            layout.key,
            _clamp(sum(answer.fraction for answer in chosen)),
            feedback=_feedback(q, *chosen),
            right_answer=right,
            response_text="\n".join(answer.text for answer in chosen),
        )

    @staticmethod
    def _positions(response: Response, count: int) -> list[int]:
        """The chosen positions in presented order; each id at most once."""
        if response is None or response == "":
            return []
        if not isinstance(response, list | tuple):
            raise InvalidResponse("this question takes a list of choices")
        ids = {f"c{position}": position for position in range(count)}
        positions: set[int] = set()
        for item in response:
            if not isinstance(item, str) or item not in ids:
                raise InvalidResponse(f"unknown choice {str(item)[:40]!r}")
            if ids[item] in positions:
                raise InvalidResponse(f"choice {item!r} sent twice")
            positions.add(ids[item])
        return sorted(positions)


class TrueFalseGrader:
    """Choices ``true`` and ``false``. Feedback: ``feedback_wrong`` for a wrong answer,
    ``feedback_right`` for a right one (Moodle's ``{T#wrong#right}`` order)."""

    input = "choice"
    _VALUES = {"true": True, "false": False}

    def present(
        self, q: Question, rng: random.Random, shuffle: bool = True
    ) -> tuple[Presented, Layout]:
        key = question_key(q)
        choices = (Choice("true", Markup("True")), Choice("false", Markup("False")))
        presented = Presented(key, q.type, _text_html(q), choices=choices, input=self.input)
        return presented, Layout(key)

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        right = Markup("True" if q.correct else "False")
        if response is None or response == "":
            return Result(layout.key, 0.0, feedback=_general(q), right_answer=right)
        if not isinstance(response, str) or response not in self._VALUES:
            raise InvalidResponse("a true/false question takes 'true' or 'false'")
        value = self._VALUES[response]
        if value == q.correct:
            text, text_format = q.feedback_right, q.feedback_right_format
        else:
            text, text_format = q.feedback_wrong, q.feedback_wrong_format
        own = (_html(text, text_format),) if text else ()
        return Result(
            layout.key,
            1.0 if value == q.correct else 0.0,
            feedback=own + _general(q),
            right_answer=right,
            response_text="True" if value else "False",
        )


def _normalise(text: str) -> str:
    """Moodle's default short-answer comparison: trimmed, spaces collapsed, case ignored."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@lru_cache(maxsize=4096)
def _pattern(answer_text: str) -> tuple[str, ...]:
    """The normalised answer split at its ``*`` wildcards (``\\*`` is a literal star)."""
    segments: list[str] = []
    current: list[str] = []
    text = _normalise(answer_text)
    i = 0
    while i < len(text):
        if text.startswith("\\*", i):
            current.append("*")
            i += 2
            continue
        if text[i] == "*":
            segments.append("".join(current))
            current = []
        else:
            current.append(text[i])
        i += 1
    segments.append("".join(current))
    return tuple(segments)


def _matches(segments: tuple[str, ...], text: str) -> bool:
    """Glob matching with ``*`` only, in linear time (no regular expression backtracking)."""
    if len(segments) == 1:
        return text == segments[0]
    first, *middle, last = segments
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    position = len(first)
    for segment in middle:
        found = text.find(segment, position, end)
        if found < 0:
            return False
        position = found + len(segment)
    return True


class ShortAnswerGrader(_PlainGrader):
    """The first answer in file order that the typed text matches (``*`` is a wildcard)."""

    input = "text"

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        typed = _text(response)
        best = max((answer.fraction for answer in q.answers), default=1.0)
        right = _summary(
            [_inline(a.text, a.text_format) for a in q.answers if a.fraction == best]
            or [Markup("")]
        )
        if not typed:
            return Result(layout.key, 0.0, feedback=_general(q), right_answer=right)
        normalised = _normalise(typed)
        answer = next((a for a in q.answers if _matches(_pattern(a.text), normalised)), None)
        if answer is None:
            return Result(
                layout.key, 0.0, feedback=_general(q), right_answer=right, response_text=typed
            )
        return Result(
            layout.key,
            _clamp(answer.fraction),
            feedback=_feedback(q, answer),
            right_answer=right,
            response_text=typed,
        )


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
#: The feedback for a numerical response that is not a number (the web layer may translate it).
NOT_A_NUMBER = Markup(
    '<p class="quiz-not-a-number">That is not a number. Write digits only, with a dot or a '
    "comma for decimals (for example 1.5 or 1,5) and spaces, if any, between groups of "
    "digits (1 000 000).</p>"
)


def _parse_number(text: str) -> float | None:
    """Digits with a decimal dot or comma (``1.5``, ``1,5``); spaces are ignored.

    A comma counts as the decimal separator only when it is the only separator in the number,
    because ``1,000.5`` (English) and ``1.000,5`` (German) cannot both be read right; such
    mixtures, and several commas, are not numbers.
    """
    compact = "".join(text.split())
    if "," in compact and "." not in compact and compact.count(",") == 1:
        compact = compact.replace(",", ".")
    if not _NUMBER.fullmatch(compact):
        return None
    value = float(compact)
    return value if math.isfinite(value) else None


def _within(value: float, target: float, tolerance: float) -> bool:
    """``|value - target| <= tolerance``, with a rounding allowance like Moodle's."""
    return abs(value - target) <= tolerance + 1e-12 * max(1.0, abs(target))


class NumericalGrader(_PlainGrader):
    """The first answer in file order within tolerance; a ``*`` answer matches any number."""

    input = "number"

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        typed = _text(response)
        right = self._right(q)
        if not typed:
            return Result(layout.key, 0.0, feedback=_general(q), right_answer=right)
        value = _parse_number(typed)
        if value is None:
            return Result(
                layout.key,
                0.0,
                feedback=(NOT_A_NUMBER, *_general(q)),
                right_answer=right,
                response_text=typed,
            )
        answer = self._match(q, value)
        if answer is None:
            return Result(
                layout.key, 0.0, feedback=_general(q), right_answer=right, response_text=typed
            )
        return Result(
            layout.key,
            _clamp(answer.fraction),
            feedback=_feedback(q, answer),
            right_answer=right,
            response_text=typed,
        )

    @staticmethod
    def _match(q: Question, value: float) -> Answer | None:
        return next(
            (a for a in q.answers if a.value is None or _within(value, a.value, a.tolerance)),
            None,
        )

    @staticmethod
    def _right(q: Question) -> Markup:
        best = max((answer.fraction for answer in q.answers), default=1.0)
        items = []
        for answer in q.answers:
            if answer.fraction != best:
                continue
            if answer.value is None:
                items.append(Markup("any number"))
            elif answer.tolerance:
                value, tolerance = _number_text(answer.value), _number_text(answer.tolerance)
                items.append(Markup("{} ± {}").format(value, tolerance))
            else:
                items.append(Markup("{}").format(_number_text(answer.value)))
        return _summary(items or [Markup("")])


class MatchingGrader:
    """Prompts ``p0...`` (the left sides) and options ``o0...`` (distinct right sides, with the
    distractors); the fraction is the share of prompts given their right option."""

    input = "match"

    def present(
        self, q: Question, rng: random.Random, shuffle: bool = True
    ) -> tuple[Presented, Layout]:
        key = question_key(q)
        prompts = [index for index, pair in enumerate(q.pairs) if pair.question]
        if shuffle:
            rng.shuffle(prompts)
        options = list(dict.fromkeys(pair.answer for pair in q.pairs))
        if shuffle:
            rng.shuffle(options)
        presented = Presented(
            key,
            q.type,
            _text_html(q),
            prompts=tuple(
                Choice(f"p{position}", _inline(q.pairs[i].question, q.pairs[i].question_format))
                for position, i in enumerate(prompts)
            ),
            options=tuple(
                Choice(f"o{position}", Markup(escape(text)))
                for position, text in enumerate(options)
            ),
            input=self.input,
        )
        return presented, Layout(key, prompt_order=tuple(prompts), option_texts=tuple(options))

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        self._check(q, layout)
        chosen = self._chosen(response, layout)
        right_count = sum(
            1
            for position, option in chosen.items()
            if layout.option_texts[option] == q.pairs[layout.prompt_order[position]].answer
        )
        lines = [
            f"{q.pairs[layout.prompt_order[position]].question} -> {layout.option_texts[option]}"
            for position, option in sorted(chosen.items())
        ]
        return Result(
            layout.key,
            _clamp(right_count / len(layout.prompt_order)),
            feedback=_general(q),
            right_answer=self._right(q),
            response_text="\n".join(lines),
        )

    @staticmethod
    def _check(q: Question, layout: Layout) -> None:
        prompts = [index for index, pair in enumerate(q.pairs) if pair.question]
        texts = {pair.answer for pair in q.pairs}
        if (
            not prompts
            or sorted(layout.prompt_order) != prompts
            or len(set(layout.option_texts)) != len(layout.option_texts)
            or set(layout.option_texts) != texts
        ):
            raise LayoutMismatch(f"layout of {layout.key!r} does not fit the question's pairs")

    @staticmethod
    def _chosen(response: Response, layout: Layout) -> dict[int, int]:
        """{prompt position: option position} for the prompts that were answered."""
        if response is None or response == "":
            return {}
        if not isinstance(response, Mapping):
            raise InvalidResponse("a matching question takes {prompt id: option id}")
        prompts = {f"p{position}": position for position in range(len(layout.prompt_order))}
        options = {f"o{position}": position for position in range(len(layout.option_texts))}
        chosen: dict[int, int] = {}
        for prompt_id, option_id in response.items():
            if not isinstance(prompt_id, str) or prompt_id not in prompts:
                raise InvalidResponse(f"unknown prompt {str(prompt_id)[:40]!r}")
            if option_id is None or option_id == "":
                continue
            if not isinstance(option_id, str) or option_id not in options:
                raise InvalidResponse(f"unknown option {str(option_id)[:40]!r}")
            chosen[prompts[prompt_id]] = options[option_id]
        return chosen

    @staticmethod
    def _right(q: Question) -> Markup:
        return _summary(
            [
                Markup("{} → {}").format(_inline(pair.question, pair.question_format), pair.answer)
                for pair in q.pairs
                if pair.question
            ]
        )


class EssayGrader(_PlainGrader):
    """A trainer grades it: fraction 0 and ``needs_grading`` until then. A blank essay is 0."""

    input = "essay"

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        typed = _text(response)
        return Result(
            layout.key,
            0.0,
            needs_grading=bool(typed),
            feedback=_general(q),
            response_text=typed,
        )


class DescriptionGrader(_PlainGrader):
    """Text between questions: nothing to answer, worth 0 points."""

    input = "none"

    def grade(self, q: Question, layout: Layout, response: Response) -> Result:
        if not _blank(response):
            raise InvalidResponse("a description takes no answer")
        return Result(layout.key, 0.0, max_points=0.0)


GRADERS: dict[QuestionType, QuestionGrader] = {
    QuestionType.MULTIPLE_CHOICE: MultipleChoiceGrader(),
    QuestionType.MULTIPLE_ANSWER: MultipleAnswerGrader(),
    QuestionType.TRUE_FALSE: TrueFalseGrader(),
    QuestionType.SHORT_ANSWER: ShortAnswerGrader(),
    QuestionType.MATCHING: MatchingGrader(),
    QuestionType.NUMERICAL: NumericalGrader(),
    QuestionType.ESSAY: EssayGrader(),
    QuestionType.DESCRIPTION: DescriptionGrader(),
}


# --------------------------------------------------------------------------- entry points


def present(q: Question, rng: random.Random, shuffle: bool = True) -> tuple[Presented, Layout]:
    """What the learner sees, and the layout to store with the attempt.

    ``rng`` decides the order (``random.Random(seed)`` gives the same order for the same seed);
    ``shuffle=False`` keeps the order of the GIFT file.
    """
    return GRADERS[q.type].present(q, rng, shuffle)


def grade(q: Question, layout: Layout, response: Response) -> Result:
    """Grade one response against the layout it was presented with.

    Raises ``InvalidResponse`` for a tampered response and ``LayoutMismatch`` when the layout
    belongs to another question.
    """
    if layout.key != question_key(q):
        raise LayoutMismatch(f"layout {layout.key!r} is not for question {question_key(q)!r}")
    return GRADERS[q.type].grade(q, layout, response)


def attempt_total(marks: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """(points earned, points possible) from ``(fraction, max_points)`` per question.

    Single-choice answers with negative weights can take single questions below 0; the attempt
    as a whole never goes below 0 points, so a learner who guesses cannot end below someone who
    left every question blank.
    """
    earned = possible = 0.0
    for fraction, max_points in marks:
        earned += fraction * max_points
        possible += max_points
    return max(0.0, round(earned, _PRECISION)), round(possible, _PRECISION)


@dataclass(frozen=True)
class AttemptScore:
    """An attempt's score from its questions' marks, as ``score`` computes it: the one path,
    for a first submission and after a trainer grades the essays."""

    marks: tuple[Mark, ...]  #: per question, in the attempt's order
    earned: float  #: points earned (``attempt_total``: never below 0)
    possible: float  #: points possible, essays awaiting a trainer included

    @property
    def points(self) -> tuple[float, float]:
        """(points earned, points possible)."""
        return self.earned, self.possible

    @property
    def fraction(self) -> float:
        """Share of the points possible, 0..1 (0 when nothing can be earned)."""
        return self.earned / self.possible if self.possible else 0.0

    @property
    def percent(self) -> float:
        """Per cent of the points possible, to 2 decimals: the attempt's score."""
        return round(100 * self.earned / self.possible, 2) if self.possible else 0.0

    @property
    def needs_manual_grading(self) -> bool:
        """An answered essay waits for a trainer: the score is not final yet."""
        return any(mark.needs_grading for mark in self.marks)

    def passed(self, pass_mark: float) -> bool | None:
        """Whether the score reaches ``pass_mark`` (per cent); None until it is final."""
        return None if self.needs_manual_grading else self.percent >= pass_mark


def score(marks: Iterable[Mark]) -> AttemptScore:
    """Add up an attempt's marks. Essays awaiting a trainer earn 0 but count in the points
    possible."""
    kept = tuple(marks)
    earned, possible = attempt_total(
        (0.0 if mark.needs_grading else mark.fraction, mark.max_points) for mark in kept
    )
    return AttemptScore(kept, earned, possible)


def points(results: Iterable[Result]) -> tuple[float, float]:
    """(points earned, points possible) of graded results: ``score(...).points``."""
    return score(result.mark for result in results).points
