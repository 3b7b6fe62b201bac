"""A deep dive's workshop item: completing the workshop completes it and gives evidence."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import Role
from cartif_lms.capacity.models import Evidence
from cartif_lms.content.models import Audience, Item, Level, Module, Track, TrackKind
from cartif_lms.core import checklist
from cartif_lms.db import utcnow
from cartif_lms.directory.models import Competency, NegotiatingArea
from cartif_lms.learning.models import Completion
from cartif_lms.workshops import attendance
from cartif_lms.workshops.models import (
    AttendanceMode,
    AttendanceStatus,
    RegistrationPolicy,
    WorkshopKind,
)
from cartif_lms.workshops.registration import register
from cartif_lms.workshops.services import WorkshopDraft, update_workshop


def _deep_dive_track(area: NegotiatingArea) -> Item:
    track = Track(
        slug="tf-deep-dive",
        title="Deep dive: trade facilitation",
        kind=TrackKind.workshop,
        level=Level.intermediate,
        audience=Audience.specialist,
        area_id=area.id,
    )
    module = Module(track=track, slug="tf-deep-dive/live", title="The live workshop")
    item = Item(module=module, slug="tf-deep-dive/live/workshop", title="Workshop", kind="workshop")
    db.session.add_all([track, module, item])
    db.session.add(Competency(code="TF.TRANSIT", area_id=area.id, name="Transit"))
    db.session.flush()
    return item


def test_completing_a_deep_dive_completes_its_item_and_records_area_evidence(
    make_workshop, make_user, trainer
):
    area = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == "TF"))
    item = _deep_dive_track(area)
    workshop = make_workshop()
    update_workshop(
        workshop,
        WorkshopDraft("TF deep dive", WorkshopKind.deep_dive, RegistrationPolicy.open, area.id),
    )
    assert workshop.track_id == item.module.track_id  # the area's deep-dive track, found
    person = make_user()
    register(person, workshop, AttendanceMode.in_person)
    session = workshop.sessions[0]
    session.starts_at = utcnow() - timedelta(hours=1)
    db.session.commit()

    attendance.mark(trainer, session, person.id, AttendanceStatus.present)
    db.session.commit()

    done = db.session.scalars(select(Completion).where(Completion.user_id == person.id)).one()
    assert (done.item_id, done.completed_at is not None) == (item.id, True)
    evidence = db.session.scalars(select(Evidence).where(Evidence.user_id == person.id)).one()
    assert (evidence.source, evidence.level) == ("workshop", 2)


def test_the_checklist_steps_tick_when_a_trainer_schedules_and_a_learner_registers(
    make_workshop, make_user, trainer
):
    learner_step = next(s for s in checklist.steps_for(Role.learner) if s.key == "learner.workshop")
    trainer_step = next(
        s for s in checklist.steps_for(Role.trainer) if s.key == "trainer.workshop_session"
    )
    person = make_user()
    assert not trainer_step.done(trainer)
    workshop = make_workshop()
    assert trainer_step.done(trainer)
    area = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == "TF"))
    register(person, workshop, AttendanceMode.online)
    assert not learner_step.done(person)  # a plenary is not a deep dive
    update_workshop(
        workshop,
        WorkshopDraft("TF deep dive", WorkshopKind.deep_dive, RegistrationPolicy.open, area.id),
    )
    assert learner_step.done(person)
