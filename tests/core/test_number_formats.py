"""Numbers and percentages in the reader's language, by Babel: "1 234", "0,5", "72 %" in Russian."""

import pytest
from flask import render_template_string
from flask_babel import force_locale

from cartif_lms.charts.layout import bar_chart, heatmap
from cartif_lms.i18n import format_declared, format_number, format_percent_points

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", ["1,234", "0.5", "72%", "72.5%", "17.9%", "+12.5", "-3.0", "0.25"]),
        (
            "ru",
            [
                f"1{NBSP}234",
                "0,5",
                f"72{NBSP}%",
                f"72,5{NBSP}%",
                f"17,9{NBSP}%",
                "+12,5",
                "-3,0",
                "0,25",
            ],
        ),
    ],
)
def test_the_filters_write_numbers_as_the_reader_does(app, locale, expected):
    template = (
        "{{ 1234 | lms_number }}|{{ 0.5 | lms_number }}|{{ 72 | lms_percent }}|"
        "{{ 72.5 | lms_percent(1) }}|{{ 17.9 | lms_percent }}|"
        "{{ 12.5 | lms_number(1, signed=true) }}|"
        "{{ -3 | lms_number(1, signed=true) }}|{{ 0.25 | lms_number(2) }}"
    )
    with app.test_request_context(), force_locale(locale):
        assert render_template_string(template).split("|") == expected


def test_a_missing_number_is_a_dash(app):
    with app.test_request_context():
        assert format_number(None) == "—"
        assert format_percent_points(None) == "—"


def test_fixed_decimals_keep_their_zeros_and_round(app):
    with app.test_request_context():
        assert format_percent_points(100, 1) == "100.0%"
        assert format_percent_points(66.666, 0) == "67%"
        assert format_number(2, 1) == "2.0"
        with force_locale("ru"):
            assert format_number(1234567.891, 1) == f"1{NBSP}234{NBSP}567,9"


def test_charts_print_their_values_in_the_readers_language(app):
    with app.test_request_context(), force_locale("ru"):
        chart = bar_chart([("KZ", 72.5), ("UZ", 8)], title="t", value_format="{:.1f}", unit="%")
        assert [bar.value.content for bar in chart.bars] == [f"72,5{NBSP}%", f"8,0{NBSP}%"]
        grid = heatmap(
            ["KZ"], ["TF"], {("KZ", "TF"): 1.25}, title="t", low=0, high=3, value_format="{:.1f}"
        )
        assert "content='1,2'" in str(grid)
    with app.test_request_context():
        chart = bar_chart([("KZ", 1234.5)], title="t", value_format="{:,.0f}")
        assert chart.bars[0].value.content == "1,234"


def test_a_page_in_russian_shows_its_percentages_the_russian_way(client, make_user, login_as):
    analyst = make_user(role="analyst", country=None)
    analyst.locale = "ru"
    login_as(analyst)
    page = client.get("/capacity/dashboard").get_data(as_text=True)
    assert f"</progress> 0{NBSP}%</td>" in page
    analyst.locale = "en"
    assert "</progress> 0%</td>" in client.get("/capacity/dashboard").get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", ["1,234", "+12", "-3", "72.5%", "+1.5"]),
        ("ru", [f"1{NBSP}234", "+12", "-3", f"72,5{NBSP}%", "+1,5"]),
    ],
)
def test_report_indicators_show_their_declared_format_in_the_readers_language(
    app, locale, expected
):
    # The progress reports' headline indicators and their changes declare "{:,.0f}" or
    # "{:.1f}" and are shown by format_declared, as the charts' figures are.
    with app.test_request_context(), force_locale(locale):
        assert [
            format_declared("{:,.0f}", 1234),
            format_declared("{:,.0f}", 12, signed=True),
            format_declared("{:,.0f}", -3, signed=True),
            format_declared("{:.1f}", 72.5, "%"),
            format_declared("{:.1f}", 1.5, signed=True),
        ] == expected
