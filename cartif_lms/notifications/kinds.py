"""The shipped notification kinds, one ``register`` call each (importing this registers them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import db
from ..auth.models import Role, User
from ..directory.forms import KIND_LABELS
from ..directory.models import Designation, DesignationKind
from ..drafting.models import DraftReview, ReviewDecision, ReviewKind
from ..i18n import format_day
from ..signals import (
    account_requested,
    designation_recorded,
    draft_reviewed,
    essay_graded,
    peer_reviews_assigned,
    report_ready,
    ta_need_status_changed,
    workshop_cancelled,
    workshop_place_offered,
)
from .registry import Delivery, NotificationKind, register

#: A designation's holder and focal point hear this many days before it ends.
EXPIRY_WARNING_DAYS = 60
#: A peer review still open this many days after it was given is overdue.
PEER_REVIEW_DAYS = 14

NEED_STATUS_LABELS = {
    "open": _l("open"),
    "planned": _l("planned"),
    "addressed": _l("addressed"),
}


def _text(message: Any) -> Any:
    """A kind's text: the lazy ``message`` with the stored values filled in."""

    def text(values: Mapping[str, Any]) -> str:
        return str(message) % dict(values)

    return text


def focal_points(country_id: int | None) -> list[int]:
    """The active focal points of a country."""
    if country_id is None:
        return []
    stmt = select(User.id).where(
        User.role == Role.focal_point, User.country_id == country_id, User.active.is_(True)
    )
    return list(db.session.scalars(stmt))


def _designation_label(values: Mapping[str, Any]) -> str:
    kind = values.get("designation", "")
    try:
        label = str(KIND_LABELS[DesignationKind(kind)])
    except (ValueError, KeyError):
        label = kind
    area = values.get("area")
    return f"{label} ({area})" if area else label


# --- an essay was graded --------------------------------------------------------------------


def _essay_graded(user: User, attempt: Any, **_: Any) -> Iterator[Delivery]:
    yield Delivery(
        user.id,
        attempt.id,
        "lms.quizzes.attempt",
        {"attempt_id": attempt.id},
        {"quiz": attempt.item.title, "score": round(attempt.score or 0)},
    )


register(
    NotificationKind(
        name="essay_graded",
        title=_l("Your essay was graded"),
        text=_text(_l("Your essays in “%(quiz)s” were graded: %(score)s %% overall.")),
        signal=essay_graded,
        deliveries=_essay_graded,
    )
)


# --- a draft was reviewed -------------------------------------------------------------------


def _draft_reviewed(user: User, review: DraftReview, **_: Any) -> Iterator[Delivery]:
    item = review.version.submission.item
    yield Delivery(
        user.id,
        review.id,
        "lms.drafting.workbench",
        {"item_id": item.id},
        {"exercise": item.title, "accepted": review.decision is ReviewDecision.accept},
    )


_ACCEPTED = _l("Your draft of “%(exercise)s” was accepted.")
_REVISE = _l("Your draft of “%(exercise)s” was reviewed: revise and resubmit it.")


def _draft_text(values: Mapping[str, Any]) -> str:
    return str(_ACCEPTED if values.get("accepted") else _REVISE) % dict(values)


register(
    NotificationKind(
        name="draft_reviewed",
        title=_l("Your draft was reviewed"),
        text=_draft_text,
        signal=draft_reviewed,
        deliveries=_draft_reviewed,
    )
)


# --- a peer review was assigned, or is overdue ----------------------------------------------


def _peer_delivery(review: DraftReview) -> Delivery:
    item = review.version.submission.item
    return Delivery(
        review.reviewer_id,
        review.id,
        "lms.drafting.peer_review",
        {"review_id": review.id},
        {"exercise": item.title},
    )


def _peer_assigned(reviews: Iterable[DraftReview], **_: Any) -> Iterator[Delivery]:
    return (_peer_delivery(r) for r in reviews)


def _peer_overdue(today: date) -> Iterator[Delivery]:
    before = datetime.combine(today - timedelta(days=PEER_REVIEW_DAYS), time())
    stmt = select(DraftReview).where(
        DraftReview.kind == ReviewKind.peer,
        DraftReview.completed_at.is_(None),
        DraftReview.allocated_at < before,
    )
    return (_peer_delivery(r) for r in db.session.scalars(stmt))


register(
    NotificationKind(
        name="peer_review_assigned",
        title=_l("A peer review for you"),
        text=_text(_l("You were asked to review a draft of “%(exercise)s”.")),
        signal=peer_reviews_assigned,
        deliveries=_peer_assigned,
    )
)
register(
    NotificationKind(
        name="peer_review_overdue",
        title=_l("A peer review is overdue"),
        text=_text(_l("Your review of a draft of “%(exercise)s” is overdue.")),
        sweep=_peer_overdue,
    )
)


# --- a designation was recorded, or is about to expire --------------------------------------


def _designation_values(designation: Designation) -> dict[str, Any]:
    return {
        "designation": designation.kind.value,
        "area": designation.area.code if designation.area else None,
        "until": designation.valid_until.isoformat(),
        "name": designation.user.name,
    }


def _designation_recorded(designation: Designation, **_: Any) -> Iterator[Delivery]:
    yield Delivery(
        designation.user_id,
        designation.id,
        "lms.capacity.mine",
        {},
        _designation_values(designation),
    )


def _designations_expiring(today: date) -> Iterator[Delivery]:
    stmt = select(Designation).where(
        Designation.revoked_at.is_(None),
        Designation.valid_until >= today,
        Designation.valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS),
    )
    for designation in db.session.scalars(stmt):
        values = _designation_values(designation)
        yield Delivery(designation.user_id, designation.id, "lms.capacity.mine", {}, values)
        country = designation.user.country
        for focal_point in focal_points(designation.user.country_id):
            if focal_point != designation.user_id and country is not None:
                args = {"code": country.code}
                yield Delivery(
                    focal_point, designation.id, "lms.directory.designations", args, values
                )


def _until(values: Mapping[str, Any]) -> str:
    """The stored last day (ISO, as JSON keeps it) in the reader's language."""
    until = values.get("until", "")
    try:
        return format_day(date.fromisoformat(until))
    except (TypeError, ValueError):
        return str(until)


def _recorded_text(values: Mapping[str, Any]) -> str:
    return str(_l("You were designated %(designation)s, until %(until)s.")) % {
        **values,
        "designation": _designation_label(values),
        "until": _until(values),
    }


def _expiring_text(values: Mapping[str, Any]) -> str:
    return str(_l("The designation of %(name)s as %(designation)s ends on %(until)s.")) % {
        **values,
        "designation": _designation_label(values),
        "until": _until(values),
    }


register(
    NotificationKind(
        name="designation_recorded",
        title=_l("You were designated"),
        text=_recorded_text,
        signal=designation_recorded,
        deliveries=_designation_recorded,
    )
)
register(
    NotificationKind(
        name="designation_expiring",
        title=_l("A designation ends soon"),
        text=_expiring_text,
        sweep=_designations_expiring,
    )
)


# --- an account request waits for a focal point (cartif_lms/auth/registration.py) ----------


def _administrators() -> list[int]:
    stmt = select(User.id).where(User.role == Role.admin, User.active.is_(True))
    return list(db.session.scalars(stmt))


def _account_requested(country_id: int, request_id: int, name: str, **_: Any) -> Iterator[Delivery]:
    """The country's focal points decide; administrators may too, for any country."""
    for decider in [*focal_points(country_id), *_administrators()]:
        yield Delivery(decider, request_id, "lms.registration.requests", {}, {"name": name})


register(
    NotificationKind(
        name="account_requested",
        title=_l("An account request is waiting"),
        text=_text(_l("%(name)s asked for an account: it waits for your decision.")),
        signal=account_requested,
        deliveries=_account_requested,
    )
)


# --- a TA need of my country changed status -------------------------------------------------


def _need_changed(need: Any, event: Any, **_: Any) -> Iterator[Delivery]:
    values = {"competency": need.competency.name, "status": need.status.value}
    for focal_point in focal_points(need.country_id):
        args = {"code": need.country.code}
        yield Delivery(focal_point, event.id, "lms.capacity.country", args, values)


def _need_text(values: Mapping[str, Any]) -> str:
    status = values.get("status", "")
    return str(_l("A technical-assistance need in %(competency)s is now %(status)s.")) % {
        **values,
        "status": str(NEED_STATUS_LABELS.get(status, status)),
    }


register(
    NotificationKind(
        name="ta_need_status",
        title=_l("A TA need changed status"),
        text=_need_text,
        signal=ta_need_status_changed,
        deliveries=_need_changed,
    )
)


# --- a workshop or one of its sessions was cancelled; a waitlisted person got a place ------


def _workshop_cancelled(
    workshop: Any, session: Any, user_ids: Iterable[int], **_: Any
) -> Iterator[Delivery]:
    if session is not None:
        return
    for user_id in user_ids:
        args = {"workshop_id": workshop.id}
        values = {"title": workshop.title}
        yield Delivery(user_id, workshop.id, "lms.workshops.workshop", args, values)


def _session_cancelled(
    workshop: Any, session: Any, user_ids: Iterable[int], **_: Any
) -> Iterator[Delivery]:
    if session is None:
        return
    values = {"title": workshop.title, "starts": session.starts_at.isoformat(" ", "minutes")}
    for user_id in user_ids:
        args = {"workshop_id": workshop.id}
        yield Delivery(user_id, session.id, "lms.workshops.workshop", args, values)


def _place_offered(registration: Any, **_: Any) -> Iterator[Delivery]:
    workshop = registration.workshop
    args = {"workshop_id": workshop.id}
    values = {"title": workshop.title}
    yield Delivery(registration.user_id, registration.id, "lms.workshops.workshop", args, values)


register(
    NotificationKind(
        name="workshop_cancelled",
        title=_l("A workshop was cancelled"),
        text=_text(_l("The workshop “%(title)s” was cancelled.")),
        signal=workshop_cancelled,
        deliveries=_workshop_cancelled,
    )
)
register(
    NotificationKind(
        name="workshop_session_cancelled",
        title=_l("A workshop session was cancelled"),
        text=_text(_l("The session of “%(title)s” on %(starts)s UTC was cancelled.")),
        signal=workshop_cancelled,
        deliveries=_session_cancelled,
    )
)
register(
    NotificationKind(
        name="workshop_place",
        title=_l("You have a place in a workshop"),
        text=_text(_l("A place in “%(title)s” is yours now.")),
        signal=workshop_place_offered,
        deliveries=_place_offered,
    )
)


# --- a report someone asked for is ready ------------------------------------------------------


def _report_ready(job: Any, title: str, **_: Any) -> Iterator[Delivery]:
    args = {"job_id": job.id}
    yield Delivery(job.requested_by_id, job.id, "lms.jobs.show", args, {"report": title})


register(
    NotificationKind(
        name="report_ready",
        title=_l("Your report is ready"),
        text=_text(_l("“%(report)s” is ready to download.")),
        signal=report_ready,
        deliveries=_report_ready,
    )
)
