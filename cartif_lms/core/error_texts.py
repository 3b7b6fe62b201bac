"""The titles and standard explanations of error pages in the reader's language.

Werkzeug names each status in English ("Not Found") and gives a default English description;
an error page shows these instead. A description the code gave (``abort(403,
description=...)``, already translated where it is raised) is kept.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

#: Status → (title, the explanation used when the code gave none).
ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    401: (_l("Sign-in required"), _l("Sign in to see this page.")),
    403: (_l("Not allowed"), _l("You may not see this page.")),
    404: (
        _l("Page not found"),
        _l("There is no page at this address. Check the address, or start from the home page."),
    ),
    405: (_l("Method not allowed"), _l("This page cannot be used this way.")),
    409: (_l("Conflict"), _l("This cannot be done in the page's present state.")),
    413: (_l("Too large"), _l("What was sent is too large.")),
    429: (_l("Too many requests"), _l("Too many requests in a short time. Wait a minute.")),
    500: (_l("Server error"), _l("Something went wrong on the server. Try again later.")),
    503: (_l("Service unavailable"), _l("The service is not available. Try again in a minute.")),
}


def error_title(error: HTTPException) -> str:
    """The page's title for ``error``: its status's, translated, else Werkzeug's name."""
    found = ERROR_TEXTS.get(error.code or 500)
    return str(found[0]) if found else error.name


def error_description(error: HTTPException) -> str:
    """What went wrong: the code's own description, else the status's explanation."""
    description = str(error.description or "")
    if description and description != type(error).description:
        return description
    found = ERROR_TEXTS.get(error.code or 500)
    return str(found[1]) if found else description
