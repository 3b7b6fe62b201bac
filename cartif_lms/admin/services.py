"""Listing accounts for administrators."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from .. import db
from ..auth.models import Role, User
from ..directory.models import Country
from ..security.scoping import scope_for

PAGE_SIZE = 50


def page_count(total: int) -> int:
    """Pages needed for ``total`` accounts (one, even when there are none)."""
    return max(1, -(-total // PAGE_SIZE))


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return page_count(self.total)


def list_users(viewer: User, role: Role | None, country_code: str | None, page: int) -> UserPage:
    stmt = select(User).outerjoin(Country, User.country_id == Country.id)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if country_code:
        stmt = stmt.where(Country.code == country_code.upper())
    stmt = scope_for(viewer).filter(stmt)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    # A page past the last (an old link, or ?page=10**30) shows the last page: an offset
    # beyond 64 bits would not even bind in SQLite.
    page = min(max(1, page), page_count(total))
    users = db.session.scalars(
        stmt.order_by(User.name, User.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    )
    return UserPage(list(users), total, page)
