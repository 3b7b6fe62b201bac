"""Trainers' forms: a GIFT bank, essay grades."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp


class BankForm(FlaskForm):
    name = StringField(
        _l("Bank name"),
        validators=[
            DataRequired(),
            Length(max=120),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message=_l("Use lower-case letters, digits and hyphens."),
            ),
        ],
    )
    source = TextAreaField(_l("GIFT text"), render_kw={"rows": 18, "spellcheck": "false"})
    upload = FileField(_l("…or upload a .gift file"))
    check = SubmitField(_l("Check"))
    save = SubmitField(_l("Save bank"))


def essay_grading_form(keys: list[str], formdata: object = None) -> FlaskForm:
    """A form with a grade (0-100 %) and a comment for each essay of an attempt."""

    class EssayGrades(FlaskForm):
        pass

    for key in keys:
        setattr(
            EssayGrades,
            f"grade_{key}",
            IntegerField(_l("Grade (%)"), validators=[InputRequired(), NumberRange(0, 100)]),
        )
        setattr(
            EssayGrades,
            f"comment_{key}",
            TextAreaField(
                _l("Comment for the learner"),
                validators=[DataRequired(), Length(max=4000)],
                render_kw={"rows": 4},
            ),
        )
    return EssayGrades() if formdata is None else EssayGrades(formdata=formdata)
