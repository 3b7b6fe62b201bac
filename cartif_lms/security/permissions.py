"""What each role may do: the one permission layer every view goes through.

A view declares what it needs once, with :func:`permission_required` (or
:func:`cartif_lms.security.scoping.country_view` for a view about a country); the declaration
is kept on the view, so the navigation bar and the access-matrix test read the same rule the
view enforces (:func:`declared_access`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import Role, User


class Permission(StrEnum):
    take_training = "take_training"
    author_content = "author_content"
    review_submissions = "review_submissions"
    #: People's records (progress, attempts, designations, gaps) in every country / one's own.
    view_all_people = "view_all_people"
    view_own_country_people = "view_own_country_people"
    #: A country's capacity picture (dashboard, country page, readiness, TA needs, the
    #: country-level API) for every country / one's own. Apart from people because trainers
    #: see every country's learners, to review them, but not the capacity pages.
    view_all_capacity = "view_all_capacity"
    view_own_country_capacity = "view_own_country_capacity"
    manage_all_designations = "manage_all_designations"
    manage_own_designations = "manage_own_designations"
    plan_technical_assistance = "plan_technical_assistance"
    manage_users = "manage_users"
    sync_content = "sync_content"
    #: Decide on account requests of one's own country and create its learners' accounts
    #: (cartif_lms/auth/registration.py); an administrator's manage_users reaches every country.
    manage_own_country_accounts = "manage_own_country_accounts"
    #: The audit trail: the entries of every country / of one's own country.
    view_all_audit = "view_all_audit"
    view_own_country_audit = "view_own_country_audit"
    #: Certificates (their PDFs) of every country's people / of one's own country; one's own
    #: certificates need no permission. Revoking one is for administrators.
    view_all_certificates = "view_all_certificates"
    view_own_country_certificates = "view_own_country_certificates"
    revoke_certificates = "revoke_certificates"
    #: Start negotiation simulations, seat people in delegations, chair, grade reflections.
    run_simulations = "run_simulations"


_LEARNER = {Permission.take_training}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.learner: frozenset(_LEARNER),
    Role.trainer: frozenset(
        _LEARNER
        | {
            Permission.author_content,
            Permission.review_submissions,
            Permission.view_all_people,
            Permission.run_simulations,
        }
    ),
    Role.focal_point: frozenset(
        _LEARNER
        | {
            Permission.view_own_country_people,
            Permission.view_own_country_capacity,
            Permission.manage_own_designations,
            Permission.manage_own_country_accounts,
            Permission.view_own_country_audit,
            Permission.view_own_country_certificates,
        }
    ),
    Role.analyst: frozenset(
        {
            Permission.view_all_people,
            Permission.view_all_capacity,
            Permission.plan_technical_assistance,
            Permission.view_all_certificates,
        }
    ),
    Role.admin: frozenset(set(Permission) - {Permission.plan_technical_assistance}),
}


@dataclass(frozen=True)
class Reach:
    """Which countries' records of one kind a person reaches: every country with ``every``,
    their own with ``own`` (see :func:`cartif_lms.security.scoping.scope_for`)."""

    name: str
    every: Permission
    own: Permission

    @property
    def permissions(self) -> tuple[Permission, Permission]:
        """Either one lets a person in; their scope then says which countries."""
        return (self.every, self.own)


PEOPLE = Reach("people", Permission.view_all_people, Permission.view_own_country_people)
CAPACITY = Reach("capacity", Permission.view_all_capacity, Permission.view_own_country_capacity)
DESIGNATIONS = Reach(
    "designations", Permission.manage_all_designations, Permission.manage_own_designations
)
ACCOUNTS = Reach("accounts", Permission.manage_users, Permission.manage_own_country_accounts)
AUDIT = Reach("audit", Permission.view_all_audit, Permission.view_own_country_audit)
CERTIFICATES = Reach(
    "certificates", Permission.view_all_certificates, Permission.view_own_country_certificates
)


def can(user: Any, permission: Permission) -> bool:
    """Whether ``user`` (possibly anonymous or inactive) holds ``permission``."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS[user.role]


@dataclass(frozen=True)
class Access:
    """What a view declares: who may use it, and how a country it names is resolved."""

    #: A signed-in person holding any of these may use the view (others get 403).
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    #: The country the request names (``<code>``, else ``?country=``) is resolved through the
    #: viewer's scope for this reach: outside it, 404 on a page and 403 on the API.
    reach: Reach | None = None


#: The attribute of a view (or a blueprint's before-request guard) holding its :class:`Access`.
ACCESS_ATTRIBUTE = "lms_access"


def declare(view: Callable[..., Any], access: Access) -> None:
    """Record ``access`` on ``view`` for :func:`declared_access`."""
    setattr(view, ACCESS_ATTRIBUTE, access)


def declared_access(app: Flask, endpoint: str) -> Access | None:
    """What the view at ``endpoint`` declares: its own rule, else its blueprint's guard (a
    ``before_request`` function wrapped in :func:`permission_required`); None if neither."""
    own: Access | None = getattr(app.view_functions.get(endpoint), ACCESS_ATTRIBUTE, None)
    if own is not None:
        return own
    blueprint = endpoint.rpartition(".")[0]
    while blueprint:  # "lms.admin", then "lms": a guard applies to nested blueprints too
        for guard in app.before_request_funcs.get(blueprint, []):
            found: Access | None = getattr(guard, ACCESS_ATTRIBUTE, None)
            if found is not None:
                return found
        blueprint = blueprint.rpartition(".")[0]
    return None


F = TypeVar("F", bound=Callable[..., Any])


def permission_required(*permissions: Permission) -> Callable[[F], F]:
    """Let the view run for a signed-in user holding any of ``permissions``; else 401/403."""
    if not permissions:
        raise ValueError("permission_required needs at least one permission")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not any(can(current_user, p) for p in permissions):
                abort(403, description=_("Your role may not do this."))
            return view(*args, **kwargs)

        declare(wrapped, Access(frozenset(permissions)))
        return wrapped  # type: ignore[return-value]

    return decorator
