"""Simulation pages: scenarios for trainers, the round page for delegations, the debrief.

A run's pages answer 404 to anyone who is neither seated in it, its chair, nor a trainer; a
participant's pages hold their own delegation's instructions and scoring table only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..auth.models import User
from ..auth.services import find_user_by_email
from ..drafting.exercise import Rubric, treaty_html
from ..i18n import format_moment
from ..security.permissions import Permission, permission_required
from . import services
from .forms import (
    AutoSeatForm,
    CloseForm,
    CommentForm,
    MessageForm,
    ReflectionForm,
    RoundForm,
    SeatForm,
    StartRunForm,
    StatementForm,
    chosen_options,
    options_form,
    round_number,
)
from .models import Reflection, Run, RunDelegation, RunStatus, Seat
from .services import SimulationError

blueprint = Blueprint("simulations", __name__, url_prefix="/simulations")
runners = permission_required(Permission.run_simulations)

STATUS_LABELS = {
    RunStatus.open: _l("Under way"),
    RunStatus.agreed: _l("Agreed"),
    RunStatus.no_agreement: _l("Ended without agreement"),
    RunStatus.cancelled: _l("Cancelled"),
}
SECTION_LABELS = {
    "mandate": _l("Mandate"),
    "priorities": _l("Priorities"),
    "red lines": _l("Red lines"),
    "if there is no agreement": _l("If there is no agreement"),
}


@blueprint.app_context_processor
def labels() -> dict[str, object]:
    return {
        "status_labels": {status.value: label for status, label in STATUS_LABELS.items()},
        "section_labels": SECTION_LABELS,
    }


def _run_or_404(run_id: int) -> Run:
    run = services.run_for(current_user, run_id) or abort(404)
    return services.settle(run)


@blueprint.get("/")
@permission_required(Permission.take_training)
def index() -> str:
    trainer = services.can_run(current_user)
    db.session.commit()  # settling may have ended runs
    return render_template(
        "lms/simulations/index.html",
        mine=services.runs_of(current_user),
        runs=services.all_runs() if trainer else [],
        scenarios=services.active_scenarios() if trainer else [],
        trainer=trainer,
    )


@blueprint.route("/scenarios/<slug>", methods=["GET", "POST"])
@runners
def scenario(slug: str) -> Response | str:
    found = services.scenario_by_slug(slug) or abort(404)
    form = StartRunForm()
    sessions = {str(s.id): s for s in services.sessions_for_live_runs()}
    form.session.choices = [("", _("None: the run goes on over days"))] + [
        (key, f"{s.workshop.title}: {format_moment(s.starts_at)}") for key, s in sessions.items()
    ]
    if form.validate_on_submit():
        try:
            chair = _person(form.chair_email.data) if form.chair_email.data else None
            run = services.start_run(
                current_user,
                found,
                form.title.data or "",
                round_minutes=form.round_minutes.data,
                live=form.live.data,
                session=sessions.get(form.session.data or ""),
                chair=chair,
            )
        except SimulationError as reason:
            db.session.rollback()
            form.form_errors.append(str(reason))
        else:
            db.session.commit()
            flash(_("Run started. Seat the participants in their delegations."), "success")
            return redirect(url_for(".seats", run_id=run.id))
    return render_template("lms/simulations/scenario.html", scenario=found, form=form)


@blueprint.route("/runs/<int:run_id>/seats", methods=["GET", "POST"])
@runners
def seats(run_id: int) -> Response | str:
    run = _run_or_404(run_id)
    form, auto = SeatForm(), AutoSeatForm()
    form.delegation.choices = [(str(d.id), d.name) for d in run.delegations]
    try:
        if form.seat.data and form.validate_on_submit():
            person = _person(form.email.data or "")
            delegation = _delegation(run, form.delegation.data)
            services.seat(run, delegation, person, current_user)
            db.session.commit()
            flash(
                _("%(name)s sits in %(delegation)s.", name=person.name, delegation=delegation.name),
                "success",
            )
            return redirect(url_for(".seats", run_id=run.id))
        if auto.seat_all.data and auto.validate_on_submit():
            people = [_person(line) for line in (auto.emails.data or "").split() if line.strip()]
            services.assign_automatically(run, people, current_user)
            db.session.commit()
            flash(_("%(n)s participants seated.", n=len(people)), "success")
            return redirect(url_for(".seats", run_id=run.id))
    except SimulationError as reason:
        db.session.rollback()
        (auto if auto.seat_all.data else form).form_errors.append(str(reason))
    return render_template(
        "lms/simulations/seats.html", run=run, form=form, auto=auto, seated=services.seated(run)
    )


def _person(email: str) -> User:
    person = find_user_by_email(email.strip())
    if person is None or not person.active:
        raise SimulationError(
            _("No active account has the e-mail %(email)s.", email=email.strip()[:254])
        )
    return person


def _delegation(run: Run, raw: str | None) -> RunDelegation:
    chosen = next((d for d in run.delegations if str(d.id) == str(raw or "")), None)
    if chosen is None:
        raise SimulationError(_("That delegation is not in this run."))
    return chosen


@blueprint.get("/runs/<int:run_id>")
@login_required  # the run's participants, chair and trainers; 404 for anyone else
def run_page(run_id: int) -> str:
    run = _run_or_404(run_id)
    db.session.commit()
    return _round_page(run)


def _round_page(run: Run, **forms: object) -> str:
    seat = services.seat_of(run, current_user)
    issues = services.issues_of(run)
    held, closed = services.positions(run), services.closures(run)  # read once for the page
    own = held.get(seat.delegation_id, {}) if seat else {}
    current = services.current_round(run)
    number = str(current.number) if current else "0"
    defaults = {
        "positions": options_form(issues, own, package=False),
        "package": options_form(issues, {**own, **closed}, package=True),
        "statement": StatementForm(),
        "message": MessageForm(),
    }
    defaults.update(forms)
    defaults["message"].to.choices = [
        (str(d.id), d.name) for d in run.delegations if not seat or d.id != seat.delegation_id
    ]
    return render_template(
        "lms/simulations/run.html",
        run=run,
        seat=seat,
        issues=issues,
        current=current,
        positions=held,
        closed=closed,
        text_html=treaty_html(services.consolidated_text(run)),
        packages=services.open_packages(run),
        moves=services.visible_moves(run, current_user),
        chair=services.is_chair(run, current_user),
        trainer=services.can_run(current_user),
        forms=defaults,
        round_number=number,
    )


@blueprint.get("/runs/<int:run_id>/delegations/<int:delegation_id>")
@login_required  # one's own delegation (trainers: any); 404 for every other
def instructions(run_id: int, delegation_id: int) -> str:
    """A delegation's confidential instructions and scoring table on a page of their own (to
    print or keep open beside the table)."""
    run = _run_or_404(run_id)
    delegation = services.delegation_for(current_user, run, delegation_id) or abort(404)
    return render_template(
        "lms/simulations/instructions.html",
        run=run,
        delegation=delegation,
        issues=services.issues_of(run),
    )


def _seat_or_404(run: Run) -> Seat:
    return services.seat_of(run, current_user) or abort(404)


def _moved(run: Run, message: str) -> Response:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".run_page", run_id=run.id))


def _refused(run: Run, reason: Exception, **forms: object) -> tuple[str, int]:
    db.session.rollback()
    flash(str(reason), "error")
    return _round_page(services.settle(run), **forms), 409


def _seated_move(
    run_id: int,
    key: str,
    make_form: Callable[[Run, Seat], Any],
    move: Callable[[Run, Seat, Any], Any],
    invalid: str,
) -> Response | tuple[str, int]:
    """One move of a seated participant: the form ``make_form`` builds, checked, then
    ``move`` (which answers what to tell them); a refusal re-renders the round page with the
    form (as ``forms[key]``) and why, and changes nothing."""
    run = _run_or_404(run_id)
    seat = _seat_or_404(run)
    form = make_form(run, seat)
    if not form.validate_on_submit():
        return _refused(run, SimulationError(invalid), **{key: form})
    try:
        done = move(run, seat, form)
    except SimulationError as reason:
        return _refused(run, reason, **{key: form})
    return _moved(run, done)


@blueprint.post("/runs/<int:run_id>/positions")
@login_required  # a seat in the run, else 404
def propose(run_id: int) -> Response | tuple[str, int]:
    def move(run: Run, seat: Seat, form: Any) -> Any:  # what to tell them (translated)
        options = chosen_options(form, services.issues_of(run), False)
        services.propose_positions(seat, round_number(form), options)
        return _("Your positions are on the table.")

    return _seated_move(
        run_id,
        "positions",
        lambda run, _seat: options_form(services.issues_of(run), {}, package=False),
        move,
        _("Choose options offered by the text."),
    )


@blueprint.post("/runs/<int:run_id>/packages")
@login_required  # a seat in the run, else 404
def package(run_id: int) -> Response | tuple[str, int]:
    def move(run: Run, seat: Seat, form: Any) -> Any:  # what to tell them (translated)
        options = chosen_options(form, services.issues_of(run), True)
        services.propose_package(seat, round_number(form), options)
        return _("Your package is on the table.")

    return _seated_move(
        run_id,
        "package",
        lambda run, _seat: options_form(services.issues_of(run), {}, package=True),
        move,
        _("A package names an option for every issue."),
    )


@blueprint.post("/runs/<int:run_id>/packages/<int:package_id>/accept")
@login_required  # a seat in the run, else 404
def accept(run_id: int, package_id: int) -> Response | tuple[str, int]:
    def move(run: Run, seat: Seat, form: Any) -> Any:  # what to tell them (translated)
        if services.accept_package(seat, package_id, round_number(form)):
            return _("Agreement: every delegation accepted the package.")
        return _("You accepted the package.")

    return _seated_move(
        run_id,
        "plain",
        lambda _run, _seat: RoundForm(),
        move,
        _("The form has expired; try again."),
    )


@blueprint.post("/runs/<int:run_id>/statements")
@login_required  # a seat in the run, else 404
def statement(run_id: int) -> Response | tuple[str, int]:
    def move(run: Run, seat: Seat, form: Any) -> Any:  # what to tell them (translated)
        services.make_statement(seat, round_number(form), form.statement.data or "")
        return _("Your statement is on the table.")

    return _seated_move(
        run_id,
        "statement",
        lambda _run, _seat: StatementForm(),
        move,
        _("A statement is 1 to 1,000 characters."),
    )


def _message_form(run: Run, seat: Seat) -> MessageForm:
    form = MessageForm()
    form.to.choices = [(str(d.id), d.name) for d in run.delegations if d.id != seat.delegation_id]
    return form


@blueprint.post("/runs/<int:run_id>/messages")
@login_required  # a seat in the run, else 404
def message(run_id: int) -> Response | tuple[str, int]:
    def move(run: Run, seat: Seat, form: Any) -> Any:  # what to tell them (translated)
        to = _delegation(run, form.to.data)
        services.send_message(seat, round_number(form), to, form.message.data or "")
        return _("Message sent.")

    return _seated_move(
        run_id, "message", _message_form, move, _("Choose a delegation and write a message.")
    )


@blueprint.post("/runs/<int:run_id>/close")
@login_required  # the run's participants, chair and trainers; 404 for anyone else
def close(run_id: int) -> Response | tuple[str, int]:
    run = _run_or_404(run_id)
    form = CloseForm()
    issue = str(form.issue.data or "")
    if not form.validate_on_submit() or not issue.isdigit() or len(issue) > 3:
        return _refused(run, SimulationError(_("Choose an issue to close.")))
    try:
        if form.reopen.data:
            services.reopen_issue(current_user, run, int(issue), round_number(form))
            done = _("The bracket is open again.")
        else:
            services.close_issue(current_user, run, int(issue), round_number(form))
            done = _("The bracket is closed.")
    except SimulationError as reason:
        return _refused(run, reason)
    return _moved(run, done)


@blueprint.post("/runs/<int:run_id>/next-round")
@login_required  # the run's participants, chair and trainers; 404 for anyone else
def next_round(run_id: int) -> Response | tuple[str, int]:
    run = _run_or_404(run_id)
    if not RoundForm().validate_on_submit():
        return _refused(run, SimulationError(_("The form has expired; try again.")))
    try:
        services.end_round_now(current_user, run)
    except SimulationError as reason:
        return _refused(run, reason)
    return _moved(run, _("The round has ended."))


@blueprint.post("/runs/<int:run_id>/cancel")
@runners
def cancel(run_id: int) -> Response | tuple[str, int]:
    run = _run_or_404(run_id)
    if not RoundForm().validate_on_submit():
        return _refused(run, SimulationError(_("The form has expired; try again.")))
    try:
        services.cancel_run(current_user, run)
    except SimulationError as reason:
        return _refused(run, reason)
    return _moved(run, _("The run is cancelled."))


@blueprint.route("/runs/<int:run_id>/debrief", methods=["GET", "POST"])
@login_required  # the run's participants, chair and trainers; 404 for anyone else
def debrief(run_id: int) -> Response | str:
    run = _run_or_404(run_id)
    if not run.status.ended or run.status is RunStatus.cancelled:
        abort(404)  # a debrief is of a run that was played to its end
    seat = services.seat_of(run, current_user)
    trainer = services.can_run(current_user)
    comment, reflection_form = CommentForm(), ReflectionForm()
    try:
        if trainer and comment.save_comment.data and comment.validate_on_submit():
            services.comment_on(current_user, run, comment.comment.data or "")
            return _saved(run, _("Comments saved."))
        if seat and reflection_form.submit_reflection.data and reflection_form.validate_on_submit():
            services.submit_reflection(current_user, run, reflection_form.reflection.data or "")
            return _saved(run, _("Reflection submitted."))
    except SimulationError as reason:
        db.session.rollback()
        reflection_form.form_errors.append(str(reason))
    db.session.commit()
    if not comment.save_comment.data:
        comment.comment.data = run.trainer_comment
    mine = next((r for r in services.reflections(run) if r.user_id == current_user.id), None)
    if mine and not reflection_form.submit_reflection.data:
        reflection_form.reflection.data = mine.text
    return render_template(
        "lms/simulations/debrief.html",
        run=run,
        seat=seat,
        trainer=trainer,
        result=services.debrief(run),
        comment=comment,
        reflection_form=reflection_form,
        mine=mine,
        reflections=services.reflections(run) if trainer else [],
        rubric=services.rubric_of(run),
    )


def _saved(run: Run, message: str) -> Response:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".debrief", run_id=run.id))


@blueprint.route("/reflections/<int:reflection_id>", methods=["GET", "POST"])
@runners
def grade(reflection_id: int) -> Response | str:
    from ..drafting.forms import rubric_form

    reflection = db.session.get(Reflection, reflection_id) or abort(404)
    run = db.session.get_one(Run, reflection.run_id)
    rubric: Rubric = services.rubric_of(run) or abort(404)
    form = rubric_form(rubric, final=False)
    if reflection.graded_at is None and form.validate_on_submit():
        levels = [int(form[f"level_{i}"].data) for i in range(len(rubric.criteria))]
        try:
            services.grade_reflection(current_user, reflection, levels, form.comment.data or "")
        except SimulationError as reason:
            db.session.rollback()
            form.form_errors.append(str(reason))
        else:
            db.session.commit()
            flash(_("Reflection graded."), "success")
            return redirect(url_for(".debrief", run_id=run.id))
    return render_template(
        "lms/simulations/grade.html", reflection=reflection, run=run, rubric=rubric, form=form
    )
