"""Entry point for ``flask --app wsgi`` and for WSGI servers (``gunicorn wsgi:app``)."""

import sys

from cartif_lms import ConfigError, create_app

try:
    app = create_app()
except ConfigError as error:
    # One clear line for the operator, not a traceback.
    sys.exit(f"cartif_lms: configuration error: {error}")
