"""Events other parts of the LMS react to (certificates, competency evidence, roll-ups).

Connect with ``track_completed.connect(receiver)``; receivers run inside the request or command
that raised the event, before it commits, and receive the application as sender plus keywords.
"""

from blinker import Namespace

_signals = Namespace()

#: ``user`` completed ``item`` for the first time. Keywords: user, item, at.
item_completed = _signals.signal("item-completed")

#: ``user`` finished every active item of ``track``; raised exactly once per person and track,
#: however often or concurrently the last item is submitted. Keywords: user, track, at.
track_completed = _signals.signal("track-completed")

#: A quiz attempt has its final grade (at submission, or when a trainer graded its essays).
#: Keywords: user, attempt (a QuizAttempt with score and passed), at.
quiz_graded = _signals.signal("quiz-graded")

#: A country's designations changed (added or revoked). Keywords: country_id.
designations_changed = _signals.signal("designations-changed")

#: A trainer graded the essays of an attempt (after quiz_graded). Keywords: user (the
#: learner), attempt, trainer, at.
essay_graded = _signals.signal("essay-graded")

#: A trainer decided on a draft version: revise or accepted. Keywords: user (the author),
#: review (the DraftReview, with its decision), at.
draft_reviewed = _signals.signal("draft-reviewed")

#: Peer reviewers were given a version to review. Keywords: reviews (the new DraftReview
#: rows, each with its reviewer_id), at.
peer_reviews_assigned = _signals.signal("peer-reviews-assigned")

#: A focal point (or an admin) recorded a designation. Keywords: designation, at.
designation_recorded = _signals.signal("designation-recorded")

#: Someone asked for an account and confirmed their address: a focal point must decide
#: (raised by cartif_lms/auth/registration.py). Keywords: country_id, request_id, name, at.
account_requested = _signals.signal("account-requested")

#: An analyst set a TA need's status. Keywords: need (the TANeed), event (its TANeedEvent),
#: by (the analyst), at.
ta_need_status_changed = _signals.signal("ta-need-status-changed")

#: A report someone asked for is ready to download (a background job finished). Keywords:
#: job (the ReportJob, status done), title (what the report is, in words), at.
report_ready = _signals.signal("report-ready")

#: A trainer cancelled a workshop (``session`` None) or one of its sessions. Keywords:
#: workshop, session, user_ids (the people holding a place, waiting or asking), at.
workshop_cancelled = _signals.signal("workshop-cancelled")

#: A waitlisted person was given a place in a workshop. Keywords: registration, at.
workshop_place_offered = _signals.signal("workshop-place-offered")

#: ``user`` completed ``workshop`` (required sessions attended at its threshold, post-test
#: passed); raised once per person and workshop, for certificates. Keywords: user, workshop,
#: completion (the WorkshopCompletion row), at.
workshop_completed = _signals.signal("workshop-completed")
