"""An administrator creates a delegation's accounts from one CSV file: the whole file is checked
first, every bad line is named with its reason, and nothing is created unless every line is
good. Each new person is e-mailed a link to choose their password."""

from __future__ import annotations

import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from cartif_lms import db
from cartif_lms.admin.account_import import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, import_accounts
from cartif_lms.audit import Action, AuditEntry
from cartif_lms.auth.models import Gender, Role, User
from cartif_lms.mail.models import MailMessage
from tests.conftest import csrf_token_from
from tests.mail.smtp import SMTPServer

GOOD = (
    "email,name,role,country,gender\n"
    "Aigerim.N@Example.kz,Aigerim Nurlanovna,learner,KZ,female\n"
    "d.tsereteli@example.ge,Davit Tsereteli,focal_point,geo,\n"
    "trainer@example.org,Programme Trainer,trainer,,\n"
)
LINK = re.compile(r"http://localhost/password/reset/(\S+)")


def people() -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(User))


def problems_of(data: bytes | str) -> list[tuple[int, str]]:
    raw = data.encode() if isinstance(data, str) else data
    report = import_accounts(None, raw)
    db.session.rollback()  # as the page and the command do when the report lists problems
    assert not report.created
    return [(p.line, p.message) for p in report.problems]


def test_a_good_file_creates_every_account_without_a_usable_password(app):
    report = import_accounts(None, GOOD.encode())
    db.session.commit()

    assert report.ok
    kz, ge, trainer = sorted(report.created, key=lambda u: u.id)
    assert (kz.email, kz.role, kz.country.code, kz.gender) == (
        "aigerim.n@example.kz",
        Role.learner,
        "KZ",
        Gender.female,
    )
    assert (ge.role, ge.country.code, ge.gender) == (Role.focal_point, "GE", None)
    assert (trainer.role, trainer.country) == (Role.trainer, None)
    assert not kz.check_password("")  # no password opens it until they choose one
    assert kz.must_change_password is False


def test_an_excel_file_with_a_byte_order_mark_semicolons_and_crlf_is_read(app):
    excel = "\ufeffE-mail;Full name;Role;Country code;Gender\r\n"
    excel += "a.karimov@example.uz;Akmal Karimov;Learner;uz;Male\r\n;;;;\r\n"

    report = import_accounts(None, excel.encode())

    assert report.ok
    [person] = report.created
    assert (person.email, person.name) == ("a.karimov@example.uz", "Akmal Karimov")
    assert (person.role, person.country.code, person.gender) == (Role.learner, "UZ", Gender.male)


def test_every_bad_line_is_named_with_its_reason_and_nothing_is_created(app, make_user):
    make_user(email="taken@example.org")
    before = people()
    bad = (
        "email,name,role,country,gender\n"
        "not-an-address,No Address,learner,KZ,\n"  # 2
        "ok1@example.org,Unknown Role,teacher,KZ,\n"  # 3
        "ok2@example.org,From France,learner,FR,\n"  # 4
        "ok3@example.org,No Country,learner,,\n"  # 5
        "ok4@example.org,First Time,learner,KZ,\n"  # 6
        "OK4@example.org,Second Time,learner,KZ,\n"  # 7
        "Taken@Example.org,Already There,learner,KZ,\n"  # 8
        "ok5@example.org,,learner,KZ,\n"  # 9
        "ok6@example.org,Odd Gender,learner,KZ,robot\n"  # 10
        "ok7@example.org,Too Many,learner,KZ,,extra\n"  # 11
        "fine@example.org,Good Line,learner,KZ,\n"  # 12
    )

    found = problems_of(bad)

    assert [line for line, _ in found] == [2, 3, 4, 5, 7, 8, 9, 10, 11]
    messages = dict(found)
    assert "is not an e-mail address" in messages[2]
    assert "Unknown role “teacher”" in messages[3]
    assert "“FR” is not a CAREC country" in messages[4]
    assert "the country is missing" in messages[5]
    assert messages[7] == "The same e-mail address as line 6."
    assert "already exists" in messages[8]
    assert messages[9] == "The name is missing."
    assert "Unknown gender “robot”" in messages[10]
    assert "6 values, but the header names 5 columns" in messages[11]
    assert people() == before
    assert db.session.scalar(select(func.count()).select_from(MailMessage)) == 0


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("email,name,country", "The column “role” is missing."),
        ("email,name,role,department", "Unknown column “department”."),
        ("email,name,role,email", "The column “email” appears twice."),
    ],
)
def test_a_header_that_misses_or_misnames_a_column_is_refused_at_line_1(app, header, expected):
    assert problems_of(f"{header}\nx@example.org,X,learner\n") == [(1, expected)]


def test_a_file_that_is_not_utf8_names_the_first_bad_line(app):
    latin1 = (
        "email,name,role,country\nok@example.org,Ok,learner,KZ\nb@example.org,Bérénice,learner,KZ\n"
    )

    [(line, message)] = problems_of(latin1.encode("latin-1"))

    assert line == 3
    assert "not UTF-8" in message
    assert "CSV UTF-8" in message


def test_nul_bytes_are_named_by_line_and_utf16_is_explained(app):
    nul = b"email,name,role,country\nok@example.org,Ok,learner,KZ\nx\x00@example.org,N,learner,KZ\n"
    assert problems_of(nul) == [(3, "The line holds a NUL byte.")]
    utf16 = GOOD.encode("utf-16")
    [(line, message)] = problems_of(utf16)
    assert line == 1
    assert "UTF-16" in message


def test_too_many_rows_or_too_large_a_file_is_refused(app):
    rows = "".join(f"p{n}@example.org,P {n},learner,KZ\n" for n in range(MAX_IMPORT_ROWS + 1))
    [(line, message)] = problems_of("email,name,role,country\n" + rows)
    assert line == MAX_IMPORT_ROWS + 2
    assert f"More than {MAX_IMPORT_ROWS} accounts" in message
    [(_, message)] = problems_of(b"email,name,role\n" + b"x" * MAX_IMPORT_BYTES)
    assert "larger than 1024 KiB" in message


def test_an_empty_file_needs_a_header(app):
    assert problems_of(b"") == [(1, "The file is empty: it needs a header line.")]


def test_each_created_account_is_audited_with_codes_only(app):
    import_accounts(None, GOOD.encode())
    db.session.commit()

    trail = list(
        db.session.scalars(select(AuditEntry).where(AuditEntry.action == Action.account_created))
    )
    assert sorted(e.details["country"] or "-" for e in trail) == ["-", "GE", "KZ"]
    assert {e.details["via"] for e in trail} == {"csv_import"}
    assert all("example" not in str(e.details) for e in trail)


# --- through the page and the command ------------------------------------------------------


@pytest.fixture
def server(mailing_server: Flask, smtp: SMTPServer) -> Flask:
    """These pages send mail: it goes to the real SMTP server of ``smtp`` (tests/conftest.py)."""
    return mailing_server


def upload(client, data: bytes):
    token = csrf_token_from(client.get("/admin/users/import").get_data(as_text=True))
    form = {"csrf_token": token, "upload": (io.BytesIO(data), "delegation.csv")}
    response = client.post("/admin/users/import", data=form, content_type="multipart/form-data")
    response.close()  # the outbox is sent once the response has gone
    return response


def test_imported_people_choose_their_password_through_the_mailed_link(
    client, make_user, login_as, smtp
):
    login_as(make_user(role="admin", country=None))

    response = upload(client, GOOD.encode())

    assert response.status_code == 302
    mails = {m.message["To"]: m.message.get_content() for m in smtp.received}
    assert set(mails) == {"aigerim.n@example.kz", "d.tsereteli@example.ge", "trainer@example.org"}
    assert "Hello Aigerim Nurlanovna" in mails["aigerim.n@example.kz"]
    path = "/password/reset/" + LINK.search(mails["aigerim.n@example.kz"]).group(1)
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").get_data(True))})
    page = client.get(path).get_data(as_text=True)
    chosen = "steppe wind over almaty"
    form = {"password": chosen, "confirm": chosen, "csrf_token": csrf_token_from(page)}
    assert client.post(path, data=form).status_code == 302
    db.session.expire_all()
    person = db.session.scalar(select(User).where(User.email == "aigerim.n@example.kz"))
    assert person.check_password(chosen)


def test_a_bad_upload_lists_the_lines_to_fix_on_the_page(client, make_user, login_as, smtp):
    login_as(make_user(role="admin", country=None))
    before = people()

    response = upload(client, b"email,name,role,country\nbad,Bad,learner,KZ\n")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nothing was imported: 1 problem to fix." in page
    assert "is not an e-mail address" in page
    assert people() == before
    assert smtp.received == []


def test_only_administrators_reach_the_import(client, make_user, login_as):
    login_as(make_user(role="focal_point", country="KZ"))
    assert client.get("/admin/users/import").status_code == 403


def test_the_command_imports_a_file_or_names_each_bad_line(runner, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD)
    bad.write_text("email,name,role,country\nx@example.org,X,learner,FR\ny,Y,learner,KZ\n")

    refused = runner.invoke(args=["lms", "import-users", str(bad)])
    before = people()
    created = runner.invoke(args=["lms", "import-users", str(good)])

    assert refused.exit_code == 1
    assert f"{bad}:2: “FR” is not a CAREC country" in refused.output
    assert f"{bad}:3: “y” is not an e-mail address" in refused.output
    assert "2 problem(s)" in refused.output
    assert created.exit_code == 0, created.output
    assert "Created 3 account(s)" in created.output
    assert people() == before + 3


def test_two_imports_that_both_passed_the_check_create_each_person_once(app):
    """Both imports have checked the file (nobody had the addresses yet) when they start to
    write: the unique e-mail lets one in; the other creates nothing and names every line."""
    both_checked = threading.Barrier(2, timeout=30)
    engine = db.lms_state().engine
    waited: set[int] = set()

    def meet_before_the_first_insert(_conn, _cursor, statement, *_args: Any) -> None:
        if statement.startswith("INSERT INTO lms_user ") and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            both_checked.wait()

    def run() -> list[tuple[int, str]] | int:
        with app.app_context():
            report = import_accounts(None, GOOD.encode())
            if report.ok:
                db.session.commit()
                return len(report.created)
            db.session.rollback()
            return [(p.line, p.message) for p in report.problems]

    event.listen(engine, "before_cursor_execute", meet_before_the_first_insert)
    try:
        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(lambda _: run(), range(2)))
    finally:
        event.remove(engine, "before_cursor_execute", meet_before_the_first_insert)

    assert len(waited) == 2  # both had checked the file before either wrote
    [created] = [o for o in outcomes if isinstance(o, int)]
    [refused] = [o for o in outcomes if isinstance(o, list)]
    assert created == 3
    assert [line for line, _ in refused] == [2, 3, 4]
    assert all("already exists" in message for _, message in refused)
    assert people() == 3
