"""Demo workshops: two held (with attendance and feedback), one running now (so the rotating
code can be tried at once, as ``trainer@`` and a registered learner), and upcoming ones open
for registration, one with a waitlist and one waiting for a focal point's approval.

"Now" is when ``lms demo`` ran: the running session lasts three hours from then. Every other
deep-dive track gets an upcoming workshop too, so each track's workshop item lists one.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from .. import db
from ..auth.models import User
from ..auth.services import find_user_by_email
from ..content.models import Item, Module, Track, TrackKind
from ..db import utcnow
from ..directory.models import NegotiatingArea
from ..kinds import BuiltIn
from ..quizzes.settings import QuizSettings, TestKind
from ..workshops.attendance import mark
from ..workshops.models import (
    AttendanceMode,
    AttendanceStatus,
    Registration,
    RegistrationPolicy,
    RegistrationStatus,
    SessionMode,
    Workshop,
    WorkshopKind,
)
from ..workshops.registration import register
from ..workshops.reports import give_feedback
from ..workshops.services import SessionDraft, WorkshopDraft, add_session, create_workshop
from .accounts import DEMO_DOMAIN

HELD = ("kz", "ge", "uz", "mn", "pk", "af", "kg")
RATINGS = (
    (5, 4, 4, "The transit annex examples were the most useful part."),
    (4, 4, 3, ""),
    (5, 5, 4, "More time on bracketed text, please."),
    (3, 4, 3, ""),
)


def load_demo_workshops() -> None:
    """Add the demo workshops once (skipped when any workshop exists)."""
    trainer = find_user_by_email(f"trainer@{DEMO_DOMAIN}")
    if trainer is None or db.session.scalars(select(Workshop.id).limit(1)).first():
        return
    now = utcnow().replace(second=0, microsecond=0)
    _held(trainer, "TF", "Trade facilitation deep dive, spring cohort", now - timedelta(days=40))
    _held(
        trainer, "SPS", "SPS deep dive: equivalence and regionalisation", now - timedelta(days=12)
    )
    _running(trainer, now)
    _upcoming(trainer, now)
    _other_deep_dives(trainer, now)


def _people(codes: tuple[str, ...]) -> list[User]:
    found = (find_user_by_email(f"learner.{code}@{DEMO_DOMAIN}") for code in codes)
    return [person for person in found if person is not None]


def _area(code: str) -> int | None:
    return db.session.scalar(select(NegotiatingArea.id).where(NegotiatingArea.code == code))


def _workshop(
    trainer: User,
    title: str,
    kind: WorkshopKind,
    policy: RegistrationPolicy,
    area: str | None = None,
) -> Workshop:
    return create_workshop(
        trainer, WorkshopDraft(title, kind, policy, area_id=_area(area) if area else None)
    )


def _session(
    trainer: User,
    workshop: Workshop,
    starts: datetime,
    hours: float,
    zone: str,
    seats: tuple[int, int] = (20, 40),
) -> None:
    add_session(
        workshop,
        SessionDraft(
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            time_zone=zone,
            mode=SessionMode.hybrid,
            venue="CAREC Institute, Urumqi" if zone == "Asia/Shanghai" else "ADB Resident Mission",
            join_url="https://meet.example.org/cartif-demo",
            capacity_in_person=seats[0],
            capacity_online=seats[1],
            facilitator_id=trainer.id,
        ),
        now=starts - timedelta(days=30),  # demo history: sessions scheduled a month before
    )


def _seat(workshop: Workshop, person: User, mode: AttendanceMode) -> None:
    """A place given in the past (registration for it has long closed)."""
    db.session.add(
        Registration(
            workshop_id=workshop.id,
            user_id=person.id,
            mode=mode,
            status=RegistrationStatus.registered,
        )
    )


def _held(trainer: User, area: str, title: str, starts: datetime) -> None:
    workshop = _workshop(trainer, title, WorkshopKind.deep_dive, RegistrationPolicy.open, area)
    for day in range(2):
        _session(trainer, workshop, starts + timedelta(days=day), 3, "Asia/Almaty")
    people = _people(HELD)
    for number, person in enumerate(people):
        _seat(workshop, person, AttendanceMode.online if number % 2 else AttendanceMode.in_person)
    db.session.flush()
    for number, person in enumerate(people):
        for day, session in enumerate(workshop.sessions):
            status = (
                AttendanceStatus.absent if number == 3 and day == 1 else AttendanceStatus.present
            )
            mark(trainer, session, person.id, status, now=session.starts_at)
    end = workshop.sessions[-1].ends_at + timedelta(hours=1)
    for person, (relevance, quality, applicability, comment) in zip(people, RATINGS, strict=False):
        give_feedback(person, workshop, relevance, quality, applicability, comment, now=end)


def _running(trainer: User, now: datetime) -> None:
    workshop = _workshop(
        trainer,
        "Zero round: plenary (running now)",
        WorkshopKind.zero_round_plenary,
        RegistrationPolicy.open,
    )
    _session(trainer, workshop, now - timedelta(minutes=20), 3, "Asia/Tbilisi")
    for number, person in enumerate(_people(("ge", "az", "kz", "uz"))):
        _seat(workshop, person, AttendanceMode.online if number % 2 else AttendanceMode.in_person)


def _upcoming(trainer: User, now: datetime) -> None:
    small = _workshop(
        trainer, "Digital trade deep dive", WorkshopKind.deep_dive, RegistrationPolicy.open, "DT"
    )
    _session(trainer, small, now + timedelta(days=14), 3, "Asia/Shanghai", seats=(2, 2))
    _session(trainer, small, now + timedelta(days=15), 3, "Asia/Shanghai", seats=(2, 2))
    for person in _people(("cn", "az", "mn")):  # the third waits for an online place
        register(person, small, AttendanceMode.online, now=now)
    approval = _workshop(
        trainer,
        "Zero round: technical session on TBT",
        WorkshopKind.zero_round_technical,
        RegistrationPolicy.approval,
    )
    _session(trainer, approval, now + timedelta(days=21), 2, "Asia/Tashkent")
    for person in _people(("kz",)):
        register(person, approval, AttendanceMode.online, now=now)


#: Where the other deep dives meet: the region spans UTC+4 to UTC+8.
ZONES = ("Asia/Baku", "Asia/Tashkent", "Asia/Bishkek", "Asia/Almaty", "Asia/Ulaanbaatar")


def _other_deep_dives(trainer: User, now: datetime) -> None:
    """An upcoming deep dive for every deep-dive track that has no workshop yet, open to the
    people designated in its area: pre-reading is the track's first module, the post-test its
    final test (the module holding the workshop item cannot be finished before the sessions)."""
    tracks = db.session.scalars(
        select(Track)
        .where(
            Track.kind == TrackKind.workshop,
            Track.retired_at.is_(None),
            Track.area_id.is_not(None),
            Track.id.not_in(select(Workshop.track_id).where(Workshop.track_id.is_not(None))),
        )
        .order_by(Track.slug)
    ).all()
    for number, track in enumerate(tracks):
        modules = [m for m in track.modules if m.retired_at is None]
        items = db.session.scalars(
            select(Item)
            .join(Module, Module.id == Item.module_id)
            .where(Module.track_id == track.id, Item.retired_at.is_(None))
        ).all()
        final = next(
            (
                i.id
                for i in items
                if i.kind == BuiltIn.quiz.name and QuizSettings.of(i).test is TestKind.final
            ),
            None,
        )
        area = db.session.get(NegotiatingArea, track.area_id)
        workshop = create_workshop(
            trainer,
            WorkshopDraft(
                f"{area.name if area else track.title}: deep dive",
                WorkshopKind.deep_dive,
                RegistrationPolicy.designated,
                area_id=track.area_id,
                post_test_id=final,
                prereading_ids=[modules[0].id] if len(modules) > 1 else [],
            ),
        )
        zone = ZONES[number % len(ZONES)]
        day = (now + timedelta(days=40 + 7 * number)).date()
        # 09:30 in the session's zone, stored as naive UTC like every time.
        local = datetime.combine(day, time(9, 30), ZoneInfo(zone))
        starts = local.astimezone(UTC).replace(tzinfo=None)
        for offset in range(2):
            _session(trainer, workshop, starts + timedelta(days=offset), 3, zone)
