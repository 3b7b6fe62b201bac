"""Country scoping: the one rule for which countries' records a viewer may see.

:func:`scope_for` derives a :class:`CountryScope` from the permission table, for one
:class:`~cartif_lms.security.permissions.Reach` (people by default; capacity; designations).
The scope answers the three questions every view and service asks:

- may this person see this country? :meth:`CountryScope.may_see`;
- how is a query limited to what they may see? :meth:`CountryScope.filter` (one's own
  records are always in scope);
- what does an out-of-scope request get? :meth:`CountryScope.refuse`: 404 on a page, so a page
  does not reveal what exists, and 403 on the JSON API, which says why.

A view about a country declares its reach with :func:`country_view`, which resolves the
country the request names through the viewer's scope before the view runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps
from typing import Any, NoReturn, TypeVar

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, false, select

from .. import db
from ..auth.models import User
from ..directory.models import Country
from .csrf import on_api
from .permissions import (
    ACCESS_ATTRIBUTE,
    PEOPLE,
    Access,
    Permission,
    Reach,
    can,
    declare,
    permission_required,
)

S = TypeVar("S", bound=Select[Any])


@dataclass(frozen=True)
class CountryScope:
    """The countries one viewer may see records of, for one reach."""

    #: Whose own records are in scope whatever the country; None: nobody's (inactive viewer).
    viewer_id: int | None
    every_country: bool = False
    #: The one country in scope when not every country (a focal point's own).
    country_id: int | None = None

    def may_see(self, country: Country) -> bool:
        """Whether records of ``country`` (its page, its people) are in scope."""
        return self.every_country or (self.country_id is not None and country.id == self.country_id)

    def condition(self, user_id: Any, country_id: Any) -> ColumnElement[bool] | None:
        """The WHERE clause for rows whose person is ``user_id`` of ``country_id`` (None: all)."""
        if self.every_country:
            return None
        if self.country_id is not None:
            return country_id == self.country_id  # type: ignore[no-any-return]
        if self.viewer_id is not None:
            return user_id == self.viewer_id  # type: ignore[no-any-return]
        return false()

    def filter(self, stmt: S, user_id: Any = User.id, country_id: Any = User.country_id) -> S:
        """Limit ``stmt`` to rows about people in scope.

        ``user_id`` and ``country_id`` name the columns that say whose row it is; the defaults fit
        a query over :class:`User`. A query over another table joins ``User`` or passes its own.
        """
        where = self.condition(user_id, country_id)
        return stmt if where is None else stmt.where(where)

    def refuse(self) -> NoReturn:
        """Answer a request about a country outside the scope."""
        if on_api():  # a client needs to know why, and may know the countries anyway
            abort(403, description=_("You may only see your own country."))
        abort(404)  # the same answer as for a country that does not exist

    def country(self, code: str) -> Country:
        """The country ``code`` names, if in scope; 404 if there is none, :meth:`refuse` else."""
        found = db.session.scalar(select(Country).where(Country.code == code.upper()))
        if found is None:
            # The API says which code is unknown; a page answers exactly as refuse() does.
            abort(
                404,
                description=_("No CAREC country with code '%(code)s'.", code=code)
                if on_api()
                else None,
            )
        if not self.may_see(found):
            self.refuse()
        return found

    def country_or_all(self, code: str | None) -> Country | None:
        """The country a ``?country=`` names (see :meth:`country`), or None for all in scope."""
        return self.country(code) if code else None


#: The system itself (the command line): every country.
EVERY_COUNTRY = CountryScope(viewer_id=None, every_country=True)


def scope_for(viewer: User, reach: Reach = PEOPLE) -> CountryScope:
    """What ``viewer`` may see of ``reach``, from the permission table: every country, their own
    country, or (always, while active) their own records."""
    if can(viewer, reach.every):
        return CountryScope(viewer.id, every_country=True)
    if can(viewer, reach.own) and viewer.country_id is not None:
        return CountryScope(viewer.id, country_id=viewer.country_id)
    return CountryScope(viewer.id if viewer.is_active else None)


def country_view(reach: Reach, *permissions: Permission) -> Callable[[Callable[..., Any]], Any]:
    """A view about one country, or about all the viewer may see.

    For people holding any of ``permissions`` (by default, either of ``reach``'s; else 403).
    The view receives ``country``: the URL's ``<code>`` resolved through the viewer's scope for
    ``reach``, or, without one, the ``?country=`` the request names (None: all in scope). A
    country outside the scope is refused (:meth:`CountryScope.refuse`) before the view runs.
    """
    needed = permissions or reach.permissions

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def resolved(*args: Any, **kwargs: Any) -> Any:
            scope = scope_for(current_user, reach)
            if "code" in kwargs:
                kwargs["country"] = scope.country(kwargs.pop("code"))
            else:
                kwargs["country"] = scope.country_or_all(request.args.get("country"))
            return view(*args, **kwargs)

        guarded: Callable[..., Any] = permission_required(*needed)(resolved)
        access: Access = getattr(guarded, ACCESS_ATTRIBUTE)
        declare(guarded, replace(access, reach=reach))
        return guarded

    return decorator
