"""Tracks, modules and items, as loaded from the content files by ``lms sync``."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Enum, ForeignKey, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base
from ..directory.models import Competency, NegotiatingArea


class TrackKind(StrEnum):
    modular = "modular"  #: self-paced modules
    workshop = "workshop"  #: protocol deep dive
    drafting = "drafting"  #: drafting exercises


class Level(StrEnum):
    basic = "basic"
    intermediate = "intermediate"
    advanced = "advanced"


class Audience(StrEnum):
    generalist = "generalist"
    specialist = "specialist"


module_prerequisite = Table(
    "lms_module_prerequisite",
    Base.metadata,
    Column("module_id", ForeignKey("lms_module.id", ondelete="CASCADE"), primary_key=True),
    Column("required_id", ForeignKey("lms_module.id", ondelete="CASCADE"), primary_key=True),
)
module_competency = Table(
    "lms_module_competency",
    Base.metadata,
    Column("module_id", ForeignKey("lms_module.id", ondelete="CASCADE"), primary_key=True),
    Column("competency_id", ForeignKey("lms_competency.id"), primary_key=True, index=True),
)
item_competency = Table(
    "lms_item_competency",
    Base.metadata,
    Column("item_id", ForeignKey("lms_item.id", ondelete="CASCADE"), primary_key=True),
    Column("competency_id", ForeignKey("lms_competency.id"), primary_key=True, index=True),
)


class Track(Base):
    __tablename__ = "lms_track"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrackKind] = mapped_column(Enum(TrackKind, native_enum=False, length=16))
    level: Mapped[Level] = mapped_column(Enum(Level, native_enum=False, length=16))
    audience: Mapped[Audience] = mapped_column(Enum(Audience, native_enum=False, length=16))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("lms_negotiating_area.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    intro_html: Mapped[str] = mapped_column(Text, default="")
    #: Where every new learner starts (``Orientation: yes``): first in the catalogue and on
    #: the home page.
    orientation: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: SHA-256 of the track.md file: sync rewrites the row only when it changes.
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    #: Set when the files no longer hold the track: hidden from learners, history kept.
    retired_at: Mapped[datetime | None]

    area: Mapped[NegotiatingArea | None] = relationship()
    modules: Mapped[list[Module]] = relationship(back_populates="track", order_by="Module.position")


class Module(Base):
    __tablename__ = "lms_module"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("lms_track.id"), index=True)
    slug: Mapped[str] = mapped_column(String(240), unique=True)  #: "<track>/<module>"
    title: Mapped[str] = mapped_column(String(200))
    intro_html: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    retired_at: Mapped[datetime | None]

    track: Mapped[Track] = relationship(back_populates="modules")
    items: Mapped[list[Item]] = relationship(back_populates="module", order_by="Item.position")
    prerequisites: Mapped[list[Module]] = relationship(
        secondary=module_prerequisite,
        primaryjoin=lambda: Module.id == module_prerequisite.c.module_id,
        secondaryjoin=lambda: Module.id == module_prerequisite.c.required_id,
        order_by=lambda: Module.slug,
    )
    competencies: Mapped[list[Competency]] = relationship(
        secondary=module_competency, order_by=lambda: Competency.code
    )


class Item(Base):
    __tablename__ = "lms_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("lms_module.id"), index=True)
    slug: Mapped[str] = mapped_column(String(360), unique=True)  #: "<track>/<module>/<item>"
    title: Mapped[str] = mapped_column(String(200))
    #: The name of a registered item kind (``content/kinds.py``): "lesson", "quiz",
    #: "exercise" ... A plain string, so a new kind needs no migration.
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int | None]
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: Kind-specific settings from the header (a quiz's bank, pass mark, attempts ...).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source_hash: Mapped[str] = mapped_column(String(64), default="")
    retired_at: Mapped[datetime | None]

    module: Mapped[Module] = relationship(back_populates="items")
    competencies: Mapped[list[Competency]] = relationship(
        secondary=item_competency, order_by=lambda: Competency.code
    )

    @property
    def track(self) -> Track:
        return self.module.track


class ContentState(Base):
    """One row: a version every curriculum write bumps, so workers know to refresh caches."""

    __tablename__ = "lms_content_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class ContentVariant(Base):
    """A translation of one track, module, item or quiz bank from the content files
    (``01-lesson.ru.md`` beside ``01-lesson.md``): its texts only, never its structure.

    Progress, attempts and results point at the original's row, so they are shared by every
    language; a variant is rewritten by ``lms sync`` and deleted when its file goes.
    """

    __tablename__ = "lms_content_variant"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``VariantOf``: what ``object_id`` is the id of (a track, module, item or quiz bank).
    object_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int]
    locale: Mapped[str] = mapped_column(String(8))  #: "ru"
    title: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")  #: a track's, for the catalogue
    #: The translated page (rendered Markdown); for a quiz bank, its GIFT source.
    body: Mapped[str] = mapped_column(Text, default="")
    #: What the item's kind keeps translated (an exercise's rendered sections).
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source_hash: Mapped[str] = mapped_column(String(64), default="")


class GlossaryTerm(Base):
    """One term of the English–Russian glossary (``courses/glossary/terms.toml``), as
    ``lms sync`` loaded it; a term gone from the file is retired (hidden), not deleted."""

    __tablename__ = "lms_glossary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    en: Mapped[str] = mapped_column(String(200), unique=True)  #: matched on by sync
    ru: Mapped[str] = mapped_column(String(200))
    #: A negotiating area's code, "XC" (negotiation and drafting) or "CAREC".
    area: Mapped[str] = mapped_column(String(8), index=True)
    source: Mapped[str] = mapped_column(Text, default="")  #: the instrument it comes from
    position: Mapped[int] = mapped_column(default=0)  #: the file's order
    #: Both terms case-folded (ё read as е), so one LIKE finds either language in any case:
    #: SQLite's lower() folds ASCII only.
    search: Mapped[str] = mapped_column(Text, default="")
    retired_at: Mapped[datetime | None]
