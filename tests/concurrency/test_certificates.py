"""Certificates are issued once however many workers issue them at the same moment: two
``lms certificates issue`` processes over the same past completions, a learner's two tabs
that open their certificates page at once, and two administrators revoking one certificate."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit.models import Action, AuditEntry
from cartif_lms.certificates.models import Certificate
from cartif_lms.certificates.services import issue_missing
from cartif_lms.content.models import Item
from cartif_lms.db import utcnow
from cartif_lms.directory.models import Designation, DesignationKind
from cartif_lms.learning.services import mark_complete
from tests.concurrency.checks import count
from tests.concurrency.conftest import at_once

REPO = Path(__file__).resolve().parents[2]
LESSON = "drafting-dive/brackets/reading"  # the only lesson of its track
LEARNERS = 40


def completed_without_certificates(make_user, how_many: int) -> list:
    """Learners who completed a track before they were designated, and whose designation
    was written straight into the table (as if before certificates existed): each is due a
    certificate that nobody has issued yet."""
    lesson = db.session.scalars(select(Item).where(Item.slug == LESSON)).one()
    learners = [make_user(country=("KZ", "GE", "UZ")[n % 3]) for n in range(how_many)]
    for learner in learners:
        mark_complete(learner, lesson)
        db.session.add(
            Designation(
                user_id=learner.id,
                country_id=learner.country_id,
                kind=DesignationKind.chief_negotiator,
                valid_from=utcnow().date() - timedelta(days=1),
                valid_until=utcnow().date() + timedelta(days=365),
            )
        )
    db.session.commit()
    assert count(Certificate) == 0
    return learners


def issue_command(migrated) -> subprocess.Popen[str]:
    env = {**os.environ, **{k: str(v) for k, v in migrated.items() if k.startswith("LMS_")}}
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("flask")),
            "--app",
            "wsgi",
            "lms",
            "certificates",
            "issue",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_workers_issuing_at_once_issue_each_certificate_once(curriculum, make_user, migrated):
    learners = completed_without_certificates(make_user, LEARNERS)

    workers = [issue_command(migrated), issue_command(migrated)]
    outputs = [worker.communicate(timeout=300) for worker in workers]

    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    issued = [int(out.split()[0]) for out, _ in outputs]
    assert sum(issued) == LEARNERS  # between them, each certificate once: none twice, none missed
    ids = [learner.id for learner in learners]
    assert count(Certificate, Certificate.user_id.in_(ids)) == LEARNERS
    assert count(AuditEntry, AuditEntry.action == Action.certificate_issued.value) == LEARNERS
    assert len(set(db.session.scalars(select(Certificate.code)))) == LEARNERS


def test_a_learners_two_tabs_opening_their_certificates_at_once_issue_one(
    curriculum, make_user, browsers
):
    learners = completed_without_certificates(make_user, 4)
    tabs = browsers(learners)

    replies = at_once(*(lambda tab=tab: tab.get("/certificates") for tab in tabs * 2))

    assert [r.status for r in replies] == [200] * 8
    assert count(Certificate) == 4
    assert count(AuditEntry, AuditEntry.action == Action.certificate_issued.value) == 4


def test_two_administrators_revoking_one_certificate_at_once_revoke_it_once(
    curriculum, make_user, browsers
):
    completed_without_certificates(make_user, 1)
    issue_missing()
    db.session.commit()
    code = db.session.scalars(select(Certificate.code)).one()
    admins = browsers([make_user(role="admin", country=None) for _ in range(2)])
    page = f"/certificates/manage?code={code}"
    revokes = [
        admin.ready_to_post(f"/certificates/{code}/revoke", {"reason": f"by {n}"}, page=page)
        for n, admin in enumerate(admins)
    ]

    replies = at_once(*revokes, *revokes)

    assert [r.status for r in replies] == [302] * 4
    assert count(AuditEntry, AuditEntry.action == Action.certificate_revoked.value) == 1
    assert count(Certificate, Certificate.revoked_at.is_not(None)) == 1
