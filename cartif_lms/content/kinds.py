"""Item kinds: what a kind of item is and does, one object per kind, behind one registry.

Modelled on CTFd's challenge types and the question types of ``quizzes/grading.py``. The
content package knows no kind by name: the lesson, the quiz and the exercise are each an
:class:`ItemKind` in the package that owns them (``content/lesson.py``, ``quizzes/kind.py``,
``drafting/kind.py``), registered by ``cartif_lms/kinds.py``. A kind supplies:

- ``name``, stored in ``Item.kind`` (a string, so a new kind needs no migration), and ``label``;
- its metadata schema: ``header_keys`` and :meth:`ItemKind.read_settings`, which reports a
  mistake with its line through the loader's error API (``reader.error``);
- its sync step, :meth:`ItemKind.sync`: the settings kept on the row and the page's Markdown;
- its variants in other languages: :meth:`ItemKind.read_variant` checks that a translation has
  the original's structure, :meth:`ItemKind.sync_variant` gives its translated texts;
- :meth:`ItemKind.panel`, what its page shows below the text, from the kind's own template;
- its completion rule, :meth:`ItemKind.completion`, and :meth:`ItemKind.on_hold`, the items that
  hold nothing for a person to do now (the next step skips them);
- its routes, :meth:`ItemKind.blueprint`, registered under the LMS's own blueprint.

Adding a kind is one module with an :class:`ItemKind` subclass, and :func:`register_kind`
before ``LMS(app)`` builds the routes (see ``tests/content/example_kind.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from flask import render_template
from markupsafe import Markup

if TYPE_CHECKING:
    from flask import Blueprint

    from ..auth.models import User
    from .loader import Header, ItemSpec, Reader
    from .models import Item
    from .snapshot import ItemInfo
    from .variants import VariantSpec

#: ``Item.kind`` is a String(16): a kind's name must fit it, and read well in a header.
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
NAME_LENGTH = 16


class CompletionRule(StrEnum):
    """How an item of a kind comes to be completed."""

    manual = "manual"  #: the learner says so ("Mark as complete"): a lesson
    on_pass = "on_pass"  #: passing it: a quiz
    on_submit = "on_submit"  #: submitting it, whatever the score: a pre-test
    on_accept = "on_accept"  #: a trainer accepting it: a drafting exercise


class ItemSettings(NamedTuple):
    """What a kind read from an item's header and body."""

    settings: dict[str, Any]  #: kept in ``Item.settings`` (JSON)
    #: What else the kind parsed, for its own sync step; ``ItemSpec.<name>`` reads it.
    extras: Mapping[str, Any] = {}


class SyncedItem(NamedTuple):
    """What the kind's sync step makes of an item spec for its row."""

    settings: dict[str, Any]  #: ``Item.settings``
    body: str  #: the Markdown rendered into ``Item.body_html``


class Viewing(Protocol):
    """What a page knows of the viewer's standing with the item (``learning``'s Access)."""

    @property
    def preview(self) -> bool: ...

    @property
    def may_take(self) -> bool: ...


class HasKind(Protocol):
    """An ``Item`` row or its snapshot."""

    @property
    def kind(self) -> str: ...


class ItemKind:
    """One kind of item. The defaults make a page that is read and marked complete by hand."""

    name: str  #: in ``Kind:`` headers and ``Item.kind``
    label: str  #: for people, translated
    #: The metadata keys this kind reads, besides ``Title``, ``Kind``, ``Minutes`` and
    #: ``Competencies``; a file of another kind that uses one is refused with its line.
    header_keys: frozenset[str] = frozenset()

    def read_settings(self, reader: Reader, path: Path, header: Header) -> ItemSettings:
        """The item's settings from its header (and body), reporting mistakes on ``reader``."""
        return ItemSettings({})

    def sync(self, spec: ItemSpec) -> SyncedItem:
        """The settings and Markdown ``lms sync`` writes to the item's row."""
        return SyncedItem(spec.settings, spec.body)

    def read_variant(
        self, reader: Reader, path: Path, header: Header, original: ItemSpec
    ) -> Mapping[str, Any]:
        """What the kind reads of a translation of ``original`` (``VariantSpec.extras``),
        reporting on ``reader`` where its structure differs. A lesson's text is free."""
        return {}

    def sync_variant(self, original: ItemSpec, variant: VariantSpec) -> SyncedItem:
        """The translated settings (only texts: a page shows them instead of the original's)
        and the Markdown of the variant's page."""
        return SyncedItem({}, variant.body)

    def panel(self, viewer: User, item: ItemInfo, access: Viewing) -> Markup | None:
        """What the item's page shows ``viewer`` below the text (None: nothing)."""
        return None

    def completion(self, settings: Mapping[str, Any]) -> CompletionRule:
        """How an item with these settings is completed."""
        return CompletionRule.manual

    def on_hold(self, viewer: User, item_ids: list[int]) -> set[int]:
        """Which of ``item_ids`` (all of this kind, none completed) hold nothing for
        ``viewer`` to do now: a spent quiz, a draft waiting for review."""
        return set()

    def blueprint(self) -> Blueprint | None:
        """The kind's routes (endpoints become ``lms.<blueprint>.<view>``)."""
        return None

    def __repr__(self) -> str:
        return f"<item kind {self.name!r}>"


class UnknownKind(LookupError):
    """No item kind is registered under this name."""


_KINDS: dict[str, ItemKind] = {}


def register_kind(kind: ItemKind) -> ItemKind:
    """Add ``kind`` to the registry (before ``LMS(app)``, so its routes are registered)."""
    name = getattr(kind, "name", "")
    if not NAME_RE.match(name) or len(name) > NAME_LENGTH:
        raise ValueError(
            f"item kind name {name!r}: lower-case letters, digits and single hyphens, "
            f"at most {NAME_LENGTH} characters"
        )
    registered = _KINDS.get(name)
    if registered is not None and registered is not kind:
        raise ValueError(f"an item kind named {name!r} is registered already: {registered!r}")
    _KINDS[name] = kind
    return kind


def unregister_kind(name: str) -> None:
    """Remove the kind named ``name`` (a test's example kind, say); items of it stay in the
    database, and the content files that use it no longer load."""
    _KINDS.pop(name, None)


def all_kinds() -> tuple[ItemKind, ...]:
    """Every registered kind, in the order they were registered."""
    return tuple(_KINDS.values())


def kind_named(name: str) -> ItemKind:
    """The registered kind called ``name``; :class:`UnknownKind` if there is none."""
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownKind(f"no item kind {name!r} (registered: {', '.join(_KINDS)})") from None


def kind_of(item: HasKind) -> ItemKind:
    """The kind of an ``Item`` row or its snapshot."""
    return kind_named(item.kind)


def completion_of(item: Item) -> CompletionRule:
    """How ``item`` is completed, by its kind's rule and its settings."""
    return kind_of(item).completion(item.settings)


def render_panel(template: str, **context: Any) -> Markup:
    """A panel from the kind's own template (``lms/<folder>/_panel.html``)."""
    return Markup(render_template(template, **context))
