"""A real server in a thread and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from cartif_lms.resources import shipped_content_dir

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(live_server: str) -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI runs this test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(base_url=live_server, viewport={"width": 1280, "height": 800})
        yield page
        browser.close()


@pytest.fixture
def demo_server(runner: Any, live_server: str) -> str:
    """The served app with the shipped curriculum and ``lms demo``, as a newcomer sees it."""
    synced = runner.invoke(args=["lms", "sync", "--content-dir", str(shipped_content_dir())])
    assert synced.exit_code == 0, synced.output
    loaded = runner.invoke(args=["lms", "demo"])
    assert loaded.exit_code == 0, loaded.output
    return live_server
