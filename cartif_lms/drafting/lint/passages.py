"""The bracketed passages of a draft: where each is, how deep, whose and which alternatives.

Depth 1 is the outermost bracket. In a passage, `` / `` separates alternative wordings; only the
slashes at the passage's own depth split it, nested brackets stay whole inside an alternative.
A label at the start of a passage says whose text it is (``cartif_lms.treaty.notation``,
*Attributions*). The label is not part of the first alternative; a label that opens a later
alternative (``[KZ: shall / AZ: may]``) stays in that alternative's text. A passage that holds
only a label has no alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...treaty.notation import attribution_at
from .brackets import scan_brackets
from .check import Check, Settings
from .intake import normalise
from .structure import Position, structure_of

__all__ = ["CHECK", "Passage", "bracketed_passages"]


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


def bracketed_passages(text: str) -> list[Passage]:
    """Every bracketed passage, in the order of its ``[``."""
    text = normalise(text)
    where = structure_of(text).position
    passages = []
    for start, end, depth, slashes in scan_brackets(text).passages:
        inner_end = len(text) if end is None else end
        label = attribution_at(text, start + 1, inner_end)
        first = start + 1 if label is None else label.end
        cuts = [first, *(slash for slash in slashes if slash >= first), inner_end]
        options = [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]
        options = [options[0]] + [option[1:].strip() for option in options[1:]]  # drop "/"
        alternatives = () if len(options) == 1 and not options[0] else tuple(options)
        passages.append(
            Passage(
                start=where(start),
                end=None if end is None else where(end),
                depth=depth,
                text=text[start + 1 : inner_end],
                attribution=() if label is None else label.names,
                alternatives=alternatives,
            )
        )
    return passages


def _run(text: str, _settings: Settings) -> list[Passage]:
    return bracketed_passages(text)


#: Shown on the workbench; not part of the JSON report.
CHECK = Check("passages", _run)
