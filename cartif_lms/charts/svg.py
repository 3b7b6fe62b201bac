"""Charts as inline SVG :class:`~markupsafe.Markup`, drawn by the macros in ``charts/_charts.html``.

Views call these and pass the result to their template (``{{ completion_chart }}``); a template
may instead import the ``chart`` macro and hand it a layout from :mod:`.layout`. Either way the
markup is written once, by the macros, with autoescaping. Needs an application context, since
the macros are found through the app's template loader (so a host may override them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import get_template_attribute
from flask_babel import get_locale
from markupsafe import Markup

from .. import db
from . import layout

__all__ = ["bar_chart", "heatmap", "render"]

#: Where the chart macros live (templates are addressed as ``lms/<folder>/<name>.html``).
MACROS = "lms/charts/_charts.html"


def render(chart: layout.Chart, table: bool = False) -> Markup:
    """The SVG for a layout, in the current locale; with ``table``, followed by its figures as
    a folded table (a page's charts need one: their text alternative, and the rows' links)."""
    svg = Markup(get_template_attribute(MACROS, "chart")(chart))
    if not table:
        return svg
    return svg + Markup(get_template_attribute(MACROS, "data_table")(chart))


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Mapping[tuple[str, str], float | None],
    *,
    title: str,
    low: float,
    high: float,
    value_format: str = "{:.0f}",
    high_is_good: bool = True,
    row_links: Mapping[str, str] | None = None,
    caption: str | None = None,
    table: bool = False,
) -> Markup:
    """A heatmap of ``values[(row, column)]``; see :func:`.layout.heatmap` for the rules and
    :func:`render` for ``table``.

    The drawing depends on nothing but these arguments, the reader's language and the app's
    templates, so each worker keeps the last ones it drew, per app: a dashboard asked again
    before its figures change (most requests: analysts read far more often than events
    arrive) is not drawn again.
    """
    figures = (
        tuple(rows),
        tuple(columns),
        tuple(values.items()),
        str(title),
        low,
        high,
        value_format,
        high_is_good,
        tuple(row_links.items()) if row_links is not None else None,
        None if caption is None else str(caption),
        table,
    )
    drawn = db.lms_state().drawn_charts
    key = (figures, str(get_locale() or "en"))
    svg = drawn.get(key)
    if svg is None:
        if len(drawn) >= DRAWN_CHARTS_KEPT:
            drawn.clear()  # figures that changed since will not be asked for again
        svg = drawn[key] = _drawn_heatmap(figures)
    return svg


#: Heatmaps kept per worker (a dashboard's two, in each language, for a few roles' scopes).
DRAWN_CHARTS_KEPT = 64


def _drawn_heatmap(figures: tuple[Any, ...]) -> Markup:
    rows, columns, values, title, low, high, value_format, good, links, caption, table = figures
    return render(
        layout.heatmap(
            rows,
            columns,
            dict(values),
            title=title,
            low=low,
            high=high,
            value_format=value_format,
            high_is_good=good,
            row_links=None if links is None else dict(links),
            caption=caption,
        ),
        table,
    )


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float | None = None,
    value_format: str = "{:.0f}",
    unit: str = "",
    colour: str = "#155d8b",
    target: float | None = None,
    table: bool = False,
) -> Markup:
    """Horizontal bars of ``(label, value)``; see :func:`.layout.bar_chart` for the rules and
    :func:`render` for ``table``."""
    return render(
        layout.bar_chart(
            items,
            title=title,
            max_value=max_value,
            value_format=value_format,
            unit=unit,
            colour=colour,
            target=target,
        ),
        table,
    )
