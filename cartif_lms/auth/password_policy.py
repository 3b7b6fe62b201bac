"""The one password rule: long enough, and not guessable by zxcvbn (score 3 of 4 at least).

Used wherever a password is chosen: one's own change, a reset link, an administrator's
create or reset, and ``lms create-user``. zxcvbn estimates how many guesses a password takes
against common passwords, words, names, dates, keyboard patterns and l33t spellings, and also
against the person's own name and e-mail (``user_inputs``); its feedback is the reason given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MIN_SCORE = 3
#: zxcvbn gets slow on very long input; beyond this it is long enough anyway.
_CHECKED_LENGTH = 100


def personal_words(*texts: str | None) -> list[str]:
    """What zxcvbn should treat as known: each text whole and its words (name, e-mail)."""
    words: list[str] = []
    for text in texts:
        if text:
            words.append(text.lower())
            words.extend(w for w in re.split(r"[\s@._+-]+", text.lower()) if len(w) >= 3)
    return words


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why ``password`` is refused, for the person choosing it; None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        too_short: str = _("The password needs at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        return too_short
    result = zxcvbn(password[:_CHECKED_LENGTH], user_inputs=list(user_inputs))
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result["feedback"]
    details = " ".join([feedback.get("warning") or "", *feedback.get("suggestions", [])]).strip()
    reason: str = _("This password is too easy to guess.")
    return f"{reason} {details}" if details else reason
