"""What other parts add to the reports: sections of the country report, headline indicators.

Workshops (attendance and feedback) and certificates are built by other parts, which may not
exist in a given installation. Each adds itself with one call, from its own code:

- ``register_section(Section(...))``: a section of the country report (and the regional one,
  with ``regional``), drawn by its own template, which both the HTML page and the PDF include;
- ``register_indicator(Indicator(...))``: a headline indicator of the regional report. The
  report lists the indicators it promises (``workshops_held``, ``certificates_issued``) even
  before a part registers them, as "not recorded", so the Ministerial Conference sees the
  same table every time; registering one under that key fills it in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask_babel import lazy_gettext as _l

from ..directory.models import Country
from ..i18n import format_declared
from . import figures
from .figures import Cutoff


class ReportContext:
    """The countries and cut-off one report is about, with the figures several sections and
    indicators share, computed once per report."""

    def __init__(self, countries: list[Country], cutoff: Cutoff) -> None:
        self.countries = countries
        self.cutoff = cutoff
        self.country_ids = [c.id for c in countries]

    @cached_property
    def trained(self) -> dict[int, figures.Trained]:
        return figures.trained(self.country_ids, self.cutoff)

    @cached_property
    def gain(self) -> dict[int, figures.GainSummary]:
        return figures.learning_gain(self.country_ids, self.cutoff)


@dataclass(frozen=True)
class Section:
    """A section of the country report.

    ``country`` gives the section's data for one country as of the cut-off, or None when there
    is nothing to report (the section is left out); ``regional`` does the same for the regional
    report over every country (None: the section is not in the regional report). ``template``
    (``lms/<folder>/<name>.html``) draws it; it receives ``section`` (the data) and ``report``.
    """

    name: str
    title: Any  #: a lazy string
    template: str
    country: Callable[[Country, Cutoff], Any | None]
    regional: Callable[[list[Country], Cutoff], Any | None] | None = None
    position: int = 100


@dataclass(frozen=True)
class Indicator:
    """A headline indicator: its value over the report's countries as of its cut-off (None:
    not recorded)."""

    key: str
    label: Any  #: a lazy string
    value: Callable[[ReportContext], float | None]
    value_format: str = "{:,.0f}"
    position: int = 100

    def format(self, value: float | None) -> str:
        return "—" if value is None else format_declared(self.value_format, value)


_SECTIONS: dict[str, Section] = {}
_INDICATORS: dict[str, Indicator] = {}


def register_section(section: Section) -> Section:
    """Add a section (again under the same name: replaced)."""
    _SECTIONS[section.name] = section
    return section


def register_indicator(indicator: Indicator) -> Indicator:
    """Add a headline indicator (again under the same key: replaced)."""
    _INDICATORS[indicator.key] = indicator
    return indicator


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.position, s.name))


def indicators() -> list[Indicator]:
    return sorted(_INDICATORS.values(), key=lambda i: (i.position, i.key))


def _not_recorded(_context: ReportContext) -> float | None:
    return None


#: Promised in every regional report; the parts that record them replace these placeholders
#: (setdefault: a part that registered first keeps its own).
for _key, _label, _position in (
    ("workshops_held", _l("Workshops held"), 40),
    ("certificates_issued", _l("Certificates issued"), 60),
):
    _INDICATORS.setdefault(_key, Indicator(_key, _label, _not_recorded, position=_position))
