"""``lms gift check``: a bank's questions and errors as plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    result = parse(text, filename)
    return {
        "questions": [_question(q) for q in result.questions],
        "errors": [{"line": e.line, "message": e.message} for e in result.errors],
    }


def _question(q: Question) -> dict[str, Any]:
    return {
        "name": q.name,
        "type": q.type.value,
        "category": q.category or None,
        "tags": list(q.tags),
        "answers": _answers(q),
    }


def _answers(q: Question) -> list[dict[str, Any]]:
    if q.type is QuestionType.TRUE_FALSE:
        return [{"text": "true" if q.correct else "false", "fraction": 1.0}]
    if q.type is QuestionType.MATCHING:
        return [
            {"text": f"{p.question} -> {p.answer}", "fraction": 1.0 if p.question else 0.0}
            for p in q.pairs
        ]
    return [_answer(a) for a in q.answers]


def _answer(a: Answer) -> dict[str, Any]:
    entry: dict[str, Any] = {"text": a.text, "fraction": a.fraction}
    if a.value is not None:
        entry.update(value=a.value, tolerance=a.tolerance)
    if a.feedback:
        entry["feedback"] = a.feedback
    return entry
