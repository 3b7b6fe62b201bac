"""Simulated learners' quiz answers: for demo data, load benchmarks and tests (never for
grading).

``simulated_form(attempt, rng, skill)`` answers each question of an attempt rightly with
probability ``skill`` and otherwise wrongly or not at all, in the shape the quiz form posts.
"""

from __future__ import annotations

import random

from ..quizzes.gift import Question, QuestionType
from ..quizzes.grading import Layout
from ..quizzes.models import QuizAttempt
from ..quizzes.services import attempt_questions

#: What the quiz form posts: one value per field, a list for several ticked boxes.
Form = dict[str, str | list[str]]


def simulated_form(attempt: QuizAttempt, rng: random.Random, skill: float) -> Form:
    form: Form = {}
    for index, (question, raw) in enumerate(
        zip(attempt_questions(attempt), attempt.layouts, strict=True)
    ):
        layout = Layout.from_json(raw)
        right = rng.random() < skill
        form.update(_answer(f"q{index}", question, layout, right, rng))
    return form


def _answer(name: str, q: Question, layout: Layout, right: bool, rng: random.Random) -> Form:
    kind = q.type
    if kind in (QuestionType.MULTIPLE_CHOICE, QuestionType.MULTIPLE_ANSWER):
        wanted = [i for i, a in enumerate(q.answers) if (a.fraction > 0) == right]
        chosen = wanted if kind is QuestionType.MULTIPLE_ANSWER else wanted[:1]
        return {name: [f"c{layout.choice_order.index(i)}" for i in chosen]} if chosen else {}
    if kind is QuestionType.TRUE_FALSE:
        return {name: "true" if q.correct == right else "false"}
    if kind is QuestionType.SHORT_ANSWER:
        best = max(q.answers, key=lambda a: a.fraction)
        return {name: best.text.replace("*", "") if right else "no idea"}
    if kind is QuestionType.NUMERICAL:
        _fraction, value, tolerance = max(
            ((a.fraction, a.value, a.tolerance) for a in q.answers if a.value is not None),
            key=lambda numeric: numeric[0],
        )
        return {name: repr(value) if right else repr(value + tolerance + 1000)}
    if kind is QuestionType.MATCHING:
        return _matching(name, q, layout, right, rng)
    if kind is QuestionType.ESSAY:
        return {name: "Each Party shall publish its laws and regulations promptly."}
    return {}


def _matching(name: str, q: Question, layout: Layout, right: bool, rng: random.Random) -> Form:
    answers: Form = {}
    for position, pair_index in enumerate(layout.prompt_order):
        target = q.pairs[pair_index].answer
        if right:
            option = layout.option_texts.index(target)
        else:
            option = rng.randrange(len(layout.option_texts))
        answers[f"{name}-p{position}"] = f"o{option}"
    return answers
