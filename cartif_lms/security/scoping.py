"""Country scoping: the one rule for which people's records a viewer may see.

A learner sees only their own records, a focal point only their country's, trainers, analysts
and admins every country's. Every query that returns people, progress or gaps passes through
:func:`scope_people`; a page about one country resolves it with :func:`visible_country`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from sqlalchemy import ColumnElement, Select, false, select

from .. import db
from ..auth.models import Role, User
from ..directory.models import Country

S = TypeVar("S", bound=Select[Any])

_SEES_EVERY_COUNTRY = {Role.trainer, Role.analyst, Role.admin}


def people_filter(
    viewer: User, user_id: ColumnElement[Any] | Any, country_id: ColumnElement[Any] | Any
) -> ColumnElement[bool] | None:
    """The WHERE clause limiting rows to people ``viewer`` may see (None: no limit)."""
    if not viewer.is_active:
        return false()
    if viewer.role in _SEES_EVERY_COUNTRY:
        return None
    if viewer.role is Role.focal_point and viewer.country_id is not None:
        return country_id == viewer.country_id
    return user_id == viewer.id


def scope_people(
    stmt: S,
    viewer: User,
    user_id: ColumnElement[Any] | Any = User.id,
    country_id: ColumnElement[Any] | Any = User.country_id,
) -> S:
    """Limit ``stmt`` to rows about people ``viewer`` may see.

    ``user_id`` and ``country_id`` name the columns that say whose row it is; the defaults fit
    a query over :class:`User`. A query over another table joins ``User`` or passes its own.
    """
    condition = people_filter(viewer, user_id, country_id)
    return stmt if condition is None else stmt.where(condition)


def may_see_country(viewer: User, country: Country) -> bool:
    if not viewer.is_active:
        return False
    if viewer.role in _SEES_EVERY_COUNTRY:
        return True
    return viewer.role is Role.focal_point and viewer.country_id == country.id


def visible_country(viewer: User, code: str) -> Country:
    """The country ``code`` if ``viewer`` may see its people; 404 otherwise (no existence leak)."""
    country = db.session.scalar(select(Country).where(Country.code == code.upper()))
    if country is None or not may_see_country(viewer, country):
        abort(404)
    return country
