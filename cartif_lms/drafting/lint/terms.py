"""Defined terms: those defined and never used, and terms used but never defined.

A definitions article (see ``structure``) defines a term in straight or curly double quotes
followed by ``means``, ``includes``, ``shall mean`` or ``shall include`` (also ``"A" or "B"
means``). A term is *used* when its words appear anywhere outside its own definition --
case-sensitive, whole words, quoted or not; a definition runs from its term to the next
definition, the next numbered paragraph or the end of the article. *Undefined* terms are only
looked for when the text has a definitions article (an extract without one cannot be judged)
and are, outside heading lines:

- terms in quotes outside the definitions article, unless defined in place (``"fee" means
  ...``), longer than six words or holding ``, . ; : ? !`` (then it is a quotation);
- runs of two to eight Capitalised words on one line (``Customs Authority``, ``Enquiry
  Point``). A run that opens a sentence (after a paragraph number, an opening bracket or quote,
  an attribution, `` / `` or ``. ; : ? !``) loses its first word. Runs are ignored when they
  hold one of the words in ``NOT_TERM_WORDS`` (Article, Chapter, Section, Annex, Part, Party,
  Parties, Agreement, Protocol, Convention, Republic, months, the CAREC countries), hold a name
  in ``KNOWN_NAMES`` (World Trade Organization ...), continue a longer name (``Committee on
  Trade Facilitation``, ``Ministry of Foreign Affairs``: the run follows a capitalised word and
  ``of``, ``on`` or ``for``, optionally ``the``), are part of a defined term or contain a
  defined term of two or more words.

Single capitalised words are not reported (too many are ordinary nouns).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass

from ...treaty.notation import (
    HEADING_WORDS,
    LINE_START,
    PARAGRAPH_NUMBER,
    QUOTE,
    QUOTED_RE,
    SUBPARAGRAPH,
)
from .check import Check, Settings
from .intake import normalise
from .structure import Position, Structure, structure_of

__all__ = ["CHECK", "KNOWN_NAMES", "NOT_TERM_WORDS", "DefinedTerms", "defined_terms"]

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
_HEADING_PLURALS = [f"{word}es" if word.endswith("x") else f"{word}s" for word in HEADING_WORDS]

#: A run of capitalised words holding one of these is not a candidate defined term.
NOT_TERM_WORDS = frozenset(
    [
        *HEADING_WORDS,
        *_HEADING_PLURALS,
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


@dataclass(frozen=True)
class DefinedTerms:
    """Terms defined in the definitions article, those never used, and undefined look-alikes."""

    defined: dict[str, Position]
    unused: list[str]
    undefined: list[str]


_DEFINITION_RE = re.compile(
    rf"(?P<terms>{QUOTE}(?:\s*,?\s*(?:or|and/or|,)\s*{QUOTE})*)"
    r"\s*,?\s*(?:means|includes|shall\s+mean|shall\s+include)\b"
)
_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_CAP = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*"
_CAPITALISED_RUN_RE = re.compile(rf"(?<![\w'\u2019-]){_CAP}(?:[ \t]+{_CAP})+(?![\w-])")
_OPENERS = " \t[(\"'\u201c\u2018"
_CONTINUED_NAME_RE = re.compile(r"[A-Z][\w'\u2019-]*[ \t]+(?:of|on|for)(?:[ \t]+the)?[ \t]+\Z")
# The paragraph number (if any) at the start of a line, so that "(a) Customs ..." opens a
# sentence: like the notation's PARAGRAPH_RE, but it may be empty and need not end in a space.
_PARA_PREFIX_RE = re.compile(rf"{LINE_START}{PARAGRAPH_NUMBER}?(?:[ \t]*{SUBPARAGRAPH})*")
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
    text = normalise(text)
    structure = structure_of(text)
    spans = [structure.article_span(a) for a in structure.articles if a.definitions]
    defined, own, in_place = _definitions(text, structure, spans)
    unused = _unused(text, defined, own)
    undefined: set[str] = set()
    if spans:
        undefined = _undefined_quoted(text, structure, spans, defined, in_place)
        undefined |= _undefined_runs(text, structure, defined)
    return DefinedTerms(defined=defined, unused=unused, undefined=sorted(undefined))


def _definitions(
    text: str, structure: Structure, spans: list[tuple[int, int]]
) -> tuple[dict[str, Position], dict[str, list[tuple[int, int]]], set[int]]:
    """Definitions: inside the definitions articles (each term's position and its own
    definitions, in text order); and the offsets of quotes defining a term "in place"
    elsewhere."""
    defined: dict[str, Position] = {}
    own: dict[str, list[tuple[int, int]]] = {}
    for start, end in spans:
        matches = list(_DEFINITION_RE.finditer(text, start, end))
        for number, match in enumerate(matches):
            stop = matches[number + 1].start() if number + 1 < len(matches) else end
            stop = min(stop, structure.next_numbered_paragraph(match.end()))
            for quote in QUOTED_RE.finditer(text, match.start(), match.end("terms")):
                term, offset = _quoted_term(quote)
                defined.setdefault(term, structure.position(offset))
                own.setdefault(term, []).append((match.start(), stop))
    in_place: set[int] = set()
    for match in _DEFINITION_RE.finditer(text):
        if not _inside(spans, match.start()):
            in_place.update(match.start() + q.start() for q in QUOTED_RE.finditer(match["terms"]))
    return defined, own, in_place


def _unused(
    text: str, defined: dict[str, Position], own: dict[str, list[tuple[int, int]]]
) -> list[str]:
    """Defined terms whose words appear nowhere outside their own definitions."""
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
    return sorted(term for term in defined if term not in used)


def _undefined_quoted(
    text: str,
    structure: Structure,
    spans: list[tuple[int, int]],
    defined: dict[str, Position],
    in_place: set[int],
) -> set[str]:
    """Quoted terms outside the definitions articles that nothing defines."""
    undefined: set[str] = set()
    for match in QUOTED_RE.finditer(text):
        term, _ = _quoted_term(match)
        if (
            term
            and term not in defined
            and match.start() not in in_place
            and not _inside(spans, match.start())
            and structure.line_index(match.start()) not in structure.headings
            and len(term.split()) <= _MAX_QUOTED_WORDS
            and not re.search(r"[,.;:?!]", term)
        ):
            undefined.add(term)
    return undefined


def _undefined_runs(text: str, structure: Structure, defined: dict[str, Position]) -> set[str]:
    """Runs of capitalised words that look like a defined term but are none."""
    defined_words = {tuple(term.split()) for term in defined}
    inside_defined: set[tuple[str, ...]] = set().union(
        *(_subsequences(w) for w in defined_words if len(w) <= 12)
    )
    contained = {w for w in defined_words if len(w) >= 2} | {
        tuple(name.split()) for name in KNOWN_NAMES
    }
    undefined: set[str] = set()
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
    return undefined


def _report(result: DefinedTerms) -> dict[str, list[str]]:
    return {"unused": list(result.unused), "undefined": list(result.undefined)}


def _run(text: str, _settings: Settings) -> DefinedTerms:
    return defined_terms(text)


#: Term problems are warnings: they never make ``lms lint-draft`` fail.
CHECK = Check("defined_terms", _run, report=_report)
