"""Markdown to safe HTML: Python-Markdown with Pygments, then an allow-list sanitiser.

Trainer-written text must never run script or load active content in a learner's browser, so
every rendered page goes through nh3 (Rust's ammonia) with a short allow-list. Rendering happens
when ``lms sync`` sees a changed source hash; pages serve the stored HTML.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from threading import local
from xml.etree.ElementTree import Element

import nh3
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from ..treaty.lexer import TreatyHtmlFormatter

#: Bump to re-render every stored page on the next sync (it is part of every source hash).
#: 2: an exercise's item page no longer carries its model answer.
#: 3: treaty text is coloured by the notation lint-draft reads (cartif_lms/treaty/notation.py).
#: 4: a table's empty header cell (the corner of ``| | A | B |``) is a data cell.
RENDERER_VERSION = "4"

EXTENSIONS = ["meta", "tables", "fenced_code", "codehilite", "toc", "admonition", "sane_lists"]
EXTENSION_CONFIGS: dict[str, dict[str, object]] = {
    # TreatyHtmlFormatter keeps treaty tokens on the readable classes treaty.css styles.
    "codehilite": {
        "css_class": "highlight",
        "guess_lang": False,
        "use_pygments": True,
        "pygments_formatter": TreatyHtmlFormatter,
    },
    "toc": {"permalink": False, "toc_depth": "2-3"},
    "tables": {"use_align_attribute": True},
}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_CLASSED = {"div", "span", "p", "code", "pre", "table"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    **{tag: {"id"} for tag in ("h1", "h2", "h3", "h4", "h5", "h6")},
    **{tag: {"class"} for tag in _CLASSED},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_markdown = local()


class _EmptyHeaderCells(Treeprocessor):
    """An empty ``<th>`` heads nothing, and a screen reader announces it as a blank header:
    the corner cell a Markdown table writes as ``| | A | B |`` becomes a ``<td>``."""

    def run(self, root: Element) -> None:
        for cell in root.iter("th"):
            if not (cell.text or "").strip() and len(cell) == 0:
                cell.tag = "td"


class _AccessibleTables(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_EmptyHeaderCells(md), "empty_header_cells", 0)


def _converter() -> Markdown:
    """One Markdown instance per thread, reset between documents (building one is slow)."""
    converter = getattr(_markdown, "converter", None)
    if converter is None:
        converter = Markdown(
            extensions=[*EXTENSIONS, _AccessibleTables()], extension_configs=EXTENSION_CONFIGS
        )
        _markdown.converter = converter
    return converter


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def source_hash(source: str) -> str:
    return hashlib.sha256(f"{RENDERER_VERSION}\0{source}".encode()).hexdigest()


def render_markdown(source: str) -> str:
    """Safe HTML for ``source``; the same source is rendered once per process."""
    return _render_cached(source_hash(source), source)


@lru_cache(maxsize=1024)
def _render_cached(_digest: str, source: str) -> str:
    converter = _converter()
    try:
        return sanitise(converter.convert(source))
    finally:
        converter.reset()
