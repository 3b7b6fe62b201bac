"""``lms gift check``: a bank's questions and errors as plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .bank_balance import balance_warnings
from .gift import Answer, Question, QuestionType, parse


def read_bank_file(path: str) -> str:
    """The text of a GIFT file, or ValueError with one clear line."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"{path}: no such file")
    data = file.read_bytes()
    if b"\0" in data:
        raise ValueError(f"{path}: a binary file, not GIFT text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValueError(f"{path}:{line}: not UTF-8 text") from None


def bank_report(text: str, filename: str) -> dict[str, Any]:
    """Every question as it was read (texts, formats, answers, feedback), errors and warnings.

    Texts are given as parsed: escapes resolved, format prefixes moved into the ``*_format``
    keys. Feedback keys are always present (``""`` when there is none), so a reader never has
    to guess whether a key was left out or the feedback is empty.
    """
    result = parse(text, filename)
    # A bank that does not parse has no balance to judge yet.
    cues = [] if result.errors else balance_warnings(result.questions, filename)
    return {
        "questions": [_question(q) for q in result.questions],
        "errors": [{"line": e.line, "message": e.message} for e in result.errors],
        "warnings": [
            {"line": w.line, "message": w.message}
            for w in sorted([*result.warnings, *cues], key=lambda w: w.line)
        ],
    }


def _question(q: Question) -> dict[str, Any]:
    return {
        "name": q.name,
        "line": q.line,
        "type": q.type.value,
        "category": q.category or None,
        "idnumber": q.idnumber or None,
        "tags": list(q.tags),
        "text": q.text,
        "text_format": q.text_format.value,
        "missing_word": q.missing_word,
        "general_feedback": q.general_feedback,
        "general_feedback_format": q.general_feedback_format.value,
        "answers": _answers(q),
    }


def _answers(q: Question) -> list[dict[str, Any]]:
    if q.type is QuestionType.TRUE_FALSE:
        return _true_false(q)
    if q.type is QuestionType.MATCHING:
        return [
            {
                "text": f"{p.question} -> {p.answer}",
                "text_format": p.question_format.value,
                "fraction": 1.0 if p.question else 0.0,
            }
            for p in q.pairs
        ]
    return [_answer(a) for a in q.answers]


def _true_false(q: Question) -> list[dict[str, Any]]:
    """Both answers, each with the feedback a learner who picks it sees (Moodle's order)."""
    right = (q.feedback_right, q.feedback_right_format)
    wrong = (q.feedback_wrong, q.feedback_wrong_format)
    return [
        {
            "text": text,
            "fraction": 1.0 if value == q.correct else 0.0,
            "feedback": (right if value == q.correct else wrong)[0],
            "feedback_format": (right if value == q.correct else wrong)[1].value,
        }
        for text, value in (("true", True), ("false", False))
    ]


def _answer(a: Answer) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "text": a.text,
        "text_format": a.text_format.value,
        "fraction": a.fraction,
        "feedback": a.feedback,
        "feedback_format": a.feedback_format.value,
    }
    if a.value is not None:
        entry.update(value=a.value, tolerance=a.tolerance)
    return entry
