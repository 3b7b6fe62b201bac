"""``lms demo`` gives a newcomer believable data: learners part-way through, learners who have
finished a track, and none stranded where the rules would never let them go on."""

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.content.models import Track
from cartif_lms.demo.accounts import DEMO_DOMAIN
from cartif_lms.demo.journeys import FINISHED_TRACK, FINISHERS
from cartif_lms.drafting.models import DraftStatus, DraftSubmission
from cartif_lms.learning.models import TrackCompletion
from cartif_lms.learning.services import next_step, track_progress
from cartif_lms.quizzes.models import AttemptStatus, QuizAttempt


def test_demo_learners_have_finished_tracks_and_had_drafts_accepted(demo):
    finished = set(
        db.session.scalars(
            select(User.email)
            .join(TrackCompletion, TrackCompletion.user_id == User.id)
            .join(Track, Track.id == TrackCompletion.track_id)
            .where(Track.slug == FINISHED_TRACK)
        )
    )
    assert finished == {f"{name}@{DEMO_DOMAIN}" for name in FINISHERS}
    # Drafters had the prerequisite module's exercise accepted, then submitted the transit one.
    statuses = db.session.execute(select(DraftSubmission.user_id, DraftSubmission.status)).all()
    accepted = {user for user, status in statuses if status is DraftStatus.accepted}
    waiting = {user for user, status in statuses if status is DraftStatus.submitted}
    assert len(accepted) == 3
    assert waiting == accepted


def test_no_demo_learner_is_stranded_in_a_track_they_started(demo):
    """Every started track is complete, has a next step, or waits for a trainer (a draft to
    review, a written answer to grade)."""
    people = db.session.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"))).all()
    waiting = set(
        db.session.scalars(
            select(DraftSubmission.user_id).where(DraftSubmission.status == DraftStatus.submitted)
        )
    ) | set(  # a written answer in the grading queue waits for a trainer too
        db.session.scalars(
            select(QuizAttempt.user_id).where(QuizAttempt.status == AttemptStatus.awaiting_grading)
        )
    )
    started = 0
    for person in people:
        for track_id, progress in track_progress(person).items():
            if not progress.done or progress.complete:
                continue
            started += 1
            step = next_step(person, track_id)
            assert step.item is not None or person.id in waiting, (person.email, track_id)
    assert started > 10
