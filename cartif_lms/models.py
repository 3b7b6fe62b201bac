"""One place that imports every model module, so the metadata is complete."""

import importlib

MODEL_MODULES = (
    "cartif_lms.directory.models",
    "cartif_lms.auth.models",
    "cartif_lms.content.models",
    "cartif_lms.quizzes.models",
    "cartif_lms.learning.models",
    "cartif_lms.drafting.models",
    "cartif_lms.capacity.models",
    "cartif_lms.mail.models",
    "cartif_lms.notifications.models",
    "cartif_lms.audit.models",
    "cartif_lms.jobs.models",
    "cartif_lms.progress_reports.models",
    "cartif_lms.core.models",
    "cartif_lms.workshops.models",
    "cartif_lms.certificates.models",
    "cartif_lms.simulations.models",
)


def load_all_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
