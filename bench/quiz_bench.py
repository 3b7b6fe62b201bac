"""Quiz benchmark: grading speed, and thirty learners taking quizzes at once under gunicorn.

Targets (issue 4): grading a 50-question attempt takes under 20 ms; thirty concurrent simulated
learners starting and submitting quizzes for 60 s against gunicorn on SQLite cause no errors,
and afterwards the database holds exactly one closed attempt per submitted attempt (some
learners submit twice, as a double click would).

    .venv/bin/python bench/quiz_bench.py [--learners 30] [--seconds 60] [--workers 4]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.curriculum_bench import gunicorn, request  # noqa: E402
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.auth.models import Role  # noqa: E402
from cartif_lms.auth.services import create_user  # noqa: E402
from cartif_lms.content.models import Item  # noqa: E402
from cartif_lms.content.sync import sync_content  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402
from cartif_lms.quizzes import grading  # noqa: E402
from cartif_lms.quizzes.gift import QuestionType, parse  # noqa: E402
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt, QuizBank  # noqa: E402
from cartif_lms.resources import shipped_content_dir  # noqa: E402

PASSWORD = "benchmark password"
QUIZ = "negotiation-techniques/mandates-and-preparation/check"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def grading_figures(app) -> tuple[float, float]:
    """Median and 95th percentile milliseconds to grade a 50-question attempt."""
    with app.app_context():
        questions = [
            q
            for bank in db.session.scalars(select(QuizBank))
            for q in parse(bank.source).questions
            if q.type is not QuestionType.DESCRIPTION
        ][:50]
    rng = random.Random(1)
    laid_out = [grading.present(q, rng) for q in questions]
    responses = [_random_response(p) for p, _layout in laid_out]
    timings = []
    for _ in range(300):
        start = time.perf_counter()
        for q, (_presented, layout), response in zip(questions, laid_out, responses, strict=True):
            grading.grade(q, layout, response)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)]


def _random_response(presented: grading.Presented) -> grading.Response:
    if presented.input == "choice":
        return presented.choices[0].id
    if presented.input == "choices":
        return [c.id for c in presented.choices[:2]]
    if presented.input == "match":
        return {p.id: presented.options[0].id for p in presented.prompts}
    return "an answer" if presented.input in {"text", "essay"} else "11"


class Learner(threading.Thread):
    def __init__(self, port: int, email: str, quiz_id: int, stop_at: float, seed: int) -> None:
        super().__init__()
        self.port, self.email, self.quiz_id, self.stop_at = port, email, quiz_id, stop_at
        self.rng = random.Random(seed)
        self.submitted: set[int] = set()
        self.errors: list[str] = []
        self.requests = 0

    def call(self, method: str, path: str, cookie: str, body: str = "") -> tuple[int, dict, str]:
        self.requests += 1
        return request(self.port, path, cookie, method, body, FORM if body else None)

    def run(self) -> None:
        try:
            cookie = self.sign_in()
            while time.perf_counter() < self.stop_at:
                self.one_attempt(cookie)
        except Exception as error:  # a benchmark reports, it does not crash
            self.errors.append(repr(error))

    def sign_in(self) -> str:
        _s, headers, page = self.call("GET", "/login", "")
        cookie = headers["Set-Cookie"].split(";")[0]
        token = _token(page)
        body = urlencode({"email": self.email, "password": PASSWORD, "csrf_token": token})
        status, headers, _ = self.call("POST", "/login", cookie, body)
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")
        return headers["Set-Cookie"].split(";")[0]

    def one_attempt(self, cookie: str) -> None:
        lesson = "/tracks/" + QUIZ
        _s, _h, page = self.call("GET", lesson, cookie)
        status, headers, _ = self.call(
            "POST", f"/quiz/{self.quiz_id}/start", cookie, urlencode({"csrf_token": _token(page)})
        )
        if status != 302 or "/attempts/" not in headers.get("Location", ""):
            self.errors.append(f"start answered {status}")
            return
        attempt_path = "/attempts/" + headers["Location"].rsplit("/attempts/", 1)[1]
        status, _h, page = self.call("GET", attempt_path, cookie)
        answers = {name: self.rng.choice(values) for name, values in _choices(page).items()}
        body = urlencode({**answers, "csrf_token": _token(page)})
        repeats = 2 if self.rng.random() < 0.2 else 1  # a double click now and then
        for _ in range(repeats):
            status, _h, _b = self.call("POST", f"{attempt_path}/submit", cookie, body)
            if status != 302:
                self.errors.append(f"submit answered {status}")
        self.submitted.add(int(attempt_path.rsplit("/", 1)[1]))


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page).group(1)


def _choices(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'type="radio" name="(q\d+)" value="([^"]+)"', page):
        found.setdefault(name, []).append(value)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="cartif-quiz-bench-"))
    url = f"sqlite:///{work / 'bench.db'}"
    app = create_app({"LMS_DATABASE_URL": url})
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        ensure_reference_data()
        sync_content(shipped_content_dir())
        emails = [f"learner{n}@bench.example.org" for n in range(args.learners)]
        for email in emails:
            create_user(email, "Bench Learner", Role.learner, PASSWORD, country_by_code("PK"))
        db.session.commit()
        quiz_id = db.session.scalar(select(Item.id).where(Item.slug == QUIZ))

    median, p95 = grading_figures(app)
    print("CARTIF LMS quiz benchmark")
    print(f"{'grade a 50-question attempt':<40} median {median:6.2f} ms, p95 {p95:6.2f} ms")

    with gunicorn(url, args.workers) as port:
        stop_at = time.perf_counter() + args.seconds
        learners = [Learner(port, email, quiz_id, stop_at, n) for n, email in enumerate(emails)]
        started = time.perf_counter()
        for learner in learners:
            learner.start()
        for learner in learners:
            learner.join()
        elapsed = time.perf_counter() - started

    submitted = set().union(*(learner.submitted for learner in learners))
    errors = [e for learner in learners for e in learner.errors]
    requests = sum(learner.requests for learner in learners)
    with app.app_context():
        closed = set(
            db.session.scalars(
                select(QuizAttempt.id).where(
                    QuizAttempt.status.in_([AttemptStatus.submitted, AttemptStatus.graded])
                )
            )
        )
        in_progress = db.session.scalar(
            select(func.count())
            .select_from(QuizAttempt)
            .where(QuizAttempt.status == AttemptStatus.in_progress)
        )
    print(
        f"{'learners / duration':<40} {args.learners} / {elapsed:.0f} s, {requests} requests "
        f"({requests / elapsed:.0f} req/s)"
    )
    print(f"{'attempts submitted by the learners':<40} {len(submitted)}")
    print(
        f"{'closed attempts in the database':<40} {len(closed)} "
        f"(+{in_progress} started, not submitted)"
    )
    print(f"{'errors':<40} {len(errors)} {errors[:3]}")
    checks = [
        ("grading a 50-question attempt < 20 ms", median < 20),
        ("no errors", not errors),
        ("one closed attempt per submitted attempt", closed == submitted),
    ]
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
