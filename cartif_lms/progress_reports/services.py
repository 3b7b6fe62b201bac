"""What the report pages and commands ask: which report, as of when, and its file."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..auth.models import User
from ..content.lesson import LESSON
from ..content.models import Item, Module
from ..directory.models import Country
from ..jobs.registry import JobKind, JobOutput, register
from ..learning.services import require_to_open
from . import documents, handout, reports
from .figures import cutoff_for

COUNTRY_REPORT = "country_report"
REGIONAL_REPORT = "regional_report"
PDF = "application/pdf"


class ReportError(ValueError):
    """A report that cannot be made as asked; the message says why, in one line."""


def parse_as_of(text: str | None) -> date | None:
    """The as-of day a form or command names (YYYY-MM-DD); None for none (today)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportError(str(_l("Give the date as YYYY-MM-DD, e.g. 2026-06-30."))) from None


def country_named(code: str) -> Country:
    found = db.session.scalar(select(Country).where(Country.code == code.strip().upper()))
    if found is None:
        raise ReportError(f"No CAREC country with code '{code}'.")
    return found


def module_named(slug: str) -> Module:
    found = db.session.scalar(
        select(Module).where(Module.slug == slug.strip("/ "), Module.retired_at.is_(None))
    )
    if found is None:
        raise ReportError(f"No module '{slug}' in the curriculum.")
    return found


def require_to_read(user: User, module: Module) -> None:
    """Whoever may open the module's lessons may have its handout (the take-training rule:
    prerequisites for trainees, a preview for the other roles); else TrainingRefused."""
    first = db.session.scalar(
        select(Item)
        .where(Item.module_id == module.id, Item.kind == LESSON.name, Item.retired_at.is_(None))
        .order_by(Item.position)
        .limit(1)
    )
    if first is not None:
        require_to_open(user, first)


# --- the files ---------------------------------------------------------------------------------


def country_pdf(code: str, as_of: date | None) -> JobOutput:
    country = country_named(code)
    report = reports.country_report(country, cutoff_for(as_of))
    name = f"cartif-progress-{country.code}-{report.cutoff.as_of.isoformat()}.pdf"
    return JobOutput(name, PDF, documents.country_pdf(report))


def regional_pdf(as_of: date | None) -> JobOutput:
    """The regional PDF; its headline figures are kept as the next report's "previous"
    (flushed; the caller commits)."""
    report = reports.regional_report(cutoff_for(as_of), keep_snapshot=True)
    name = f"cartif-regional-progress-{report.cutoff.as_of.isoformat()}.pdf"
    return JobOutput(name, PDF, documents.regional_pdf(report))


def handout_pdf(slug: str) -> JobOutput:
    module = module_named(slug)
    return JobOutput(
        handout.handout_filename(module), PDF, handout.handout_pdf(handout.module_handout(module))
    )


# --- as background jobs ------------------------------------------------------------------------


def job_params(as_of: date | None, **more: str) -> dict[str, Any]:
    return {"as_of": as_of.isoformat() if as_of else None, **more}


def _as_of(params: Mapping[str, Any]) -> date | None:
    return parse_as_of(params.get("as_of"))


def _day(params: Mapping[str, Any]) -> str:
    return params.get("as_of") or str(_l("today"))


register(
    JobKind(
        COUNTRY_REPORT,
        lambda p: str(
            _l("Progress report %(country)s as of %(day)s", country=p["country"], day=_day(p))
        ),
        lambda p: country_pdf(p["country"], _as_of(p)),
    )
)
register(
    JobKind(
        REGIONAL_REPORT,
        lambda p: str(_l("Regional progress report as of %(day)s", day=_day(p))),
        lambda p: regional_pdf(_as_of(p)),
    )
)
