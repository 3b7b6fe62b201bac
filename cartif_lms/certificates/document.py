"""A certificate as a PDF: A4 landscape, our embedded fonts, and a QR code of its check page."""

from __future__ import annotations

import segno
from flask import render_template

from ..pdf import render_pdf
from .models import Certificate

#: Pixels per QR module: about 250 dpi at the size the certificate prints it (3.5 cm), so the
#: modules stay sharp-edged on paper and under a phone's camera.
QR_SCALE = 10


def verification_qr(url: str) -> str:
    """The QR code of ``url`` as an inline PNG (``data:`` URI), which segno writes itself.

    xhtml2pdf can draw segno's SVG too (through svglib), but parsing it cost about 50 ms of a
    certificate's 120 ms render, so the PNG is used; nothing is fetched either way.
    """
    return segno.make(url, error="m").png_data_uri(scale=QR_SCALE, border=0, dark="#12355b")


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """The printable certificate; ``verify_url`` is its public ``/verify/<code>`` address."""
    html = render_template(
        "lms/certificates/certificate_pdf.html",
        certificate=certificate,
        verify_url=verify_url,
        qr=verification_qr(verify_url),
    )
    return render_pdf(html)
