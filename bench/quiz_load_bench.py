"""Quiz-takers under load: N people, each signed in as a distinct generated learner, taking a
real quiz over and over (open the lesson, start, open the attempt, save one answer per
request, submit), with think times between requests as Moodle's load test uses them (30-90 s,
mean 60 s), scaled down.

People start at random times within a ramp-up (by default one attempt's worth, 9 x T), as
Moodle's load test ramps its users up; what finishes during it is not measured (cold workers
and everyone's first steps at once: the whole run's p99 is printed beside). Then the bench
measures --seconds of steady load.

N people thinking T seconds load the server as N*k people thinking T*k seconds, so the bench
reports the equivalent number of people at 60 s mean think time: N * 60 / T. The defaults,
250 people thinking 1.5 s on average, are 10,000 equivalent people (issue 19: p99 under 500 ms,
0 errors, 0 lost or duplicated attempts, on this 2-core machine with PostgreSQL and gunicorn).

Afterwards it checks in the database that every attempt a person submitted is stored exactly
once, closed, with exactly the answers they saved, and that nobody has an attempt they did
not start. Where the target is missed, the per-request figures say where the time goes.

    .venv/bin/python bench/quiz_load_bench.py [--people 250] [--think 1.5] [--seconds 60]
        [--workers 2] [--threads 16] [--learners 10000] [--sqlite]

PostgreSQL by default (a fresh database ``cartif_bench_<random>`` on 127.0.0.1:5432, dropped
at the end); ``--learners`` generated learners with their completions are loaded first, so
the quiz runs beside realistic data. Exits 1 if a target is missed.

Workers and threads: gunicorn's gthread worker, 2 processes (one per core) with 16 threads
each. A request spends part of its time waiting on PostgreSQL (and, for a submit, on its
attempt's row lock); with 8 threads a burst of arrivals waited for a free thread outside the
app (p99 500-660 ms at the client against 130 ms in the server, by gunicorn's own log), while
16 keep that queue short. A third process only adds a third GIL to share two cores.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.capacity_bench import postgres_database, sqlite_database  # noqa: E402
from bench.curriculum_bench import gunicorn, request  # noqa: E402
from bench.quiz_bench import QUIZ, _choices, _token  # noqa: E402
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.auth.models import User  # noqa: E402
from cartif_lms.content.models import Item  # noqa: E402
from cartif_lms.content.sync import sync_content  # noqa: E402
from cartif_lms.demo.synthetic import SCALE_DOMAIN, SCALE_PASSWORD, generate_scale_data  # noqa: E402
from cartif_lms.directory.services import ensure_reference_data  # noqa: E402
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt  # noqa: E402
from cartif_lms.resources import shipped_content_dir  # noqa: E402

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Accept": "application/json"}
MOODLE_THINK = (30.0, 90.0)  #: seconds between requests in Moodle's load test; mean 60
#: about the requests of one attempt: open, start, the attempt page, the answers, submit
STEPS = 9
#: gunicorn's access log as the bench asks for it: '%(t)s %(D)s %(m)s %(U)s'
ACCESS_LINE = re.compile(r"\[(?P<at>[^\]]+)\] (?P<micros>\d+) (?P<method>\S+) (?P<path>\S+)")
P99_MS = 500
EQUIVALENT_TARGET = 10_000
SEED = 19


@dataclass(eq=False)  # a thread must stay hashable
class Person(threading.Thread):
    """One quiz-taker: signs in once, then takes the quiz until the bench stops."""

    port: int
    email: str
    quiz_id: int
    think: float  #: mean seconds between two requests
    stop_at: float
    rng: random.Random
    #: set once everyone has signed in: sign-ins (a deliberately slow password hash each) are
    #: not part of the load measured
    go: threading.Event
    signed_in: threading.Semaphore
    #: people start over this many seconds, as Moodle's load test ramps its users up
    ramp_up: float = 0.0
    #: per step: (when it finished, on the perf_counter clock; milliseconds it took)
    timings: dict[str, list[tuple[float, float]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    errors: list[str] = field(default_factory=list)
    #: attempt id -> the answers saved before its submit, by question index
    submitted: dict[int, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        threading.Thread.__init__(self, daemon=True)
        #: one kept-alive connection, as a browser keeps one (gunicorn --keep-alive outlasts
        #: the longest pause)
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def call(
        self, label: str, method: str, path: str, cookie: str, body: str = "", extra=None
    ) -> tuple:
        headers = {"Cookie": cookie, **(FORM if body else {}), **(extra or {})}
        start = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        finished = time.perf_counter()
        self.timings[label].append((finished, (finished - start) * 1000))
        return response.status, dict(response.getheaders()), text

    def pause(self) -> None:
        low, high = MOODLE_THINK
        time.sleep(self.rng.uniform(low, high) * self.think / 60)

    def run(self) -> None:
        try:
            try:
                cookie = self.sign_in()
            finally:
                self.signed_in.release()
            self.go.wait()
            time.sleep(self.rng.uniform(0, self.ramp_up))  # people do not all start at once
            while time.perf_counter() < self.stop_at:
                self.one_attempt(cookie)
        except Exception as error:  # a benchmark reports, it does not crash
            self.errors.append(repr(error))
        finally:
            self.connection.close()

    def sign_in(self) -> str:
        _s, headers, page = request(self.port, "/login")
        cookie = headers["Set-Cookie"].split(";")[0]
        body = urlencode(
            {"email": self.email, "password": SCALE_PASSWORD, "csrf_token": _token(page)}
        )
        status, headers, _ = request(self.port, "/login", cookie, "POST", body, FORM)
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")
        return headers["Set-Cookie"].split(";")[0]

    def one_attempt(self, cookie: str) -> None:
        status, _h, page = self.call("open the quiz", "GET", "/tracks/" + QUIZ, cookie)
        if status != 200:
            self.errors.append(f"lesson answered {status}")
            return
        self.pause()
        start = urlencode({"csrf_token": _token(page)})
        status, headers, _ = self.call(
            "start", "POST", f"/quiz/{self.quiz_id}/start", cookie, start
        )
        if status != 302 or "/attempts/" not in headers.get("Location", ""):
            self.errors.append(f"start answered {status}")
            return
        attempt_path = "/attempts/" + headers["Location"].rsplit("/attempts/", 1)[1]
        status, _h, page = self.call("open the attempt", "GET", attempt_path, cookie)
        if status != 200:
            self.errors.append(f"attempt page answered {status}")
            return
        answers = {name: self.rng.choice(values) for name, values in _choices(page).items()}
        token = _token(page)
        for name, value in answers.items():  # one answer per request, as the page's script
            self.pause()
            body = urlencode({name: value, "question": name[1:], "csrf_token": token})
            status, _h, _b = self.call(
                "save an answer", "POST", f"{attempt_path}/answers", cookie, body, JSON
            )
            if status != 200:
                self.errors.append(f"saving an answer answered {status}")
                return
        self.pause()
        body = urlencode({"csrf_token": token})
        status, _h, _b = self.call("submit", "POST", f"{attempt_path}/submit", cookie, body)
        if status != 302:
            self.errors.append(f"submit answered {status}")
            return
        self.submitted[int(attempt_path.rsplit("/", 1)[1])] = {
            name[1:]: value for name, value in answers.items()
        }
        self.pause()


@contextmanager
def database(sqlite: bool) -> Iterator[str]:
    with sqlite_database() if sqlite else postgres_database() as url:
        yield url


def prepare(url: str, people: int, learners: int) -> tuple[list[str], int]:
    """The curriculum and the generated learners; the quiz-takers' e-mails and the quiz id."""
    app = create_app({"LMS_DATABASE_URL": url, "LMS_CONTENT_DIR": str(shipped_content_dir())})
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        ensure_reference_data()
        sync_content(shipped_content_dir())
        generate_scale_data(max(learners, people), SEED)
        db.session.commit()
        emails = list(
            db.session.scalars(
                select(User.email)
                .where(User.email.like(f"%@{SCALE_DOMAIN}"))
                .order_by(User.id)
                .limit(people)
            )
        )
        quiz_id = db.session.scalar(select(Item.id).where(Item.slug == QUIZ))
        db.lms_state().engine.dispose()
    if url.startswith("postgresql"):
        # As the README asks of production after a bulk load: fresh statistics for the planner.
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
        engine.dispose()
    return emails, quiz_id


def stored_attempts(url: str, people: list[Person]) -> tuple[int, int, int]:
    """(lost, duplicated or unexpected, answers missing) against what the people sent."""
    app = create_app({"LMS_DATABASE_URL": url, "LMS_CONTENT_DIR": str(shipped_content_dir())})
    sent = {attempt: answers for person in people for attempt, answers in person.submitted.items()}
    with app.app_context():
        still_open = QuizAttempt.status == AttemptStatus.in_progress
        rows = {a.id: a for a in db.session.scalars(select(QuizAttempt).where(~still_open))}
        total = db.session.scalar(select(func.count()).select_from(QuizAttempt)) or 0
        started = sum(len(p.timings["start"]) for p in people)
    lost = len(set(sent) - set(rows))
    unexpected = len(set(rows) - set(sent)) + max(0, total - started)
    missing = sum(
        1
        for attempt, answers in sent.items()
        if attempt in rows and rows[attempt].answers != answers
    )
    return lost, unexpected, missing


def cpu_seconds() -> dict[int, tuple[str, float]]:
    """Per process of gunicorn, PostgreSQL and this load generator: its part and the CPU
    seconds it has used so far, from /proc (Linux). With the run's length, the differences
    say where the two cores' time went."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[int, tuple[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        pid = int(stat.parent.name)
        if pid == os.getpid():
            used[pid] = ("load generator (this process)", seconds)
        elif name.startswith("gunicorn"):
            used[pid] = ("gunicorn", seconds)
        elif name.startswith("postgres"):
            used[pid] = ("PostgreSQL", seconds)
    return used


def cpu_used(
    before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]
) -> dict[str, float]:
    """CPU seconds per part between two readings, over the processes alive at the second (a
    PostgreSQL backend that ended meanwhile took its figures with it)."""
    used: dict[str, float] = defaultdict(float)
    for pid, (part, seconds) in after.items():
        used[part] += seconds - before.get(pid, (part, 0.0))[1]
    return used


def server_times(access_log: Path, since: float) -> list[float]:
    """Milliseconds each quiz request spent in gunicorn, from its access log: those that
    started at ``since`` (epoch seconds) or later; not /healthz or the sign-in."""
    times = []
    if not access_log.exists():
        return times
    for line in access_log.read_text().splitlines():
        found = ACCESS_LINE.match(line.strip("'"))
        if found is None or not found["path"].startswith(("/tracks/", "/quiz/", "/attempts/")):
            continue
        at = datetime.strptime(found["at"], "%d/%b/%Y:%H:%M:%S %z").timestamp()
        if at >= since:
            times.append(int(found["micros"]) / 1000)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=250)
    parser.add_argument("--think", type=float, default=1.5, help="mean seconds between requests")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured, after the ramp-up")
    parser.add_argument(
        "--ramp-up",
        type=float,
        default=None,
        help="seconds over which people start, not measured (default: one attempt, 9 x think)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument(
        "--keep-alive",
        type=int,
        default=10,
        help="gunicorn's keep-alive seconds; 0: a connection per request, as behind a proxy",
    )
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    equivalent = round(args.people * 60 / args.think)

    print("CARTIF LMS quiz-takers under load")
    with database(args.sqlite) as url:
        started = time.perf_counter()
        emails, quiz_id = prepare(url, args.people, args.learners)
        print(
            f"{'data':<34} {max(args.learners, args.people)} generated learners, "
            f"{time.perf_counter() - started:.0f} s"
        )
        gthread = f"--worker-class gthread --threads {args.threads} --keep-alive {args.keep_alive}"
        # gunicorn's own log of each request's time in the server (microseconds): beside the
        # client's figures, it tells time in the app from time queued or spent in this process.
        access_log = Path(tempfile.mkdtemp(prefix="cartif-quiz-load-")) / "access.log"
        gthread += f" --access-logfile {access_log} --access-logformat '%(t)s %(D)s %(m)s %(U)s'"
        settings = {"GUNICORN_CMD_ARGS": gthread}
        with gunicorn(url, args.workers, **settings) as port:
            healthz = []
            for _ in range(50):
                start = time.perf_counter()
                request(port, "/healthz")
                healthz.append((time.perf_counter() - start) * 1000)
            go, signed_in = threading.Event(), threading.Semaphore(0)
            ramp_up = STEPS * args.think if args.ramp_up is None else args.ramp_up
            people = [
                Person(
                    port, email, quiz_id, args.think, 0.0, random.Random(n), go, signed_in, ramp_up
                )
                for n, email in enumerate(emails)
            ]
            for person in people:
                person.start()
            for _person in people:
                signed_in.acquire()
            began = time.perf_counter()
            measured_from, measured_from_epoch = began + ramp_up, time.time() + ramp_up
            for person in people:
                person.stop_at = measured_from + args.seconds
            go.set()
            time.sleep(ramp_up)
            cpu_before = cpu_seconds()
            for person in people:
                person.join(timeout=ramp_up + args.seconds + 120)
            elapsed = time.perf_counter() - measured_from
            cpu_after = cpu_seconds()
        lost, unexpected, missing = stored_attempts(url, people)

    # Measured: what finished after the ramp-up; the whole run is reported beside it.
    by_label: dict[str, list[float]] = defaultdict(list)
    whole_run: list[float] = []
    for person in people:
        for label, values in person.timings.items():
            by_label[label].extend(ms for finished, ms in values if finished >= measured_from)
            whole_run.extend(ms for _finished, ms in values)
    every = [v for values in by_label.values() for v in values]
    errors = [e for person in people for e in person.errors]
    p99 = percentile(every, 0.99)
    print(
        f"{'people / mean think':<34} {args.people} / {args.think:g} s "
        f"= {equivalent:,} people thinking 60 s"
    )
    print(
        f"{'gunicorn':<34} {args.workers} workers x {args.threads} threads (gthread), "
        f"{'SQLite' if args.sqlite else 'PostgreSQL'}"
    )
    print(f"{'ramp-up (not measured)':<34} {ramp_up:.0f} s: people start at random within it")
    print(f"{'requests':<34} {len(every)} in {elapsed:.0f} s ({len(every) / elapsed:.0f} req/s)")
    print(f"{'/healthz alone, single client':<34} p50 {statistics.median(healthz):6.1f} ms")
    for label, values in by_label.items():
        print(
            f"  {label:<32} n {len(values):5d}  p50 {percentile(values, 0.5):6.1f} ms  "
            f"p95 {percentile(values, 0.95):6.1f} ms  p99 {percentile(values, 0.99):6.1f} ms"
        )
    served = server_times(access_log, measured_from_epoch)
    if served:
        print(
            f"{'in the server (gunicorn log)':<34} p50 {percentile(served, 0.5):6.1f} ms  "
            f"p95 {percentile(served, 0.95):6.1f} ms  p99 {percentile(served, 0.99):6.1f} ms"
        )
    ratio = percentile(every, 0.5) / max(statistics.median(healthz), 0.001)
    print(
        f"{'all requests':<34} p50 {percentile(every, 0.5):6.1f} ms  p99 {p99:6.1f} ms "
        f"({ratio:.1f}x /healthz at p50)"
    )
    print(
        f"{'  with the ramp-up too':<34} p50 {percentile(whole_run, 0.5):6.1f} ms  "
        f"p99 {percentile(whole_run, 0.99):6.1f} ms (cold workers, everyone's first steps)"
    )
    cores = os.cpu_count() or 1
    print(f"{'CPU during the run':<34} {cores} cores x {elapsed:.0f} s = {cores * elapsed:.0f} s")
    for part, used in sorted(cpu_used(cpu_before, cpu_after).items()):
        print(f"  {part:<32} {used:6.1f} s ({100 * used / (cores * elapsed):4.1f} %)")
    submitted = sum(len(p.submitted) for p in people)
    print(f"{'attempts submitted':<34} {submitted}")
    print(f"{'lost / unexpected / short':<34} {lost} / {unexpected} / {missing}")
    print(f"{'errors':<34} {len(errors)} {errors[:3]}")
    checks = [
        (f"{EQUIVALENT_TARGET:,} equivalent people", equivalent >= EQUIVALENT_TARGET),
        (f"p99 under {P99_MS} ms", p99 < P99_MS),
        ("no errors", not errors),
        ("every attempt stored once with its answers", (lost, unexpected, missing) == (0, 0, 0)),
    ]
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
