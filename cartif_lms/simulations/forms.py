"""The forms of a simulation run. Every move names the round it was made in (``round``), so
a form opened before a deadline and sent after it is refused rather than moved on.

A round page holds several forms, each posted to its own address; their fields have names of
their own (no prefixes: the CSRF check reads ``csrf_token``), and ``templates/simulations/
run.html`` writes the hidden round and token without ids, as ``post_button`` does."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from ..forms import select_choices
from .scenario import Issue


class StartRunForm(FlaskForm):
    title = StringField(_l("Title of the run"), validators=[Optional(), Length(max=200)])
    live = BooleanField(_l("Live, within a workshop session (rounds in minutes)"))
    session = SelectField(_l("Workshop session (a live run starts with it)"), default="")
    chair_email = StringField(
        _l("Chair's e-mail (empty: you chair)"), validators=[Optional(), Email(), Length(max=254)]
    )
    round_minutes = IntegerField(
        _l("Length of each round, in minutes (empty: the scenario's)"),
        validators=[Optional(), NumberRange(min=5, max=20160)],
    )
    submit = SubmitField(_l("Start the run"))


class SeatForm(FlaskForm):
    email = StringField(
        _l("Participant's e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    delegation = SelectField(_l("Delegation"), validators=[InputRequired()])
    seat = SubmitField(_l("Seat"))


class AutoSeatForm(FlaskForm):
    emails = TextAreaField(
        _l("Participants' e-mails, one per line"),
        validators=[DataRequired(), Length(max=20000)],
        render_kw={"rows": 8},
    )
    seat_all = SubmitField(_l("Seat automatically"))


class RoundForm(FlaskForm):
    """A move without fields of its own: accept a package, end a round."""

    round = HiddenField(validators=[InputRequired()])


class StatementForm(RoundForm):
    statement = TextAreaField(
        _l("Statement to the table"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 3},
    )
    submit = SubmitField(_l("Speak"))


class MessageForm(RoundForm):
    to = SelectField(_l("To"), validators=[InputRequired()])
    message = TextAreaField(
        _l("Private message"), validators=[DataRequired(), Length(max=1000)], render_kw={"rows": 3}
    )
    submit = SubmitField(_l("Send privately"))


class CloseForm(RoundForm):
    issue = HiddenField(validators=[InputRequired()])
    reopen = HiddenField()


class CommentForm(FlaskForm):
    comment = TextAreaField(
        _l("Trainer's comments"), validators=[Length(max=6000)], render_kw={"rows": 6}
    )
    save_comment = SubmitField(_l("Save comments"))


class ReflectionForm(FlaskForm):
    reflection = TextAreaField(
        _l("Your reflection"),
        validators=[DataRequired(), Length(min=200, max=6000)],
        render_kw={"rows": 10},
    )
    submit_reflection = SubmitField(_l("Submit reflection"))


def options_form(issues: list[Issue], current: dict[int, str], package: bool) -> Any:
    """One select per issue (``issue_<n>``, ``package_issue_<n>``): positions may leave an
    issue unchanged, a package names every one."""

    class Options(RoundForm):
        submit = SubmitField(_l("Propose this package") if package else _l("Propose"))

    for issue in issues:
        choices = [(o.key, f"{o.key}) {o.label}") for o in issue.options]
        if not package:
            choices.insert(0, ("", _l("(no change)")))
        setattr(
            Options,
            field_name(issue, package),
            SelectField(
                f"{issue.number}. {issue.title}",
                choices=select_choices(choices),
                default=current.get(issue.number, "" if not package else issue.options[0].key),
                validators=[Optional()] if not package else [InputRequired()],
            ),
        )
    return Options()


def field_name(issue: Issue, package: bool) -> str:
    return f"{'package_' if package else ''}issue_{issue.number}"


def chosen_options(form: Any, issues: list[Issue], package: bool) -> dict[int, str]:
    """The options a form names, issue number -> key (unchanged issues left out)."""
    options = {}
    for issue in issues:
        value = form[field_name(issue, package)].data
        if value:
            options[issue.number] = str(value)
    return options


def round_number(form: RoundForm) -> int:
    """The round the form was made in; 0 (never open) for anything but a small number."""
    raw = str(form.round.data or "")
    return int(raw) if raw.isdigit() and len(raw) < 4 else 0
