"""Administrators' work on accounts: listing, creating, editing, (de)activating, resetting.

Every change is one conditional write or guarded by the unique e-mail, ends the sessions it
must (``cartif_lms.auth.sessions``), and is recorded in the audit trail in the same transaction
(ids and codes only, never a name or an e-mail address).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from .. import db
from ..audit import Action, record
from ..auth.models import Gender, Role, User
from ..auth.services import (
    AccountError,
    create_user,
    find_user_by_email,
    normalise_email,
    require_country,
    set_password,
)
from ..auth.sessions import end_sessions
from ..db import utcnow
from ..directory.models import Country
from ..directory.services import revoke_on_move
from ..pagination import Page, page_of
from ..security.scoping import scope_for


def list_users(viewer: User, role: Role | None, country_code: str | None, page: int) -> Page[User]:
    stmt = select(User).outerjoin(Country, User.country_id == Country.id)
    if role is not None:
        stmt = stmt.where(User.role == role)
    if country_code:
        stmt = stmt.where(Country.code == country_code.upper())
    return page_of(scope_for(viewer).filter(stmt).order_by(User.name, User.id), page)


class AccountFieldError(AccountError):
    """An account change refused because of one field's value (``field``), or of the whole
    form (``field`` None); the message is for the administrator."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


EMAIL_TAKEN = _l("An account with this email already exists.")


@contextmanager
def _email_kept_unique() -> Iterator[None]:
    """Run a write in a savepoint; the unique e-mail refusing it (another account took the
    address a moment ago) becomes the form's message instead of a server error."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError as error:
        raise AccountFieldError(str(EMAIL_TAKEN), "email") from error


def country_code(country_id: int | None) -> str | None:
    """The code of a country id, for audit details (codes, never names)."""
    return db.session.scalar(select(Country.code).where(Country.id == country_id))


@dataclass(frozen=True)
class NewAccount:
    email: str
    name: str
    role: Role
    password: str
    country: Country | None = None
    gender: Gender | None = None


def create_account(admin: User, new: NewAccount) -> User:
    """An administrator creates one account with a password they hand over privately."""
    if find_user_by_email(new.email) is not None:
        raise AccountFieldError(str(EMAIL_TAKEN), "email")
    with _email_kept_unique():
        user = create_user(new.email, new.name, new.role, new.password, new.country, new.gender)
    record_created(admin, user, via="admin_form")
    return user


def record_created(actor: User | None, user: User, via: str) -> None:
    """The audit entry of a new account (``via``: which way it was made)."""
    details = {"role": user.role.value, "country": country_code(user.country_id), "via": via}
    _record_about(Action.account_created, actor, user, details)


@dataclass(frozen=True)
class AccountChanges:
    """What the edit form holds: the four things an administrator may change."""

    name: str
    email: str
    role: Role
    country: Country | None


@dataclass(frozen=True)
class AccountValues:
    """The columns of ``lms_user`` an edit writes, as stored (name trimmed, e-mail lower-cased)."""

    name: str
    email: str
    role: Role
    country_id: int | None

    @classmethod
    def of(cls, person: User) -> AccountValues:
        return cls(person.name, person.email, person.role, person.country_id)

    @classmethod
    def wanted(cls, changes: AccountChanges) -> AccountValues:
        country_id = changes.country.id if changes.country else None
        return cls(changes.name.strip(), normalise_email(changes.email), changes.role, country_id)

    def differences(self, other: AccountValues) -> dict[str, Any]:
        """The columns whose value ``other`` changes, with ``other``'s values."""
        theirs = asdict(other)
        return {
            column: theirs[column]
            for column, mine in asdict(self).items()
            if mine != theirs[column]
        }


@dataclass(frozen=True)
class EditOutcome:
    changed: frozenset[str]  #: columns of AccountValues

    @property
    def signed_out(self) -> bool:
        """A new role or country ends the person's sessions (their permissions changed)."""
        return bool(self.changed & {"role", "country_id"})


def edit_account(
    admin: User, person: User, changes: AccountChanges, keep_session: int | None = None
) -> EditOutcome:
    """Change ``person``'s name, e-mail, role and country in one conditional UPDATE.

    The UPDATE only applies to the values read at the start of the request: when another
    administrator changed the account meanwhile, nothing is written and the form says so,
    so neither edit is lost unseen and the audit's before and after are what really changed.
    """
    _refuse_erased(person)
    require_country(changes.role, changes.country)
    before, after = AccountValues.of(person), AccountValues.wanted(changes)
    if person.id == admin.id and after.role is not before.role:
        # No administrator can demote the last administrator by accident: another must.
        raise AccountFieldError(str(_l("You cannot change your own role.")), "role")
    changed = before.differences(after)
    if not changed:
        return EditOutcome(frozenset())
    if "email" in changed and find_user_by_email(after.email) is not None:
        raise AccountFieldError(str(EMAIL_TAKEN), "email")
    unchanged_since_read = (getattr(User, k) == v for k, v in asdict(before).items())
    with _email_kept_unique():
        written = db.rows_changed(
            update(User)
            .where(User.id == person.id, *unchanged_since_read)
            .values(**changed)
            .execution_options(synchronize_session=False)
        )
    if written != 1:
        raise AccountFieldError(
            str(_l("Someone else changed this account a moment ago. Check it and save again."))
        )
    db.session.refresh(person)
    outcome = EditOutcome(frozenset(changed))
    if outcome.signed_out:
        end_sessions(person, keep=keep_session)
    _record_edit(admin, person, before, outcome)
    old_country = db.session.get(Country, before.country_id) if before.country_id else None
    if "country_id" in outcome.changed and old_country is not None:
        revoke_on_move(person, old_country, utcnow(), by=admin)
    return outcome


def _record_edit(admin: User, person: User, before: AccountValues, outcome: EditOutcome) -> None:
    """One entry per kind of change: the role and the country each with before and after
    codes; the name and e-mail by field name only (the trail holds nothing personal)."""
    plain = sorted(outcome.changed & {"name", "email"})
    if plain:
        _record_about(Action.account_edited, admin, person, {"fields": plain})
    if "role" in outcome.changed:
        roles = {"before": before.role.value, "after": person.role.value}
        _record_about(Action.role_changed, admin, person, roles)
    if "country_id" in outcome.changed:
        countries = {
            "before": country_code(before.country_id),
            "after": country_code(person.country_id),
        }
        _record_about(Action.country_changed, admin, person, countries)


def _record_about(
    action: Action, admin: User | None, person: User, details: Mapping[str, Any] | None = None
) -> None:
    """An audit entry about one account, filed under its (new) country."""
    record(
        action,
        actor=admin,
        subject_user_id=person.id,
        country_id=person.country_id,
        object_type="lms_user",
        object_id=person.id,
        details=dict(details or {}),
    )


def set_account_active(admin: User, person: User, active: bool) -> bool:
    """Activate or deactivate ``person``; deactivating ends their sessions. A conditional
    UPDATE decides, so a double click changes (and is audited) once; False: nothing changed."""
    _refuse_erased(person)
    if person.id == admin.id and not active:
        raise AccountFieldError(str(_l("You cannot deactivate your own account.")))
    written = db.rows_changed(
        update(User)
        .where(User.id == person.id, User.active.is_(not active))
        .values(active=active)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(person)
    if not written:
        return False
    if not active:
        end_sessions(person)
    action = Action.account_reactivated if active else Action.account_deactivated
    _record_about(action, admin, person)
    return True


def reset_account_password(
    admin: User, person: User, password: str, keep_session: int | None = None
) -> None:
    """Give ``person`` a password to hand over; they must choose their own at next sign-in
    (``auth.recovery_views.require_password_change``), and all their sessions end."""
    _refuse_erased(person)
    set_password(person, password, keep_session, must_change=True)
    _record_about(Action.password_reset, admin, person, {"via": "admin"})


def _refuse_erased(person: User) -> None:
    """An erased person's row only keeps the country's counts: nobody brings it back to life
    by giving it a name, an address or a password (cartif_lms/privacy/)."""
    if person.erased_at is not None:
        raise AccountFieldError(str(_l("This person's data was erased: the account stays closed.")))
