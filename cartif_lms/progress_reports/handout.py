"""A module's lessons as a handout for offline reading (PDF).

Lessons are stored as sanitised HTML whose treaty text carries the lexer's readable classes
(``treaty-shall``, ``treaty-bracketed`` …, see :mod:`cartif_lms.treaty.lexer`). xhtml2pdf's CSS
does not follow treaty.css's descendant selectors reliably, so each treaty span gets the
colours of the stylesheet written inline: the colours come from ``static/treaty.css`` itself
(its screen rules), so the handout and the lesson page never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from .. import db
from ..audit.models import Action, AuditEntry
from ..content.lesson import LESSON
from ..content.models import ContentState, Item, Module
from ..db import utcnow
from ..pdf import render_pdf
from ..resources import static_dir

#: What xhtml2pdf draws of treaty.css's declarations (it ignores thickness, offsets, radii).
PRINTABLE = ("color", "background-color", "font-weight", "font-style", "text-decoration")
_RULE = re.compile(r"([^{}]+)\{([^}]*)\}")
_TREATY_SPAN = re.compile(r'<span class="(treaty-[a-z0-9-]+)">')


@dataclass(frozen=True)
class HandoutLesson:
    title: str
    anchor: str
    html: Markup


@dataclass(frozen=True)
class Handout:
    module: Module
    lessons: list[HandoutLesson]
    content_version: int
    content_date: datetime | None  #: when the curriculum was last synced (None: not recorded)
    generated_at: datetime


@cache
def treaty_styles() -> dict[str, str]:
    """Class -> inline style, from the screen rules of ``static/treaty.css``."""
    css = (static_dir() / "treaty.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S).split("@media print", 1)[0]
    styles: dict[str, str] = {}
    for selectors, body in _RULE.findall(css):
        names = re.findall(r"\.highlight \.(treaty-[a-z0-9-]+)", selectors)
        declarations = []
        for declaration in body.split(";"):
            prop, _, value = declaration.partition(":")
            prop, value = prop.strip(), value.strip()
            if prop in PRINTABLE and value:
                # "underline dashed" -> "underline": xhtml2pdf knows only the line itself.
                declarations.append(
                    f"{prop}: {value.split()[0] if prop == 'text-decoration' else value}"
                )
        for name in names:
            styles[name] = "; ".join(declarations)
    return styles


def inline_treaty_styles(html: str) -> str:
    """``html`` with every treaty span's colours written on it."""
    styles = treaty_styles()

    def styled(match: re.Match[str]) -> str:
        name = match.group(1)
        style = styles.get(name)
        return f'<span class="{name}" style="{style}">' if style else match.group(0)

    return _TREATY_SPAN.sub(styled, html)


def module_handout(module: Module) -> Handout:
    lessons = db.session.scalars(
        select(Item)
        .where(Item.module_id == module.id, Item.kind == LESSON.name, Item.retired_at.is_(None))
        .order_by(Item.position)
    )
    state = db.session.scalar(select(ContentState))
    synced = db.session.scalar(
        select(AuditEntry.at)
        .where(AuditEntry.action == Action.content_synced)
        .order_by(AuditEntry.at.desc())
        .limit(1)
    )
    return Handout(
        module=module,
        lessons=[
            HandoutLesson(
                item.title,
                f"lesson-{item.id}",
                # Stored lesson HTML was sanitised by content.rendering at sync time.
                Markup(inline_treaty_styles(item.body_html)),
            )
            for item in lessons
        ],
        content_version=state.version if state else 0,
        content_date=synced,
        generated_at=utcnow(),
    )


def handout_pdf(handout: Handout) -> bytes:
    return render_pdf(render_template("lms/progress_reports/handout_pdf.html", handout=handout))


def handout_filename(module: Module) -> str:
    return f"cartif-handout-{module.slug.replace('/', '-')}.pdf"
