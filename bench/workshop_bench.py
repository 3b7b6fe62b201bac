"""Workshop benchmark: the roster of a 500-place workshop, and 200 people checking in.

Targets (issue 13): the roster (facilitator's page) of 500 registrations under 150 ms; the
check-in POST under 50 ms, with 200 people checking in within one minute. In-process (the
Flask test client, SQLite in a temporary folder), so the figures are the app's own time; with
--gunicorn also over HTTP at gunicorn (2 workers, the same database): the facilitator's page,
then the check-ins spread evenly over --spread seconds from 8 client threads, counting the
attendance rows afterwards.

    .venv/bin/python bench/workshop_bench.py [--people 500] [--check-ins 200] [--gunicorn]
                                             [--spread 60]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import func, select  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from bench.curriculum_bench import (  # noqa: E402
    PASSWORD,
    SECRET_KEY,
    gunicorn,
    request,
    sign_in,
)
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.auth.models import Role, User  # noqa: E402
from cartif_lms.db import utcnow  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402
from cartif_lms.workshops import attendance, reports  # noqa: E402
from cartif_lms.workshops.models import (  # noqa: E402
    Attendance,
    AttendanceMode,
    Registration,
    RegistrationPolicy,
    RegistrationStatus,
    SessionMode,
    WorkshopKind,
)
from cartif_lms.workshops.services import (  # noqa: E402
    SessionDraft,
    WorkshopDraft,
    add_session,
    create_workshop,
)

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
COUNTRIES = ("KZ", "GE", "UZ", "MN", "PK", "CN", "AZ", "KG", "TJ", "TM", "AF")


def setup(people: int) -> tuple[object, int, int, list[str], str]:
    folder = tempfile.mkdtemp(prefix="workshop-bench-")
    app = create_app(
        {
            "LMS_ENV": "testing",
            "LMS_DATABASE_URL": f"sqlite:///{folder}/bench.db",
            "LMS_SECRET_KEY": SECRET_KEY,
            "WTF_CSRF_ENABLED": True,
        }
    )
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        ensure_reference_data()
        hashed = generate_password_hash(PASSWORD)
        trainer = User(
            email="trainer@bench.org", name="Trainer", role=Role.trainer, password_hash=hashed
        )
        db.session.add(trainer)
        countries = [country_by_code(code) for code in COUNTRIES]
        learners = [
            User(
                email=f"learner{n}@bench.org",
                name=f"Learner {n:04d}",
                role=Role.learner,
                country=countries[n % len(countries)],
                password_hash=hashed,
            )
            for n in range(people)
        ]
        db.session.add_all(learners)
        db.session.flush()
        workshop = create_workshop(
            trainer,
            WorkshopDraft(
                "Bench plenary", WorkshopKind.zero_round_plenary, RegistrationPolicy.open
            ),
        )
        start = utcnow() - timedelta(minutes=5)
        session = add_session(
            workshop,
            SessionDraft(
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                time_zone="Asia/Almaty",
                mode=SessionMode.hybrid,
                capacity_in_person=people,
                capacity_online=people,
                facilitator_id=trainer.id,
            ),
            now=start - timedelta(days=1),
        )
        for n, learner in enumerate(learners):
            mode = AttendanceMode.online if n % 2 else AttendanceMode.in_person
            db.session.add(
                Registration(
                    workshop_id=workshop.id,
                    user_id=learner.id,
                    mode=mode,
                    status=RegistrationStatus.registered,
                )
            )
        db.session.commit()
        return app, workshop.id, session.id, [u.email for u in learners], "trainer@bench.org"


def signed_in(app: object, email: str) -> tuple[object, str]:
    client = app.test_client()  # type: ignore[attr-defined]
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    reply = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert reply.status_code == 302, "sign-in failed"
    return client, TOKEN.search(client.get("/").get_data(as_text=True)).group(1)


def millis(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms"


def served(app: object, args: argparse.Namespace, ids: tuple[int, int], emails: list[str]) -> bool:
    """The facilitator's page and the check-ins over HTTP at gunicorn; True if on target."""
    workshop_id, session_id = ids
    url = app.extensions["cartif_lms"].engine.url.render_as_string(hide_password=False)  # type: ignore[attr-defined]
    with app.app_context():  # type: ignore[attr-defined]
        from cartif_lms.workshops.models import WorkshopSession

        session = db.session.get(WorkshopSession, session_id)
        assert session is not None
    with gunicorn(url, 2) as port:
        trainer = sign_in(port, emails[0])
        page = f"/workshops/{workshop_id}/sessions/{session_id}/facilitate"
        for _ in range(4):  # both workers compile their templates first
            request(port, page, trainer)
        timings = []
        for _ in range(20):
            begin = time.perf_counter()
            status, _h, _b = request(port, page, trainer)
            timings.append((time.perf_counter() - begin) * 1000)
            assert status == 200, status
        roster_median = statistics.median(timings)
        print(f"gunicorn: facilitator's page, roster of {args.people}: {millis(timings)}")

        people: list[tuple[str, str]] = []
        lock = threading.Lock()

        def signs_in(batch: list[str]) -> None:
            for email in batch:
                cookie = sign_in(port, email)
                _s, _h, home = request(port, "/", cookie)
                with lock:
                    people.append((cookie, TOKEN.search(home).group(1)))

        learners = emails[1 : args.check_ins + 1]
        threads = [threading.Thread(target=signs_in, args=(learners[i::8],)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        path = f"/workshops/{workshop_id}/sessions/{session_id}/check-in"
        gap = args.spread / max(len(people), 1)
        check_ins: list[float] = []
        refused = [0]
        start = time.perf_counter()

        def checks_in(number: int) -> None:
            for turn in range(number, len(people), 8):
                time.sleep(max(0.0, start + turn * gap - time.perf_counter()))
                cookie, token = people[turn]
                with app.app_context():  # type: ignore[attr-defined]
                    code = attendance.current_code(db.session.get(WorkshopSession, session_id)).code
                body = f"code={code}&csrf_token={token}"
                begin = time.perf_counter()
                status, _h, _b = request(
                    port,
                    path,
                    cookie,
                    "POST",
                    body,
                    {"Content-Type": "application/x-www-form-urlencoded"},
                )
                with lock:
                    check_ins.append((time.perf_counter() - begin) * 1000)
                    refused[0] += status != 302

        threads = [threading.Thread(target=checks_in, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = time.perf_counter() - start
    with app.app_context():  # type: ignore[attr-defined]
        rows = db.session.scalar(
            select(func.count())
            .select_from(Attendance)
            .join(User, User.id == Attendance.user_id)
            .where(Attendance.session_id == session_id, User.email.in_(learners))
        )
    p95 = sorted(check_ins)[int(0.95 * (len(check_ins) - 1))]
    print(
        f"gunicorn: {len(check_ins)} check-in POSTs spread over {total:.1f} s,"
        f" {refused[0]} refused, {rows} attendance rows:"
        f" {millis(check_ins)}, max {max(check_ins):.1f} ms"
    )
    return roster_median < 150 and p95 < 50 and refused[0] == 0 and rows == len(check_ins)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--check-ins", type=int, default=200)
    parser.add_argument("--gunicorn", action="store_true", help="also over HTTP at gunicorn")
    parser.add_argument("--spread", type=float, default=60.0, help="seconds the check-ins span")
    args = parser.parse_args()
    app, workshop_id, session_id, learners, trainer = setup(args.people)

    with app.app_context():  # type: ignore[attr-defined]
        from cartif_lms.workshops.models import Workshop

        workshop = db.session.get(Workshop, workshop_id)
        timings = []
        for _ in range(20):
            begin = time.perf_counter()
            rows = reports.roster(workshop).rows
            timings.append((time.perf_counter() - begin) * 1000)
            db.session.expire_all()
        print(f"roster service, {len(rows)} registrations: {millis(timings)}")

    client, _ = signed_in(app, trainer)
    page = f"/workshops/{workshop_id}/sessions/{session_id}/facilitate"
    timings = []
    for _ in range(20):
        begin = time.perf_counter()
        assert client.get(page).status_code == 200
        timings.append((time.perf_counter() - begin) * 1000)
    print(
        f"facilitator's page with the roster of {args.people} (target < 150 ms): {millis(timings)}"
    )

    report = f"/workshops/{workshop_id}/report"
    timings = []
    for _ in range(20):
        begin = time.perf_counter()
        assert client.get(report).status_code == 200
        timings.append((time.perf_counter() - begin) * 1000)
    print(f"roster and feedback report of {args.people} (target < 150 ms): {millis(timings)}")

    people = [signed_in(app, email) for email in learners[: args.check_ins]]
    path = f"/workshops/{workshop_id}/sessions/{session_id}/check-in"
    timings = []
    begin_all = time.perf_counter()
    for person, token in people:
        with app.app_context():  # type: ignore[attr-defined]
            from cartif_lms.workshops.models import WorkshopSession

            code = attendance.current_code(db.session.get(WorkshopSession, session_id)).code
        begin = time.perf_counter()
        reply = person.post(path, data={"code": code, "csrf_token": token})
        timings.append((time.perf_counter() - begin) * 1000)
        assert reply.status_code == 302, reply.status_code
    total = time.perf_counter() - begin_all
    print(
        f"{len(people)} check-in POSTs in {total:.1f} s (target: within 60 s; each < 50 ms): "
        f"{millis(timings)}"
    )
    if not args.gunicorn:
        return 0
    # The in-process check-ins above used the first people; gunicorn's are the next ones.
    rest = [trainer] + learners[args.check_ins :]
    if len(rest) <= args.check_ins:
        raise SystemExit("--gunicorn needs --people of at least twice --check-ins")
    ok = served(app, args, (workshop_id, session_id), rest)
    print(
        "gunicorn targets (roster median < 150 ms, check-in p95 < 50 ms, every check-in stored):",
        "ok" if ok else "MISS",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
