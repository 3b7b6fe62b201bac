"""HTML to PDF for certificates, reports and handouts, with xhtml2pdf and our own fonts.

``render_pdf(html)`` turns a page rendered from a template that extends
``lms/pdf/_base.html`` into PDF bytes. That stylesheet declares the shipped DejaVu fonts with
``@font-face`` (Latin and Cyrillic, embedded as subsets), A4 portrait (the default) and
landscape (``<body class="landscape">``) page templates, and page numbers.

A document never fetches anything: every link it names (a font, an image) goes through
``resolve_link``, which answers only files of our own ``static/`` folder, written relative to
it (``fonts/DejaVuSans.ttf``), and ``data:`` URIs (a QR code drawn inline). Anything else, a
URL, an absolute path, a path that climbs out of ``static/``, is refused, and xhtml2pdf's own
resource policy refuses the network and every other folder as a second wall.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Final

from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy

from ..resources import static_dir

log = logging.getLogger(__name__)

#: Where a refused link is pointed: outside every folder the resource policy lets a document
#: read, so xhtml2pdf logs the refusal and leaves the resource out. (A link callback that
#: answers nothing would make xhtml2pdf fall back to the link as written.)
REFUSED: Final = "/nonexistent/lms-pdf-refused"


class PDFRenderError(RuntimeError):
    """xhtml2pdf could not make a document of the page (its log says where)."""


def resolve_link(uri: str, _relative_to: str | None = None) -> str:
    """The local file (or inline data) a link in a PDF page stands for; ``REFUSED`` for others.

    xhtml2pdf calls this for every stylesheet, font and image the page names.
    """
    if uri.startswith("data:"):
        return uri
    path = _static_file(uri)
    if path is None:
        log.warning("A PDF page named %r, which is not one of our static files: left out", uri)
        return REFUSED
    return str(path)


def _static_file(uri: str) -> Path | None:
    if ":" in uri or uri.startswith(("/", "\\")) or "\\" in uri:
        return None  # a scheme (http:, file:), or an absolute path
    root = static_dir().resolve()
    path = (root / uri).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


def _policy() -> ResourceAccessPolicy:
    return ResourceAccessPolicy(
        allow_remote=False, base_dir=static_dir().resolve(), max_render_seconds=120
    )


def render_pdf(html: str) -> bytes:
    """The PDF of one HTML page (a template extending ``lms/pdf/_base.html``)."""
    out = io.BytesIO()
    status = pisa.CreatePDF(
        html,
        dest=out,
        link_callback=resolve_link,
        encoding="utf-8",
        resource_policy=_policy(),
    )
    if status.err:
        raise PDFRenderError(f"xhtml2pdf reported {status.err} error(s) while rendering")
    return out.getvalue()
