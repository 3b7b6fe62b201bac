"""Report benchmark: the country and the regional progress report as PDF, at 10,000 learners.

Targets (issue 14): a country report in under 2 s and the regional report in under 5 s, with
10,000 learners (about a million completion rows), from the data to the PDF's bytes.

    .venv/bin/python bench/report_bench.py [--learners 10000] [--repeat 3] [--postgres]
                                           [--content-dir DIR]

Seeds a fresh SQLite database in a temporary folder with the shipped curriculum and the
synthetic learners of ``cartif_lms/demo/synthetic.py`` (as bench/capacity_bench.py does), with
--postgres also a fresh PostgreSQL database (dropped at the end). Prints the median of
``--repeat`` runs per report, split into gathering the figures and drawing the PDF, and exits 1
if a target is missed. On PostgreSQL it runs VACUUM ANALYZE after loading (as autovacuum
would).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, text  # noqa: E402

from bench.capacity_bench import SECRET_KEY, postgres_database, sqlite_database  # noqa: E402
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.content.sync import sync_content  # noqa: E402
from cartif_lms.demo.synthetic import generate_scale_data  # noqa: E402
from cartif_lms.directory.services import country_by_code, ensure_reference_data  # noqa: E402
from cartif_lms.progress_reports import documents, reports  # noqa: E402
from cartif_lms.progress_reports.figures import cutoff_for  # noqa: E402
from cartif_lms.resources import shipped_content_dir  # noqa: E402

TARGETS = {"country report (KZ)": 2.0, "regional report": 5.0}


def timed(make: Callable[[], object]) -> float:
    started = time.perf_counter()
    make()
    return time.perf_counter() - started


def median_of(repeat: int, make: Callable[[], object]) -> float:
    return statistics.median(timed(make) for _ in range(repeat))


def analyse(engine: Engine) -> None:
    """Planner statistics and the visibility map for the freshly loaded million rows, which
    autovacuum would make a little later on a real server (it vacuums and analyses a table
    after many inserts): without them PostgreSQL plans the GROUP BYs over completions as if the
    table were empty, and cannot answer them from the completion index alone."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def run(url: str, backend: str, args: argparse.Namespace) -> bool:
    app = create_app(
        {
            "LMS_DATABASE_URL": url,
            "LMS_CONTENT_DIR": str(args.content_dir),
            "LMS_SECRET_KEY": SECRET_KEY,
        }
    )
    ok = True
    with app.app_context():
        db.migrate_to_head(db.lms_state().engine)
        ensure_reference_data()
        sync_content(args.content_dir)
        db.session.commit()
        started = time.perf_counter()
        generate_scale_data(args.learners, args.seed)
        db.session.commit()
        print(
            f"{backend}: {args.learners:,} learners seeded in {time.perf_counter() - started:.1f} s"
        )
        analyse(db.lms_state().engine)
        kazakhstan = country_by_code("KZ")
        assert kazakhstan is not None, "reference data loads the eleven countries"
        kinds: dict[str, tuple[Callable[[], Any], Callable[[Any], bytes]]] = {
            "country report (KZ)": (
                lambda: reports.country_report(kazakhstan, cutoff_for(None)),
                documents.country_pdf,
            ),
            "regional report": (
                lambda: reports.regional_report(cutoff_for(None), keep_snapshot=False),
                documents.regional_pdf,
            ),
        }
        for label, (gather, draw) in kinds.items():
            report = gather()
            data = median_of(args.repeat, gather)
            pdf = median_of(args.repeat, lambda d=draw, r=report: d(r))  # type: ignore[misc]
            total = median_of(args.repeat, lambda g=gather, d=draw: d(g()))  # type: ignore[misc]
            target = TARGETS[label]
            verdict = "ok" if total < target else "MISS"
            ok &= total < target
            print(
                f"  {label:<22} figures {data:5.2f} s + PDF {pdf:5.2f} s;"
                f" end to end {total:5.2f} s (target < {target:.0f} s) {verdict}"
            )
        db.session.rollback()
    app.extensions["cartif_lms"].engine.dispose()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--content-dir",
        type=Path,
        default=shipped_content_dir(),
        help="the folder with courses/ and quizzes/ (default: the shipped curriculum)",
    )
    args = parser.parse_args()
    ok = True
    with sqlite_database() as url:
        ok &= run(url, "SQLite", args)
    if args.postgres:
        with postgres_database() as url:
            ok &= run(url, "PostgreSQL", args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
