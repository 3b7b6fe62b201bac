"""Gap exports: CSV that opens cleanly and safely in Excel (cartif_lms/spreadsheet.py) and JSON."""

from __future__ import annotations

from typing import Any

from ..spreadsheet import csv_lines
from .services import GapRow

COLUMNS = (
    "country",
    "area",
    "competency",
    "competency_name",
    "designated",
    "at_target",
    "below_target",
    "mean_gap",
)


def gap_dicts(rows: list[GapRow]) -> list[dict[str, Any]]:
    return [
        {
            "country": r.country,
            "area": r.area,
            "competency": r.competency,
            "competency_name": r.competency_name,
            "designated": r.designated,
            "at_target": r.at_target,
            "below_target": r.below_target,
            "mean_gap": r.mean_gap,
        }
        for r in rows
    ]


def gaps_csv(rows: list[GapRow]) -> str:
    """The gaps as spreadsheet CSV: a competency name a trainer wrote never runs as a formula."""
    return "".join(csv_lines(COLUMNS, ([d[c] for c in COLUMNS] for d in gap_dicts(rows))))
