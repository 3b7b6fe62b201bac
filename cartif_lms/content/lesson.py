"""The lesson: a page the learner reads, then marks complete ("Mark as complete").

Every default of :class:`ItemKind` is a lesson's: no settings of its own, nothing below the
text but the button, no routes of its own.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .kinds import ItemKind


class LessonKind(ItemKind):
    name = "lesson"
    label = _l("Lesson")


LESSON = LessonKind()
