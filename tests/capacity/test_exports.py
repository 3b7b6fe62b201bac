"""The gaps CSV opens in Excel with the names right and nothing that runs as a formula."""

from __future__ import annotations

import csv
import io

from cartif_lms.capacity.exports import COLUMNS, gaps_csv
from cartif_lms.capacity.services import GapRow


def test_a_formula_like_competency_name_is_text_and_the_figures_stay_numbers() -> None:
    row = GapRow("KZ", "TF", "TF-1", '=HYPERLINK("http://x","Таможня")', 4, 1, 6)
    text = gaps_csv([row])

    assert text.startswith("\ufeff")
    header, line = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(header) == COLUMNS
    assert line[COLUMNS.index("competency_name")] == "'=HYPERLINK(\"http://x\",\"Таможня\")"
    assert line[COLUMNS.index("mean_gap")] == "1.5"
    assert line[COLUMNS.index("below_target")] == "3"
