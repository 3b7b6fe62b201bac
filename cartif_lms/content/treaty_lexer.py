"""A Pygments lexer for the text of trade-agreement drafts.

Negotiators read drafts for two things at once: how strong each obligation is ("shall" binds,
"may" permits, "best endeavours" only obliges a Party to try) and what is still open (square
brackets, alternatives separated by " / ", and who proposed them). ``TreatyLexer`` gives each of
these its own token type.

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

The lexer never emits ``Token.Error``: a stray ``]`` is still a bracket, and an unclosed ``[``
brackets the rest of the text, so a half-edited draft always renders.
"""

from __future__ import annotations

import re

from pygments.formatters import HtmlFormatter
from pygments.lexer import RegexLexer, bygroups, default, include
from pygments.token import Generic, Keyword, Name, Number, Operator, String, Text, _TokenType

__all__ = [
    "Alternative",
    "Attribution",
    "Bracket",
    "Bracketed",
    "DefinedTerm",
    "Heading",
    "Modal",
    "OBLIGATION_STRENGTH",
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
    Modal.Shall: "treaty-shall",
    Modal.ShallNot: "treaty-shall-not",
    Modal.Must: "treaty-must",
    Modal.May: "treaty-may",
    Modal.Should: "treaty-should",
    Modal.Will: "treaty-will",
    Modal.Endeavour: "treaty-endeavour",
    Bracket: "treaty-bracket",
    Bracketed: "treaty-bracketed",
    Bracketed.Nested: "treaty-bracketed-2",
    Alternative: "treaty-alt",
    Attribution: "treaty-attribution",
    DefinedTerm: "treaty-defined",
    Heading: "treaty-article",
    ParagraphNumber: "treaty-para",
}

#: The legend for the modal verbs, strongest first: (css_class, label, meaning).
#: templates/content/_treaty_legend.html repeats these strings inside ``_()`` so that they are
#: translated; tests/content/test_treaty_lexer.py keeps the two in step.
OBLIGATION_STRENGTH: list[tuple[str, str, str]] = [
    ("treaty-shall", "shall", "binding obligation"),
    ("treaty-shall-not", "shall not / must not / may not", "binding prohibition"),
    ("treaty-must", "must", "binding obligation"),
    ("treaty-may", "may", "permission, no obligation"),
    ("treaty-should", "should", "recommendation, not binding"),
    ("treaty-will", "will", "statement of intent; binding force depends on context"),
    (
        "treaty-endeavour",
        "shall endeavour / best endeavours",
        "best effort: an obligation to try, not to achieve",
    ),
]


class TreatyHtmlFormatter(HtmlFormatter):
    """``HtmlFormatter`` that writes the application's readable class for each treaty token.

    ``<span class="treaty-shall">`` instead of Pygments' ``k k-Treaty k-Treaty-Modal ...``, so
    treaty.css, the legend and stored lessons keep their class names; every other token (Python
    in a lesson, say) gets Pygments' classes as usual. Pygments has no public hook for class
    names: ``_get_css_classes`` is the one method both class lookups go through, and
    tests/content/test_treaty_lexer.py fails if a Pygments release changes that.
    """

    def _get_css_classes(self, ttype: _TokenType) -> str:
        css = TOKEN_CSS_CLASSES.get(ttype)
        if css is None:
            return super()._get_css_classes(ttype)
        return self.classprefix + css


# --- Patterns ---------------------------------------------------------------------------------

# "5", "5.2", "12A", "II", "A", "1-A"; Article/Chapter/Section/Annex/Part may be followed by
# "bis", "ter" ... The heading must end the line or be followed by ":", ".", "-" or a dash and a
# title, so a sentence that begins "Article 5 of this Agreement applies" is not a heading.
_NUMBER = r"(?:\d+[a-z]?(?:\.\d+[a-z]?)*|[ivxlcdm]+|[a-z])(?:-[a-z0-9]+)*"
_LATIN = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"
_HEADING = (
    rf"^([ \t]*)((?:article|chapter|section|annex|part)[ \t]+{_NUMBER}(?:[ \t]*{_LATIN})?)"
    r"(?=[ \t]*(?:$|[:.\-\u2013\u2014]))"
)

# "1.", "2.3", "2.3.", "(a)", "(iv)", "(b)(ii)", "3.(a)" ... followed by a space or the line end.
_SUB = r"\((?:[a-z]{1,2}|[ivxlcdm]+|\d{1,3})\)"
_PARAGRAPH = rf"^([ \t]*)((?:\d+(?:\.\d+)+\.?|\d+\.)(?:{_SUB})*|(?:{_SUB})+)(?=[ \t]|$)"

# A label at the start of a bracket, up to and including its colon: "KZ:", "Delegation A:",
# "Proposed by KZ:", and "Proposed: AZ, GE:" (a label followed by a list of country codes and a
# second colon). The label is case-sensitive -- it starts with a capital -- so "[the following:"
# stays bracketed text.
_WORD = r"[A-Z][\w.&'\u2019-]*"
_CODES = r"[A-Z]{2,3}(?:[ \t]*,[ \t]*[A-Z]{2,3})*"
_ATTRIBUTION = (
    rf"(?-i:{_WORD}(?:[ \t](?:by|of|and|for|[A-Z0-9][\w.&'\u2019-]*)){{0,4}}[ \t]*:"
    rf"(?:[ \t]*{_CODES}[ \t]*:)?)"
    r"(?=\s|\]|$)"
)


def _bracket_states(
    text: _TokenType, state: str, head: str, open_nested: tuple[str, ...]
) -> dict[str, list]:
    """The body of a bracket at one depth, and its head (where an attribution may stand).

    ``open_nested`` is the state stack an inner ``[`` pushes: the deeper body, with its head on
    top so that an attribution can open the inner bracket too.
    """
    return {
        state: [
            (r"\[", Bracket, open_nested),
            (r"\]", Bracket, "#pop"),
            (r"(?<=\s)/(?=\s)", Alternative, head),
            (_HEADING, bygroups(text, Heading)),
            (_PARAGRAPH, bygroups(text, ParagraphNumber)),
            include("modals"),
            include("defined-terms"),
            (r"\w+", text),
            (r"\n", text),
            (r"[^\S\n]+", text),
            (r"[^\w\s\[\]\"\u201c/]+", text),
            (r".", text),
        ],
        head: [
            (rf"([ \t]*)({_ATTRIBUTION})", bygroups(text, Attribution), "#pop"),
            default("#pop"),
        ],
    }


class TreatyLexer(RegexLexer):
    """Obligation strength, brackets, defined terms and structure in treaty drafts."""

    name = "Treaty text"
    aliases = ["treaty"]
    filenames = ["*.treaty"]
    mimetypes = ["text/x-treaty"]
    flags = re.MULTILINE | re.IGNORECASE

    tokens = {
        "root": [
            (r"\[", Bracket, ("bracket", "head")),
            (r"\]", Bracket),  # a stray closing bracket: still shown as a bracket
            (_HEADING, bygroups(Text, Heading)),
            (_PARAGRAPH, bygroups(Text, ParagraphNumber)),
            include("modals"),
            include("defined-terms"),
            (r"\w+", Text),
            (r"\n", Text),
            (r"[^\S\n]+", Text),
            (r"[^\w\s\[\]\"\u201c]+", Text),
            (r".", Text),
        ],
        "modals": [
            # Longest first: "shall not" before "shall", "best endeavours" before "endeavours".
            # "shall endeavour" and "shall use best efforts" oblige a Party only to try, so the
            # whole phrase is best effort, not a binding "shall".
            (
                r"\bshall\s+(?:endeavou?r|use\s+(?:(?:its|their)\s+)?best\s+"
                r"(?:endeavou?rs?|efforts?))\b",
                Modal.Endeavour,
            ),
            (r"\b(?:shall|must|may)\s+not\b", Modal.ShallNot),
            (r"\bshall\b", Modal.Shall),
            (r"\bmust\b", Modal.Must),
            # "may", but not the month in "1 May 2024" or "May 2024".
            (r"(?<!\d[ \t])\bmay\b(?![ \t]+\d{4}\b)", Modal.May),
            (r"\bshould\b", Modal.Should),
            (r"\bwill\b", Modal.Will),
            (r"\bbest\s+(?:endeavou?rs?|efforts?)\b", Modal.Endeavour),
            (r"\bendeavou?rs?\b", Modal.Endeavour),
        ],
        "defined-terms": [
            # Quotes never span a line or a bracket, so a lone quote cannot swallow the draft.
            (r'"[^"\n\[\]]+"', DefinedTerm),
            (r"\u201c[^\u201d\n\[\]]+\u201d", DefinedTerm),
        ],
        # Depth 1 of brackets, then depth 2 and deeper ("#push" re-enters "bracket-nested").
        **_bracket_states(Bracketed, "bracket", "head", ("bracket-nested", "head-nested")),
        **_bracket_states(
            Bracketed.Nested, "bracket-nested", "head-nested", ("#push", "head-nested")
        ),
    }
