"""Server-drawn charts as inline SVG.

Every function here is pure: it takes plain data and returns an SVG document as
:class:`markupsafe.Markup`, the same string for the same input. The SVG uses presentation
attributes only (no ``style`` attributes, no ``<style>`` elements), so it passes the app's
Content-Security-Policy and renders the same in the browser and in PDFs made with xhtml2pdf.

Each chart carries ``role="img"``, a ``<title>`` and a ``<desc>`` for screen readers, prints
its title visibly, and gives every mark a ``<title>`` child so hovering shows the exact value.
Colours come from single-hue sequential scales (ColorBrewer Blues and Oranges), which stay
readable for colour-blind readers and in greyscale print; values are also printed as text.

Sizes are computed from the data: text width is approximated as 0.6 x font-size per character.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from markupsafe import Markup, escape

__all__ = ["bar_chart", "heatmap", "stacked_bar"]

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "system-ui, sans-serif"

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
LINK_COLOUR = "#155d8b"
AXIS_COLOUR = "#888888"
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
# Okabe-Ito: for stacked series that have no colour of their own.
FALLBACK_SERIES_COLOURS = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
)


# --------------------------------------------------------------------------- public charts


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
) -> Markup:
    """A grid of ``rows`` x ``columns`` cells coloured by ``values[(row, column)]``.

    Colour runs light (``low``) to dark (``high``): blue when ``high_is_good``, orange when a
    high value is bad (a gap). Values outside ``[low, high]`` are clamped for colour only and
    printed as they are. Missing, ``None`` or NaN cells are hatched grey with an em dash.
    ``row_links`` maps a row to a URL that its label links to.
    """
    if not high > low:
        raise ValueError(f"high ({high!r}) must be greater than low ({low!r})")
    if not rows or not columns:
        return _no_data(title)

    stops = BLUES if high_is_good else ORANGES
    links = row_links or {}

    cell_h = 28
    cell_font = LABEL_SIZE
    col_font = SMALL_SIZE
    col_line_h = 13

    formatted: dict[tuple[str, str], str | None] = {}
    for row in rows:
        for column in columns:
            value = _finite(values.get((row, column)))
            formatted[(row, column)] = None if value is None else value_format.format(value)
    widest_value = max((len(text) for text in formatted.values() if text), default=1)

    longest_word = max((len(word) for column in columns for word in str(column).split()), default=1)
    cell_w = max(
        48.0,
        min(_text_width(longest_word, col_font) + 8, 120.0),
        _text_width(widest_value, cell_font) + 12,
    )
    col_chars = max(1, int((cell_w - 6) // (CHAR_WIDTH * col_font)))
    col_lines = [_wrap(str(column), col_chars) for column in columns]
    header_h = max(len(lines) for lines in col_lines) * col_line_h + 6

    row_label_w = _text_width(max(len(str(row)) for row in rows), LABEL_SIZE) + 8
    grid_x = PAD + row_label_w + 4
    grid_w = cell_w * len(columns)
    header_y = PAD + TITLE_SIZE + 10
    grid_y = header_y + header_h
    grid_h = cell_h * len(rows)

    has_missing = any(text is None for text in formatted.values())
    legend_steps = 5
    swatch_w, swatch_h = 24, 12
    low_text = value_format.format(low)
    high_text = value_format.format(high)
    legend_w = (
        _text_width(len(low_text), SMALL_SIZE)
        + 6
        + swatch_w * legend_steps
        + 6
        + _text_width(len(high_text), SMALL_SIZE)
    )
    if has_missing:
        legend_w += 16 + swatch_w + 6 + _text_width(len("no data"), SMALL_SIZE)

    width = max(
        grid_x + grid_w + PAD,
        2 * PAD + _text_width(len(title), TITLE_SIZE),
        2 * PAD + legend_w,
    )
    legend_y = grid_y + grid_h + 12
    y = legend_y + swatch_h + 8
    caption_lines: list[str] = []
    if caption:
        caption_chars = max(10, int((width - 2 * PAD) // (CHAR_WIDTH * SMALL_SIZE)))
        caption_lines = _wrap(caption, caption_chars)
        y += 6 + len(caption_lines) * 14
    height = y + PAD

    parts: list[str] = [_visible_title(title)]

    # Column labels: wrapped, bottom-aligned above their column.
    for index, lines in enumerate(col_lines):
        cx = grid_x + cell_w * index + cell_w / 2
        first_y = grid_y - 6 - (len(lines) - 1) * col_line_h
        for line_no, line in enumerate(lines):
            parts.append(
                _text(
                    line,
                    cx,
                    first_y + line_no * col_line_h,
                    size=col_font,
                    anchor="middle",
                    weight="bold",
                )
            )

    for row_index, row in enumerate(rows):
        top = grid_y + cell_h * row_index
        label = _text(str(row), grid_x - 6, top + cell_h / 2 + 4, size=LABEL_SIZE, anchor="end")
        href = _safe_href(links.get(row))
        if href is not None:
            label = _text(
                str(row),
                grid_x - 6,
                top + cell_h / 2 + 4,
                size=LABEL_SIZE,
                anchor="end",
                fill=LINK_COLOUR,
                decoration="underline",
            )
            label = f'<a href="{escape(href)}">{label}</a>'
        parts.append(label)

        for col_index, column in enumerate(columns):
            left = grid_x + cell_w * col_index
            text = formatted[(row, column)]
            tooltip = f"{row} {MIDDLE_DOT} {column}: {'no data' if text is None else text}"
            cell = [f"<title>{escape(tooltip)}</title>"]
            if text is None:
                cell.append(_rect(left, top, cell_w, cell_h, MISSING_FILL, stroke="#ffffff"))
                cell.extend(_hatch(left + 1, top + 1, cell_w - 2, cell_h - 2, 6))
                cell.append(_text(EM_DASH, left + cell_w / 2, top + cell_h / 2 + 4, size=cell_font))
            else:
                value = _finite(values.get((row, column))) or 0.0
                fill = _scale_colour(stops, (value - low) / (high - low))
                cell.append(_rect(left, top, cell_w, cell_h, fill, stroke="#ffffff"))
                cell.append(
                    _text(
                        text,
                        left + cell_w / 2,
                        top + cell_h / 2 + 4,
                        size=cell_font,
                        fill=_text_colour_on(fill),
                    )
                )
            parts.append(f'<g class="cell">{"".join(cell)}</g>')

    # Legend: low [stepped scale] high, then the no-data swatch when it is used.
    x = float(PAD)
    parts.append(_text(low_text, x, legend_y + 10, size=SMALL_SIZE, anchor="start"))
    x += _text_width(len(low_text), SMALL_SIZE) + 6
    for step in range(legend_steps):
        fill = _scale_colour(stops, step / (legend_steps - 1))
        parts.append(_rect(x + swatch_w * step, legend_y, swatch_w, swatch_h, fill))
    parts.append(_rect(x, legend_y, swatch_w * legend_steps, swatch_h, "none", stroke=AXIS_COLOUR))
    x += swatch_w * legend_steps + 6
    parts.append(_text(high_text, x, legend_y + 10, size=SMALL_SIZE, anchor="start"))
    if has_missing:
        x += _text_width(len(high_text), SMALL_SIZE) + 16
        parts.append(_rect(x, legend_y, swatch_w, swatch_h, MISSING_FILL, stroke=AXIS_COLOUR))
        parts.extend(_hatch(x, legend_y, swatch_w, swatch_h, 6))
        x += swatch_w + 6
        parts.append(_text("no data", x, legend_y + 10, size=SMALL_SIZE, anchor="start"))

    line_y = legend_y + swatch_h + 8 + 14
    for line in caption_lines:
        parts.append(_text(line, PAD, line_y - 4, size=SMALL_SIZE, anchor="start", fill=TEXT_MUTED))
        line_y += 14

    meaning = "higher is better" if high_is_good else "higher means a larger gap"
    desc = (
        f"Heatmap of {len(rows)} rows by {len(columns)} columns. Colour runs from light "
        f"({low_text}) to dark ({high_text}); {meaning}."
    )
    if has_missing:
        desc += " Hatched grey cells with a dash have no data."
    if caption:
        desc += f" {caption}"
    return _svg(width, height, title, desc, parts)


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    max_value: float | None = None,
    value_format: str = "{:.0f}",
    unit: str = "",
    colour: str = "#155d8b",
    target: float | None = None,
) -> Markup:
    """Horizontal bars, labels on the left and values (with ``unit`` appended) at the bar end.

    Bars start at zero and are scaled to ``max_value`` (default: the largest value or the
    target); longer values are drawn full length but printed as they are. ``target`` draws a
    dashed vertical line with a label.
    """
    if not items:
        return _no_data(title)

    row_h, bar_h = 24, 16
    finite_values = [v for _, v in items if _finite(v) is not None]
    scale_max = max_value
    if scale_max is None:
        candidates = [*finite_values, *([target] if _finite(target) is not None else [])]
        scale_max = max(candidates, default=0.0)
    if _finite(scale_max) is None or scale_max <= 0:
        scale_max = 1.0

    texts = [
        EM_DASH if _finite(value) is None else value_format.format(value) + unit
        for _, value in items
    ]
    label_w = _text_width(max(len(str(label)) for label, _ in items), LABEL_SIZE)
    value_w = _text_width(max(len(text) for text in texts), LABEL_SIZE)
    x0 = PAD + label_w + 8
    target_text = ""
    if _finite(target) is not None:
        target_text = f"Target: {value_format.format(target)}{unit}"

    top = PAD + TITLE_SIZE + 10 + (16 if target_text else 0)
    width = max(
        x0 + BAR_PLOT_WIDTH + 6 + value_w + PAD,
        2 * PAD + _text_width(len(title), TITLE_SIZE),
    )
    height = top + row_h * len(items) + PAD

    parts = [_visible_title(title)]
    parts.append(_line(x0, top, x0, top + row_h * len(items), AXIS_COLOUR))
    for index, ((label, value), text) in enumerate(zip(items, texts, strict=True)):
        y = top + row_h * index
        mid = y + row_h / 2 + 4
        length = _bar_length(value, scale_max)
        parts.append(_text(str(label), x0 - 6, mid, size=LABEL_SIZE, anchor="end"))
        parts.append(
            '<g class="bar">'
            f"<title>{escape(f'{label}: {text}')}</title>"
            f"{_rect(x0, y + (row_h - bar_h) / 2, length, bar_h, colour)}"
            f"{_text(text, x0 + length + 4, mid, size=LABEL_SIZE, anchor='start')}"
            "</g>"
        )

    desc = f"Horizontal bar chart of {len(items)} bars, scaled to {value_format.format(scale_max)}"
    desc += f"{unit}."
    if target_text:
        assert target is not None
        tx = x0 + _bar_length(target, scale_max)
        anchor = "middle"
        half = _text_width(len(target_text), SMALL_SIZE) / 2
        if tx + half > width - PAD:
            anchor = "end"
        elif tx - half < PAD:
            anchor = "start"
        parts.append(
            '<g class="target">'
            f"<title>{escape(target_text)}</title>"
            f"{_line(tx, top - 4, tx, top + row_h * len(items), '#333333', dash='4 3', width=1.5)}"
            f"{_text(target_text, tx, top - 7, size=SMALL_SIZE, anchor=anchor)}"
            "</g>"
        )
        desc += f" A dashed line marks the target of {value_format.format(target)}{unit}."
    return _svg(width, height, title, desc, parts)


def stacked_bar(
    items: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    *,
    title: str,
    series_colours: Mapping[str, str],
) -> Markup:
    """Horizontal stacked bars, one per item, segments in ``series_colours`` order, with a legend.

    The longest total spans the plotting area; each bar's segments add up to its total length.
    Series missing from ``series_colours`` get colours from the Okabe-Ito palette, after the
    named ones. Negative and non-finite values count as zero.
    """
    if not items:
        return _no_data(title)

    order = list(series_colours)
    for _, segments in items:
        for name, _ in segments:
            if name not in order:
                order.append(name)
    colours = dict(series_colours)
    taken = {str(colour).lower() for colour in colours.values()}
    spare = [c for c in FALLBACK_SERIES_COLOURS if c not in taken] or list(FALLBACK_SERIES_COLOURS)
    for name in order:
        if name not in colours:
            colours[name] = spare[len(colours) % len(spare)]

    sums: list[dict[str, float]] = []
    for _, segments in items:
        amounts: dict[str, float] = {}
        for name, value in segments:
            amounts[name] = amounts.get(name, 0.0) + max(0.0, _finite(value) or 0.0)
        sums.append(amounts)
    totals = [sum(amounts.values()) for amounts in sums]
    scale_max = max(totals) or 1.0

    row_h, bar_h = 24, 16
    total_texts = [_number(total) for total in totals]
    label_w = _text_width(max(len(str(label)) for label, _ in items), LABEL_SIZE)
    value_w = _text_width(max(len(text) for text in total_texts), LABEL_SIZE)
    x0 = PAD + label_w + 8
    width = max(
        x0 + BAR_PLOT_WIDTH + 6 + value_w + PAD,
        2 * PAD + _text_width(len(title), TITLE_SIZE),
    )

    # Legend under the title, flowing onto more lines when it does not fit.
    legend: list[tuple[str, float, int]] = []  # (series, x, line)
    x, line_no = float(PAD), 0
    for name in order:
        item_w = 12 + 4 + _text_width(len(str(name)), SMALL_SIZE) + 14
        if x > PAD and x + item_w > width - PAD:
            x, line_no = float(PAD), line_no + 1
        legend.append((name, x, line_no))
        x += item_w
    legend_top = PAD + TITLE_SIZE + 10
    legend_lines = line_no + 1 if legend else 0
    top = legend_top + legend_lines * 18 + 6
    height = top + row_h * len(items) + PAD

    parts = [_visible_title(title)]
    for name, lx, ln in legend:
        ly = legend_top + ln * 18
        parts.append(_rect(lx, ly, 12, 12, colours[name]))
        parts.append(_text(str(name), lx + 16, ly + 10, size=SMALL_SIZE, anchor="start"))

    parts.append(_line(x0, top, x0, top + row_h * len(items), AXIS_COLOUR))
    for index, ((label, _), amounts, total_text) in enumerate(
        zip(items, sums, total_texts, strict=True)
    ):
        y = top + row_h * index
        mid = y + row_h / 2 + 4
        parts.append(_text(str(label), x0 - 6, mid, size=LABEL_SIZE, anchor="end"))
        segments: list[str] = []
        running = 0.0
        start = _round(x0)
        for name in order:
            amount = amounts.get(name)
            if not amount:
                continue
            running += amount
            end = _round(x0 + BAR_PLOT_WIDTH * running / scale_max)
            seg_w = end - start
            text = _number(amount)
            fill = colours[name]
            segment = (
                f"<title>{escape(f'{label} {MIDDLE_DOT} {name}: {text}')}</title>"
                f"{_rect(start, y + (row_h - bar_h) / 2, seg_w, bar_h, fill)}"
            )
            if seg_w >= _text_width(len(text), SMALL_SIZE) + 6:
                segment += _text(
                    text,
                    start + seg_w / 2,
                    mid - 0.5,
                    size=SMALL_SIZE,
                    fill=_text_colour_on(fill),
                )
            segments.append(f'<g class="segment">{segment}</g>')
            start = end
        parts.append(
            '<g class="stack">'
            f"<title>{escape(f'{label}: {total_text}')}</title>"
            f"{''.join(segments)}"
            f"{_text(total_text, start + 4, mid, size=LABEL_SIZE, anchor='start')}"
            "</g>"
        )

    desc = f"Stacked horizontal bar chart of {len(items)} bars"
    if order:
        desc += "; series: " + ", ".join(str(name) for name in order)
    desc += "."
    return _svg(width, height, title, desc, parts)


# --------------------------------------------------------------------------- drawing helpers


def _svg(width: float, height: float, title: str, desc: str, parts: Sequence[str]) -> Markup:
    body = "".join(parts)
    digest = hashlib.sha1(f"{title}\0{desc}\0{body}".encode(), usedforsecurity=False)
    chart_id = f"chart-{digest.hexdigest()[:12]}"
    width, height = math.ceil(width), math.ceil(height)
    return Markup(
        f'<svg xmlns="{SVG_NS}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{FONT_FAMILY}" fill="{TEXT_DARK}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>'
        f"{body}</svg>"
    )


def _no_data(title: str) -> Markup:
    width = max(160, math.ceil(2 * PAD + _text_width(len(title), TITLE_SIZE)))
    height = PAD + TITLE_SIZE + 10 + 24
    parts = [
        _visible_title(title),
        _text("No data", PAD, PAD + TITLE_SIZE + 24, size=LABEL_SIZE, anchor="start", fill="#555"),
    ]
    return _svg(width, height, title, "No data.", parts)


def _visible_title(title: str) -> str:
    return _text(title, PAD, PAD + TITLE_SIZE, size=TITLE_SIZE, anchor="start", weight="bold")


def _text(
    content: str,
    x: float,
    y: float,
    *,
    size: int,
    anchor: str = "middle",
    fill: str = TEXT_DARK,
    weight: str | None = None,
    decoration: str | None = None,
) -> str:
    extra = ""
    if weight:
        extra += f' font-weight="{escape(weight)}"'
    if decoration:
        extra += f' text-decoration="{escape(decoration)}"'
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{escape(anchor)}" '
        f'fill="{escape(fill)}"{extra}>{escape(content)}</text>'
    )


def _rect(
    x: float, y: float, width: float, height: float, fill: str, *, stroke: str | None = None
) -> str:
    outline = f' stroke="{escape(stroke)}" stroke-width="1"' if stroke else ""
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(0.0, width))}" '
        f'height="{_n(height)}" fill="{escape(fill)}"{outline}/>'
    )


def _line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    colour: str,
    *,
    dash: str | None = None,
    width: float = 1,
) -> str:
    dashed = f' stroke-dasharray="{escape(dash)}"' if dash else ""
    return (
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{escape(colour)}" stroke-width="{_n(width)}"{dashed}/>'
    )


def _hatch(x: float, y: float, width: float, height: float, spacing: float) -> list[str]:
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
    return lines


def _bar_length(value: float, scale_max: float) -> float:
    finite = _finite(value)
    if finite is None:
        return 0.0
    return BAR_PLOT_WIDTH * min(1.0, max(0.0, finite / scale_max))


# --------------------------------------------------------------------------- colour and text


def _scale_colour(stops: Sequence[str], t: float) -> str:
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


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _text_colour_on(fill: str) -> str:
    """White or dark text, whichever contrasts more with ``fill``; dark if it is not hex."""
    try:
        lum = _luminance(fill)
    except ValueError:
        return TEXT_DARK
    on_white = (1.05) / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(TEXT_DARK) + 0.05)
    return TEXT_LIGHT if on_white > on_dark else TEXT_DARK


def _text_width(chars: int, size: float) -> float:
    return chars * CHAR_WIDTH * size


def _wrap(text: str, max_chars: int) -> list[str]:
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


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _round(value: float) -> float:
    return round(value, 2)


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _safe_href(href: str | None) -> str | None:
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
