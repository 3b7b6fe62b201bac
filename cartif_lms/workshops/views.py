"""Workshop pages: the list, a workshop, registering, checking in, the facilitator's page,
the trainer's forms, a focal point's requests, calendars and reports."""

from __future__ import annotations

import io
from datetime import timedelta
from functools import lru_cache

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from .. import db
from ..audit import Action, record
from ..content.models import Item, Module
from ..db import utcnow
from ..directory.services import list_areas
from ..forms import add_error
from ..security.permissions import CAPACITY, DESIGNATIONS, Permission, can, permission_required
from ..security.scoping import scope_for
from . import attendance, calendars, registration, reports, services
from .forms import (
    CodeForm,
    CopyForm,
    DecisionForm,
    FeedbackForm,
    MarkForm,
    RegisterForm,
    SessionForm,
    WorkshopForm,
)
from .labels import (
    ATTENDANCE_MODE_LABELS,
    ATTENDANCE_STATUS_LABELS,
    KIND_LABELS,
    POLICY_LABELS,
    REGISTRATION_LABELS,
    SESSION_MODE_LABELS,
)
from .models import (
    AttendanceMode,
    AttendanceStatus,
    Registration,
    RegistrationPolicy,
    SessionMode,
    Workshop,
    WorkshopKind,
    WorkshopSession,
)
from .pages import workshop_page_context
from .times import is_known_zone, to_local, to_utc, zoned_label

blueprint = Blueprint("workshops", __name__, url_prefix="/workshops")

#: Who reads workshops: everyone who trains, authors, or reads the capacity picture.
READERS = (Permission.take_training, Permission.author_content, Permission.view_all_capacity)
REPORT_READERS = (Permission.author_content, Permission.view_all_capacity)


@blueprint.app_template_filter("lms_session_time")
def _session_time(moment: object, zone: str) -> str:
    """The session's own wall-clock time and zone, beside the reader's ``|lms_datetime``."""
    return zoned_label(moment, zone)  # type: ignore[arg-type]


def _workshop(workshop_id: int) -> Workshop:
    return db.session.get(Workshop, workshop_id) or abort(404)


def _session(workshop_id: int, session_id: int) -> WorkshopSession:
    """A session of that workshop: another workshop's session is 404."""
    session = db.session.get(WorkshopSession, session_id)
    if session is None or session.workshop_id != workshop_id:
        abort(404)
    return session


# --- reading and registering ---------------------------------------------------------------


@blueprint.get("/")
@permission_required(*READERS)
def index() -> str:
    return render_template(
        "lms/workshops/index.html",
        workshops=services.listed_workshops(),
        now=utcnow(),
        mine={r.workshop_id: r for r in registration.my_registrations(current_user)},
        labels=REGISTRATION_LABELS,
        kinds=KIND_LABELS,
        feed_url=url_for(
            "lms.workshops.feed", token=calendars.token_for(current_user), _external=True
        ),
        may_author=_may_author(),
    )


def _may_author() -> bool:
    return can(current_user, Permission.author_content)


def _render_workshop(workshop: Workshop, **forms: object) -> str:
    context = workshop_page_context(current_user, workshop, utcnow())
    context.setdefault("register_form", RegisterForm())
    context.setdefault("feedback_form", FeedbackForm())
    context.setdefault("code_form", CodeForm())
    context.update(forms)
    return render_template(
        "lms/workshops/workshop.html",
        kinds=KIND_LABELS,
        policies=POLICY_LABELS,
        modes=SESSION_MODE_LABELS,
        mode_labels=ATTENDANCE_MODE_LABELS,
        labels=REGISTRATION_LABELS,
        may_author=_may_author(),
        **context,
    )


@blueprint.get("/<int:workshop_id>")
@permission_required(*READERS)
def workshop(workshop_id: int) -> str:
    return _render_workshop(_workshop(workshop_id))


@blueprint.post("/<int:workshop_id>/register")
@permission_required(Permission.take_training)
def register(workshop_id: int) -> Response | str:
    found = _workshop(workshop_id)
    form = RegisterForm()
    if not form.validate_on_submit():
        return _render_workshop(found, register_form=form)
    try:
        placed = registration.register(current_user, found, AttendanceMode(form.mode.data))
    except services.WorkshopError as error:
        db.session.rollback()
        add_error(form.mode, str(error))
        return _render_workshop(found, register_form=form)
    db.session.commit()
    flash(_("You are %(status)s.", status=REGISTRATION_LABELS[placed.status]), "success")
    return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))


@blueprint.post("/<int:workshop_id>/cancel-place")
@permission_required(Permission.take_training)
def cancel_place(workshop_id: int) -> Response:
    found = _workshop(workshop_id)
    try:
        registration.cancel_registration(current_user, found)
    except services.WorkshopError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))
    db.session.commit()
    flash(_("Your place is cancelled."), "success")
    return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))


@blueprint.post("/<int:workshop_id>/feedback")
@permission_required(Permission.take_training)
def feedback(workshop_id: int) -> Response | str:
    found = _workshop(workshop_id)
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _render_workshop(found, feedback_form=form)
    try:
        reports.give_feedback(
            current_user,
            found,
            form.relevance.data,
            form.quality.data,
            form.applicability.data,
            form.comments.data or "",
        )
    except services.WorkshopError as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _render_workshop(found, feedback_form=form)
    db.session.commit()
    flash(_("Thank you for your feedback."), "success")
    return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))


# --- checking in ---------------------------------------------------------------------------


@blueprint.post("/<int:workshop_id>/sessions/<int:session_id>/check-in")
@permission_required(Permission.take_training)
def check_in(workshop_id: int, session_id: int) -> Response | str:
    session = _session(workshop_id, session_id)
    form = CodeForm()
    if not form.validate_on_submit():
        return _render_workshop(session.workshop, code_form=form, code_session_id=session.id)
    try:
        attendance.check_in_with_code(current_user, session, form.code.data or "")
    except attendance.CheckInRefused as error:
        db.session.commit()  # a wrong guess is counted (and nothing else was written)
        add_error(form.code, str(error))
        return _render_workshop(session.workshop, code_form=form, code_session_id=session.id)
    db.session.commit()
    flash(_("You are checked in. Welcome!"), "success")
    return redirect(url_for("lms.workshops.workshop", workshop_id=workshop_id))


@blueprint.get("/<int:workshop_id>/sessions/<int:session_id>/scan/<token>")
@permission_required(Permission.take_training)
def scan(workshop_id: int, session_id: int, token: str) -> str:
    """The QR code's address: opening it (signed in) checks the person in, in the room."""
    session = _session(workshop_id, session_id)
    try:
        attendance.check_in_with_token(current_user, session, token)
    except attendance.CheckInRefused as error:
        db.session.rollback()
        return render_template("lms/workshops/scanned.html", session=session, error=str(error))
    db.session.commit()
    return render_template("lms/workshops/scanned.html", session=session, error=None)


# --- the facilitator -----------------------------------------------------------------------


def _facilitated(workshop_id: int, session_id: int) -> WorkshopSession:
    session = _session(workshop_id, session_id)
    if not attendance.may_facilitate(current_user, session):
        abort(403, description=_("Only this session's facilitator may do this."))
    return session


@blueprint.get("/<int:workshop_id>/sessions/<int:session_id>/facilitate")
@permission_required(Permission.author_content)
def facilitate(workshop_id: int, session_id: int) -> str:
    session = _facilitated(workshop_id, session_id)
    return _render_facilitate(session, MarkForm())


@lru_cache(maxsize=128)
def qr_svg(url: str) -> str:
    """The QR code of ``url`` as SVG. Drawing one takes ~30 ms and the address changes once a
    minute, so each worker keeps the recent ones (the page reloads every 30 s)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, xmldecl=False, svgclass="qr")
    return buffer.getvalue().decode()


def _render_facilitate(session: WorkshopSession, form: MarkForm) -> str:
    shown = attendance.current_code(session)
    qr = None
    if shown is not None:
        url = url_for(
            "lms.workshops.scan",
            workshop_id=session.workshop_id,
            session_id=session.id,
            token=shown.token,
            _external=True,
        )
        qr = Markup(qr_svg(url))  # segno's own SVG: no text of ours in it
    return render_template(
        "lms/workshops/facilitate.html",
        session=session,
        shown=shown,
        qr=qr,
        roster=reports.roster(session.workshop),
        form=form,
        # Translated once, not once per row of a roster of hundreds.
        statuses={k: str(v) for k, v in ATTENDANCE_STATUS_LABELS.items()},
        modes={k: str(v) for k, v in ATTENDANCE_MODE_LABELS.items()},
    )


@blueprint.post("/<int:workshop_id>/sessions/<int:session_id>/mark")
@permission_required(Permission.author_content)
def mark(workshop_id: int, session_id: int) -> Response | str:
    session = _facilitated(workshop_id, session_id)
    form = MarkForm()
    if not form.validate_on_submit():
        return _render_facilitate(session, form)
    try:
        attendance.mark(
            current_user,
            session,
            form.person.data or 0,
            AttendanceStatus(form.status.data),
            AttendanceMode(form.mode.data) if form.mode.data else None,
        )
    except attendance.CheckInRefused as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return _render_facilitate(session, form)
    db.session.commit()
    flash(_("Attendance recorded."), "success")
    return redirect(
        url_for("lms.workshops.facilitate", workshop_id=workshop_id, session_id=session_id)
    )


# --- the trainer's forms -------------------------------------------------------------------


def _workshop_form(obj: Workshop | None = None) -> WorkshopForm:
    quizzes = list(db.session.scalars(select(Item).where(Item.kind == "quiz").order_by(Item.title)))
    modules = list(db.session.scalars(select(Module).order_by(Module.slug)))
    form = WorkshopForm(list_areas(), quizzes, modules)
    if obj is not None and request.method == "GET":
        form.title.data = obj.title
        form.kind.data = obj.kind.value
        form.area.data = obj.area_id or 0
        form.policy.data = obj.policy.value
        form.description.data = obj.description
        form.close_hours.data = obj.close_hours
        form.attendance_threshold.data = obj.attendance_threshold
        form.post_test.data = obj.post_test_id or 0
        form.prereading.data = [m.id for m in obj.prereading]
        form.anonymous_feedback.data = obj.anonymous_feedback
    return form


def _draft(form: WorkshopForm) -> services.WorkshopDraft:
    return services.WorkshopDraft(
        title=form.title.data or "",
        kind=WorkshopKind(form.kind.data),
        policy=RegistrationPolicy(form.policy.data),
        area_id=form.area.data or None,
        description=form.description.data or "",
        close_hours=form.close_hours.data or 0,
        attendance_threshold=form.attendance_threshold.data or 80,
        anonymous_feedback=bool(form.anonymous_feedback.data),
        post_test_id=form.post_test.data or None,
        prereading_ids=list(form.prereading.data or []),
    )


@blueprint.route("/new", methods=["GET", "POST"])
@permission_required(Permission.author_content)
def new_workshop() -> Response | str:
    form = _workshop_form()
    if form.validate_on_submit():
        try:
            created = services.create_workshop(current_user, _draft(form))
        except services.WorkshopError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Workshop created: now add its sessions."), "success")
            return redirect(url_for("lms.workshops.new_session", workshop_id=created.id))
    return render_template("lms/workshops/edit.html", form=form, workshop=None)


@blueprint.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.author_content)
def edit_workshop(workshop_id: int) -> Response | str:
    found = _workshop(workshop_id)
    form = _workshop_form(found)
    if form.validate_on_submit():
        try:
            services.update_workshop(found, _draft(form))
        except services.WorkshopError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Workshop saved."), "success")
            return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))
    return render_template("lms/workshops/edit.html", form=form, workshop=found)


@blueprint.route("/<int:workshop_id>/copy", methods=["GET", "POST"])
@permission_required(Permission.author_content)
def copy_workshop(workshop_id: int) -> Response | str:
    found = _workshop(workshop_id)
    form = CopyForm()
    if form.validate_on_submit():
        shift = timedelta(weeks=form.weeks.data or 0)
        copy = services.copy_workshop(current_user, found, shift)
        db.session.commit()
        flash(_("Copy made: check its sessions."), "success")
        return redirect(url_for("lms.workshops.workshop", workshop_id=copy.id))
    return render_template("lms/workshops/copy.html", form=form, workshop=found)


@blueprint.post("/<int:workshop_id>/cancel")
@permission_required(Permission.author_content)
def cancel_workshop(workshop_id: int) -> Response:
    found = _workshop(workshop_id)
    try:
        told = services.cancel_workshop(found)
    except services.WorkshopError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        record(
            Action.workshop_cancelled,
            object_type="lms_workshop",
            object_id=found.id,
            details={"told": len(told)},
        )
        db.session.commit()
        flash(_("Workshop cancelled; %(num)s people were told.", num=len(told)), "success")
    return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))


def _session_form(session: WorkshopSession | None = None) -> SessionForm:
    form = SessionForm(services.trainers())
    if session is not None and request.method == "GET":
        form.title.data = session.title
        form.starts_at.data = to_local(session.starts_at, session.time_zone).replace(tzinfo=None)
        form.ends_at.data = to_local(session.ends_at, session.time_zone).replace(tzinfo=None)
        form.time_zone.data = session.time_zone
        form.mode.data = session.mode.value
        form.venue.data = session.venue
        form.join_url.data = session.join_url
        form.capacity_in_person.data = session.capacity_in_person
        form.capacity_online.data = session.capacity_online
        form.facilitator.data = session.facilitator_id or 0
        form.required.data = session.required
    return form


def _session_draft(form: SessionForm) -> services.SessionDraft | None:
    """The draft, its times in UTC; None (with the message on the field) for an unknown zone."""
    zone = (form.time_zone.data or "").strip()
    if not is_known_zone(zone):
        add_error(
            form.time_zone,
            _("“%(zone)s” is not a time zone we know: use a name such as Asia/Almaty.", zone=zone),
        )
        return None
    assert form.starts_at.data is not None  # DataRequired
    assert form.ends_at.data is not None
    return services.SessionDraft(
        starts_at=to_utc(form.starts_at.data, zone),
        ends_at=to_utc(form.ends_at.data, zone),
        time_zone=zone,
        mode=SessionMode(form.mode.data),
        title=form.title.data or "",
        venue=form.venue.data or "",
        join_url=form.join_url.data or "",
        capacity_in_person=form.capacity_in_person.data or 0,
        capacity_online=form.capacity_online.data or 0,
        facilitator_id=form.facilitator.data or None,
        required=bool(form.required.data),
    )


@blueprint.route("/<int:workshop_id>/sessions/new", methods=["GET", "POST"])
@permission_required(Permission.author_content)
def new_session(workshop_id: int) -> Response | str:
    found = _workshop(workshop_id)
    form = _session_form()
    if form.validate_on_submit() and (draft := _session_draft(form)) is not None:
        try:
            services.add_session(found, draft)
        except services.WorkshopError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Session added."), "success")
            return redirect(url_for("lms.workshops.workshop", workshop_id=found.id))
    return render_template(
        "lms/workshops/session_form.html", form=form, workshop=found, session=None
    )


@blueprint.route("/<int:workshop_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.author_content)
def edit_session(workshop_id: int, session_id: int) -> Response | str:
    session = _session(workshop_id, session_id)
    form = _session_form(session)
    if form.validate_on_submit() and (draft := _session_draft(form)) is not None:
        try:
            services.update_session(session, draft)
            registration.lock_places(session.workshop)
            registration.fill_places(session.workshop)  # more places: the waitlist moves up
        except services.WorkshopError as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            return redirect(url_for("lms.workshops.workshop", workshop_id=workshop_id))
    return render_template(
        "lms/workshops/session_form.html", form=form, workshop=session.workshop, session=session
    )


@blueprint.post("/<int:workshop_id>/sessions/<int:session_id>/cancel")
@permission_required(Permission.author_content)
def cancel_session(workshop_id: int, session_id: int) -> Response:
    session = _session(workshop_id, session_id)
    try:
        told = services.cancel_session(session)
    except services.WorkshopError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        record(
            Action.workshop_cancelled,
            object_type="lms_workshop_session",
            object_id=session.id,
            details={"workshop_id": workshop_id, "told": len(told)},
        )
        db.session.commit()
        flash(_("Session cancelled; %(num)s people were told.", num=len(told)), "success")
    return redirect(url_for("lms.workshops.workshop", workshop_id=workshop_id))


# --- a focal point's requests --------------------------------------------------------------


@blueprint.get("/requests")
@permission_required(*DESIGNATIONS.permissions)
def requests() -> str:
    waiting = registration.requests_in(scope_for(current_user, DESIGNATIONS))
    return render_template("lms/workshops/requests.html", waiting=waiting, form=DecisionForm())


@blueprint.post("/requests/<int:registration_id>")
@permission_required(*DESIGNATIONS.permissions)
def decide(registration_id: int) -> Response:
    found = db.session.get(Registration, registration_id)
    scope = scope_for(current_user, DESIGNATIONS)
    if found is None or found.user.country is None or not scope.may_see(found.user.country):
        abort(404)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400, description=_("Choose to approve or decline."))
    approve = form.decision.data == "approve"
    try:
        registration.decide(current_user, found, approve)
    except services.WorkshopError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("lms.workshops.requests"))
    record(
        Action.workshop_request_decided,
        subject_user_id=found.user_id,
        country_id=found.user.country_id,
        object_type="lms_workshop_registration",
        object_id=found.id,
        details={"workshop_id": found.workshop_id, "approved": approve},
    )
    db.session.commit()
    flash(_("Request approved.") if approve else _("Request declined."), "success")
    return redirect(url_for("lms.workshops.requests"))


# --- calendars -----------------------------------------------------------------------------


def _ics(body: bytes, name: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.get("/<int:workshop_id>/sessions/<int:session_id>.ics")
@permission_required(*READERS)
def session_ics(workshop_id: int, session_id: int) -> Response:
    session = _session(workshop_id, session_id)
    holds = registration.holds_place(current_user, session.workshop)
    body = calendars.calendar_of([session], session.workshop.title, show_link=holds)
    return _ics(body, f"workshop-session-{session.id}.ics")


@blueprint.get("/calendar/<token>.ics")
def feed(token: str) -> Response:
    """A person's private feed; the secret address is what opens it (calendar apps sign in
    with nothing else)."""
    person = calendars.person_for_token(token)
    if person is None:
        abort(404)
    body = calendars.calendar_of(calendars.sessions_of(person), _("My CARTIF workshops"), True)
    return _ics(body, "cartif-workshops.ics")


@blueprint.post("/calendar/reset")
@permission_required(*READERS)
def reset_feed() -> Response:
    calendars.reset_feed(current_user)
    db.session.commit()
    flash(_("Your calendar has a new address: the old one no longer works."), "success")
    return redirect(url_for("lms.workshops.index"))


# --- reports -------------------------------------------------------------------------------


@blueprint.get("/<int:workshop_id>/report")
@permission_required(*REPORT_READERS)
def report(workshop_id: int) -> str:
    found = _workshop(workshop_id)
    the_roster = reports.roster(found)
    return render_template(
        "lms/workshops/report.html",
        workshop=found,
        roster=the_roster,
        counts=reports.participant_counts(the_roster),
        summary=reports.feedback_summary(found),
        statuses=ATTENDANCE_STATUS_LABELS,
        modes=ATTENDANCE_MODE_LABELS,
    )


@blueprint.get("/<int:workshop_id>/roster.csv")
@permission_required(*REPORT_READERS)
def roster_csv(workshop_id: int) -> Response:
    found = _workshop(workshop_id)
    return Response(
        reports.roster_csv(reports.roster(found)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="workshop-{found.id}-roster.csv"'},
    )


@blueprint.get("/<int:workshop_id>/sign-in-sheet")
@permission_required(*REPORT_READERS)
def sign_in_sheet(workshop_id: int) -> str:
    found = _workshop(workshop_id)
    return render_template(
        "lms/workshops/sign_in_sheet.html", workshop=found, roster=reports.roster(found)
    )


@blueprint.get("/regional")
@permission_required(*CAPACITY.permissions)
def regional() -> str:
    """Workshops held and attended, by country and area, for the capacity picture."""
    picture = reports.regional_picture(scope_for(current_user, CAPACITY))
    return render_template("lms/workshops/regional.html", picture=picture)
