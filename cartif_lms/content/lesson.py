"""The lesson: a page the learner reads, then marks complete ("Mark as complete").

Every default of :class:`ItemKind` is a lesson's (no settings of its own, nothing below the
text but the button, no routes of its own), but for reading: where the curriculum declares a
teaching standard (``courses/standard.toml``), a lesson and each of its variants must meet it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from .kinds import ItemKind, ItemSettings
from .teaching_standard import STANDARD_KEY, TeachingStandard, lesson_problems, outline

if TYPE_CHECKING:
    from .loader import Header, ItemSpec, Reader


class LessonKind(ItemKind):
    name = "lesson"
    label = _l("Lesson")

    def read_settings(self, reader: Reader, path: Path, header: Header) -> ItemSettings:
        """No settings; the teaching standard's rules, if the curriculum has one."""
        self._check(reader, path, header, None)
        return ItemSettings({})

    def read_variant(
        self, reader: Reader, path: Path, header: Header, original: ItemSpec
    ) -> Mapping[str, Any]:
        """A translation meets the standard too, with as many objectives as the original."""
        objectives = len(outline(original.body, 1).objective_lines)
        self._check(reader, path, header, objectives)
        return {}

    @staticmethod
    def _check(reader: Reader, path: Path, header: Header, objectives: int | None) -> None:
        standard: TeachingStandard | None = reader.loaded(STANDARD_KEY)
        if standard is None:
            return
        for line, message in lesson_problems(standard, header.body, header.body_line, objectives):
            reader.error(path, line, message)


LESSON = LessonKind()
