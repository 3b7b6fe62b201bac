"""A focal point manages the negotiation designations of their own country only."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from cartif_lms import db
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.directory.models import Designation, DesignationKind, NegotiatingArea
from cartif_lms.directory.services import (
    DesignationError,
    DesignationRequest,
    add_years,
    country_by_code,
    designate,
    revoke_designation,
)


def area_id(code: str) -> int:
    return db.session.scalar(select(NegotiatingArea.id).where(NegotiatingArea.code == code))


def test_focal_point_designates_a_lead_negotiator_valid_three_years(
    client, make_user, login_as, post_form
):
    focal = make_user(role="focal_point", country="KZ")
    person = make_user(country="KZ", name="Kazakh Negotiator")
    login_as(focal)
    url = "/countries/KZ/designations"
    response = post_form(
        url,
        {
            "person": person.id,
            "kind": "lead_negotiator",
            "area": area_id("SPS"),
            "valid_from": "2026-03-01",
        },
    )
    assert response.status_code == 302
    saved = db.session.scalar(select(Designation).where(Designation.user_id == person.id))
    assert saved.kind is DesignationKind.lead_negotiator
    assert saved.area.code == "SPS"
    assert saved.valid_until == date(2029, 3, 1)
    assert saved.nominated_by_id == focal.id
    assert "Kazakh Negotiator" in client.get(url).get_data(as_text=True)


def test_another_countrys_designations_are_not_found(client, make_user, login_as):
    login_as(make_user(role="focal_point", country="KZ"))
    assert client.get("/countries/GE/designations").status_code == 404
    assert client.get("/countries/XX/designations").status_code == 404


def test_focal_point_cannot_designate_a_person_of_another_country(app, make_user):
    focal = make_user(role="focal_point", country="KZ")
    foreigner = make_user(country="GE")
    with pytest.raises(DesignationError):
        designate(
            focal,
            country_by_code("KZ"),
            DesignationRequest(
                foreigner.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)
            ),
        )


def test_posting_another_countrys_person_re_renders_and_saves_nothing(
    client, make_user, login_as, post_form
):
    login_as(make_user(role="focal_point", country="KZ"))
    foreigner = make_user(country="GE")
    response = post_form(
        "/countries/KZ/designations",
        {"person": foreigner.id, "kind": "chief_negotiator", "area": 0, "valid_from": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(select(Designation.id)) is None


@pytest.mark.parametrize(
    ("kind", "area", "message"),
    [
        ("chief_negotiator", "TF", "A chief negotiator covers every area"),
        ("technical_expert", None, "Choose the area this person works in."),
    ],
)
def test_area_rules_are_explained_on_the_form(
    client, make_user, login_as, post_form, kind, area, message
):
    login_as(make_user(role="focal_point", country="KZ"))
    person = make_user(country="KZ")
    response = post_form(
        "/countries/KZ/designations",
        {
            "person": person.id,
            "kind": kind,
            "area": area_id(area) if area else 0,
            "valid_from": "2026-01-01",
        },
    )
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Designation.id)) is None


def test_the_same_designation_cannot_be_recorded_twice(app, make_user):
    focal = make_user(role="focal_point", country="KZ")
    person = make_user(country="KZ")
    request = DesignationRequest(
        person.id, DesignationKind.technical_expert, area_id("TF"), date(2026, 1, 1)
    )
    designate(focal, country_by_code("KZ"), request)
    with pytest.raises(DesignationError, match="already holds"):
        designate(focal, country_by_code("KZ"), request)


def test_focal_point_revokes_a_designation_and_history_is_kept(
    client, make_user, login_as, post_form
):
    focal = make_user(role="focal_point", country="KZ")
    person = make_user(country="KZ")
    designation = designate(
        focal,
        country_by_code("KZ"),
        DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
    )
    login_as(focal)
    url = f"/countries/KZ/designations/{designation.id}/revoke"
    assert post_form(url, {"confirm": "y"}).status_code == 302
    kept = db.session.get(Designation, designation.id)
    assert kept.revoked_at is not None


def test_a_focal_point_cannot_revoke_another_countrys_designation(
    client, make_user, login_as, post_form
):
    georgian_focal = make_user(role="focal_point", country="GE")
    person = make_user(country="GE")
    designation = designate(
        georgian_focal,
        country_by_code("GE"),
        DesignationRequest(person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)),
    )
    login_as(make_user(role="focal_point", country="KZ"))
    response = post_form(
        f"/countries/KZ/designations/{designation.id}/revoke", {}, page="/countries/KZ/designations"
    )
    assert response.status_code == 404
    assert db.session.get(Designation, designation.id).revoked_at is None


def test_a_leap_day_nomination_ends_on_the_28th_of_february():
    assert add_years(date(2028, 2, 29), 3) == date(2031, 2, 28)


def _chief_negotiator(focal, person, country="KZ"):
    request = DesignationRequest(
        person.id, DesignationKind.chief_negotiator, None, date(2026, 1, 1)
    )
    return designate(focal, country_by_code(country), request)


def test_revoking_asks_for_confirmation_and_without_the_tick_changes_nothing(
    client, make_user, login_as, post_form
):
    focal = make_user(role="focal_point", country="KZ")
    designation = _chief_negotiator(focal, make_user(country="KZ", name="Aigerim Nurlanovna"))
    db.session.commit()
    login_as(focal)
    url = f"/countries/KZ/designations/{designation.id}/revoke"

    confirmation = client.get(url).get_data(as_text=True)
    unticked = post_form(url, {})

    assert "Aigerim Nurlanovna" in confirmation
    assert "Yes, revoke this designation" in confirmation
    assert unticked.status_code == 200
    assert "Tick the box to confirm" in unticked.get_data(as_text=True)
    assert db.session.get(Designation, designation.id).revoked_at is None
    revoked = AuditEntry.action == Action.designation_revoked.value
    assert db.session.scalar(select(AuditEntry.id).where(revoked)) is None


def test_the_designations_page_says_who_revoked_and_the_trail_records_it(
    client, make_user, login_as, post_form
):
    focal = make_user(role="focal_point", country="KZ", name="Dana Focal")
    person = make_user(country="KZ")
    designation = designate(
        focal,
        country_by_code("KZ"),
        DesignationRequest(
            person.id, DesignationKind.technical_expert, area_id("SPS"), date(2026, 1, 1)
        ),
    )
    db.session.commit()
    login_as(focal)

    post_form(f"/countries/KZ/designations/{designation.id}/revoke", {"confirm": "y"})

    revoked = db.session.get(Designation, designation.id)
    assert revoked.revoked_by_id == focal.id
    page = client.get("/countries/KZ/designations").get_data(as_text=True)
    assert "Revoked " in page
    assert "by Dana Focal" in page
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == Action.designation_revoked.value)
    )
    assert (entry.actor_id, entry.subject_user_id) == (focal.id, person.id)
    assert entry.country_id == country_by_code("KZ").id
    assert (entry.object_type, entry.object_id) == ("lms_designation", designation.id)
    assert entry.details == {"kind": "technical_expert", "area": "SPS"}


def test_revoking_twice_revokes_and_records_once(app, make_user):
    focal = make_user(role="focal_point", country="KZ")
    designation = _chief_negotiator(focal, make_user(country="KZ"))
    first_at = datetime(2026, 6, 1, 9, 0)

    revoke_designation(country_by_code("KZ"), designation.id, first_at, revoked_by=focal)
    again = revoke_designation(country_by_code("KZ"), designation.id, datetime(2026, 6, 2))

    assert again.revoked_at == first_at
    assert again.revoked_by_id == focal.id
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count(Action.designation_revoked.value) == 1


def test_an_administrator_revokes_any_countrys_designation_after_confirming(
    client, make_user, login_as, post_form
):
    designation = _chief_negotiator(
        make_user(role="focal_point", country="GE"), make_user(country="GE"), "GE"
    )
    admin = make_user(role="admin", country=None)
    db.session.commit()
    login_as(admin)

    response = post_form(f"/countries/GE/designations/{designation.id}/revoke", {"confirm": "y"})

    assert response.status_code == 302
    assert db.session.get(Designation, designation.id).revoked_by_id == admin.id


def test_a_revoked_designation_cannot_be_revoked_again_from_its_page(
    client, make_user, login_as, post_form
):
    focal = make_user(role="focal_point", country="KZ")
    designation = _chief_negotiator(focal, make_user(country="KZ"))
    revoke_designation(country_by_code("KZ"), designation.id, datetime(2026, 6, 1), focal)
    db.session.commit()
    login_as(focal)

    response = client.get(f"/countries/KZ/designations/{designation.id}/revoke")

    assert response.status_code == 302
    assert "revoked already" in client.get("/countries/KZ/designations").get_data(as_text=True)
