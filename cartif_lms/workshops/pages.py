"""What a workshop's page shows one person: their place, the sessions (join links only with
a place), the pre-reading checklist, check-in, and after the last session the post-test and
the feedback form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import url_for

from ..auth.models import User
from ..content.models import Item, Module
from ..learning.services import module_progress
from ..security.permissions import Permission, can
from . import attendance
from .completion import attendance_share, is_complete, post_test_passed
from .models import AttendanceMode, RegistrationStatus, Workshop, WorkshopSession
from .registration import places, refusal, registration_of, taken
from .reports import feedback_open, gave_feedback
from .services import active_sessions, last_end, registration_closes_at


@dataclass(frozen=True)
class ReadingStep:
    module: Module
    done: bool
    url: str


@dataclass(frozen=True)
class SessionLine:
    session: WorkshopSession
    show_link: bool
    check_in_open: bool
    may_facilitate: bool


@dataclass(frozen=True)
class ModePlaces:
    mode: AttendanceMode
    places: int
    taken: int


def module_url(module: Module) -> str:
    track, slug = module.slug.split("/")
    return url_for("lms.learning.module", track=track, module=slug)


def item_url(item: Item) -> str:
    track, module, slug = item.slug.split("/")
    return url_for("lms.learning.item", track=track, module=module, item=slug)


def prereading(person: User, workshop: Workshop) -> list[ReadingStep]:
    """The modules to finish before the first session, each ticked when finished."""
    modules = list(workshop.prereading)
    progress = module_progress(person, [m.id for m in modules]) if modules else {}
    return [
        ReadingStep(m, bool(progress.get(m.id) and progress[m.id].complete), module_url(m))
        for m in modules
    ]


def workshop_page_context(person: User, workshop: Workshop, now: datetime) -> dict[str, Any]:
    mine = registration_of(person, workshop)
    holds = mine is not None and mine.status is RegistrationStatus.registered
    staff = can(person, Permission.author_content)
    lines = [
        SessionLine(
            s,
            show_link=holds or staff,
            check_in_open=holds and attendance.in_window(s, now),
            may_facilitate=attendance.may_facilitate(person, s),
        )
        for s in workshop.sessions
    ]
    ended = (end := last_end(workshop)) is not None and now >= end
    return {
        "workshop": workshop,
        "registration": mine,
        "holds_place": holds,
        "refusal": refusal(person, workshop, now),
        "closes_at": registration_closes_at(workshop),
        "lines": lines,
        "has_sessions": bool(active_sessions(workshop)),
        "places": [ModePlaces(m, places(workshop, m), taken(workshop, m)) for m in AttendanceMode],
        "reading": prereading(person, workshop),
        "ended": ended,
        "post_test_url": item_url(workshop.post_test) if workshop.post_test else None,
        "post_test_passed": post_test_passed(person.id, workshop),
        "feedback_open": feedback_open(person, workshop, now)
        and not gave_feedback(person, workshop),
        "gave_feedback": gave_feedback(person, workshop),
        "attended_percent": round(100 * attendance_share(person.id, workshop)) if holds else 0,
        "complete": holds and is_complete(person.id, workshop),
    }
