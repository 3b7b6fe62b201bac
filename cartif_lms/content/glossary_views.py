"""The glossary page: the curriculum's English–Russian treaty terms, searchable."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from .glossary_search import search_glossary

blueprint = Blueprint("glossary", __name__)


@blueprint.before_request
@login_required
def _signed_in_only() -> None:
    """As the catalogue: the curriculum is for people signed in."""
    return None


@blueprint.get("/glossary")
def index() -> str:
    found = search_glossary(request.args.get("q", ""), request.args.get("area") or None)
    return render_template("lms/content/glossary.html", found=found)
