"""The simulation scenarios of the content folder (``courses/simulations/``): a sync step.

``courses/simulations/rubric.md`` is the rubric every reflection is graded against; each other
folder is a scenario (``scenario.py`` has the format). Read while the content loads, every
mistake reported with its file and line, so a scenario whose scoring tables miss an option
stops the whole sync; synced by slug: a scenario gone from the files is retired (no new run
can start from it; runs already made keep their copy).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from .. import db
from ..content.loader import ContentError, Header, Reader
from ..content.rendering import render_markdown
from ..content.steps import SyncStep
from ..directory.models import Country, NegotiatingArea
from ..drafting.exercise import Rubric, parse_rubric
from .models import Scenario, ScenarioDelegation
from .scenario import (
    CODE_RE,
    MAX_DELEGATIONS,
    MAX_ROUND_HOURS,
    MAX_ROUNDS,
    MIN_DELEGATIONS,
    DelegationSpec,
    ScenarioSpec,
    brackets_to_json,
    issues_to_json,
    parse_delegation_body,
    parse_issues,
    parse_scenario_body,
    parse_text,
)

if TYPE_CHECKING:
    from ..content.sync import Syncer

SIMULATIONS_KEY = "simulations"
FOLDER = "simulations"
RUBRIC_FILE = "rubric.md"
REPORTED_AS = "simulation scenarios"
SCENARIO_KEYS = {"title", "summary", "area", "competencies", "rounds", "round-hours", "level"}
DELEGATION_KEYS = {"title", "code", "country", "fallback"}
LEVELS = ("basic", "intermediate", "advanced")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class SimulationsSpec:
    scenarios: list[ScenarioSpec] = field(default_factory=list)
    rubric: Rubric | None = None
    rubric_path: str = ""


def _number(
    reader: Reader,
    path: Path,
    header: Header,
    key: str,
    low: int,
    high: int,
    default: int | None = None,
) -> int:
    raw = header.values.get(key, "").strip()
    if not raw and default is not None:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        reader.error(
            path,
            header.lines.get(key, 1),
            f"{key.title()} must be a whole number from {low} to {high}",
        )
        return low
    return int(raw)


def _read_delegation(reader: Reader, path: Path, spec: ScenarioSpec) -> DelegationSpec | None:
    loaded = reader.read_text(path)
    header = reader.read_header(path, loaded[0], DELEGATION_KEYS) if loaded else None
    if header is None:
        return None
    code = header.values.get("code", "").strip()
    if not CODE_RE.match(code):
        reader.error(
            path, header.lines.get("code", 1), "Code must be 2 or 3 capital letters, e.g. 'VE'"
        )
    country = header.values.get("country", "").strip().upper() or None
    fallback = _number(reader, path, header, "fallback", 0, 1000)
    sections, scores, errors = parse_delegation_body(header.body, header.body_line, spec.issues)
    for line, message in errors:
        reader.error(path, line, message)
    return DelegationSpec(
        key=path.stem,
        name=header.values["title"],
        code=code,
        country=country,
        fallback=fallback,
        sections=sections,
        scores=scores,
        path=reader.rel(path),
    )


def read_scenario(reader: Reader, folder: Path) -> ScenarioSpec | None:
    """One scenario folder, every mistake reported on ``reader``."""
    path = folder / "scenario.md"
    if not path.is_file():
        reader.error(path, 0, "a scenario folder needs scenario.md")
        return None
    loaded = reader.read_text(path)
    header = reader.read_header(path, loaded[0], SCENARIO_KEYS) if loaded else None
    if header is None:
        return None
    level = header.values.get("level", "intermediate").strip().lower()
    if level not in LEVELS:
        reader.error(
            path, header.lines.get("level", 1), f"Level must be one of {', '.join(LEVELS)}"
        )
    codes = [c.strip() for c in header.values.get("competencies", "").split(",") if c.strip()]
    known = reader.framework.codes if reader.framework else frozenset(codes)
    for code in codes:
        if code not in known:
            reader.error(path, header.lines.get("competencies", 1), f"unknown competency '{code}'")
    if not header.values.get("area", "").strip():
        reader.error(path, 1, "missing 'Area:' (a negotiating-area code)")
    spec = ScenarioSpec(
        slug=folder.name,
        title=header.values["title"],
        summary=header.values.get("summary", ""),
        area=header.values.get("area", "").strip().upper(),
        competencies=codes,
        rounds=_number(reader, path, header, "rounds", 1, MAX_ROUNDS),
        round_hours=_number(reader, path, header, "round-hours", 1, MAX_ROUND_HOURS, 48),
        level=level,
        brief="",
        text="",
        path=reader.rel(path),
    )
    sections, errors = parse_scenario_body(header.body, header.body_line)
    for line, message in errors:
        reader.error(path, line, message)
    spec.brief = sections.get("brief", (0, ""))[1]
    if "negotiating text" in sections:
        line, text = sections["negotiating text"]
        spec.text, spec.brackets, problems = parse_text(header.body, header.body_line, line, text)
        for problem_line, message in problems:
            reader.error(path, problem_line, message)
        if "issues" in sections and spec.brackets:
            spec.issues, problems = parse_issues(
                header.body, header.body_line, sections["issues"][0], spec.brackets
            )
            for problem_line, message in problems:
                reader.error(path, problem_line, message)
            if problems:  # the scoring tables are read against the issues: not against these
                spec.issues = []
    _read_delegations(reader, folder, spec)
    notes = folder / "teaching-notes.md"
    if notes.is_file():
        loaded_notes = reader.read_text(notes)
        notes_header = (
            reader.read_header(notes, loaded_notes[0], {"title"}) if loaded_notes else None
        )
        spec.teaching_notes = notes_header.body if notes_header else ""
    else:
        reader.error(notes, 0, "a scenario needs teaching-notes.md for the trainer")
    return spec


def _read_delegations(reader: Reader, folder: Path, spec: ScenarioSpec) -> None:
    files = (
        sorted((folder / "delegations").glob("*.md")) if (folder / "delegations").is_dir() else []
    )
    if not MIN_DELEGATIONS <= len(files) <= MAX_DELEGATIONS:
        reader.error(
            folder / "delegations",
            0,
            f"a scenario has {MIN_DELEGATIONS} to {MAX_DELEGATIONS} delegations "
            f"(delegations/<key>.md), not {len(files)}",
        )
    codes: dict[str, str] = {}
    for path in files:
        if not _SLUG.match(path.stem):
            reader.error(
                path, 0, "a delegation's file name is lower-case letters, digits and hyphens"
            )
            continue
        delegation = _read_delegation(reader, path, spec) if spec.issues else None
        if delegation is None:
            continue
        if delegation.code in codes:
            reader.error(path, 1, f"code '{delegation.code}' is also {codes[delegation.code]}'s")
        codes[delegation.code] = path.name
        spec.delegations.append(delegation)


class SimulationFiles(SyncStep[SimulationsSpec]):
    key = SIMULATIONS_KEY
    courses_entries = frozenset({FOLDER})

    def read(self, reader: Reader) -> SimulationsSpec:
        folder = reader.root / "courses" / FOLDER
        spec = SimulationsSpec()
        if not folder.is_dir():
            return spec
        rubric = folder / RUBRIC_FILE
        spec.rubric_path = reader.rel(rubric)
        spec.rubric = self._rubric(reader, rubric)
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or entry == rubric:
                continue
            if not entry.is_dir() or not _SLUG.match(entry.name):
                reader.error(entry, 0, "courses/simulations/ holds rubric.md and scenario folders")
                continue
            scenario = read_scenario(reader, entry)
            if scenario is not None:
                spec.scenarios.append(scenario)
        return spec

    def _rubric(self, reader: Reader, path: Path) -> Rubric | None:
        if not path.is_file():
            reader.error(path, 0, "courses/simulations/ needs rubric.md, the reflection rubric")
            return None
        loaded = reader.read_text(path)
        header = reader.read_header(path, loaded[0], {"title"}) if loaded else None
        if header is None:
            return None
        rubric, errors = parse_rubric(header.body, header.body_line)
        for line, message in errors:
            reader.error(path, line, message)
        return rubric

    def check(self, loaded: SimulationsSpec) -> list[ContentError]:
        """Each scenario's area is a negotiating area; each delegation's country a country."""
        areas = set(db.session.scalars(select(NegotiatingArea.code)))
        countries = set(db.session.scalars(select(Country.code)))
        errors = [
            ContentError(s.path, 1, f"Area '{s.area}' is not one of {', '.join(sorted(areas))}")
            for s in loaded.scenarios
            if s.area and s.area not in areas
        ]
        errors += [
            ContentError(d.path, 1, f"Country '{d.country}' is not a country code")
            for s in loaded.scenarios
            for d in s.delegations
            if d.country and d.country not in countries
        ]
        return errors

    def write(self, loaded: SimulationsSpec, syncer: Syncer) -> None:
        rows = {s.slug: s for s in db.session.scalars(select(Scenario))}
        for spec in loaded.scenarios:
            values = _scenario_values(spec, syncer.areas.get(spec.area), loaded.rubric)
            row = syncer.upsert(REPORTED_AS, rows, spec.slug, Scenario, values)
            for name, value in values.items():
                setattr(row, name, value)
            _write_delegations(row, spec)
        syncer.retire(REPORTED_AS, rows, {s.slug for s in loaded.scenarios})


def _scenario_values(
    spec: ScenarioSpec, area: NegotiatingArea | None, rubric: Rubric | None
) -> dict[str, object]:
    return {
        "rubric": rubric.to_json() if rubric else None,
        "slug": spec.slug,
        "title": spec.title,
        "summary": spec.summary,
        "area": area,
        "level": spec.level,
        "rounds": spec.rounds,
        "round_hours": spec.round_hours,
        "competencies": spec.competencies,
        "brief_html": render_markdown(spec.brief),
        "text": spec.text,
        "issues": issues_to_json(spec.issues),
        "brackets": brackets_to_json(spec.brackets),
        "teaching_notes_html": render_markdown(spec.teaching_notes),
        "source_path": spec.path,
        "content_hash": hashlib.sha256(repr(spec).encode()).hexdigest(),
    }


def _write_delegations(row: Scenario, spec: ScenarioSpec) -> None:
    existing = {d.key: d for d in row.delegations}
    keep = set()
    for position, delegation in enumerate(spec.delegations):
        keep.add(delegation.key)
        target = existing.get(delegation.key)
        if target is None:
            target = ScenarioDelegation(key=delegation.key)
            row.delegations.append(target)
        target.position = position
        target.name = delegation.name
        target.code = delegation.code
        target.country_code = delegation.country
        target.fallback = delegation.fallback
        target.instructions_html = {
            name: render_markdown(text) for name, text in delegation.sections.items()
        }
        target.scores = {str(n): dict(points) for n, points in delegation.scores.items()}
    for key, stale in existing.items():
        if key not in keep:
            db.session.delete(stale)


SIMULATION_FILES = SimulationFiles()
