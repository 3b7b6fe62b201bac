"""Helpers of the lint tests: the sample drafts in tests/data/drafts and made-up text."""

from __future__ import annotations

from pathlib import Path

from cartif_lms.drafting.lint import Position, decode_draft

DRAFTS = Path(__file__).resolve().parents[2] / "data" / "drafts"
P = Position


def draft(name: str) -> str:
    return decode_draft((DRAFTS / name).read_bytes())


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)
