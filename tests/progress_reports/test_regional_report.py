"""The regional consolidated report for the Chief Negotiators and the Ministerial Conference:
its figures are the dashboard's and the API's, and each headline says what changed since the
previous report."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.auth.services import issue_token
from cartif_lms.capacity.services import generate_needs
from cartif_lms.progress_reports import reports
from cartif_lms.progress_reports.figures import cutoff_for
from cartif_lms.progress_reports.models import ReportSnapshot
from cartif_lms.progress_reports.services import regional_pdf
from tests.progress_reports.conftest import complete, draws, page_count, pdf_text

FIRST_STEPS = ("basics/first-steps/mandates", "basics/first-steps/positions")
REDRAFT = "basics/next-steps/redraft"


def after(text: str, marker: str, count: int) -> list[str]:
    """The ``count`` words printed after ``marker`` (a table row read back from the PDF)."""
    return text[text.index(marker) + len(marker) :].split()[:count]


def dashboard_row(page: str, country: str) -> dict[str, str]:
    """Learners, completion, mean gap, below target and women/men/not stated of one country
    in the dashboard's table."""
    row = re.search(rf">{country}</a>.*?</tr>", page, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    learners, completion, mean_gap, below, sexes = cells
    return {
        "learners": learners,
        "completion": completion,
        "mean_gap": mean_gap,
        "below": below,
        "sexes": sexes,
    }


def test_the_pdf_figures_equal_the_dashboards_and_the_apis(world, make_user, client, login_as):
    for gender, country in (("female", "KZ"), ("male", "KZ"), (None, "GE")):
        complete(make_user(country=country, gender=gender), *FIRST_STEPS)
    complete(world["kz_lead"], FIRST_STEPS[0])
    generate_needs()
    db.session.commit()
    analyst = make_user(role="analyst", country=None)
    bearer = {"Authorization": f"Bearer {issue_token(analyst)}"}
    db.session.commit()

    pdf = regional_pdf(None).data
    report = reports.regional_report(cutoff_for(None), keep_snapshot=False)
    api_cells = client.get("/api/v1/progress", headers=bearer).get_json()["progress"]
    api_needs = client.get("/api/v1/ta-needs", headers=bearer).get_json()["ta_needs"]
    login_as(analyst)
    dashboard = client.get("/capacity/dashboard").get_data(as_text=True)
    text = pdf_text(pdf)

    # The heatmap's cells are the API's completion per country and area.
    assert report.completion == {(c["country"], c["area"]): c["completion"] for c in api_cells}
    for code, name in (("KZ", "Kazakhstan"), ("GE", "Georgia")):
        row = dashboard_row(dashboard, name)
        learners, completion, *_, mean_gap, below, _uncovered = after(text, f"({code})", 9)
        assert (learners, completion, mean_gap, below) == (
            row["learners"],
            row["completion"],
            row["mean_gap"],
            row["below"],
        )
        mine = [c for c in api_cells if c["country"] == code]
        done = sum(c["items_done"] for c in mine)
        possible = sum(c["learners"] * c["items_in_area"] for c in mine)
        assert completion == f"{round(100 * done / possible, 1)}%"
        women, men, other, unstated = after(text[text.index("Learners by sex") :], code, 4)
        assert row["sexes"] == f"{women} / {men} / {int(unstated) + int(other)}"
    assert api_needs, "the world has gaps, so TA needs"
    for need in api_needs:
        assert need["competency"] in text
        assert str(need["priority"]) in text
    assert draws(pdf)
    assert page_count(pdf) >= 3


def test_the_first_page_is_a_summary_with_date_and_cut_off(world):
    text = pdf_text(regional_pdf(None).data).split("\f")[0]
    assert "CARTIF regional progress report" in text
    assert "Report date:" in text
    assert "Data cut-off:" in text
    assert "Headline indicators" in text
    assert "This is the first regional report" in text
    for label in ("Officials trained", "of whom women", "Modules completed", "Workshops held"):
        assert label in text
    assert "Certificates issued" in text
    assert "(KZ)" not in text  # the per-country table starts on page 2


def test_each_headline_says_what_changed_since_the_previous_report(world, make_user):
    learner = make_user(country="KZ", gender="female")
    complete(learner, *FIRST_STEPS)
    first = pdf_text(regional_pdf(None).data)
    db.session.commit()
    complete(make_user(country="GE", gender="male"), *FIRST_STEPS)

    second = pdf_text(regional_pdf(None).data)
    db.session.commit()

    assert after(first, "Modules completed", 2) == ["1", "—"]
    assert after(second, "Modules completed", 2) == ["2", "+1"]
    assert after(second, "Officials trained", 2) == ["2", "+1"]
    assert after(second, "of whom women", 2) == ["1", "0"]
    assert after(second, "Workshops held", 2) == ["0", "0"]  # recorded by the workshops part
    assert "Changes are since the previous regional report" in second
    assert db.session.scalar(select(func.count()).select_from(ReportSnapshot)) == 2
