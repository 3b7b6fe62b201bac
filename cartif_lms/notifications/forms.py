"""The notification page's forms (CSRF through Flask-WTF)."""

from flask_wtf import FlaskForm


class MarkAllReadForm(FlaskForm):
    pass
