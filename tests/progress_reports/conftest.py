"""Reading the PDFs back: their text (pypdf), their page count, and whether page 1 draws."""

from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.learning.services import mark_complete
from tests.capacity.conftest import world

__all__ = ["complete", "draws", "page_count", "pdf_text", "world"]


def pdf_text(pdf: bytes) -> str:
    """Every page's text, pages separated by form feeds."""
    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def draws(pdf: bytes) -> bool:
    """Page 1, rendered by poppler's pdftoppm, has more than a sprinkle of ink on it."""
    with tempfile.TemporaryDirectory() as folder:
        source, page = Path(folder, "doc.pdf"), Path(folder, "page")
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", source, page],
            capture_output=True,
            check=True,
        )
        with Image.open(page.with_suffix(".png")) as drawn:
            image = drawn.convert("L")
    histogram = image.histogram()  # pixels per grey level, 0 (black) to 255 (white)
    inked = sum(histogram[:200])
    return inked > 0.005 * image.width * image.height


def complete(user, *slugs: str) -> None:
    """``user`` completes these items now (commits)."""
    for slug in slugs:
        mark_complete(user, db.session.scalar(select(Item).where(Item.slug == slug)))
    db.session.commit()


@pytest.fixture
def today() -> date:
    return date.today()
