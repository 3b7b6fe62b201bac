"""``POST /language``: the switch in every page's footer (a form: it needs no JavaScript)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import db
from ..i18n import LANGUAGE_NAMES, SUPPORTED_LOCALES
from ..security.redirects import safe_next
from .language import LanguageRefused, choose_language

blueprint = Blueprint("language", __name__)


#: The switch's choices, each by its own name.
_CHOICES = [(code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES]


def this_page() -> str:
    """The address of the page being shown, for the switch to come back to."""
    return request.script_root + request.full_path.removesuffix("?")


@blueprint.app_context_processor
def _languages() -> dict[str, object]:
    return {"lms_languages": _CHOICES, "lms_this_page": this_page}


@blueprint.post("/language")
def choose() -> Response:
    try:
        choose_language(current_user, request.form.get("locale", ""))
    except LanguageRefused as refusal:
        abort(400, description=str(refusal))
    db.session.commit()
    # Back to the page the switch was on, if it is one of this site's; else home.
    return redirect(safe_next(request.form.get("next")) or url_for("lms.core.home"))
