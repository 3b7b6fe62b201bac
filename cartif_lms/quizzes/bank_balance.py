"""Whether a bank can be passed on test-taking cues rather than knowledge (issue 16).

``lms gift check`` warns, with the line, where a bank breaks one of these rules; a test holds
the shipped banks to them. They are the item-writing cues the review found:

- the keyed answer of a choice question is the longest option in at most 35 % of them (a
  learner who always picks the longest option should not pass);
- true/false keys are 40-60 % true;
- multi-answer questions do not all have the same number of right answers.

Each rule needs enough questions to mean anything (``MIN_QUESTIONS``): one true/false
question is 0 % or 100 % true.
"""

from __future__ import annotations

from collections.abc import Sequence

from .gift import GiftWarning, Question, QuestionType

LONGEST_KEY_SHARE = 0.35
TRUE_SHARE = (0.40, 0.60)
MIN_QUESTIONS = 5
MIN_MULTI_ANSWER = 3
#: Tags a question with that puts the learner in a situation (a clause to judge, a position
#: to answer) rather than asking for recall; the shipped finals are at least half of them.
SCENARIO_TAG = "scenario"


def key_is_longest(question: Question) -> bool:
    """Whether the one right option of a choice question is strictly longer than every other."""
    right = [a for a in question.answers if a.fraction > 0]
    if question.type is not QuestionType.MULTIPLE_CHOICE or len(right) != 1:
        return False
    others = [len(a.text.strip()) for a in question.answers if a is not right[0]]
    return bool(others) and len(right[0].text.strip()) > max(others)


def right_answers(question: Question) -> int:
    return sum(1 for a in question.answers if a.fraction > 0)


def balance_warnings(questions: Sequence[Question], filename: str) -> list[GiftWarning]:
    """A warning per rule the bank breaks, at the questions that break it."""
    warnings: list[GiftWarning] = []
    warnings += _longest_key(questions, filename)
    warnings += _true_false(questions, filename)
    warnings += _multi_answer(questions, filename)
    return sorted(warnings, key=lambda w: w.line)


def _longest_key(questions: Sequence[Question], filename: str) -> list[GiftWarning]:
    choice = [q for q in questions if q.type is QuestionType.MULTIPLE_CHOICE]
    longest = [q for q in choice if key_is_longest(q)]
    if len(choice) < MIN_QUESTIONS or len(longest) <= LONGEST_KEY_SHARE * len(choice):
        return []
    share = f"{len(longest)} of {len(choice)} choice questions"
    return [
        GiftWarning(
            q.line,
            f"the keyed answer is the longest option ({share}; at most "
            f"{LONGEST_KEY_SHARE:.0%}): make a distractor as long and as specific",
            filename,
        )
        for q in longest
    ]


def _true_false(questions: Sequence[Question], filename: str) -> list[GiftWarning]:
    keys = [q for q in questions if q.type is QuestionType.TRUE_FALSE]
    if len(keys) < MIN_QUESTIONS:
        return []
    true = sum(1 for q in keys if q.correct)
    low, high = TRUE_SHARE
    if low * len(keys) <= true <= high * len(keys):
        return []
    return [
        GiftWarning(
            keys[0].line,
            f"{true} of {len(keys)} true/false questions are true: keep it between "
            f"{low:.0%} and {high:.0%}, so that guessing one answer does not pass",
            filename,
        )
    ]


def _multi_answer(questions: Sequence[Question], filename: str) -> list[GiftWarning]:
    multi = [q for q in questions if q.type is QuestionType.MULTIPLE_ANSWER]
    counts = {right_answers(q) for q in multi}
    if len(multi) < MIN_MULTI_ANSWER or len(counts) > 1:
        return []
    return [
        GiftWarning(
            multi[0].line,
            f"all {len(multi)} multi-answer questions have {counts.pop()} right answers: vary "
            "it, so that the count gives nothing away",
            filename,
        )
    ]
