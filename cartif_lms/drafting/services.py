"""The drafting workbench: save and submit drafts, peer and trainer reviews, evidence.

Rules:

- A learner has one working draft per exercise; "Save draft" overwrites it, "Submit for review"
  also freezes a numbered version. After "revise and resubmit" the next submission is version 2.
- Peer review (when the exercise asks for it): each submitted version gets that many reviewers,
  chosen automatically among people who submitted the same exercise themselves, never of the
  author's country, fewest open reviews first. Reviewers see the text only, never the author.
- The trainer's review is final: "accept" or "revise". An accepted review records competency
  evidence for the exercise's competencies at a level from the rubric score: at least 85% of
  the points is level 3 (proficient), at least 60% level 2 (working knowledge), anything less
  level 1 (awareness).
- The model answer is never shown before the learner's first submission for review; from then
  on the learner and trainers see it (``model_answer_shown``), peer reviewers never.
- Who may open the workbench, save and submit is the one take-training rule
  (``learning.services.item_access``); people who do not take training only preview it.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from .. import db
from ..audit import Action, record
from ..auth.models import User
from ..capacity.evidence import record_evidence
from ..capacity.models import EvidenceSource
from ..content.models import Item
from ..content.snapshot import localized
from ..db import utcnow
from ..i18n import current_language
from ..learning.services import record_completion
from ..security.permissions import Permission, can
from ..signals import draft_reviewed, peer_reviews_assigned
from .exercise import Exercise
from .kind import EXERCISE
from .lint import DraftRejected, check_draft_text
from .models import (
    DraftRescue,
    DraftReview,
    DraftStatus,
    DraftSubmission,
    DraftVersion,
    ReviewDecision,
    ReviewKind,
)


class DraftError(ValueError):
    """A request the workbench refuses; the message is for the learner."""


def exercise_item(item_id: int) -> Item | None:
    item = db.session.get(Item, item_id)
    if item is None or item.kind != EXERCISE.name or item.retired_at is not None:
        return None
    return item if "exercise" in (item.settings or {}) else None


def exercise_of(item: Item) -> Exercise:
    """The exercise in the reader's language (its translation's texts, the original's
    structure and treaty text), or in English where it has none."""
    return Exercise.of(localized(item, current_language()).settings)


def submission_of(user: User, item: Item) -> DraftSubmission | None:
    return db.session.scalar(
        select(DraftSubmission).where(
            DraftSubmission.user_id == user.id, DraftSubmission.item_id == item.id
        )
    )


def editable(submission: DraftSubmission | None) -> bool:
    """The learner may type and save: before any draft, while drafting, after "revise"."""
    return submission is None or submission.status in (DraftStatus.draft, DraftStatus.revise)


def model_answer_shown(viewer: User, submission: DraftSubmission | None) -> bool:
    """The one rule for revealing an exercise's model answer, on every page that could show
    it: never before the author's first submission for review; from then on to the author,
    and to those who review submissions (trainers). Peer reviewers do not see it."""
    if submission is None or not submission.versions:
        return False
    return submission.user_id == viewer.id or can(viewer, Permission.review_submissions)


def drafts_on_hold(user: User, item_ids: list[int]) -> set[int]:
    """Exercises among ``item_ids`` where ``user``'s draft is waiting for review."""
    return set(
        db.session.scalars(
            select(DraftSubmission.item_id).where(
                DraftSubmission.user_id == user.id,
                DraftSubmission.item_id.in_(item_ids),
                DraftSubmission.status == DraftStatus.submitted,
            )
        )
    )


def save_draft(user: User, item: Item, text: str, now: datetime | None = None) -> DraftSubmission:
    """Keep ``text`` as the learner's working draft (refused once the draft is accepted).

    One statement inserts the learner's row or overwrites it, so a first save from two tabs at
    once makes one row (the unique key decides) and the second simply saves over the first.
    """
    text = check_draft_text(text)
    insert = db.insert_for(DraftSubmission).values(
        user_id=user.id,
        item_id=item.id,
        text=text,
        status=DraftStatus.draft,
        saved_at=now or utcnow(),
    )
    table = DraftSubmission.__table__
    saved_id = db.session.scalar(
        insert.on_conflict_do_update(
            index_elements=["user_id", "item_id"],
            set_={"text": insert.excluded.text, "saved_at": insert.excluded.saved_at},
            where=table.c.status != DraftStatus.accepted,
        ).returning(table.c.id)  # no row back: the draft is accepted and stays as it is
    )
    if saved_id is None:
        raise DraftError(_l("This exercise has been accepted; the text can no longer change."))
    return db.session.get_one(DraftSubmission, saved_id, populate_existing=True)


def submit_draft(user: User, item: Item, text: str, now: datetime | None = None) -> DraftVersion:
    """Save ``text`` and submit it for review as the next version.

    A conditional update moves the draft to "submitted", so "Submit for review" pressed twice
    freezes one version: the second press waits for the first to commit (save_draft holds the
    row), then finds the draft already waiting.
    """
    now = now or utcnow()
    submission = save_draft(user, item, text, now)
    submitted = db.rows_changed(
        update(DraftSubmission)
        .where(
            DraftSubmission.id == submission.id,
            DraftSubmission.status.in_((DraftStatus.draft, DraftStatus.revise)),
        )
        .values(status=DraftStatus.submitted)
        .execution_options(synchronize_session=False)
    )
    if submitted != 1:
        raise DraftError(_l("This draft is already waiting for review."))
    db.session.refresh(submission)
    version = DraftVersion(
        submission=submission,
        number=len(submission.versions) + 1,
        text=submission.text,
        submitted_at=now,
    )
    db.session.add(version)
    db.session.flush()
    allocate_peer_reviews(item, now)
    return version


# --- peer review ---------------------------------------------------------------------------


def allocate_peer_reviews(item: Item, now: datetime | None = None) -> int:
    """Give every waiting version of ``item`` its peer reviewers, as far as people allow."""
    wanted = exercise_of(item).peer_reviews
    if not wanted:
        return 0
    # One allocation per exercise at a time (a row lock on the item, until commit): two
    # learners submitting at once would otherwise both fill the same version's reviewers.
    db.lock_row(Item, item.id, key_share=True)
    versions = _latest_versions(item)
    authors = {v.id: v.submission.user for v in versions}
    candidates = [authors[v.id] for v in versions if authors[v.id].active]
    load = _open_reviews(item)
    added: list[DraftReview] = []
    for version in versions:
        if version.submission.status is not DraftStatus.submitted:
            continue
        author = authors[version.id]
        taken = {r.reviewer_id for r in version.reviews}
        peers = sum(r.kind is ReviewKind.peer for r in version.reviews)
        eligible = sorted(
            (
                p
                for p in candidates
                if p.id != author.id
                and p.id not in taken
                and p.country_id is not None
                and p.country_id != author.country_id
            ),
            key=lambda p: (load.get(p.id, 0), p.id),
        )
        for reviewer in eligible[: max(0, wanted - peers)]:
            added.append(
                DraftReview(
                    version=version,
                    reviewer_id=reviewer.id,
                    kind=ReviewKind.peer,
                    allocated_at=now or utcnow(),
                )
            )
            db.session.add(added[-1])
            load[reviewer.id] = load.get(reviewer.id, 0) + 1
    db.session.flush()
    if added:
        peer_reviews_assigned.send(_app(), reviews=added, at=now or utcnow())
    return len(added)


def _latest_versions(item: Item) -> list[DraftVersion]:
    latest = (
        select(func.max(DraftVersion.id))
        .join(DraftSubmission)
        .where(DraftSubmission.item_id == item.id)
        .group_by(DraftVersion.submission_id)
    )
    return list(
        db.session.scalars(
            select(DraftVersion).where(DraftVersion.id.in_(latest)).order_by(DraftVersion.id)
        )
    )


def _open_reviews(item: Item) -> dict[int, int]:
    rows = db.session.execute(
        select(DraftReview.reviewer_id, func.count())
        .join(DraftVersion)
        .join(DraftSubmission)
        .where(DraftSubmission.item_id == item.id, DraftReview.completed_at.is_(None))
        .group_by(DraftReview.reviewer_id)
    )
    return dict(rows.all())


def peer_assignments(user: User) -> list[DraftReview]:
    return list(
        db.session.scalars(
            select(DraftReview)
            .where(DraftReview.reviewer_id == user.id, DraftReview.kind == ReviewKind.peer)
            .order_by(DraftReview.completed_at.is_not(None), DraftReview.allocated_at)
        )
    )


def peer_assignment(user: User, review_id: int) -> DraftReview | None:
    review = db.session.get(DraftReview, review_id)
    ok = review is not None and review.reviewer_id == user.id and review.kind is ReviewKind.peer
    return review if ok else None


# --- reviews -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricAnswer:
    levels: list[int]  #: the level index chosen for each criterion
    comments: list[str]  #: a comment per criterion
    comment: str  #: the overall comment


def _filled(exercise: Exercise, answer: RubricAnswer, now: datetime) -> dict[str, Any]:
    """The columns of a completed review; refuses an incomplete rubric before any write."""
    rubric = exercise.rubric
    if len(answer.levels) != len(rubric.criteria) or not all(
        0 <= level < len(rubric.levels) for level in answer.levels
    ):
        raise DraftError(_l("Choose one level for every criterion of the rubric."))
    return {
        "scores": [
            {"level": level, "comment": comment.strip()}
            for level, comment in zip(answer.levels, answer.comments, strict=True)
        ],
        "comment": answer.comment.strip(),
        "points": rubric.points(answer.levels),
        "max_points": rubric.max_points,
        "completed_at": now,
    }


def complete_peer_review(
    reviewer: User, review: DraftReview, answer: RubricAnswer, now: datetime | None = None
) -> DraftReview:
    """Send a peer review, once: a second send (double click, two tabs) is refused."""
    values = _filled(exercise_of(review.version.submission.item), answer, now or utcnow())
    # Conditional, so of two sends at once the first is kept and the second changes nothing.
    sent = db.rows_changed(
        update(DraftReview)
        .where(DraftReview.id == review.id, DraftReview.completed_at.is_(None))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(review)
    if sent != 1:
        raise DraftError(_l("You have already sent this review."))
    # Peer review is anonymous: the entry names the reviewer and their country, not the
    # author, so nobody reading the author's country's trail learns who reviewed them.
    record(
        Action.peer_review_sent,
        actor=reviewer,
        country_id=reviewer.country_id,
        object_type="lms_draft_review",
        object_id=review.id,
        details={"version_id": review.version_id, "points": review.points},
    )
    return review


def review_queue() -> list[DraftVersion]:
    """Versions waiting for the trainer's review, oldest first."""
    return list(
        db.session.scalars(
            select(DraftVersion)
            .options(
                selectinload(DraftVersion.reviews),
                selectinload(DraftVersion.submission).selectinload(DraftSubmission.item),
            )
            .join(DraftSubmission)
            .where(
                DraftSubmission.status == DraftStatus.submitted,
                DraftVersion.id.in_(
                    select(func.max(DraftVersion.id)).group_by(DraftVersion.submission_id)
                ),
            )
            .order_by(DraftVersion.submitted_at)
        )
    )


def trainer_review(
    trainer: User,
    version: DraftVersion,
    answer: RubricAnswer,
    decision: ReviewDecision,
    now: datetime | None = None,
) -> DraftReview:
    """The final review: accept (evidence is recorded) or ask for a revision.

    The decision is a conditional update of the submission, so of two trainers deciding at
    once (or one pressing twice) the first counts; the second waits for it to commit, then
    finds the version no longer waiting and records nothing.
    """
    submission = version.submission
    now = now or utcnow()
    values = _filled(exercise_of(submission.item), answer, now)
    newer = select(DraftVersion.id).where(
        DraftVersion.submission_id == submission.id, DraftVersion.number > version.number
    )
    decided = db.rows_changed(
        update(DraftSubmission)
        .where(
            DraftSubmission.id == submission.id,
            DraftSubmission.status == DraftStatus.submitted,
            ~newer.exists(),
        )
        .values(
            status=DraftStatus.accepted if decision is ReviewDecision.accept else DraftStatus.revise
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(submission)
    if decided != 1:
        raise DraftError(_l("This version is not waiting for review."))
    review = DraftReview(
        version=version,
        reviewer_id=trainer.id,
        kind=ReviewKind.trainer,
        decision=decision,
        allocated_at=now,
        **values,
    )
    db.session.add(review)
    if decision is ReviewDecision.accept:
        author = submission.user
        record_completion(author, submission.item, now)
        _record_evidence(author, submission.item, review, trainer, now)
    db.session.flush()
    record(
        Action.draft_reviewed,
        actor=trainer,
        subject_user_id=submission.user_id,
        country_id=submission.user.country_id,
        object_type="lms_draft_review",
        object_id=review.id,
        details={
            "item_id": submission.item_id,
            "version": version.number,
            "decision": decision.value,
            "points": review.points,
        },
    )
    draft_reviewed.send(_app(), user=submission.user, review=review, at=now)
    return review


def _app() -> Any:
    from flask import current_app

    return current_app._get_current_object()  # type: ignore[attr-defined]  # a LocalProxy


def evidence_level(points: float, max_points: float) -> int:
    share = points / max_points if max_points else 0
    return 3 if share >= 0.85 else 2 if share >= 0.6 else 1


def _record_evidence(
    author: User, item: Item, review: DraftReview, trainer: User, now: datetime
) -> None:
    db.session.flush()  # the review needs its id
    level = evidence_level(review.points or 0, review.max_points or 0)
    for competency in item.competencies:
        record_evidence(
            author,
            competency,
            level,
            EvidenceSource.drafting,
            source_id=review.id,
            observed_at=now,
            recorded_by=trainer,
            note=f"Accepted drafting exercise: {item.title}",
        )


def reviews_for_author(submission: DraftSubmission) -> list[DraftReview]:
    """Completed reviews of the learner's versions: trainer's and (anonymous) peers'."""
    return [r for v in submission.versions for r in v.reviews if r.completed_at is not None]


# --- text ----------------------------------------------------------------------------------

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def diff_html(before: str, after: str) -> Markup:
    """Word-level differences: deleted words in <del>, added in <ins>, escaped."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{html.escape(''.join(old[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{html.escape(''.join(new[j1:j2]))}</ins>")
        if op == "equal":
            parts.append(html.escape("".join(old[i1:i2])))
    return Markup("".join(parts))


def rescue_text(user: User, item: Item, text: str, now: datetime | None = None) -> bool:
    """Keep text ``user`` posted after their session expired, to become their draft when they
    open the exercise again; False when it is not kept (what a draft could not hold either).

    Kept within limits: one text per person and exercise (a later one replaces it), no larger
    than a draft, and only ``LMS_RESCUED_TEXT_DAYS`` (older ones are purged here and at sign-in).
    """
    now = now or utcnow()
    try:
        text = check_draft_text(text)
    except DraftRejected:
        return False
    purge_rescued_text(now)
    insert = db.insert_for(DraftRescue).values(
        user_id=user.id, item_id=item.id, text=text, created_at=now
    )
    db.session.execute(
        insert.on_conflict_do_update(
            index_elements=["user_id", "item_id"],
            set_={"text": insert.excluded.text, "created_at": insert.excluded.created_at},
        )
    )
    return True


def take_rescued_text(user: User, item: Item, now: datetime | None = None) -> str | None:
    """The text kept for ``user`` on ``item``, removed as it is taken (by one tab only)."""
    cutoff = (now or utcnow()) - _rescue_lifetime()
    rescue = db.session.execute(
        select(DraftRescue.id, DraftRescue.text).where(
            DraftRescue.user_id == user.id,
            DraftRescue.item_id == item.id,
            DraftRescue.created_at >= cutoff,
        )
    ).first()
    if rescue is None:
        return None
    taken = db.rows_changed(delete(DraftRescue).where(DraftRescue.id == rescue.id))
    return rescue.text if taken == 1 else None


def purge_rescued_text(now: datetime | None = None) -> None:
    """Delete rescued text older than ``LMS_RESCUED_TEXT_DAYS``."""
    cutoff = (now or utcnow()) - _rescue_lifetime()
    db.session.execute(delete(DraftRescue).where(DraftRescue.created_at < cutoff))


def _rescue_lifetime() -> timedelta:
    return timedelta(days=current_app.config["LMS_RESCUED_TEXT_DAYS"])
