"""Fingerprinted static URLs, cached for a year, and compressed LMS responses.

Every ``url_for('lms.static', filename=...)`` gets ``?v=<hash of the file's content>``
(``add_fingerprint``, a URL-defaults callback of the LMS blueprint), so templates need no
helper of their own. A request whose ``v`` is the file's current hash is cached by browsers
and proxies for a year without revalidation (``cache_if_fingerprinted``): a new stylesheet has
a new URL, so after the first page a reader on a slow link fetches only the HTML. A request
without ``v``, or with an old one, gets the file with Flask's ordinary revalidating headers,
so a stale page never pins stale content for a year.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, request

from .resources import static_dir

STATIC_ENDPOINT = "lms.static"
ONE_YEAR = 31_536_000  # seconds
FINGERPRINT_LENGTH = 12  # hex digits of SHA-256: collisions between versions of a file are moot


def fingerprint(filename: str) -> str | None:
    """The content hash of a static file, or None when there is no such file."""
    path = (static_dir() / filename).resolve()
    if not path.is_relative_to(static_dir().resolve()) or not path.is_file():
        return None
    stat = path.stat()
    # Keyed by size and mtime too, so a stylesheet edited while the server runs gets a new URL.
    return _content_hash(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _content_hash(path: Path, _mtime_ns: int, _size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:FINGERPRINT_LENGTH]


def add_fingerprint(endpoint: str, values: dict[str, Any]) -> None:
    """URL-defaults callback: ``url_for('lms.static', filename=...)`` gains ``v=<hash>``."""
    if endpoint != STATIC_ENDPOINT or "v" in values or "filename" not in values:
        return
    version = fingerprint(str(values["filename"]))
    if version is not None:
        values["v"] = version


def prepare_static_response(response: Response, filename: str) -> Response:
    """Read the (small) file into the response, so it is compressed whole like a page (a file
    streamed through Flask-Compress is never closed), and cache it."""
    file = response.response
    response.direct_passthrough = False
    response.set_data(b"".join(response.iter_encoded()))
    if hasattr(file, "close"):
        file.close()
    return cache_if_fingerprinted(response, filename)


def cache_if_fingerprinted(response: Response, filename: str) -> Response:
    """A year, public and immutable, when the URL names the file's current content."""
    if response.status_code == 200 and request.args.get("v") == fingerprint(filename):
        response.cache_control.public = True
        response.cache_control.no_cache = None
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
        del response.headers["Expires"]  # "now", from the revalidating default
    return response


#: What the LMS compresses (Flask-Compress's own list also has fonts, JSON and more; these are
#: what its pages are made of). PDFs, spreadsheets and images are compressed already.
COMPRESSED_TYPES = (
    "text/html",
    "text/css",
    "text/plain",
    "text/csv",
    "text/calendar",
    "image/svg+xml",
    "application/json",
    "application/javascript",
)


def register_compression(app: Flask, root: Blueprint) -> None:
    """Compress the LMS's responses (brotli, zstd or gzip, as the browser accepts) and no
    others: as a plugin the LMS leaves the host's own pages to the host. Flask-Compress reads
    its settings from the app's config at request time, so they are set as defaults there
    (a host's own COMPRESS_* values win); only its app-wide hook is kept off while it is set up,
    and the hook goes on the LMS blueprint instead."""
    from flask_compress import Compress

    app.config.setdefault("COMPRESS_MIMETYPES", list(COMPRESSED_TYPES))
    had_setting = "COMPRESS_REGISTER" in app.config
    host_setting = app.config.get("COMPRESS_REGISTER")
    app.config["COMPRESS_REGISTER"] = False
    compress = Compress()
    compress.init_app(app)
    if had_setting:
        app.config["COMPRESS_REGISTER"] = host_setting
    else:
        del app.config["COMPRESS_REGISTER"]
    root.after_request(compress.after_request)
