"""Read a content folder into plain specs, collecting every error as ``path:line: message``.

Pure: no database. :mod:`cartif_lms.content.sync` turns the specs into rows. The format is
documented in ``docs/content-format.md``. What is particular to a kind of item (a quiz's bank,
an exercise's sections) is read by that kind (:mod:`.kinds`); content other than the
curriculum (quiz banks, designation targets) by a sync step (:mod:`.steps`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE

from ..directory.models import CROSS_CUTTING
from .kinds import ItemKind, UnknownKind, all_kinds, kind_named
from .models import Audience, Level, TrackKind
from .steps import sync_steps
from .variants import (
    ITEM_VARIANT_KEYS,
    MODULE_VARIANT_KEYS,
    TRACK_VARIANT_KEYS,
    VARIANT_LOCALES,
    VariantSpec,
    split_variant_name,
    variant_name,
)

SLUG_PART = r"[a-z0-9]+(?:-[a-z0-9]+)*"
TRACK_DIR_RE = re.compile(rf"^{SLUG_PART}$")
NUMBERED_RE = re.compile(rf"^(?P<number>\d{{2,3}})-(?P<slug>{SLUG_PART})(?P<ext>\.md)?$")
COMPETENCY_CODE_RE = re.compile(r"^[A-Z]{2,4}\.[A-Z][A-Z0-9_]*$")

TRACK_KEYS = {"title", "kind", "level", "audience", "area", "summary", "orientation"}
MODULE_KEYS = {"title", "requires", "competencies", "minutes"}
#: The keys of every item; each kind adds its own (``ItemKind.header_keys``).
ITEM_KEYS = {"title", "kind", "minutes", "competencies"}


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


def _extra(spec: Any, name: str) -> Any:
    """``spec.<name>`` for what a kind or sync step read (``item.exercise``, ``spec.banks``)."""
    extras = spec.__dict__.get("extras", {})
    if name.startswith("__") or name not in extras:
        raise AttributeError(f"{type(spec).__name__} has no attribute {name!r}")
    return extras[name]


@dataclass
class ItemSpec:
    slug: str
    path: str
    title: str
    kind: ItemKind  #: the registered kind that read the file and syncs it
    position: int
    minutes: int | None
    competencies: list[str]
    body: str
    settings: dict[str, Any]
    source_hash: str
    #: What the kind parsed besides its settings (an exercise's sections), as ``spec.<name>``.
    extras: dict[str, Any] = field(default_factory=dict)
    #: Its translations by locale (``01-lesson.ru.md``), checked against it.
    variants: dict[str, VariantSpec] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        return _extra(self, name)


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
    variants: dict[str, VariantSpec] = field(default_factory=dict)  #: ``module.ru.md``


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
    variants: dict[str, VariantSpec] = field(default_factory=dict)  #: ``track.ru.md``
    #: The track a new learner is sent to first (``Orientation: yes``); at most one.
    orientation: bool = False
    orientation_line: int = 0


@dataclass
class ContentSpec:
    tracks: list[TrackSpec] = field(default_factory=list)
    competencies: list[CompetencySpec] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    #: What each sync step read, by its key, also as ``spec.<key>`` (``spec.banks``).
    extras: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        return _extra(self, name)

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


@dataclass(frozen=True)
class Framework:
    """``courses/competencies.toml`` as read, for the sync steps that keep tables in it."""

    path: Path
    text: str
    data: dict[str, Any]
    codes: frozenset[str]  #: the competencies it defines


class Reader:
    """Collects errors while reading one content folder: the error API of kinds and steps."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[ContentError] = []
        self.framework: Framework | None = None  #: None when competencies.toml is unusable
        self.extras: dict[str, Any] = {}

    def loaded(self, key: str) -> Any:
        """What the sync step ``key`` read (sync steps read before any item)."""
        return self.extras.get(key)

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

    def yes_or_no(self, path: Path, header: Header, key: str, default: bool) -> bool:
        """A ``yes``/``no`` header value (``default`` when absent); anything else is reported
        with its line, and reads as ``default``."""
        raw = header.values.get(key, "").strip().lower()
        if raw not in {"", "yes", "no"}:
            self.error(path, header.lines[key], f"{key.title()} must be 'yes' or 'no', not '{raw}'")
        return default if raw not in {"yes", "no"} else raw == "yes"

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
    """Read ``courses/`` under ``content_dir``, and through the sync steps what else it holds
    (``quizzes/``); never raises on bad content."""
    root = Path(content_dir)
    if not all_kinds():
        raise RuntimeError("no item kinds are registered: import cartif_lms.kinds first")
    reader = Reader(root)
    spec = ContentSpec(extras=reader.extras)
    courses = root / "courses"
    if not courses.is_dir():
        reader.error(courses, 0, "no courses/ folder here")
        spec.errors = reader.errors
        return spec
    spec.competencies = _read_competencies(reader, courses / "competencies.toml")
    known = {c.code for c in spec.competencies}
    for step in sync_steps():
        reader.extras[step.key] = step.read(reader)
    # What a sync step reads in courses/ (the glossary) is no track.
    owned = {name for step in sync_steps() for name in step.courses_entries}
    for track_dir in sorted(p for p in courses.iterdir() if not p.name.startswith(".")):
        if track_dir.name in owned:
            continue
        if track_dir.is_dir():
            track = _read_track(reader, track_dir, known)
            if track is not None:
                spec.tracks.append(track)
        elif track_dir.name != "competencies.toml":
            reader.error(
                track_dir, 1, "unexpected file: courses/ holds track folders and competencies.toml"
            )
    for step in sync_steps():
        step.review(reader.extras[step.key], reader, spec)
    _check_one_orientation(reader, spec)
    _check_prerequisites(reader, spec)
    spec.errors = sorted(reader.errors)
    return spec


def _read_competencies(reader: Reader, path: Path) -> list[CompetencySpec]:
    if not path.is_file():
        reader.error(path, 0, "missing the competency framework competencies.toml")
        return []
    loaded = reader.read_text(path)
    if loaded is None:
        return []
    text, _digest = loaded
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        reader.error(path, int(match.group(1)) if match else 1, f"not valid TOML: {exc}")
        return []
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
    reader.framework = Framework(path, text, data, frozenset(seen))
    return specs


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _numbered_children(
    reader: Reader, folder: Path, want_dirs: bool
) -> list[tuple[int, str, Path]]:
    """The ``NN-slug`` children of ``folder`` in order, reporting badly named ones."""
    children = []
    _check_variant_files(reader, folder)
    for child in sorted(folder.iterdir()):
        if child.name.startswith(".") or child.name in {"track.md", "module.md"}:
            continue
        if child.is_file() and split_variant_name(child.name) is not None:
            continue  # read with its original
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


def _read_track(reader: Reader, folder: Path, known: set[str]) -> TrackSpec | None:
    if not TRACK_DIR_RE.match(folder.name):
        reader.error(folder, 1, f"track folder '{folder.name}' must be lower-case with hyphens")
        return None
    path = folder / "track.md"
    if not path.is_file():
        reader.error(path, 0, "missing track.md")
        return None
    loaded = reader.read_text(path)
    header = reader.read_header(path, loaded[0], TRACK_KEYS) if loaded else None
    modules = _read_modules(reader, folder, known)
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
    orientation = reader.yes_or_no(path, header, "orientation", default=False)
    if None in (kind, level, audience):
        return None
    variants = {
        locale: VariantSpec(
            locale,
            reader.rel(where),
            found.values["title"],
            found.body,
            digest,
            summary=found.values.get("summary", "") or header.values.get("summary", ""),
        )
        for locale, where, found, digest in _read_variants(
            reader, path, TRACK_KEYS, TRACK_VARIANT_KEYS
        )
    }
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
        variants,
        orientation=orientation,
        orientation_line=header.lines.get("orientation", 1),
    )


def _check_one_orientation(reader: Reader, spec: ContentSpec) -> None:
    """At most one track is where every new learner starts."""
    oriented = [t for t in spec.tracks if t.orientation]
    for track in oriented[1:]:
        reader.error(
            track.path,
            track.orientation_line,
            f"only one track can be the orientation track; '{oriented[0].slug}' is already",
        )


def _unique_children(
    reader: Reader, folder: Path, parent_slug: str, want_dirs: bool
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


def _read_modules(reader: Reader, track: Path, known: set[str]) -> list[ModuleSpec]:
    modules = (
        _read_module(reader, folder, slug, number, known)
        for number, slug, folder in _unique_children(reader, track, track.name, want_dirs=True)
    )
    return [module for module in modules if module is not None]


def _read_module(
    reader: Reader, folder: Path, slug: str, position: int, known: set[str]
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
    module.items = _read_items(reader, folder, slug, competencies, known)
    module.variants = {
        locale: VariantSpec(locale, reader.rel(where), found.values["title"], found.body, digest)
        for locale, where, found, digest in _read_variants(
            reader, path, MODULE_KEYS, MODULE_VARIANT_KEYS
        )
    }
    if not module.items:
        reader.error(path, 1, "the module has no items (NN-name.md files)")
    return module


def _read_items(
    reader: Reader,
    folder: Path,
    module_slug: str,
    module_competencies: list[str],
    known: set[str],
) -> list[ItemSpec]:
    items = (
        _read_item(reader, path, slug, number, module_competencies, known)
        for number, slug, path in _unique_children(reader, folder, module_slug, want_dirs=False)
    )
    return [item for item in items if item is not None]


def _read_item(
    reader: Reader,
    path: Path,
    slug: str,
    position: int,
    module_competencies: list[str],
    known: set[str],
) -> ItemSpec | None:
    loaded = reader.read_text(path)
    allowed = ITEM_KEYS.union(*(kind.header_keys for kind in all_kinds()))
    header = reader.read_header(path, loaded[0], allowed) if loaded else None
    if header is None or loaded is None:
        return None
    kind = _item_kind(reader, path, header)
    _refuse_keys_of_other_kinds(reader, path, header, kind)
    settings, extras = kind.read_settings(reader, path, header) if kind else ({}, {})
    competencies = reader.competencies(path, header, known, module_competencies)
    if kind is None:
        return None
    item = ItemSpec(
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
        dict(extras),
    )
    for locale, where, found, digest in _read_variants(reader, path, allowed, ITEM_VARIANT_KEYS):
        variant = VariantSpec(locale, reader.rel(where), found.values["title"], found.body, digest)
        if header.body.strip() and not found.body.strip():
            reader.error(where, found.body_line, f"the variant has no text: translate {path.name}")
            continue
        # The kind checks what only it knows of the structure (an exercise's sections).
        variant.extras = dict(kind.read_variant(reader, where, found, item))
        item.variants[locale] = variant
    return item


def _check_variant_files(reader: Reader, folder: Path) -> None:
    """Report the variant files of ``folder`` that no original is read with."""
    for child in sorted(folder.iterdir()):
        split = split_variant_name(child.name) if child.is_file() else None
        if split is None:
            continue
        original, locale = split
        if locale not in VARIANT_LOCALES:
            reader.error(
                child,
                1,
                f"'{locale}' is not a language of the LMS: a variant is written in one of "
                f"{', '.join(VARIANT_LOCALES)} (the original, {original}, is English)",
            )
        elif not (folder / original).is_file():
            reader.error(child, 1, f"a variant of {original}, which does not exist")


def _read_variants(
    reader: Reader, original: Path, allowed: set[str] | frozenset[str], own: frozenset[str]
) -> Iterable[tuple[str, Path, Header, str]]:
    """``(locale, path, header, digest)`` of each readable variant of ``original``.

    ``allowed`` are the original's keys (a typo is still an unknown key); of them a variant
    may give only ``own``: the rest is structure, and structure is the original's.
    """
    for locale in VARIANT_LOCALES:
        path = variant_name(original, locale)
        loaded = reader.read_text(path) if path.is_file() else None
        header = reader.read_header(path, loaded[0], set(allowed)) if loaded else None
        if header is None or loaded is None:
            continue
        structural = sorted(header.values.keys() - own)
        for key in structural:
            reader.error(
                path,
                header.lines[key],
                f"'{key.title()}' is the original's ({original.name}): a variant translates "
                f"only {', '.join(k.title() for k in sorted(own))} and the text",
            )
        if not structural:
            yield locale, path, header, loaded[1]


def _item_kind(reader: Reader, path: Path, header: Header) -> ItemKind | None:
    """The registered kind the ``Kind:`` line names (reported as ``choice`` reports)."""
    options = " | ".join(kind.name for kind in all_kinds())
    raw = header.values.get("kind", "").strip().lower()
    if not raw:
        reader.error(path, 1, f"missing 'Kind:' (one of {options})")
        return None
    try:
        return kind_named(raw)
    except UnknownKind:
        reader.error(path, header.lines["kind"], f"Kind must be one of {options}, not '{raw}'")
        return None


def _refuse_keys_of_other_kinds(
    reader: Reader, path: Path, header: Header, kind: ItemKind | None
) -> None:
    own = kind.header_keys if kind else frozenset()
    for other in all_kinds():
        for key in sorted((other.header_keys - own) & header.values.keys()):
            reader.error(
                path, header.lines[key], f"'{key.title()}' applies to {other.name} items only"
            )


def _check_prerequisites(reader: Reader, spec: ContentSpec) -> None:
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
