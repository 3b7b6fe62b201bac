"""The ``flask lms`` command group. Each command calls a service and commits once."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app
from flask_babel import gettext as _

from . import db
from .directory.models import CROSS_CUTTING
from .i18n import SUPPORTED_LOCALES, reading_as

#: The environment variables that name the command line's language, strongest first: the LMS's
#: own, then POSIX's (``LC_ALL`` overrides ``LC_MESSAGES``, which overrides ``LANG``).
LANGUAGE_VARIABLES = ("LMS_CLI_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def command_line_language(environ: Mapping[str, str]) -> str:
    """The language the commands write in: the first of :data:`LANGUAGE_VARIABLES` that is set
    ("ru_RU.UTF-8" reads as "ru"), if the LMS has it; else English."""
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            # "ru_RU.UTF-8@euro" -> "ru"; "C" and "POSIX" name no language, so English.
            language = value.split(".")[0].split("@")[0].replace("-", "_").split("_")[0]
            return language.lower() if language.lower() in SUPPORTED_LOCALES else "en"
    return "en"


@click.group("lms")
@click.pass_context
def lms_group(ctx: click.Context) -> None:
    """CARTIF LMS administration."""
    # Once for every command: its messages are in the reader's language until it ends.
    ctx.with_resource(reading_as(command_line_language(os.environ), None))


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(_("Error: %(message)s", message=message), err=True)
    sys.exit(code)


@lms_group.command("init-db")
def init_db() -> None:
    """Migrate the database to the newest schema, load countries and negotiating areas, and
    complete pre-tests submitted before submitting one completed it."""
    from .directory.services import ensure_reference_data
    from .quizzes.services import complete_submitted_pre_tests

    db.migrate_to_head(db.lms_state().engine)
    added = ensure_reference_data()
    settled = complete_submitted_pre_tests()
    db.session.commit()
    click.echo(_("Database ready (%(added)s reference rows added).", added=added))
    if settled:
        click.echo(_("%(settled)s submitted pre-test(s) now count as done.", settled=settled))


@lms_group.command("sync")
@click.option("--content-dir", type=click.Path(file_okay=False), help="Default: LMS_CONTENT_DIR.")
def sync(content_dir: str | None) -> None:
    """Load courses/ and quizzes/ into the database (all or nothing; safe to repeat)."""
    from .content.sync import SyncFailed, sync_content

    folder = content_dir or current_app.config["LMS_CONTENT_DIR"]
    try:
        report = sync_content(folder)
    except SyncFailed as failure:
        db.session.rollback()
        for error in failure.errors:
            click.echo(str(error), err=True)
        fail(
            _(
                "%(count)s error(s) in %(folder)s; nothing was changed",
                count=len(failure.errors),
                folder=folder,
            )
        )
    db.session.commit()
    for line in report.lines():
        click.echo(line)


@lms_group.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option("--role", required=True, help="learner, trainer, focal_point, analyst or admin.")
@click.option("--country", "country_code", help="ISO alpha-2 code, e.g. KZ.")
@click.option("--gender", type=click.Choice(["female", "male", "other"]), help="Optional.")
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from stdin.")
def create_user_command(
    email: str,
    name: str,
    role: str,
    country_code: str | None,
    gender: str | None,
    password_stdin: bool,
) -> None:
    """Create an account; the password is read from standard input, never from the command line."""
    from .audit import Action, record
    from .auth.models import Gender, Role
    from .auth.services import AccountError, create_user
    from .directory.services import country_by_code

    if role not in Role.__members__:
        fail(
            _(
                "unknown role %(role)s; choose one of %(roles)s",
                role=repr(role),
                roles=", ".join(Role.__members__),
            )
        )
    country = country_by_code(country_code) if country_code else None
    if country_code and country is None:
        fail(
            _(
                "unknown country %(code)s; use an ISO alpha-2 code of a CAREC member",
                code=repr(country_code),
            )
        )
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(
            email, name, Role(role), password, country, Gender(gender) if gender else None
        )
    except AccountError as error:
        fail(str(error))
    record(
        Action.account_created,
        actor=None,
        subject_user_id=user.id,
        country_id=user.country_id,
        object_type="lms_user",
        object_id=user.id,
        details={"role": user.role.value, "via": "command"},
    )
    db.session.commit()
    click.echo(_("Created %(role)s %(email)s.", role=user.role.value, email=user.email))


@lms_group.command("import-users")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_users(file: Path) -> None:
    """Create the accounts FILE.csv lists (email,name,role,country,gender), all or none; each
    person is e-mailed a link to choose a password. Every bad line is reported; exit 1."""
    from .admin.account_import import MAX_IMPORT_BYTES, import_accounts

    with file.open("rb") as stream:
        report = import_accounts(None, stream.read(MAX_IMPORT_BYTES + 1))
    if not report.ok:
        db.session.rollback()
        for problem in report.problems:
            click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
        fail(
            _(
                "%(count)s problem(s) in %(file)s; no account was created",
                count=len(report.problems),
                file=file,
            )
        )
    db.session.commit()
    click.echo(
        _(
            "Created %(count)s account(s); each was sent a set-password link.",
            count=len(report.created),
        )
    )


@lms_group.command("create-token")
@click.argument("email")
@click.option("--name", default="", help="What the token is for, e.g. 'TA planning system'.")
@click.option(
    "--expires",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The last day (UTC) it works, YYYY-MM-DD. Default: it does not expire.",
)
def create_token(email: str, name: str, expires: datetime | None) -> None:
    """Print a new API token for EMAIL (shown once; only its digest is stored)."""
    from .auth.services import find_user_by_email
    from .auth.tokens import TokenError, issue_token

    user = find_user_by_email(email)
    if user is None or not user.active:
        fail(_("no active account with email %(email)s", email=repr(email)))
    try:
        token = issue_token(user, name, expires.date() if expires else None)
    except TokenError as error:
        fail(str(error))
    db.session.commit()
    click.echo(token)


@lms_group.command("revoke-token")
@click.argument("token_id", type=click.IntRange(min=1))
def revoke_token_command(token_id: int) -> None:
    """Revoke the API token with id TOKEN_ID (the id the API tokens page lists)."""
    from .auth.models import ApiToken
    from .auth.tokens import revoke_token

    row = db.session.get(ApiToken, token_id) if token_id < 2**31 else None
    if row is None:
        fail(_("no API token with id %(id)s", id=token_id))
    revoked = revoke_token(row)
    db.session.commit()
    token = {"id": token_id, "name": row.name or _("no name"), "email": row.user.email}
    click.echo(
        _("Revoked token %(id)s (%(name)s) of %(email)s.", **token)
        if revoked
        else _("The token %(id)s (%(name)s) of %(email)s was revoked already.", **token)
    )


@lms_group.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no accounts yet.")
@click.option(
    "--learners",
    type=click.IntRange(min=1),
    help="Also generate N scale-data learners (load tests; same data for the same seed).",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the scale data.")
def demo(if_empty: bool, learners: int | None, seed: int) -> None:
    """Load demo accounts for every role across several countries (safe to run twice)."""
    from .demo.accounts import DEMO_PASSWORD, database_has_users, present_demo_accounts
    from .demo.journeys import load_demo

    if current_app.config["LMS_ENV"] == "production":
        fail(_("refusing to load demo accounts with LMS_ENV=production"))
    if if_empty and database_has_users():
        click.echo(_("Accounts exist already; demo data not loaded."))
        accounts = present_demo_accounts()
    else:
        accounts = load_demo()
        db.session.commit()
    if accounts:
        click.echo(_("Demo accounts (password for all: %(password)s):", password=DEMO_PASSWORD))
    for account in accounts:
        click.echo(f"  {account.role:<12} {account.email:<34} {account.description}")
    if learners:
        from .demo.synthetic import generate_scale_data

        try:
            report = generate_scale_data(learners, seed)
        except ValueError as error:
            db.session.rollback()
            fail(str(error))
        db.session.commit()
        for line in report.lines():
            click.echo(line)


@lms_group.group("gift")
def gift_group() -> None:
    """Moodle GIFT quiz banks."""


@gift_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the questions and errors as JSON.")
def gift_check(file: str, as_json: bool) -> None:
    """Parse a GIFT bank: its questions by type, or every error with its line (exit 1).

    Warnings (weights Moodle would refuse) are printed with their line but do not fail.
    """
    from .quizzes.gift_report import bank_report, read_bank_file

    try:
        text = read_bank_file(file)
    except ValueError as error:
        fail(str(error), code=2)
    report = bank_report(text, file)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in report_lines(report, file):
            click.echo(line, err=line.startswith(file))
    if report["errors"]:
        sys.exit(1)


def report_lines(report: dict[str, Any], file: str) -> list[str]:
    """The human-readable form of a bank report: questions grouped by type, then errors and
    warnings in file order."""
    lines = []
    by_type: dict[str, list[dict[str, Any]]] = {}
    for question in report["questions"]:
        by_type.setdefault(question["type"], []).append(question)
    for kind, questions in sorted(by_type.items()):
        lines.append(f"{kind} ({len(questions)})")
        for q in questions:
            tags = f" [{', '.join(q['tags'])}]" if q["tags"] else ""
            category = _(" in %(category)s", category=q["category"]) if q["category"] else ""
            lines.append(f"  {q['name']}{category}{tags}")
    problems = [(e["line"], 0, f"{file}:{e['line']}: {e['message']}") for e in report["errors"]]
    problems += [
        (
            w["line"],
            1,
            _("%(place)s: warning: %(message)s", place=f"{file}:{w['line']}", message=w["message"]),
        )
        for w in report["warnings"]
    ]
    lines += [text for _line, _kind, text in sorted(problems)]
    summary = _(
        "%(questions)s question(s), %(errors)s error(s)",
        questions=len(report["questions"]),
        errors=len(report["errors"]),
    )
    if report["warnings"]:
        summary += _(", %(warnings)s warning(s)", warnings=len(report["warnings"]))
    lines.append(summary)
    return lines


@lms_group.command("lint-draft")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
def lint_draft(file: str, as_json: bool) -> None:
    """Check a treaty draft: brackets, modal verbs, defined terms, references, long sentences.

    Exit 1 when brackets are unbalanced or a reference is broken; 2 when the file cannot be read.
    """
    from pathlib import Path

    from .drafting.lint import DraftRejected, analyse, decode_draft

    path = Path(file)
    if not path.is_file():
        fail(_("%(file)s: no such file", file=file), code=2)
    try:
        analysis = analyse(decode_draft(path.read_bytes()))
    except DraftRejected as error:
        fail(f"{file}: {error}", code=2)
    report = analysis.to_json()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for line in draft_report_lines(report, file):
            click.echo(line)
    if analysis.has_blocking_problems:
        sys.exit(1)


def draft_report_lines(report: dict[str, Any], file: str) -> list[str]:
    """The human-readable form of a draft's analysis, with ``FILE:LINE[:COL]:`` where a finding
    has a place, in the reader's language (the draft's own words, e.g. its verbs, as written)."""
    brackets = report["brackets"]
    balanced = (
        _("brackets: balanced, %(count)s bracketed passage(s)", count=brackets["count"])
        if brackets["balanced"]
        else _("brackets: NOT balanced, %(count)s bracketed passage(s)", count=brackets["count"])
    )
    lines = [balanced]
    lines += [
        _("%(place)s: '[' never closed", place=f"{file}:{p['line']}:{p['col']}")
        for p in brackets["unclosed"]
    ]
    lines += [
        _("%(place)s: ']' without '['", place=f"{file}:{p['line']}:{p['col']}")
        for p in brackets["unmatched"]
    ]
    modals = ", ".join(f"{verb} {n}" for verb, n in report["modals"].items() if n)
    lines.append(_("modal verbs: %(verbs)s", verbs=modals or _("none")))
    terms = report["defined_terms"]
    lines += [_("defined but never used: %(term)s", term=t) for t in terms["unused"]]
    lines += [_("used but not defined: %(term)s", term=t) for t in terms["undefined"]]
    lines += [
        _("%(place)s: broken reference: %(ref)s", place=f"{file}:{r['line']}", ref=r["ref"])
        for r in report["broken_references"]
    ]
    lines += [
        _("%(place)s: sentence of %(words)s words", place=f"{file}:{s['line']}", words=s["words"])
        for s in report["long_sentences"]
    ]
    return lines


@lms_group.command("export-gaps")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
@click.option("--country", "country_code", help="ISO alpha-2 code; default: every country.")
@click.option("--area", help=f"A negotiating-area code, or {CROSS_CUTTING}.")
def export_gaps(fmt: str, country_code: str | None, area: str | None) -> None:
    """Print the capacity gaps per country, area and competency (CSV with BOM, or JSON)."""
    from .capacity.exports import gap_dicts, gaps_csv
    from .capacity.services import gap_rows
    from .directory.services import country_by_code

    country = country_by_code(country_code) if country_code else None
    if country_code and country is None:
        fail(_("unknown country %(code)s", code=repr(country_code)))
    rows = gap_rows(None, country, area)
    if fmt == "json":
        click.echo(json.dumps({"gaps": gap_dicts(rows)}, ensure_ascii=False, indent=2))
    else:
        click.echo(gaps_csv(rows), nl=False)


@lms_group.command("rebuild-rollups")
def rebuild_rollups() -> None:
    """Recompute the capacity roll-ups from completions, evidence and designations (nightly)."""
    from .capacity.rollups import rebuild_all

    rebuild_all()
    db.session.commit()
    click.echo(_("Roll-ups rebuilt."))


@lms_group.command("nightly")
def nightly() -> None:
    """The nightly run: purge what is kept only for a while (sign-in attempts, rescued text,
    expired sessions, unconfirmed account requests), rebuild the roll-ups, then the
    notifications that depend on the date, and their mail. Each step commits on its own."""
    from .capacity.rollups import rebuild_all
    from .mail import outbox
    from .notifications.cli import notified_line
    from .notifications.services import notify_due
    from .privacy.retention import purge_expired

    for retention, removed in purge_expired():
        what = _(retention.what)
        click.echo(
            _("Purged %(what)s.", what=what)
            if removed is None
            else _("Purged %(what)s: %(count)s.", what=what, count=removed)
        )
    db.session.commit()
    rebuild_all()
    db.session.commit()
    click.echo(_("Roll-ups rebuilt."))
    told = notify_due()
    db.session.commit()
    sent, failed = outbox.flush()
    click.echo(notified_line(told, sent, failed))


@lms_group.command("generate-needs")
def generate_needs() -> None:
    """Turn the current gaps into prioritised TA needs (statuses and history are kept)."""
    from .capacity.services import generate_needs as generate

    report = generate()
    db.session.commit()
    click.echo(
        _(
            "TA needs: %(created)s new, %(updated)s updated, %(closed)s closed.",
            created=report.created,
            updated=report.updated,
            closed=report.closed,
        )
    )


@lms_group.group("certificates")
def certificates_group() -> None:
    """Certificates for completed tracks and workshops."""


@certificates_group.command("issue")
@click.option("--dry-run", is_flag=True, help="List the certificates due; issue none.")
def certificates_issue(dry_run: bool) -> None:
    """Issue every certificate due for past completions and not issued yet (safe to re-run,
    also from two workers at once)."""
    from .certificates.services import issue_missing

    run = issue_missing(dry_run=dry_run)
    if dry_run:
        for kind, done in run.due:
            click.echo(
                _(
                    "due: %(kind)s %(source)s for person %(person)s",
                    kind=kind,
                    source=done.source_id,
                    person=done.user_id,
                )
            )
        click.echo(_("%(count)s certificate(s) due; none issued (dry run)", count=len(run.due)))
        return
    db.session.commit()
    click.echo(_("%(count)s certificate(s) issued", count=run.issued))


@lms_group.command("backup")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="The backup file.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def backup(out: Path, force: bool) -> None:
    """Back up the database while the LMS serves (SQLite backup API, or pg_dump)."""
    from .maintenance.backup import BackupError, backup_database

    try:
        report = backup_database(current_app.config["LMS_DATABASE_URL"], out, force)
    except BackupError as error:
        fail(str(error))
    for line in report.lines():
        click.echo(line)


@lms_group.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace the contents of a database that has tables.")
def restore(file: Path, force: bool) -> None:
    """Restore a backup made by `lms backup`, all or nothing (into an empty database unless
    --force)."""
    from .maintenance.backup import BackupError, restore_database

    try:
        report = restore_database(current_app.config["LMS_DATABASE_URL"], file, force)
    except BackupError as error:
        fail(str(error))
    for line in report.lines():
        click.echo(line)


def _add_report_commands() -> None:
    """``lms report …`` (progress reports and handouts) and ``lms worker`` (report jobs)."""
    from .jobs.worker import worker_command
    from .progress_reports.cli import report_group

    lms_group.add_command(report_group)
    lms_group.add_command(worker_command)


_add_report_commands()


@lms_group.group("db")
def db_group() -> None:
    """Alembic migrations of the LMS schema."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    from alembic import command

    command.upgrade(db.alembic_config(db.lms_state().engine), revision)


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION (e.g. -1 or base)."""
    from alembic import command

    command.downgrade(db.alembic_config(db.lms_state().engine), revision)


@db_group.command("current")
def db_current() -> None:
    """Show the schema's current revision."""
    from alembic import command

    command.current(db.alembic_config(db.lms_state().engine))


@db_group.command("history")
def db_history() -> None:
    """List the migrations."""
    from alembic import command

    command.history(db.alembic_config(db.lms_state().engine))


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True)
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new migration (review it before committing)."""
    from alembic import command

    command.revision(
        db.alembic_config(db.lms_state().engine), message=message, autogenerate=autogenerate
    )
