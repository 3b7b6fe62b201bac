"""Sync steps: content that is not the curriculum, read and synced by the package that owns it.

``lms sync`` loads the tracks, modules, items and competencies itself; anything else in the
content folder is a registered :class:`SyncStep`: the quiz banks in ``quizzes/*.gift``
(``quizzes/bank_files.py``), the designation targets in ``competencies.toml``
(``capacity/target_files.py``), the glossary in ``courses/glossary/``
(``content/glossary_files.py``). Each step, in the order they were registered:

1. :meth:`SyncStep.read`, inside ``load_content``: pure, mistakes reported with their line on
   the reader; the result is ``ContentSpec.extras[step.key]`` (also ``spec.<key>``), and item
   kinds may look at it while they read (``reader.loaded(key)``: a quiz names a bank);
   :meth:`SyncStep.review` then sees the whole curriculum as read (a track's case study);
2. :meth:`SyncStep.check`: mistakes only the database shows; any error of any step or file
   stops the sync before it writes anything;
3. :meth:`SyncStep.write`, after the competencies and before the curriculum;
4. :meth:`SyncStep.after`, once everything is written, when the sync changed anything.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from .loader import ContentError, ContentSpec, Reader
    from .sync import Syncer, SyncReport

Loaded = TypeVar("Loaded")


class SyncStep(ABC, Generic[Loaded]):
    """One kind of content besides the curriculum; ``Loaded`` is what :meth:`read` gives."""

    key: str  #: where its content is kept in ``ContentSpec.extras``
    #: Names in ``courses/`` this step reads, which the loader must not read as tracks
    #: (the glossary's ``glossary/`` folder).
    courses_entries: frozenset[str] = frozenset()

    @abstractmethod
    def read(self, reader: Reader) -> Loaded:
        """Read this step's files, reporting mistakes with their line on ``reader``."""

    def review(self, loaded: Loaded, reader: Reader, spec: ContentSpec) -> None:
        """Look at the whole curriculum once it is read, reporting on ``reader`` (the teaching
        standard's track rules); nothing by default."""

    def check(self, loaded: Loaded) -> list[ContentError]:
        """Mistakes only the database can show (none by default)."""
        return []

    def write(self, loaded: Loaded, syncer: Syncer) -> None:
        """Make the database match ``loaded``, counting changes in ``syncer.report``."""

    def after(self, report: SyncReport) -> None:
        """React to a sync that changed something (roll-ups, caches)."""


_STEPS: dict[str, SyncStep[Any]] = {}


def register_sync_step(step: SyncStep[Any]) -> SyncStep[Any]:
    """Add ``step``; its ``key`` must be new."""
    registered = _STEPS.get(step.key)
    if registered is not None and registered is not step:
        raise ValueError(f"a sync step keeps its content under {step.key!r} already")
    _STEPS[step.key] = step
    return step


def sync_steps() -> tuple[SyncStep[Any], ...]:
    """Every registered step, in the order they were registered."""
    return tuple(_STEPS.values())
