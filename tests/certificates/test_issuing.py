"""A designated person who completes a track gets one certificate; others see why not."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, select

from cartif_lms import db
from cartif_lms.audit.models import Action, AuditEntry
from cartif_lms.certificates.models import Certificate
from cartif_lms.certificates.services import (
    CODE_ALPHABET,
    Standing,
    counts_for,
    issue_missing,
    track_standings,
)
from cartif_lms.certificates.sources import TRACKS, study_minutes
from cartif_lms.directory.models import Designation, DesignationKind
from tests.certificates.conftest import (
    ONE_LESSON_TRACK,
    certificates_of,
    finish_track,
    today,
    track,
)


def test_a_designated_learner_who_completes_a_track_gets_its_certificate(
    curriculum, make_user, designate_person
):
    learner = make_user(country="KZ", name="Айгерим Сейткали")
    designate_person(learner)

    finish_track(learner)

    [certificate] = certificates_of(learner)
    assert (certificate.source_kind, certificate.source_id) == ("track", track().id)
    assert certificate.holder_name == "Айгерим Сейткали"
    assert certificate.country_name == "Kazakhstan"
    assert certificate.title == "Deep dive on transit"
    assert certificate.level == "intermediate"
    assert certificate.completed_on == today()
    assert len(certificate.code) == 12
    assert set(certificate.code) <= set(CODE_ALPHABET)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.certificate_issued.value)
    ).one()
    assert (entry.subject_user_id, entry.object_id) == (learner.id, certificate.id)
    assert entry.details["code"] == certificate.code


def test_without_a_designation_no_certificate_and_the_page_says_why(curriculum, make_user):
    learner = make_user(country="KZ")
    finish_track(learner)

    assert certificates_of(learner) == []
    standing = {s.title: s.standing for s in track_standings(learner)}
    assert standing["Deep dive on transit"] is Standing.no_designation
    assert standing["Basics of negotiation"] is Standing.not_complete


def test_a_designation_recorded_after_the_completion_issues_the_certificate(
    curriculum, make_user, designate_person
):
    learner = make_user(country="KZ")
    finish_track(learner)
    assert certificates_of(learner) == []

    designate_person(learner, valid_from=today())

    [certificate] = certificates_of(learner)
    assert certificate.completed_on == today()


def test_a_revoked_designation_earns_nothing(curriculum, make_user, designate_person):
    learner = make_user(country="KZ")
    designate_person(learner)
    db.session.execute(
        Designation.__table__.update().values(revoked_at=db.utcnow())  # type: ignore[attr-defined]
    )
    db.session.commit()

    finish_track(learner)

    assert certificates_of(learner) == []


def designation(valid_from: date, valid_until: date, revoked: bool = False) -> Designation:
    return Designation(
        kind=DesignationKind.chief_negotiator,
        valid_from=valid_from,
        valid_until=valid_until,
        revoked_at=db.utcnow() if revoked else None,
    )


def test_which_designations_count_for_a_completion() -> None:
    completed, now = date(2026, 6, 1), date(2026, 12, 1)
    # Valid when the track was completed.
    assert counts_for(designation(date(2025, 1, 1), date(2027, 1, 1)), completed, now)
    # Designated after the completion: counts from the day it begins.
    assert counts_for(designation(date(2026, 9, 1), date(2029, 9, 1)), completed, now)
    # Expired since: it was valid when it mattered.
    assert counts_for(designation(date(2025, 1, 1), date(2026, 7, 1)), completed, now)
    # Lapsed before the completion, not yet begun, or revoked: no.
    assert not counts_for(designation(date(2022, 1, 1), date(2026, 5, 31)), completed, now)
    assert not counts_for(designation(date(2027, 1, 1), date(2030, 1, 1)), completed, now)
    assert not counts_for(designation(date(2025, 1, 1), date(2027, 1, 1), True), completed, now)


def test_the_rerun_issues_what_is_missing_once_and_a_dry_run_issues_nothing(
    curriculum, make_user, designate_person
):
    learners = [make_user(country=code) for code in ("KZ", "GE", "UZ")]
    undesignated = make_user(country="KZ")
    for learner in learners:
        designate_person(learner)
    for person in (*learners, undesignated):
        finish_track(person)
    # As if the certificates had never been issued (completions from before this feature).
    db.session.execute(delete(Certificate))
    db.session.commit()

    dry = issue_missing(dry_run=True)
    assert sorted(done.user_id for _, done in dry.due) == sorted(p.id for p in learners)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0

    assert issue_missing().issued == 3
    db.session.commit()
    assert issue_missing().issued == 0
    assert issue_missing(dry_run=True).due == []
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 3
    assert certificates_of(undesignated) == []


def test_the_command_reissues_nothing_and_says_how_many(
    runner, curriculum, make_user, designate_person
):
    learner = make_user(country="KZ")
    designate_person(learner)
    finish_track(learner)
    db.session.execute(delete(Certificate))
    db.session.commit()

    dry = runner.invoke(args=["lms", "certificates", "issue", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"due: track {track().id} for person {learner.id}" in dry.output
    assert "1 certificate(s) due; none issued (dry run)" in dry.output
    assert certificates_of(learner) == []

    first = runner.invoke(args=["lms", "certificates", "issue"])
    again = runner.invoke(args=["lms", "certificates", "issue"])
    assert (first.output.strip(), again.output.strip()) == (
        "1 certificate(s) issued",
        "0 certificate(s) issued",
    )
    assert len(certificates_of(learner)) == 1


def test_study_time_comes_from_the_modules_and_items(curriculum):
    # basics: module 1 says 20 minutes for itself; module 2 and its items say nothing.
    assert study_minutes(track("basics").id) == 20
    assert TRACKS.statement(track("basics").id).hours == Decimal("0.5")
    assert TRACKS.statement(track(ONE_LESSON_TRACK).id).hours is None
    assert study_minutes(track("drafting-lab").id) == 30
