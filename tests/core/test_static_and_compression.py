"""A reader on a slow link: pages and stylesheets come compressed, and a stylesheet once
fetched is kept for a year under a URL that changes when the file does."""

from __future__ import annotations

import gzip
import re

import brotli
from flask import Flask

from cartif_lms.extension import LMS
from cartif_lms.static_assets import fingerprint

FULL_YEAR = "public, max-age=31536000, immutable"


def stylesheet_url(html: str) -> str:
    match = re.search(r'href="(/static/lms\.css\?v=[0-9a-f]+)"', html)
    assert match, "the page links no fingerprinted stylesheet"
    return match.group(1)


def test_a_page_names_its_stylesheet_by_content_and_it_is_cached_for_a_year(client):
    page = client.get("/login")
    url = stylesheet_url(page.get_data(as_text=True))
    assert url.endswith(f"?v={fingerprint('lms.css')}")
    sheet = client.get(url)
    assert sheet.status_code == 200
    assert sheet.headers["Cache-Control"] == FULL_YEAR
    assert "Expires" not in sheet.headers


def test_a_stale_or_missing_fingerprint_is_revalidated_not_kept(client):
    for url in ("/static/lms.css", "/static/lms.css?v=000000000000"):
        sheet = client.get(url)
        assert sheet.status_code == 200
        assert "immutable" not in sheet.headers.get("Cache-Control", "")


def test_the_fingerprint_changes_with_the_content(tmp_path, monkeypatch):
    import cartif_lms.static_assets as static_assets

    monkeypatch.setattr(static_assets, "static_dir", lambda: tmp_path)
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: black; }")
    before = fingerprint("site.css")
    sheet.write_text("body { color: navy; }  ")
    assert fingerprint("site.css") != before
    assert fingerprint("missing.css") is None
    assert fingerprint("../secret") is None


def test_pages_stylesheets_and_icons_are_compressed_for_browsers_that_accept_it(client):
    page = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert b"<html" in gzip.decompress(page.get_data())

    url = stylesheet_url(client.get("/login").get_data(as_text=True))
    sheet = client.get(url, headers={"Accept-Encoding": "br"})
    assert sheet.headers["Content-Encoding"] == "br"
    assert b":root" in brotli.decompress(sheet.get_data())
    assert sheet.headers["Cache-Control"] == FULL_YEAR

    # An SVG compresses too (the favicon is under the minimum size worth compressing).
    assert "image/svg+xml" in client.application.config["COMPRESS_MIMETYPES"]


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    page = client.get("/login", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in page.headers
    assert b"<html" in page.get_data()


def test_a_revalidated_stylesheet_answers_not_modified(client):
    first = client.get("/static/lms.css", headers={"Accept-Encoding": "gzip"})
    again = client.get(
        "/static/lms.css",
        headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]},
    )
    assert again.status_code == 304


def test_as_a_plugin_only_the_lms_responses_are_compressed(migrated):
    host = Flask("host")

    @host.get("/host-page")
    def host_page() -> str:
        return "<p>the host's own page</p>" * 100

    LMS(host, url_prefix="/training", config=migrated)
    client = host.test_client()
    own = client.get("/host-page", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in own.headers
    lms_page = client.get("/training/login", headers={"Accept-Encoding": "gzip"})
    assert lms_page.headers["Content-Encoding"] == "gzip"
    assert "COMPRESS_REGISTER" not in host.config  # a host's own Flask-Compress still registers
    host.extensions["cartif_lms"].engine.dispose()
