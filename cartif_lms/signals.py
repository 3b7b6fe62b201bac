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
