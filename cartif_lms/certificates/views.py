"""``/certificates`` (one's own, and their PDFs), ``/verify/<code>`` (public), and the
administrators' revocation."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import db
from ..security.permissions import Permission, can, permission_required
from .document import certificate_pdf
from .forms import FindCertificateForm, RevokeForm
from .labels import STANDING_LABELS
from .models import Certificate
from .services import (
    AlreadyRevoked,
    certificate_by_code,
    certificates_of,
    issue_missing,
    recent_certificates,
    revoke,
    track_standings,
    viewable_certificate,
)

blueprint = Blueprint("certificates", __name__)


def verify_url(code: str) -> str:
    return url_for("lms.certificates.verify", verification_code=code, _external=True)


@blueprint.app_context_processor
def certificate_helpers() -> dict[str, Any]:
    """``lms_my_certificates()`` for ``_mine.html``, which any page may include (the profile
    does): a function, so only a page that shows them runs the query."""

    def my_certificates() -> list[Certificate] | None:
        """One's certificates; None for someone who takes no training (an analyst)."""
        if not can(current_user, Permission.take_training):
            return None
        return certificates_of(current_user)

    return {"lms_my_certificates": my_certificates}


@blueprint.get("/certificates")
@permission_required(Permission.take_training)
def mine() -> str:
    # A designation that began today, or a run that has not happened yet, leaves a due
    # certificate unissued: the person's own page issues theirs (idempotent, like the CLI).
    if issue_missing(user_id=current_user.id).issued:
        db.session.commit()
    return render_template(
        "lms/certificates/mine.html",
        certificates=certificates_of(current_user),
        standings=track_standings(current_user),
        standing_labels=STANDING_LABELS,
    )


@blueprint.get("/certificates/<verification_code>.pdf")
@login_required
def pdf(verification_code: str) -> Response:
    certificate = viewable_certificate(current_user, verification_code)
    if certificate is None:
        abort(404)
    body = certificate_pdf(certificate, verify_url(certificate.code))
    response = current_app.response_class(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    return response


@blueprint.get("/verify/<verification_code>")
def verify(verification_code: str) -> tuple[str, int] | str:
    certificate = certificate_by_code(verification_code)
    if certificate is None:
        page = render_template("lms/certificates/unknown.html", code=verification_code[:32])
        return page, 404
    return render_template("lms/certificates/verify.html", certificate=certificate)


@blueprint.get("/certificates/manage")
@permission_required(Permission.revoke_certificates)
def manage() -> str:
    find = FindCertificateForm(request.args)
    found = certificate_by_code(find.code.data) if find.code.data and find.validate() else None
    return render_template(
        "lms/certificates/manage.html",
        find=find,
        found=found,
        revoke_form=RevokeForm(),
        recent=recent_certificates(),
    )


@blueprint.post("/certificates/<verification_code>/revoke")
@permission_required(Permission.revoke_certificates)
def revoke_certificate(verification_code: str) -> Response | tuple[str, int]:
    certificate = certificate_by_code(verification_code)
    if certificate is None:
        abort(404)
    form = RevokeForm()
    if not form.validate_on_submit():
        page = render_template(
            "lms/certificates/manage.html",
            find=FindCertificateForm(code=certificate.code),
            found=certificate,
            revoke_form=form,
            recent=recent_certificates(),
        )
        return page, 400
    try:
        revoke(certificate, current_user, form.reason.data or "")
    except AlreadyRevoked:
        db.session.rollback()
        flash(_("This certificate was already revoked."), "info")
    else:
        db.session.commit()
        flash(_("Certificate %(code)s revoked.", code=certificate.code), "success")
    return redirect(url_for(".manage", code=certificate.code))
