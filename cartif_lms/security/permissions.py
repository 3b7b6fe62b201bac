"""What each role may do: the one permission layer every view goes through."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from ..auth.models import Role, User


class Permission(StrEnum):
    take_training = "take_training"
    author_content = "author_content"
    review_submissions = "review_submissions"
    view_own_country = "view_own_country"
    manage_own_designations = "manage_own_designations"
    manage_all_designations = "manage_all_designations"
    view_all_countries = "view_all_countries"
    plan_technical_assistance = "plan_technical_assistance"
    manage_users = "manage_users"
    sync_content = "sync_content"


_LEARNER = {Permission.take_training}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.learner: frozenset(_LEARNER),
    Role.trainer: frozenset(_LEARNER | {Permission.author_content, Permission.review_submissions}),
    Role.focal_point: frozenset(
        _LEARNER | {Permission.view_own_country, Permission.manage_own_designations}
    ),
    Role.analyst: frozenset({Permission.view_all_countries, Permission.plan_technical_assistance}),
    Role.admin: frozenset(set(Permission) - {Permission.plan_technical_assistance}),
}


def can(user: Any, permission: Permission) -> bool:
    """Whether ``user`` (possibly anonymous or inactive) holds ``permission``."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return permission in ROLE_PERMISSIONS[user.role]


F = TypeVar("F", bound=Callable[..., Any])


def permission_required(*permissions: Permission) -> Callable[[F], F]:
    """Let the view run for a signed-in user holding any of ``permissions``; else 401/403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from flask import current_app

                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not any(can(current_user, p) for p in permissions):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
