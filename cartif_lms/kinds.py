"""The item kinds and sync steps the LMS ships with, registered when this module is imported.

``LMS.init_app`` imports it before it registers the routes; code that reads content without
an application (a script, a test of the loader) imports it too. The order of the kinds is
the order ``Kind must be one of ...`` lists them; the order of the steps is the order they
read and write (the targets need the competencies; quiz items name the banks).
"""

from __future__ import annotations

from typing import Final

from .capacity.target_files import TARGET_FILES
from .content.kinds import register_kind
from .content.lesson import LESSON
from .content.steps import register_sync_step
from .drafting.kind import EXERCISE
from .quizzes.bank_files import QUIZ_BANK_FILES
from .quizzes.kind import QUIZ


class BuiltIn:
    """The shipped kinds by name, for code that means one of them: ``BuiltIn.quiz``."""

    lesson: Final = LESSON
    quiz: Final = QUIZ
    exercise: Final = EXERCISE


for _kind in (BuiltIn.lesson, BuiltIn.quiz, BuiltIn.exercise):
    register_kind(_kind)
for _step in (TARGET_FILES, QUIZ_BANK_FILES):
    register_sync_step(_step)
