"""Sentences longer than a limit (60 words unless ``analyse`` is told otherwise).

A sentence ends at ``.``, ``;``, ``?`` or ``!`` followed by white space or the end of the text
(closing brackets and quotes may stand between), at a blank line, at a heading or title line
and where a line starts with a paragraph number. ``5.2``, ``e.g.``, ``i.e.``, ``Art.``, ``No.``,
``para.``, ``cf.``, ``viz.`` and initialisms such as ``U.N.`` do not end sentences. A word is a
run of non-space characters holding a letter or a digit; the paragraph number is not one.
Long sentences are warnings: they never make ``lms lint-draft`` fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...treaty.notation import PARAGRAPH_RE
from .check import Check, Settings
from .intake import normalise
from .structure import structure_of

__all__ = ["CHECK", "LongSentence", "long_sentences"]


@dataclass(frozen=True)
class LongSentence:
    """A sentence longer than the limit: the line it starts on and its number of words."""

    line: int
    words: int


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
    text = normalise(text)
    structure = structure_of(text)
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
        numbered = PARAGRAPH_RE.match(line)
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


def _report(result: list[LongSentence]) -> list[dict[str, int]]:
    return [{"line": s.line, "words": s.words} for s in result]


def _run(text: str, settings: Settings) -> list[LongSentence]:
    return long_sentences(text, settings.long_sentence_limit)


CHECK = Check("long_sentences", _run, report=_report)
