"""CARTIF LMS: training for the negotiators of the CAREC Trade and Investment Facilitation
Partnership Agreement, as a Flask application or a plugin in a host application."""

from .app import create_app
from .config import ConfigError
from .extension import LMS

__all__ = ["LMS", "ConfigError", "create_app"]
