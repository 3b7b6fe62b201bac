"""After the last session: completion at the attendance threshold, feedback once each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.progress_reports.figures import cutoff_for
from cartif_lms.progress_reports.sections import ReportContext
from cartif_lms.progress_reports.services import country_pdf
from cartif_lms.security.permissions import CAPACITY
from cartif_lms.security.scoping import EVERY_COUNTRY, scope_for
from cartif_lms.signals import workshop_completed
from cartif_lms.workshops import attendance, report_section
from cartif_lms.workshops.models import (
    AttendanceMode,
    AttendanceStatus,
    Feedback,
    WorkshopCompletion,
)
from cartif_lms.workshops.registration import register
from cartif_lms.workshops.reports import feedback_summary, give_feedback, regional_picture
from cartif_lms.workshops.services import WorkshopError
from tests.progress_reports.conftest import pdf_text


@pytest.fixture
def held(make_workshop, make_user):
    """A two-session workshop that ended yesterday, and a participant."""
    workshop = make_workshop(sessions=2)
    person = make_user()
    register(person, workshop, AttendanceMode.in_person)
    for number, session in enumerate(workshop.sessions):
        session.starts_at = utcnow() - timedelta(days=3 - number)
        session.ends_at = session.starts_at + timedelta(hours=2)
    db.session.commit()
    return workshop, person


def test_attending_every_required_session_completes_the_workshop_once(held, trainer):
    workshop, person = held
    heard = []
    workshop_completed.connect(lambda _s, **kw: heard.append(kw["workshop"].id), weak=False)
    first, second = workshop.sessions
    attendance.mark(trainer, first, person.id, AttendanceStatus.present)
    assert db.session.scalars(select(WorkshopCompletion)).first() is None  # 50 % < 80 %
    attendance.mark(trainer, second, person.id, AttendanceStatus.late)
    attendance.mark(trainer, second, person.id, AttendanceStatus.present)  # a correction
    assert len(db.session.scalars(select(WorkshopCompletion)).all()) == 1
    assert heard.count(workshop.id) == 1


def test_anonymous_feedback_is_counted_once_and_kept_without_the_name(held):
    workshop, person = held
    give_feedback(person, workshop, 5, 4, 3, "Very useful on transit.")
    with pytest.raises(WorkshopError, match="already"):
        give_feedback(person, workshop, 1, 1, 1, "")
    stored = db.session.scalars(select(Feedback)).one()
    assert stored.user_id is None
    summary = feedback_summary(workshop)
    assert summary.responses == 1
    assert summary.distributions["relevance"] == [0, 0, 0, 0, 1]


def test_feedback_before_the_last_session_is_refused(make_workshop, make_user):
    workshop = make_workshop()
    person = make_user()
    register(person, workshop, AttendanceMode.online)
    with pytest.raises(WorkshopError, match="after the last session"):
        give_feedback(person, workshop, 3, 3, 3, "")


def test_the_regional_picture_counts_workshops_held_and_people_attending_by_country(
    held, trainer, make_user
):
    workshop, person = held
    attendance.mark(trainer, workshop.sessions[0], person.id, AttendanceStatus.present)
    db.session.commit()
    picture = regional_picture(EVERY_COUNTRY)
    assert picture.held == {"XC": 1}
    assert picture.attended == {("KZ", "XC"): 1}
    georgian_focal_point = make_user(role="focal_point", country="GE")
    assert regional_picture(scope_for(georgian_focal_point, CAPACITY)).attended == {}


def test_the_regional_dashboard_shows_workshops_held_and_attended(
    held, trainer, make_user, login_as, client
):
    workshop, person = held
    attendance.mark(trainer, workshop.sessions[0], person.id, AttendanceStatus.present)
    db.session.commit()
    login_as(make_user(role="analyst", country=None))
    page = client.get("/capacity/dashboard").get_data(as_text=True)
    panel = page[page.index("Workshops held and attended") :]
    assert '<th scope="row">KZ</th><td>1</td>' in panel


def test_the_country_report_shows_each_workshop_held_with_attendance_and_feedback(held, trainer):
    workshop, person = held
    for session in workshop.sessions:
        attendance.mark(trainer, session, person.id, AttendanceStatus.present)
    give_feedback(person, workshop, 5, 4, 3, "")
    db.session.commit()

    text = " ".join(pdf_text(country_pdf("KZ", None).data).split())
    assert "Workshop attendance and feedback" in text
    assert f"{workshop.title} XC" in text
    assert "1 1 5.0 4.0 3.0" in text  # one participant from KZ, one response, the three means
    georgia = " ".join(pdf_text(country_pdf("GE", None).data).split())
    assert "0 1 5.0 4.0 3.0" in georgia  # nobody from Georgia; the feedback is the workshop's


def test_the_regional_report_counts_the_workshops_held_by_its_cut_off(held):
    workshop, _person = held
    before = cutoff_for(date.today() - timedelta(days=5))
    assert report_section.held_count(ReportContext([], before)) == 0
    assert report_section.held_count(ReportContext([], cutoff_for(None))) == 1
    assert report_section.workshops_held([], before) is None
