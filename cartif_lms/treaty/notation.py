"""The notation of treaty drafts, defined once for everything that reads it.

Three readers must agree on what a heading, a paragraph number, a bracket, an attribution or a
modal verb is: the Pygments lexer (``cartif_lms.treaty.lexer``) colours them, the draft linter
(``cartif_lms.drafting.lint``: ``lms lint-draft`` and the workbench) checks them, and the colour
key (``templates/content/_treaty_legend.html``) lists ``OBLIGATIONS``. Each takes its patterns
and tables from here; none defines its own. Patterns carry their own case rules (``(?i:...)``
where case does not matter), so they mean the same whatever flags a reader compiles with.

Text is read with CRLF and CR line ends normalised to LF. "Line start" below means the start of
a line after optional spaces, tabs and opening brackets (``[Article 5 bis``, ``[1. Each``).

Headings
    ``Article``, ``Chapter``, ``Section``, ``Annex`` or ``Part``, written Capitalised or in
    CAPITALS, at line start; then a number (``5``, ``5.2``, ``12A``, Roman ``V``, a letter ``A``,
    ``1-A``) and an optional ``bis``, ``ter`` ...; then the end of the line or ``:``, ``.``,
    ``-``, a dash or ``]`` (``Article 2: Definitions``, ``Article 7 - Freedom of Transit``).
    Anything else is running text, and there "Article 5" is a reference, not a heading:
    ``Article 5 of this Agreement applies`` (a word follows the number), ``Article 5`` within a
    line, and ``article 5`` in lower case anywhere -- even at the start of a line, where a
    sentence wrapped onto the next line puts it (``... as provided in`` / ``article 5.``).
    ``HEADING_RE``; the heading as written runs from its ``kind`` group to the match's end.

Paragraph numbers
    At line start: ``1.``, ``2.3`` or ``2.3.``, optionally followed by subparagraph labels
    (``1.(a)``, ``1. (a)``), or labels alone (``(a)``, ``(b)(ii)``), then a space, a tab or the
    line end. A label is one or two lower-case letters, a lower-case Roman number or up to three
    digits in parentheses: ``(a)``, ``(aa)``, ``(iv)``, ``(2)``; ``(A)`` and ``(the Parties)``
    are running text. ``PARAGRAPH_RE``.

Brackets and alternatives
    ``[`` opens and ``]`` closes open (not yet agreed) text; brackets nest. Inside brackets a
    slash with white space on both sides (`` / ``) separates alternative wordings; ``and/or``
    is a word. ``BRACKET_RE``, ``ALTERNATIVE``.

Attributions
    A label with a colon at the start of a bracket (or of an alternative) says whose text it
    is. ``[KZ: ...]`` -> ``("KZ",)``; ``[AZ, GE: ...]`` and ``[KZ and AZ: ...]`` -> the codes;
    ``[Delegation A: ...]`` -> ``("Delegation A",)``; ``[Proposed: AZ, GE: ...]``,
    ``[Proposed: AZ, GE]`` and ``[Proposed by KZ: ...]`` -> the listed delegations. Codes are
    2-3 capital letters joined by commas, ``&`` or ``and``; a label is a capitalised word and up
    to four more (``by``, ``of``, ``and``, ``for`` or capitalised words). A label is followed by
    white space or the end of its passage (``[KZ:Fees]`` has none). Labels that name no
    delegation are no attribution: first or last word one of ``NOT_ATTRIBUTION`` (``Note:``,
    ``Drafting note:``, ``Option 1:``, ``Article 5:``, ``Proposal:`` ...), and lower-case text
    (``[the following: ...]``). The lexer colours the label up to its last colon (in
    ``[Proposed: AZ, GE]`` that is ``Proposed:``). ``attribution_at``.

Defined terms
    A term in straight or curly double quotes on one line, with no bracket inside: ``"fee"``,
    ``\u201cfee\u201d``. ``QUOTE`` and ``QUOTED_RE``.

Modal verbs and obligation strength
    Case-insensitive whole words, tried in the order of ``MODAL_PATTERNS`` (longest first):
    ``shall endeavour``, ``shall use (its|their) best endeavours/efforts``, ``best endeavours``,
    ``best efforts`` and ``endeavour(s)`` (or ``endeavor``) are best effort, not a binding
    ``shall``; ``shall not``, ``must not`` and ``may not`` are prohibitions (also across a line
    break); ``May`` in ``1 May 2024`` or ``May 2024`` is the month. ``MODAL_VERBS`` lists the
    verbs ``lms lint-draft`` counts, each with its row of ``OBLIGATIONS`` (the legend's rows:
    Pygments subtype, CSS class, label), and each row its ``Strength``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import N_

__all__ = [
    "ALTERNATIVE",
    "BRACKET_RE",
    "HEADING_RE",
    "HEADING_WORDS",
    "LATIN",
    "LINE_START",
    "MODAL_PATTERNS",
    "MODAL_RE",
    "MODAL_VERBS",
    "NOT_ATTRIBUTION",
    "OBLIGATIONS",
    "OBLIGATION_STRENGTH",
    "PARAGRAPH_NUMBER",
    "PARAGRAPH_RE",
    "QUOTE",
    "QUOTED_RE",
    "STRENGTHS",
    "SUBPARAGRAPH",
    "SUBPARAGRAPH_LABEL_RE",
    "Attribution",
    "ModalVerb",
    "Obligation",
    "Strength",
    "attribution_at",
    "heading_span",
    "modal_key",
]


# --- Headings ---------------------------------------------------------------------------------

#: The words that head a provision, as written Capitalised; CAPITALS are accepted too.
HEADING_WORDS = ("Article", "Chapter", "Section", "Annex", "Part")

#: Latin ordinals after an article number: "Article 5 bis".
LATIN = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"

#: What may stand before a heading or a paragraph number on its line.
LINE_START = r"[ \t]*(?:\[[ \t]*)*"
_KIND = "|".join(form for word in HEADING_WORDS for form in (word, word.upper()))

#: A heading, matched against one line (``HEADING_RE.match(line)``): groups ``kind``, ``num``
#: and ``latin``. Case-sensitive on purpose: "article 5" is never a heading.
HEADING_RE = re.compile(
    LINE_START + rf"(?P<kind>{_KIND})[ \t]+"
    r"(?P<num>(?>\d+[A-Za-z]?(?:\.\d+[A-Za-z]?)*|[IVXLCDM]+|[A-Z])(?:-[A-Za-z0-9]+)*)"
    rf"(?:[ \t]*(?P<latin>{LATIN})\b)?"
    r"(?=[ \t]*(?:$|[:.\-\u2013\u2014\]]))"
)


def heading_span(match: re.Match[str]) -> tuple[int, int]:
    """Where the heading of a ``HEADING_RE`` match stands ("Article 5 bis"), without what may
    precede it on the line."""
    return match.start("kind"), match.end()


# --- Paragraph numbers ------------------------------------------------------------------------

#: A paragraph's own number: "1.", "2.3", "2.3.".
PARAGRAPH_NUMBER = r"(?:\d+(?:\.\d+)+\.?|\d+\.)"

#: A subparagraph label: "(a)", "(aa)", "(iv)", "(2)".
SUBPARAGRAPH = r"\((?:[a-z]{1,2}|[ivxlcdm]+|\d{1,3})\)"

#: A paragraph number, matched against one line: groups ``num`` ("2.3", "1.") and ``subs``
#: (its labels, "(a)(ii)"), or ``only`` (labels alone, "(b)(ii)").
PARAGRAPH_RE = re.compile(
    LINE_START + rf"(?:(?P<num>{PARAGRAPH_NUMBER})(?P<subs>(?:[ \t]*{SUBPARAGRAPH})*)"
    rf"|(?P<only>(?:{SUBPARAGRAPH})+))"
    r"(?=[ \t]|$)"
)

#: The labels inside a run of subparagraph labels: "(a)(ii)" -> "a", "ii".
SUBPARAGRAPH_LABEL_RE = re.compile(r"\(([^)]*)\)")


# --- Brackets, alternatives, defined terms ----------------------------------------------------

#: The slash between alternative wordings (inside brackets): white space on both sides.
ALTERNATIVE = r"(?<=\s)/(?=\s)"

#: Every character that opens or closes a bracket, or separates alternatives.
BRACKET_RE = re.compile(rf"\[|\]|{ALTERNATIVE}")

# A quote never spans a line or a bracket, so a lone quote cannot swallow the draft.
_STRAIGHT = r'[^"\n\[\]]+'
_CURLY = r"[^\u201d\n\[\]]+"

#: A term in double quotes, quotes included.
QUOTE = rf'(?:"{_STRAIGHT}"|\u201c{_CURLY}\u201d)'

#: The same, with the term inside in group ``s`` (straight quotes) or ``c`` (curly quotes).
QUOTED_RE = re.compile(rf'"(?P<s>{_STRAIGHT})"|\u201c(?P<c>{_CURLY})\u201d')


# --- Attributions -----------------------------------------------------------------------------

_CODES = r"[A-Z]{2,3}(?:[ \t]*(?:,|&|\band\b)[ \t]*[A-Z]{2,3})*"
_LABEL_WORD = r"[A-Z][\w.&'\u2019-]*"
_LABEL = rf"{_LABEL_WORD}(?:[ \t](?:by|of|and|for|[A-Z0-9][\w.&'\u2019-]*)){{0,4}}"
# After a label: white space, or the end of the passage (its "]", or the end of the text when
# the bracket is never closed; for a caller that passes ``endpos``, that end).
_AFTER_LABEL = r"(?=\s|\]|\Z)"
_PROPOSED_RE = re.compile(
    rf"[ \t]*Propos(?:ed|al)(?:[ \t]+by)?[ \t]*:?[ \t]*(?P<who>{_CODES}|{_LABEL})"
    rf"[ \t]*(?::{_AFTER_LABEL}|(?=\]|\Z))"
)
_LABELLED_RE = re.compile(
    rf"[ \t]*(?:(?P<codes>{_CODES})|(?P<label>{_LABEL}))[ \t]*:"
    rf"(?:[ \t]*(?P<more>{_CODES})[ \t]*:)?{_AFTER_LABEL}"
)
_CODES_RE = re.compile(_CODES)
_CODE_RE = re.compile(r"[A-Z]{2,3}")

#: A label whose first or last word (in any case) is one of these names no delegation.
NOT_ATTRIBUTION = frozenset(
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


@dataclass(frozen=True)
class Attribution:
    """A label that says whose bracketed text follows, and where it stands (text offsets)."""

    #: The delegations named: ("AZ", "GE"), ("Delegation A",).
    names: tuple[str, ...]
    #: The label's first character.
    start: int
    #: Just after the label's last colon: the lexer colours ``start`` to here.
    label_end: int
    #: Where the passage's own text starts, after the label.
    end: int


def attribution_at(text: str, pos: int, endpos: int | None = None) -> Attribution | None:
    """The attribution that opens the passage starting at ``pos`` (just after its ``[`` or
    alternative slash), if any; ``endpos`` is the passage's end when the caller knows it."""
    end = len(text) if endpos is None else endpos
    proposed = _PROPOSED_RE.match(text, pos, end)
    if proposed:
        return _attribution(text, proposed, _names(proposed["who"]))
    match = _LABELLED_RE.match(text, pos, end)
    if not match:
        return None
    if match["more"] or match["codes"]:
        return _attribution(text, match, _names(match["more"] or match["codes"]))
    words = match["label"].lower().split()
    if words[0] in NOT_ATTRIBUTION or words[-1] in NOT_ATTRIBUTION:
        return None
    return _attribution(text, match, (" ".join(match["label"].split()),))


def _attribution(text: str, match: re.Match[str], names: tuple[str, ...]) -> Attribution:
    label = match.group()
    start = match.start() + len(label) - len(label.lstrip(" \t"))
    colon = label.rfind(":")
    label_end = match.start() + colon + 1 if colon >= 0 else start
    return Attribution(names=names, start=start, label_end=label_end, end=match.end())


def _names(who: str) -> tuple[str, ...]:
    if _CODES_RE.fullmatch(who):
        return tuple(_CODE_RE.findall(who))
    return (" ".join(who.split()),)


# --- Modal verbs and obligation strength ------------------------------------------------------


@dataclass(frozen=True)
class Strength:
    """How strongly a modal verb binds."""

    #: The name ``lms lint-draft`` groups verbs under: "binding", "best effort".
    name: str
    #: What the legend says it means (an English message; the legend translates it).
    meaning: str


BINDING = Strength("binding", N_("binding obligation"))
PROHIBITION = Strength("prohibition", N_("binding prohibition"))
PERMISSION = Strength("permission", N_("permission, no obligation"))
RECOMMENDATION = Strength("recommendation", N_("recommendation, not binding"))
INTENT = Strength("intent", N_("statement of intent; binding force depends on context"))
BEST_EFFORT = Strength("best effort", N_("best effort: an obligation to try, not to achieve"))

#: Every strength, strongest first.
STRENGTHS = (BINDING, PROHIBITION, PERMISSION, RECOMMENDATION, INTENT, BEST_EFFORT)


@dataclass(frozen=True)
class Obligation:
    """One colour of modal verb: a row of the legend and a token type of the lexer."""

    #: The lexer's token type is ``Keyword.Treaty.Modal.<token>``.
    token: str
    #: The class the application's pages and stylesheet use for it.
    css_class: str
    #: The verbs as the legend shows them (an English message; the legend translates it).
    label: str
    strength: Strength

    @property
    def meaning(self) -> str:
        return self.strength.meaning


SHALL = Obligation("Shall", "treaty-shall", N_("shall"), BINDING)
SHALL_NOT = Obligation(
    "ShallNot", "treaty-shall-not", N_("shall not / must not / may not"), PROHIBITION
)
MUST = Obligation("Must", "treaty-must", N_("must"), BINDING)
MAY = Obligation("May", "treaty-may", N_("may"), PERMISSION)
SHOULD = Obligation("Should", "treaty-should", N_("should"), RECOMMENDATION)
WILL = Obligation("Will", "treaty-will", N_("will"), INTENT)
ENDEAVOUR = Obligation(
    "Endeavour", "treaty-endeavour", N_("shall endeavour / best endeavours"), BEST_EFFORT
)

#: The legend's rows, in its order (strongest first; shall and must share a strength).
OBLIGATIONS = (SHALL, SHALL_NOT, MUST, MAY, SHOULD, WILL, ENDEAVOUR)

#: The same rows as (css_class, label, meaning).
OBLIGATION_STRENGTH = [(o.css_class, o.label, o.meaning) for o in OBLIGATIONS]


@dataclass(frozen=True)
class ModalVerb:
    """A modal verb as ``lms lint-draft`` counts it, and the obligation it expresses."""

    key: str
    obligation: Obligation


#: The verbs in the order of the lint report's ``modals``.
MODAL_VERBS = (
    ModalVerb("shall", SHALL),
    ModalVerb("shall not", SHALL_NOT),
    ModalVerb("must", MUST),
    ModalVerb("must not", SHALL_NOT),
    ModalVerb("may", MAY),
    ModalVerb("may not", SHALL_NOT),
    ModalVerb("should", SHOULD),
    ModalVerb("will", WILL),
    ModalVerb("endeavour", ENDEAVOUR),
)

#: (pattern, key of ``MODAL_VERBS``), tried in this order at each place, longest first: "shall
#: not" before "shall"; "shall endeavour" and "shall use best efforts" oblige a Party only to
#: try, so the whole phrase is best effort. Each pattern is case-insensitive.
MODAL_PATTERNS: tuple[tuple[str, str], ...] = tuple(
    (f"(?i:{pattern})", key)
    for pattern, key in (
        (
            r"\bshall\s+(?:endeavou?r|use\s+(?:(?:its|their)\s+)?best\s+"
            r"(?:endeavou?rs?|efforts?))\b",
            "endeavour",
        ),
        (r"\bshall\s+not\b", "shall not"),
        (r"\bmust\s+not\b", "must not"),
        (r"\bmay\s+not\b", "may not"),
        (r"\bshall\b", "shall"),
        (r"\bmust\b", "must"),
        # "may", but not the month in "1 May 2024" or "May 2024".
        (r"(?<!\d[ \t])\bmay\b(?![ \t]+\d{4}\b)", "may"),
        (r"\bshould\b", "should"),
        (r"\bwill\b", "will"),
        (r"\bbest\s+(?:endeavou?rs?|efforts?)\b", "endeavour"),
        (r"\bendeavou?rs?\b", "endeavour"),
    )
)

#: Every modal verb at once, alternatives in the order of ``MODAL_PATTERNS``: see ``modal_key``.
MODAL_RE = re.compile("|".join(f"(?P<m{i}>{p})" for i, (p, _key) in enumerate(MODAL_PATTERNS)))


def modal_key(match: re.Match[str]) -> str:
    """The ``MODAL_VERBS`` key of a ``MODAL_RE`` match ("must not")."""
    group = match.lastgroup  # every alternative is one named group, holding no other
    if group is None:
        raise ValueError("not a match of MODAL_RE")
    return MODAL_PATTERNS[int(group[1:])][1]
