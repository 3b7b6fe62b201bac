"""Server-drawn charts: geometry in :mod:`.layout`, SVG markup in ``charts/_charts.html``."""

from .svg import bar_chart, heatmap, render

__all__ = ["bar_chart", "heatmap", "render"]
