"""References to subparagraphs: ``subparagraph (b)``, ``subparagraphs (a) and (b)``,
``subparagraph 2(b)``, ``subparagraph (b) of paragraph 2``, ``... of Article 5``, ``... of
this Article``, ``sub-paragraph (b)``.

Broken when the paragraph (for a bare ``subparagraph (b)``: the article) has no such
subparagraph. Which article is meant follows the rules for paragraphs.
"""

from __future__ import annotations

import re

from ....treaty.notation import SUBPARAGRAPH_LABEL_RE
from .kind import (
    ARTICLE,
    ARTICLE_NUMBER,
    LIST_SEPARATOR,
    SUBPARAGRAPH_REF,
    Place,
    has_paragraph,
    has_subparagraph,
    target_articles,
)

__all__ = ["SubparagraphReferences"]


class SubparagraphReferences:
    """Resolves references to subparagraphs."""

    group = "subparagraph"
    pattern = (
        r"(?<![\w-])[Ss]ub-?paragraphs?\s+"
        rf"(?:(?P<sp_num>\d+)(?P<sp_num_subs>(?:{SUBPARAGRAPH_REF})+)"
        rf"|(?P<sp_subs>{SUBPARAGRAPH_REF}(?:{LIST_SEPARATOR}{SUBPARAGRAPH_REF})*))"
        r"(?:\s+of\s+paragraph\s+(?P<sp_para>\d+(?:\.\d+)*))?"
        rf"(?:\s+of\s+(?:(?P<sp_this>this\s+{ARTICLE})|{ARTICLE}\s+(?P<sp_art>{ARTICLE_NUMBER})))?"
    )

    def broken(self, match: re.Match[str], place: Place) -> list[str]:
        articles = target_articles(place, match["sp_art"], bool(match["sp_this"]), match.end())
        if articles is None:
            return []
        para = match["sp_num"] or match["sp_para"]
        labels = SUBPARAGRAPH_LABEL_RE.findall(match["sp_num_subs"] or match["sp_subs"])
        if match["sp_num"]:
            labels = labels[:1]  # "subparagraph 2(b)(ii)" is subparagraph (b) of paragraph 2
        return [
            f"subparagraph ({label})"
            for label in labels
            if not (
                has_paragraph(articles, para, label) if para else has_subparagraph(articles, label)
            )
        ]

    def single(self, match: re.Match[str]) -> bool:
        return match["sp_subs"] is None or len(SUBPARAGRAPH_LABEL_RE.findall(match["sp_subs"])) == 1
