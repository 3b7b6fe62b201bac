"""Simulation benchmark: the debrief's search of the issue space, and a round's page.

Targets (issue 17): the Pareto analysis of 8 issues of 4 options (65,536 packages) for 11
delegations takes under 1 s; a round's page of the shipped eleven-delegation scenario, with
every delegation seated and three rounds of moves on the timeline, answers in under 150 ms
(median of sequential requests on gunicorn, one worker). /healthz is measured alongside.

    .venv/bin/python bench/simulation_bench.py [--requests 50]

Runs on loopback against a temporary SQLite database; prints its figures and exits 1 if a
target is missed.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.curriculum_bench import PASSWORD, SECRET_KEY, gunicorn, request, sign_in  # noqa: E402
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.auth.models import Role  # noqa: E402
from cartif_lms.auth.services import create_user  # noqa: E402
from cartif_lms.content.sync import sync_content  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402
from cartif_lms.resources import shipped_content_dir  # noqa: E402
from cartif_lms.simulations import services  # noqa: E402
from cartif_lms.simulations.outcomes import analyse  # noqa: E402
from cartif_lms.simulations.scenario import DelegationSpec, Issue, Option  # noqa: E402

PARETO_SECONDS = 1.0
PAGE_MS = 150
SCENARIO = "framework-institutions-zero-round"
COUNTRIES = ("AF", "AZ", "CN", "GE", "KZ", "KG", "MN", "PK", "TJ", "TM", "UZ")


def pareto_seconds(repeats: int = 5) -> tuple[float, int]:
    """The median time of one analysis of 8 x 4 options for 11 delegations (random tables)."""
    rng = random.Random(17)
    issues = [Issue(n, f"Issue {n}", tuple(Option(k, k, k) for k in "abcd")) for n in range(1, 9)]
    delegations = [
        DelegationSpec(
            f"d{i}",
            f"Delegation {i}",
            f"D{i:02d}",
            None,
            40,
            scores={n: {k: rng.randint(0, 13) for k in "abcd"} for n in range(1, 9)},
        )
        for i in range(11)
    ]
    result = {n: rng.choice("abcd") for n in range(1, 9)}
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        analysis = analyse(issues, delegations, result)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), analysis.packages


def prepare(url: str) -> str:
    """The shipped curriculum, a trainer, a run of the eleven-delegation scenario with one
    participant per delegation and three rounds of moves; returns a participant's e-mail."""
    app = create_app({"LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET_KEY})
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        ensure_reference_data()
        sync_content(shipped_content_dir())
        trainer = create_user("trainer@bench.org", "Bench Trainer", Role.trainer, PASSWORD)
        scenario = services.scenario_by_slug(SCENARIO)
        assert scenario is not None, SCENARIO
        run = services.start_run(trainer, scenario, "Bench run", round_minutes=600)
        rng = random.Random(3)
        seats = []
        for delegation, code in zip(run.delegations, COUNTRIES, strict=True):
            person = create_user(
                f"{code.lower()}@bench.org",
                f"Negotiator {code}",
                Role.learner,
                PASSWORD,
                country_by_code(code),
            )
            seats.append(services.seat(run, delegation, person, trainer))
        issues = services.issues_of(run)
        for _move in range(3):  # three rounds' worth of moves, all in the open round
            for seat in seats:
                options = {i.number: rng.choice(i.keys) for i in issues}
                services.propose_positions(seat, 1, options)
                services.make_statement(seat, 1, "We can move on the secretariat if others do.")
            services.propose_package(seats[0], 1, {i.number: rng.choice(i.keys) for i in issues})
        db.session.commit()
        email = seats[5].user.email
        path = f"/simulations/runs/{run.id}"
    app.extensions["cartif_lms"].engine.dispose()
    return f"{email} {path}"


def median_ms(port: int, path: str, cookie: str, count: int) -> tuple[float, int]:
    for _ in range(5):
        request(port, path, cookie)
    timings, status = [], 0
    for _ in range(count):
        started = time.perf_counter()
        status, _h, _b = request(port, path, cookie)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    print("CARTIF LMS simulation benchmark")
    seconds, packages = pareto_seconds()
    checks = [
        (
            f"Pareto analysis of {packages:,} packages x 11 delegations < "
            f"{PARETO_SECONDS:g} s ({seconds:.3f} s)",
            seconds < PARETO_SECONDS,
        )
    ]
    work = Path(tempfile.mkdtemp(prefix="cartif-simulation-bench-"))
    try:
        url = f"sqlite:///{work / 'bench.db'}"
        email, path = prepare(url).split()
        with gunicorn(url, 1) as port:
            cookie = sign_in(port, email)
            page, status = median_ms(port, path, cookie, args.requests)
            health, _ = median_ms(port, "/healthz", "", args.requests)
        checks.append((f"round page answers 200 (got {status})", status == 200))
        checks.append(
            (
                f"round page median < {PAGE_MS} ms ({page:.1f} ms; /healthz {health:.1f} ms)",
                page < PAGE_MS,
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for label, ok in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {label}")
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
