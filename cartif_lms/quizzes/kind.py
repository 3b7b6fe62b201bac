"""The quiz: questions drawn from a GIFT bank, graded on the server; passing completes it.

Its header settings are read and checked by :mod:`.settings`; its page shows the learner's
attempts (``templates/quizzes/_panel.html``); its routes are :mod:`.views`. The engine
(:mod:`.services`) names the kind through :data:`QUIZ`, so services and views are imported
here only when a method needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import db
from ..content.kinds import CompletionRule, ItemKind, ItemSettings, Viewing, render_panel
from ..content.models import Item
from .settings import QUIZ_KEYS, QuizSettings, read_quiz_settings

if TYPE_CHECKING:
    from ..auth.models import User
    from ..content.loader import Header, Reader
    from ..content.snapshot import ItemInfo


class QuizKind(ItemKind):
    name = "quiz"
    label = _l("Quiz")
    header_keys = QUIZ_KEYS

    def read_settings(self, reader: Reader, path: Path, header: Header) -> ItemSettings:
        return ItemSettings(read_quiz_settings(reader, path, header))

    def panel(self, viewer: User, item: ItemInfo, access: Viewing) -> Markup:
        """The learner's attempts and what they may do next (start, resume, preview)."""
        from .services import quiz_panel

        quiz = quiz_panel(viewer, db.session.get_one(Item, item.id))
        return render_panel("lms/quizzes/_panel.html", quiz=quiz, item=item, access=access)

    def completion(self, settings: Mapping[str, Any]) -> CompletionRule:
        return QuizSettings.read(settings).completion

    def on_hold(self, viewer: User, item_ids: list[int]) -> set[int]:
        """No attempt in progress, and one waiting for a grade or none left to start."""
        from .services import quizzes_on_hold

        return quizzes_on_hold(viewer, item_ids)

    def blueprint(self) -> Blueprint:
        from .views import blueprint

        return blueprint


QUIZ = QuizKind()
