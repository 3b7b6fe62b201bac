"""Who is signed in when the LMS is mounted in a host application that has its own Flask-Login.

One Flask application has one login manager. When the host already has one, the LMS installs
none (and when the host installs one after the LMS, the host's wins): the host's login decides
who is signed in, everywhere. The LMS then keeps an account of its own for that person, with a
role and a country, found through one hook, ``map_host_user(host_user) -> User | None``
(``LMS(app, map_host_user=...)``; by default :func:`account_by_email`).

On every LMS request, before anything else reads the person, :func:`use_host_account` puts the
mapped account where Flask-Login keeps this request's user, so every LMS view, decorator and
template that reads ``current_user`` sees the LMS account, and the host's pages (other
requests) keep seeing the host's own user. (The host's app-wide ``before_request`` functions
run before this and see the host's user; its app-wide ``after_request`` functions, during an
LMS request, see the LMS account.) The LMS's own sessions, sign-in and sign-out are
not used: its sign-in page sends people to the host's, its sign-out follows the host's, and
signing out on the host ends LMS access at the next request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import Flask, abort, current_app, g, request, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, LoginManager, current_user, login_url
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.security import generate_password_hash

from .. import db
from ..audit import Action, record
from ..config import ConfigError
from ..db import utcnow
from .models import Role, User
from .services import api_token_user, normalise_email

#: ``map_host_user(host_user) -> User | None``: the LMS account of the host's signed-in user,
#: found or created; None refuses them the LMS (403). It runs before the view, and whatever it
#: writes is committed at once.
HostUserMapper = Callable[[Any], User | None]

#: Endpoints that answer without a person: the health check answers for the database alone,
#: and a refused person still gets the stylesheet of the page that says so.
_WITHOUT_PERSON = {"lms.static", "lms.core.healthz"}


def host_identity(app: Flask | None = None) -> bool:
    """Whether ``app`` (default: the current one) signs people in with a host's login manager
    rather than the one the LMS installed."""
    app = app or current_app
    own = _state(app).login_manager
    return own is None or getattr(app, "login_manager", None) is not own


def install_login_manager(app: Flask, map_host_user: HostUserMapper | None) -> LoginManager | None:
    """The LMS's own login manager, installed unless the host has one already (then None)."""
    _check_default_role(app)
    state = _state(app)
    state.map_host_user = map_host_user or account_by_email
    if getattr(app, "login_manager", None) is not None:
        return None
    state.login_manager = LoginManager()
    state.login_manager.init_app(app)
    return state.login_manager


def _state(app: Flask) -> db.LMSState:
    state: db.LMSState = app.extensions[db.EXTENSION_KEY]
    return state


def _check_default_role(app: Flask) -> None:
    value = app.config["LMS_HOST_DEFAULT_ROLE"]
    if value not in Role.__members__:
        raise ConfigError(
            f"LMS_HOST_DEFAULT_ROLE must be one of {', '.join(Role.__members__)}, got {value!r}"
        )


def use_host_account() -> None:
    """In host mode, make this LMS request's ``current_user`` the LMS account of the host's
    signed-in user (or a visitor); 403 for a host user the hook refuses or whose LMS account
    is deactivated. A no-op standalone."""
    if not host_identity():
        return
    if request.endpoint in _WITHOUT_PERSON:
        g._login_user = AnonymousUserMixin()
        return
    host_user = current_user._get_current_object()  # the host's user loader answers here
    g._login_user = AnonymousUserMixin()  # until the account is known (error pages show this)
    person = api_token_user() or _mapped_account(host_user)
    if person is not None:
        g._login_user = person


def _mapped_account(host_user: Any) -> User | None:
    if not getattr(host_user, "is_authenticated", False):
        return None
    account: User | None = db.lms_state().map_host_user(host_user)
    db.session.commit()  # before the view: an account made here must outlive a failed view
    if account is None or not account.is_active:
        abort(403, description=_("Your account has no access to the training."))
    return account


def account_by_email(host_user: Any) -> User | None:
    """The default hook: the LMS account with the host user's ``email``, made on their first
    visit with the role ``LMS_HOST_DEFAULT_ROLE`` and no country (an admin sets it later). A
    host user without an e-mail address is refused."""
    email = getattr(host_user, "email", None)
    if not email:
        return None
    name = getattr(host_user, "name", None) or str(email).partition("@")[0]
    role = Role(current_app.config["LMS_HOST_DEFAULT_ROLE"])
    return find_or_create_account(str(email), str(name), role)


def find_or_create_account(email: str, name: str, role: Role) -> User:
    """The account with ``email``, created with ``role`` if there is none. Its password is
    random: people sign in on the host."""
    email = normalise_email(email)
    # With the country, which every page shows: one query a request, like the LMS's sessions.
    query = select(User).where(User.email == email).options(joinedload(User.country))
    found: User | None = db.session.scalar(query)
    return found if found is not None else insert_account(email, name, role)


def insert_account(email: str, name: str, role: Role) -> User:
    """Insert an account unless one with ``email`` exists; either way, that account. Race-safe:
    when two first requests insert at once, the unique e-mail lets one row in, the other waits
    for it and finds it."""
    inserted = db.session.scalar(
        db.insert_for(User)
        .values(
            email=email,
            name=name.strip()[:120],
            role=role,
            password_hash=generate_password_hash(secrets.token_urlsafe(32)),
            active=True,
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["email"])
        .returning(User.__table__.c.id)
    )
    account: User = db.session.scalars(select(User).where(User.email == email)).one()
    if inserted is not None:  # this request made it (None: the other one did)
        record(
            Action.account_created,
            actor=None,  # made by the LMS itself, on the person's first visit
            subject_user_id=account.id,
            object_type="lms_user",
            object_id=account.id,
            details={"role": role.value, "via": "host_sign_in"},
        )
    return account


def host_login_url(next_url: str) -> str | None:
    """The host's sign-in page, sending people back to ``next_url`` (None if it names none)."""
    manager = getattr(current_app, "login_manager", None)
    endpoint = current_app.config["LMS_HOST_LOGIN_ENDPOINT"] or getattr(manager, "login_view", None)
    return login_url(endpoint, next_url) if endpoint else None


def host_logout_url() -> str | None:
    """The host's sign-out page (``LMS_HOST_LOGOUT_ENDPOINT``), if one is configured."""
    endpoint = current_app.config["LMS_HOST_LOGOUT_ENDPOINT"]
    return url_for(endpoint) if endpoint else None
