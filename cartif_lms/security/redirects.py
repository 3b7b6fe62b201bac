"""Where a "next" parameter may send people: a path on this site, nothing else."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

#: Control characters (CR and LF would split the Location header, a 500 in Werkzeug or a
#: header injection elsewhere) and backslashes (browsers read "/\\evil.example" as
#: "//evil.example", another host).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None (an open redirect refused).

    Percent-escaped control characters are refused too: a proxy or a later redirect that
    decodes the path would turn them back into a header break.
    """
    if not target or _UNSAFE.search(target) or _UNSAFE.search(unquote(target)):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
