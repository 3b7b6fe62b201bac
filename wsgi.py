"""Entry point for ``flask --app wsgi`` and for WSGI servers (``gunicorn wsgi:app``)."""

import gc
import sys

from cartif_lms import ConfigError, create_app
from cartif_lms.app_setup import freeze_when_warm

try:
    app = create_app()
except ConfigError as error:
    # One clear line for the operator, not a traceback.
    sys.exit(f"cartif_lms: configuration error: {error}")

# The app's own objects (modules, mappers, compiled routes) live as long as the process: frozen
# out of the collector's reach, a full collection during a request no longer walks them all
# (it was most of the slow tail of big pages such as the facilitator's roster of 500). What
# the first requests build to keep (the content snapshot, caches) is frozen in its turn.
gc.freeze()
freeze_when_warm(app)
