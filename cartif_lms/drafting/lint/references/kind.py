"""What every kind of cross-reference shares: the interface of its resolver, where a reference
stands, and the pieces of reference syntax more than one kind writes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from ....treaty.notation import LATIN, SUBPARAGRAPH_LABEL_RE
from ..structure import Article, Structure, article_key

__all__ = [
    "ARTICLE",
    "ARTICLE_NUMBER",
    "LIST_SEPARATOR",
    "SUBPARAGRAPH_REF",
    "Place",
    "ReferenceKind",
    "first_label",
    "has_paragraph",
    "has_subparagraph",
    "target_articles",
]

#: The word "Article" in a reference; lower case too: "article 5" in running text refers to
#: Article 5 (a heading is only ever Capitalised or in CAPITALS: see the notation).
ARTICLE = r"(?:[Aa]rticle|ARTICLE)"
#: An article number as referred to: "5", "5.2", "12A", "V", "5 bis".
ARTICLE_NUMBER = rf"(?:\d+(?:\.\d+)*[A-Za-z]?|[IVXLCDM]+)(?!\w)(?:[ \t]+{LATIN}\b)?"
#: A subparagraph as referred to: "(b)", "(iv)".
SUBPARAGRAPH_REF = r"\((?:[a-z]{1,2}|[ivxlcdm]+)\)"
#: Between the items of a list: ", ", ", and ", " and ", " or ", " to ", "-".
LIST_SEPARATOR = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|to|through)\s+|\s*[-\u2013]\s*)"

_ANY_OF_RE = re.compile(r"\s+of\s")


@dataclass(frozen=True)
class Place:
    """Where a reference stands: the text, its structure and the article around it."""

    text: str
    structure: Structure
    here: Article | None


class ReferenceKind(Protocol):
    """One kind of cross-reference: its alternative of the reference pattern, and its resolver.

    The check joins every kind's ``pattern`` into one pattern (each inside a group named
    ``group``), so that a reference is read once, by the first kind that matches it: the
    "paragraph 2" in "subparagraph (b) of paragraph 2" is not a reference of its own.
    """

    #: The name of the group around ``pattern``; the pattern's own groups must not clash.
    group: str
    pattern: str

    def broken(self, match: re.Match[str], place: Place) -> list[str]:
        """The items of ``match`` that refer to nothing in the text, as reported."""
        ...

    def single(self, match: re.Match[str]) -> bool:
        """Whether ``match`` names one item (then it is reported as written)."""
        ...


def split_latin(number: str) -> tuple[str, str | None]:
    """ "5 bis" -> ("5", "bis")."""
    parts = number.split()
    return parts[0], (parts[1] if len(parts) > 1 else None)


def first_label(subs: str | None) -> str | None:
    """The first subparagraph label in "(b)(ii)" ("b"), if any."""
    labels = SUBPARAGRAPH_LABEL_RE.findall(subs or "")
    return labels[0] if labels else None


def has_paragraph(articles: Iterable[Article], number: str, sub: str | None) -> bool:
    """Whether one of ``articles`` has paragraph ``number`` (with subparagraph ``sub``)."""
    return any(article.has_paragraph(number, sub) for article in articles)


def has_subparagraph(articles: Iterable[Article], sub: str) -> bool:
    return any(sub in article.subparagraphs for article in articles)


def target_articles(
    place: Place, explicit: str | None, this: bool, end: int
) -> list[Article] | None:
    """The articles a paragraph or subparagraph reference ending at ``end`` points into:
    ``of Article 5``, ``of this Article`` or, bare, the article it stands in. ``None`` when it
    cannot be checked here: outside any article, or followed by another ``of`` ("paragraph 2 of
    Annex 1")."""
    if explicit:
        return place.structure.articles_numbered(article_key(*split_latin(explicit)))
    if this or not _ANY_OF_RE.match(place.text, end):
        return None if place.here is None else [place.here]
    return None
