"""The certificate pages' forms (CSRF through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

#: A reason is kept with the certificate and shown on its public page.
REASON_MAX = 500


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Say why the certificate is revoked.")),
            Length(max=REASON_MAX, message=_l("At most %(max)d characters.")),
        ],
    )


class FindCertificateForm(FlaskForm):
    """Look a certificate up by its code (a GET form: nothing changes)."""

    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[Length(max=32)])
