"""A real server for races: wsgi:app under gunicorn (several worker processes, each with
threads) against the test database, browsers that sign in through it, and a starting gun.

Several processes matter: a lock that lives in one process's memory cannot protect a write
here; only the database can.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from tests.conftest import DATA_DIR, PASSWORD
from tests.drafting.conftest import EXERCISE

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
WORKERS = 4
THREADS = 2

#: The app is loaded once and forked (fast to start); each worker then drops any database
#: connection inherited from the parent, as SQLAlchemy advises after a fork, and marks itself
#: ready, so a test starts only when every process can take requests.
GUNICORN_CONFIG = """
import os, pathlib

preload_app = True

def post_fork(server, worker):
    import wsgi
    wsgi.app.extensions["cartif_lms"].engine.dispose(close=False)

def post_worker_init(worker):
    pathlib.Path(os.environ["LMS_TEST_READY_DIR"], str(os.getpid())).touch()
"""

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def curriculum(app: Any) -> None:
    """The small test curriculum (quizzes, an essay, a drafting exercise), synced."""
    sync_content(DATA_DIR / "content")
    db.session.commit()


@pytest.fixture
def exercise(curriculum: None) -> Item:
    """The test curriculum's drafting exercise (one peer review per version)."""
    return db.session.scalar(select(Item).where(Item.slug == EXERCISE))


@dataclass
class Served:
    """The running server: its port and everything it logged."""

    port: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def served(app: Any, migrated: dict[str, Any], tmp_path: Path) -> Iterator[Served]:
    """gunicorn serving wsgi:app on loopback, WORKERS processes x THREADS threads, on the test
    database; stopped after the test, which fails if the server logged a traceback."""
    ready = tmp_path / "ready"
    ready.mkdir()
    config = tmp_path / "gunicorn.conf.py"
    config.write_text(GUNICORN_CONFIG)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        # The test configuration (database, secret key, content), as environment settings.
        **{name: str(value) for name, value in migrated.items() if name.startswith("LMS_")},
        "LMS_TEST_READY_DIR": str(ready),
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        # The workers inherit the bound socket, so no other process can take the port meanwhile.
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                *("--config", str(config), "--workers", str(WORKERS), "--threads", str(THREADS)),
                *("--bind", f"fd://{listener.fileno()}", "--log-level", "warning"),
                "wsgi:app",
            ],
            cwd=REPO,
            env=env,
            pass_fds=(listener.fileno(),),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    listener.close()
    server = Served(port, log_path)
    try:
        _wait_until_ready(process, ready, server)
        yield server
    finally:
        _stop(process, ready)
    assert "Traceback" not in server.log(), server.log()


def _stop(process: subprocess.Popen[bytes], ready: Path) -> None:
    """Stop the server at once: the master first (so it replaces no worker), then the workers
    it started for this test, by their process ids."""
    process.send_signal(signal.SIGINT)
    for marker in ready.iterdir():
        with suppress(ProcessLookupError):
            os.kill(int(marker.name), signal.SIGKILL)
    process.wait(timeout=30)


def _wait_until_ready(process: subprocess.Popen[bytes], ready: Path, server: Served) -> None:
    deadline = time.monotonic() + 60
    while len(list(ready.iterdir())) < WORKERS:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start:\n{server.log()}")
        time.sleep(0.05)
    assert Browser(server).get("/healthz").status == 200


@dataclass(frozen=True)
class Reply:
    status: int
    text: str


@dataclass
class Browser:
    """One person's browser: its own connections, one cookie jar, forms posted with the CSRF
    token of the page they come from. Safe to use from several threads at once (two tabs)."""

    server: Served
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        headers = {
            **(headers or {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            return Reply(response.status, text)
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def token(self, page: str) -> str:
        """The CSRF token of the form on ``page``."""
        reply = self.get(page)
        assert reply.status == 200, f"GET {page} answered {reply.status}"
        match = _TOKEN.search(reply.text)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def post(
        self, path: str, form: dict[str, Any], token: str, headers: dict[str, str] | None = None
    ) -> Reply:
        return self.request("POST", path, {**form, "csrf_token": token}, headers)

    def ready_to_post(
        self,
        path: str,
        form: dict[str, Any],
        page: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Callable[[], Reply]:
        """Open the form's page now (``page``, else ``path``); the returned call sends it."""
        token = self.token(page or path)
        return lambda: self.post(path, form, token, headers)

    def sign_in(self, email: str) -> Browser:
        reply = self.post("/login", {"email": email, "password": PASSWORD}, self.token("/login"))
        assert reply.status == 302, "sign-in failed"
        return self


@pytest.fixture
def browser(served: Served) -> Callable[[Any], Browser]:
    """``browser(user)``: a browser signed in as ``user`` on the served app."""
    return lambda user: Browser(served).sign_in(user.email)


@pytest.fixture
def browsers(browser: Callable[[Any], Browser]) -> Callable[[list[Any]], list[Browser]]:
    """``browsers(users)``: one signed-in browser each, signed in side by side (it is slow)."""
    return lambda users: at_once(*(partial(browser, user) for user in users))


def at_once(*calls: Callable[[], T]) -> list[T]:
    """Run every call in its own thread, released together by a barrier; their results in
    order. An exception in a call fails the test."""
    start = threading.Barrier(len(calls))
    results: list[T | BaseException | None] = [None] * len(calls)

    def run(index: int, call: Callable[[], T]) -> None:
        start.wait()
        try:
            results[index] = call()
        except BaseException as error:  # reported in the test's thread below
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]
