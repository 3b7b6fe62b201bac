"""Demo accounts, so a newcomer running ``make run`` finds every role populated.

The password is printed and documented: demo accounts are for a developer's machine only, and
``lms demo`` refuses to run with ``LMS_ENV=production``. What the accounts have done is made
by :mod:`.journeys`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from .. import db
from ..auth.models import Gender, Role, User
from ..auth.services import create_user
from ..directory.models import DesignationKind, NegotiatingArea
from ..directory.services import DesignationRequest, country_by_code, designate

DEMO_PASSWORD = "cartif-demo-2026"
DEMO_DOMAIN = "demo.cartif-lms.org"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    country: str | None
    gender: str | None
    description: str
    #: (designation kind, area code or None) made by the country's focal point
    designation: tuple[DesignationKind, str | None] | None = None


def _learner(
    code: str, slug: str, name: str, gender: str, kind: DesignationKind, area: str | None
) -> DemoAccount:
    label = kind.value.replace("_", " ") + (f", {area}" if area else "")
    return DemoAccount(
        f"{slug}@{DEMO_DOMAIN}",
        name,
        "learner",
        code,
        gender,
        f"learner, {code}: {label}",
        (kind, area),
    )


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        f"admin@{DEMO_DOMAIN}", "System Administrator", "admin", None, None, "administrator"
    ),
    DemoAccount(
        f"analyst@{DEMO_DOMAIN}",
        "Programme Analyst",
        "analyst",
        None,
        "female",
        "ADB / Secretariat analyst",
    ),
    DemoAccount(
        f"trainer@{DEMO_DOMAIN}", "Course Trainer", "trainer", None, "male", "trainer and reviewer"
    ),
    DemoAccount(
        f"focal.kz@{DEMO_DOMAIN}",
        "Aigerim Nurlanovna",
        "focal_point",
        "KZ",
        "female",
        "focal point, Kazakhstan",
    ),
    DemoAccount(
        f"focal.ge@{DEMO_DOMAIN}",
        "Giorgi Beridze",
        "focal_point",
        "GE",
        "male",
        "focal point, Georgia",
    ),
    _learner(
        "KZ", "learner.kz", "Daniyar Seitkali", "male", DesignationKind.chief_negotiator, None
    ),
    _learner(
        "KZ", "expert.kz", "Saule Akhmetova", "female", DesignationKind.technical_expert, "SPS"
    ),
    _learner("GE", "learner.ge", "Nino Kapanadze", "female", DesignationKind.lead_negotiator, "TF"),
    _learner("UZ", "learner.uz", "Jasur Karimov", "male", DesignationKind.lead_negotiator, "TBT"),
    _learner(
        "MN", "learner.mn", "Oyunchimeg Batbayar", "female", DesignationKind.technical_expert, "TF"
    ),
    _learner(
        "PK", "learner.pk", "Ayesha Siddiqui", "female", DesignationKind.lead_negotiator, "SRV"
    ),
    _learner("AZ", "learner.az", "Rashad Mammadov", "male", DesignationKind.observer, "DT"),
    _learner("AF", "learner.af", "Farid Rahimi", "male", DesignationKind.technical_expert, "TF"),
    _learner("CN", "learner.cn", "Wang Lin", "female", DesignationKind.lead_negotiator, "DT"),
    _learner(
        "KG", "learner.kg", "Aizada Toktogulova", "female", DesignationKind.lead_negotiator, "SPS"
    ),
    _learner("TJ", "learner.tj", "Firuz Saidov", "male", DesignationKind.technical_expert, "INV"),
    _learner(
        "TM", "learner.tm", "Maral Orazova", "female", DesignationKind.technical_expert, "MBP"
    ),
)


def database_has_users() -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(User)))


def present_demo_accounts() -> list[DemoAccount]:
    """The demo accounts that exist in this database (to remind a developer how to sign in)."""
    emails = set(db.session.scalars(select(User.email).where(User.email.like(f"%@{DEMO_DOMAIN}"))))
    return [account for account in DEMO_ACCOUNTS if account.email in emails]


def create_account(account: DemoAccount) -> User:
    """Create ``account``, with its designation made by the country's focal point."""
    country = country_by_code(account.country) if account.country else None
    user = create_user(
        account.email,
        account.name,
        Role(account.role),
        DEMO_PASSWORD,
        country,
        Gender(account.gender) if account.gender else None,
    )
    if account.designation and country is not None:
        kind, area_code = account.designation
        area = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == area_code))
        focal_point = db.session.scalar(
            select(User).where(User.role == Role.focal_point, User.country_id == country.id)
        )
        designate(
            focal_point or user,
            country,
            DesignationRequest(user.id, kind, area.id if area else None, date(2026, 1, 15)),
        )
    return user
