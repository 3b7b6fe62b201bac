"""Issuing, finding and revoking certificates.

The rule: a person earns a certificate for a completed track (or workshop) when they hold a
designation, the official nomination, that counts for that completion (:func:`counts_for`).
Issuing is an ``INSERT ... ON CONFLICT DO NOTHING`` on (person, source kind, source row): the
event of the completion, a designation recorded later, and ``lms certificates issue`` over
past completions all go through :func:`issue`, so however often or concurrently they run,
each person has one certificate per completion.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from .. import db
from ..audit import Action, record
from ..auth.models import User
from ..db import utcnow
from ..directory.models import Designation
from ..learning.models import TrackCompletion
from ..learning.services import NO_PROGRESS, Progress, active_tracks, track_progress
from ..security.permissions import CERTIFICATES
from ..security.scoping import scope_for
from .models import Certificate, SourceKind
from .sources import TRACKS, Completed, Statement, all_sources, source_for
from .workshop_source import WORKSHOPS

#: Verification codes use digits and capitals without the look-alikes 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: 12 characters of 31: about 59 bits, so codes cannot be guessed or enumerated.
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """A code as people type it back (lower case, with spaces or dashes) in its stored form."""
    return "".join(ch for ch in code.upper() if ch not in " -")


# --- who qualifies -----------------------------------------------------------------------


def counts_for(designation: Designation, completed_on: date, today: date) -> bool:
    """Whether ``designation`` earns a certificate for a completion on ``completed_on``.

    It must not be revoked, must have begun by ``today``, and must not have ended before the
    completion: a person designated while, or after, they completed the track qualifies; one
    whose nomination had lapsed before does not.
    """
    return (
        designation.revoked_at is None
        and designation.valid_from <= today
        and designation.valid_until >= completed_on
    )


def _designations_of(user_ids: Iterable[int]) -> dict[int, list[Designation]]:
    found: dict[int, list[Designation]] = {}
    ids = sorted(set(user_ids))
    for start in range(0, len(ids), 500):
        rows = db.session.scalars(
            select(Designation).where(Designation.user_id.in_(ids[start : start + 500]))
        )
        for designation in rows:
            found.setdefault(designation.user_id, []).append(designation)
    return found


def qualifies(designations: Sequence[Designation], completed_on: date, today: date) -> bool:
    return any(counts_for(d, completed_on, today) for d in designations)


# --- issuing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    """A certificate just inserted."""

    id: int
    code: str


def issue(
    user: User, kind: str, completed: Completed, statement: Statement | None = None
) -> Issued | None:
    """The certificate for ``completed``, inserted unless it exists; None if it existed.

    Does not check the designation rule: callers decide who qualifies (:func:`qualifies`).
    ``statement`` is what the source states for the row, when the caller has it already.
    """
    statement = statement or source_for(kind).statement(completed.source_id)
    if statement is None:
        return None
    table = Certificate.__table__
    inserted = db.session.execute(
        db.insert_for(Certificate)
        .values(
            code=new_code(),
            user_id=user.id,
            source_kind=kind,
            source_id=completed.source_id,
            country_id=user.country_id,
            holder_name=user.name,
            country_name=user.country.name if user.country else "",
            title=statement.title,
            level=statement.level,
            hours=statement.hours,
            completed_on=completed.completed_on,
            issued_at=utcnow(),
            revoke_reason="",
        )
        .on_conflict_do_nothing(index_elements=["user_id", "source_kind", "source_id"])
        .returning(table.c.id, table.c.code)
    ).first()
    if inserted is None:  # issued before, or by another worker just now
        return None
    issued = Issued(inserted[0], inserted[1])
    record(
        Action.certificate_issued,
        actor=None,
        subject_user_id=user.id,
        country_id=user.country_id,
        object_type="lms_certificate",
        object_id=issued.id,
        details={"code": issued.code, "source_kind": kind, "source_id": completed.source_id},
    )
    return issued


def issue_if_qualified(user: User, kind: str, completed: Completed) -> Issued | None:
    """On a completion: issue its certificate when the person holds a designation for it."""
    today = utcnow().date()
    if not qualifies(_designations_of([user.id]).get(user.id, []), completed.completed_on, today):
        return None
    return issue(user, kind, completed)


@dataclass(frozen=True)
class IssueRun:
    """What one pass over past completions found and did."""

    due: list[tuple[str, Completed]]  #: completions that qualify and have no certificate
    issued: int  #: certificates this run inserted (others were inserted by another worker)
    dry_run: bool


def issue_missing(dry_run: bool = False, user_id: int | None = None) -> IssueRun:
    """Issue every certificate that is due and missing, over every source's completions.

    Safe to run again and from several workers at once: rows go in (person, source) order, so
    two workers queue on the same keys rather than deadlock, and the unique key lets one win.
    """
    today = utcnow().date()
    pending = [
        (source.kind, done)
        for source in all_sources()
        for done in source.completions_without_certificate(user_id)
    ]
    designations = _designations_of(done.user_id for _, done in pending)
    due = [
        (kind, done)
        for kind, done in pending
        if qualifies(designations.get(done.user_id, []), done.completed_on, today)
    ]
    if dry_run:
        return IssueRun(due, 0, dry_run=True)
    people = _people(done.user_id for _, done in due)
    statements: dict[tuple[str, int], Statement | None] = {}
    issued = 0
    for kind, done in due:
        key = (kind, done.source_id)
        if key not in statements:  # one track's statement serves all who completed it
            statements[key] = source_for(kind).statement(done.source_id)
        if statements[key] is not None:
            issued += issue(people[done.user_id], kind, done, statements[key]) is not None
    return IssueRun(due, issued, dry_run=False)


def _people(user_ids: Iterable[int]) -> dict[int, User]:
    ids = sorted(set(user_ids))
    people: dict[int, User] = {}
    for start in range(0, len(ids), 500):
        rows = db.session.scalars(
            select(User)
            .options(joinedload(User.country))
            .where(User.id.in_(ids[start : start + 500]))
        )
        people.update({person.id: person for person in rows})
    return people


# --- what a person sees --------------------------------------------------------------------


class Standing(StrEnum):
    """Where a person stands with one track's certificate, and so what their page says."""

    issued = "issued"
    revoked = "revoked"
    not_complete = "not_complete"
    no_designation = "no_designation"
    due = "due"


@dataclass(frozen=True)
class TrackStanding:
    track_id: int
    title: str
    progress: Progress
    standing: Standing
    certificate: Certificate | None = None


def certificates_of(user: User) -> list[Certificate]:
    """A person's own certificates, newest first (revoked ones too: they say so)."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.completed_on.desc(), Certificate.id.desc())
        )
    )


def track_standings(user: User) -> list[TrackStanding]:
    """Every active track, with the person's progress and why there is no certificate yet."""
    tracks = active_tracks()
    progress = track_progress(user, [t.id for t in tracks])
    mine = {
        c.source_id: c for c in certificates_of(user) if c.source_kind == SourceKind.track.value
    }
    completions: dict[int, datetime] = {
        track_id: at
        for track_id, at in db.session.execute(
            select(TrackCompletion.track_id, TrackCompletion.completed_at).where(
                TrackCompletion.user_id == user.id
            )
        )
    }
    designations = _designations_of([user.id]).get(user.id, [])
    today = utcnow().date()
    return [
        _standing(
            t.id,
            t.title,
            progress.get(t.id, NO_PROGRESS),
            mine.get(t.id),
            completions.get(t.id),
            designations,
            today,
        )
        for t in tracks
    ]


def _standing(
    track_id: int,
    title: str,
    progress: Progress,
    certificate: Certificate | None,
    completed_at: datetime | None,
    designations: Sequence[Designation],
    today: date,
) -> TrackStanding:
    if certificate is not None:
        standing = Standing.revoked if certificate.revoked else Standing.issued
    elif completed_at is None:
        standing = Standing.not_complete
    elif not qualifies(designations, completed_at.date(), today):
        standing = Standing.no_designation
    else:  # qualifies since the completion (a designation began today): the next run issues it
        standing = Standing.due
    return TrackStanding(track_id, title, progress, standing, certificate)


# --- finding one ----------------------------------------------------------------------------


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate with this verification code, for the public page (anyone may ask)."""
    return db.session.scalar(
        select(Certificate).where(Certificate.code == normalise_code(code)[:32])
    )


def viewable_certificate(viewer: User, code: str) -> Certificate | None:
    """The certificate, if ``viewer`` may have its PDF: its holder, an administrator or
    analyst, or the holder's country's focal point. None otherwise, as for an unknown code."""
    stmt = select(Certificate).where(Certificate.code == normalise_code(code)[:32])
    stmt = scope_for(viewer, CERTIFICATES).filter(
        stmt, user_id=Certificate.user_id, country_id=Certificate.country_id
    )
    return db.session.scalar(stmt)


def recent_certificates(limit: int = 50) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
            .limit(limit)
        )
    )


# --- revoking --------------------------------------------------------------------------------


class AlreadyRevoked(ValueError):
    """The certificate was revoked before (perhaps by another administrator just now)."""


def revoke(certificate: Certificate, by: User, reason: str, now: datetime | None = None) -> None:
    """Revoke ``certificate`` once; a second revocation changes nothing and raises."""
    now = now or utcnow()
    changed = db.rows_changed(
        update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by_id=by.id, revoke_reason=reason.strip())
        .execution_options(synchronize_session=False)
    )
    if changed != 1:
        raise AlreadyRevoked(certificate.code)
    db.session.refresh(certificate)
    record(
        Action.certificate_revoked,
        actor=by,
        subject_user_id=certificate.user_id,
        country_id=certificate.country_id,
        object_type="lms_certificate",
        object_id=certificate.id,
        details={"code": certificate.code},
    )


def on_track_completed(user: User, track_id: int, at: datetime) -> Issued | None:
    """The ``track_completed`` event: the track's certificate, if the person qualifies."""
    return issue_if_qualified(user, TRACKS.kind, Completed(user.id, track_id, at))


def on_workshop_completed(user: User, workshop_id: int, at: datetime) -> Issued | None:
    """The ``workshop_completed`` event: the workshop's certificate, if the person qualifies."""
    return issue_if_qualified(user, WORKSHOPS.kind, Completed(user.id, workshop_id, at))


def on_designation_recorded(user_id: int) -> IssueRun:
    """A new designation may make a person's past completions earn their certificates."""
    return issue_missing(user_id=user_id)
