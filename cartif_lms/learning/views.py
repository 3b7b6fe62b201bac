"""Catalogue, track, module and item pages, and "Mark as complete"."""

from typing import Any, Protocol

from babel import Locale
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from .. import db
from ..content.kinds import kind_of
from ..content.models import Track
from ..content.snapshot import cached_fragment, current_snapshot, localized
from ..directory.services import list_areas
from . import services

blueprint = Blueprint("learning", __name__)


@blueprint.before_request
@login_required
def _signed_in_only() -> None:
    return None


def item_url(item: Any) -> str:
    """The page of an item (an Item row or its snapshot)."""
    track, module, slug = item.slug.split("/")
    return url_for("lms.learning.item", track=track, module=module, item=slug)


def complete_url(item: Any) -> str:
    track, module, slug = item.slug.split("/")
    return url_for("lms.learning.complete_item", track=track, module=module, item=slug)


def module_url(module: Any) -> str:
    track, slug = module.slug.split("/")
    return url_for("lms.learning.module", track=track, module=slug)


def track_url(item: Any) -> str:
    """The page of the track an item (a row or its snapshot) belongs to."""
    return url_for("lms.learning.track", track=item.slug.split("/")[0])


@blueprint.app_context_processor
def _url_helpers() -> dict[str, object]:
    return {
        "item_url": item_url,
        "module_url": module_url,
        "complete_url": complete_url,
        "track_url": track_url,
    }


#: The note over a page shown in English because the reader's language has no variant yet.
_FALLBACK_NOTES = {
    "track": _l("This track is not yet available in %(language)s; showing the English original."),
    "module": _l("This module is not yet available in %(language)s; showing the English original."),
    "lesson": _l("This lesson is not yet available in %(language)s; showing the English original."),
    "quiz": _l("This quiz is not yet available in %(language)s; showing the English original."),
    "exercise": _l(
        "This exercise is not yet available in %(language)s; showing the English original."
    ),
}


class _InALanguage(Protocol):
    """A text shown to one reader (``Localized``, a quiz's ``ShownQuestions``)."""

    @property
    def fallback(self) -> bool: ...

    @property
    def locale(self) -> str: ...


def fallback_note(text: _InALanguage, what: str) -> str:
    """The note for ``text`` shown in English to a reader of another language ("" if none)."""
    if not text.fallback:
        return ""
    language = Locale.parse(text.locale).get_display_name(str(get_locale() or "en"))
    return str(_FALLBACK_NOTES.get(what, _FALLBACK_NOTES["lesson"])) % {"language": language}


@blueprint.app_context_processor
def _translations() -> dict[str, object]:
    """``tr(obj)``: a track, module or item in the reader's language (from the snapshot)."""
    return {
        "tr": lambda obj: localized(obj, str(get_locale() or "en")),
        "fallback_note": fallback_note,
    }


@blueprint.get("/catalog")
def catalogue() -> str:
    area = request.args.get("area") or None
    sections = services.catalogue(area)
    return render_template(
        "lms/learning/catalogue.html",
        sections=sections,
        areas=list_areas(),
        area=area,
        progress=services.track_progress(current_user),
    )


def _track_or_404(slug: str) -> Track:
    return services.track_by_slug(slug) or abort(404)


@blueprint.get("/tracks/<track>/")
def track(track: str) -> str:
    found = _track_or_404(track)
    modules = services.active_modules(found)
    return render_template(
        "lms/learning/track.html",
        track=found,
        modules=modules,
        progress=services.module_progress(current_user, [m.id for m in modules]),
        locks=services.locked_modules(current_user, [m.id for m in modules]),
        next_item=services.next_open_item(current_user, found),
    )


@blueprint.get("/tracks/<track>/<module>/")
def module(track: str, module: str) -> str:
    found = services.module_by_slug(f"{track}/{module}") or abort(404)
    items = services.active_items(found)
    return render_template(
        "lms/learning/module.html",
        module=found,
        items=items,
        locked_by=services.unfinished_prerequisites(current_user, found.id),
        done=services.completed_ids(current_user),
        progress=services.module_progress(current_user, [found.id]).get(found.id),
    )


@blueprint.app_errorhandler(services.TrainingRefused)
def _refused(refusal: services.TrainingRefused) -> tuple[str, int]:
    """Any route the take-training rule refuses: 403, with what to do instead."""
    return render_template("lms/learning/locked.html", access=refusal.access), 403


@blueprint.get("/tracks/<track>/<module>/<item>")
def item(track: str, module: str, item: str) -> str | tuple[str, int]:
    page = services.item_page(current_user, f"{track}/{module}/{item}") or abort(404)
    if not page.access.may_open:
        # The content never reaches a browser that may not open it yet.
        raise services.TrainingRefused(page.access)
    # The article (title, text, colour key) is the same for everyone: render it once.
    snapshot, locale = current_snapshot(), str(get_locale() or "en")
    article = cached_fragment(
        snapshot,
        page.item.id,
        locale,
        lambda: render_template(
            "lms/learning/_article.html",
            item=page.item,
            text=localized(page.item, locale, snapshot),
        ),
    )
    return render_template(
        "lms/learning/item.html",
        page=page,
        article=Markup(article),
        # What the item's kind shows below the text: a quiz's attempts, the way to a workbench.
        panel=kind_of(page.item).panel(current_user, page.item, page.access),
    )


@blueprint.post("/tracks/<track>/<module>/<item>/complete")
def complete_item(track: str, module: str, item: str) -> Response:
    found = services.item_by_slug(f"{track}/{module}/{item}") or abort(404)
    try:
        outcome = services.mark_complete(current_user, found)  # the take-training rule inside
    except services.CompletionRefused as refusal:
        abort(409, description=str(refusal))
    db.session.commit()
    if outcome.track_completed:
        flash(
            _("You have completed the track “%(title)s”.", title=found.module.track.title),
            "success",
        )
    step = services.next_step_after(current_user, found)
    return redirect(
        item_url(step.item)
        if step.item
        else url_for("lms.learning.track", track=found.module.track.slug)
    )
