"""The navigation bar: each entry says which permission shows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..auth.models import Role
from ..db import lms_state
from ..security.permissions import Permission, can


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: Any  # a lazy string, translated when rendered
    permissions: tuple[Permission, ...] = ()  #: any of these shows it; none: everyone signed in
    own_country: bool = False  #: the link needs the viewer's country code


NAVIGATION: list[NavEntry] = [
    NavEntry("lms.core.home", _l("Home")),
    NavEntry("lms.learning.catalogue", _l("Catalogue")),
    NavEntry("lms.capacity.mine", _l("My competencies"), (Permission.take_training,)),
    NavEntry("lms.drafting.peer_reviews", _l("Peer reviews"), (Permission.take_training,)),
    NavEntry("lms.quiz_trainer.grading_queue", _l("Grading"), (Permission.review_submissions,)),
    NavEntry("lms.drafting_trainer.queue", _l("Draft reviews"), (Permission.review_submissions,)),
    NavEntry("lms.quiz_trainer.bank_list", _l("Quiz banks"), (Permission.author_content,)),
    NavEntry("lms.quiz_trainer.quiz_list", _l("Quiz results"), (Permission.author_content,)),
    NavEntry(
        "lms.quiz_trainer.learning_gain",
        _l("Learning gain"),
        (Permission.review_submissions, Permission.view_all_countries, Permission.view_own_country),
    ),
    NavEntry(
        "lms.directory.designations",
        _l("Designations"),
        (Permission.manage_own_designations,),
        own_country=True,
    ),
    NavEntry("lms.capacity.dashboard", _l("Regional dashboard"), (Permission.view_all_countries,)),
    NavEntry(
        "lms.capacity.country", _l("My country"), (Permission.view_own_country,), own_country=True
    ),
    NavEntry("lms.capacity.ta_needs", _l("TA needs"), (Permission.plan_technical_assistance,)),
    NavEntry("lms.capacity.assess", _l("Assess"), (Permission.review_submissions,)),
    NavEntry("lms.directory.countries", _l("Countries"), (Permission.view_all_countries,)),
    NavEntry("lms.admin.users", _l("Users"), (Permission.manage_users,)),
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
    links = []
    for entry in NAVIGATION:
        if entry.permissions and not any(can(user, p) for p in entry.permissions):
            continue
        if entry.own_country and (code is None or user.role is Role.admin):
            continue
        args = {"code": code} if entry.own_country else {}
        links.append(NavLink(entry.endpoint, url_for(entry.endpoint, **args), str(entry.label)))
    return links
