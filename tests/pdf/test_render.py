"""The shared PDF core: our fonts embedded, Cyrillic drawn, page sizes, nothing fetched."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from flask import Flask, render_template_string
from pypdf import PdfReader

from cartif_lms.pdf import REFUSED, render_pdf, resolve_link
from cartif_lms.resources import static_dir

A4_LONG, A4_SHORT = 841.89, 595.28


def page(body: str, size: str = "a4 portrait") -> str:
    return render_template_string(
        '{% extends "lms/pdf/_base.html" %}{% block page_size %}' + size + "{% endblock %}"
        "{% block content %}" + body + "{% endblock %}"
    )


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def embedded_fonts(reader: PdfReader) -> set[str]:
    resources = reader.pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in resources.values()}


def test_a_russian_name_is_drawn_in_the_embedded_dejavu_font(app: Flask) -> None:
    with app.test_request_context():
        pdf = render_pdf(page('<h1>Сертификат</h1><p class="serif">Айгерим Сейткали</p>'))
    reader = read(pdf)
    text = reader.pages[0].extract_text()
    assert "Сертификат" in text
    assert "Айгерим Сейткали" in text
    assert {"DejaVuSans-Bold", "DejaVuSerif"} <= embedded_fonts(reader)


def test_portrait_by_default_landscape_when_asked(app: Flask) -> None:
    with app.test_request_context():
        portrait = read(render_pdf(page("<p>x</p>"))).pages[0].mediabox
        landscape = read(render_pdf(page("<p>x</p>", "a4 landscape"))).pages[0].mediabox
    assert (round(float(portrait.width), 2), round(float(portrait.height), 2)) == (
        A4_SHORT,
        A4_LONG,
    )
    assert (round(float(landscape.width), 2), round(float(landscape.height), 2)) == (
        A4_LONG,
        A4_SHORT,
    )


def test_every_page_carries_its_number_and_the_count(app: Flask) -> None:
    body = '<p>one</p><div class="page-break"></div><p>two</p>'
    with app.test_request_context():
        reader = read(render_pdf(page(body)))
    assert len(reader.pages) == 2
    assert "Page 1 / 2" in reader.pages[0].extract_text()
    assert "Page 2 / 2" in reader.pages[1].extract_text()


@pytest.mark.parametrize(
    "link",
    [
        "http://127.0.0.1/x.png",
        "https://example.org/font.ttf",
        "file:///etc/passwd",
        "/etc/passwd",
        "../../pyproject.toml",
        "fonts/../../__init__.py",
        "fonts/missing.ttf",
    ],
)
def test_links_outside_our_static_files_are_refused(link: str) -> None:
    assert resolve_link(link) == REFUSED


def test_our_static_files_and_inline_data_resolve() -> None:
    assert resolve_link("fonts/DejaVuSans.ttf") == str(static_dir() / "fonts" / "DejaVuSans.ttf")
    assert resolve_link("data:image/png;base64,AAAA") == "data:image/png;base64,AAAA"


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def listening_server() -> Iterator[str]:
    httpd = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def test_a_page_naming_a_url_renders_without_fetching_it(app: Flask, listening_server: str) -> None:
    _Recorder.hits.clear()
    body = (
        f'<img src="{listening_server}/tracker.png"><p>Still printed</p>'
        f'<link rel="stylesheet" href="{listening_server}/style.css">'
    )
    with app.test_request_context():
        reader = read(render_pdf(page(body)))
    assert "Still printed" in reader.pages[0].extract_text()
    assert _Recorder.hits == []
