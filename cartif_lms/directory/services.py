"""Reference data and designations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select, update

from .. import db
from ..audit import Action, record
from ..auth.models import User
from ..pagination import Page, page_of
from ..security.scoping import scope_for
from ..signals import designation_recorded, designations_changed
from .models import Country, Designation, DesignationKind, NegotiatingArea
from .reference_data import CAREC_COUNTRIES, DEFAULT_NEGOTIATING_AREAS

#: A nomination lasts three years unless the focal point says otherwise (WTO practice).
DEFAULT_VALIDITY_YEARS = 3


class DesignationError(ValueError):
    """A designation that breaks a rule; the message is shown to the focal point."""


def ensure_reference_data() -> int:
    """Insert any missing CAREC country or default area, never overwriting edits; count added."""
    added = 0
    known_countries = set(db.session.scalars(select(Country.code)))
    for code, iso3, name, status, note in CAREC_COUNTRIES:
        if code not in known_countries:
            db.session.add(
                Country(code=code, iso3=iso3, name=name, wto_status=status, wto_note=note)
            )
            added += 1
    known_areas = set(db.session.scalars(select(NegotiatingArea.code)))
    for position, (code, name, description) in enumerate(DEFAULT_NEGOTIATING_AREAS):
        if code not in known_areas:
            db.session.add(
                NegotiatingArea(code=code, name=name, description=description, position=position)
            )
            added += 1
    db.session.flush()
    return added


def list_countries() -> list[Country]:
    return list(db.session.scalars(select(Country).order_by(Country.name)))


def list_areas(active_only: bool = True) -> list[NegotiatingArea]:
    stmt = select(NegotiatingArea).order_by(NegotiatingArea.position, NegotiatingArea.code)
    if active_only:
        stmt = stmt.where(NegotiatingArea.active.is_(True))
    return list(db.session.scalars(stmt))


def country_by_code(code: str) -> Country | None:
    return db.session.scalar(select(Country).where(Country.code == code.strip().upper()))


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DesignationRequest:
    user_id: int
    kind: DesignationKind
    area_id: int | None
    valid_from: date
    valid_until: date | None = None


def country_people(viewer: User, country: Country) -> list[User]:
    """Active people of ``country`` whom ``viewer`` may see, by name."""
    stmt = select(User).where(User.country_id == country.id, User.active.is_(True))
    return list(db.session.scalars(scope_for(viewer).filter(stmt).order_by(User.name)))


def country_designations_page(viewer: User, country: Country, page: int) -> Page[Designation]:
    """One page of ``country``'s designations, current first (scoped in the query)."""
    return page_of(scope_for(viewer).filter(_designations_of(country)), page)


def _designations_of(country: Country) -> Select[Designation]:
    """The designations ``country`` made, current first, then by name: ids break ties, so
    pages hold."""
    return (
        select(Designation)
        .join(User, Designation.user_id == User.id)
        .where(Designation.country_id == country.id)
        .order_by(
            Designation.revoked_at.is_not(None),
            User.name,
            User.id,
            Designation.kind,
            Designation.id,
        )
    )


def designate(nominator: User, country: Country, request: DesignationRequest) -> Designation:
    """Record an official nomination of one of ``country``'s people."""
    person = db.session.get(User, request.user_id)
    if person is None or person.country_id != country.id or not person.active:
        raise DesignationError(_l("Choose an active person of this country."))
    area = db.session.get(NegotiatingArea, request.area_id) if request.area_id else None
    if request.kind.needs_area and area is None:
        raise DesignationError(_l("A lead negotiator, technical expert or observer needs an area."))
    if not request.kind.needs_area and area is not None:
        raise DesignationError(_l("A chief negotiator covers every area: leave the area empty."))
    valid_until = request.valid_until or add_years(request.valid_from, DEFAULT_VALIDITY_YEARS)
    if valid_until <= request.valid_from:
        raise DesignationError(_l("The end of validity must come after its start."))
    if _duplicate_exists(person, request.kind, area):
        raise DesignationError(_l("This person already holds this designation."))
    designation = Designation(
        user=person,
        country_id=country.id,
        kind=request.kind,
        area=area,
        nominated_by=nominator,
        valid_from=request.valid_from,
        valid_until=valid_until,
    )
    db.session.add(designation)
    db.session.flush()
    record(
        Action.designation_recorded,
        actor=nominator,
        subject_user_id=person.id,
        country_id=country.id,
        object_type="lms_designation",
        object_id=designation.id,
        details={
            "kind": request.kind.value,
            "area": area.code if area else None,
            "valid_from": request.valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    _announce(country)
    from flask import current_app

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    designation_recorded.send(app, designation=designation, at=designation.created_at)
    return designation


def _announce(country: Country) -> None:
    from flask import current_app

    designations_changed.send(current_app._get_current_object(), country_id=country.id)  # type: ignore[attr-defined]


def _duplicate_exists(person: User, kind: DesignationKind, area: NegotiatingArea | None) -> bool:
    same_area = Designation.area_id == area.id if area else Designation.area_id.is_(None)
    stmt = select(Designation.id).where(
        Designation.user_id == person.id,
        Designation.kind == kind,
        Designation.revoked_at.is_(None),
        same_area,
    )
    return db.session.scalar(stmt) is not None


def country_designation(country: Country, designation_id: int) -> Designation | None:
    """The designation ``designation_id`` if ``country`` made it, else None."""
    designation = db.session.get(Designation, designation_id)
    if designation is None or designation.country_id != country.id:
        return None
    return designation


def revoke_designation(
    country: Country, designation_id: int, now: datetime, revoked_by: User | None = None
) -> Designation | None:
    """Revoke a designation of ``country`` once, noting who did it (``revoked_by``; None from
    the command line); None if it is not one of that country's.

    A conditional UPDATE decides: of two focal points (or two clicks) revoking at once, one
    revokes and is audited, the other finds it revoked already and changes nothing.
    """
    designation = country_designation(country, designation_id)
    if designation is None:
        return None
    revoked = db.rows_changed(
        update(Designation)
        .where(Designation.id == designation.id, Designation.revoked_at.is_(None))
        .values(revoked_at=now, revoked_by_id=revoked_by.id if revoked_by else None)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(designation)
    if revoked:
        record(
            Action.designation_revoked,
            actor=revoked_by,
            subject_user_id=designation.user_id,
            country_id=country.id,
            object_type="lms_designation",
            object_id=designation.id,
            details={"kind": designation.kind.value, "area": _area_code(designation)},
        )
        db.session.flush()
        _announce(country)
    return designation


def revoke_on_move(person: User, old_country: Country, now: datetime, by: User) -> None:
    """Revoke the designations ``old_country`` gave ``person``, who has left it: a nomination
    is a country's, and does not travel with the person (each revocation audited)."""
    held = db.session.scalars(
        select(Designation.id).where(
            Designation.user_id == person.id,
            Designation.country_id == old_country.id,
            Designation.revoked_at.is_(None),
        )
    ).all()
    for number in held:
        revoke_designation(old_country, number, now, revoked_by=by)


def _area_code(designation: Designation) -> str | None:
    return designation.area.code if designation.area else None
