"""What the glossary page shows: the synced terms, searched in either language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..directory.models import CROSS_CUTTING, NegotiatingArea
from .glossary_files import searchable
from .models import GlossaryTerm

#: A search longer than this is refused (no term is anywhere near as long).
MAX_QUERY = 100
#: The areas a term may have that are no negotiating area, by code.
OTHER_AREAS = {
    CROSS_CUTTING: _l("Negotiation and drafting"),
    "CAREC": _l("CAREC and its institutions"),
}


@dataclass(frozen=True)
class GlossarySearch:
    terms: list[GlossaryTerm]
    query: str
    area: str | None
    areas: dict[str, str]  #: code → name, of the areas the glossary's terms belong to
    error: str = ""  #: why the query was refused ("" when it was not)


def area_names() -> dict[str, str]:
    """Every area a term may have, by code: the negotiating areas, then XC and CAREC."""
    areas = db.session.execute(
        select(NegotiatingArea.code, NegotiatingArea.name)
        .where(NegotiatingArea.active.is_(True))
        .order_by(NegotiatingArea.position, NegotiatingArea.code)
    )
    names = {code: name for code, name in areas}
    return names | {code: str(label) for code, label in OTHER_AREAS.items()}


def search_glossary(query: str, area: str | None) -> GlossarySearch:
    """The current terms whose English or Russian contains ``query`` (any case, ё as е), in
    ``area`` if one is given, in the file's order."""
    query = " ".join(query.split())
    names = area_names()
    used = set(
        db.session.scalars(
            select(GlossaryTerm.area).where(GlossaryTerm.retired_at.is_(None)).distinct()
        )
    )
    areas = {code: name for code, name in names.items() if code in used}
    area = area.strip().upper() if area else None
    if area is not None and area not in areas:
        area = None  # an area with no terms (or none at all): show every area
    if len(query) > MAX_QUERY:
        message = _("Search for at most %(count)s characters.", count=MAX_QUERY)
        return GlossarySearch([], query[:MAX_QUERY], area, areas, message)
    stmt = select(GlossaryTerm).where(GlossaryTerm.retired_at.is_(None))
    if query:
        stmt = stmt.where(GlossaryTerm.search.contains(searchable(query), autoescape=True))
    if area is not None:
        stmt = stmt.where(GlossaryTerm.area == area)
    terms = list(db.session.scalars(stmt.order_by(GlossaryTerm.position, GlossaryTerm.id)))
    return GlossarySearch(terms, query, area, areas)
