"""The workbench form and the rubric review form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..forms import select_choices
from .exercise import Rubric


class DraftForm(FlaskForm):
    text = TextAreaField(_l("Your text"), render_kw={"rows": 22, "spellcheck": "true"})
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit for review"))


def rubric_form(rubric: Rubric, final: bool, formdata: object = None) -> FlaskForm:
    """A level and a comment for each criterion, an overall comment, and for the trainer the
    decision."""

    class RubricReview(FlaskForm):
        comment = TextAreaField(
            _l("Overall comment"), validators=[DataRequired(), Length(max=4000)]
        )

    levels = select_choices(
        (str(i), f"{level.label} ({level.points:g})") for i, level in enumerate(rubric.levels)
    )
    for i, criterion in enumerate(rubric.criteria):
        setattr(
            RubricReview,
            f"level_{i}",
            RadioField(criterion.name, choices=levels, validators=[InputRequired()]),
        )
        setattr(
            RubricReview,
            f"comment_{i}",
            TextAreaField(
                _l("Comment"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
            ),
        )
    if final:
        RubricReview.decision = RadioField(
            _l("Decision"),
            validators=[InputRequired()],
            choices=select_choices(
                [("accept", _l("Accept")), ("revise", _l("Revise and resubmit"))]
            ),
        )
    return RubricReview() if formdata is None else RubricReview(formdata=formdata)
