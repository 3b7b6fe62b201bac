"""Server-drawn SVG charts: structure, colour scale, contrast, escaping and geometry."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from markupsafe import Markup

from cartif_lms.charts import bar_chart, heatmap
from cartif_lms.charts.layout import BAR_PLOT_WIDTH

NS = "http://www.w3.org/2000/svg"
SVG = f"{{{NS}}}"

COUNTRIES = [
    "Afghanistan",
    "Azerbaijan",
    "China",
    "Georgia",
    "Kazakhstan",
    "Kyrgyz Republic",
    "Mongolia",
    "Pakistan",
    "Tajikistan",
    "Turkmenistan",
    "Uzbekistan",
]
AREAS = [
    "Trade Facilitation",
    "Customs Valuation",
    "Rules of Origin",
    "SPS Measures",
    "Technical Barriers to Trade",
    "Services",
    "Investment",
    "Dispute Settlement",
]


def parse(svg: Markup) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    return root


def with_table(chart: Markup) -> tuple[ET.Element, ET.Element]:
    """A chart drawn with ``table=True``: its SVG and the folded table after it."""
    svg, table = str(chart).split("</svg>", 1)
    return parse(Markup(svg + "</svg>")), ET.fromstring(table)


def cells(root: ET.Element) -> list[ET.Element]:
    return root.findall(f".//{SVG}g[@class='cell']")


def cell_rect(cell: ET.Element) -> ET.Element:
    rect = cell.find(f"{SVG}rect")
    assert rect is not None
    return rect


def cell_text(cell: ET.Element) -> ET.Element:
    text = cell.find(f"{SVG}text")
    assert text is not None
    return text


def luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    digits = colour.lstrip("#")
    r, g, b = (linear(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def one_row(values: list[float | None], **kwargs) -> ET.Element:
    columns = [f"c{i}" for i in range(len(values))]
    data = {("r", c): v for c, v in zip(columns, values, strict=True)}
    kwargs.setdefault("title", "Scale")
    kwargs.setdefault("low", 0)
    kwargs.setdefault("high", 100)
    return parse(heatmap(["r"], columns, data, **kwargs))


def full_heatmap(**kwargs) -> Markup:
    values = {
        (country, area): float((i * 7 + j * 13) % 101)
        for i, country in enumerate(COUNTRIES)
        for j, area in enumerate(AREAS)
    }
    values[("Kazakhstan", "Trade Facilitation")] = 72
    values[("China", "Services")] = None
    kwargs.setdefault("title", "Readiness by country and area")
    return heatmap(COUNTRIES, AREAS, values, low=0, high=100, value_format="{:.0f}%", **kwargs)


# --------------------------------------------------------------------------- heatmap


def test_heatmap_is_accessible_svg_with_size_and_title():
    svg = full_heatmap(caption="Share of competencies at working level.")
    assert isinstance(svg, Markup)
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("font-family") == "system-ui, sans-serif"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0
    assert height > 0
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Readiness by country and area"
    assert desc is not None
    assert "11 rows by 8 columns" in desc.text
    assert "Share of competencies at working level." in desc.text
    labelled_by = root.get("aria-labelledby").split()
    assert labelled_by == [title.get("id"), desc.get("id")]
    visible = [t.text for t in root.iter(f"{SVG}text")]
    assert "Readiness by country and area" in visible
    assert "Share of competencies at working level." in visible


def test_heatmap_has_one_cell_per_row_and_column_with_hover_titles():
    root = parse(full_heatmap())
    found = cells(root)
    assert len(found) == len(COUNTRIES) * len(AREAS) == 88
    tooltips = [c.find(f"{SVG}title").text for c in found]
    assert "Kazakhstan \u00b7 Trade Facilitation: 72%" in tooltips
    assert "China \u00b7 Services: no data" in tooltips
    for country in COUNTRIES:
        assert country in [t.text for t in root.iter(f"{SVG}text")]


def test_heatmap_size_follows_rows_columns_and_labels():
    small = parse(heatmap(["A"], ["x"], {("A", "x"): 1}, title="t", low=0, high=1))
    more_rows = parse(heatmap(["A", "B", "C"], ["x"], {}, title="t", low=0, high=1))
    more_cols = parse(heatmap(["A"], ["x", "y", "z"], {}, title="t", low=0, high=1))
    assert float(more_rows.get("height")) > float(small.get("height"))
    assert float(more_cols.get("width")) > float(small.get("width"))
    label_30 = parse(heatmap(["A" * 30], ["x"], {}, title="t", low=0, high=1))
    label_70 = parse(heatmap(["A" * 70], ["x"], {}, title="t", low=0, high=1))
    extra = float(label_70.get("width")) - float(label_30.get("width"))
    assert extra == pytest.approx(40 * 0.6 * 12, abs=2)  # 0.6 x font-size per character


def test_heatmap_missing_keys_still_draw_every_cell():
    root = parse(heatmap(["A", "B"], ["x", "y", "z"], {("A", "x"): 5}, title="t", low=0, high=10))
    assert len(cells(root)) == 6
    dashes = [c for c in cells(root) if cell_text(c).text == "\u2014"]
    assert len(dashes) == 5


@pytest.mark.parametrize("high_is_good", [True, False])
def test_colour_scale_is_monotonic_from_light_to_dark(high_is_good):
    values = [float(v) for v in range(0, 101, 10)]
    root = one_row(values, high_is_good=high_is_good)
    fills = [cell_rect(c).get("fill") for c in cells(root)]
    lums = [luminance(f) for f in fills]
    assert fills[0] != fills[-1]
    assert len(set(fills)) == len(fills)
    assert all(a > b for a, b in zip(lums, lums[1:], strict=False)), lums
    assert lums[0] > 0.8  # the low end is light
    assert lums[-1] < 0.1  # the high end is dark


def test_good_is_blue_and_gap_is_orange():
    good = cell_rect(cells(one_row([100.0], high_is_good=True))[0]).get("fill")
    gap = cell_rect(cells(one_row([100.0], high_is_good=False))[0]).get("fill")
    r, _, b = (int(good[i : i + 2], 16) for i in (1, 3, 5))
    assert b > r
    r, _, b = (int(gap[i : i + 2], 16) for i in (1, 3, 5))
    assert r > b


def test_out_of_range_values_clamp_colour_but_print_as_is():
    found = cells(one_row([-50.0, 0.0, 100.0, 150.0]))
    fills = [cell_rect(c).get("fill") for c in found]
    assert fills[0] == fills[1]
    assert fills[2] == fills[3]
    assert [cell_text(c).text for c in found] == ["-50", "0", "100", "150"]


def test_text_contrast_white_on_darkest_and_dark_on_lightest():
    for high_is_good in (True, False):
        lightest, darkest = cells(one_row([0.0, 100.0], high_is_good=high_is_good))
        assert cell_text(darkest).get("fill").lower() == "#ffffff"
        light_text = cell_text(lightest).get("fill")
        assert light_text.lower() != "#ffffff"
        assert luminance(light_text) < 0.05


def test_contrast_choice_meets_wcag_aa_along_the_scale():
    for high_is_good in (True, False):
        for cell in cells(one_row([float(v) for v in range(0, 101, 5)], high_is_good=high_is_good)):
            fill = luminance(cell_rect(cell).get("fill"))
            text = luminance(cell_text(cell).get("fill"))
            ratio = (max(fill, text) + 0.05) / (min(fill, text) + 0.05)
            assert ratio >= 3.0, (cell_rect(cell).get("fill"), ratio)


def test_none_and_nan_cells_show_an_em_dash_in_grey():
    found = cells(one_row([None, math.nan, 40.0]))
    assert [cell_text(c).text for c in found] == ["\u2014", "\u2014", "40"]
    assert cell_rect(found[0]).get("fill") == cell_rect(found[1]).get("fill")
    assert cell_rect(found[0]).get("fill") != cell_rect(found[2]).get("fill")
    assert found[0].find(f"{SVG}title").text == "r \u00b7 c0: no data"
    legend_texts = [t.text for t in one_row([None, 1.0]).iter(f"{SVG}text")]
    assert "no data" in legend_texts
    assert "no data" not in [t.text for t in one_row([1.0]).iter(f"{SVG}text")]


def test_heatmap_legend_shows_formatted_ends():
    root = one_row([50.0], value_format="{:.0f}%")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "0%" in texts
    assert "100%" in texts


def test_labels_are_escaped():
    rows = ["<script>", 'Quote "row"']
    columns = ["a & b", "<img src=x onerror=alert(1)>"]
    svg = heatmap(
        rows,
        columns,
        {("<script>", "a & b"): 1},
        title="<b>Title</b>",
        low=0,
        high=1,
        caption="</svg><script>alert(1)</script>",
        row_links={"<script>": '/x?a=1&b="2"'},
        table=True,
    )
    text = str(svg)
    assert "<script" not in text
    assert "<img" not in text
    assert "<b>" not in text
    assert "&lt;script&gt;" in text
    root, table = with_table(svg)
    assert root.find(f"{SVG}title").text == "<b>Title</b>"
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "<script>" in labels
    link = table.find(".//a")
    assert link is not None
    assert link.get("href") == '/x?a=1&b="2"'
    assert link.text == "<script>"
    assert [th.text for th in table.iter("th")][:2] == ["a & b", "<img src=x onerror=alert(1)>"]
    assert "<script> \u00b7 a & b: 1" in [c.find(f"{SVG}title").text for c in cells(root)]


def test_row_links_are_in_the_table_not_the_image_and_unsafe_schemes_are_dropped():
    root, table = with_table(
        heatmap(
            ["Kazakhstan", "Mongolia", "Pakistan"],
            ["x"],
            {},
            title="t",
            low=0,
            high=1,
            row_links={"Kazakhstan": "/countries/kz", "Mongolia": "javascript:alert(1)"},
            table=True,
        )
    )
    # An SVG with role="img" is one image to a screen reader: a link inside it is unreachable.
    assert root.findall(f".//{SVG}a") == []
    links = table.findall(".//a")
    assert len(links) == 1
    assert links[0].get("href") == "/countries/kz"
    assert links[0].text == "Kazakhstan"
    assert [th.text or th.find("a").text for th in table.iter("th")] == [
        "x",
        "Kazakhstan",
        "Mongolia",
        "Pakistan",
    ]
    assert "javascript" not in ET.tostring(table, encoding="unicode")


def test_a_chart_s_table_holds_its_title_and_every_printed_value():
    _, table = with_table(
        bar_chart([("TF", 40.0), ("SPS", 75.5)], title="Completion", unit="%", table=True)
    )
    assert table.tag == "details"
    assert table.find("table/caption").text == "Completion"
    rows = [[cell.text for cell in row] for row in table.iter("tr")]
    assert rows == [["TF", "40%"], ["SPS", "76%"]]
    _, heat = with_table(
        heatmap(["KZ"], ["TF", "SPS"], {("KZ", "TF"): 12}, title="t", low=0, high=100, table=True)
    )
    assert [cell.text for cell in heat.findall(".//tbody/tr/td")] == ["12", "\u2014"]
    assert bar_chart([], title="Nothing", table=True).count("<table") == 0


def test_heatmap_rejects_empty_range():
    with pytest.raises(ValueError, match="must be greater than low"):
        heatmap(["a"], ["b"], {}, title="t", low=5, high=5)


@pytest.mark.parametrize(("rows", "columns"), [([], ["x"]), (["a"], []), ([], [])])
def test_heatmap_empty_says_no_data(rows, columns):
    root = parse(heatmap(rows, columns, {}, title="Nothing yet", low=0, high=1))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "No data" in texts
    assert root.find(f"{SVG}title").text == "Nothing yet"
    assert cells(root) == []


# --------------------------------------------------------------------------- all charts


def all_charts() -> list[Markup]:
    return [
        full_heatmap(caption="c", row_links={"China": "/c/cn"}),
        full_heatmap(high_is_good=False),
        bar_chart([("a", 1), ("b", 2)], title="t", target=1.5, unit="%"),
        heatmap([], [], {}, title="t", low=0, high=1),
        bar_chart([], title="t"),
    ]


def test_no_inline_styles_anywhere():
    for svg in all_charts():
        text = str(svg)
        assert "style=" not in text
        assert "<style" not in text
        parse(svg)


def test_output_is_deterministic():
    assert [str(s) for s in all_charts()] == [str(s) for s in all_charts()]


# --------------------------------------------------------------------------- bar chart


def bars(root: ET.Element) -> list[tuple[float, str]]:
    found = []
    for group in root.findall(f".//{SVG}g[@class='bar']"):
        rect = group.find(f"{SVG}rect")
        text = group.find(f"{SVG}text")
        found.append((float(rect.get("width")), text.text))
    return found


def test_bar_lengths_are_proportional_to_values():
    items = [("Kazakhstan", 10.0), ("Mongolia", 25.0), ("Pakistan", 40.0), ("China", 0.0)]
    root = parse(bar_chart(items, title="Learners", unit=" learners"))
    found = bars(root)
    assert len(found) == 4
    widths = [w for w, _ in found]
    assert widths[2] == pytest.approx(BAR_PLOT_WIDTH)
    for (_, value), width in zip(items, widths, strict=True):
        assert width == pytest.approx(BAR_PLOT_WIDTH * value / 40.0, abs=0.01)
    assert [t for _, t in found] == ["10 learners", "25 learners", "40 learners", "0 learners"]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "Kazakhstan" in labels
    assert "Learners" in labels
    assert root.find(f"{SVG}title").text == "Learners"
    assert root.get("role") == "img"


def test_bar_value_text_sits_at_the_bar_end():
    root = parse(bar_chart([("a", 5.0), ("b", 10.0)], title="t"))
    for group in root.findall(f".//{SVG}g[@class='bar']"):
        rect, text = group.find(f"{SVG}rect"), group.find(f"{SVG}text")
        end = float(rect.get("x")) + float(rect.get("width"))
        assert float(text.get("x")) == pytest.approx(end + 4, abs=0.01)
        assert text.get("text-anchor") == "start"


def test_bar_max_value_and_overflow_clamp_length_but_print_value():
    root = parse(bar_chart([("a", 50.0), ("b", 150.0)], title="t", max_value=100, unit="%"))
    (w1, t1), (w2, t2) = bars(root)
    assert w1 == pytest.approx(BAR_PLOT_WIDTH / 2)
    assert w2 == pytest.approx(BAR_PLOT_WIDTH)
    assert (t1, t2) == ("50%", "150%")


def test_bar_colour_is_used():
    root = parse(bar_chart([("a", 1.0)], title="t", colour="#abcdef"))
    assert root.find(f".//{SVG}g[@class='bar']/{SVG}rect").get("fill") == "#abcdef"


def test_target_line_is_dashed_and_labelled():
    root = parse(bar_chart([("a", 50.0), ("b", 100.0)], title="t", target=80, unit="%"))
    group = root.find(f".//{SVG}g[@class='target']")
    assert group is not None
    line = group.find(f"{SVG}line")
    assert line.get("stroke-dasharray")
    x0 = float(root.find(f".//{SVG}g[@class='bar']/{SVG}rect").get("x"))
    assert float(line.get("x1")) == pytest.approx(x0 + BAR_PLOT_WIDTH * 0.8)
    assert line.get("x1") == line.get("x2")
    assert group.find(f"{SVG}text").text == "Target: 80%"
    assert "target of 80%" in root.find(f"{SVG}desc").text


def test_target_above_all_values_extends_the_scale():
    root = parse(bar_chart([("a", 50.0)], title="t", target=100))
    assert bars(root)[0][0] == pytest.approx(BAR_PLOT_WIDTH / 2)


def test_no_target_no_dashed_line():
    root = parse(bar_chart([("a", 1.0)], title="t"))
    assert root.find(f".//{SVG}g[@class='target']") is None
    assert all(line.get("stroke-dasharray") is None for line in root.iter(f"{SVG}line"))


def test_bar_labels_are_escaped():
    svg = bar_chart([("<script>alert(1)</script>", 1.0)], title="<t>", unit="<u>")
    assert "<script" not in str(svg)
    root = parse(svg)
    assert "<script>alert(1)</script>" in [t.text for t in root.iter(f"{SVG}text")]


def test_bar_chart_empty_says_no_data():
    root = parse(bar_chart([], title="Learners"))
    assert "No data" in [t.text for t in root.iter(f"{SVG}text")]
    assert root.findall(f".//{SVG}g[@class='bar']") == []


# --------------------------------------------------------------------------- hostile labels


HOSTILE = '<script>alert("x")</script>'


def test_a_country_named_with_a_script_is_escaped_everywhere_in_a_heatmap():
    svg = heatmap(
        [f"Kazakhstan{HOSTILE}"],
        [f"Services{HOSTILE}"],
        {(f"Kazakhstan{HOSTILE}", f"Services{HOSTILE}"): 50},
        title=f"Completion{HOSTILE}",
        low=0,
        high=100,
        caption=HOSTILE,
        row_links={f"Kazakhstan{HOSTILE}": '/c/kz" onmouseover="alert(1)'},
        table=True,
    )
    text = str(svg)
    assert "<script" not in text
    assert "&lt;script&gt;" in text
    root, table = with_table(svg)
    assert list(root.iter(f"{SVG}script")) == []
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert f"Kazakhstan{HOSTILE}" in labels  # shown as written, not run
    assert f"Completion{HOSTILE}" == root.find(f"{SVG}title").text
    (link,) = table.findall(".//a")
    assert link.attrib == {"href": '/c/kz" onmouseover="alert(1)'}  # no attribute escapes
    assert cells(root)[0].find(f"{SVG}title").text.startswith(f"Kazakhstan{HOSTILE}")


def test_a_hostile_bar_label_unit_and_colour_stay_inside_their_attributes():
    svg = bar_chart(
        [(HOSTILE, 1.0)], title="t", unit=HOSTILE, target=1, colour='red" onload="alert(1)'
    )
    assert "<script" not in str(svg)
    root = parse(svg)
    rect = root.find(f".//{SVG}g[@class='bar']/{SVG}rect")
    assert rect.get("fill") == 'red" onload="alert(1)'
    assert rect.get("onload") is None
    assert f"Target: 1{HOSTILE}" in [t.text for t in root.iter(f"{SVG}text")]
    assert HOSTILE in root.find(f"{SVG}desc").text


# --------------------------------------------------------------------------- macros


def test_templates_can_draw_a_layout_with_the_chart_macro():
    from flask import render_template_string

    from cartif_lms.charts import layout, render

    chart = layout.bar_chart([("a", 1.0)], title="t")
    page = render_template_string(
        '{% from "lms/charts/_charts.html" import chart %}<figure>{{ chart(c) }}</figure>', c=chart
    )
    assert page == f"<figure>{render(chart)}</figure>"


def test_the_svg_is_one_line():
    for svg in all_charts():
        assert "\n" not in str(svg)


class Bracketed:
    """A stand-in catalogue that marks every phrase it translates with brackets."""

    def ugettext(self, text: str) -> str:
        return f"[{text}]"

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return f"[{singular if n == 1 else plural}]"

    gettext, ngettext = ugettext, ungettext


def test_every_phrase_a_chart_draws_or_announces_is_translated(monkeypatch):
    import flask_babel
    from flask import g

    monkeypatch.setattr(flask_babel.Domain, "get_translations", lambda self: Bracketed())
    g._lms_translations = Bracketed()  # the templates' per-request catalogue
    empty = parse(bar_chart([], title="t"))
    assert "[No data]" in [t.text for t in empty.iter(f"{SVG}text")]
    assert empty.find(f"{SVG}desc").text == "[No data.]"
    bars = parse(bar_chart([("a", 50.0), ("b", 60.0)], title="t", target=80, unit="%"))
    assert "[Target: 80%]" in [t.text for t in bars.iter(f"{SVG}text")]
    assert bars.find(f"{SVG}desc").text == (
        "[Horizontal bar chart of 2 bars, scaled to 80%.] [A dashed line marks the target of 80%.]"
    )
    grid = parse(heatmap(["r"], ["c", "d"], {("r", "c"): 1}, title="t", low=0, high=1))
    assert "[no data]" in [t.text for t in grid.iter(f"{SVG}text")]  # the legend's key
    assert "r \u00b7 d: [no data]" in [c.find(f"{SVG}title").text for c in cells(grid)]
    desc = grid.find(f"{SVG}desc").text
    assert desc.startswith("[Heatmap of 1 rows by 2 columns.")
    assert desc.endswith("[Hatched grey cells with a dash have no data.]")


def test_a_heatmap_asked_again_with_the_same_figures_is_not_drawn_again():
    from flask_babel import force_locale

    def completion(figures):
        return heatmap(
            ["KZ"],
            ["TF", "SPS"],
            figures,
            title="Completion",
            low=0,
            high=100,
            value_format="{:.1f}",
        )

    figures = {("KZ", "TF"): 40.0, ("KZ", "SPS"): 75.5}
    first = completion(figures)
    assert completion(dict(figures)) is first  # the worker's drawing, kept
    moved = completion({**figures, ("KZ", "SPS"): 80.0})
    assert moved is not first
    assert ">80.0<" in moved
    assert ">80.0<" not in first
    with force_locale("ru"):
        russian = completion(figures)
    assert russian is not first
    assert ">75,5<" in russian
    assert ">75.5<" in first
