"""A Pygments lexer for the text of trade-agreement drafts.

Negotiators read drafts for two things at once: how strong each obligation is ("shall" binds,
"may" permits, "best endeavours" only obliges a Party to try) and what is still open (square
brackets, alternatives separated by " / ", and who proposed them). ``TreatyLexer`` gives each of
these its own token type. What counts as a heading, a paragraph number, an attribution, a
defined term or a modal verb is not decided here: the patterns and the table of obligation
strength come from ``cartif_lms.treaty.notation``, which ``lms lint-draft`` reads too, so the
colours and the linter never disagree.

Each token type is a subtype of a standard Pygments type, so every standard style colours treaty
text (``pygmentize -l treaty``, in the terminal and in HTML) by inheritance:

=================  ==========================================  ==============================
kind               token type                                  why this standard type
=================  ==========================================  ==============================
modal verbs        ``Keyword.Treaty.Modal.<Strength>``         they carry the legal force
headings           ``Generic.Heading.Treaty``                  "Article 7" heads a provision
paragraph numbers  ``Number.Treaty``                           "1.", "2.3", "(a)"
brackets           ``String.Delimiter.Treaty``                 they open and close open text,
bracketed text     ``String.Treaty`` (``.Nested`` deeper)      as quotes delimit a string
alternatives       ``Operator.Word.Treaty``                    the " / " reads "or"
attributions       ``Name.Attribute.Treaty``                   who proposed the bracket
defined terms      ``Name.Constant.Treaty``                    one fixed meaning throughout
=================  ==========================================  ==============================

Standard styles tell the seven obligation strengths apart only as keywords; the application's
own stylesheet (``cartif_lms/static/treaty.css``) gives each strength its colour and cue. Its
pages are rendered with ``TreatyHtmlFormatter``, which writes the readable class of
``TOKEN_CSS_CLASSES`` (``treaty-shall``, ``treaty-bracketed`` ...) for each treaty token. Plain
``HtmlFormatter`` (``pygmentize -f html``) writes Pygments' own classes (``k k-Treaty ...``), which
every standard stylesheet colours, because ``pygments.token.STANDARD_TYPES`` is left alone.

Lexing is two passes. A ``RegexLexer`` follows the brackets (their depth is state) and finds
modal verbs and defined terms. Then headings, paragraph numbers and attributions -- which the
notation defines by what stands before them on the line or in the bracket -- are laid over
those tokens where ``HEADING_RE``, ``PARAGRAPH_RE`` and ``attribution_at`` find them, the same
functions the linter calls. They never cover a bracket or a slash, so the first pass's state is
never contradicted.

The lexer never emits ``Token.Error``: a stray ``]`` is still a bracket, and an unclosed ``[``
brackets the rest of the text, so a half-edited draft always renders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pygments.formatters import HtmlFormatter
from pygments.lexer import RegexLexer, include
from pygments.token import Generic, Keyword, Name, Number, Operator, String, Text, _TokenType

from .notation import (
    ALTERNATIVE,
    HEADING_RE,
    MODAL_PATTERNS,
    MODAL_VERBS,
    OBLIGATIONS,
    PARAGRAPH_RE,
    QUOTE,
    attribution_at,
    heading_span,
)

__all__ = [
    "Alternative",
    "Attribution",
    "Bracket",
    "Bracketed",
    "DefinedTerm",
    "Heading",
    "Modal",
    "ParagraphNumber",
    "TOKEN_CSS_CLASSES",
    "TreatyHtmlFormatter",
    "TreatyLexer",
]

#: "Article 5", "ARTICLE 5.2", "Article 5 bis", "Chapter 3", "Section II", "Annex 1", "Part III".
Heading = Generic.Heading.Treaty
#: "1.", "2.3", "(a)", "(iv)", "(b)(ii)" at the start of a line.
ParagraphNumber = Number.Treaty
#: The square brackets themselves.
Bracket = String.Delimiter.Treaty
#: Text inside one pair of brackets; ``Bracketed.Nested`` for text two or more brackets deep.
Bracketed = String.Treaty
#: The " / " between alternative wordings inside brackets (the slash only).
Alternative = Operator.Word.Treaty
#: "KZ:", "Delegation A:", "Proposed: AZ, GE:" at the start of a bracket or of an alternative.
Attribution = Name.Attribute.Treaty
#: A term in straight or curly double quotes, quotes included.
DefinedTerm = Name.Constant.Treaty
#: Modal verbs; each obligation strength has its own subtype (``Modal.Shall``, ``Modal.May`` ...).
Modal = Keyword.Treaty.Modal

#: Every token type the lexer emits besides ``Text``, with the class the application styles.
TOKEN_CSS_CLASSES: dict[_TokenType, str] = {
    **{getattr(Modal, o.token): o.css_class for o in OBLIGATIONS},
    Bracket: "treaty-bracket",
    Bracketed: "treaty-bracketed",
    Bracketed.Nested: "treaty-bracketed-2",
    Alternative: "treaty-alt",
    Attribution: "treaty-attribution",
    DefinedTerm: "treaty-defined",
    Heading: "treaty-article",
    ParagraphNumber: "treaty-para",
}

# The token type of each modal verb the notation knows ("must not" -> Modal.ShallNot).
_MODAL_TYPES = {verb.key: getattr(Modal, verb.obligation.token) for verb in MODAL_VERBS}

if TYPE_CHECKING:  # the stubs make HtmlFormatter generic; at run time it is a plain class
    _HtmlFormatter = HtmlFormatter[str]
else:
    _HtmlFormatter = HtmlFormatter


class TreatyHtmlFormatter(_HtmlFormatter):
    """``HtmlFormatter`` that writes the application's readable class for each treaty token.

    ``<span class="treaty-shall">`` instead of Pygments' ``k k-Treaty k-Treaty-Modal ...``, so
    treaty.css, the legend and stored lessons keep their class names; every other token (Python
    in a lesson, say) gets Pygments' classes as usual. Pygments has no public hook for class
    names: ``_get_css_classes`` is the one method both class lookups go through, and
    tests/treaty/test_lexer.py fails if a Pygments release changes that.
    """

    def _get_css_classes(self, ttype: _TokenType) -> str:
        css = TOKEN_CSS_CLASSES.get(ttype)
        if css is None:
            parent: Any = super()  # a private method, absent from the stubs
            return str(parent._get_css_classes(ttype))
        return str(self.classprefix) + css


# --- First pass: brackets, modal verbs, defined terms -----------------------------------------


def _bracket_state(text: _TokenType, state: str, deeper: str) -> dict[str, list[Any]]:
    """The body of a bracket at one depth; ``deeper`` is the state an inner ``[`` enters."""
    return {
        state: [
            (r"\[", Bracket, deeper),
            (r"\]", Bracket, "#pop"),
            (ALTERNATIVE, Alternative),
            include("modals"),
            include("defined-terms"),
            (r"\w+", text),
            (r"\n", text),
            (r"[^\S\n]+", text),
            (r"[^\w\s\[\]\"\u201c/]+", text),
            (r".", text),
        ],
    }


# --- Second pass: headings, paragraph numbers, attributions -----------------------------------

_Span = tuple[int, int, _TokenType]
_WORD_RE = re.compile(r"\S+")


def _structure_spans(text: str) -> Iterator[_Span]:
    """Headings and paragraph numbers, line by line, as the notation finds them."""
    offset = 0
    for line in text.split("\n"):
        heading = HEADING_RE.match(line)
        numbered = None if heading else PARAGRAPH_RE.match(line)
        if heading:
            start, end = heading_span(heading)
            yield offset + start, offset + end, Heading
        elif numbered:
            begin = numbered.start("num" if numbered["num"] is not None else "only")
            # "1. (a)" is two numbers with a space between, "(b)(ii)" one.
            for part in _WORD_RE.finditer(line, begin, numbered.end()):
                yield offset + part.start(), offset + part.end(), ParagraphNumber
        offset += len(line) + 1


def _attribution_spans(text: str, tokens: Iterable[tuple[int, _TokenType, str]]) -> Iterator[_Span]:
    """Attribution labels after each ``[`` and each alternative slash."""
    for index, ttype, value in tokens:
        if (ttype is Bracket and value == "[") or ttype is Alternative:
            found = attribution_at(text, index + 1)
            if found is not None and found.label_end > found.start:
                yield found.start, found.label_end, Attribution


def _overlay(
    text: str, tokens: list[tuple[int, _TokenType, str]], spans: Iterable[_Span]
) -> Iterator[tuple[int, _TokenType, str]]:
    """``tokens`` with each span of ``spans`` made one token of its type (first one wins where
    spans overlap); the text is unchanged, token boundaries move only at span edges."""
    ordered: list[_Span] = []
    for candidate in sorted(spans):
        if not ordered or candidate[0] >= ordered[-1][1]:
            ordered.append(candidate)
    pending = iter(ordered)
    span: _Span | None = next(pending, None)
    for start, ttype, value in tokens:
        pos, end = start, start + len(value)
        while pos < end:
            while span is not None and span[1] <= pos:
                span = next(pending, None)
            if span is None or end <= span[0]:
                yield pos, ttype, value[pos - start :]
                break
            if pos < span[0]:
                yield pos, ttype, value[pos - start : span[0] - start]
                pos = span[0]
            if pos == span[0]:
                yield span[0], span[2], text[span[0] : span[1]]
            pos = min(end, span[1])


class TreatyLexer(RegexLexer):
    """Obligation strength, brackets, defined terms and structure in treaty drafts."""

    name = "Treaty text"
    aliases = ["treaty"]
    filenames = ["*.treaty"]
    mimetypes = ["text/x-treaty"]
    flags = re.MULTILINE

    tokens = {
        "root": [
            (r"\[", Bracket, "bracket"),
            (r"\]", Bracket),  # a stray closing bracket: still shown as a bracket
            include("modals"),
            include("defined-terms"),
            (r"\w+", Text),
            (r"\n", Text),
            (r"[^\S\n]+", Text),
            (r"[^\w\s\[\]\"\u201c]+", Text),
            (r".", Text),
        ],
        "modals": [(pattern, _MODAL_TYPES[key]) for pattern, key in MODAL_PATTERNS],
        "defined-terms": [(QUOTE, DefinedTerm)],
        # Depth 1 of brackets, then depth 2 and deeper ("#push" re-enters "bracket-nested").
        **_bracket_state(Bracketed, "bracket", "bracket-nested"),
        **_bracket_state(Bracketed.Nested, "bracket-nested", "#push"),
    }

    def get_tokens_unprocessed(
        self, text: str, stack: Iterable[str] = ("root",)
    ) -> Iterator[tuple[int, _TokenType, str]]:
        """The first pass's tokens with headings, paragraph numbers and attributions laid over."""
        tokens = list(super().get_tokens_unprocessed(text, stack))
        spans = [*_structure_spans(text), *_attribution_spans(text, tokens)]
        return _overlay(text, tokens, spans)
