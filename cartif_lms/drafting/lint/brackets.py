"""Whether the square brackets of a draft balance.

``[`` and ``]`` nest (``cartif_lms.treaty.notation``). A ``]`` with nothing open is *unmatched*;
a ``[`` never closed is *unclosed* and brackets the rest of the text. Unbalanced brackets make
``lms lint-draft`` exit 1. The scan also collects the passages that ``passages`` describes; so
that a pathological draft cannot make that inventory quadratic in size, brackets nested deeper
than ``MAX_PASSAGE_DEPTH`` are not listed as passages of their own (they stay in the text of the
passages around them); ``check_brackets`` still counts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ...treaty.notation import BRACKET_RE
from .check import Check, Settings
from .intake import normalise
from .structure import Position, structure_of

__all__ = ["CHECK", "MAX_PASSAGE_DEPTH", "BracketReport", "check_brackets", "scan_brackets"]

#: Passages nested deeper than this are not listed separately by ``bracketed_passages``.
MAX_PASSAGE_DEPTH = 16


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


@dataclass
class Scan:
    """Offsets found by one pass over the brackets of a text."""

    pairs: int = 0
    max_depth: int = 0
    unclosed: list[int] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)
    #: (offset of "[", offset of "]" or None, depth, offsets of the " / " at its own depth)
    passages: list[tuple[int, int | None, int, list[int]]] = field(default_factory=list)


@lru_cache(maxsize=8)
def scan_brackets(text: str) -> Scan:
    """Pairs, depth, stray and unclosed brackets, and the listed passages of normalised text."""
    scan = Scan()
    # Open brackets: (offset, index in scan.passages or -1 when too deep to list, slashes).
    stack: list[tuple[int, int, list[int] | None]] = []
    for match in BRACKET_RE.finditer(text):
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
    text = normalise(text)
    scan = scan_brackets(text)
    where = structure_of(text).position
    return BracketReport(
        balanced=not scan.unclosed and not scan.unmatched,
        count=scan.pairs,
        max_depth=scan.max_depth,
        unclosed=[where(offset) for offset in scan.unclosed],
        unmatched=[where(offset) for offset in scan.unmatched],
    )


def _report(result: BracketReport) -> dict[str, object]:
    return {
        "balanced": result.balanced,
        "count": result.count,
        "unclosed": [p.to_json() for p in result.unclosed],
        "unmatched": [p.to_json() for p in result.unmatched],
    }


def _run(text: str, _settings: Settings) -> BracketReport:
    return check_brackets(text)


CHECK = Check("brackets", _run, report=_report, blocks=lambda result: not result.balanced)
