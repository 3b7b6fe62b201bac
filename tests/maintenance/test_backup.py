"""An administrator backs the LMS up every night and, the day something goes wrong, gets every
row back; the commands refuse, with one line, whatever would lose data."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine, make_url

from cartif_lms import create_app, db
from cartif_lms.auth.models import Role, User
from cartif_lms.auth.services import create_user
from cartif_lms.maintenance.backup import KINDS, _conninfo
from cartif_lms.models import load_all_models
from cartif_lms.resources import shipped_content_dir
from tests.conftest import _fresh_postgres_database


@pytest.fixture
def empty_database_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same kind: a new SQLite file or a new PostgreSQL
    database on the same server (dropped afterwards)."""
    if make_url(database_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        yield from _fresh_postgres_database(database_url)


@pytest.fixture
def other_lms(migrated: dict[str, Any], empty_database_url: str) -> Iterator[Flask]:
    """The LMS installed afresh on the empty database, where the backup is restored."""
    other = create_app({**migrated, "LMS_DATABASE_URL": empty_database_url})
    yield other
    other.extensions["cartif_lms"].engine.dispose()


def lms(app: Flask, *args: str) -> Result:
    """Run ``flask --app wsgi lms ARGS`` against ``app``.

    Its own app context is pushed: the CLI would otherwise run in the test's, on the test's
    database.
    """
    with app.app_context():
        return app.test_cli_runner().invoke(args=["lms", *args])


def engine_of(app: Flask) -> Engine:
    return app.extensions["cartif_lms"].engine


def every_row(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every LMS table (whatever migrations exist today), in a stable order."""
    load_all_models()
    with engine.connect() as connection:
        rows = {
            table.name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for table in db.Base.metadata.sorted_tables
        }
        rows[db.VERSION_TABLE] = list(
            map(tuple, connection.execute(text(f"SELECT * FROM {db.VERSION_TABLE}")))
        )
    return rows


def lms_tables(engine: Engine) -> set[str]:
    return {name for name in inspect(engine).get_table_names() if name.startswith("lms_")}


def refusal(result: Result) -> str:
    """The one line a refused command prints (and it did exit 1)."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def demo_lms(server: Flask) -> Flask:
    """The shipped curriculum and the demo accounts: people, progress, quizzes, drafts, needs."""
    assert lms(server, "sync", "--content-dir", str(shipped_content_dir())).exit_code == 0
    assert lms(server, "demo").exit_code == 0
    return server


def test_a_backup_restored_into_an_empty_database_gives_back_every_row(
    demo_lms: Flask, other_lms: Flask, tmp_path: Path
) -> None:
    backup = tmp_path / "nightly" / "lms.backup"
    made = lms(demo_lms, "backup", "--out", str(backup))
    assert made.exit_code == 0, made.output
    assert "schema revision" in made.output

    restored = lms(other_lms, "restore", str(backup))
    assert restored.exit_code == 0, restored.output

    assert lms_tables(engine_of(other_lms)) == lms_tables(engine_of(demo_lms))
    original, copy = every_row(engine_of(demo_lms)), every_row(engine_of(other_lms))
    assert set(copy) == set(original)
    for table, rows in original.items():
        assert copy[table] == rows, f"{table} differs after the round trip"
    filled = {table for table, rows in original.items() if rows}
    assert {"lms_user", "lms_completion", "lms_quiz_attempt", "lms_evidence"} <= filled


def test_the_restored_lms_keeps_working_new_accounts_get_new_ids(
    server: Flask, make_user: Any, other_lms: Flask, tmp_path: Path
) -> None:
    make_user(email="before@example.org")
    backup = tmp_path / "lms.backup"
    assert lms(server, "backup", "--out", str(backup)).exit_code == 0
    assert lms(other_lms, "restore", str(backup)).exit_code == 0

    with other_lms.app_context():
        create_user("after@example.org", "After", Role.analyst, "a long password")
        db.session.commit()
        emails = set(db.session.scalars(select(User.email)))
    assert emails == {"before@example.org", "after@example.org"}


def test_a_backup_taken_while_someone_is_writing_holds_only_committed_work(
    server: Flask, make_user: Any, other_lms: Flask, tmp_path: Path
) -> None:
    make_user(email="committed@example.org")
    create_user("in.flight@example.org", "In Flight", Role.analyst, "a long password")
    db.session.flush()  # written but not committed, as a request would be mid-way

    backup = tmp_path / "lms.backup"
    made = lms(server, "backup", "--out", str(backup))
    db.session.rollback()
    assert made.exit_code == 0, made.output

    assert lms(other_lms, "restore", str(backup)).exit_code == 0
    with engine_of(other_lms).connect() as connection:
        emails = set(connection.scalars(text("SELECT email FROM lms_user")))
    assert emails == {"committed@example.org"}


def test_backup_keeps_an_existing_file_unless_told_to_replace_it(
    server: Flask, tmp_path: Path
) -> None:
    backup = tmp_path / "lms.backup"
    backup.write_bytes(b"last night's backup")

    refused = lms(server, "backup", "--out", str(backup))
    assert "exists already" in refusal(refused)
    assert "--force" in refusal(refused)
    assert backup.read_bytes() == b"last night's backup"
    assert list(tmp_path.iterdir()) == [backup], "no partial file is left behind"

    replaced = lms(server, "backup", "--out", str(backup), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert backup.read_bytes() != b"last night's backup"


def test_a_backup_is_readable_by_its_owner_only(server: Flask, tmp_path: Path) -> None:
    backup = tmp_path / "lms.backup"
    assert lms(server, "backup", "--out", str(backup)).exit_code == 0
    assert backup.stat().st_mode & 0o077 == 0


def test_restore_refuses_a_missing_file(other_lms: Flask, tmp_path: Path) -> None:
    line = refusal(lms(other_lms, "restore", str(tmp_path / "no-such.backup")))
    assert "no such backup file" in line
    assert lms_tables(engine_of(other_lms)) == set()


def the_other_kind_of_backup(database_url: str, folder: Path) -> tuple[Path, str]:
    """A backup of the other kind of database than the one under test, and that kind's name."""
    path = folder / "other-kind.backup"
    if make_url(database_url).get_backend_name() == "sqlite":
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(64))
        return path, "PostgreSQL"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE lms_alembic_version (version_num TEXT)")
    return path, "SQLite"


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_kind_of_database(
    other_lms: Flask, database_url: str, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup at all", "utf-8")
    other_kind, other_name = the_other_kind_of_backup(database_url, tmp_path)

    assert "is not a" in refusal(lms(other_lms, "restore", str(notes)))
    assert f"is a {other_name} backup" in refusal(lms(other_lms, "restore", str(other_kind)))
    assert lms_tables(engine_of(other_lms)) == set()


def test_an_lms_that_was_never_set_up_has_nothing_to_back_up(
    other_lms: Flask, tmp_path: Path
) -> None:
    backup = tmp_path / "lms.backup"
    line = refusal(lms(other_lms, "backup", "--out", str(backup)))
    assert "holds no CARTIF LMS tables" in line
    assert "init-db" in line
    assert not backup.exists()


def test_restore_refuses_a_backup_of_another_application(
    other_lms: Flask, empty_database_url: str, tmp_path: Path
) -> None:
    """Same kind of database, but not the LMS's: restoring it would leave no LMS behind."""
    stranger = tmp_path / "invoices.backup"
    with engine_of(other_lms).begin() as connection:
        connection.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    url = make_url(empty_database_url)
    KINDS[url.get_backend_name()].dump(url, stranger)

    assert "not a CARTIF LMS backup" in refusal(lms(other_lms, "restore", str(stranger)))


def test_restoring_over_a_database_with_tables_needs_force_and_then_replaces_it(
    server: Flask, make_user: Any, other_lms: Flask, tmp_path: Path
) -> None:
    make_user(email="in.the.backup@example.org")
    backup = tmp_path / "lms.backup"
    assert lms(server, "backup", "--out", str(backup)).exit_code == 0
    assert lms(other_lms, "restore", str(backup)).exit_code == 0
    with engine_of(other_lms).begin() as connection:
        connection.execute(text("UPDATE lms_user SET name = 'Changed since the backup'"))
        # A table a later migration added: the backup does not have it.
        connection.execute(text("CREATE TABLE lms_from_a_later_migration (id INTEGER)"))

    line = refusal(lms(other_lms, "restore", str(backup)))
    assert "table(s) already" in line
    assert "--force" in line
    with engine_of(other_lms).connect() as connection:
        assert connection.scalar(text("SELECT name FROM lms_user")) == "Changed since the backup"

    forced = lms(other_lms, "restore", str(backup), "--force")
    assert forced.exit_code == 0, forced.output
    assert every_row(engine_of(other_lms)) == every_row(engine_of(server))
    assert lms_tables(engine_of(other_lms)) == lms_tables(engine_of(server))


def test_restore_refuses_a_backup_from_a_newer_version_of_the_lms(
    server: Flask, make_user: Any, other_lms: Flask, tmp_path: Path
) -> None:
    make_user()
    assert lms(server, "backup", "--out", str(tmp_path / "today.backup")).exit_code == 0
    assert lms(other_lms, "restore", str(tmp_path / "today.backup")).exit_code == 0
    with engine_of(other_lms).begin() as connection:
        connection.execute(text(f"UPDATE {db.VERSION_TABLE} SET version_num = '9999_future'"))
    future = tmp_path / "future.backup"
    assert lms(other_lms, "backup", "--out", str(future)).exit_code == 0

    line = refusal(lms(server, "restore", str(future), "--force"))
    assert "9999_future" in line
    assert "unknown to this version" in line
    assert every_row(engine_of(server))[db.VERSION_TABLE] != [("9999_future",)]


def test_a_damaged_backup_changes_nothing(
    server: Flask, make_user: Any, other_lms: Flask, tmp_path: Path
) -> None:
    """All or nothing: a backup cut short (a full disk, a broken copy) restores no part."""
    for number in range(10):
        make_user(email=f"learner{number}@example.org")
    backup = tmp_path / "lms.backup"
    assert lms(server, "backup", "--out", str(backup)).exit_code == 0
    assert lms(other_lms, "restore", str(backup)).exit_code == 0
    with engine_of(other_lms).begin() as connection:
        connection.execute(text("DELETE FROM lms_user"))
    before = every_row(engine_of(other_lms))
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(backup.read_bytes()[: backup.stat().st_size * 2 // 3])

    result = lms(other_lms, "restore", str(damaged), "--force")
    assert result.exit_code == 1, result.output
    assert every_row(engine_of(other_lms)) == before


def test_the_database_password_never_appears_on_a_command_line() -> None:
    """pg_dump's arguments are visible to every user of the machine (ps); PGPASSWORD is not."""
    url = make_url("postgresql+psycopg://lms:s3cret@db.example.org:5433/cartif?sslmode=require")
    conninfo = _conninfo(url)
    assert "s3cret" not in conninfo
    assert conninfo == (
        "host='db.example.org' port='5433' user='lms' dbname='cartif' sslmode='require'"
    )


def test_a_restore_that_fails_half_way_changes_nothing(
    server: Flask, make_user: Any, other_lms: Flask, database_url: str, tmp_path: Path
) -> None:
    """On PostgreSQL a table outside the LMS that points at its users stops pg_restore from
    dropping them; the single transaction leaves the database as it was."""
    if make_url(database_url).get_backend_name() == "sqlite":
        pytest.skip("on SQLite a restore replaces the whole file in one step of the backup API")
    make_user(email="in.the.backup@example.org")
    backup = tmp_path / "lms.backup"
    assert lms(server, "backup", "--out", str(backup)).exit_code == 0
    assert lms(other_lms, "restore", str(backup)).exit_code == 0
    with engine_of(other_lms).begin() as connection:
        connection.execute(text("UPDATE lms_user SET name = 'Changed since the backup'"))
        connection.execute(
            text("CREATE TABLE host_enrolment (user_id INTEGER REFERENCES lms_user (id))")
        )
    before = every_row(engine_of(other_lms))

    line = refusal(lms(other_lms, "restore", str(backup), "--force"))
    assert "the database is unchanged" in line
    assert "depend" in line
    assert every_row(engine_of(other_lms)) == before
