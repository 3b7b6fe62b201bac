"""The LMS as a Flask extension: ``LMS(app, url_prefix="/training")`` or ``lms.init_app(app)``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any

from flask import Blueprint, Flask, Response
from jinja2 import BaseLoader, FileSystemLoader, PrefixLoader

from . import db
from .config import apply_flask_settings, load_settings
from .resources import static_dir, templates_dir
from .static_assets import add_fingerprint, prepare_static_response

#: Templates are addressed as "lms/<folder>/<name>.html", so a host's templates never clash
#: (and a host may deliberately override one by shipping the same name).
TEMPLATE_PREFIX = "lms"


class LMSBlueprint(Blueprint):
    @cached_property
    def jinja_loader(self) -> BaseLoader | None:
        return PrefixLoader({TEMPLATE_PREFIX: FileSystemLoader(str(templates_dir()))})

    def send_static_file(self, filename: str) -> Response:
        # Compressed whole, and cached for a year under a fingerprinted URL (static_assets).
        return prepare_static_response(super().send_static_file(filename), filename)


class LMS:
    """Mounts the whole LMS (pages, API, CLI, database) on a Flask application."""

    def __init__(
        self,
        app: Flask | None = None,
        url_prefix: str = "",
        config: Mapping[str, Any] | None = None,
        map_host_user: Callable[[Any], Any] | None = None,
    ) -> None:
        self.url_prefix = url_prefix
        self.config = config
        self.map_host_user = map_host_user
        if app is not None:
            self.init_app(app, url_prefix, config)

    def init_app(
        self,
        app: Flask,
        url_prefix: str | None = None,
        config: Mapping[str, Any] | None = None,
        map_host_user: Callable[[Any], Any] | None = None,
    ) -> None:
        """Mount the LMS. In a host that has its own Flask-Login, ``map_host_user(host_user)``
        gives the LMS account of the host's signed-in user (default: found or made by e-mail;
        see ``cartif_lms.auth.identity``)."""
        prefix = (self.url_prefix if url_prefix is None else url_prefix).rstrip("/")
        apply_flask_settings(app, load_settings(app, config or self.config))
        db.init_app(app, prefix)
        from . import kinds  # noqa: F401  (importing it registers the shipped item kinds)
        from .app_setup import register_blueprints, register_cli, register_i18n, register_login

        register_login(app, map_host_user or self.map_host_user)
        register_i18n(app)
        register_blueprints(app, _root_blueprint(), prefix)
        register_cli(app)
        from .capacity import receivers as capacity_receivers
        from .certificates import receivers as certificate_receivers
        from .drafting import receivers as drafting_receivers

        capacity_receivers.connect()
        certificate_receivers.connect()
        drafting_receivers.connect()
        from .workshops import completion as workshop_completion

        workshop_completion.connect()
        from .cli import lms_group
        from .notifications import setup as notifications_setup

        notifications_setup.init_app(app, lms_group)


def _root_blueprint() -> LMSBlueprint:
    root = LMSBlueprint(
        "lms",
        __name__,
        static_folder=str(static_dir()),
        static_url_path="/static",
    )
    root.url_defaults(add_fingerprint)  # url_for('lms.static', ...) names the file's content
    return root
