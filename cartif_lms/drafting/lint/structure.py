"""The structure of a draft: lines, headings, articles and their paragraphs.

Headings and paragraph numbers are what ``cartif_lms.treaty.notation`` says they are (the lexer
colours the same ones). On top of that notation the linter reads:

Titles
    When nothing follows a heading's number, the next non-blank line (one blank line may come
    first) is the heading's title if it is short (at most 12 words), unnumbered and does not end
    like a sentence (``Article 1`` / ``Definitions``). Heading and title lines are not sentences
    and are not searched for terms; references in them are checked (``Article 4: Relation to
    Article 9``), except the heading itself.

Articles
    An article runs from its ``Article`` heading to the next heading of any kind. A line
    starting with ``1.`` or ``2.3`` starts a numbered paragraph of the current article; labels
    such as ``(a)``, ``(iv)`` or ``(2)`` are subparagraphs of the current paragraph (``(2)``
    also numbers a paragraph, referred to as ``Article 5(2)``). A definitions article is one
    whose heading or title line holds the word ``Definitions`` (or ``DEFINITIONS``).

Positions
    ``Position(line, col)`` is 1-based; ``col`` counts characters (a tab is one).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...treaty.notation import HEADING_RE, PARAGRAPH_RE, SUBPARAGRAPH_LABEL_RE, heading_span

__all__ = ["Article", "Position", "Structure", "article_key", "structure_of"]

_DEFINITIONS_WORD_RE = re.compile(r"\b(?:Definitions|DEFINITIONS)\b")
_MAX_TITLE_WORDS = 12


@dataclass(frozen=True, order=True)
class Position:
    """A place in the text: 1-based line and column (in characters)."""

    line: int
    col: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "col": self.col}


def article_key(number: str, latin: str | None) -> str:
    """How an article is looked up, whether its number is read from a heading or a reference:
    "v" and "V" are one article, "5 bis" another than "5"."""
    key = number.upper()
    return f"{key} {latin.lower()}" if latin else key


@dataclass
class Article:
    """One article of the text: its heading line and what its paragraphs are numbered."""

    key: str
    heading: int  # 0-based line index of the heading
    end_line: int  # index of the first line after the article
    definitions: bool = False
    #: paragraph number -> the labels of its subparagraphs
    paragraphs: dict[str, set[str]] = field(default_factory=dict)
    subparagraphs: set[str] = field(default_factory=set)

    def has_paragraph(self, number: str, sub: str | None = None) -> bool:
        """Whether the article has paragraph ``number`` (with subparagraph ``sub``)."""
        labels = self.paragraphs.get(number)
        return labels is not None and (sub is None or sub in labels)


class Structure:
    """Lines, headings and articles of a text, computed once per text (see ``structure_of``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.heading_lines: set[int] = set()  # "Article 5", "Chapter 3" ...
        #: (start, end) offsets of each heading as written ("Article 5 bis"), in text order.
        self.heading_spans: list[tuple[int, int]] = []
        self.title_lines: set[int] = set()  # "Definitions" under "Article 1"
        self.numbered: list[int] = []  # lines that start a numbered paragraph ("1.", "2.3")
        self.articles: list[Article] = []
        self.article_at: list[int] = [-1] * len(self.lines)
        self._parse()
        self.headings = frozenset(self.heading_lines | self.title_lines)
        self.heading_starts = frozenset(start for start, _end in self.heading_spans)
        self.by_key: dict[str, list[Article]] = {}
        for article in self.articles:
            self.by_key.setdefault(article.key, []).append(article)

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(index + 1, offset - self.starts[index] + 1)

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def articles_numbered(self, key: str) -> list[Article]:
        """The articles with the heading number ``key`` (see ``article_key``)."""
        return self.by_key.get(key, [])

    def article_around(self, offset: int) -> Article | None:
        """The article the text at ``offset`` stands in, if any."""
        index = self.article_at[self.line_index(offset)]
        return self.articles[index] if index >= 0 else None

    def next_numbered_paragraph(self, offset: int) -> int:
        """Where the first numbered paragraph after the line of ``offset`` starts."""
        index = bisect.bisect_right(self.numbered, self.line_index(offset))
        return self.starts[self.numbered[index]] if index < len(self.numbered) else len(self.text)

    def article_span(self, article: Article) -> tuple[int, int]:
        start = self.starts[article.heading]
        end = (
            self.starts[article.end_line] if article.end_line < len(self.lines) else len(self.text)
        )
        return start, end

    def _title_line(self, index: int, heading: re.Match[str]) -> int | None:
        """The title line after the heading on line ``index``, if the heading has none."""
        if self.lines[index][heading.end() :].strip(" \t:.-\u2013\u2014]"):
            return None
        for j in range(index + 1, min(index + 3, len(self.lines))):
            line = self.lines[j].strip()
            if not line:
                continue
            if (
                HEADING_RE.match(self.lines[j])
                or PARAGRAPH_RE.match(self.lines[j])
                or len(line.split()) > _MAX_TITLE_WORDS
                or line.rstrip(")]\"'\u201d\u2019").endswith((".", ";", ":", ","))
            ):
                return None
            return j
        return None

    def _parse(self) -> None:
        current: Article | None = None
        paragraph = ""
        title_of: dict[int, Article | None] = {}
        for index, line in enumerate(self.lines):
            if index in title_of:
                self.title_lines.add(index)
                owner = title_of.pop(index)
                if owner is not None and _DEFINITIONS_WORD_RE.search(line):
                    owner.definitions = True
                if current is not None:
                    self.article_at[index] = len(self.articles) - 1
                continue
            heading = HEADING_RE.match(line)
            if heading:
                self.heading_lines.add(index)
                start, end = heading_span(heading)
                self.heading_spans.append((self.starts[index] + start, self.starts[index] + end))
                if current is not None:
                    current.end_line = index
                current = None
                if heading["kind"].lower() == "article":
                    current = Article(
                        article_key(heading["num"], heading["latin"]), index, len(self.lines)
                    )
                    current.definitions = bool(_DEFINITIONS_WORD_RE.search(line))
                    self.articles.append(current)
                    self.article_at[index] = len(self.articles) - 1
                    paragraph = ""
                title = self._title_line(index, heading)
                if title is not None:
                    title_of[title] = current
                continue
            if current is None:
                continue
            self.article_at[index] = len(self.articles) - 1
            numbered = PARAGRAPH_RE.match(line)
            if not numbered:
                continue
            if numbered["num"]:
                self.numbered.append(index)
                paragraph = numbered["num"].rstrip(".")
                current.paragraphs.setdefault(paragraph, set())
                labels = SUBPARAGRAPH_LABEL_RE.findall(numbered["subs"])
            else:
                labels = SUBPARAGRAPH_LABEL_RE.findall(numbered["only"])
            if labels:
                label = labels[0]
                current.paragraphs.setdefault(paragraph, set()).add(label)
                current.subparagraphs.add(label)
                if label.isdigit():  # "(2)" paragraphs, referred to as "Article 5(2)"
                    current.paragraphs.setdefault(label, set())


@lru_cache(maxsize=8)
def structure_of(text: str) -> Structure:
    """The structure of normalised ``text`` (every check asks; it is parsed once)."""
    return Structure(text)
