"""Chart geometry as plain data: sizes, positions, colours and text, checked without any SVG."""

from __future__ import annotations

import math

import pytest

from cartif_lms.charts import layout
from cartif_lms.charts.layout import (
    BAR_PLOT_WIDTH,
    BLUES,
    ORANGES,
    PAD,
    TEXT_DARK,
    TEXT_LIGHT,
    BarChart,
    Heatmap,
    NoData,
)


def a_heatmap(**kwargs: object) -> Heatmap:
    kwargs.setdefault("title", "t")
    kwargs.setdefault("low", 0)
    kwargs.setdefault("high", 100)
    rows = ["KZ", "MN"]
    columns = ["TF", "SPS", "XC"]
    values = {("KZ", "TF"): 10.0, ("KZ", "SPS"): 55.0, ("MN", "TF"): 100.0, ("MN", "XC"): None}
    chart = layout.heatmap(rows, columns, values, **kwargs)  # type: ignore[arg-type]
    assert isinstance(chart, Heatmap)
    return chart


# --------------------------------------------------------------------------- colour


def test_the_scale_runs_from_its_first_to_its_last_stop_and_clamps():
    assert layout.scale_colour(BLUES, 0) == BLUES[0]
    assert layout.scale_colour(BLUES, 1) == BLUES[-1]
    assert layout.scale_colour(BLUES, -3) == BLUES[0]
    assert layout.scale_colour(ORANGES, 7) == ORANGES[-1]
    assert layout.scale_colour(BLUES, 0.5) == BLUES[4]  # 9 stops: the middle one


def test_between_two_stops_the_colour_is_interpolated_channel_by_channel():
    halfway = layout.scale_colour(("#000000", "#ffffff"), 0.5)
    assert halfway == "#808080"


def test_the_legend_steps_span_the_whole_scale():
    steps = layout.legend_colours(BLUES, 5)
    assert len(steps) == 5
    assert steps[0] == BLUES[0]
    assert steps[-1] == BLUES[-1]


def test_text_on_a_fill_is_white_on_dark_dark_on_light_and_dark_when_unknown():
    assert layout.text_colour_on(BLUES[-1]) == TEXT_LIGHT
    assert layout.text_colour_on(BLUES[0]) == TEXT_DARK
    assert layout.text_colour_on("#000") == TEXT_LIGHT  # short hex is understood
    assert layout.text_colour_on("rebeccapurple") == TEXT_DARK


def test_luminance_follows_wcag():
    assert layout.luminance("#ffffff") == pytest.approx(1.0)
    assert layout.luminance("#000000") == pytest.approx(0.0)
    assert layout.luminance("#808080") == pytest.approx(0.2159, abs=1e-4)


# --------------------------------------------------------------------------- text


def test_wrap_is_greedy_and_cuts_words_longer_than_a_line():
    assert layout.wrap("Technical Barriers to Trade", 10) == ["Technical", "Barriers", "to Trade"]
    assert layout.wrap("Investment", 4) == ["Inve", "stme", "nt"]
    assert layout.wrap("", 5) == [""]


def test_how_many_characters_fit_in_a_width():
    assert layout.wrap_chars(66, 11) == 10  # 0.6 x 11 = 6.6 px a character
    assert layout.wrap_chars(1, 11) == 1  # never less than one


def test_only_finite_numbers_count_as_values():
    assert layout.finite(3) == 3.0
    assert layout.finite(None) is None
    assert layout.finite(math.nan) is None
    assert layout.finite(math.inf) is None


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("/capacity/countries/KZ", "/capacity/countries/KZ"),
        (" https://example.org/a ", "https://example.org/a"),
        ("mailto:focal@example.org", "mailto:focal@example.org"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>", None),
        ("/a\nb", None),
        ("", None),
        (None, None),
    ],
)
def test_only_relative_and_web_links_are_kept(href, safe):
    assert layout.safe_href(href) == safe


def test_coordinates_are_kept_to_a_hundredth_and_whole_ones_print_as_integers():
    assert layout.coordinate(12.0) == 12
    assert isinstance(layout.coordinate(12.0), int)
    assert layout.coordinate(12.3456) == 12.35
    assert layout.coordinate(-0.001) == 0


# --------------------------------------------------------------------------- shapes


def test_hatch_lines_run_at_45_degrees_and_stay_inside_their_rectangle():
    lines = layout.hatch(10, 20, 48, 28, 6)
    assert len(lines) == (48 + 28) // 6  # one every 6 px across width + height
    for line in lines:
        assert min(line.x1, line.x2) >= 10
        assert max(line.x1, line.x2) <= 58
        assert min(line.y1, line.y2) >= 20
        assert max(line.y1, line.y2) <= 48
        assert line.x2 - line.x1 == pytest.approx(line.y1 - line.y2)  # up and to the right


def test_a_label_is_centred_unless_it_would_leave_the_chart():
    assert layout.label_anchor(100, 40, 8, 300) == "middle"
    assert layout.label_anchor(290, 40, 8, 300) == "end"
    assert layout.label_anchor(10, 40, 8, 300) == "start"


# --------------------------------------------------------------------------- bar chart


@pytest.mark.parametrize(
    ("values", "max_value", "target", "expected"),
    [
        ([10, 40, 25], None, None, 40),
        ([10, 40], None, 80, 80),  # the target extends the scale
        ([10, 40], 100, 150, 100),  # an explicit maximum wins
        ([math.nan, 5], None, math.nan, 5),  # missing values do not count
        ([0, 0], None, None, 1),  # nothing to scale by: never divide by zero
        ([-5], None, None, 1),
        ([5], 0, None, 1),
    ],
)
def test_what_a_full_length_bar_stands_for(values, max_value, target, expected):
    assert layout.bar_scale_max(values, max_value, target) == expected


def test_bar_length_is_proportional_clamped_and_zero_when_missing():
    assert layout.bar_length(20, 40) == BAR_PLOT_WIDTH / 2
    assert layout.bar_length(80, 40) == BAR_PLOT_WIDTH
    assert layout.bar_length(-3, 40) == 0
    assert layout.bar_length(math.nan, 40) == 0
    assert layout.bar_length(None, 40) == 0


def test_bar_chart_layout_places_label_bar_and_value_on_one_row():
    chart = layout.bar_chart([("Kazakhstan", 20.0), ("Mongolia", math.nan)], title="t", unit="%")
    assert isinstance(chart, BarChart)
    kz, mn = chart.bars
    assert kz.label.content == "Kazakhstan"
    assert kz.label.anchor == "end"
    assert kz.rect.x == chart.axis.x1
    assert kz.rect.width == BAR_PLOT_WIDTH
    assert kz.value.content == "20%"
    assert kz.value.x == pytest.approx(kz.rect.x + kz.rect.width + 4, abs=0.01)
    assert kz.label.y == kz.value.y  # one baseline per row
    assert mn.rect.width == 0
    assert mn.value.content == "\u2014"
    assert mn.tooltip == "Mongolia: \u2014"
    assert mn.rect.y - kz.rect.y == layout.BAR_ROW_HEIGHT
    assert chart.target is None
    assert chart.scale_text == "20%"
    assert chart.width >= chart.bars[0].value.x  # the value text fits


def test_a_target_near_the_right_edge_is_labelled_leftwards():
    chart = layout.bar_chart([("a", 50.0)], title="t", target=100, max_value=100, unit="%")
    assert isinstance(chart, BarChart)
    assert chart.target is not None
    assert chart.target.text.content == "Target: 100%"
    assert chart.target.text.anchor == "end"
    assert chart.target.line.x1 == chart.axis.x1 + BAR_PLOT_WIDTH
    assert chart.target.line.dash == "4 3"
    assert chart.target_text == "100%"
    no_target = layout.bar_chart([("a", 50.0)], title="t", max_value=100)
    assert chart.height == no_target.height + 16  # a line of room above the bars for the label
    assert chart.bars[0].rect.y == no_target.bars[0].rect.y + 16


# --------------------------------------------------------------------------- heatmap


def test_heatmap_cells_tile_a_grid_row_by_row():
    chart = a_heatmap()
    assert [row.label.content for row in chart.rows] == ["KZ", "MN"]
    first = chart.rows[0].cells[0].rect
    for r, row in enumerate(chart.rows):
        assert len(row.cells) == 3
        for c, cell in enumerate(row.cells):
            assert cell.rect.x == pytest.approx(first.x + c * first.width, abs=0.01)
            assert cell.rect.y == first.y + r * layout.HEAT_CELL_HEIGHT
            assert cell.rect.width == first.width
        assert row.label.x < first.x
        assert row.label.anchor == "end"
    last = chart.rows[-1].cells[-1].rect
    assert chart.width >= last.x + last.width + PAD


def test_heatmap_cells_carry_colour_value_and_tooltip():
    kz, mn = a_heatmap(value_format="{:.0f}%").rows
    assert kz.cells[0].text.content == "10%"
    assert kz.cells[0].tooltip == "KZ \u00b7 TF: 10%"
    assert mn.cells[0].rect.fill == BLUES[-1]
    assert mn.cells[0].text.fill == TEXT_LIGHT
    assert kz.cells[2].text.content == "\u2014"
    assert kz.cells[2].tooltip == "KZ \u00b7 XC: no data"
    assert kz.cells[2].hatch
    assert not kz.cells[0].hatch
    assert mn.cells[2].rect.fill == kz.cells[2].rect.fill == layout.MISSING_FILL
    gap = a_heatmap(high_is_good=False).rows[1].cells[0]
    assert gap.rect.fill == ORANGES[-1]


def test_the_no_data_key_appears_only_when_a_cell_has_no_data():
    chart = a_heatmap()
    assert chart.legend.missing is not None
    assert chart.legend.missing.text.content == "no data"
    full = layout.heatmap(["r"], ["c"], {("r", "c"): 1.0}, title="t", low=0, high=1)
    assert isinstance(full, Heatmap)
    assert full.legend.missing is None
    assert layout.heat_legend_width("0", "1", True) > layout.heat_legend_width("0", "1", False)


def test_legend_reads_low_swatches_high():
    legend = a_heatmap(value_format="{:.0f}%").legend
    assert (legend.low.content, legend.high.content) == ("0%", "100%")
    xs = [s.x for s in legend.swatches]
    assert xs == sorted(xs)
    assert legend.low.x < xs[0]
    assert legend.high.x > xs[-1]
    assert legend.outline.width == layout.SWATCH_WIDTH * layout.LEGEND_STEPS


def test_cells_widen_for_long_values_and_long_column_words_up_to_a_limit():
    assert layout.heat_cell_width(["TF"], ["1"]) == 48
    assert layout.heat_cell_width(["TF"], ["123456789"]) == pytest.approx(9 * 0.6 * 12 + 12)
    assert layout.heat_cell_width(["Transparency"], ["1"]) == pytest.approx(12 * 0.6 * 11 + 8)
    assert layout.heat_cell_width(["X" * 40], ["1"]) == 120


def test_column_labels_wrap_and_sit_above_the_grid():
    chart = a_heatmap()
    top = chart.rows[0].cells[0].rect.y
    assert [t.content for t in chart.column_labels] == ["TF", "SPS", "XC"]
    assert all(t.y < top and t.bold for t in chart.column_labels)
    wide = layout.heatmap(["r"], ["Technical Barriers to Trade"], {}, title="t", low=0, high=1)
    assert isinstance(wide, Heatmap)
    # The longest word sets the width (9 characters), the rest wraps to it.
    assert [t.content for t in wide.column_labels] == ["Technical", "Barriers", "to Trade"]
    assert [t.y for t in wide.column_labels] == sorted(t.y for t in wide.column_labels)


def test_a_caption_wraps_within_the_chart_below_the_legend():
    chart = a_heatmap(caption="word " * 60)
    assert len(chart.caption_lines) > 1
    for line in chart.caption_lines:
        assert line.y > chart.legend.low.y
        assert PAD + len(line.content) * 0.6 * 11 <= chart.width - PAD
    assert chart.height > a_heatmap().height


def test_unsafe_row_links_are_dropped_and_labels_stay_plain_text():
    chart = a_heatmap(row_links={"KZ": "/c/kz", "MN": "javascript:alert(1)"})
    kz, mn = chart.rows
    assert kz.href == "/c/kz"
    assert mn.href is None
    # The link is in the chart's table: an SVG image (role="img") may hold no link.
    assert not kz.label.underline
    assert kz.label.fill == mn.label.fill


def test_a_heatmap_needs_a_range_and_rows_and_columns():
    with pytest.raises(ValueError, match="must be greater than low"):
        layout.heatmap(["a"], ["b"], {}, title="t", low=1, high=1)
    assert isinstance(layout.heatmap([], ["b"], {}, title="t", low=0, high=1), NoData)


# --------------------------------------------------------------------------- every chart


def test_no_data_says_so_under_its_title():
    chart = layout.no_data("Completion by area (%)")
    assert chart.message.content == "No data"
    assert chart.heading.content == "Completion by area (%)"
    assert chart.heading.bold
    assert chart.width >= 160
    assert layout.no_data("x" * 60).width > layout.no_data("x").width


def test_the_chart_id_follows_the_content():
    assert a_heatmap().chart_id == a_heatmap().chart_id
    assert a_heatmap().chart_id != a_heatmap(title="other").chart_id
    assert a_heatmap().chart_id.startswith("chart-")


def test_layouts_hold_labels_as_written_and_escaping_is_left_to_the_macros():
    chart = layout.bar_chart([("<script>", 1.0)], title="a & b")
    assert isinstance(chart, BarChart)
    assert chart.bars[0].label.content == "<script>"
    assert chart.title == "a & b"
