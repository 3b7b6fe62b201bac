"""Countries, negotiating areas and negotiation designations."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import Date, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, utcnow

if TYPE_CHECKING:
    from ..auth.models import User


class WTOStatus(StrEnum):
    member = "member"
    acceding = "acceding"
    observer = "observer"


class Country(Base):
    __tablename__ = "lms_country"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)  #: ISO 3166 alpha-2
    iso3: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    wto_status: Mapped[WTOStatus] = mapped_column(Enum(WTOStatus, native_enum=False, length=16))
    #: Free text such as "member since 2016" or "working party since 1997".
    wto_note: Mapped[str] = mapped_column(String(200), default="")

    def __repr__(self) -> str:
        return f"<Country {self.code}>"


#: Stands for "no negotiating area" wherever an area code is expected: cross-cutting
#: competencies ("XC.DRAFTING", ``area = "XC"`` in competencies.toml), the roll-ups and
#: dashboards of cross-cutting tracks, the ``--area`` option and the API's ``area`` filter.
CROSS_CUTTING = "XC"


class NegotiatingArea(Base):
    __tablename__ = "lms_negotiating_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)  #: e.g. "TF", used in content
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<NegotiatingArea {self.code}>"


class DesignationKind(StrEnum):
    chief_negotiator = "chief_negotiator"
    lead_negotiator = "lead_negotiator"
    technical_expert = "technical_expert"
    observer = "observer"

    @property
    def needs_area(self) -> bool:
        """A chief negotiator covers the whole negotiation; the others work in one area."""
        return self is not DesignationKind.chief_negotiator


class Designation(Base):
    """An official nomination of a person to the negotiation, made by their focal point."""

    __tablename__ = "lms_designation"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DesignationKind] = mapped_column(
        Enum(DesignationKind, native_enum=False, length=24)
    )
    area_id: Mapped[int | None] = mapped_column(ForeignKey("lms_negotiating_area.id"), index=True)
    #: The country whose focal point made it: it counts only while its holder is of that
    #: country (``rollups.current_designation``), and a country's page starts from it.
    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"), index=True)
    nominated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    revoked_at: Mapped[datetime | None]
    #: Who revoked it (a focal point or an administrator); None if never, or erased since.
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id], back_populates="designations")
    area: Mapped[NegotiatingArea | None] = relationship()
    nominated_by: Mapped[User | None] = relationship(foreign_keys=[nominated_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    def is_current(self, on: date) -> bool:
        return self.revoked_at is None and self.valid_from <= on <= self.valid_until


class Competency(Base):
    """A capability inside a negotiating area, or cross-cutting (no area); levels 0-3."""

    __tablename__ = "lms_competency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)  #: e.g. "TF.TRANSIT"
    #: None for cross-cutting competencies (code prefix :data:`CROSS_CUTTING`).
    area_id: Mapped[int | None] = mapped_column(ForeignKey("lms_negotiating_area.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None]

    area: Mapped[NegotiatingArea | None] = relationship()
