"""People, their sign-in attempts and their API tokens."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, Index, String, Text, false, text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import Base, utcnow
from ..directory.models import Country, Designation


class Role(StrEnum):
    learner = "learner"
    trainer = "trainer"
    focal_point = "focal_point"
    analyst = "analyst"
    admin = "admin"

    @property
    def needs_country(self) -> bool:
        """Learners and focal points belong to one country; programme staff do not."""
        return self in {Role.learner, Role.focal_point}


class Gender(StrEnum):
    female = "female"
    male = "male"
    other = "other"


class User(UserMixin, Base):
    __tablename__ = "lms_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, so uniqueness is case-insensitive.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16), index=True)
    country_id: Mapped[int | None] = mapped_column(ForeignKey("lms_country.id"), index=True)
    #: Optional; only used for sex-disaggregated indicators.
    gender: Mapped[Gender | None] = mapped_column(Enum(Gender, native_enum=False, length=8))
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    #: The interface language (cartif_lms/i18n.py SUPPORTED_LOCALES); None: the browser's.
    locale: Mapped[str | None] = mapped_column(String(8))
    #: The IANA time zone times are shown in (the profile page); None: UTC.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    #: "E-mail me my notifications" (cartif_lms/notifications/).
    email_notifications: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Unread notifications, kept with the notifications (the header shows it without a query).
    unread_notifications: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Set by an administrator's password reset: every page but the password page sends the
    #: person there until they choose their own (cartif_lms/auth/recovery.py).
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: When an administrator erased the person (cartif_lms/privacy/): the row stays, anonymised,
    #: so the country's figures keep counting them.
    erased_at: Mapped[datetime | None]

    country: Mapped[Country | None] = relationship()
    designations: Mapped[list[Designation]] = relationship(
        foreign_keys=[Designation.user_id], back_populates="user"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginOutcome(StrEnum):
    success = "success"
    failure = "failure"
    refused = "refused"  #: not checked, because the account or address was throttled
    reset = "reset"  #: a "forgot your password" request (throttled like failures)
    register = "register"  #: a request for an account (cartif_lms/auth/registration.py)


class LoginAttempt(Base):
    """One sign-in attempt; kept in the database so throttling holds across workers."""

    __tablename__ = "lms_login_attempt"
    __table_args__ = (
        Index("ix_lms_login_attempt_email_at", "email", "at"),
        Index("ix_lms_login_attempt_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[LoginOutcome] = mapped_column(Enum(LoginOutcome, native_enum=False, length=8))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token for the JSON API; only its SHA-256 digest is stored."""

    __tablename__ = "lms_api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Written at most once a minute, on its own transaction (``auth.tokens``).
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    #: The last day (UTC) the token opens the API; None: it does not expire.
    expires_on: Mapped[date | None]

    user: Mapped[User] = relationship()


class UserSession(Base):
    """A signed-in browser session, so the server can end it before its cookie expires.

    The cookie carries a random id; only its SHA-256 digest is stored, so a copy of the
    database opens no session. Ending a session deletes its row; a session idle too long keeps
    its row (see ``cartif_lms.auth.sessions``) until it is purged.
    """

    __tablename__ = "lms_user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("lms_user.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Written at most every few minutes; the idle limit counts from it. Indexed for the purge.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    user: Mapped[User] = relationship()


class AccountRequestStatus(StrEnum):
    pending_confirmation = "pending_confirmation"  #: the e-mail link was not opened yet
    pending = "pending"  #: confirmed: waits for a focal point's decision
    approved = "approved"
    rejected = "rejected"


#: A request still open (not decided): one per address (see AccountRequest).
OPEN_REQUEST_WHERE = "status IN ('pending_confirmation', 'pending')"


class AccountRequest(Base):
    """Someone signed out asked for a learner account (cartif_lms/auth/registration.py)."""

    __tablename__ = "lms_account_request"
    __table_args__ = (
        # One open request per address: a double submit, or asking again meanwhile, adds none.
        Index(
            "uq_lms_account_request_open_email",
            "email",
            unique=True,
            sqlite_where=text(OPEN_REQUEST_WHERE),
            postgresql_where=text(OPEN_REQUEST_WHERE),
        ),
        Index("ix_lms_account_request_country_status", "country_id", "status"),
        Index("ix_lms_account_request_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased, like User.email.
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(120))
    country_id: Mapped[int] = mapped_column(ForeignKey("lms_country.id"))
    #: What they do: their ministry or agency, and their position (both optional).
    organisation: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[AccountRequestStatus] = mapped_column(
        Enum(AccountRequestStatus, native_enum=False, length=24),
        default=AccountRequestStatus.pending_confirmation,
    )
    #: When asked (asked again while unconfirmed: when the last link was sent); unconfirmed
    #: requests are purged once their link has expired.
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("lms_user.id", ondelete="SET NULL")
    )
    #: Why it was rejected (mailed to the person).
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The account approving it created.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("lms_user.id", ondelete="SET NULL"))

    country: Mapped[Country] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<AccountRequest {self.id} {self.status}>"
