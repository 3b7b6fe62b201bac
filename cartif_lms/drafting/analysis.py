"""The analysis of a treaty draft: brackets, obligation strength, defined terms, references.

Pure functions over the text of a draft (no Flask, no database), shared by the drafting
workbench page and by ``lms lint-draft FILE [--json]``. ``analyse(text)`` runs every check and
``Analysis.to_json()`` is the public report. ``decode_draft`` (uploaded bytes) and
``check_draft_text`` (text from a form) are the input checks both front ends share.

Conventions of the drafts (the same as ``cartif_lms/content/treaty_lexer.py``):

Positions
    ``Position(line, col)`` is 1-based; ``col`` counts characters (a tab is one). Text is read
    with CRLF and CR line ends normalised to LF and a leading byte-order mark removed, so
    positions match what an editor shows.

Headings
    A heading line starts (after optional spaces and opening brackets, for a bracketed article
    such as ``[Article 5 bis``) with ``Article``, ``Chapter``, ``Section``, ``Annex`` or ``Part``
    (capitalised or upper case), a number (``5``, ``5.2``, ``12A``, Roman ``V``, a letter ``A``)
    and an optional ``bis``/``ter``..., and then ends, or goes on after ``:``, ``.``, ``-`` or a
    dash (``Article 2: Definitions``). ``Article 5 of this Agreement applies`` is not a heading.
    When nothing follows the number, the next non-blank line (one blank line may come first)
    is the heading's title if it is short (at most 12 words), unnumbered and does not end like
    a sentence (``Article 1`` / ``Definitions``). Heading and title lines are not sentences and
    are not searched for terms (references in them are checked: ``Article 4: Relation to
    Article 9``). An article runs from its heading to the next heading of any kind.

Paragraphs
    A line starting with ``1.`` or ``2.3`` starts a numbered paragraph of the current article;
    ``(a)``, ``(iv)`` or ``(2)`` at the start of a line (or after the paragraph number) is a
    subparagraph of the current paragraph. Opening brackets before the number are allowed.

Brackets
    ``[`` and ``]`` nest. A ``]`` with nothing open is *unmatched*; a ``[`` never closed is
    *unclosed* and brackets the rest of the text. Depth 1 is the outermost bracket. In a
    passage, `` / `` (a slash with white space on both sides) separates alternative wordings;
    only the slashes at the passage's own depth split it, nested brackets stay whole inside an
    alternative.

Attributions
    A label with a colon at the start of a bracket says whose text it is: ``[KZ: ...]`` ->
    ``("KZ",)``; ``[AZ, GE: ...]`` -> ``("AZ", "GE")``; ``[Delegation A: ...]`` ->
    ``("Delegation A",)``; ``[Proposed: AZ, GE: ...]``, ``[Proposed: AZ, GE]`` and
    ``[Proposed by KZ: ...]`` -> the listed delegations. Codes are 2-3 capital letters separated
    by commas or "and"; a label is a capitalised word and up to four more (``by``, ``of``,
    ``and``, ``for`` or capitalised words). A label must be followed by white space or the end of
    the passage. Labels that name no delegation -- ``Note:``, ``Drafting note:``, ``Comment:``,
    ``Footnote:``, ``Option 1:``, ``Alternative:``, ``Article 5:`` -- and lower-case text
    (``[the following: ...]``) are no attribution. The passage's attribution label is not part
    of its first alternative; a label that opens a later alternative (``[KZ: shall / AZ: may]``)
    stays in that alternative's text. A passage that holds only a label has no alternatives.

Modal verbs
    Case-insensitive whole words. ``shall endeavour``, ``shall use (its|their) best
    endeavours/efforts``, ``best endeavours``, ``best efforts`` and ``endeavour(s)`` (or
    ``endeavor``) are best effort and are not also counted as ``shall``. ``shall not``, ``must
    not`` and ``may not`` are prohibitions, each under its own key. ``May`` in ``1 May 2024`` or
    ``May 2024`` is the month. Words in quotation marks are quoted words, not obligations.

Defined terms
    A definitions article is an article whose heading line or title line contains the word
    ``Definitions`` (or ``DEFINITIONS``). Inside it, a term in straight or curly double quotes
    followed by ``means``, ``includes``, ``shall mean`` or ``shall include`` is defined (also
    ``"A" or "B" means``). A term is *used* when its words appear anywhere outside its own
    definition -- case-sensitive, whole words, quoted or not; a definition runs from its term to
    the next definition, the next numbered paragraph or the end of the article. *Undefined*
    terms are only looked for when the text has a definitions article (an extract without one
    cannot be judged) and are, outside heading lines:

    - terms in quotes outside the definitions article, unless defined in place (``"fee"
      means ...``), longer than six words or holding ``, . ; : ? !`` (then it is a quotation);
    - runs of two to eight Capitalised words on one line (``Customs Authority``, ``Enquiry
      Point``). A run that opens a sentence (after a paragraph number, an opening bracket or
      quote, an attribution, `` / `` or ``. ; : ? !``) loses its first word. Runs are ignored
      when they hold one of the words in ``NOT_TERM_WORDS`` (Article, Chapter, Section, Annex,
      Part, Party, Parties, Agreement, Protocol, Convention, Republic, months, the CAREC
      countries), hold a name in ``KNOWN_NAMES`` (World Trade Organization ...), continue a
      longer name (``Committee on Trade Facilitation``, ``Ministry of Foreign Affairs``: the
      run follows a capitalised word and ``of``, ``on`` or ``for``, optionally ``the``),
      are part of a defined term or contain a defined term of two or more words.

    Single capitalised words are not reported (too many are ordinary nouns).

Cross-references
    ``Article 5``, ``Articles 5 and 6``, ``Article 5.2``, ``Article 5(2)``, ``Article 5(2)(b)``,
    ``Article 5, paragraph 2``, ``Art. 5``, ``paragraph 3``, ``paragraphs 2 and 3``,
    ``paragraph 3(a)``, ``paragraph 3 of Article 5``, ``paragraph 3 of this Article``,
    ``subparagraph (b)``, ``subparagraph (b) of paragraph 2 [of Article 5]``. A reference is
    broken when its article has no heading in the text, when that article has no paragraph with
    that number, or when that paragraph (for a bare ``subparagraph (b)``: the article) has no
    such subparagraph. ``Article 5.2`` is found as an article numbered ``5.2`` or as paragraph 2
    (or ``5.2``) of Article 5. A bare ``paragraph N`` refers to the article it stands in (it is
    not checked outside articles). References to other instruments are skipped: when ``of`` or
    ``of the`` and a capitalised word or an acronym follows (``Article 11 of the TFA``,
    ``Article 31 of the Vienna Convention``, ``Article 3 of Annex 2``; ``of this Agreement`` is
    checked), when a bare paragraph is followed by any ``of``, or when an acronym in
    ``AGREEMENT_ACRONYMS`` stands right before or after (``GATT Article V``, ``GATT 1994 Article
    XX``). A text without any article heading has nothing to resolve references against, so
    none is reported. Lists report each broken item on its own (``Article 9``).

Sentences
    A sentence ends at ``.``, ``;``, ``?`` or ``!`` followed by white space or the end of the
    text (closing brackets and quotes may stand between), at a blank line, at a heading and
    where a line starts with a paragraph number. ``5.2``, ``e.g.``, ``i.e.``, ``Art.``, ``No.``,
    ``para.``, ``cf.``, ``viz.`` and initialisms such as ``U.N.`` do not end sentences. A word is
    a run of non-space characters holding a letter or a digit; the paragraph number is not one.

Size
    Every check is linear in the length of the text (bar a small factor), so a 200 KB draft
    takes well under a second. So that a pathological draft cannot make the inventory of
    passages quadratic in size, brackets nested deeper than ``MAX_PASSAGE_DEPTH`` are not listed
    as passages of their own (they stay in the text of the passages around them);
    ``check_brackets`` still counts them.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = [
    "AGREEMENT_ACRONYMS",
    "KNOWN_NAMES",
    "MAX_DRAFT_BYTES",
    "MAX_PASSAGE_DEPTH",
    "MODAL_KEYS",
    "NOT_TERM_WORDS",
    "STRENGTH",
    "Analysis",
    "BracketReport",
    "DefinedTerms",
    "DraftRejected",
    "LongSentence",
    "Passage",
    "Position",
    "Reference",
    "analyse",
    "bracketed_passages",
    "broken_references",
    "check_brackets",
    "check_draft_text",
    "decode_draft",
    "defined_terms",
    "group_by_strength",
    "long_sentences",
    "modal_verbs",
]

#: The largest draft accepted, in bytes of UTF-8.
MAX_DRAFT_BYTES = 200 * 1024

#: Passages nested deeper than this are not listed separately by ``bracketed_passages``.
MAX_PASSAGE_DEPTH = 16

#: The modal verbs as written, in the order of ``Analysis.to_json()["modals"]``.
MODAL_KEYS = (
    "shall",
    "shall not",
    "must",
    "must not",
    "may",
    "may not",
    "should",
    "will",
    "endeavour",
)

#: How strongly each modal verb binds.
STRENGTH = {
    "shall": "binding",
    "must": "binding",
    "shall not": "prohibition",
    "must not": "prohibition",
    "may not": "prohibition",
    "may": "permission",
    "should": "recommendation",
    "will": "intent",
    "endeavour": "best effort",
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_COUNTRIES = [
    "Afghanistan",
    "Azerbaijan",
    "China",
    "Georgia",
    "Kazakhstan",
    "Kyrgyz",
    "Mongolia",
    "Pakistan",
    "Tajikistan",
    "Turkmenistan",
    "Uzbekistan",
]

#: A run of capitalised words holding one of these is not a candidate defined term.
NOT_TERM_WORDS = frozenset(
    [
        "Article",
        "Articles",
        "Chapter",
        "Chapters",
        "Section",
        "Sections",
        "Annex",
        "Annexes",
        "Part",
        "Parts",
        "Party",
        "Parties",
        "Agreement",
        "Agreements",
        "Protocol",
        "Protocols",
        "Convention",
        "Conventions",
        "Republic",
    ]
    + _MONTHS
    + _COUNTRIES
)

#: Well-known names that are never reported as undefined terms.
KNOWN_NAMES = (
    "World Trade Organization",
    "World Customs Organization",
    "Trade Facilitation Agreement",
    "Vienna Convention",
    "Kyoto Convention",
    "Harmonized System",
    "Harmonised System",
    "Harmonized Commodity Description",
    "United Nations",
    "Asian Development Bank",
    "Central Asia Regional Economic Cooperation",
)

#: Acronyms of other instruments: a reference next to one is not to this text.
AGREEMENT_ACRONYMS = ("GATT", "GATS", "TFA", "TBT", "SPS", "WTO", "VCLT", "TRIPS", "RKC", "TIR")


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Position:
    """A place in the text: 1-based line and column (in characters)."""

    line: int
    col: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "col": self.col}


@dataclass(frozen=True)
class BracketReport:
    """Whether the square brackets of a draft balance.

    ``count`` is the number of pairs that close properly; ``max_depth`` the deepest nesting
    reached (unclosed brackets included).
    """

    balanced: bool
    count: int
    max_depth: int
    unclosed: list[Position]
    unmatched: list[Position]


@dataclass(frozen=True)
class Passage:
    """One bracketed passage: where it is, how deep, whose and which alternatives.

    ``start`` is the ``[``, ``end`` the ``]`` (``None`` when never closed, and then ``text`` runs
    to the end of the draft). ``text`` is the inside, without the outer brackets.
    """

    start: Position
    end: Position | None
    depth: int
    text: str
    attribution: tuple[str, ...]
    alternatives: tuple[str, ...]


@dataclass(frozen=True)
class DefinedTerms:
    """Terms defined in the definitions article, those never used, and undefined look-alikes."""

    defined: dict[str, Position]
    unused: list[str]
    undefined: list[str]


@dataclass(frozen=True)
class Reference:
    """A cross-reference to nothing in the text, as written (list items one by one)."""

    line: int
    ref: str


@dataclass(frozen=True)
class LongSentence:
    """A sentence longer than the limit: the line it starts on and its number of words."""

    line: int
    words: int


@dataclass(frozen=True)
class Analysis:
    """Everything ``analyse`` finds in a draft."""

    brackets: BracketReport
    passages: list[Passage]
    modals: dict[str, list[Position]]
    defined_terms: DefinedTerms
    broken_references: list[Reference]
    long_sentences: list[LongSentence]

    @property
    def has_blocking_problems(self) -> bool:
        """Unbalanced brackets or a broken reference: ``lms lint-draft`` exits 1."""
        return not self.brackets.balanced or bool(self.broken_references)

    def to_json(self) -> dict[str, Any]:
        """The public report (``lms lint-draft --json``); keep its shape stable."""
        return {
            "brackets": {
                "balanced": self.brackets.balanced,
                "count": self.brackets.count,
                "unclosed": [p.to_json() for p in self.brackets.unclosed],
                "unmatched": [p.to_json() for p in self.brackets.unmatched],
            },
            "modals": {key: len(self.modals.get(key, ())) for key in MODAL_KEYS},
            "defined_terms": {
                "unused": list(self.defined_terms.unused),
                "undefined": list(self.defined_terms.undefined),
            },
            "broken_references": [{"line": r.line, "ref": r.ref} for r in self.broken_references],
            "long_sentences": [{"line": s.line, "words": s.words} for s in self.long_sentences],
        }


# --- Input checks -----------------------------------------------------------------------------


class DraftRejected(ValueError):
    """A draft that cannot be analysed; the message is one line, fit to show to the user."""


_MAX_KB = MAX_DRAFT_BYTES // 1024


def _too_large(size: int) -> DraftRejected:
    return DraftRejected(
        f"The draft is larger than {_MAX_KB} KB ({math.ceil(size / 1024)} KB); "
        f"split it into parts of at most {_MAX_KB} KB."
    )


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_draft(data: bytes) -> str:
    """The text of an uploaded draft: UTF-8, BOM stripped, line ends normalised to LF.

    Raises ``DraftRejected`` for a draft that is too large, binary, not UTF-8 or empty.
    """
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_large(len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftRejected("The draft is encoded as UTF-16; save it as UTF-8 and try again.")
    if b"\x00" in data:
        raise DraftRejected(
            "The draft is a binary file, not text (it contains NUL bytes); "
            "upload a plain-text file."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DraftRejected(
            f"The draft is not valid UTF-8 (byte 0x{data[error.start]:02X} on line {line}); "
            "save it as UTF-8 and try again."
        ) from None
    text = _normalise(text)
    if not text.strip():
        raise DraftRejected("The draft is empty.")
    return text


def check_draft_text(text: str) -> str:
    """Text typed or pasted into a form, checked like an upload and normalised the same way."""
    text = _normalise(text)
    if not text.strip():
        raise DraftRejected("The draft is empty.")
    if "\x00" in text:
        raise DraftRejected("The draft contains NUL characters; paste plain text.")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        raise DraftRejected(f"The draft contains an invalid character on line {line}.") from None
    if size > MAX_DRAFT_BYTES:
        raise _too_large(size)
    return text


# --- The structure of a draft: lines, headings, articles, paragraphs --------------------------

_LATIN = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"
_HEADING_RE = re.compile(
    r"[ \t]*(?:\[[ \t]*)*"
    r"(?P<kind>Article|ARTICLE|Chapter|CHAPTER|Section|SECTION|Annex|ANNEX|Part|PART)[ \t]+"
    r"(?P<num>(?>\d+[A-Za-z]?(?:\.\d+[A-Za-z]?)*|[IVXLCDM]+|[A-Z])(?:-[A-Za-z0-9]+)*)"
    rf"(?:[ \t]*(?P<latin>{_LATIN})\b)?"
    r"(?=[ \t]*(?:$|[:.\-\u2013\u2014\]]))"
)
_SUB = r"\((?:[a-z]{1,2}|[ivxlcdm]+|\d{1,3})\)"
_PARA_LINE_RE = re.compile(
    r"[ \t]*(?:\[[ \t]*)*"
    rf"(?:(?P<num>\d+(?:\.\d+)+\.?|\d+\.)(?P<subs>(?:[ \t]*{_SUB})*)|(?P<only>(?:{_SUB})+))"
    r"(?=[ \t]|$)"
)
_SUB_LABEL_RE = re.compile(r"\(([^)]*)\)")
_DEFINITIONS_WORD_RE = re.compile(r"\b(?:Definitions|DEFINITIONS)\b")


def _article_key(number: str, latin: str | None) -> str:
    key = number.upper()
    return f"{key} {latin.lower()}" if latin else key


@dataclass
class _Article:
    key: str
    heading: int  # 0-based line index of the heading
    end_line: int  # index of the first line after the article
    definitions: bool = False
    paragraphs: dict[str, set[str]] = field(default_factory=dict)
    subparagraphs: set[str] = field(default_factory=set)


class _Structure:
    """Lines, headings and articles of a text, computed once per text (see ``_structure``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.heading_lines: set[int] = set()  # "Article 5", "Chapter 3" ...
        self.title_lines: set[int] = set()  # "Definitions" under "Article 1"
        self.numbered: list[int] = []  # lines that start a numbered paragraph ("1.", "2.3")
        self.articles: list[_Article] = []
        self.article_at: list[int] = [-1] * len(self.lines)
        self._parse()
        self.headings = frozenset(self.heading_lines | self.title_lines)
        self.by_key: dict[str, list[_Article]] = {}
        for article in self.articles:
            self.by_key.setdefault(article.key, []).append(article)

    def position(self, offset: int) -> Position:
        index = bisect.bisect_right(self.starts, offset) - 1
        return Position(index + 1, offset - self.starts[index] + 1)

    def line_index(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def next_numbered_paragraph(self, offset: int) -> int:
        """Where the first numbered paragraph after the line of ``offset`` starts."""
        index = bisect.bisect_right(self.numbered, self.line_index(offset))
        return self.starts[self.numbered[index]] if index < len(self.numbered) else len(self.text)

    def article_span(self, article: _Article) -> tuple[int, int]:
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
                _HEADING_RE.match(self.lines[j])
                or _PARA_LINE_RE.match(self.lines[j])
                or len(line.split()) > 12
                or line.rstrip(")]\"'\u201d\u2019").endswith((".", ";", ":", ","))
            ):
                return None
            return j
        return None

    def _parse(self) -> None:
        current: _Article | None = None
        paragraph = ""
        title_of: dict[int, _Article | None] = {}
        for index, line in enumerate(self.lines):
            if index in title_of:
                self.title_lines.add(index)
                owner = title_of.pop(index)
                if owner is not None and _DEFINITIONS_WORD_RE.search(line):
                    owner.definitions = True
                if current is not None:
                    self.article_at[index] = len(self.articles) - 1
                continue
            heading = _HEADING_RE.match(line)
            if heading:
                self.heading_lines.add(index)
                if current is not None:
                    current.end_line = index
                current = None
                if heading["kind"].lower() == "article":
                    current = _Article(
                        _article_key(heading["num"], heading["latin"]), index, len(self.lines)
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
            numbered = _PARA_LINE_RE.match(line)
            if not numbered:
                continue
            if numbered["num"]:
                self.numbered.append(index)
                paragraph = numbered["num"].rstrip(".")
                current.paragraphs.setdefault(paragraph, set())
                labels = _SUB_LABEL_RE.findall(numbered["subs"])
            else:
                labels = _SUB_LABEL_RE.findall(numbered["only"])
            if labels:
                label = labels[0]
                current.paragraphs.setdefault(paragraph, set()).add(label)
                current.subparagraphs.add(label)
                if label.isdigit():  # "(2)" paragraphs, referred to as "Article 5(2)"
                    current.paragraphs.setdefault(label, set())


@lru_cache(maxsize=8)
def _structure(text: str) -> _Structure:
    return _Structure(text)


# --- Brackets ---------------------------------------------------------------------------------

_BRACKET_RE = re.compile(r"\[|\]|(?<=\s)/(?=\s)")


@dataclass
class _Scan:
    pairs: int = 0
    max_depth: int = 0
    unclosed: list[int] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)
    # (offset of "[", offset of "]" or None, depth, offsets of the " / " at its own depth)
    passages: list[tuple[int, int | None, int, list[int]]] = field(default_factory=list)


@lru_cache(maxsize=8)
def _scan_brackets(text: str) -> _Scan:
    scan = _Scan()
    # Open brackets: (offset, index in scan.passages or -1 when too deep to list, slashes).
    stack: list[tuple[int, int, list[int] | None]] = []
    for match in _BRACKET_RE.finditer(text):
        char, offset = match.group(), match.start()
        if char == "[":
            if len(stack) < MAX_PASSAGE_DEPTH:
                slashes: list[int] = []
                stack.append((offset, len(scan.passages), slashes))
                scan.passages.append((offset, None, len(stack), slashes))
            else:
                stack.append((offset, -1, None))
            scan.max_depth = max(scan.max_depth, len(stack))
        elif char == "]":
            if not stack:
                scan.unmatched.append(offset)
                continue
            _, listed, _ = stack.pop()
            scan.pairs += 1
            if listed >= 0:
                start, _, depth, slashes = scan.passages[listed]
                scan.passages[listed] = (start, offset, depth, slashes)
        elif stack and stack[-1][2] is not None:  # " / " at the innermost listed passage's depth
            stack[-1][2].append(offset)
    scan.unclosed = [offset for offset, _, _ in stack]
    return scan


def check_brackets(text: str) -> BracketReport:
    """Whether the brackets balance: pairs, deepest nesting, unclosed ``[`` and stray ``]``."""
    text = _normalise(text)
    scan = _scan_brackets(text)
    where = _structure(text).position
    return BracketReport(
        balanced=not scan.unclosed and not scan.unmatched,
        count=scan.pairs,
        max_depth=scan.max_depth,
        unclosed=[where(offset) for offset in scan.unclosed],
        unmatched=[where(offset) for offset in scan.unmatched],
    )


_CODES = r"[A-Z]{2,3}(?:[ \t]*(?:,|&|\band\b)[ \t]*[A-Z]{2,3})*"
_LABEL_WORD = r"[A-Z][\w.&'\u2019-]*"
_LABEL = rf"{_LABEL_WORD}(?:[ \t](?:by|of|and|for|[A-Z0-9][\w.&'\u2019-]*)){{0,4}}"
_PROPOSED_RE = re.compile(
    rf"[ \t]*Propos(?:ed|al)(?:[ \t]+by)?[ \t]*:?[ \t]*(?P<who>{_CODES}|{_LABEL})"
    r"[ \t]*(?::(?=\s|\Z)|\Z)"
)
_ATTRIBUTION_RE = re.compile(
    rf"[ \t]*(?:(?P<codes>{_CODES})|(?P<label>{_LABEL}))[ \t]*:"
    rf"(?:[ \t]*(?P<more>{_CODES})[ \t]*:)?(?=\s|\Z)"
)
_CODE_RE = re.compile(r"[A-Z]{2,3}")
_NOT_ATTRIBUTION = frozenset(
    [
        "note",
        "notes",
        "comment",
        "comments",
        "footnote",
        "option",
        "options",
        "alternative",
        "alt",
        "variant",
        "article",
        "chapter",
        "section",
        "annex",
        "part",
        "paragraph",
        "proposal",
        "proposed",
    ]
)


def _attribution(inner: str) -> tuple[tuple[str, ...], int]:
    """The delegations named by a label at the start of ``inner``, and where the label ends."""
    proposed = _PROPOSED_RE.match(inner)
    if proposed:
        return _names(proposed["who"]), proposed.end()
    match = _ATTRIBUTION_RE.match(inner)
    if not match:
        return (), 0
    if match["more"]:
        return _names(match["more"]), match.end()
    if match["codes"]:
        return _names(match["codes"]), match.end()
    words = match["label"].lower().split()
    if words[0] in _NOT_ATTRIBUTION or words[-1] in _NOT_ATTRIBUTION:
        return (), 0
    return (" ".join(match["label"].split()),), match.end()


def _names(who: str) -> tuple[str, ...]:
    if re.fullmatch(_CODES, who):
        return tuple(_CODE_RE.findall(who))
    return (" ".join(who.split()),)


def bracketed_passages(text: str) -> list[Passage]:
    """Every bracketed passage, in the order of its ``[`` (see the module docstring)."""
    text = _normalise(text)
    scan = _scan_brackets(text)
    where = _structure(text).position
    passages = []
    for start, end, depth, slashes in scan.passages:
        inner_end = len(text) if end is None else end
        inner = text[start + 1 : inner_end]
        attribution, label_end = _attribution(inner)
        first = start + 1 + label_end
        cuts = [first, *(slash for slash in slashes if slash >= first), inner_end]
        options = [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
        options = [options[0]] + [option[1:].strip() for option in options[1:]]  # drop "/"
        alternatives = () if len(options) == 1 and not options[0] else tuple(options)
        passages.append(
            Passage(
                start=where(start),
                end=None if end is None else where(end),
                depth=depth,
                text=inner,
                attribution=attribution,
                alternatives=alternatives,
            )
        )
    return passages


# --- Modal verbs ------------------------------------------------------------------------------

_MODAL_RE = re.compile(
    r"(?P<phrase>\bshall\s+(?:endeavou?r|use\s+(?:(?:its|their)\s+)?best\s+"
    r"(?:endeavou?rs?|efforts?))\b)"
    r"|(?P<negative>\b(?P<verb>shall|must|may)\s+not\b)"
    r"|(?P<shall>\bshall\b)"
    r"|(?P<must>\bmust\b)"
    r"|(?P<may>(?<!\d[ \t])\bmay\b(?![ \t]+\d{4}\b))"
    r"|(?P<should>\bshould\b)"
    r"|(?P<will>\bwill\b)"
    r"|(?P<effort>\bbest\s+(?:endeavou?rs?|efforts?)\b|\bendeavou?rs?\b)",
    re.IGNORECASE,
)
_QUOTED_RE = re.compile(r'"(?P<s>[^"\n\[\]]+)"|\u201c(?P<c>[^\u201d\n\[\]]+)\u201d')


def modal_verbs(text: str) -> dict[str, list[Position]]:
    """Where each modal verb stands, under the keys of ``MODAL_KEYS`` (all present)."""
    text = _normalise(text)
    where = _structure(text).position
    quoted = [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)]
    quote_starts = [start for start, _ in quoted]
    found: dict[str, list[Position]] = {key: [] for key in MODAL_KEYS}
    for match in _MODAL_RE.finditer(text):
        index = bisect.bisect_right(quote_starts, match.start()) - 1
        if index >= 0 and match.start() < quoted[index][1]:
            continue  # a quoted word, not an obligation
        kind = match.lastgroup
        if kind in ("phrase", "effort"):
            key = "endeavour"
        elif kind in ("negative", "verb"):
            key = f"{match['verb'].lower()} not"
        else:
            key = kind
        found[key].append(where(match.start()))
    return found


def group_by_strength(modals: dict[str, list[Position]]) -> dict[str, list[Position]]:
    """``modal_verbs`` grouped by ``STRENGTH``: binding, prohibition ... best effort, sorted."""
    grouped: dict[str, list[Position]] = {}
    for key in MODAL_KEYS:
        grouped.setdefault(STRENGTH[key], []).extend(modals.get(key, ()))
    return {strength: sorted(positions) for strength, positions in grouped.items()}


# --- Defined terms ----------------------------------------------------------------------------

_QUOTE = r'(?:"[^"\n\[\]]+"|\u201c[^\u201d\n\[\]]+\u201d)'
_DEFINITION_RE = re.compile(
    rf"(?P<terms>{_QUOTE}(?:\s*,?\s*(?:or|and/or|,)\s*{_QUOTE})*)"
    r"\s*,?\s*(?:means|includes|shall\s+mean|shall\s+include)\b"
)
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_CAP = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*"
_CAPITALISED_RUN_RE = re.compile(rf"(?<![\w'\u2019-]){_CAP}(?:[ \t]+{_CAP})+(?![\w-])")
_OPENERS = " \t[(\"'\u201c\u2018"
_CONTINUED_NAME_RE = re.compile(r"[A-Z][\w'\u2019-]*[ \t]+(?:of|on|for)(?:[ \t]+the)?[ \t]+\Z")
_PARA_PREFIX_RE = re.compile(rf"[ \t]*(?:\[[ \t]*)*(?:\d+(?:\.\d+)+\.?|\d+\.)?(?:[ \t]*{_SUB})*")
_MAX_RUN_WORDS = 8
_MAX_QUOTED_WORDS = 6


def _quoted_term(match: re.Match[str]) -> tuple[str, int]:
    """The term inside a quote match, whitespace stripped, and the offset of its first letter."""
    group = "s" if match["s"] is not None else "c"
    raw = match[group]
    return raw.strip(), match.start(group) + (len(raw) - len(raw.lstrip()))


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of ``spans`` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return index >= 0 and offset < spans[index][1]


def _subsequences(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {words[i:j] for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


def _opens_sentence(text: str, offset: int, line_start: int) -> bool:
    i = offset - 1
    while i >= line_start and text[i] in _OPENERS:
        i -= 1
    if i < line_start or text[i] in ".;:?!/":
        return True
    if text[i] == ")":  # "(a) Customs ...": right after a paragraph number
        prefix = _PARA_PREFIX_RE.match(text, line_start)
        return prefix is not None and prefix.end() == i + 1
    return False


def defined_terms(text: str) -> DefinedTerms:
    """Terms defined in the definitions article, the unused ones and undefined look-alikes."""
    text = _normalise(text)
    structure = _structure(text)
    spans = [structure.article_span(a) for a in structure.articles if a.definitions]

    def in_definitions(offset: int) -> bool:
        return _inside(spans, offset)

    # Definitions: inside the definitions articles; "in place" ones elsewhere.
    defined: dict[str, Position] = {}
    own: dict[str, list[tuple[int, int]]] = {}  # term -> its own definitions, in text order
    in_place: set[int] = set()  # offsets of quotes that define a term outside the article
    for start, end in spans:
        matches = list(_DEFINITION_RE.finditer(text, start, end))
        for number, match in enumerate(matches):
            stop = matches[number + 1].start() if number + 1 < len(matches) else end
            stop = min(stop, structure.next_numbered_paragraph(match.end()))
            for quote in _QUOTED_RE.finditer(text, match.start(), match.end("terms")):
                term, offset = _quoted_term(quote)
                defined.setdefault(term, structure.position(offset))
                own.setdefault(term, []).append((match.start(), stop))
    for match in _DEFINITION_RE.finditer(text):
        if not in_definitions(match.start()):
            in_place.update(match.start() + q.start() for q in _QUOTED_RE.finditer(match["terms"]))

    # Uses: the term's words anywhere outside its own definitions.
    tokens = [(m.start(), m.group()) for m in _TOKEN_RE.finditer(text)]
    words = [token for _, token in tokens]
    term_of: dict[tuple[str, ...], list[str]] = {}
    lengths: dict[str, set[int]] = {}
    for term in defined:
        key = tuple(_TOKEN_RE.findall(term))
        if key:
            term_of.setdefault(key, []).append(term)
            lengths.setdefault(key[0], set()).add(len(key))
    used: set[str] = set()
    for i, word in enumerate(words):
        for length in lengths.get(word, ()):
            for term in term_of.get(tuple(words[i : i + length]), ()):
                offset = tokens[i][0]
                if term not in used and not _inside(own[term], offset):
                    used.add(term)
    unused = sorted(term for term in defined if term not in used)

    undefined: set[str] = set()
    if spans:
        defined_words = {tuple(term.split()) for term in defined}
        inside_defined = set().union(*(_subsequences(w) for w in defined_words if len(w) <= 12))
        contained = {w for w in defined_words if len(w) >= 2} | {
            tuple(name.split()) for name in KNOWN_NAMES
        }
        for match in _QUOTED_RE.finditer(text):
            term, _ = _quoted_term(match)
            if (
                term
                and term not in defined
                and match.start() not in in_place
                and not in_definitions(match.start())
                and structure.line_index(match.start()) not in structure.headings
                and len(term.split()) <= _MAX_QUOTED_WORDS
                and not re.search(r"[,.;:?!]", term)
            ):
                undefined.add(term)
        for match in _CAPITALISED_RUN_RE.finditer(text):
            line = structure.line_index(match.start())
            if line in structure.headings:
                continue
            run = tuple(match.group().split())
            if _opens_sentence(text, match.start(), structure.starts[line]):
                run = run[1:]
            elif _CONTINUED_NAME_RE.search(text, max(0, match.start() - 60), match.start()):
                continue
            if (
                not 2 <= len(run) <= _MAX_RUN_WORDS
                or any(word in NOT_TERM_WORDS for word in run)
                or run in inside_defined
                or _subsequences(run) & contained
            ):
                continue
            undefined.add(" ".join(run))
    return DefinedTerms(defined=defined, unused=unused, undefined=sorted(undefined))


# --- Cross-references -------------------------------------------------------------------------

_ART = rf"(?:\d+(?:\.\d+)*[A-Za-z]?|[IVXLCDM]+)(?!\w)(?:[ \t]+{_LATIN}\b)?"
_SUBREF = r"\((?:[a-z]{1,2}|[ivxlcdm]+)\)"
_SEP = r"(?:\s*,\s*(?:(?:and|or)\s+)?|\s+(?:and|or|to|through)\s+|\s*[-\u2013]\s*)"
_ART_ITEM = rf"{_ART}(?:\(\d+\))?(?:{_SUBREF})*"
_PARA_ITEM = rf"\d+(?:\.\d+)*(?:[ \t]?{_SUBREF})*"
_REFERENCE_RE = re.compile(
    # subparagraph (b) [of paragraph 2] [of Article 5 | of this Article]; subparagraph 2(b)
    r"(?<![\w-])[Ss]ub-?paragraphs?\s+"
    rf"(?:(?P<sp_num>\d+)(?P<sp_num_subs>(?:{_SUBREF})+)|(?P<sp_subs>{_SUBREF}(?:{_SEP}{_SUBREF})*))"
    r"(?:\s+of\s+paragraph\s+(?P<sp_para>\d+(?:\.\d+)*))?"
    rf"(?:\s+of\s+(?:(?P<sp_this>this\s+Article)|Article\s+(?P<sp_art>{_ART})))?"
    # paragraph 3 [of Article 5 | of this Article]; paragraphs 2 and 3; paragraph 3(a)
    rf"|(?<![\w-])[Pp]aragraphs?\s+(?P<paras>{_PARA_ITEM}(?:{_SEP}{_PARA_ITEM})*)"
    rf"(?:\s+of\s+(?:(?P<p_this>this\s+Article)|Article\s+(?P<p_art>{_ART})))?"
    # Article 5; Articles 5 and 6; Article 5(2)(b); Article 5, paragraph 2; Art. 5 -- but not
    # "Article 5, paragraph 2 of Article 6", which is a list followed by another reference.
    rf"|\b(?:Articles?|Art\.)\s+(?P<arts>{_ART_ITEM}(?:{_SEP}{_ART_ITEM})*)"
    rf"(?:\s*,\s*paragraph\s+(?P<a_para>(?>\d+(?:\.\d+)*))"
    rf"(?P<a_para_subs>(?>(?:{_SUBREF})*))(?!\s+of\b))?"
)
_ART_ITEM_RE = re.compile(
    rf"(?P<num>(?:\d+(?:\.\d+)*[A-Za-z]?|[IVXLCDM]+)(?!\w))(?:[ \t]+(?P<latin>{_LATIN})\b)?"
    rf"(?:\((?P<para>\d+)\))?(?P<subs>(?:{_SUBREF})*)"
)
_PARA_ITEM_RE = re.compile(rf"(?P<num>\d+(?:\.\d+)*)(?P<subs>(?:[ \t]?{_SUBREF})*)")
_ACRONYMS = "|".join(AGREEMENT_ACRONYMS)
_OTHER_INSTRUMENT_AFTER_RE = re.compile(
    r"\s+of\s+(?:the\s+)?(?!(?:Articles?|Chapter|Section|Part)\b)(?:[A-Z]{2,}|[A-Z][a-z])"
    rf"|[ \t]+(?:{_ACRONYMS})\b"
)
_OTHER_INSTRUMENT_BEFORE_RE = re.compile(rf"\b(?:{_ACRONYMS})(?:\s+\d{{4}})?[ \t]+\Z")
_ANY_OF_RE = re.compile(r"\s+of\s")


class _Resolver:
    def __init__(self, structure: _Structure) -> None:
        self.structure = structure

    def article(self, key: str) -> list[_Article]:
        return self.structure.by_key.get(key, [])

    @staticmethod
    def paragraph(articles: list[_Article], number: str, sub: str | None) -> bool:
        """Whether one of ``articles`` has paragraph ``number`` (with subparagraph ``sub``)."""
        for article in articles:
            labels = article.paragraphs.get(number)
            if labels is not None and (sub is None or sub in labels):
                return True
        return False

    @staticmethod
    def subparagraph(articles: list[_Article], sub: str) -> bool:
        return any(sub in article.subparagraphs for article in articles)

    def article_item(self, key: str, para: str | None, sub: str | None) -> bool:
        articles = self.article(key)
        if not articles:
            if "." not in key:
                return False
            base, rest = key.split(".", 1)  # "Article 5.2": paragraph 2 of Article 5
            base_articles = self.article(base)
            return self.paragraph(base_articles, rest, None) or self.paragraph(
                base_articles, key, None
            )
        if para is not None:
            return self.paragraph(articles, para, sub)
        return sub is None or self.subparagraph(articles, sub)


def _first_sub(subs: str | None) -> str | None:
    labels = _SUB_LABEL_RE.findall(subs or "")
    return labels[0] if labels else None


def broken_references(text: str) -> list[Reference]:
    """References to articles, paragraphs and subparagraphs that are not in the text."""
    text = _normalise(text)
    structure = _structure(text)
    if not structure.articles:
        return []
    resolve = _Resolver(structure)
    broken: list[Reference] = []
    for match in _REFERENCE_RE.finditer(text):
        line = structure.line_index(match.start())
        after = _OTHER_INSTRUMENT_AFTER_RE.match(text, match.end())
        before = _OTHER_INSTRUMENT_BEFORE_RE.search(text, max(0, match.start() - 30), match.start())
        if after or before:
            continue
        written = " ".join(match.group().split())
        current = structure.article_at[line]
        here = [structure.articles[current]] if current >= 0 else None
        problems: list[str] = []  # the broken items, as written or canonical for lists

        if match["arts"] is not None:
            items = list(_ART_ITEM_RE.finditer(match["arts"]))
            for item in items:
                key = _article_key(item["num"], item["latin"])
                para, sub = item["para"], _first_sub(item["subs"])
                if match["a_para"] and item is items[-1]:
                    para, sub = match["a_para"], _first_sub(match["a_para_subs"])
                if not resolve.article_item(key, para, sub):
                    problems.append(f"Article {' '.join(item.group().split())}")
        elif match["paras"] is not None:
            explicit = match["p_art"]
            if explicit:
                articles = resolve.article(_article_key(*_split_latin(explicit)))
            elif match["p_this"] or not _ANY_OF_RE.match(text, match.end()):
                articles = here
            else:
                continue  # "paragraph 2 of Annex 1": not resolvable here
            if articles is None:
                continue  # a bare paragraph outside any article
            suffix = f" of Article {' '.join(explicit.split())}" if explicit else ""
            for item in _PARA_ITEM_RE.finditer(match["paras"]):
                if not resolve.paragraph(articles, item["num"], _first_sub(item["subs"])):
                    problems.append(f"paragraph {''.join(item.group().split())}{suffix}")
        else:
            explicit = match["sp_art"]
            if explicit:
                articles = resolve.article(_article_key(*_split_latin(explicit)))
            elif match["sp_this"] or not _ANY_OF_RE.match(text, match.end()):
                articles = here
            else:
                continue
            if articles is None:
                continue
            para = match["sp_num"] or match["sp_para"]
            labels = _SUB_LABEL_RE.findall(match["sp_num_subs"] or match["sp_subs"])
            if match["sp_num"]:
                labels = labels[:1]
            for label in labels:
                found = (
                    resolve.paragraph(articles, para, label)
                    if para
                    else resolve.subparagraph(articles, label)
                )
                if not found:
                    problems.append(f"subparagraph ({label})")
        if len(problems) == 1 and _is_single_item(match):
            problems = [written]
        broken.extend(Reference(line=line + 1, ref=problem) for problem in problems)
    return broken


def _split_latin(number: str) -> tuple[str, str | None]:
    parts = number.split()
    return parts[0], (parts[1] if len(parts) > 1 else None)


def _is_single_item(match: re.Match[str]) -> bool:
    if match["arts"] is not None:
        return len(_ART_ITEM_RE.findall(match["arts"])) == 1
    if match["paras"] is not None:
        return len(_PARA_ITEM_RE.findall(match["paras"])) == 1
    return match["sp_subs"] is None or len(_SUB_LABEL_RE.findall(match["sp_subs"])) == 1


# --- Long sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "e.g.",
        "i.e.",
        "art.",
        "arts.",
        "no.",
        "nos.",
        "para.",
        "paras.",
        "cf.",
        "viz.",
        "vol.",
        "p.",
        "pp.",
        "mr.",
        "ms.",
        "dr.",
    ]
)
_INITIALISM_RE = re.compile(r"(?:[A-Za-z]\.){2,}")
_WORD_RE = re.compile(r"\S+")
_CLOSERS = ")]\"'\u201d\u2019"


def long_sentences(text: str, limit: int = 60) -> list[LongSentence]:
    """Sentences of more than ``limit`` words, by the line they start on."""
    text = _normalise(text)
    structure = _structure(text)
    found: list[LongSentence] = []
    start_line, words = 0, 0

    def end_sentence() -> None:
        nonlocal words
        if words > limit:
            found.append(LongSentence(line=start_line, words=words))
        words = 0

    for index, line in enumerate(structure.lines):
        if index in structure.headings or not line.strip():
            end_sentence()
            continue
        begin = 0
        numbered = _PARA_LINE_RE.match(line)
        if numbered:
            end_sentence()
            begin = numbered.end()
        for token in _WORD_RE.finditer(line, begin):
            word = token.group()
            if not any(c.isalnum() for c in word):
                continue
            if words == 0:
                start_line = index + 1
            words += 1
            bare = word.rstrip(_CLOSERS)
            if bare.endswith((".", ";", "?", "!")):
                core = bare.lstrip("([\"'\u201c\u2018").lower()
                if bare.endswith(".") and (
                    core in _ABBREVIATIONS or _INITIALISM_RE.fullmatch(core)
                ):
                    continue
                end_sentence()
    end_sentence()
    return found


# --- Everything -------------------------------------------------------------------------------


def analyse(text: str, *, long_sentence_limit: int = 60) -> Analysis:
    """Every check of this module on one draft."""
    text = _normalise(text)
    return Analysis(
        brackets=check_brackets(text),
        passages=bracketed_passages(text),
        modals=modal_verbs(text),
        defined_terms=defined_terms(text),
        broken_references=broken_references(text),
        long_sentences=long_sentences(text, long_sentence_limit),
    )
