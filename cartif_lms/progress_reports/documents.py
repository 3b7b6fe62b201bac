"""The reports as documents: the HTML page and the PDF, drawn from one body template each.

Charts are laid out once, by ``cartif_lms.charts.layout``. A web page draws them as the
dashboard's inline SVG. xhtml2pdf draws no inline ``<svg>``; it does draw SVG images (through
svglib), but that took seconds per chart, so a PDF prints the same layout (every mark's colour,
length and printed value) as table cells and coloured blocks
(``templates/progress_reports/_pdf_charts.html``). The figures are also printed as tables next
to every chart, so nothing depends on the drawing alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import get_template_attribute, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from .. import charts
from ..charts import layout
from ..directory.forms import KIND_LABELS
from ..directory.services import list_areas
from ..pdf import render_pdf
from .reports import CountryReport, RegionalReport

PDF = "pdf"
WEB = "web"


def _drawn(chart: layout.Chart, medium: str, columns: Sequence[str] = ()) -> Markup:
    if medium == WEB:
        return charts.render(chart, table=True)
    macro = get_template_attribute("lms/progress_reports/_pdf_charts.html", "chart")
    return Markup(macro(chart, columns))


def country_charts(report: CountryReport, medium: str) -> dict[str, Markup]:
    readiness = [(code, r.mean) for code, r in report.readiness.items()]
    return {
        "completion": _drawn(
            layout.bar_chart(
                [(c.area, c.completion) for c in report.cells],
                title=_("Completion by area (%)"),
                max_value=100,
                unit="%",
            ),
            medium,
        ),
        "gaps": _drawn(
            layout.bar_chart(
                sorted(report.mean_gaps.items()),
                title=_("Mean gap by area (levels)"),
                max_value=3,
                value_format="{:.1f}",
                colour="#a63603",
            ),
            medium,
        ),
        "readiness": _drawn(
            layout.bar_chart(
                readiness, title=_("Readiness by area (0–3)"), max_value=3, value_format="{:.1f}"
            ),
            medium,
        ),
    }


def regional_charts(report: RegionalReport, medium: str) -> dict[str, Markup]:
    codes = [c.code for c in report.countries]
    return {
        "completion": _drawn(
            layout.heatmap(
                codes, report.areas, report.completion, title=_("Completion (%)"), low=0, high=100
            ),
            medium,
            report.areas,
        ),
        "gaps": _drawn(
            layout.heatmap(
                codes,
                report.areas,
                report.mean_gaps,
                title=_("Mean gap (levels)"),
                low=0,
                high=3,
                value_format="{:.1f}",
                high_is_good=False,
            ),
            medium,
            report.areas,
        ),
    }


def _common() -> dict[str, Any]:
    return {"area_names": {a.code: a.name for a in list_areas()}, "kind_labels": KIND_LABELS}


def country_html(report: CountryReport, medium: str = WEB) -> str:
    template = "country_pdf.html" if medium == PDF else "country.html"
    return render_template(
        f"lms/progress_reports/{template}",
        report=report,
        charts=country_charts(report, medium),
        **_common(),
    )


def regional_html(report: RegionalReport, medium: str = WEB) -> str:
    template = "regional_pdf.html" if medium == PDF else "regional.html"
    return render_template(
        f"lms/progress_reports/{template}",
        report=report,
        charts=regional_charts(report, medium),
        medium=medium,
        **_common(),
    )


def country_pdf(report: CountryReport) -> bytes:
    return render_pdf(country_html(report, PDF))


def regional_pdf(report: RegionalReport) -> bytes:
    return render_pdf(regional_html(report, PDF))
