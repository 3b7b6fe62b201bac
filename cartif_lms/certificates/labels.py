"""What a person's certificates page says for each standing."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from .services import Standing

#: One line per standing; a new standing adds its line here.
STANDING_LABELS: dict[Standing, Any] = {
    Standing.issued: _l("Certificate issued"),
    Standing.revoked: _l("Certificate revoked"),
    Standing.not_complete: _l("No certificate yet: the track is not complete"),
    Standing.no_designation: _l(
        "No certificate yet: you completed the track, but a certificate needs a valid "
        "designation (your focal point records it)"
    ),
    Standing.due: _l("Certificate due: it is being issued"),
}
