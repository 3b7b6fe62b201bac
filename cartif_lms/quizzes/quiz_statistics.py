"""Statistics for trainers: how each question performs, and how much learners gained.

Pure functions over plain numbers, so they work the same on SQLite, PostgreSQL or a CSV export.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "CORRECT_THRESHOLD",
    "GROUP_SHARE",
    "MIN_ATTEMPTS_FOR_DISCRIMINATION",
    "Gain",
    "ItemStat",
    "item_statistics",
    "learning_gain",
    "mean_gain",
]

#: A question counts as answered correctly from this fraction on (allows for rounding).
CORRECT_THRESHOLD = 0.999
#: The discrimination index compares the top and the bottom 27 % of attempts (Kelley, 1939).
GROUP_SHARE = 0.27
#: Below this many attempts the upper and lower groups hold one attempt or none, and the index
#: says more about chance than about the question, so it is not computed.
MIN_ATTEMPTS_FOR_DISCRIMINATION = 5


@dataclass(frozen=True)
class ItemStat:
    """How one question performed over the attempts that contained it.

    * ``attempts``: the number of submitted attempts that contained the question (n).
    * ``share_correct``: the share of those attempts with a fraction >= 0.999 (the facility
      index for right/wrong questions).
    * ``mean_fraction``: the mean fraction, which gives partial credit its due.
    * ``discrimination``: the upper-lower index D, -1..1 (see ``item_statistics``), or None
      when fewer than 5 attempts contained the question.
    """

    key: str
    attempts: int
    share_correct: float
    mean_fraction: float
    discrimination: float | None


def item_statistics(attempts: Iterable[Mapping[str, float]]) -> dict[str, ItemStat]:
    """Statistics per question key over submitted attempts.

    Each attempt maps the key of every question it contained to the fraction scored (0..1, or
    down to -1 for a single-choice answer with a negative weight, which then pulls the mean
    fraction and D down as it pulled the learner's score down; D can then reach -2..2).
    Attempts draw different questions, so the keys vary; every statistic of a question is
    computed over the attempts that contained it. An attempt without questions is ignored.

    Discrimination, the classic upper-lower index (Kelley's 27 % groups)::

        share(attempt) = mean of the attempt's fractions   (its score over the questions it had)
        n              = attempts that contained the question
        g              = round(0.27 * n), at least 1
        upper, lower   = the g attempts with the highest and the g with the lowest share
        D              = p_upper - p_lower

    where ``p`` is the mean fraction of the question in the group (for right/wrong questions,
    the share that got it right). D is 1 when the strong attempts all got it right and the weak
    ones all wrong, about 0 when it does not separate them, and negative when weak attempts do
    better than strong ones (often a wrong key or a misleading question). Attempts with the same
    share keep their input order in the ranking. The share includes the question itself, as in
    the classic index. With n < 5 the result is None.

    Raises ``ValueError`` for a fraction that is not a number in -1..1.
    """
    rows: dict[str, list[tuple[float, float]]] = {}
    for attempt in attempts:
        fractions = {key: _fraction(key, value) for key, value in attempt.items()}
        if not fractions:
            continue
        share = math.fsum(fractions.values()) / len(fractions)
        for key, fraction in fractions.items():
            rows.setdefault(key, []).append((share, fraction))
    return {key: _item(key, item_rows) for key, item_rows in rows.items()}


def _fraction(key: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"fraction of {key!r} must be a number, not {value!r}")
    if not -1.0 <= value <= 1.0:  # also rejects NaN
        raise ValueError(f"fraction of {key!r} must be in -1..1, not {value!r}")
    return float(value)


def _item(key: str, rows: list[tuple[float, float]]) -> ItemStat:
    """``rows`` holds (share of the attempt, fraction of this question), one per attempt."""
    fractions = [fraction for _, fraction in rows]
    return ItemStat(
        key=key,
        attempts=len(rows),
        share_correct=sum(1 for f in fractions if f >= CORRECT_THRESHOLD) / len(rows),
        mean_fraction=math.fsum(fractions) / len(rows),
        discrimination=_discrimination(rows),
    )


def _discrimination(rows: list[tuple[float, float]]) -> float | None:
    n = len(rows)
    if n < MIN_ATTEMPTS_FOR_DISCRIMINATION:
        return None
    group = max(1, math.floor(GROUP_SHARE * n + 0.5))
    ranked = sorted(rows, key=lambda row: row[0])  # stable: ties keep their input order
    lower = [fraction for _, fraction in ranked[:group]]
    upper = [fraction for _, fraction in ranked[-group:]]
    return (math.fsum(upper) - math.fsum(lower)) / group


@dataclass(frozen=True)
class Gain:
    """A learner's pre-test and post-test scores in per cent, and what they gained.

    * ``gain = post - pre``, in percentage points.
    * ``normalised = (post - pre) / (100 - pre)``, Hake's normalised gain: the share of what
      the learner could still gain that they did gain. It is 1 for a rise to 100 %, 0 for no
      change, negative for a drop, and None when ``pre`` is 100 (nothing left to gain).
    """

    pre: float
    post: float
    gain: float
    normalised: float | None


def learning_gain(pre: float | None, post: float | None) -> Gain | None:
    """The gain from a pre-test to a post-test score (both in per cent, 0..100).

    None when either score is missing (the learner did not take both tests). Raises
    ``ValueError`` for a score outside 0..100.
    """
    if pre is None or post is None:
        return None
    pre, post = _percent("pre", pre), _percent("post", post)
    gain = post - pre
    normalised = None if pre >= 100.0 else gain / (100.0 - pre)
    return Gain(pre=pre, post=post, gain=gain, normalised=normalised)


def _percent(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} score must be a number, not {value!r}")
    if not 0.0 <= value <= 100.0:  # also rejects NaN
        raise ValueError(f"{name} score must be in 0..100, not {value!r}")
    return float(value)


def mean_gain(gains: Iterable[Gain | None], *, normalised: bool = True) -> float | None:
    """The mean normalised gain of a group (or, with ``normalised=False``, the mean gain in
    percentage points).

    This is the average of the learners' own normalised gains, ``mean(g_i)``, not Hake's
    gain of the class averages ``(mean(post) - mean(pre)) / (100 - mean(pre))``: every learner
    weighs the same, whatever their starting point. Learners without a normalised gain (pre-test
    at 100 %) and ``None`` entries are left out. None when nobody is left.
    """
    values: list[float] = []
    for gain in gains:
        value = None if gain is None else gain.normalised if normalised else gain.gain
        if value is not None:
            values.append(value)
    if not values:
        return None
    return math.fsum(values) / len(values)
