"""What a person is told: in the app, and by e-mail when they want it.

Each kind of notification is registered once (:mod:`.registry`): the signal it listens to
(or a sweep that ``flask lms notify-due`` runs), who to tell, the translatable text and the
page it links to. The shipped kinds are in :mod:`.kinds`; a feature adds one by registering.
"""
