"""Curriculum benchmark: sync times and lesson-page throughput against /healthz.

Targets (issue 3): with the shipped curriculum plus 200 generated modules, a full sync takes
under 5 s, a no-change sync under 1 s, and a lesson page served by gunicorn reaches at least half
the requests per second of /healthz on the same server. Issue 12: the same lesson in Russian (a
learner whose profile says ``ru``, the lesson's Russian variant) is within 10 % of its requests
per second in English, measured side by side in this run.

    .venv/bin/python bench/curriculum_bench.py [--modules 200] [--seconds 5] [--clients 8]

Everything runs on loopback against a temporary SQLite database; the script prints its figures
and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.auth.models import Role  # noqa: E402
from cartif_lms.auth.services import create_user  # noqa: E402
from cartif_lms.content.sync import sync_content  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402
from cartif_lms.resources import shipped_content_dir  # noqa: E402

PASSWORD = "benchmark password"
SECRET_KEY = "benchmark-secret-key-long-enough-123"
LESSON_WORDS = (
    "Each Party shall publish its transit formalities promptly and in a way that traders can "
    "find them. A delegation that reads the draft closely checks who must act, by when, and what "
    "happens if the obligation is not met. "
)


def generate_modules(root: Path, count: int) -> None:
    """``count`` extra modules of three lessons each, in tracks of ten modules."""
    for number in range(count):
        track = root / "courses" / f"generated-{number // 10:03d}"
        if not (track / "track.md").exists():
            track.mkdir(parents=True)
            (track / "track.md").write_text(
                f"Title: Generated track {number // 10}\nKind: modular\nLevel: advanced\n"
                "Audience: specialist\nSummary: Generated for the benchmark.\n\nGenerated.\n"
            )
        module = track / f"{number % 10 + 1:02d}-module-{number}"
        module.mkdir()
        (module / "module.md").write_text(
            f"Title: Module {number}\nCompetencies: XC.DRAFTING\nMinutes: 30\n\nIntro.\n"
        )
        for lesson in range(1, 4):
            body = "\n\n".join(f"## Part {p}\n\n{LESSON_WORDS * 6}" for p in range(3))
            treaty = (
                "```treaty\nArticle 1\n1. Each Party [shall / shall endeavour to] publish.\n```"
            )
            header = f"Title: Lesson {number}.{lesson}\nKind: lesson\nMinutes: 10\n\n"
            (module / f"{lesson:02d}-lesson-{lesson}.md").write_text(
                f"{header}{body}\n\n{treaty}\n"
            )


def timed(label: str, action) -> float:
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {elapsed:7.3f} s   {result}")
    return elapsed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(
    port: int,
    path: str,
    cookie: str = "",
    method: str = "GET",
    body: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    all_headers = {"Cookie": cookie, **(headers or {})}
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, dict(response.getheaders()), text


def sign_in(port: int, email: str) -> str:
    status, headers, page = request(port, "/login")
    cookie = headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    status, headers, _ = request(
        port, "/login", cookie, "POST", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 302, f"sign-in failed: {status}"
    return headers["Set-Cookie"].split(";")[0]


def load(port: int, path: str, cookie: str, seconds: float, clients: int) -> tuple[float, int]:
    """Requests per second over ``seconds`` with ``clients`` threads; and the error count."""
    done = [0] * clients
    errors = [0] * clients
    stop = time.perf_counter() + seconds

    def client(index: int) -> None:
        while time.perf_counter() < stop:
            status, _h, _b = request(port, path, cookie)
            if status == 200:
                done[index] += 1
            else:
                errors[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start), sum(errors)


@contextmanager
def gunicorn(url: str, workers: int, **settings: str) -> Iterator[int]:
    """gunicorn serving wsgi:app on a free loopback port for the ``with`` block; yields it."""
    port = free_port()
    env = {
        **os.environ,
        "LMS_DATABASE_URL": url,
        "LMS_CONTENT_DIR": str(shipped_content_dir()),
        "LMS_SECRET_KEY": SECRET_KEY,
        **settings,
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "wsgi:app",
        ],
        cwd=REPO,
        env=env,
    )
    try:
        for _ in range(150):
            try:
                if request(port, "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer /healthz")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cartif-bench-"))
    content = work / "content"
    shutil.copytree(shipped_content_dir() / "courses", content / "courses")
    shutil.copytree(shipped_content_dir() / "quizzes", content / "quizzes")
    generate_modules(content, args.modules)
    url = f"sqlite:///{work / 'bench.db'}"
    app = create_app({"LMS_DATABASE_URL": url, "LMS_CONTENT_DIR": str(content)})
    print(f"CARTIF LMS curriculum benchmark — shipped curriculum + {args.modules} modules")
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        ensure_reference_data()
        db.session.commit()

        def full_sync() -> str:
            report = sync_content(content)
            db.session.commit()
            return "; ".join(report.lines())

        def no_change_sync() -> str:
            report = sync_content(content)
            db.session.commit()
            return "; ".join(report.lines())

        full = timed("full sync (empty database)", full_sync)
        again = timed("no-change sync", no_change_sync)
        create_user(
            "bench@example.org", "Bench Learner", Role.learner, PASSWORD, country_by_code("KZ")
        ).locale = "en"
        create_user(
            "bench-ru@example.org", "Bench Reader", Role.learner, PASSWORD, country_by_code("KZ")
        ).locale = "ru"  # reads the interface and the lesson's variant in Russian
        db.session.commit()

    try:
        with gunicorn(url, args.workers, LMS_CONTENT_DIR=str(content)) as port:
            cookie = sign_in(port, "bench@example.org")
            russian = sign_in(port, "bench-ru@example.org")
            lesson = "/tracks/negotiation-techniques/mandates-and-preparation/what-a-mandate-is"
            status, _h, page = request(port, lesson, cookie)
            assert status == 200, status
            assert "mandate" in page.lower(), status
            status, _h, page_ru = request(port, lesson, russian)
            assert status == 200, status
            assert '<html lang="ru">' in page_ru, "the Russian reader's page is not in Russian"
            # A lesson without a variant would show the English original, with this note.
            variant = "content-fallback" not in page_ru
            load(port, "/healthz", "", 1.0, args.clients)  # warm up
            load(port, lesson, russian, 1.0, args.clients)
            health_rps, health_errors = load(port, "/healthz", "", args.seconds, args.clients)
            # English and Russian in turns, so a drift of the machine falls on both alike.
            lesson_rps = ru_rps = 0.0
            lesson_errors = ru_errors = 0
            for _round in range(2):
                rps, errors = load(port, lesson, cookie, args.seconds / 2, args.clients)
                lesson_rps, lesson_errors = lesson_rps + rps / 2, lesson_errors + errors
                rps, errors = load(port, lesson, russian, args.seconds / 2, args.clients)
                ru_rps, ru_errors = ru_rps + rps / 2, ru_errors + errors
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = lesson_rps / health_rps
    ru_ratio = ru_rps / lesson_rps
    shown = "its Russian variant" if variant else "the English original (no variant yet)"
    print(f"{'/healthz':<34} {health_rps:7.0f} req/s ({health_errors} errors)")
    print(f"{'lesson page (signed in)':<34} {lesson_rps:7.0f} req/s ({lesson_errors} errors)")
    print(f"{'lesson / healthz':<34} {ratio:7.2f}   (target >= 0.50)")
    print(f"{'lesson page in Russian':<34} {ru_rps:7.0f} req/s ({ru_errors} errors), {shown}")
    print(f"{'Russian / English':<34} {ru_ratio:7.2f}   (target >= 0.90)")
    checks = [
        ("full sync < 5 s", full < 5),
        ("no-change sync < 1 s", again < 1),
        ("lesson >= half of /healthz", ratio >= 0.5),
        ("lesson in Russian within 10 % of English", ru_ratio >= 0.9),
        ("no errors", health_errors == lesson_errors == ru_errors == 0),
    ]
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
