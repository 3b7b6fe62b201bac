"""How roles and genders are shown to people (translatable)."""

from flask_babel import lazy_gettext as _l

from .models import Gender, Role

ROLE_LABELS = {
    Role.learner: _l("Learner"),
    Role.trainer: _l("Trainer"),
    Role.focal_point: _l("Focal point"),
    Role.analyst: _l("Analyst"),
    Role.admin: _l("Administrator"),
}
GENDER_LABELS = {Gender.female: _l("Female"), Gender.male: _l("Male"), Gender.other: _l("Other")}
