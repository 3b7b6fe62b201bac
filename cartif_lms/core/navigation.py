"""The navigation bar: each link is shown to whoever the view it leads to lets in.

An entry names only its endpoint and label: who sees it is read from the permission the view
declares (:func:`cartif_lms.security.permissions.declared_access`), so a link can never lead
to a 403, nor a page lack its link, because the two drifted apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..db import lms_state
from ..security.permissions import can, declared_access
from ..security.scoping import scope_for


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: Any  # a lazy string, translated when rendered
    #: The link is to the viewer's own country's page (``<code>``): shown to those whose scope
    #: is that one country; who sees every country reaches each from the country lists.
    own_country: bool = False


NAVIGATION: list[NavEntry] = [
    NavEntry("lms.core.home", _l("Home")),
    NavEntry("lms.learning.catalogue", _l("Catalogue")),
    NavEntry("lms.workshops.index", _l("Workshops")),
    NavEntry("lms.simulations.index", _l("Simulations")),
    NavEntry("lms.capacity.mine", _l("My competencies")),
    NavEntry("lms.certificates.mine", _l("My certificates")),
    NavEntry("lms.drafting.peer_reviews", _l("Peer reviews")),
    NavEntry("lms.quiz_trainer.grading_queue", _l("Grading")),
    NavEntry("lms.drafting_trainer.queue", _l("Draft reviews")),
    NavEntry("lms.quiz_trainer.bank_list", _l("Quiz banks")),
    NavEntry("lms.quiz_trainer.quiz_list", _l("Quiz results")),
    NavEntry("lms.quiz_trainer.learning_gain", _l("Learning gain")),
    NavEntry("lms.directory.designations", _l("Designations"), own_country=True),
    NavEntry("lms.capacity.dashboard", _l("Regional dashboard")),
    NavEntry("lms.capacity.country", _l("My country"), own_country=True),
    NavEntry("lms.capacity.ta_needs", _l("TA needs")),
    NavEntry("lms.workshops.requests", _l("Workshop requests")),
    NavEntry("lms.progress_reports.index", _l("Reports")),
    NavEntry("lms.capacity.assess", _l("Assess")),
    NavEntry("lms.directory.countries", _l("Countries")),
    NavEntry("lms.admin.users", _l("Users")),
    NavEntry("lms.certificates.manage", _l("Certificates")),
    NavEntry("lms.audit.trail", _l("Audit trail")),
    NavEntry("lms.registration.requests", _l("Account requests")),
]


@dataclass(frozen=True)
class NavLink:
    endpoint: str
    url: str
    label: str


def navigation_for(user: Any) -> list[NavLink]:
    """The links ``user`` may follow, in order."""
    if not getattr(user, "is_authenticated", False):
        return []
    user = getattr(user, "_get_current_object", lambda: user)()
    code = user.country.code if user.country is not None else None
    # The links are the same for everyone of one role, country and locale, and rebuilding them
    # (a permission check, a translation and a url_for each) on every page cost more than the
    # rest of a lesson page's template. Kept per application: URLs depend on its mount point.
    cache = lms_state().navigation
    key = (user.role, user.active, code, str(get_locale()), request.script_root)
    links = cache.get(key)
    if links is None:
        links = cache[key] = _links(user, code)
    return links


def _links(user: Any, code: str | None) -> list[NavLink]:
    links: list[NavLink] = []
    for entry in NAVIGATION:
        if not _shown(entry, user):
            continue
        args: dict[str, Any] = {"code": code} if entry.own_country else {}
        links.append(NavLink(entry.endpoint, url_for(entry.endpoint, **args), str(entry.label)))
    return links


def _shown(entry: NavEntry, user: Any) -> bool:
    """Whether the view behind ``entry`` lets ``user`` in (a view without a declared
    permission is for everyone signed in)."""
    access = declared_access(current_app, entry.endpoint)
    if access is not None and not any(can(user, p) for p in access.permissions):
        return False
    if not entry.own_country:
        return True
    if access is None or access.reach is None:
        raise LookupError(f"{entry.endpoint} names no country scope for an own-country link")
    scope = scope_for(user, access.reach)
    return not scope.every_country and scope.country_id is not None
