"""Readiness assessments, TA-need status, trainers' direct assessments."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import select_choices

LEVELS = select_choices(
    [
        ("0", _l("0 · none")),
        ("1", _l("1 · awareness")),
        ("2", _l("2 · working knowledge")),
        ("3", _l("3 · proficient")),
    ]
)


def _level(label: str) -> SelectField:
    return SelectField(label, choices=LEVELS, validators=[DataRequired()])


class ReadinessForm(FlaskForm):
    institutional_coordination = _level(_l("Institutional coordination"))
    legal_mapping = _level(_l("Legal mapping of obligations"))
    technical_expertise = _level(_l("Technical expertise"))
    negotiating_experience = _level(_l("Negotiating experience"))
    notes = TextAreaField(
        _l("Notes from the interviews"), validators=[Length(max=4000)], render_kw={"rows": 5}
    )


class NeedStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=select_choices(
            [("open", _l("open")), ("planned", _l("planned")), ("addressed", _l("addressed"))]
        ),
    )
    note = TextAreaField(
        _l("Note"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )


class AssessmentForm(FlaskForm):
    email = EmailField(_l("Person's email"), validators=[DataRequired(), Email()])
    competency = SelectField(_l("Competency"))
    level = _level(_l("Level shown"))
    note = TextAreaField(
        _l("What you observed"),
        validators=[DataRequired(), Length(max=1000)],
        render_kw={"rows": 3},
    )
