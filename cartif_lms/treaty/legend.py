"""The colour key's data: templates/content/_treaty_legend.html lists the notation's table of
obligation strength, which it finds under ``LEGEND_GLOBAL`` in its Jinja environment."""

from __future__ import annotations

from jinja2 import Environment

from .notation import OBLIGATIONS

__all__ = ["LEGEND_GLOBAL", "install_legend"]

#: The name the legend partial reads ``OBLIGATIONS`` under.
LEGEND_GLOBAL = "lms_treaty_obligations"


def install_legend(env: Environment) -> None:
    """Give ``env`` (the application's, or a test's own) the rows the legend partial lists."""
    env.globals[LEGEND_GLOBAL] = OBLIGATIONS
