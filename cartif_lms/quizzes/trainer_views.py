"""Trainer tools: banks (check, save, preview, export), essay grading, results, learning gain."""

import random

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from .. import db
from ..content.models import Item
from ..security.permissions import PEOPLE, Permission, permission_required
from . import banks, grading, reports, services
from .forms import BankForm, essay_grading_form
from .gift import Question, parse
from .kind import QUIZ
from .models import QuizAttempt

blueprint = Blueprint("quiz_trainer", __name__, url_prefix="/trainer")
authors = permission_required(Permission.author_content)  # banks and their results


@blueprint.get("/banks")
@authors
def bank_list() -> str:
    return render_template("lms/quizzes/banks.html", banks=banks.list_banks())


def _bank_text(form: BankForm) -> str:
    upload = form.upload.data
    if upload and getattr(upload, "filename", ""):
        return banks.decode_upload(upload.read())
    return form.source.data or ""


@blueprint.route("/banks/new", methods=["GET", "POST"])
@authors
def bank_new() -> WerkzeugResponse | str:
    form = BankForm()
    result, preview = None, []
    if form.validate_on_submit():
        try:
            text = _bank_text(form)
            form.source.data = text
            result = banks.check_bank(text, f"{form.name.data}.gift")
            if form.save.data and not result.errors:
                banks.save_browser_bank(form.name.data or "", text)
                db.session.commit()
                flash(_("Bank saved."), "success")
                return redirect(url_for("lms.quiz_trainer.bank_view", slug=form.name.data))
            preview = _preview(result.questions)
        except banks.BankError as error:
            form.form_errors.append(str(error))
    return render_template("lms/quizzes/bank_new.html", form=form, result=result, preview=preview)


def _preview(questions: list[Question]) -> list[grading.Presented]:
    """Questions as a learner would see them (in order, unshuffled)."""
    return [grading.present(q, random.Random(0), shuffle=False)[0] for q in questions]


@blueprint.get("/banks/<slug>")
@authors
def bank_view(slug: str) -> str:
    bank = services.bank_by_slug(slug) or abort(404)
    questions = parse(bank.source).questions
    return render_template(
        "lms/quizzes/bank_view.html", bank=bank, questions=questions, preview=_preview(questions)
    )


@blueprint.get("/banks/<slug>.gift")
@authors
def bank_export(slug: str) -> Response:
    bank = services.bank_by_slug(slug) or abort(404)
    return Response(
        bank.source,
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{bank.slug}.gift"'},
    )


@blueprint.get("/quizzes")
@authors
def quiz_list() -> str:
    return render_template("lms/quizzes/quiz_list.html", quizzes=reports.quiz_items())


@blueprint.get("/quizzes/<int:item_id>")
@authors
def quiz_results(item_id: int) -> str:
    item = db.session.get(Item, item_id)
    if item is None or item.kind != QUIZ.name:
        abort(404)
    return render_template("lms/quizzes/results.html", results=reports.quiz_results(item))


@blueprint.get("/grading")
@permission_required(Permission.review_submissions)
def grading_queue() -> str:
    return render_template("lms/quizzes/grading_queue.html", attempts=services.grading_queue())


def _attempt_awaiting(attempt_id: int) -> QuizAttempt:
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None:
        abort(404)
    return attempt


@blueprint.route("/attempts/<int:attempt_id>/grade", methods=["GET", "POST"])
@permission_required(Permission.review_submissions)
def grade_attempt(attempt_id: int) -> WerkzeugResponse | str:
    attempt = _attempt_awaiting(attempt_id)
    essays = services.essays_to_grade(attempt)
    form = essay_grading_form(essays)
    if form.validate_on_submit():
        grades = {k: (form[f"grade_{k}"].data, form[f"comment_{k}"].data) for k in essays}
        try:
            services.grade_essays(current_user, attempt, grades)
        except services.GradingError as reason:  # e.g. another trainer's grade came first
            db.session.rollback()
            flash(str(reason), "error")
        else:
            db.session.commit()
            flash(_("Grades saved; the learner can see them."), "success")
        return redirect(url_for("lms.quiz_trainer.grading_queue"))
    return render_template(
        "lms/quizzes/grade.html",
        attempt=attempt,
        form=form,
        essays=essays,
        reviewed=services.review(attempt),
    )


@blueprint.get("/learning-gain")
@permission_required(*PEOPLE.permissions)  # its scores are people's: scoped like them
def learning_gain() -> str:
    gains = reports.learning_gains(current_user)
    return render_template(
        "lms/quizzes/learning_gain.html",
        gains=gains,
        by_group=reports.mean_gain_by_country_and_area(gains),
    )
