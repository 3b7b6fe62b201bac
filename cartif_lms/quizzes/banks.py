"""Trainers' quiz banks in the browser: check pasted or uploaded GIFT, save it, export it."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..audit import trail
from ..audit.models import Action
from ..content.snapshot import bump_content_version
from ..db import utcnow
from .gift import ParseResult, parse
from .models import BankOrigin, QuizBank

BANK_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_BANK_BYTES = 1_000_000


class BankError(ValueError):
    """A bank that cannot be saved; the message says why."""


def decode_upload(data: bytes) -> str:
    """The text of an uploaded GIFT file, or BankError if it is not UTF-8 text or too large."""
    if len(data) > MAX_BANK_BYTES:
        raise BankError(_l("The file is larger than 1 MB."))
    if b"\x00" in data:  # valid UTF-8, but no text file holds one (and PostgreSQL refuses it)
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise BankError(_l("Line %(line)d: the file holds a NUL byte.", line=line))
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BankError(_l("Line %(line)d: the file is not UTF-8 text.", line=line)) from None


def check_bank(text: str, name: str = "bank.gift") -> ParseResult:
    return parse(text, name)


def list_banks() -> list[QuizBank]:
    return list(
        db.session.scalars(
            select(QuizBank).where(QuizBank.retired_at.is_(None)).order_by(QuizBank.slug)
        )
    )


def save_browser_bank(slug: str, text: str) -> QuizBank:
    """Save a new bank authored in the browser; nothing is saved if the GIFT has any error or
    the name is taken (by a file bank, a browser bank or a retired one: a save never replaces
    another bank's text)."""
    if not BANK_SLUG_RE.match(slug):
        raise BankError(_l("The bank name uses lower-case letters, digits and hyphens."))
    result = parse(text, f"{slug}.gift")
    if result.errors:
        raise BankError(_l("The bank has %(n)d error(s); nothing was saved.", n=len(result.errors)))
    # The unique slug decides between two trainers saving the same new name at once.
    bank_id = db.session.scalar(
        db.insert_for(QuizBank)
        .values(
            slug=slug,
            source=text,
            source_hash=hashlib.sha256(text.encode()).hexdigest(),
            question_count=len(result.questions),
            origin=BankOrigin.browser,
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["slug"])
        .returning(QuizBank.id)
    )
    if bank_id is None:
        raise BankError(_taken(slug))
    trail.record(
        Action.quiz_bank_saved,
        object_type="quiz_bank",
        object_id=bank_id,
        details={"slug": slug, "questions": len(result.questions)},
    )
    bump_content_version()
    bank = db.session.get(QuizBank, bank_id)
    assert bank is not None
    return bank


def _taken(slug: str) -> Any:
    """Why ``slug`` cannot be a new bank's name."""
    origin = db.session.scalar(select(QuizBank.origin).where(QuizBank.slug == slug))
    if origin is BankOrigin.files:
        return _l(
            "'%(slug)s' is a bank from the content files: edit quizzes/%(slug)s.gift.", slug=slug
        )
    return _l("A bank named '%(slug)s' already exists: choose another name.", slug=slug)
