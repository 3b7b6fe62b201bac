"""The shipped tables that hold a person's data, and what erasure does to each.

What erasure keeps, and why: the person's row stays (anonymised, with their country, role and
gender) and so do the rows the country's figures count (completions, attempts and their
scores, evidence, designations, roll-ups), so completion counts, capacity roll-ups and
participants by sex read the same before and after. What it removes: the name and address,
the password, sessions, tokens, notifications, mail, login attempts and checklist ticks, and
the free text the person wrote or that was written about them (draft texts, essay answers,
review comments, assessment notes). The audit trail is append-only and holds ids and codes
only, so it stays as it is.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, select

from .. import db
from ..quizzes.gift import QuestionType
from ..quizzes.models import QuizAttempt
from ..quizzes.services import attempt_questions
from .registry import (
    Person,
    PersonalTable,
    by,
    by_address,
    either,
    keep,
    make_blank,
    make_delete,
    not_personal,
    register,
    through,
)


def _erase_essays(_table: Table, person: Person) -> None:
    """Essay answers are the person's own words: emptied. Choices and numbers stay, so the
    attempt's score and the quiz statistics read the same."""
    attempts = db.session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == person.id))
    for attempt in attempts:
        essays = {
            str(i)
            for i, question in enumerate(attempt_questions(attempt))
            if question.type is QuestionType.ESSAY
        }
        if essays & set(attempt.answers or {}):
            attempt.answers = {
                key: ("" if key in essays else value) for key, value in attempt.answers.items()
            }
    db.session.flush()


_OWN_DRAFTS = by("user_id")
_REVIEWS_WRITTEN_OR_RECEIVED = either(
    by("reviewer_id"),
    through(
        "version_id",
        "lms_draft_version",
        through("submission_id", "lms_draft_submission", _OWN_DRAFTS),
    ),
)


def _erase_review_comments(table: Table, person: Person) -> None:
    """Comments on the person's drafts, or written by them, are emptied; levels and points
    stay (they made the evidence the roll-ups count)."""
    rows = db.session.execute(
        select(table.c.id, table.c.scores).where(_REVIEWS_WRITTEN_OR_RECEIVED(table, person))
    ).all()
    for review_id, scores in rows:
        blanked: list[Any] = [
            {**score, "comment": ""} if isinstance(score, dict) else score for score in scores or []
        ]
        db.session.execute(
            table.update().where(table.c.id == review_id).values(comment="", scores=blanked)
        )


register(
    PersonalTable(
        "lms_designation",
        _l("Designations"),
        by("user_id"),
        keep,
        "official nominations: the country's designated people and gaps count them",
    )
)
register(
    PersonalTable(
        "lms_completion",
        _l("Progress: items started and completed"),
        by("user_id"),
        keep,
        "completion counts per country and area",
    )
)
register(
    PersonalTable(
        "lms_track_completion",
        _l("Tracks completed"),
        by("user_id"),
        keep,
        "completion counts per country and track",
    )
)
register(
    PersonalTable(
        "lms_quiz_attempt",
        _l("Quiz attempts, answers and grades"),
        by("user_id"),
        _erase_essays,
        "scores count in quiz statistics and learning gain; essay answers are emptied",
        # The drawn questions carry the right answers, which an open attempt must not reveal.
        withheld=("questions_gift", "layouts", "seed"),
    )
)
register(
    PersonalTable(
        "lms_draft_submission",
        _l("Drafts"),
        _OWN_DRAFTS,
        make_blank(_OWN_DRAFTS, text=""),
        "the draft's status counts; its text is the person's own words, emptied",
    )
)
_OWN_VERSIONS = through("submission_id", "lms_draft_submission", _OWN_DRAFTS)
register(
    PersonalTable(
        "lms_draft_version",
        _l("Draft versions submitted for review"),
        _OWN_VERSIONS,
        make_blank(_OWN_VERSIONS, text=""),
        "versions stay numbered for their reviews; their text is emptied",
    )
)
register(
    PersonalTable(
        "lms_draft_review",
        _l("Reviews of drafts, written and received"),
        _REVIEWS_WRITTEN_OR_RECEIVED,
        _erase_review_comments,
        "levels and points made evidence; the comments are emptied",
        # A peer reviewer is anonymous to the author, so no reviewer is named in the export.
        withheld=("reviewer_id",),
    )
)
register(
    PersonalTable(
        "lms_draft_rescue",
        _l("Text kept after a session expired"),
        by("user_id"),
        make_delete(by("user_id")),
        "text kept after an expired session: the person's own words",
    )
)
register(
    PersonalTable(
        "lms_evidence",
        _l("Competency evidence"),
        by("user_id"),
        make_blank(by("user_id"), note=""),
        "levels make the capacity roll-ups; an assessor's note about the person is emptied",
        withheld=("recorded_by_id",),
    )
)
register(
    PersonalTable(
        "lms_rollup_attained",
        _l("Attained competency levels"),
        by("user_id"),
        keep,
        "derived from the evidence; the country's gaps count it",
    )
)
register(
    PersonalTable(
        "lms_readiness_assessment",
        _l("Readiness assessments recorded"),
        by("assessed_by_id"),
        keep,
        "the country's readiness, recorded in an official capacity: a record of the country",
    )
)
register(
    PersonalTable(
        "lms_ta_need_event",
        _l("TA need status changes recorded"),
        by("by_id"),
        keep,
        "TA planning history, recorded in an official capacity",
    )
)
register(
    PersonalTable(
        "lms_notification",
        _l("Notifications"),
        by("user_id"),
        make_delete(by("user_id")),
        "what the person was told; nobody else reads it",
        mentions=("payload",),
    )
)
register(
    PersonalTable(
        "lms_mail_message",
        _l("E-mail to the account's address (subjects and dates)"),
        by_address("to"),
        make_delete(by_address("to")),
        "mail to the person's address",
        # A password-reset mail's body holds a working link.
        withheld=("body",),
        mentions=("subject", "body"),
    )
)
register(
    PersonalTable(
        "lms_user_session",
        _l("Signed-in sessions (no secrets)"),
        by("user_id"),
        make_delete(by("user_id")),
        "signed-in sessions: ended",
        withheld=("digest",),
    )
)
register(
    PersonalTable(
        "lms_api_token",
        _l("API tokens (names and dates, never the token)"),
        by("user_id"),
        make_delete(by("user_id")),
        "API tokens: revoked by removal",
        withheld=("digest",),
    )
)
register(
    PersonalTable(
        "lms_login_attempt",
        _l("Sign-in attempts with the account's address"),
        by_address("email"),
        make_delete(by_address("email")),
        "sign-in attempts with the person's address",
        # The client address may be anyone's who typed the person's e-mail.
        withheld=("address",),
    )
)
register(
    PersonalTable(
        "lms_audit_entry",
        _l("Audit trail entries about the person or by them"),
        by("subject_user_id", "actor_id"),
        keep,
        "append-only; holds ids and codes, never a name or address",
    )
)
register(
    PersonalTable(
        "lms_checklist_tick",
        _l("First-run checklist steps done"),
        by("user_id"),
        make_delete(by("user_id")),
        "which first-run steps the person did",
    )
)


# --- self-registration, certificates, report jobs and workshops -------------------------------

_OWN_REQUESTS = by("user_id")
register(
    PersonalTable(
        "lms_account_request",
        _l("Account request"),
        either(_OWN_REQUESTS, by_address("email")),
        make_blank(
            either(_OWN_REQUESTS, by_address("email")), organisation="", position="", reason=""
        ),
        "the request stays decided (counted per country); name and address are replaced",
        withheld=("decided_by_id",),
        mentions=("name", "email"),
    )
)
register(
    PersonalTable(
        "lms_certificate",
        _l("Certificates"),
        by("user_id"),
        keep,
        "certificates issued count; the holder's name printed on it is replaced",
        withheld=("revoked_by_id",),
        mentions=("holder_name",),
    )
)
register(
    PersonalTable(
        "lms_report_job",
        _l("Reports requested"),
        by("requested_by_id"),
        make_delete(by("requested_by_id")),
        "the person's own report requests; the files are figures, and go with them",
        withheld=("output", "pending_key"),
    )
)
register(
    PersonalTable(
        "lms_workshop_registration",
        _l("Workshop registrations"),
        by("user_id"),
        keep,
        "participants per workshop and country count them",
        withheld=("decided_by_id",),
    )
)
register(
    PersonalTable(
        "lms_workshop_attendance",
        _l("Workshop attendance"),
        by("user_id"),
        keep,
        "attendance figures count them",
        withheld=("recorded_by_id",),
    )
)
register(
    PersonalTable(
        "lms_workshop_completion",
        _l("Workshops completed"),
        by("user_id"),
        keep,
        "completion figures count them",
    )
)
register(
    PersonalTable(
        "lms_workshop_feedback",
        _l("Workshop feedback given"),
        by("user_id"),
        make_blank(by("user_id"), comments=""),
        "the ratings count in the workshop's evaluation; the comments are the person's words",
    )
)
register(
    PersonalTable(
        "lms_workshop_feedback_receipt",
        _l("Workshop feedback sent (when)"),
        by("user_id"),
        keep,
        "feedback response rates count them",
    )
)
register(
    PersonalTable(
        "lms_workshop_calendar_feed",
        _l("Workshop calendar address"),
        by("user_id"),
        make_delete(by("user_id")),
        "a private calendar address: closed",
    )
)
not_personal(
    "lms_workshop",
    "a workshop of the programme; who created it is kept for the record, as on every event",
)
not_personal(
    "lms_workshop_session",
    "a workshop's session; its facilitator is named in an official capacity",
)
register(
    PersonalTable(
        "lms_sim_seat",
        _l("Negotiation simulations taken part in"),
        by("user_id"),
        keep,
        "a run's delegations and its debrief count the people seated in them",
    )
)
register(
    PersonalTable(
        "lms_sim_move",
        _l("Moves in negotiation simulations"),
        by("user_id"),
        make_blank(by("user_id"), text=""),
        "positions and packages stay in the run's timeline; statements and messages are the "
        "person's words",
    )
)
register(
    PersonalTable(
        "lms_sim_reflection",
        _l("Simulation reflections"),
        by("user_id"),
        make_blank(by("user_id"), text="", comment=""),
        "the grade counts as evidence; the reflection and the trainer's comment on it are words "
        "by and about the person",
        withheld=("graded_by_id",),
    )
)
not_personal(
    "lms_sim_run",
    "a run of the programme; its chair and the trainer who started it are named in an official "
    "capacity",
)
