"""Content variants: a track, module, item or quiz bank in another language, beside its original.

A variant is a sibling file with a language suffix (``01-lesson.ru.md`` beside
``01-lesson.md``, ``module.ru.md``, ``track.ru.md``, ``quizzes/<bank>.ru.gift``). It carries the
translated texts and nothing of the structure: slugs, order, kinds, settings, quiz keys and
weights, an exercise's sections all come from the original, and ``lms sync`` refuses a variant
that does not match it (docs/content-format.md, *Variants in other languages*).

The originals are English (:data:`ORIGINAL_LOCALE`); a variant may be written in any other
language the interface offers (:data:`VARIANT_LOCALES`). This module is pure: it names the
files and holds what the loader read; ``sync`` stores it as ``ContentVariant`` rows and the
snapshot serves it to the pages (:func:`.snapshot.localized`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..i18n import SUPPORTED_LOCALES

#: The language the content files are written in.
ORIGINAL_LOCALE = "en"
#: The languages a variant may be written in.
VARIANT_LOCALES = tuple(locale for locale in SUPPORTED_LOCALES if locale != ORIGINAL_LOCALE)

#: ``<stem>.<locale>.<ext>``: a two-letter language code before the extension.
VARIANT_NAME_RE = re.compile(r"^(?P<stem>[^.]+)\.(?P<locale>[a-z]{2})\.(?P<ext>md|gift)$")

#: The only header keys a variant may have; everything else is the original's.
TRACK_VARIANT_KEYS = frozenset({"title", "summary"})
MODULE_VARIANT_KEYS = frozenset({"title"})
ITEM_VARIANT_KEYS = frozenset({"title"})


class VariantOf(StrEnum):
    """What a ``ContentVariant`` row translates (its ``object_type``)."""

    track = "track"
    module = "module"
    item = "item"
    quiz_bank = "quiz_bank"


@dataclass
class VariantSpec:
    """A variant file as read: its texts, checked against the original."""

    locale: str
    path: str
    title: str
    body: str  #: Markdown (for a quiz bank, the GIFT source)
    source_hash: str
    summary: str = ""
    #: What the item's kind read of the variant (an exercise's translated sections).
    extras: dict[str, Any] = field(default_factory=dict)


def variant_name(original: Path, locale: str) -> Path:
    """Where the ``locale`` variant of ``original`` is: ``01-a.md`` -> ``01-a.ru.md``."""
    return original.with_name(f"{original.stem}.{locale}{original.suffix}")


def split_variant_name(name: str) -> tuple[str, str] | None:
    """``("01-a.md", "ru")`` for ``01-a.ru.md``; None for a name that is not a variant's."""
    match = VARIANT_NAME_RE.match(name)
    if match is None:
        return None
    return f"{match['stem']}.{match['ext']}", match["locale"]
