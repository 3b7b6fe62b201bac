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
"""

from __future__ import annotations

import difflib
import html
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import db
from ..auth.models import User
from ..capacity.evidence import record_evidence
from ..capacity.models import EvidenceSource
from ..content.models import Item, ItemKind
from ..db import utcnow
from ..learning.services import record_completion
from .analysis import check_draft_text
from .exercise import Exercise
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
    ok = item is not None and item.kind is ItemKind.exercise and item.retired_at is None
    return item if ok and "exercise" in (item.settings or {}) else None


def exercise_of(item: Item) -> Exercise:
    return Exercise.of(item.settings)


def submission_of(user: User, item: Item) -> DraftSubmission | None:
    return db.session.scalar(
        select(DraftSubmission).where(
            DraftSubmission.user_id == user.id, DraftSubmission.item_id == item.id
        )
    )


def save_draft(user: User, item: Item, text: str, now: datetime | None = None) -> DraftSubmission:
    """Keep ``text`` as the learner's working draft (refused once the draft is accepted)."""
    text = check_draft_text(text)
    submission = submission_of(user, item)
    if submission is None:
        submission = DraftSubmission(user_id=user.id, item_id=item.id)
        db.session.add(submission)
    elif submission.status is DraftStatus.accepted:
        raise DraftError(_l("This exercise has been accepted; the text can no longer change."))
    submission.text = text
    submission.saved_at = now or utcnow()
    db.session.flush()
    return submission


def submit_draft(user: User, item: Item, text: str, now: datetime | None = None) -> DraftVersion:
    """Save ``text`` and submit it for review as the next version."""
    now = now or utcnow()
    submission = save_draft(user, item, text, now)
    if submission.status is DraftStatus.submitted:
        raise DraftError(_l("This draft is already waiting for review."))
    version = DraftVersion(
        submission=submission,
        number=len(submission.versions) + 1,
        text=submission.text,
        submitted_at=now,
    )
    db.session.add(version)
    submission.status = DraftStatus.submitted
    db.session.flush()
    allocate_peer_reviews(item, now)
    return version


# --- peer review ---------------------------------------------------------------------------


def allocate_peer_reviews(item: Item, now: datetime | None = None) -> int:
    """Give every waiting version of ``item`` its peer reviewers, as far as people allow."""
    wanted = exercise_of(item).peer_reviews
    if not wanted:
        return 0
    versions = _latest_versions(item)
    authors = {v.id: v.submission.user for v in versions}
    candidates = [authors[v.id] for v in versions if authors[v.id].active]
    load = _open_reviews(item)
    allocated = 0
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
            db.session.add(
                DraftReview(
                    version=version,
                    reviewer_id=reviewer.id,
                    kind=ReviewKind.peer,
                    allocated_at=now or utcnow(),
                )
            )
            load[reviewer.id] = load.get(reviewer.id, 0) + 1
            allocated += 1
    db.session.flush()
    return allocated


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


def _fill(review: DraftReview, exercise: Exercise, answer: RubricAnswer, now: datetime) -> None:
    rubric = exercise.rubric
    if len(answer.levels) != len(rubric.criteria) or not all(
        0 <= level < len(rubric.levels) for level in answer.levels
    ):
        raise DraftError(_l("Choose one level for every criterion of the rubric."))
    review.scores = [
        {"level": level, "comment": comment.strip()}
        for level, comment in zip(answer.levels, answer.comments, strict=True)
    ]
    review.comment = answer.comment.strip()
    review.points = rubric.points(answer.levels)
    review.max_points = rubric.max_points
    review.completed_at = now


def complete_peer_review(
    reviewer: User, review: DraftReview, answer: RubricAnswer, now: datetime | None = None
) -> DraftReview:
    if review.completed_at is not None:
        raise DraftError(_l("You have already sent this review."))
    _fill(review, exercise_of(review.version.submission.item), answer, now or utcnow())
    db.session.flush()
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
    """The final review: accept (evidence is recorded) or ask for a revision."""
    submission = version.submission
    latest = submission.versions[-1]
    if submission.status is not DraftStatus.submitted or version.id != latest.id:
        raise DraftError(_l("This version is not waiting for review."))
    now = now or utcnow()
    review = DraftReview(
        version=version,
        reviewer_id=trainer.id,
        kind=ReviewKind.trainer,
        decision=decision,
        allocated_at=now,
    )
    _fill(review, exercise_of(submission.item), answer, now)
    db.session.add(review)
    if decision is ReviewDecision.accept:
        submission.status = DraftStatus.accepted
        author = submission.user
        record_completion(author, submission.item, now)
        _record_evidence(author, submission.item, review, trainer, now)
    else:
        submission.status = DraftStatus.revise
    db.session.flush()
    return review


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


def rescue_text(item: Item, text: str) -> str:
    """Keep text posted after the writer's session ended; returns the token to find it by."""
    token = secrets.token_urlsafe(24)
    db.session.add(DraftRescue(token=token, item_id=item.id, text=text))
    db.session.flush()
    return token


def take_rescued_text(token: str, item: Item) -> str | None:
    rescue = db.session.scalar(
        select(DraftRescue).where(DraftRescue.token == token, DraftRescue.item_id == item.id)
    )
    if rescue is None:
        return None
    db.session.delete(rescue)
    db.session.flush()
    return rescue.text
