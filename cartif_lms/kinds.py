"""The item kinds and sync steps the LMS ships with, registered when this module is imported.

``LMS.init_app`` imports it before it registers the routes; code that reads content without
an application (a script, a test of the loader) imports it too. The order of the kinds is
the order ``Kind must be one of ...`` lists them; the order of the steps is the order they
read and write (the targets need the competencies; quiz items name the banks).
"""

from __future__ import annotations

from typing import Final

from flask_babel import lazy_gettext as _l

from .auth.models import Role
from .capacity.panels import DashboardPanel
from .capacity.panels import register_panel as register_dashboard_panel
from .capacity.target_files import TARGET_FILES
from .content.glossary_files import GLOSSARY_FILES
from .content.kinds import register_kind
from .content.lesson import LESSON
from .content.steps import register_sync_step
from .content.teaching_standard import STANDARD_FILES
from .core.checklist import Step
from .core.checklist import register as register_checklist_step
from .drafting.kind import EXERCISE
from .progress_reports.sections import register_indicator, register_section
from .quizzes.bank_files import QUIZ_BANK_FILES
from .quizzes.kind import QUIZ
from .security.permissions import CAPACITY
from .security.scoping import scope_for
from .simulations.files import SIMULATION_FILES
from .simulations.kind import SIMULATION
from .workshops import report_section
from .workshops.kind import WORKSHOP
from .workshops.reports import regional_picture
from .workshops.services import registered_for_area_deep_dive, scheduled_a_session


class BuiltIn:
    """The shipped kinds by name, for code that means one of them: ``BuiltIn.quiz``."""

    lesson: Final = LESSON
    quiz: Final = QUIZ
    exercise: Final = EXERCISE
    workshop: Final = WORKSHOP
    simulation: Final = SIMULATION


for _kind in (BuiltIn.lesson, BuiltIn.quiz, BuiltIn.exercise, BuiltIn.workshop, BuiltIn.simulation):
    register_kind(_kind)
for _step in (STANDARD_FILES, TARGET_FILES, QUIZ_BANK_FILES, GLOSSARY_FILES, SIMULATION_FILES):
    register_sync_step(_step)

# The workshops' first-run steps: core's checklist cannot import the workshops (they sit below
# it), so the wiring registers them.
register_checklist_step(
    Step(
        "learner.workshop",
        Role.learner,
        _l("Register for the deep dive of your area"),
        "lms.workshops.index",
        registered_for_area_deep_dive,
    )
)
# Workshops join the progress reports: a section, and the "Workshops held" headline figure.
register_section(report_section.SECTION)
register_indicator(report_section.INDICATOR)

# Workshops held and attended join the regional dashboard (capacity cannot import workshops).
register_dashboard_panel(
    DashboardPanel(
        "workshops",
        "lms/workshops/_dashboard_panel.html",
        lambda viewer: regional_picture(scope_for(viewer, CAPACITY)),
    )
)
register_checklist_step(
    Step(
        "trainer.workshop_session",
        Role.trainer,
        _l("Schedule a workshop session"),
        "lms.workshops.index",
        scheduled_a_session,
    )
)
