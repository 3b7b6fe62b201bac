"""The designation targets of ``courses/competencies.toml``: a sync step of ``lms sync``.

``[[target]]`` entries name a designation, a competency code (or ``AREA``: every competency of
the designated person's own area) and a level from 0 to 3. They are replaced as a whole when
any of them changed. After a sync that changed anything, the capacity roll-ups that depend on
the curriculum are refreshed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import db
from ..content.loader import Reader
from ..content.steps import SyncStep
from ..directory.models import DesignationKind
from ..i18n import N_
from . import rollups
from .models import CompetencyTarget

if TYPE_CHECKING:
    from ..content.sync import Syncer, SyncReport

DESIGNATIONS = ("chief_negotiator", "lead_negotiator", "technical_expert", "observer")


@dataclass(frozen=True)
class TargetSpec:
    designation: str
    competency: str | None  #: None: every competency of the person's own area ("AREA")
    level: int
    path: str
    line: int


class TargetFiles(SyncStep[list[TargetSpec]]):
    key = "targets"

    def read(self, reader: Reader) -> list[TargetSpec]:
        framework = reader.framework
        if framework is None:
            return []
        path, text, known = framework.path, framework.text, framework.codes
        lines = [n for n, row in enumerate(text.split("\n"), 1) if row.strip() == "[[target]]"]
        targets = []
        for index, entry in enumerate(framework.data.get("target", [])):
            line = lines[index] if index < len(lines) else 1
            designation, code = str(entry.get("designation", "")), str(entry.get("competency", ""))
            level = entry.get("level")
            problem = _problem(designation, code, level, known)
            if problem:
                reader.error(path, line, problem)
                continue
            competency = None if code == "AREA" else code
            targets.append(TargetSpec(designation, competency, level, reader.rel(path), line))
        return targets

    def write(self, loaded: list[TargetSpec], syncer: Syncer) -> None:
        """The targets are replaced as a whole when any of them changed."""
        db.session.flush()
        codes: dict[int | None, str] = {c.id: c.code for c in syncer.competency_rows.values()}
        rows = list(db.session.scalars(select(CompetencyTarget)))
        existing = {(r.designation.value, codes.get(r.competency_id), r.level) for r in rows}
        wanted = {(t.designation, t.competency, t.level) for t in loaded}
        if existing == wanted:
            return
        for row in rows:
            db.session.delete(row)
        for designation, code, level in sorted(wanted, key=str):
            db.session.add(
                CompetencyTarget(
                    designation=DesignationKind(designation),
                    own_area=code is None,
                    level=level,
                    competency_id=syncer.competency_rows[code].id if code else None,
                )
            )
        (syncer.report.updated if rows else syncer.report.created)[N_("targets")] += len(wanted)

    def after(self, report: SyncReport) -> None:
        """Targets, competencies and retired items change what the capacity roll-ups count."""
        touched = {*report.created, *report.updated, *report.retired, *report.restored}
        if touched & {"targets", "competencies"}:
            db.session.flush()
            rollups.rebuild_gaps()
        if {"items", "retired items"} & {*report.retired, *report.restored}:
            rollups.rebuild_area_progress()


def _problem(designation: str, code: str, level: object, known: frozenset[str]) -> str | None:
    if designation not in DESIGNATIONS:
        return f"target designation '{designation}' must be one of {', '.join(DESIGNATIONS)}"
    if code != "AREA" and code not in known:
        return f"target competency '{code}' is not defined (or use AREA)"
    if code == "AREA" and designation == "chief_negotiator":
        return "a chief negotiator has no area of their own: name the competencies"
    if not isinstance(level, int) or not 0 <= level <= 3:
        return f"target level must be a whole number from 0 to 3, not {level!r}"
    return None


TARGET_FILES = TargetFiles()
