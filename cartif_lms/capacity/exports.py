"""Gap exports: CSV that opens cleanly in Excel (UTF-8 with a BOM) and JSON."""

from __future__ import annotations

import csv
import io
from typing import Any

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
    """CSV with a byte-order mark, so Excel reads the UTF-8 names correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(gap_dicts(rows))
    return "\ufeff" + buffer.getvalue()
