"""Mail to a person, written as they read: in their language, with times in their zone.

Every mail the LMS sends goes through :func:`mail_to`: its subject and its template (under
``templates/mail/``) are rendered inside :func:`cartif_lms.i18n.reading_as` the recipient, so
a Russian-speaking focal point in Almaty gets Russian text and Almaty times even when the
action that sent it was made by an English-speaking trainer in Manila, or by a command.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from flask import render_template

from ..i18n import current_language, reading_as
from .models import MailMessage
from .outbox import queue_mail


class Recipient(Protocol):
    """Who a mail is for: an account (``auth.models.User``), or :class:`Reader`."""

    @property
    def email(self) -> str: ...

    @property
    def locale(self) -> str | None: ...

    @property
    def time_zone(self) -> str | None: ...


@dataclass(frozen=True)
class Reader:
    """A recipient without an account (someone asking for one): English and UTC unless known."""

    email: str
    locale: str | None = None
    time_zone: str | None = None


def mail_to(recipient: Recipient, subject: Any, template: str, **context: Any) -> MailMessage:
    """Queue ``lms/mail/<template>`` to ``recipient``, in their language and time zone.

    ``subject`` is a lazy string (``lazy_gettext``), and so is any value of ``context`` that
    needs translating (``flask_babel.speaklater.LazyString`` for a computed one): they are
    turned into text here, in the recipient's language, not in the sender's. The template
    sees ``person`` (the recipient) and ``context``.
    """
    with reading_as(recipient.locale, recipient.time_zone):
        body = render_template(f"lms/mail/{template}", person=recipient, **context)
        subject_text = str(subject)
        language = current_language()
    return queue_mail(recipient.email, subject_text, body, language)
