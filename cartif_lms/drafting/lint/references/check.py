"""Cross-references to articles, paragraphs and subparagraphs that are not in the text.

One pattern made of every kind's alternative (``KINDS``: one resolver per kind of reference)
reads the references in text order; each is resolved by its kind against the structure of the
text (``..structure``). Rules every kind shares:

- A heading is not a reference to itself (``Article 5`` heading its article); references in
  heading and title lines are checked (``Article 4: Relation to Article 9``).
- References to other instruments are skipped: when ``of`` or ``of the`` and a capitalised word
  or an acronym follows (``Article 11 of the TFA``, ``Article 31 of the Vienna Convention``,
  ``Article 3 of Annex 2``; ``of this Agreement`` is checked), or when an acronym in
  ``AGREEMENT_ACRONYMS`` stands right before or after (``GATT Article V``, ``GATT 1994 Article
  XX``, ``Article 7 TFA``).
- A text without any article heading has nothing to resolve references against, so none is
  reported.
- A reference to one item that is broken is reported as written (``Art. 9``); in a list, each
  broken item on its own (``Articles 1, 2 and 9`` -> ``Article 9``).

A new kind of reference is a module with a class like ``ArticleReferences``, listed in
``KINDS`` in the order its pattern is tried.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..check import Check, Settings
from ..intake import normalise
from ..structure import structure_of
from .article import ArticleReferences
from .kind import Place, ReferenceKind
from .paragraph import ParagraphReferences
from .subparagraph import SubparagraphReferences

__all__ = ["AGREEMENT_ACRONYMS", "CHECK", "KINDS", "Reference", "broken_references"]

#: Acronyms of other instruments: a reference next to one is not to this text.
AGREEMENT_ACRONYMS = ("GATT", "GATS", "TFA", "TBT", "SPS", "WTO", "VCLT", "TRIPS", "RKC", "TIR")

#: Every kind of reference, in the order they are tried where more than one could start:
#: "subparagraph (b)" before the "paragraph" in it.
KINDS: tuple[ReferenceKind, ...] = (
    SubparagraphReferences(),
    ParagraphReferences(),
    ArticleReferences(),
)

_REFERENCE_RE = re.compile("|".join(f"(?P<{kind.group}>{kind.pattern})" for kind in KINDS))
_ACRONYMS = "|".join(AGREEMENT_ACRONYMS)
_OTHER_INSTRUMENT_AFTER_RE = re.compile(
    r"\s+of\s+(?:the\s+)?(?!(?:Articles?|Chapter|Section|Part)\b)(?:[A-Z]{2,}|[A-Z][a-z])"
    rf"|[ \t]+(?:{_ACRONYMS})\b"
)
_OTHER_INSTRUMENT_BEFORE_RE = re.compile(rf"\b(?:{_ACRONYMS})(?:\s+\d{{4}})?[ \t]+\Z")


@dataclass(frozen=True)
class Reference:
    """A cross-reference to nothing in the text, as written (list items one by one)."""

    line: int
    ref: str


def _kind_of(match: re.Match[str]) -> ReferenceKind:
    return next(kind for kind in KINDS if match[kind.group] is not None)


def broken_references(text: str) -> list[Reference]:
    """References to articles, paragraphs and subparagraphs that are not in the text."""
    text = normalise(text)
    structure = structure_of(text)
    if not structure.articles:
        return []
    broken: list[Reference] = []
    for match in _REFERENCE_RE.finditer(text):
        if match.start() in structure.heading_starts:
            continue  # the heading of an article, not a reference to it
        after = _OTHER_INSTRUMENT_AFTER_RE.match(text, match.end())
        before = _OTHER_INSTRUMENT_BEFORE_RE.search(text, max(0, match.start() - 30), match.start())
        if after or before:
            continue
        kind = _kind_of(match)
        place = Place(text, structure, structure.article_around(match.start()))
        problems = kind.broken(match, place)
        if len(problems) == 1 and kind.single(match):
            problems = [" ".join(match.group().split())]
        line = structure.line_index(match.start()) + 1
        broken.extend(Reference(line=line, ref=problem) for problem in problems)
    return broken


def references(text: str) -> list[tuple[int, int]]:
    """Where every reference stands -- broken or not, to this text or to another instrument --
    as (start, end) offsets of normalised ``text``: what the lexer must not colour as a
    heading."""
    text = normalise(text)
    structure = structure_of(text)
    return [
        (match.start(), match.end())
        for match in _REFERENCE_RE.finditer(text)
        if match.start() not in structure.heading_starts
    ]


def _report(result: list[Reference]) -> list[dict[str, object]]:
    return [{"line": r.line, "ref": r.ref} for r in result]


def _run(text: str, _settings: Settings) -> list[Reference]:
    return broken_references(text)


CHECK = Check("broken_references", _run, report=_report, blocks=bool)
