"""``flask lms report regional|country|handout --out FILE.pdf``: the reports from the shell."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask_babel import gettext as _

from .. import db
from ..i18n import format_number
from ..jobs.registry import JobOutput
from .services import ReportError, country_pdf, handout_pdf, parse_as_of, regional_pdf

OUT = click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF file."
)
AS_OF = click.option("--as-of", "as_of", help="The report's day, YYYY-MM-DD (default: today).")


@click.group("report")
def report_group() -> None:
    """Progress reports and handouts as PDF."""


def _write(out: Path, make: Callable[[], JobOutput]) -> None:
    """Make the file, write it, commit (a regional report keeps its figures); one line."""
    try:
        output = make()
    except ReportError as error:
        db.session.rollback()
        click.echo(_("Error: %(message)s", message=error), err=True)
        sys.exit(1)
    out.write_bytes(output.data)
    db.session.commit()
    size = format_number(len(output.data))  # "1,234"; Russian "1 234"
    click.echo(_("Wrote %(file)s (%(size)s bytes).", file=out, size=size))


@report_group.command("regional")
@OUT
@AS_OF
def regional(out: Path, as_of: str | None) -> None:
    """The regional consolidated progress report."""
    _write(out, lambda: regional_pdf(parse_as_of(as_of)))


@report_group.command("country")
@click.argument("code")
@OUT
@AS_OF
def country(code: str, out: Path, as_of: str | None) -> None:
    """One country's progress report (CODE: ISO alpha-2, e.g. KZ)."""
    _write(out, lambda: country_pdf(code, parse_as_of(as_of)))


@report_group.command("handout")
@click.argument("module_slug")
@OUT
def handout(module_slug: str, out: Path) -> None:
    """A module's lessons for offline reading (MODULE_SLUG: track/module)."""
    _write(out, lambda: handout_pdf(module_slug))
