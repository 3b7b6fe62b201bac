"""Self-registration: anyone asks for a learner account, confirms their address, and their
country's focal point (or an administrator) approves or rejects the request.

- **Asking** (:func:`request_account`) answers the same whether the address has an account, an
  open request or neither, and is throttled like sign-ins (``lms_login_attempt``, outcome
  ``register``: 3 per address typed, ``LMS_LOGIN_MAX_FAILURES_PER_ADDRESS`` per client, within
  ``LMS_LOGIN_WINDOW_MINUTES``). What differs goes by mail to the address, which only its owner
  reads: a confirmation link, "your request waits", or "you have an account already".
- **Confirming**: the link is signed (itsdangerous, as password resets are), names the request
  and expires after ``LMS_ACCOUNT_REQUEST_HOURS``; it works once, because confirming is a
  conditional update from ``pending_confirmation``. Only then are the focal points told
  (the ``account_requested`` signal). Unconfirmed requests older than the link are purged
  whenever someone asks for an account.
- **Deciding** is a conditional update from ``pending``: of two focal points deciding at once,
  one wins and the other is told it was decided. Approving creates the learner account with a
  random password nobody knows and mails a single-use set-password link (the password-reset
  link of :mod:`.recovery`), so nobody signs in before approval and no password of an
  unvetted person is ever stored.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired
from sqlalchemy import Select, delete, select, text, update
from sqlalchemy.exc import IntegrityError

from .. import db
from ..audit import Action, record
from ..db import utcnow
from ..directory.models import Country
from ..mail.letters import Reader, Recipient, mail_to
from ..security.permissions import ACCOUNTS
from ..security.scoping import scope_for
from ..signals import account_requested
from .models import (
    OPEN_REQUEST_WHERE,
    AccountRequest,
    AccountRequestStatus,
    LoginAttempt,
    LoginOutcome,
    Role,
    User,
)
from .recovery import MAX_REQUESTS_PER_ACCOUNT, _serializer, reset_token
from .services import (
    AccountError,
    _locked,
    _record,
    create_user,
    find_user_by_email,
    normalise_email,
)

SALT = "lms-account-request"
_DECIDED = _l("This request was decided already; nothing was changed.")


class RegistrationError(AccountError):
    """A request or decision that cannot be made; the message says why, for the person."""


class AlreadyDecided(RegistrationError):
    """Another focal point (or an administrator) decided on the request first."""


class ConfirmLinkError(RegistrationError):
    """A confirmation link that cannot be used; the message says why."""


@dataclass(frozen=True)
class Applicant:
    """What the request form asks."""

    email: str
    name: str
    country_code: str
    organisation: str = ""
    position: str = ""


# --- asking --------------------------------------------------------------------------------


def request_account(applicant: Applicant, address: str, now: datetime | None = None) -> bool:
    """Record the request and mail the address what it needs; False when throttled.

    The outcome does not depend on whether the address has an account or a request already.
    """
    now = now or utcnow()
    country = carec_country(applicant.country_code)
    email = normalise_email(applicant.email)
    if _throttled(email, address, now):
        return False
    _record(email, address, LoginOutcome.register, now)
    purge_unconfirmed(now)
    account = find_user_by_email(email)
    if account is not None:
        _mail(account, _l("Your CARTIF LMS account"), "account_exists.txt")
        return True
    request = _open_request(applicant, email, country, now)
    if request.status is AccountRequestStatus.pending_confirmation:
        _mail_confirmation(request)
    else:
        _mail(Reader(email), _l("Your request waits"), "account_request_waiting.txt", asked=request)
    return True


def carec_country(code: str) -> Country:
    """The CAREC country ``code`` names; RegistrationError for any other code."""
    country = db.session.scalar(select(Country).where(Country.code == code.strip().upper()))
    if country is None:
        raise RegistrationError(_l("Choose one of the eleven CAREC countries."))
    return country


def carec_countries() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.name)))


def _throttled(email: str, address: str, now: datetime) -> bool:
    """The sign-in throttle's rule, counting requests for accounts."""
    config = current_app.config
    window = timedelta(minutes=config["LMS_LOGIN_WINDOW_MINUTES"])
    per_client = config["LMS_LOGIN_MAX_FAILURES_PER_ADDRESS"]
    asked = LoginOutcome.register
    return _locked(LoginAttempt.email == email, MAX_REQUESTS_PER_ACCOUNT, window, now, asked) or (
        _locked(LoginAttempt.address == address, per_client, window, now, asked)
    )


def _open_request(
    applicant: Applicant, email: str, country: Country, now: datetime
) -> AccountRequest:
    """The address's open request: a new one, or the one already there (a double submit,
    or asking again). The partial unique index decides between two requests at once."""
    inserted = db.session.execute(
        db.insert_for(AccountRequest)
        .values(
            email=email,
            name=applicant.name.strip(),
            country_id=country.id,
            organisation=applicant.organisation.strip(),
            position=applicant.position.strip(),
            status=AccountRequestStatus.pending_confirmation,
            created_at=now,
            reason="",
        )
        .on_conflict_do_nothing(index_elements=["email"], index_where=text(OPEN_REQUEST_WHERE))
        .returning(AccountRequest.id)
    ).first()
    if inserted is None:  # asked again: a fresh link, and the request lives as long as it
        db.session.execute(
            update(AccountRequest)
            .where(AccountRequest.email == email, text(OPEN_REQUEST_WHERE))
            .where(AccountRequest.status == AccountRequestStatus.pending_confirmation)
            .values(created_at=now)
            .execution_options(synchronize_session=False)
        )
    return db.session.scalars(
        select(AccountRequest).where(AccountRequest.email == email, text(OPEN_REQUEST_WHERE))
    ).one()


def purge_unconfirmed(now: datetime | None = None) -> int:
    """Delete requests whose confirmation link has expired unopened; how many."""
    cutoff = (now or utcnow()) - _link_lifetime()
    return db.rows_changed(
        delete(AccountRequest)
        .where(AccountRequest.status == AccountRequestStatus.pending_confirmation)
        .where(AccountRequest.created_at < cutoff)
        .execution_options(synchronize_session=False)
    )


def _link_lifetime() -> timedelta:
    return timedelta(hours=current_app.config["LMS_ACCOUNT_REQUEST_HOURS"])


# --- confirming the address ------------------------------------------------------------------


def confirmation_token(request: AccountRequest, issued_at: datetime | None = None) -> str:
    """The signed token of ``request``'s confirmation link (``issued_at``: as if made then)."""
    return _serializer(SALT, issued_at).dumps(request.id)


def request_to_confirm(token: str) -> AccountRequest:
    """The unconfirmed request the link names, or ConfirmLinkError saying why not."""
    max_age = int(_link_lifetime().total_seconds())
    try:
        claimed = _serializer(SALT).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise ConfirmLinkError(_l("This link has expired. Ask for an account again.")) from error
    except BadSignature as error:
        raise ConfirmLinkError(_l("This link is not valid. Ask for an account again.")) from error
    in_range = type(claimed) is int and 0 < claimed < 2**31  # the database's integers
    request = db.session.get(AccountRequest, claimed) if in_range else None
    if request is None:
        raise ConfirmLinkError(_l("This link is not valid. Ask for an account again."))
    if request.status is not AccountRequestStatus.pending_confirmation:
        raise ConfirmLinkError(
            _l("This link was already used: your request waits for your focal point.")
        )
    return request


def confirm_request(token: str, now: datetime | None = None) -> AccountRequest:
    """Confirm the address (once: a second use is refused) and tell the focal points."""
    now = now or utcnow()
    request = request_to_confirm(token)
    confirmed = db.rows_changed(
        update(AccountRequest)
        .where(AccountRequest.id == request.id)
        .where(AccountRequest.status == AccountRequestStatus.pending_confirmation)
        .values(status=AccountRequestStatus.pending, confirmed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not confirmed:  # the same link opened twice at once
        raise ConfirmLinkError(
            _l("This link was already used: your request waits for your focal point.")
        )
    db.session.refresh(request)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    account_requested.send(
        app, country_id=request.country_id, request_id=request.id, name=request.name, at=now
    )
    return request


def _mail_confirmation(request: AccountRequest) -> None:
    url = url_for("lms.registration.confirm", token=confirmation_token(request), _external=True)
    hours = current_app.config["LMS_ACCOUNT_REQUEST_HOURS"]
    subject = _l("Confirm your request for a CARTIF LMS account")
    _mail(
        Reader(request.email), subject, "account_confirm.txt", asked=request, url=url, hours=hours
    )


# --- deciding ------------------------------------------------------------------------------


def pending_requests(viewer: User, country: Country | None = None) -> list[AccountRequest]:
    """Confirmed requests waiting for a decision, of the countries ``viewer`` decides for
    (``country``: that one only), oldest first."""
    stmt = select(AccountRequest).where(AccountRequest.status == AccountRequestStatus.pending)
    if country is not None:
        stmt = stmt.where(AccountRequest.country_id == country.id)
    stmt = _scoped(viewer, stmt).order_by(AccountRequest.confirmed_at, AccountRequest.id)
    return list(db.session.scalars(stmt))


def request_in_scope(viewer: User, request_id: int) -> AccountRequest | None:
    """The request, if ``viewer`` decides for its country (None: as if there were none)."""
    stmt = select(AccountRequest).where(AccountRequest.id == request_id)
    return db.session.scalar(_scoped(viewer, stmt))


def _scoped(viewer: User, stmt: Select[AccountRequest]) -> Select[AccountRequest]:
    scope = scope_for(viewer, ACCOUNTS)
    return scope.filter(stmt, user_id=AccountRequest.user_id, country_id=AccountRequest.country_id)


def approve_request(decider: User, request: AccountRequest, now: datetime | None = None) -> User:
    """Create the learner account and mail its set-password link. Refused, changing nothing,
    when the address has an account already or another decision came first."""
    if request.status is not AccountRequestStatus.pending:
        raise AlreadyDecided(_DECIDED)
    if find_user_by_email(request.email) is not None:
        raise RegistrationError(_taken(request.email))
    _decide(decider, request, AccountRequestStatus.approved, "", now or utcnow())
    try:
        person = create_user(
            request.email, request.name, Role.learner, _unknown_password(), request.country
        )
    except IntegrityError as error:  # an account made for the address meanwhile
        raise RegistrationError(_taken(request.email)) from error
    request.user_id = person.id
    record(
        Action.account_approved,
        actor=decider,
        subject_user_id=person.id,
        country_id=request.country_id,
        object_type="lms_account_request",
        object_id=request.id,
    )
    _mail_set_password(person, "account_approved.txt", _l("Your CARTIF LMS account is ready"))
    return person


def reject_request(
    decider: User, request: AccountRequest, reason: str, now: datetime | None = None
) -> None:
    """Reject with a reason, which the person is told by mail."""
    reason = reason.strip()
    if not reason:
        raise RegistrationError(_l("Say why, for the person who asked."))
    _decide(decider, request, AccountRequestStatus.rejected, reason, now or utcnow())
    record(
        Action.account_rejected,
        actor=decider,
        country_id=request.country_id,
        object_type="lms_account_request",
        object_id=request.id,
    )
    subject = _l("Your request for a CARTIF LMS account")
    _mail(Reader(request.email), subject, "account_rejected.txt", asked=request)


def _decide(
    decider: User, request: AccountRequest, status: AccountRequestStatus, reason: str, at: Any
) -> None:
    """The one decision a request gets: a conditional update, so of two at once one wins."""
    decided = db.rows_changed(
        update(AccountRequest)
        .where(AccountRequest.id == request.id)
        .where(AccountRequest.status == AccountRequestStatus.pending)
        .values(status=status, decided_by_id=decider.id, decided_at=at, reason=reason)
        .execution_options(synchronize_session=False)
    )
    if not decided:
        raise AlreadyDecided(_DECIDED)
    db.session.refresh(request)


def _taken(email: str) -> str:
    return str(
        _l(
            "An account with the address %(email)s exists already: nothing was created. "
            "Reject the request, saying so.",
            email=email,
        )
    )


# --- a focal point's own accounts ----------------------------------------------------------


def create_learner(creator: User, country: Country, name: str, email: str) -> User:
    """A learner account of ``country``, made by its focal point (or an administrator); the
    person chooses their password through the link mailed to them."""
    if not scope_for(creator, ACCOUNTS).may_see(country):
        raise RegistrationError(_l("You may only create accounts of your own country."))
    person = create_user(email, name, Role.learner, _unknown_password(), country)
    record(
        Action.account_created,
        actor=creator,
        subject_user_id=person.id,
        country_id=country.id,
        object_type="lms_user",
        object_id=person.id,
        details={"role": Role.learner.value},
    )
    _mail_set_password(person, "account_created.txt", _l("A CARTIF LMS account for you"))
    return person


def _unknown_password() -> str:
    """A password nobody knows: the account opens only through its set-password link."""
    return secrets.token_urlsafe(32)


def _mail_set_password(person: User, template: str, subject: Any) -> None:
    url = url_for("lms.password.reset", token=reset_token(person), _external=True)
    minutes = current_app.config["LMS_PASSWORD_RESET_MINUTES"]
    login = url_for("lms.auth.login", _external=True)
    _mail(person, subject, template, url=url, minutes=minutes, login=login)


def _mail(to: Recipient, subject: Any, template: str, **values: Any) -> None:
    """Mail in the recipient's language: an account's own, or English for an address that
    only asked (``Reader``), since nothing else is known of it yet."""
    mail_to(to, subject, template, **values)
