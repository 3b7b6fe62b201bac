"""The modal verbs of a draft, by obligation strength.

Which words are modal verbs, in which order they are tried and how strongly each binds is the
notation's table (``cartif_lms.treaty.notation``: ``MODAL_VERBS``, ``MODAL_PATTERNS``), the one
the lexer colours and the legend lists. The linter adds one rule: words in quotation marks are
quoted words, not obligations (``replace "shall" by "may"``).
"""

from __future__ import annotations

import bisect

from ...treaty.notation import MODAL_RE, MODAL_VERBS, QUOTED_RE, modal_key
from .check import Check, Settings
from .intake import normalise
from .structure import Position, structure_of

__all__ = ["CHECK", "MODAL_KEYS", "STRENGTH", "group_by_strength", "modal_verbs"]

#: The modal verbs as written, in the order of ``Analysis.to_json()["modals"]``.
MODAL_KEYS = tuple(verb.key for verb in MODAL_VERBS)

#: How strongly each modal verb binds.
STRENGTH = {verb.key: verb.obligation.strength.name for verb in MODAL_VERBS}


def modal_verbs(text: str) -> dict[str, list[Position]]:
    """Where each modal verb stands, under the keys of ``MODAL_KEYS`` (all present)."""
    text = normalise(text)
    where = structure_of(text).position
    quoted = [(m.start(), m.end()) for m in QUOTED_RE.finditer(text)]
    quote_starts = [start for start, _ in quoted]
    found: dict[str, list[Position]] = {key: [] for key in MODAL_KEYS}
    for match in MODAL_RE.finditer(text):
        index = bisect.bisect_right(quote_starts, match.start()) - 1
        if index >= 0 and match.start() < quoted[index][1]:
            continue  # a quoted word, not an obligation
        found[modal_key(match)].append(where(match.start()))
    return found


def group_by_strength(modals: dict[str, list[Position]]) -> dict[str, list[Position]]:
    """``modal_verbs`` grouped by ``STRENGTH``: binding, prohibition ... best effort, sorted."""
    grouped: dict[str, list[Position]] = {}
    for key in MODAL_KEYS:
        grouped.setdefault(STRENGTH[key], []).extend(modals.get(key, ()))
    return {strength: sorted(positions) for strength, positions in grouped.items()}


def _report(result: dict[str, list[Position]]) -> dict[str, int]:
    return {key: len(result.get(key, ())) for key in MODAL_KEYS}


def _run(text: str, _settings: Settings) -> dict[str, list[Position]]:
    return modal_verbs(text)


CHECK = Check("modals", _run, report=_report)
