"""Accounts from a CSV file: read and check the whole file, then create every account or none.

Reading (:func:`read_rows`) and checking (:func:`check_rows`) are pure: they name each bad row
by its line and say why. :func:`import_accounts` adds what only the database knows (the CAREC
countries, the addresses already taken), creates the accounts in one savepoint, audits each,
and queues each person a link to choose their password (``auth.recovery``) through the mail
outbox, all in the caller's transaction.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import db
from ..auth.identity import host_identity
from ..auth.models import Gender, Role, User
from ..auth.recovery import reset_token
from ..auth.services import normalise_email
from ..directory.models import Country
from ..mail.letters import mail_to
from ..notifications.services import external_url
from .services import record_created

#: An import is a batch of a delegation or a workshop, not a migration of the whole site.
MAX_IMPORT_ROWS = 1000
MAX_IMPORT_BYTES = 1024 * 1024
MAX_EMAIL, MAX_NAME = 254, 120  # the columns of lms_user
#: The separators Excel writes: "," or, where the decimal sign is a comma (Russian, Kazakh,
#: ... locales), ";"; tab for "Unicode text" saved as UTF-8.
DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class ImportColumn:
    name: str
    required: bool
    help: str


IMPORT_COLUMNS = (
    ImportColumn("email", True, _l("the person's e-mail address; unique, whatever its case")),
    ImportColumn("name", True, _l("full name, at most 120 characters")),
    ImportColumn("role", True, _l("learner, trainer, focal_point, analyst or admin")),
    ImportColumn(
        "country",
        False,
        _l("ISO code of a CAREC country (KZ or KAZ); required for learners and focal points"),
    ),
    ImportColumn("gender", False, _l("female, male or other; may be empty")),
)
#: Header spellings people use for each column, compared without case, spaces, "-" or "_".
_HEADER_NAMES = {
    "email": "email",
    "emailaddress": "email",
    "name": "name",
    "fullname": "name",
    "role": "role",
    "country": "country",
    "countrycode": "country",
    "gender": "gender",
}


@dataclass(frozen=True)
class RowProblem:
    """Why line ``line`` of the file (1: the header) cannot be imported."""

    line: int
    message: str


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, str]


@dataclass(frozen=True)
class AccountRow:
    line: int
    email: str
    name: str
    role: Role
    country: Country | None
    gender: Gender | None


@dataclass
class ImportReport:
    problems: list[RowProblem] = field(default_factory=list)
    created: list[User] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes) -> tuple[str | None, list[RowProblem]]:
    """The file's text (UTF-8, with or without Excel's byte-order mark), or why not."""
    if len(data) > MAX_IMPORT_BYTES:
        limit = MAX_IMPORT_BYTES // 1024
        return None, [RowProblem(1, _("The file is larger than %(n)d KiB.", n=limit))]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = _("The file is UTF-16 (Excel's “Unicode text”): save it as “CSV UTF-8”.")
        return None, [RowProblem(1, hint)]
    nul_lines = sorted({_line_of(data, m.start()) for m in re.finditer(b"\x00", data)})
    if nul_lines:
        return None, [RowProblem(n, _("The line holds a NUL byte.")) for n in nul_lines]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        hint = _("The file is not UTF-8 text: in Excel, save it as “CSV UTF-8”.")
        return None, [RowProblem(_line_of(data, error.start), hint)]


def delimiter_of(header: str) -> str:
    """The separator the header line uses most (a one-column header: a comma)."""
    return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


def read_header(cells: list[str]) -> tuple[list[str | None], list[RowProblem]]:
    """The column each header cell names (None: blank), or what is wrong with the header."""
    names = [_HEADER_NAMES.get(re.sub(r"[\s_-]+", "", c.lower())) for c in cells]
    problems = [
        RowProblem(1, _("Unknown column “%(name)s”.", name=cell.strip()))
        for cell, name in zip(cells, names, strict=True)
        if name is None and cell.strip()
    ]
    for column in IMPORT_COLUMNS:
        count = names.count(column.name)
        if column.required and count == 0:
            problems.append(RowProblem(1, _("The column “%(name)s” is missing.", name=column.name)))
        if count > 1:
            problems.append(
                RowProblem(1, _("The column “%(name)s” appears twice.", name=column.name))
            )
    return names, problems


def read_rows(data: bytes) -> tuple[list[RawRow], list[RowProblem]]:
    """The file's data rows by line, blank rows skipped; or every reason it cannot be read."""
    text, problems = decode(data)
    if text is None:
        return [], problems
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=delimiter_of(header_line))
    header_cells = next(reader, None)
    if header_cells is None:
        return [], [RowProblem(1, _("The file is empty: it needs a header line."))]
    columns, problems = read_header(header_cells)
    if problems:
        return [], problems
    rows: list[RawRow] = []
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # spreadsheets end with empty rows (";;;;")
            if len(rows) == MAX_IMPORT_ROWS:
                limit = _("More than %(n)d accounts: split the file.", n=MAX_IMPORT_ROWS)
                return [], [RowProblem(reader.line_num, limit)]
            rows.append(_raw_row(reader.line_num, columns, cells, problems))
    except csv.Error as error:  # an unclosed quote, a field over csv's size limit
        problems.append(RowProblem(reader.line_num, _("Not valid CSV: %(e)s", e=error)))
    return rows, problems


def _raw_row(
    line: int, columns: list[str | None], cells: list[str], problems: list[RowProblem]
) -> RawRow:
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        message = _(
            "%(found)d values, but the header names %(n)d columns.",
            found=len(cells),
            n=len(columns),
        )
        problems.append(RowProblem(line, message))
    values = {
        name: cell.strip() for name, cell in zip(columns, cells, strict=False) if name is not None
    }
    return RawRow(line, values)


@dataclass(frozen=True)
class Known:
    """What the database knows that rows are checked against."""

    countries: dict[str, Country]  #: by alpha-2 and alpha-3 code
    taken: frozenset[str]  #: lower-cased e-mail addresses of existing accounts


def check_rows(rows: Iterable[RawRow], known: Known) -> tuple[list[AccountRow], list[RowProblem]]:
    """Every row checked: the accounts they describe, or every problem of every row."""
    accounts: list[AccountRow] = []
    problems: list[RowProblem] = []
    first_line: dict[str, int] = {}
    for row in rows:
        found = list(_row_problems(row, known, first_line))
        problems.extend(RowProblem(row.line, message) for message in found)
        if not found:
            accounts.append(_account(row, known))
    return accounts, problems


def _row_problems(row: RawRow, known: Known, first_line: dict[str, int]) -> Iterator[str]:
    email = normalise_email(row.values.get("email", ""))
    yield from _email_problems(email, known)
    if email and email in first_line:
        yield _("The same e-mail address as line %(n)d.", n=first_line[email])
    first_line.setdefault(email, row.line)
    name = row.values.get("name", "")
    if not name:
        yield _("The name is missing.")
    elif len(name) > MAX_NAME:
        yield _("The name is longer than %(n)d characters.", n=MAX_NAME)
    role = _role(row.values.get("role", ""))
    if role is None:
        roles = ", ".join(Role.__members__)
        yield _("Unknown role “%(role)s”: use %(roles)s.", role=row.values.get("role"), roles=roles)
    yield from _country_problems(row.values.get("country", ""), role, known)
    gender = row.values.get("gender", "")
    if gender and gender.lower() not in Gender.__members__:
        yield _("Unknown gender “%(g)s”: use female, male, other or nothing.", g=gender)


def _email_problems(email: str, known: Known) -> Iterator[str]:
    if not email:
        yield _("The e-mail address is missing.")
        return
    if len(email) > MAX_EMAIL:
        yield _("The e-mail address is longer than %(n)d characters.", n=MAX_EMAIL)
        return
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        yield _("“%(email)s” is not an e-mail address: %(why)s", email=email, why=error)
        return
    if email in known.taken:
        yield _("An account with this e-mail address already exists.")


def _country_problems(code: str, role: Role | None, known: Known) -> Iterator[str]:
    if not code:
        if role is not None and role.needs_country:
            yield _("Learners and focal points belong to a country: the country is missing.")
        return
    if code.upper() not in known.countries:
        codes = ", ".join(sorted(c for c in known.countries if len(c) == 2))
        yield _("“%(code)s” is not a CAREC country: use one of %(codes)s.", code=code, codes=codes)


def _role(value: str) -> Role | None:
    key = re.sub(r"[\s-]+", "_", value.strip().lower())
    return Role(key) if key in Role.__members__ else None


def _account(row: RawRow, known: Known) -> AccountRow:
    """The account a row without problems describes."""
    role = _role(row.values["role"])
    assert role is not None  # _row_problems refused the row otherwise
    code, gender = row.values.get("country", "").upper(), row.values.get("gender", "").lower()
    return AccountRow(
        line=row.line,
        email=normalise_email(row.values["email"]),
        name=row.values["name"],
        role=role,
        country=known.countries.get(code) if code else None,
        gender=Gender(gender) if gender else None,
    )


def known_now(rows: list[RawRow]) -> Known:
    """The CAREC countries, and which of the rows' addresses existing accounts hold."""
    countries = list(db.session.scalars(select(Country)))
    emails = {normalise_email(row.values.get("email", "")) for row in rows}
    taken = db.session.scalars(select(User.email).where(User.email.in_(emails)))
    return Known(
        countries={c.code: c for c in countries} | {c.iso3: c for c in countries},
        taken=frozenset(taken),
    )


def import_accounts(actor: User | None, data: bytes) -> ImportReport:
    """Create the accounts the CSV ``data`` describes, all or none (the caller commits, or
    rolls back when the report lists problems).

    Two imports of one file at once: the unique e-mail lets one create each account; the
    other's savepoint fails, and its check, run again, names every row as already taken.
    """
    rows, unreadable = read_rows(data)
    accounts, problems = check_rows(rows, known_now(rows))
    if unreadable or problems:
        return ImportReport(sorted(unreadable + problems, key=lambda p: p.line))
    try:
        with db.session.begin_nested():
            created = [_create(row) for row in accounts]
    except IntegrityError:
        return ImportReport(check_rows(rows, known_now(rows))[1] or [_raced()])
    for user in created:
        record_created(actor, user, via="csv_import")
        _invite(user)
    return ImportReport(created=created)


def _raced() -> RowProblem:
    return RowProblem(1, _("Another change to the accounts came in meanwhile: try again."))


def _create(row: AccountRow) -> User:
    """The account, with no password anyone knows: ``!`` never matches a Werkzeug hash (as
    Django's unusable passwords), until the person chooses theirs through the link."""
    user = User(
        email=row.email,
        name=row.name,
        role=row.role,
        country=row.country,
        gender=row.gender,
        password_hash=f"!{secrets.token_hex(16)}",
    )
    db.session.add(user)
    db.session.flush()
    return user


def _invite(user: User) -> None:
    """Mail the person a link to choose their password (a host that keeps passwords itself
    signs them in: nothing to send)."""
    if host_identity():
        return
    link = external_url("lms.password.reset", {"token": reset_token(user)})
    mail_to(
        user,
        _l("Your CARTIF LMS account"),
        "account_imported.txt",
        url=link,
        forgot_url=external_url("lms.password.forgot", {}),
        minutes=current_app.config["LMS_PASSWORD_RESET_MINUTES"],
    )
