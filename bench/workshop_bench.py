"""Workshop benchmark: the roster of a 500-place workshop, and 200 people checking in.

Targets (issue 13): the roster (facilitator's page) of 500 registrations under 150 ms; the
check-in POST under 50 ms, with 200 people checking in within one minute. In-process (the
Flask test client, SQLite in a temporary folder), so the figures are the app's own time.

    .venv/bin/python bench/workshop_bench.py [--people 500] [--check-ins 200]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from werkzeug.security import generate_password_hash  # noqa: E402

from bench.curriculum_bench import SECRET_KEY  # noqa: E402  (a key published on purpose)
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.auth.models import Role, User  # noqa: E402
from cartif_lms.db import utcnow  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402
from cartif_lms.workshops import attendance, reports  # noqa: E402
from cartif_lms.workshops.models import (  # noqa: E402
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

PASSWORD = "benchmark password 2026"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--check-ins", type=int, default=200)
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


if __name__ == "__main__":
    main()
