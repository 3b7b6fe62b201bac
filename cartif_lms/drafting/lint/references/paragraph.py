"""References to paragraphs: ``paragraph 3``, ``paragraphs 2 and 3``, ``paragraph 3(a)``,
``paragraph 3 of Article 5``, ``paragraph 3 of this Article``.

Broken when the article has no paragraph with that number (or that paragraph no such
subparagraph). A bare ``paragraph N`` refers to the article it stands in; it is not checked
outside articles, nor when followed by another ``of`` (``paragraph 2 of Annex 1``).
"""

from __future__ import annotations

import re

from .kind import (
    ARTICLE,
    ARTICLE_NUMBER,
    LIST_SEPARATOR,
    SUBPARAGRAPH_REF,
    Place,
    first_label,
    has_paragraph,
    target_articles,
)

__all__ = ["ParagraphReferences"]

_ITEM = rf"\d+(?:\.\d+)*(?:[ \t]?{SUBPARAGRAPH_REF})*"
_ITEM_RE = re.compile(rf"(?P<num>\d+(?:\.\d+)*)(?P<subs>(?:[ \t]?{SUBPARAGRAPH_REF})*)")


class ParagraphReferences:
    """Resolves references to the paragraphs of an article."""

    group = "paragraph"
    pattern = (
        rf"(?<![\w-])[Pp]aragraphs?\s+(?P<paras>{_ITEM}(?:{LIST_SEPARATOR}{_ITEM})*)"
        rf"(?:\s+of\s+(?:(?P<p_this>this\s+{ARTICLE})|{ARTICLE}\s+(?P<p_art>{ARTICLE_NUMBER})))?"
    )

    def broken(self, match: re.Match[str], place: Place) -> list[str]:
        explicit = match["p_art"]
        articles = target_articles(place, explicit, bool(match["p_this"]), match.end())
        if articles is None:
            return []
        suffix = f" of Article {' '.join(explicit.split())}" if explicit else ""
        return [
            f"paragraph {''.join(item.group().split())}{suffix}"
            for item in _ITEM_RE.finditer(match["paras"])
            if not has_paragraph(articles, item["num"], first_label(item["subs"]))
        ]

    def single(self, match: re.Match[str]) -> bool:
        return len(_ITEM_RE.findall(match["paras"])) == 1
