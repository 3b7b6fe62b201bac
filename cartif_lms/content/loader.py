"""Read a content folder into plain specs, collecting every error as ``path:line: message``.

Pure: no database. :mod:`cartif_lms.content.sync` turns the specs into rows. The format is
documented in ``docs/content-format.md``.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from ..drafting.exercise import ExerciseSpec, parse_exercise
from .models import Audience, ItemKind, Level, TrackKind

SLUG_PART = r"[a-z0-9]+(?:-[a-z0-9]+)*"
TRACK_DIR_RE = re.compile(rf"^{SLUG_PART}$")
NUMBERED_RE = re.compile(rf"^(?P<number>\d{{2,3}})-(?P<slug>{SLUG_PART})(?P<ext>\.md)?$")
COMPETENCY_CODE_RE = re.compile(r"^[A-Z]{2,4}\.[A-Z][A-Z0-9_]*$")
CROSS_CUTTING = "XC"

TRACK_KEYS = {"title", "kind", "level", "audience", "area", "summary"}
MODULE_KEYS = {"title", "requires", "competencies", "minutes"}
ITEM_KEYS = {"title", "kind", "minutes", "competencies"}
#: Quiz settings; the quiz engine reads them from ``Item.settings``.
QUIZ_KEYS = {
    "bank",
    "category",
    "questions",
    "test",
    "pass-mark",
    "attempts",
    "shuffle",
    "time-limit",
}
QUIZ_TESTS = ("pre-test", "post-test", "final")
EXERCISE_KEYS = {"peer-reviews"}


@dataclass(frozen=True, order=True)
class ContentError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class CompetencySpec:
    code: str
    area_code: str | None  #: None: cross-cutting
    name: str
    description: str
    position: int
    path: str
    line: int


@dataclass(frozen=True)
class TargetSpec:
    designation: str
    competency: str | None  #: None: every competency of the person's own area ("AREA")
    level: int
    path: str
    line: int


@dataclass
class ItemSpec:
    slug: str
    path: str
    title: str
    kind: ItemKind
    position: int
    minutes: int | None
    competencies: list[str]
    body: str
    settings: dict[str, Any]
    source_hash: str
    exercise: ExerciseSpec | None = None


@dataclass
class ModuleSpec:
    slug: str
    path: str
    title: str
    position: int
    minutes: int | None
    competencies: list[str]
    requires: list[str]
    requires_line: int
    intro: str
    source_hash: str
    items: list[ItemSpec] = field(default_factory=list)


@dataclass
class TrackSpec:
    slug: str
    path: str
    title: str
    kind: TrackKind
    level: Level
    audience: Audience
    area_code: str | None
    summary: str
    intro: str
    source_hash: str
    modules: list[ModuleSpec] = field(default_factory=list)


@dataclass
class BankSpec:
    slug: str
    path: str
    source: str
    source_hash: str
    question_count: int
    #: The ``$CATEGORY`` of every question a quiz can draw (descriptions are never drawn).
    categories: frozenset[str] = frozenset()


#: Bank slug -> its categories, for checking what quiz items name.
Banks = Mapping[str, frozenset[str]]


@dataclass
class ContentSpec:
    tracks: list[TrackSpec] = field(default_factory=list)
    competencies: list[CompetencySpec] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    banks: list[BankSpec] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    def modules(self) -> Iterable[ModuleSpec]:
        for track in self.tracks:
            yield from track.modules

    def items(self) -> Iterable[ItemSpec]:
        for module in self.modules():
            yield from module.items


@dataclass
class Header:
    """A file's metadata header as Python-Markdown's ``meta`` extension reads it."""

    values: dict[str, str]
    lines: dict[str, int]  #: the line each key is on, for error messages
    body: str
    body_line: int = 1  #: the line of the file the body starts on


class _Reader:
    """Collects errors while reading one content folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def error(self, path: Path | str, line: int, message: str) -> None:
        self.errors.append(
            ContentError(self.rel(path) if isinstance(path, Path) else path, line, message)
        )

    def read_text(self, path: Path) -> tuple[str, str] | None:
        """The file's text and SHA-256, or None (with an error) if it is unusable."""
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.error(
                path,
                line,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            )
            return None
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        if not text.strip():
            self.error(path, 1, "the file is empty")
            return None
        return text, hashlib.sha256(data).hexdigest()

    def read_header(self, path: Path, text: str, allowed: set[str]) -> Header | None:
        lines = text.split("\n")
        md = Markdown(extensions=["meta"])
        body_lines = md.preprocessors["meta"].run(list(lines))
        values = {key: " ".join(parts).strip() for key, parts in md.Meta.items()}  # type: ignore[attr-defined]
        key_lines = _key_lines(lines[: len(lines) - len(body_lines)])
        if not values:
            self.error(path, 1, "missing metadata header: start the file with 'Title: ...'")
            return None
        ok = True
        for key, numbers in key_lines.items():
            if len(numbers) > 1:
                self.error(path, numbers[1], f"'{key.title()}' is given twice")
                ok = False
            if key not in allowed:
                known = ", ".join(sorted(k.title() for k in allowed))
                self.error(path, numbers[0], f"unknown metadata key '{key}' (known: {known})")
                ok = False
        header = Header(
            values,
            {k: v[0] for k, v in key_lines.items()},
            "\n".join(body_lines),
            len(lines) - len(body_lines) + 1,
        )
        if not header.values.get("title"):
            self.error(path, header.lines.get("title", 1), "missing title ('Title: ...')")
            ok = False
        return header if ok else None

    def choice(self, path: Path, header: Header, key: str, enum: Any, required: bool = True) -> Any:
        raw = header.values.get(key, "").strip().lower()
        if not raw:
            if required:
                self.error(path, 1, f"missing '{key.title()}:' (one of {_options(enum)})")
            return None
        try:
            return enum(raw)
        except ValueError:
            self.error(
                path,
                header.lines[key],
                f"{key.title()} must be one of {_options(enum)}, not '{raw}'",
            )
            return None

    def minutes(self, path: Path, header: Header) -> int | None:
        raw = header.values.get("minutes", "").strip()
        if not raw:
            return None
        if not raw.isdigit() or int(raw) == 0:
            self.error(
                path, header.lines["minutes"], f"Minutes must be a whole number, not '{raw}'"
            )
            return None
        return int(raw)

    def competencies(
        self, path: Path, header: Header, known: set[str], default: list[str]
    ) -> list[str]:
        if "competencies" not in header.values:
            return list(default)
        codes = _split_list(header.values["competencies"])
        for code in codes:
            if code not in known:
                self.error(
                    path,
                    header.lines["competencies"],
                    f"unknown competency '{code}' (see courses/competencies.toml)",
                )
        return sorted(set(codes))


def _key_lines(header_lines: list[str]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for number, line in enumerate(header_lines, start=1):
        if number == 1 and BEGIN_RE.match(line) or END_RE.match(line):
            continue
        match = META_RE.match(line)
        if match and not META_MORE_RE.match(line):
            found.setdefault(match.group("key").lower().strip(), []).append(number)
    return found


def _options(enum: Any) -> str:
    return " | ".join(member.value for member in enum)


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def load_content(content_dir: str | Path) -> ContentSpec:
    """Read ``courses/`` and ``quizzes/`` under ``content_dir``; never raises on bad content."""
    root = Path(content_dir)
    reader = _Reader(root)
    spec = ContentSpec()
    courses = root / "courses"
    if not courses.is_dir():
        reader.error(courses, 0, "no courses/ folder here")
        spec.errors = reader.errors
        return spec
    spec.competencies, spec.targets = _read_competencies(reader, courses / "competencies.toml")
    known = {c.code for c in spec.competencies}
    spec.banks = _read_banks(reader, root / "quizzes")
    bank_categories = {bank.slug: bank.categories for bank in spec.banks}
    for track_dir in sorted(p for p in courses.iterdir() if not p.name.startswith(".")):
        if track_dir.is_dir():
            track = _read_track(reader, track_dir, known, bank_categories)
            if track is not None:
                spec.tracks.append(track)
        elif track_dir.name != "competencies.toml":
            reader.error(
                track_dir, 1, "unexpected file: courses/ holds track folders and competencies.toml"
            )
    _check_prerequisites(reader, spec)
    spec.errors = sorted(reader.errors)
    return spec


def _read_competencies(
    reader: _Reader, path: Path
) -> tuple[list[CompetencySpec], list[TargetSpec]]:
    if not path.is_file():
        reader.error(path, 0, "missing the competency framework competencies.toml")
        return [], []
    loaded = reader.read_text(path)
    if loaded is None:
        return [], []
    text, _digest = loaded
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        reader.error(path, int(match.group(1)) if match else 1, f"not valid TOML: {exc}")
        return [], []
    specs: list[CompetencySpec] = []
    seen: set[str] = set()
    for position, entry in enumerate(data.get("competency", [])):
        code = str(entry.get("code", ""))
        line = _line_of(text, f'code = "{code}"') if code else 1
        if not COMPETENCY_CODE_RE.match(code):
            reader.error(path, line, f"competency code '{code}' must look like 'TF.TRANSIT'")
            continue
        if code in seen:
            reader.error(path, line, f"competency '{code}' is defined twice")
            continue
        seen.add(code)
        area = str(entry.get("area", code.split(".")[0]))
        if not entry.get("name"):
            reader.error(path, line, f"competency '{code}' has no name")
        specs.append(
            CompetencySpec(
                code,
                None if area == CROSS_CUTTING else area,
                str(entry.get("name", "")),
                str(entry.get("description", "")),
                position,
                reader.rel(path),
                line,
            )
        )
    return specs, _read_targets(reader, path, text, data, seen)


def _read_targets(
    reader: _Reader, path: Path, text: str, data: dict[str, Any], known: set[str]
) -> list[TargetSpec]:
    """``[[target]]`` entries: a designation, a competency code or "AREA", a level 0-3."""
    kinds = ("chief_negotiator", "lead_negotiator", "technical_expert", "observer")
    lines = [n for n, row in enumerate(text.split("\n"), 1) if row.strip() == "[[target]]"]
    targets = []
    for index, entry in enumerate(data.get("target", [])):
        line = lines[index] if index < len(lines) else 1
        designation, code = str(entry.get("designation", "")), str(entry.get("competency", ""))
        level = entry.get("level")
        problem = None
        if designation not in kinds:
            problem = f"target designation '{designation}' must be one of {', '.join(kinds)}"
        elif code != "AREA" and code not in known:
            problem = f"target competency '{code}' is not defined (or use AREA)"
        elif code == "AREA" and designation == "chief_negotiator":
            problem = "a chief negotiator has no area of their own: name the competencies"
        elif not isinstance(level, int) or not 0 <= level <= 3:
            problem = f"target level must be a whole number from 0 to 3, not {level!r}"
        if problem:
            reader.error(path, line, problem)
            continue
        targets.append(
            TargetSpec(designation, None if code == "AREA" else code, level, reader.rel(path), line)
        )
    return targets


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _read_banks(reader: _Reader, quizzes: Path) -> list[BankSpec]:
    from ..quizzes.gift import QuestionType, parse

    banks = []
    for path in sorted(quizzes.glob("*.gift")) if quizzes.is_dir() else []:
        loaded = reader.read_text(path)
        if loaded is None:
            continue
        text, digest = loaded
        result = parse(text, reader.rel(path))
        for error in result.errors:
            reader.error(path, error.line, error.message)
        categories = frozenset(
            q.category for q in result.questions if q.type is not QuestionType.DESCRIPTION
        )
        banks.append(
            BankSpec(path.stem, reader.rel(path), text, digest, len(result.questions), categories)
        )
    return banks


def _numbered_children(
    reader: _Reader, folder: Path, want_dirs: bool
) -> list[tuple[int, str, Path]]:
    """The ``NN-slug`` children of ``folder`` in order, reporting badly named ones."""
    children = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or child.name in {"track.md", "module.md"}:
            continue
        match = NUMBERED_RE.match(child.name)
        expected = "NN-name/ folder" if want_dirs else "NN-name.md file"
        if child.is_dir() != want_dirs or match is None or bool(match["ext"]) == want_dirs:
            reader.error(
                child,
                1,
                f"unexpected {'folder' if child.is_dir() else 'file'} "
                f"'{child.name}': expected a {expected} (lower-case, hyphens)",
            )
            continue
        children.append((int(match["number"]), match["slug"], child))
    return children


def _read_track(reader: _Reader, folder: Path, known: set[str], banks: Banks) -> TrackSpec | None:
    if not TRACK_DIR_RE.match(folder.name):
        reader.error(folder, 1, f"track folder '{folder.name}' must be lower-case with hyphens")
        return None
    path = folder / "track.md"
    if not path.is_file():
        reader.error(path, 0, "missing track.md")
        return None
    loaded = reader.read_text(path)
    header = reader.read_header(path, loaded[0], TRACK_KEYS) if loaded else None
    modules = _read_modules(reader, folder, known, banks)
    if header is None or loaded is None:
        return None
    kind = reader.choice(path, header, "kind", TrackKind)
    level = reader.choice(path, header, "level", Level)
    audience = reader.choice(path, header, "audience", Audience)
    area = header.values.get("area", "").strip().upper() or None
    if kind is TrackKind.workshop and area is None:
        reader.error(path, 1, "a workshop (protocol deep dive) needs 'Area:' with an area code")
    if not header.values.get("summary"):
        reader.error(path, 1, "missing 'Summary:' (shown in the catalogue)")
    if not modules:
        reader.error(path, 1, "the track has no modules (NN-name/ folders with a module.md)")
    if None in (kind, level, audience):
        return None
    return TrackSpec(
        folder.name,
        reader.rel(path),
        header.values["title"],
        kind,
        level,
        audience,
        area,
        header.values.get("summary", ""),
        header.body,
        loaded[1],
        modules,
    )


def _unique_children(
    reader: _Reader, folder: Path, parent_slug: str, want_dirs: bool
) -> Iterable[tuple[int, str, Path]]:
    """``(number, full slug, path)`` of each numbered child, reporting a slug used twice."""
    seen: dict[str, Path] = {}
    for number, slug, path in _numbered_children(reader, folder, want_dirs):
        full_slug = f"{parent_slug}/{slug}"
        where = path / "module.md" if want_dirs else path
        if full_slug in seen:
            kind = "module" if want_dirs else "item"
            reader.error(
                where, 1, f"{kind} slug '{full_slug}' is also used by {reader.rel(seen[full_slug])}"
            )
            continue
        seen[full_slug] = path
        yield number, full_slug, path


def _read_modules(reader: _Reader, track: Path, known: set[str], banks: Banks) -> list[ModuleSpec]:
    modules = (
        _read_module(reader, folder, slug, number, known, banks)
        for number, slug, folder in _unique_children(reader, track, track.name, want_dirs=True)
    )
    return [module for module in modules if module is not None]


def _read_module(
    reader: _Reader, folder: Path, slug: str, position: int, known: set[str], banks: Banks
) -> ModuleSpec | None:
    path = folder / "module.md"
    if not path.is_file():
        reader.error(path, 0, "missing module.md")
        return None
    loaded = reader.read_text(path)
    header = reader.read_header(path, loaded[0], MODULE_KEYS) if loaded else None
    if header is None or loaded is None:
        return None
    competencies = reader.competencies(path, header, known, [])
    track_slug = slug.split("/")[0]
    requires = [
        r if "/" in r else f"{track_slug}/{r}"
        for r in _split_list(header.values.get("requires", ""))
    ]
    module = ModuleSpec(
        slug,
        reader.rel(path),
        header.values["title"],
        position,
        reader.minutes(path, header),
        competencies,
        requires,
        header.lines.get("requires", 1),
        header.body,
        loaded[1],
    )
    module.items = _read_items(reader, folder, slug, competencies, known, banks)
    if not module.items:
        reader.error(path, 1, "the module has no items (NN-name.md files)")
    return module


def _read_items(
    reader: _Reader,
    folder: Path,
    module_slug: str,
    module_competencies: list[str],
    known: set[str],
    banks: Banks,
) -> list[ItemSpec]:
    items = (
        _read_item(reader, path, slug, number, module_competencies, known, banks)
        for number, slug, path in _unique_children(reader, folder, module_slug, want_dirs=False)
    )
    return [item for item in items if item is not None]


def _read_item(
    reader: _Reader,
    path: Path,
    slug: str,
    position: int,
    module_competencies: list[str],
    known: set[str],
    banks: Banks,
) -> ItemSpec | None:
    loaded = reader.read_text(path)
    allowed = ITEM_KEYS | QUIZ_KEYS | EXERCISE_KEYS
    header = reader.read_header(path, loaded[0], allowed) if loaded else None
    if header is None or loaded is None:
        return None
    kind = reader.choice(path, header, "kind", ItemKind)
    _refuse_keys_of_other_kinds(reader, path, header, kind)
    settings: dict[str, Any] = {}
    exercise = None
    if kind is ItemKind.quiz:
        settings = _quiz_settings(reader, path, header, banks)
    elif kind is ItemKind.exercise:
        exercise, settings = _exercise(reader, path, header)
    competencies = reader.competencies(path, header, known, module_competencies)
    if kind is None:
        return None
    return ItemSpec(
        slug,
        reader.rel(path),
        header.values["title"],
        kind,
        position,
        reader.minutes(path, header),
        competencies,
        header.body,
        settings,
        loaded[1],
        exercise,
    )


def _refuse_keys_of_other_kinds(
    reader: _Reader, path: Path, header: Header, kind: ItemKind | None
) -> None:
    own = {ItemKind.quiz: QUIZ_KEYS, ItemKind.exercise: EXERCISE_KEYS}.get(kind, set())
    for keys, label in ((QUIZ_KEYS, "quiz"), (EXERCISE_KEYS, "exercise")):
        for key in sorted((keys - own) & header.values.keys()):
            reader.error(path, header.lines[key], f"'{key.title()}' applies to {label} items only")


def _exercise(
    reader: _Reader, path: Path, header: Header
) -> tuple[ExerciseSpec | None, dict[str, Any]]:
    raw = header.values.get("peer-reviews", "0").strip()
    if not raw.isdigit() or int(raw) > 5:
        reader.error(
            path,
            header.lines.get("peer-reviews", 1),
            f"Peer-Reviews must be a whole number from 0 to 5, not '{raw}'",
        )
        raw = "0"
    spec, errors = parse_exercise(header.body, header.body_line)
    for line, message in errors:
        reader.error(path, line, message)
    return (None if errors else spec), {"peer_reviews": int(raw)}


def _quiz_settings(reader: _Reader, path: Path, header: Header, banks: Banks) -> dict[str, Any]:
    values, lines = header.values, header.lines
    bank = values.get("bank", "").strip()
    if not bank:
        reader.error(path, 1, "a quiz item needs 'Bank:' naming a file in quizzes/ (without .gift)")
    elif bank not in banks:
        reader.error(path, lines["bank"], f"no quiz bank quizzes/{bank}.gift")
    test = values.get("test", "post-test").strip().lower()
    if test not in QUIZ_TESTS:
        reader.error(path, lines.get("test", 1), f"Test must be one of {' | '.join(QUIZ_TESTS)}")
    category = values.get("category", "").strip() or None
    if category and bank in banks:
        _check_category(reader, path, lines["category"], bank, category, banks[bank])
    settings: dict[str, Any] = {"bank": bank, "test": test, "category": category}
    for key, low, high in (
        ("questions", 1, 500),
        ("pass-mark", 0, 100),
        ("attempts", 1, 100),
        ("time-limit", 1, 600),
    ):
        raw = values.get(key, "").strip()
        if raw and (not raw.isdigit() or not low <= int(raw) <= high):
            reader.error(
                path,
                lines[key],
                f"{key.title()} must be a whole number from {low} to {high}, not '{raw}'",
            )
        settings[key.replace("-", "_")] = int(raw) if raw.isdigit() else None
    shuffle = values.get("shuffle", "yes").strip().lower()
    if shuffle not in {"yes", "no"}:
        reader.error(path, lines.get("shuffle", 1), "Shuffle must be yes or no")
    settings["shuffle"] = shuffle != "no"
    return settings


def _check_category(
    reader: _Reader, path: Path, line: int, bank: str, category: str, known: frozenset[str]
) -> None:
    """A quiz's ``Category:`` must hold questions, or learners would find an empty quiz.

    The rule is the quiz engine's (``question_pool``): the category itself or one below it.
    """
    from ..quizzes.gift import in_category

    if any(in_category(c, category) for c in known):
        return
    listed = ", ".join(sorted(c for c in known if c)) or "none"
    reader.error(
        path,
        line,
        f"Category '{category}' holds no questions in quizzes/{bank}.gift "
        f"(its categories: {listed})",
    )


def _check_prerequisites(reader: _Reader, spec: ContentSpec) -> None:
    modules = {module.slug: module for module in spec.modules()}
    for module in modules.values():
        for required in module.requires:
            if required not in modules:
                reader.error(
                    module.path,
                    module.requires_line,
                    f"Requires names a module that does not exist: '{required}'",
                )
            elif required == module.slug:
                reader.error(module.path, module.requires_line, "a module cannot require itself")
    for cycle in _cycles(
        {slug: [r for r in m.requires if r in modules and r != slug] for slug, m in modules.items()}
    ):
        first = modules[cycle[0]]
        reader.error(
            first.path, first.requires_line, "prerequisite cycle: " + " → ".join([*cycle, cycle[0]])
        )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of the prerequisite graph once, starting from its smallest slug."""
    found: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                found.add(tuple(cycle[start:] + cycle[:start]))
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return [list(cycle) for cycle in sorted(found)]
