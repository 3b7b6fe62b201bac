"""Audit trail benchmark: the trail's pages with 100,000 entries.

Target: every page of the trail (the newest page, a page deep in the past, each filter, a focal
point's own country) answers in under 150 ms (median of 20 requests through the Flask test
client, signed in), and the CSV of one filtered month streams at well over 1,000 rows a second.

    .venv/bin/python bench/audit_bench.py [--entries 100000] [--postgres]

Runs against a fresh SQLite database in a temporary folder; with --postgres, also against a
fresh PostgreSQL database ``cartif_bench_<random>`` on postgresql+psycopg://postgres@127.0.0.1
(dropped at the end). Prints its figures and exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.audit import Action, AuditEntry  # noqa: E402
from cartif_lms.auth.models import Role, User  # noqa: E402
from cartif_lms.auth.services import create_user  # noqa: E402
from cartif_lms.directory.models import Country  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PASSWORD = "benchmark password"
SECRET_KEY = "benchmark-secret-key-long-enough-123"
MEDIAN_MS = 150
CSV_ROWS_PER_SECOND = 1000
REQUESTS = 20
PEOPLE = 2000


def fill(entries: int) -> dict[str, Any]:
    """Reference data, an admin, a focal point, PEOPLE learners and ``entries`` entries spread
    over a year, across every action and country."""
    ensure_reference_data()
    admin = create_user("admin@bench.example", "Bench Admin", Role.admin, PASSWORD)
    kz = country_by_code("KZ")
    focal = create_user("focal@bench.example", "Bench Focal", Role.focal_point, PASSWORD, kz)
    countries = list(db.session.scalars(select(Country.id)))
    people = [
        {
            "email": f"p{n}@bench.example",
            "name": f"Person {n}",
            "role": Role.learner,
            "country_id": countries[n % len(countries)],
            "password_hash": "x",
            "active": True,
        }
        for n in range(PEOPLE)
    ]
    db.session.execute(insert(User), people)
    ids = list(db.session.scalars(select(User.id)))
    rng = random.Random(1)
    start = datetime(2026, 1, 1)
    actions = list(Action)
    batch: list[dict[str, Any]] = []
    for n in range(entries):
        batch.append(
            {
                "at": start + timedelta(seconds=n * 315),  # a year for 100,000
                "actor_id": rng.choice(ids),
                "action": rng.choice(actions).value,
                "subject_user_id": rng.choice(ids),
                "country_id": rng.choice(countries),
                "object_type": "lms_designation",
                "object_id": n,
                "details": {"kind": "observer", "n": n},
            }
        )
        if len(batch) == 10_000:
            db.session.execute(insert(AuditEntry), batch)
            batch = []
    if batch:
        db.session.execute(insert(AuditEntry), batch)
    db.session.commit()
    return {"admin": admin.email, "focal": focal.email, "person": f"p{PEOPLE // 2}@bench.example"}


def signed_in(app: Any, email: str) -> Any:
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    data = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=data).status_code == 302, "sign-in failed"
    return client


def median_ms(client: Any, path: str) -> tuple[float, int]:
    times, status = [], 0
    for _ in range(REQUESTS):
        began = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        status = response.status_code
    return statistics.median(times), status


def deep_cursor(client: Any, pages: int) -> str:
    """The "Older" link after following it ``pages`` times (a page that far in the past)."""
    path = "/audit/"
    for _ in range(pages):
        found = re.search(
            r'href="([^"]*before=\d+[^"]*)">', client.get(path).get_data(as_text=True)
        )
        assert found, "no Older link"
        path = found.group(1).replace("&amp;", "&")
    return path


def run(url: str, entries: int) -> bool:
    app = create_app({"LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET_KEY, "LMS_ENV": "testing"})
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        began = time.perf_counter()
        people = fill(entries)
        print(f"  {entries:,} entries written in {time.perf_counter() - began:.1f} s")
    admin, focal = signed_in(app, people["admin"]), signed_in(app, people["focal"])
    pages = (
        ("newest page", admin, "/audit/"),
        ("page 200 (after 10,000 entries)", admin, deep_cursor(admin, 200)),
        ("one action", admin, "/audit/?action=password_reset"),
        ("one country", admin, "/audit/?country=GE"),
        ("one person", admin, f"/audit/?person={people['person']}"),
        ("one month", admin, "/audit/?since=2026-06-01&until=2026-06-30"),
        ("all filters", admin, "/audit/?country=KZ&action=role_changed&since=2026-03-01"),
        ("focal point, own country", focal, "/audit/"),
    )
    ok = True
    for label, client, path in pages:
        ms, status = median_ms(client, path)
        hit = status == 200 and ms < MEDIAN_MS
        ok &= hit
        print(f"  {label:34} {ms:7.1f} ms   {'ok' if hit else f'MISS ({status})'}")
    began = time.perf_counter()
    body = admin.get("/audit/entries.csv?since=2026-06-01&until=2026-06-30").get_data(as_text=True)
    seconds = time.perf_counter() - began
    rows = body.count("\r\n") - 1
    rate = rows / seconds
    ok &= rate > CSV_ROWS_PER_SECOND
    print(f"  CSV of one month: {rows:,} rows in {seconds:.2f} s ({rate:,.0f} rows/s)")
    app.extensions["cartif_lms"].engine.dispose()
    return ok


@contextmanager
def postgres_database() -> Iterator[str]:
    server = make_url(POSTGRES_SERVER)
    name = f"cartif_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true")
    options = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite")
        ok &= run(f"sqlite:///{Path(folder) / 'bench.db'}", options.entries)
    if options.postgres:
        with postgres_database() as url:
            print("PostgreSQL")
            ok &= run(url, options.entries)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
