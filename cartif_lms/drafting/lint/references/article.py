"""References to articles: ``Article 5``, ``Articles 5 and 6``, ``Article 5.2``, ``Article
5(2)``, ``Article 5(2)(b)``, ``Article 5, paragraph 2``, ``Art. 5``, ``article 5``.

Broken when the article has no heading in the text, when it has no paragraph with that number,
or when that paragraph (for ``Article 5(b)``: the article) has no such subparagraph.
``Article 5.2`` is found as an article numbered ``5.2`` or as paragraph 2 (or ``5.2``) of
Article 5. ``Article 5, paragraph 2 of Article 6`` is a list followed by another reference.
"""

from __future__ import annotations

import re

from ....treaty.notation import LATIN
from ..structure import Structure, article_key
from .kind import (
    ARTICLE,
    ARTICLE_NUMBER,
    LIST_SEPARATOR,
    SUBPARAGRAPH_REF,
    Place,
    first_label,
    has_paragraph,
    has_subparagraph,
)

__all__ = ["ArticleReferences"]

_ITEM = rf"{ARTICLE_NUMBER}(?:\(\d+\))?(?:{SUBPARAGRAPH_REF})*"
_ITEM_RE = re.compile(
    rf"(?P<num>(?:\d+(?:\.\d+)*[A-Za-z]?|[IVXLCDM]+)(?!\w))(?:[ \t]+(?P<latin>{LATIN})\b)?"
    rf"(?:\((?P<para>\d+)\))?(?P<subs>(?:{SUBPARAGRAPH_REF})*)"
)


def _resolves(structure: Structure, key: str, para: str | None, sub: str | None) -> bool:
    articles = structure.articles_numbered(key)
    if not articles:
        if "." not in key:
            return False
        base, rest = key.split(".", 1)  # "Article 5.2": paragraph 2 of Article 5
        base_articles = structure.articles_numbered(base)
        return has_paragraph(base_articles, rest, None) or has_paragraph(base_articles, key, None)
    if para is not None:
        return has_paragraph(articles, para, sub)
    return sub is None or has_subparagraph(articles, sub)


class ArticleReferences:
    """Resolves references to articles (and to paragraphs through them)."""

    group = "article"
    pattern = (
        rf"\b(?:{ARTICLE}s?|[Aa]rt\.)\s+(?P<arts>{_ITEM}(?:{LIST_SEPARATOR}{_ITEM})*)"
        r"(?:\s*,\s*paragraph\s+(?P<a_para>(?>\d+(?:\.\d+)*))"
        rf"(?P<a_para_subs>(?>(?:{SUBPARAGRAPH_REF})*))(?!\s+of\b))?"
    )

    def broken(self, match: re.Match[str], place: Place) -> list[str]:
        items = list(_ITEM_RE.finditer(match["arts"]))
        problems = []
        for item in items:
            key = article_key(item["num"], item["latin"])
            para, sub = item["para"], first_label(item["subs"])
            if match["a_para"] and item is items[-1]:
                para, sub = match["a_para"], first_label(match["a_para_subs"])
            if not _resolves(place.structure, key, para, sub):
                problems.append(f"Article {' '.join(item.group().split())}")
        return problems

    def single(self, match: re.Match[str]) -> bool:
        return len(_ITEM_RE.findall(match["arts"])) == 1
