"""The notification page's forms (CSRF through Flask-WTF)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class MarkAllReadForm(FlaskForm):
    pass


class EmailPreferenceForm(FlaskForm):
    email_me = BooleanField(_l("E-mail me my notifications"))
