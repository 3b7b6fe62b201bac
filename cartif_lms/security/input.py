"""Hostile input is refused at the door: one check before every LMS view, so no view has to.

A NUL byte passes Python and SQLite but PostgreSQL refuses it in text (the request would end in
a 500), and bytes that are not UTF-8 (an encoded lone surrogate such as ``%ED%A0%80``) are
replaced or kept percent-encoded by Werkzeug, so a view would store text the client never
meant. JSON can also carry lone surrogates as ``\\ud800`` escapes, which no database can encode.
All of these answer 400 before any view or database query runs.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
#: NUL, or a lone surrogate (only JSON escapes can produce one in a request).
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")

#: The largest id a row can have: ids are INTEGER columns, 32-bit signed on PostgreSQL
#: (SQLite's are 64-bit, so this bound is the stricter of the two).
MAX_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that stops at :data:`MAX_ID`: a larger id matches no route (404).

    Werkzeug's own accepts any length, and the query would then fail (PostgreSQL: "integer out
    of range"; SQLite past 64 bits: OverflowError), a 500 instead of "not found".
    """

    def __init__(self, url_map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def _not_text(raw: bytes) -> bool:
    """True when ``raw`` holds a NUL byte or is not UTF-8."""
    if b"\x00" in raw:
        return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _encoded_not_text(encoded: bytes) -> bool:
    """The same for a query string or form body (percent-decoding is single-pass, so
    ``%2500`` stays the text ``%00``)."""
    return _not_text(unquote_to_bytes(encoded.replace(b"+", b" ")))


def _raw_path() -> bytes:
    # PATH_INFO is the path's bytes as Latin-1 text (PEP 3333); request.path has already
    # replaced bytes that are not UTF-8, so the check must look at the raw bytes.
    path: str = request.environ.get("PATH_INFO", "")
    try:
        return path.encode("latin-1")
    except UnicodeEncodeError:  # a server that decoded it already: check the text itself
        return path.encode("utf-8", "surrogatepass")


def _bad_text(text: str) -> bool:
    return _BAD_CHARACTER.search(text) is not None


def _bad_json(value: Any) -> bool:
    if isinstance(value, str):
        return _bad_text(value)
    if isinstance(value, dict):
        return any(_bad_text(k) or _bad_json(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_json(v) for v in value)
    return False


def _bad_form() -> bool:
    if request.mimetype == "application/x-www-form-urlencoded":
        # Cached, so request.form still parses it afterwards.
        return _encoded_not_text(request.get_data(cache=True))
    # Multipart field values are already text (Werkzeug replaced what was not UTF-8); file
    # contents are binary by nature and are checked by the views that read them.
    return any(_bad_text(k) or _bad_text(v) for k, v in request.form.items(multi=True))


def reject_hostile_input() -> None:
    """400 for a NUL byte or bytes that are not UTF-8 in the path, query, form or JSON body."""
    if _not_text(_raw_path()) or _encoded_not_text(request.query_string):
        abort(400, description=_("The address holds a NUL byte or text that is not UTF-8."))
    if request.mimetype in _FORM_TYPES and _bad_form():
        abort(400, description=_("A form field holds a NUL byte or text that is not UTF-8."))
    if request.is_json and _bad_json(request.get_json(silent=True)):
        abort(400, description=_("The JSON body holds a NUL character or a lone surrogate."))
