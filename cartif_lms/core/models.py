"""The first-run checklist's ticks: which steps a person has done (cartif_lms/core/checklist.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, utcnow


class ChecklistTick(Base):
    """A step of the first-run checklist that a person has done, once seen done.

    Kept, rather than checked again on every home page, so a finished checklist costs one
    query; and the only record of the steps done by opening a page ("look at the country
    page"), which leave no other trace.
    """

    __tablename__ = "lms_checklist_tick"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("lms_user.id", ondelete="CASCADE"), primary_key=True
    )
    #: The step's key in the checklist registry ("focal_point.country_page").
    step: Mapped[str] = mapped_column(String(64), primary_key=True)
    ticked_at: Mapped[datetime] = mapped_column(default=utcnow)
