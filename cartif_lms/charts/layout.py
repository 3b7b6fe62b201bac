"""Chart geometry: where every mark goes, how big it is, its colour and its text. No markup.

Every function here takes plain data and returns frozen dataclasses of numbers and strings,
the same for the same input (and locale); ``templates/charts/_charts.html`` turns them into
SVG. Keeping the arithmetic here means it can be tested without parsing SVG, and keeping the
markup in Jinja means every string is escaped by autoescaping rather than by hand.

Sizes are computed from the data: text width is approximated as 0.6 x font-size per character,
so the drawn phrases (``No data``, the legend's ``no data``, ``Target: …``) are translated
here, in the current locale, before their width is measured. Sentences that are only read out
(the ``<desc>``) are translated in the macros, since they do not move anything.

Colours come from single-hue sequential scales (ColorBrewer Blues and Oranges), which stay
readable for colour-blind readers and in greyscale print; values are also printed as text.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Literal
from urllib.parse import urlsplit

# Flask-Babel ships no type information; its lazy strings are used only through str().
from flask_babel import lazy_gettext as _l

from ..i18n import format_declared

__all__ = [
    "BarChart",
    "Chart",
    "Heatmap",
    "NoData",
    "bar_chart",
    "heatmap",
    "no_data",
]

#: Width in px of the plotting area of bar charts (the longest bar).
BAR_PLOT_WIDTH = 360

PAD = 8
TITLE_SIZE = 14
LABEL_SIZE = 12
SMALL_SIZE = 11
CHAR_WIDTH = 0.6  # x font-size: approximate advance of one character

TEXT_DARK = "#1a1a1a"
TEXT_LIGHT = "#ffffff"
TEXT_MUTED = "#444444"
NO_DATA_TEXT = "#555"
AXIS_COLOUR = "#888888"
TARGET_COLOUR = "#333333"
CELL_BORDER = "#ffffff"
MISSING_FILL = "#f2f2f2"
MISSING_HATCH = "#c4c4c4"
EM_DASH = "\u2014"
MIDDLE_DOT = "\u00b7"

# ColorBrewer sequential 9-class scales, light to dark.
BLUES = (
    "#f7fbff",
    "#deebf7",
    "#c6dbef",
    "#9ecae1",
    "#6baed6",
    "#4292c6",
    "#2171b5",
    "#08519c",
    "#08306b",
)
ORANGES = (
    "#fff5eb",
    "#fee6ce",
    "#fdd0a2",
    "#fdae6b",
    "#fd8d3c",
    "#f16913",
    "#d94801",
    "#a63603",
    "#7f2704",
)

# The phrases drawn inside charts. Lazy, so each chart is worded in the locale it is drawn in.
NO_DATA_MESSAGE = _l("No data")
NO_DATA_KEY = _l("no data")

HEAT_CELL_HEIGHT = 28
HEAT_COLUMN_LINE_HEIGHT = 13
LEGEND_STEPS = 5
SWATCH_WIDTH, SWATCH_HEIGHT = 24, 12
HATCH_SPACING = 6
CAPTION_LINE_HEIGHT = 14
BAR_ROW_HEIGHT, BAR_HEIGHT = 24, 16

Anchor = Literal["start", "middle", "end"]


# --------------------------------------------------------------------------- marks


@dataclass(frozen=True)
class Text:
    """One line of text; ``x`` is where ``anchor`` sits, ``y`` the baseline."""

    content: str
    x: float
    y: float
    size: int
    anchor: Anchor = "middle"
    fill: str = TEXT_DARK
    bold: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str | None = None


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1
    dash: str | None = None


@dataclass(frozen=True)
class _Frame:
    """What every chart has: a size, a title (announced and printed) and a stable id."""

    #: Which drawing the ``chart`` macro uses for this layout.
    kind: ClassVar[str]
    width: int
    height: int
    title: str

    @cached_property
    def chart_id(self) -> str:
        # Derived from the content, so the same chart always gets the same id (pages stay
        # deterministic) while two different charts on one page do not share one.
        digest = hashlib.sha1(repr(self).encode(), usedforsecurity=False)
        return f"chart-{digest.hexdigest()[:12]}"

    @property
    def heading(self) -> Text:
        return _text(self.title, PAD, PAD + TITLE_SIZE, TITLE_SIZE, anchor="start", bold=True)


# --------------------------------------------------------------------------- no data


@dataclass(frozen=True)
class NoData(_Frame):
    kind: ClassVar[str] = "no_data"
    message: Text


def no_data(title: str) -> NoData:
    """A chart that prints its title and says there is nothing to show."""
    width = max(160, math.ceil(2 * PAD + _text_width(len(title), TITLE_SIZE)))
    message = _text(
        str(NO_DATA_MESSAGE), PAD, PAD + TITLE_SIZE + 24, LABEL_SIZE, "start", NO_DATA_TEXT
    )
    return NoData(width=width, height=PAD + TITLE_SIZE + 10 + 24, title=title, message=message)


# --------------------------------------------------------------------------- heatmap


@dataclass(frozen=True)
class HeatCell:
    tooltip: str
    rect: Rect
    text: Text
    #: Diagonal lines over a cell without data (empty for cells with a value).
    hatch: tuple[Line, ...] = ()


@dataclass(frozen=True)
class HeatRow:
    """A row's label and its cells, left to right; ``href`` is where the label links to in the
    chart's table."""

    label: Text
    href: str | None
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class MissingKey:
    """The legend's hatched swatch and its "no data" label."""

    rect: Rect
    hatch: tuple[Line, ...]
    text: Text


@dataclass(frozen=True)
class Legend:
    """low [stepped scale] high, then the no-data key when some cell has no data."""

    low: Text
    swatches: tuple[Rect, ...]
    outline: Rect
    high: Text
    missing: MissingKey | None


@dataclass(frozen=True)
class Heatmap(_Frame):
    kind: ClassVar[str] = "heatmap"
    column_labels: tuple[Text, ...]
    rows: tuple[HeatRow, ...]
    legend: Legend
    caption_lines: tuple[Text, ...]
    # What the description says.
    row_count: int
    column_count: int
    high_is_good: bool
    caption: str
    #: The columns' names, unwrapped, for the table beside the chart.
    column_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Scale:
    """The colour scale of a heatmap: ``stops`` from ``low`` to ``high``."""

    stops: Sequence[str]
    low: float
    high: float

    def colour(self, value: float) -> str:
        return scale_colour(self.stops, (value - self.low) / (self.high - self.low))


@dataclass(frozen=True)
class _Grid:
    """Where the cells of a heatmap sit."""

    x: float
    y: float
    cell_width: float
    cell_height: float

    def left(self, column: int) -> float:
        return self.x + self.cell_width * column

    def top(self, row: int) -> float:
        return self.y + self.cell_height * row

    def baseline(self, row: int) -> float:
        return self.top(row) + self.cell_height / 2 + 4


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
) -> Heatmap | NoData:
    """A grid of ``rows`` x ``columns`` cells coloured by ``values[(row, column)]``.

    Colour runs light (``low``) to dark (``high``): blue when ``high_is_good``, orange when a
    high value is bad (a gap). Values outside ``[low, high]`` are clamped for colour only and
    printed as they are. Missing, ``None`` or NaN cells are hatched grey with an em dash.
    ``row_links`` maps a row to a URL that its label links to in the chart's table (unsafe
    schemes are dropped).
    """
    if not high > low:
        raise ValueError(f"high ({high!r}) must be greater than low ({low!r})")
    if not rows or not columns:
        return no_data(title)

    numbers = {(r, c): finite(values.get((r, c))) for r in rows for c in columns}
    texts = {
        key: None if v is None else format_declared(value_format, v) for key, v in numbers.items()
    }
    cell_width = heat_cell_width(columns, [t for t in texts.values() if t is not None])
    column_lines = [wrap(str(c), wrap_chars(cell_width - 6, SMALL_SIZE)) for c in columns]
    header_y = PAD + TITLE_SIZE + 10
    header_height = max(len(lines) for lines in column_lines) * HEAT_COLUMN_LINE_HEIGHT + 6
    row_label_width = _text_width(max(len(str(r)) for r in rows), LABEL_SIZE) + 8
    grid = _Grid(PAD + row_label_width + 4, header_y + header_height, cell_width, HEAT_CELL_HEIGHT)

    scale = _Scale(BLUES if high_is_good else ORANGES, low, high)
    legend_y = grid.top(len(rows)) + 12
    low_text, high_text = format_declared(value_format, low), format_declared(value_format, high)
    has_missing = None in texts.values()
    legend = _heat_legend(scale.stops, low_text, high_text, legend_y, has_missing)
    width = max(
        grid.left(len(columns)) + PAD,
        2 * PAD + _text_width(len(title), TITLE_SIZE),
        2 * PAD + heat_legend_width(low_text, high_text, has_missing),
    )
    caption_lines = _caption(caption or "", width, legend_y + SWATCH_HEIGHT + 8)
    height = legend_y + SWATCH_HEIGHT + 8 + _caption_height(caption_lines) + PAD
    links = row_links or {}
    heat_rows = []
    for index, row in enumerate(rows):
        row_values = [(str(c), numbers[(row, c)], texts[(row, c)]) for c in columns]
        heat_rows.append(_heat_row(grid, index, str(row), row_values, scale, links.get(row)))
    return Heatmap(
        width=math.ceil(width),
        height=math.ceil(height),
        title=title,
        column_labels=tuple(_column_labels(grid, column_lines)),
        rows=tuple(heat_rows),
        legend=legend,
        caption_lines=tuple(caption_lines),
        row_count=len(rows),
        column_count=len(columns),
        high_is_good=high_is_good,
        caption=caption or "",
        column_names=tuple(str(c) for c in columns),
    )


def heat_cell_width(columns: Sequence[str], value_texts: Sequence[str]) -> float:
    """Wide enough for the widest value and, up to 120 px, the longest word of a column."""
    widest_value = max((len(text) for text in value_texts), default=1)
    longest_word = max((len(word) for column in columns for word in str(column).split()), default=1)
    return max(
        48.0,
        min(_text_width(longest_word, SMALL_SIZE) + 8, 120.0),
        _text_width(widest_value, LABEL_SIZE) + 12,
    )


def _column_labels(grid: _Grid, column_lines: Sequence[Sequence[str]]) -> Iterable[Text]:
    # Wrapped, bottom-aligned above their column.
    for index, lines in enumerate(column_lines):
        cx = grid.left(index) + grid.cell_width / 2
        first_y = grid.y - 6 - (len(lines) - 1) * HEAT_COLUMN_LINE_HEIGHT
        for line_no, line in enumerate(lines):
            y = first_y + line_no * HEAT_COLUMN_LINE_HEIGHT
            yield _text(line, cx, y, SMALL_SIZE, bold=True)


def _heat_row(
    grid: _Grid,
    index: int,
    row: str,
    values: Sequence[tuple[str, float | None, str | None]],
    scale: _Scale,
    link: str | None,
) -> HeatRow:
    """Row ``index``: its label, then one cell per ``(column, value, printed value)``."""
    href = safe_href(link)
    x, y = grid.x - 6, grid.baseline(index)
    # Plain text even with a link: the SVG is one image (role="img"), which may hold no link;
    # the link is in the table beside it (the ``data_table`` macro).
    label = _text(row, x, y, LABEL_SIZE, "end")
    cells = (
        _heat_cell(grid, index, column_index, f"{row} {MIDDLE_DOT} {column}", value, text, scale)
        for column_index, (column, value, text) in enumerate(values)
    )
    return HeatRow(label, href, tuple(cells))


def _heat_cell(
    grid: _Grid,
    row_index: int,
    column_index: int,
    name: str,
    value: float | None,
    text: str | None,
    scale: _Scale,
) -> HeatCell:
    left, top = grid.left(column_index), grid.top(row_index)
    w, h = grid.cell_width, grid.cell_height
    cx, y = left + w / 2, grid.baseline(row_index)
    if value is None or text is None:
        return HeatCell(
            tooltip=f"{name}: {NO_DATA_KEY}",
            rect=_rect(left, top, w, h, MISSING_FILL, CELL_BORDER),
            text=_text(EM_DASH, cx, y, LABEL_SIZE),
            hatch=hatch(left + 1, top + 1, w - 2, h - 2, HATCH_SPACING),
        )
    fill = scale.colour(value)
    return HeatCell(
        tooltip=f"{name}: {text}",
        rect=_rect(left, top, w, h, fill, CELL_BORDER),
        text=_text(text, cx, y, LABEL_SIZE, fill=text_colour_on(fill)),
    )


def _heat_legend(
    stops: Sequence[str], low_text: str, high_text: str, y: float, has_missing: bool
) -> Legend:
    baseline = y + 10
    x = float(PAD)
    low = _text(low_text, x, baseline, SMALL_SIZE, "start")
    x += _text_width(len(low_text), SMALL_SIZE) + 6
    swatches = tuple(
        _rect(x + SWATCH_WIDTH * step, y, SWATCH_WIDTH, SWATCH_HEIGHT, fill)
        for step, fill in enumerate(legend_colours(stops, LEGEND_STEPS))
    )
    outline = _rect(x, y, SWATCH_WIDTH * LEGEND_STEPS, SWATCH_HEIGHT, "none", AXIS_COLOUR)
    x += SWATCH_WIDTH * LEGEND_STEPS + 6
    high = _text(high_text, x, baseline, SMALL_SIZE, "start")
    missing = None
    if has_missing:
        x += _text_width(len(high_text), SMALL_SIZE) + 16
        missing = MissingKey(
            rect=_rect(x, y, SWATCH_WIDTH, SWATCH_HEIGHT, MISSING_FILL, AXIS_COLOUR),
            hatch=hatch(x, y, SWATCH_WIDTH, SWATCH_HEIGHT, HATCH_SPACING),
            text=_text(str(NO_DATA_KEY), x + SWATCH_WIDTH + 6, baseline, SMALL_SIZE, "start"),
        )
    return Legend(low, swatches, outline, high, missing)


def heat_legend_width(low_text: str, high_text: str, has_missing: bool) -> float:
    """The legend's width: low text, the stepped scale, high text, then the no-data key."""
    width = (
        _text_width(len(low_text), SMALL_SIZE)
        + 6
        + SWATCH_WIDTH * LEGEND_STEPS
        + 6
        + _text_width(len(high_text), SMALL_SIZE)
    )
    if has_missing:
        width += 16 + SWATCH_WIDTH + 6 + _text_width(len(str(NO_DATA_KEY)), SMALL_SIZE)
    return width


def legend_colours(stops: Sequence[str], steps: int) -> list[str]:
    """``steps`` colours evenly spaced along ``stops``, both ends included."""
    return [scale_colour(stops, step / (steps - 1)) for step in range(steps)]


def _caption(caption: str, width: float, top: float) -> list[Text]:
    if not caption:
        return []
    lines = wrap(caption, max(10, wrap_chars(width - 2 * PAD, SMALL_SIZE)))
    first = top + CAPTION_LINE_HEIGHT - 4
    return [
        _text(line, PAD, first + CAPTION_LINE_HEIGHT * i, SMALL_SIZE, "start", TEXT_MUTED)
        for i, line in enumerate(lines)
    ]


def _caption_height(lines: Sequence[Text]) -> float:
    return 6 + len(lines) * CAPTION_LINE_HEIGHT if lines else 0


# --------------------------------------------------------------------------- bar chart


@dataclass(frozen=True)
class Bar:
    label: Text
    tooltip: str
    rect: Rect
    value: Text


@dataclass(frozen=True)
class TargetMark:
    """The dashed vertical line at the target, with its label above the bars."""

    line: Line
    text: Text


@dataclass(frozen=True)
class BarChart(_Frame):
    kind: ClassVar[str] = "bar_chart"
    axis: Line
    bars: tuple[Bar, ...]
    target: TargetMark | None
    # What the description says.
    scale_text: str
    target_text: str


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float | None = None,
    value_format: str = "{:.0f}",
    unit: str = "",
    colour: str = "#155d8b",
    target: float | None = None,
) -> BarChart | NoData:
    """Horizontal bars, labels on the left and values (with ``unit`` appended) at the bar end.

    Bars start at zero and are scaled to ``max_value`` (default: the largest value or the
    target); longer values are drawn full length but printed as they are. ``target`` draws a
    dashed vertical line with a label.
    """
    if not items:
        return no_data(title)

    scale_max = bar_scale_max([value for _, value in items], max_value, target)
    texts = [_value_text(value, value_format, unit) for _, value in items]
    x0 = PAD + _text_width(max(len(str(label)) for label, _ in items), LABEL_SIZE) + 8
    goal = finite(target)
    target_value = "" if goal is None else format_declared(value_format, goal, unit)
    target_label = str(_l("Target: %(value)s", value=target_value)) if target_value else ""
    top = PAD + TITLE_SIZE + 10 + (16 if target_value else 0)
    bottom = top + BAR_ROW_HEIGHT * len(items)
    value_width = _text_width(max(len(text) for text in texts), LABEL_SIZE)
    width = max(
        x0 + BAR_PLOT_WIDTH + 6 + value_width + PAD,
        2 * PAD + _text_width(len(title), TITLE_SIZE),
    )
    bars = [
        _bar(x0, top + BAR_ROW_HEIGHT * index, str(label), value, text, scale_max, colour)
        for index, ((label, value), text) in enumerate(zip(items, texts, strict=True))
    ]
    mark = None
    if goal is not None:
        mark = _target_mark(x0 + bar_length(goal, scale_max), top, bottom, target_label, width)
    return BarChart(
        width=math.ceil(width),
        height=math.ceil(bottom + PAD),
        title=title,
        axis=_line(x0, top, x0, bottom, AXIS_COLOUR),
        bars=tuple(bars),
        target=mark,
        scale_text=format_declared(value_format, scale_max, unit),
        target_text=target_value,
    )


def bar_scale_max(values: Sequence[float], max_value: float | None, target: float | None) -> float:
    """What a full-length bar stands for: ``max_value``, else the largest value or target."""
    scale_max = max_value
    if scale_max is None:
        candidates = [v for v in (*values, target) if finite(v) is not None]
        scale_max = max((float(v) for v in candidates if v is not None), default=0.0)
    if finite(scale_max) is None or scale_max <= 0:
        return 1.0  # nothing to scale by: keep every bar at its (zero) length, never divide by 0
    return float(scale_max)


def bar_length(value: float | None, scale_max: float) -> float:
    """The bar's length in px, clamped to ``[0, BAR_PLOT_WIDTH]``; 0 for a missing value."""
    number = finite(value)
    if number is None:
        return 0.0
    return BAR_PLOT_WIDTH * min(1.0, max(0.0, number / scale_max))


def _value_text(value: float | None, value_format: str, unit: str) -> str:
    number = finite(value)
    return EM_DASH if number is None else format_declared(value_format, number, unit)


def _bar(
    x0: float, y: float, label: str, value: float, text: str, scale_max: float, colour: str
) -> Bar:
    length = bar_length(value, scale_max)
    baseline = y + BAR_ROW_HEIGHT / 2 + 4
    return Bar(
        label=_text(label, x0 - 6, baseline, LABEL_SIZE, "end"),
        tooltip=f"{label}: {text}",
        rect=_rect(x0, y + (BAR_ROW_HEIGHT - BAR_HEIGHT) / 2, length, BAR_HEIGHT, colour),
        value=_text(text, x0 + length + 4, baseline, LABEL_SIZE, "start"),
    )


def _target_mark(x: float, top: float, bottom: float, label: str, width: float) -> TargetMark:
    line = _line(x, top - 4, x, bottom, TARGET_COLOUR, width=1.5, dash="4 3")
    anchor = label_anchor(x, _text_width(len(label), SMALL_SIZE), PAD, width - PAD)
    return TargetMark(line=line, text=_text(label, x, top - 7, SMALL_SIZE, anchor))


def label_anchor(x: float, text_width: float, left: float, right: float) -> Anchor:
    """Centre a label on ``x`` unless that would run past ``left`` or ``right``."""
    half = text_width / 2
    if x + half > right:
        return "end"
    if x - half < left:
        return "start"
    return "middle"


# --------------------------------------------------------------------------- shapes


def hatch(x: float, y: float, width: float, height: float, spacing: float) -> tuple[Line, ...]:
    """Diagonal lines clipped to a rectangle by arithmetic (no <pattern>: PDFs ignore it)."""
    lines = []
    offset = -height + spacing
    while offset < width:
        start = max(0.0, -offset)
        end = min(height, width - offset)
        if end > start:
            lines.append(
                _line(
                    x + offset + start,
                    y + height - start,
                    x + offset + end,
                    y + height - end,
                    MISSING_HATCH,
                )
            )
        offset += spacing
    return tuple(lines)


def _text(
    content: str,
    x: float,
    y: float,
    size: int,
    anchor: Anchor = "middle",
    fill: str = TEXT_DARK,
    *,
    bold: bool = False,
    underline: bool = False,
) -> Text:
    return Text(str(content), coordinate(x), coordinate(y), size, anchor, fill, bold, underline)


def _rect(
    x: float, y: float, width: float, height: float, fill: str, stroke: str | None = None
) -> Rect:
    return Rect(
        coordinate(x), coordinate(y), coordinate(max(0.0, width)), coordinate(height), fill, stroke
    )


def _line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    stroke: str,
    *,
    width: float = 1,
    dash: str | None = None,
) -> Line:
    return Line(
        coordinate(x1),
        coordinate(y1),
        coordinate(x2),
        coordinate(y2),
        stroke,
        coordinate(width),
        dash,
    )


def coordinate(value: float) -> float:
    """``value`` to 0.01 px, as an int when whole, so the SVG prints ``12`` rather than ``12.0``."""
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


# --------------------------------------------------------------------------- colour and text


def scale_colour(stops: Sequence[str], t: float) -> str:
    """The colour at ``t`` (clamped to [0, 1]) along ``stops``, interpolated in sRGB."""
    t = min(1.0, max(0.0, t))
    position = t * (len(stops) - 1)
    index = min(int(position), len(stops) - 2)
    fraction = position - index
    a, b = _rgb(stops[index]), _rgb(stops[index + 1])
    channels = (round(ca + (cb - ca) * fraction) for ca, cb in zip(a, b, strict=True))
    return "#" + "".join(f"{c:02x}" for c in channels)


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` (or ``#rgb``) colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(fill: str) -> str:
    """White or dark text, whichever contrasts more with ``fill``; dark if it is not hex."""
    try:
        lum = luminance(fill)
    except ValueError:
        return TEXT_DARK
    on_white = (1.05) / (lum + 0.05)
    on_dark = (lum + 0.05) / (luminance(TEXT_DARK) + 0.05)
    return TEXT_LIGHT if on_white > on_dark else TEXT_DARK


def _text_width(chars: int, size: float) -> float:
    return chars * CHAR_WIDTH * size


def wrap_chars(width: float, size: float) -> int:
    """How many characters of text at ``size`` fit in ``width`` px (at least one)."""
    return max(1, int(width // (CHAR_WIDTH * size)))


def wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap; words longer than a line are cut into pieces."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > max_chars:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:max_chars])
            word = word[max_chars:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= max_chars:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines


def finite(value: float | None) -> float | None:
    """``value`` as a float, or None when it is missing, NaN or infinite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def safe_href(href: str | None) -> str | None:
    """``href`` if it is relative or http(s)/mailto; None for javascript: and the like."""
    if not href:
        return None
    href = href.strip()
    if any(ord(c) < 32 or ord(c) == 127 for c in href):
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme and scheme not in {"http", "https", "mailto"}:
        return None
    return href


#: Any chart the macros can draw.
Chart = Heatmap | BarChart | NoData
