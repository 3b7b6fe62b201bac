"""The learner's certificates page, the public check page, who may have a PDF, and revoking."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit.models import Action, AuditEntry
from tests.certificates.conftest import certificates_of, finish_track
from tests.conftest import csrf_token_from


@pytest.fixture
def certified(curriculum, make_user, designate_person):
    """A Kazakh learner with one certificate."""
    learner = make_user(country="KZ", name="Дамир Нурланов", email="damir@example.org")
    designate_person(learner)
    finish_track(learner)
    return learner


def code_of(person) -> str:
    [certificate] = certificates_of(person)
    return certificate.code


def test_my_certificates_lists_mine_with_a_pdf_link_and_progress_on_the_others(
    client, login_as, certified
):
    login_as(certified)
    page = client.get("/certificates").get_data(as_text=True)
    code = code_of(certified)
    assert f"/certificates/{code}.pdf" in page
    assert "Deep dive on transit" in page
    assert "No certificate yet: the track is not complete" in page  # the basics track


def test_an_undesignated_learner_is_told_a_designation_is_missing(
    client, login_as, curriculum, make_user
):
    learner = make_user(country="KZ")
    finish_track(learner)
    login_as(learner)
    page = client.get("/certificates").get_data(as_text=True)
    assert "a certificate needs a valid designation" in page
    assert ".pdf" not in page


def test_anyone_can_check_a_certificate_without_signing_in(client, certified):
    response = client.get(f"/verify/{code_of(certified)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Valid" in page
    for stated in ("Дамир Нурланов", "Kazakhstan", "Deep dive on transit", "Intermediate"):
        assert stated in page
    assert "damir@example.org" not in page  # only what the certificate states


def test_a_code_typed_in_lower_case_with_dashes_is_found(client, certified):
    code = code_of(certified)
    typed = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
    assert client.get(f"/verify/{typed}").status_code == 200


def test_an_unknown_code_is_a_404_page_that_says_so(client):
    response = client.get("/verify/ZZZZZZZZZZZZ")
    assert response.status_code == 404
    assert "No certificate has the code ZZZZZZZZZZZZ" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "country", "status"),
    [
        ("admin", None, 200),
        ("analyst", None, 200),
        ("focal_point", "KZ", 200),
        ("focal_point", "GE", 404),
        ("trainer", None, 404),
        ("learner", "KZ", 404),
    ],
)
def test_who_may_have_the_pdf(client, login_as, make_user, certified, role, country, status):
    login_as(make_user(role=role, country=country))
    assert client.get(f"/certificates/{code_of(certified)}.pdf").status_code == status


def test_the_holder_has_the_pdf_and_a_visitor_is_sent_to_sign_in(client, login_as, certified):
    code = code_of(certified)
    assert client.get(f"/certificates/{code}.pdf").status_code == 302
    login_as(certified)
    assert client.get(f"/certificates/{code}.pdf").status_code == 200
    assert client.get("/certificates/ZZZZZZZZZZZZ.pdf").status_code == 404


def revoke_as(client, code: str, reason: str):
    page = client.get(f"/certificates/manage?code={code}").get_data(as_text=True)
    return client.post(
        f"/certificates/{code}/revoke",
        data={"reason": reason, "csrf_token": csrf_token_from(page)},
    )


def test_an_admin_revokes_with_a_reason_and_the_check_page_says_so(
    client, login_as, make_user, certified
):
    code = code_of(certified)
    admin = make_user(role="admin", country=None)
    login_as(admin)

    assert (
        revoke_as(client, code, "Issued in error: the attendance was recorded twice.").status_code
        == 302
    )

    [certificate] = certificates_of(certified)
    assert certificate.revoked_at is not None
    assert certificate.revoked_by_id == admin.id
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.certificate_revoked.value)
    ).one()
    assert (entry.actor_id, entry.object_id) == (admin.id, certificate.id)
    check = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Revoked" in check
    assert "no longer valid" in check
    assert "attendance was recorded twice" in check
    # Revoking again changes nothing.
    assert revoke_as(client, code, "again").status_code == 302
    assert certificates_of(certified)[0].revoke_reason.startswith("Issued in error")


def test_a_revocation_without_a_reason_is_refused_with_a_message(
    client, login_as, make_user, certified
):
    login_as(make_user(role="admin", country=None))
    response = revoke_as(client, code_of(certified), "   ")
    assert response.status_code == 400
    assert "Say why the certificate is revoked." in response.get_data(as_text=True)
    assert certificates_of(certified)[0].revoked_at is None


def test_only_administrators_revoke(client, login_as, make_user, certified):
    code = code_of(certified)
    login_as(make_user(role="focal_point", country="KZ"))
    assert client.get("/certificates/manage").status_code == 403
    token = csrf_token_from(client.get("/certificates").get_data(as_text=True))
    response = client.post(
        f"/certificates/{code}/revoke", data={"reason": "x", "csrf_token": token}
    )
    assert response.status_code == 403
    assert certificates_of(certified)[0].revoked_at is None


def test_learners_find_their_certificates_on_their_profile(client, login_as, certified):
    login_as(certified)
    page = client.get("/account/profile").get_data(as_text=True)
    assert "My certificates" in page
    assert f"/certificates/{code_of(certified)}.pdf" in page


def test_an_analyst_profile_has_no_certificates_panel(client, login_as, make_user):
    login_as(make_user(role="analyst", country=None))
    response = client.get("/account/profile")
    assert response.status_code == 200
    assert "My certificates" not in response.get_data(as_text=True)
