"""The curriculum's English–Russian glossary (``courses/glossary/terms.toml``).

Read by sync and the glossary page, and by the consistency check that a Russian lesson uses
each term's Russian form wherever its English original uses the term. Run as a script
(``python -m cartif_lms.content.glossary [courses]``) it prints every inconsistency.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..directory.models import CROSS_CUTTING

GLOSSARY_FOLDER = "glossary"  #: in ``courses/``: not a track
GLOSSARY_FILE = Path(GLOSSARY_FOLDER) / "terms.toml"
_KEYS = {"en", "ru", "area", "source", "match_en", "match_ru", "avoid_ru"}
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
#: The areas a term may belong to besides the negotiating areas: the CAREC institutions.
EXTRA_AREAS = ("CAREC",)
#: The longest term or source the glossary table keeps.
MAX_TERM = 200
MAX_SOURCE = 1000


class GlossaryError(ValueError):
    """A glossary file that cannot be used: the message is ``path:line: message``."""


@dataclass(frozen=True)
class Term:
    en: str
    ru: str
    area: str
    source: str
    match_en: tuple[str, ...]
    match_ru: tuple[str, ...]
    avoid_ru: tuple[str, ...]
    line: int = field(default=0, compare=False)  #: of its ``[[term]]`` in the file

    def used_in_english(self, text: str) -> bool:
        return any(_english_pattern(p).search(text) for p in self.match_en)

    def used_in_russian(self, text: str) -> bool:
        return any(_stem_pattern(p).search(text) for p in self.match_ru)

    def avoided_forms_in(self, text: str) -> list[str]:
        return [form for form in self.avoid_ru if _stem_pattern(form).search(text)]


def _english_pattern(phrase: str) -> re.Pattern[str]:
    # Whole words from the start, any ending ("concession" finds "concessions").
    return re.compile(r"(?<![\w-])" + re.escape(phrase), re.IGNORECASE)


def _stem_pattern(stems: str) -> re.Pattern[str]:
    # Each stem starts a word or the part of a hyphenated word; the words follow each other.
    words = [r"(?<![^\W\d_])" + re.escape(stem) + r"[\w-]*" for stem in stems.split()]
    return re.compile(r"[\s\u00a0«»\"]+".join(words), re.IGNORECASE)


def _stems_of(term: str) -> str:
    return " ".join(w[:-2] if len(w) > 5 else w for w in _WORD.findall(term))


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


def parse_glossary(text: str) -> tuple[list[Term], list[Problem]]:
    """The terms of a glossary file's text, and every mistake with its line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+)", str(exc))
        return [], [Problem(int(match.group(1)) if match else 1, f"not valid TOML: {exc}")]
    entries = data.get("term", [])
    unknown_tables = sorted(set(data) - {"term"})
    problems = [
        Problem(_line_of(text, key), f"unknown table {key!r}: the glossary holds [[term]] entries")
        for key in unknown_tables
    ]
    if not isinstance(entries, list):
        return [], [*problems, Problem(_line_of(text, "term"), "'term' must be [[term]] entries")]
    lines = [n for n, row in enumerate(text.split("\n"), 1) if row.strip() == "[[term]]"]
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 1
        try:
            term = _term(line, entry)
        except GlossaryError as exc:
            problems.append(Problem(line, str(exc)))
            continue
        key = term.en.casefold()
        if key in seen:
            problems.append(Problem(line, f"term {term.en!r} is also on line {seen[key]}"))
            continue
        seen[key] = line
        terms.append(term)
    return terms, problems


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^\s*\[*{re.escape(key)}\b", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def read_glossary(courses: Path) -> list[Term]:
    """The glossary's terms, in file order; an empty list when the curriculum has none.
    Raises :class:`GlossaryError` (``path:line: message``, every mistake) on a bad file."""
    path = courses / GLOSSARY_FILE
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}:1: not valid UTF-8: {exc}") from exc
    terms, problems = parse_glossary(text.removeprefix("\ufeff"))
    if problems:
        raise GlossaryError("\n".join(f"{path}:{p.line}: {p.message}" for p in problems))
    return terms


def _term(line: int, entry: object) -> Term:
    if not isinstance(entry, dict):
        raise GlossaryError("a [[term]] must be a table")
    unknown = set(entry) - _KEYS
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise GlossaryError(f"unknown key {sorted(unknown)[0]!r} (known: {known})")
    en, ru = entry.get("en"), entry.get("ru")
    if not isinstance(en, str) or not en.strip() or not isinstance(ru, str) or not ru.strip():
        raise GlossaryError("'en' and 'ru' are required texts")
    if max(len(en), len(ru)) > MAX_TERM:
        raise GlossaryError(f"term {en[:40]!r}: 'en' and 'ru' are at most {MAX_TERM} characters")

    def strings(key: str, default: list[str]) -> tuple[str, ...]:
        value = entry.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise GlossaryError(f"term {en!r}: {key!r} must be a list of texts")
        return tuple(value)

    source = entry.get("source", "")
    area = entry.get("area", CROSS_CUTTING)
    if not isinstance(source, str) or not isinstance(area, str):
        raise GlossaryError(f"term {en!r}: 'source' and 'area' must be texts")
    if len(source) > MAX_SOURCE:
        raise GlossaryError(f"term {en!r}: 'source' is at most {MAX_SOURCE} characters")
    return Term(
        en=en.strip(),
        ru=ru.strip(),
        area=area.strip(),
        source=source.strip(),
        match_en=strings("match_en", [re.sub(r"\s*\(.*\)$", "", en)]),
        match_ru=strings("match_ru", [_stems_of(ru)]),
        avoid_ru=strings("avoid_ru", []),
        line=line,
    )


@dataclass(frozen=True)
class Inconsistency:
    variant: Path
    term: Term
    problem: str

    def __str__(self) -> str:
        return f"{self.variant}: {self.term.en!r} → {self.term.ru!r}: {self.problem}"


_TRANSLATED_HEADER = re.compile(r"^(Title|Summary):\s*", re.IGNORECASE)
_TREATY_BLOCK = re.compile(r"^```treaty[^\n]*\n.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def _body(path: Path, *, with_treaty_text: bool = True) -> str:
    """The text a reader sees: the translated header values (Title, Summary) and the page.

    Other header values (Kind, Competencies, Requires ...) are codes, not prose, and an
    exercise's treaty text stays the original's in every language, so neither can show
    whether a translation uses a term."""
    text = path.read_text(encoding="utf-8")
    header, _, page = text.partition("\n\n")
    shown = [
        _TRANSLATED_HEADER.sub("", line)
        for line in header.splitlines()
        if _TRANSLATED_HEADER.match(line)
    ]
    if not with_treaty_text:
        page = _TREATY_BLOCK.sub("", page)
    return "\n".join([*shown, page])


def check_russian_lessons(courses: Path, terms: list[Term] | None = None) -> list[Inconsistency]:
    """Every place a Russian variant leaves out a term its original uses, or avoids it."""
    terms = read_glossary(courses) if terms is None else terms
    found: list[Inconsistency] = []
    for variant in sorted(courses.rglob("*.ru.md")):
        original = variant.with_name(variant.name.removesuffix(".ru.md") + ".md")
        if not original.exists():
            continue
        # A term the original uses only inside a treaty clause need not recur in the
        # translated prose; avoided renderings are looked for everywhere, clauses included.
        english = _body(original, with_treaty_text=False)
        russian = _body(variant)
        for term in terms:
            if term.used_in_english(english) and not term.used_in_russian(russian):
                found.append(Inconsistency(variant, term, "the original uses it, this does not"))
            for form in term.avoided_forms_in(russian):
                found.append(Inconsistency(variant, term, f"uses {form!r} instead"))
    return found


def main(argv: list[str]) -> int:
    courses = Path(argv[1] if len(argv) > 1 else "courses")
    problems = check_russian_lessons(courses)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} inconsistencies")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
