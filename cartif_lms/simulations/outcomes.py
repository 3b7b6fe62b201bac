"""The issue space of a scenario, searched for the debrief: what each package is worth to each
delegation, the best joint outcome, and where a run's result lies against the Pareto frontier.

A package is one option per issue. With 8 issues of 4 options there are 65,536 packages; each
is scored for every delegation by summing its scoring table, built issue by issue so that no
package is summed twice. In eleven dimensions nearly every package is Pareto-efficient (few
packages are at least as good for all eleven delegations), so the debrief asks the questions a
trainer asks of a result, each answered exactly over the whole space:

- is there a package every delegation would prefer or be indifferent to, and one that is better
  for somebody (the result is *dominated*)? which of those is the best for the group?
- how close is the result's joint score to the best joint score of any package, and to the
  best of the packages that leave every delegation above its fallback (the zone of agreement)?
- the frontier of efficiency against balance: for each joint score, the best "worst-off"
  delegation's surplus over its fallback, and the result against that line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from .scenario import DelegationSpec, Issue

Package = dict[int, str]  #: issue number -> option key


@dataclass(frozen=True)
class Point:
    """One package as the debrief plots it."""

    package: Package
    joint: int  #: the sum of every delegation's points
    worst_surplus: int  #: the lowest of (points - fallback) over the delegations


@dataclass(frozen=True)
class Analysis:
    issues: int
    packages: int
    best_joint: Point  #: the package with the highest joint score (ties: the first)
    best_in_zone: Point | None  #: the best joint score leaving everyone above fallback
    zone_size: int  #: how many packages leave every delegation above its fallback
    frontier: list[Point]  #: efficiency against balance, by joint score
    result: Point | None
    dominated_by: int  #: packages at least as good for all and better for one (0: efficient)
    best_dominating: Point | None


def _columns(
    issues: Sequence[Issue], per_option: Sequence[dict[int, dict[str, int]]]
) -> list[list[int]]:
    """For each table of points (a delegation's), its points for every package, packages in
    mixed-radix order of their options (the last issue's option varies fastest)."""
    columns = []
    for table in per_option:
        column = [0]
        for issue in issues:
            points = [table[issue.number][key] for key in issue.keys]
            column = [total + p for total in column for p in points]
        columns.append(column)
    return columns


def _package_at(issues: Sequence[Issue], index: int) -> Package:
    package: Package = {}
    for issue in reversed(issues):
        index, choice = divmod(index, len(issue.options))
        package[issue.number] = issue.options[choice].key
    return dict(sorted(package.items()))


def _index_of(issues: Sequence[Issue], package: Package) -> int:
    index = 0
    for issue in issues:
        index = index * len(issue.options) + issue.keys.index(package[issue.number])
    return index


def package_count(issues: Sequence[Issue]) -> int:
    count = 1
    for issue in issues:
        count *= len(issue.options)
    return count


def analyse(
    issues: Sequence[Issue], delegations: Sequence[DelegationSpec], result: Package | None
) -> Analysis:
    """The whole issue space against ``result`` (None: the run ended without agreement)."""
    columns = _columns(issues, [d.scores for d in delegations])
    surpluses = [[v - d.fallback for v in col] for col, d in zip(columns, delegations, strict=True)]
    joints = [sum(values) for values in zip(*columns, strict=True)]
    worst = list(map(min, *surpluses)) if len(surpluses) > 1 else surpluses[0]

    def point(index: int) -> Point:
        return Point(_package_at(issues, index), joints[index], worst[index])

    best = max(range(len(joints)), key=joints.__getitem__)
    zone = [i for i, w in enumerate(worst) if w > 0]
    best_zone = max(zone, key=joints.__getitem__) if zone else None
    result_point, dominated, best_dominating = None, 0, None
    if result is not None:
        index = _index_of(issues, result)
        result_point = point(index)
        candidates = list(range(len(joints)))
        for column in columns:  # at least as good for every delegation ...
            mine = column[index]
            candidates = [i for i in candidates if column[i] >= mine]
        better = [i for i in candidates if joints[i] > joints[index]]  # ... and better for one
        dominated = len(better)
        if better:
            best_dominating = point(max(better, key=joints.__getitem__))
    return Analysis(
        issues=len(issues),
        packages=len(joints),
        best_joint=point(best),
        best_in_zone=point(best_zone) if best_zone is not None else None,
        zone_size=len(zone),
        frontier=[point(i) for i in _balance_frontier(joints, worst)],
        result=result_point,
        dominated_by=dominated,
        best_dominating=best_dominating,
    )


def _balance_frontier(joints: list[int], worst: list[int]) -> list[int]:
    """The packages no other beats on both joint score and worst-off surplus, by joint score
    (one per distinct pair of figures)."""
    order = sorted(range(len(joints)), key=lambda i: (-joints[i], -worst[i]))
    frontier, best_worst = [], None
    for index in order:
        if best_worst is None or worst[index] > best_worst:
            frontier.append(index)
            best_worst = worst[index]
    return frontier[::-1]


def all_packages(issues: Sequence[Issue]) -> list[Package]:
    """Every package, for tests and small scenarios."""
    numbers = [issue.number for issue in issues]
    return [dict(zip(numbers, combo, strict=True)) for combo in product(*(i.keys for i in issues))]
