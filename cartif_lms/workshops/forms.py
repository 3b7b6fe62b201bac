"""The forms of workshops: a trainer's workshop and session, a participant's place, check-in,
the roster and feedback."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from ..auth.models import User
from ..content.models import Item, Module
from ..directory.models import NegotiatingArea
from ..forms import EARLIEST_DATE, LATEST_DATE, select_choices
from .labels import (
    ATTENDANCE_MODE_LABELS,
    ATTENDANCE_STATUS_LABELS,
    KIND_LABELS,
    POLICY_LABELS,
    SESSION_MODE_LABELS,
)
from .times import CAREC_ZONES

RATING_CHOICES = select_choices((n, str(n)) for n in range(1, 6))


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"), choices=select_choices((k.value, v) for k, v in KIND_LABELS.items())
    )
    area = SelectField(_l("Negotiating area"), coerce=int, validators=[Optional()])
    policy = SelectField(
        _l("Who may register"),
        choices=select_choices((k.value, v) for k, v in POLICY_LABELS.items()),
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    close_hours = IntegerField(
        _l("Registration closes (hours before the first session)"),
        default=24,
        validators=[InputRequired(), NumberRange(min=0, max=24 * 60)],
    )
    attendance_threshold = IntegerField(
        _l("Attendance needed to complete (%)"),
        default=80,
        validators=[InputRequired(), NumberRange(min=1, max=100)],
    )
    post_test = SelectField(_l("Post-test (a quiz)"), coerce=int, validators=[Optional()])
    prereading = SelectMultipleField(
        _l("Pre-reading: modules to finish before the first session"),
        coerce=int,
        validators=[Optional()],
    )
    anonymous_feedback = BooleanField(_l("Feedback is anonymous to the facilitator"), default=True)

    def __init__(
        self,
        areas: list[NegotiatingArea],
        quizzes: list[Item],
        modules: list[Module],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.area.choices = select_choices([(0, _l("None"))] + [(a.id, a.name) for a in areas])
        self.post_test.choices = select_choices(
            [(0, _l("None"))] + [(q.id, q.title) for q in quizzes]
        )
        self.prereading.choices = select_choices((m.id, m.title) for m in modules)


class BoundedDateTimeField(DateTimeLocalField):
    """A date and time between the years the LMS accepts (see cartif_lms.forms)."""

    def pre_validate(self, form: Any) -> None:
        from wtforms.validators import ValidationError

        if self.data is not None and not EARLIEST_DATE <= self.data.date() <= LATEST_DATE:
            raise ValidationError(
                _l(
                    "Choose a date between %(earliest)s and %(latest)s.",
                    earliest=EARLIEST_DATE.isoformat(),
                    latest=LATEST_DATE.isoformat(),
                )
            )


class SessionForm(FlaskForm):
    title = StringField(_l("Title (optional)"), validators=[Length(max=200)])
    starts_at = BoundedDateTimeField(
        _l("Starts (in the session's time zone)"), validators=[DataRequired()]
    )
    ends_at = BoundedDateTimeField(
        _l("Ends (in the session's time zone)"), validators=[DataRequired()]
    )
    time_zone = StringField(
        _l("Time zone"), default="Asia/Almaty", validators=[DataRequired(), Length(max=64)]
    )
    mode = SelectField(
        _l("Mode"), choices=select_choices((k.value, v) for k, v in SESSION_MODE_LABELS.items())
    )
    venue = StringField(_l("Venue"), validators=[Length(max=200)])
    join_url = StringField(
        _l("Online join link"), validators=[Optional(), URL(require_tld=False), Length(max=500)]
    )
    capacity_in_person = IntegerField(
        _l("Places in the room"), default=0, validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    capacity_online = IntegerField(
        _l("Places online"), default=0, validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    facilitator = SelectField(_l("Facilitator"), coerce=int, validators=[Optional()])
    required = BooleanField(_l("Counts for completion"), default=True)

    #: Offered in the page's datalist, beside every other IANA name the field accepts.
    zones = CAREC_ZONES

    def __init__(self, facilitators: list[User], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facilitator.choices = select_choices(
            [(0, _l("None yet"))] + [(p.id, p.name) for p in facilitators]
        )


class CopyForm(FlaskForm):
    weeks = IntegerField(
        _l("Move the copy's sessions by (weeks)"),
        default=4,
        validators=[InputRequired(), NumberRange(min=0, max=520)],
    )


class RegisterForm(FlaskForm):
    mode = SelectField(
        _l("I will take part"),
        choices=select_choices((k.value, v) for k, v in ATTENDANCE_MODE_LABELS.items()),
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code shown by the facilitator"), validators=[DataRequired(), Length(max=12)]
    )


class MarkForm(FlaskForm):
    person = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    status = SelectField(
        _l("Status"),
        choices=select_choices((k.value, v) for k, v in ATTENDANCE_STATUS_LABELS.items()),
    )
    mode = SelectField(
        _l("Mode"),
        choices=select_choices(
            [("", _l("as registered"))] + [(k.value, v) for k, v in ATTENDANCE_MODE_LABELS.items()]
        ),
        validators=[Optional()],
    )


class FeedbackForm(FlaskForm):
    relevance = SelectField(_l("Relevance to your work"), coerce=int, choices=RATING_CHOICES)
    quality = SelectField(_l("Quality of the sessions"), coerce=int, choices=RATING_CHOICES)
    applicability = SelectField(
        _l("How much you can apply in the negotiation"), coerce=int, choices=RATING_CHOICES
    )
    comments = TextAreaField(_l("Comments"), validators=[Length(max=4000)])


class DecisionForm(FlaskForm):
    """Approve or decline (two buttons post the same form with ``decision``)."""

    decision = SelectField(choices=select_choices([("approve", ""), ("decline", "")]))
