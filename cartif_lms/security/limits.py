"""Every LMS request has a body size limit, ``LMS_MAX_REQUEST_BYTES`` (2 MiB by default).

Set per request, on LMS routes only, so a host application's own limits are left alone. The
same number bounds one multipart form field (Flask's own 500 kB would refuse a 600 kB quiz bank
pasted into the upload form with a bare 413), so below the request limit what a view accepts is
decided by the view, which says why (a bank stops at 1 MB, a draft at 200 KB).
"""

from flask import abort, current_app, request
from flask_babel import gettext as _


def limit_request_size() -> None:
    """413 before anything reads a body over the limit (a page for people, JSON for the API)."""
    limit = current_app.config["LMS_MAX_REQUEST_BYTES"]
    # Werkzeug enforces these while reading, which also covers a body sent without a length.
    request.max_content_length = limit
    request.max_form_memory_size = limit
    size = request.content_length
    if size is not None and size > limit:
        abort(
            413,
            description=_(
                "This request is %(size)s KB; the site accepts at most %(limit)s KB. "
                "Send a shorter text or a smaller file.",
                size=-(-size // 1024),
                limit=limit // 1024,
            ),
        )
