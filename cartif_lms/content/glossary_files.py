"""The glossary (``courses/glossary/terms.toml``): a sync step of ``lms sync``.

Read while the content loads, mistakes reported as ``path:line: message`` so that a bad file
stops the whole sync; synced by the English term: a changed term is rewritten, a term gone
from the file is retired (the page stops showing it), one that comes back is restored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import db
from ..directory.models import CROSS_CUTTING, NegotiatingArea
from .glossary import EXTRA_AREAS, GLOSSARY_FILE, GLOSSARY_FOLDER, Term, parse_glossary
from .loader import ContentError, Reader
from .models import GlossaryTerm
from .steps import SyncStep

if TYPE_CHECKING:
    from .sync import Syncer

#: Where the glossary is kept in ``ContentSpec.extras`` (``spec.glossary``).
GLOSSARY_KEY = "glossary"
#: How the sync report counts its rows ("Created: 78 glossary terms").
REPORTED_AS = "glossary terms"


@dataclass(frozen=True)
class GlossarySpec:
    path: str  #: relative to the content folder, for error messages
    terms: list[Term] = field(default_factory=list)


def searchable(text: str) -> str:
    """``text`` as the glossary page matches it: case-folded in any script, ё read as е."""
    return text.casefold().replace("ё", "е")


class GlossaryFiles(SyncStep[GlossarySpec]):
    key = GLOSSARY_KEY
    courses_entries = frozenset({GLOSSARY_FOLDER})

    def read(self, reader: Reader) -> GlossarySpec:
        folder = reader.root / "courses" / GLOSSARY_FOLDER
        path = reader.root / "courses" / GLOSSARY_FILE
        spec = GlossarySpec(reader.rel(path))
        if not folder.exists():
            return spec  # a curriculum without a glossary: every term retired
        if not folder.is_dir():
            reader.error(folder, 1, "courses/glossary must be a folder holding terms.toml")
            return spec
        for other in sorted(folder.iterdir()):
            if other != path and not other.name.startswith("."):
                reader.error(other, 1, "unexpected file: courses/glossary/ holds terms.toml only")
        if not path.is_file():
            reader.error(path, 0, "missing the glossary terms.toml")
            return spec
        loaded = reader.read_text(path)
        if loaded is None:
            return spec
        terms, problems = parse_glossary(loaded[0])
        for problem in problems:
            reader.error(path, problem.line, problem.message)
        return GlossarySpec(spec.path, terms)

    def check(self, loaded: GlossarySpec) -> list[ContentError]:
        """Each term's area is a negotiating area, XC or CAREC."""
        areas = set(db.session.scalars(select(NegotiatingArea.code)))
        allowed = sorted(areas) + [CROSS_CUTTING, *EXTRA_AREAS]
        return [
            ContentError(
                loaded.path,
                term.line,
                f"term {term.en!r}: area '{term.area}' is not one of {', '.join(allowed)}",
            )
            for term in loaded.terms
            if term.area not in allowed
        ]

    def write(self, loaded: GlossarySpec, syncer: Syncer) -> None:
        rows = {row.en: row for row in db.session.scalars(select(GlossaryTerm))}
        for position, term in enumerate(loaded.terms):
            syncer.upsert(
                REPORTED_AS,
                rows,
                term.en,
                GlossaryTerm,
                {
                    "en": term.en,
                    "ru": term.ru,
                    "area": term.area,
                    "source": term.source,
                    "position": position,
                    "search": searchable(f"{term.en}\n{term.ru}"),
                },
            )
        syncer.retire(REPORTED_AS, rows, {term.en for term in loaded.terms})


GLOSSARY_FILES = GlossaryFiles()
