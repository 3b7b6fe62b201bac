"""Back up and restore the LMS database while it serves: SQLite's online backup API, or
PostgreSQL's pg_dump and pg_restore.

A backup is written under a temporary name beside its final one and renamed into place only
once it is complete and has been read back, so a half-written file never looks like a backup.
A restore is all or nothing: SQLite copies the backup into the live file in one step of the
backup API (other connections see the old database or the new one, never a mixture);
PostgreSQL runs pg_restore in a single transaction.

A restore goes only into an empty database (one holding no tables at all) unless ``force`` is
given; then it replaces the database's contents with the backup's.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from alembic.script import ScriptDirectory
from flask_babel import gettext as _
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ..db import VERSION_TABLE
from ..i18n import format_number
from ..resources import migrations_dir


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is one line for the operator."""


@dataclass(frozen=True)
class BackupContents:
    """What a backup file holds: the LMS schema revision and its tables."""

    revision: str
    tables: frozenset[str]


@dataclass(frozen=True)
class BackupReport:
    path: Path
    kind: str
    revision: str

    def lines(self) -> list[str]:
        size = self.path.stat().st_size
        return [
            _(
                "Backed up the %(kind)s database (schema revision %(revision)s) to %(path)s"
                " (%(size)s bytes).",
                kind=self.kind,
                revision=self.revision,
                path=self.path,
                size=format_number(size),
            )
        ]


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    revision: str
    #: the schema is older than this version's, so ``lms init-db`` has migrations to run
    needs_migration: bool

    def lines(self) -> list[str]:
        lines = [
            _(
                "Restored %(path)s (schema revision %(revision)s).",
                path=self.path,
                revision=self.revision,
            )
        ]
        if self.needs_migration:
            lines.append(_("The backup's schema is older: run `lms init-db` to migrate it."))
        return lines


class DatabaseKind(Protocol):
    """How one kind of database is backed up, recognised and restored."""

    name: str
    #: the first bytes of every backup file of this kind
    magic: bytes

    def dump(self, url: URL, target: Path) -> None:
        """Write a consistent copy of the live database to ``target`` (an empty file)."""

    def contents(self, path: Path) -> BackupContents:
        """Read a backup file's revision and tables; BackupError when it is not an LMS backup."""

    def tables(self, url: URL) -> set[str]:
        """The tables the live database holds now (empty set: an empty database)."""

    def load(self, url: URL, path: Path, contents: BackupContents) -> None:
        """Replace the live database's contents with the backup's, all or nothing."""


def backup_database(database_url: str, out: Path, force: bool = False) -> BackupReport:
    """Write a backup of the database at ``database_url`` to ``out``."""
    url, kind = _kind_of(database_url)
    if not any(t.split(".")[-1] == VERSION_TABLE for t in kind.tables(url)):
        raise BackupError(
            _(
                "%(database)s holds no CARTIF LMS tables (run `lms init-db`); nothing to back up",
                database=url.render_as_string(),
            )
        )
    if out.is_dir():
        raise BackupError(_("%(path)s is a folder; give the backup file's name", path=out))
    if out.exists() and not force:
        raise BackupError(
            _("%(path)s exists already; choose another name or pass --force", path=out)
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates the file readable by its owner only: a backup holds password hashes.
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    os.close(handle)
    partial = Path(name)
    try:
        kind.dump(url, partial)
        contents = kind.contents(partial)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(out, kind.name, contents.revision)


def restore_database(database_url: str, path: Path, force: bool = False) -> RestoreReport:
    """Restore the backup at ``path`` into the database at ``database_url``."""
    url, kind = _kind_of(database_url)
    if not path.is_file():
        raise BackupError(_("%(path)s: no such backup file", path=path))
    _check_kind(path, kind)
    contents = kind.contents(path)
    script = ScriptDirectory(str(migrations_dir()))
    if contents.revision not in {known.revision for known in script.walk_revisions()}:
        raise BackupError(
            _(
                "%(path)s has schema revision %(revision)s, unknown to this version of CARTIF"
                " LMS; restore it with the version that made it",
                path=path,
                revision=contents.revision,
            )
        )
    present = kind.tables(url)
    if present and not force:
        raise BackupError(
            _(
                "the database holds %(count)s table(s) already; restore into an empty database,"
                " or pass --force to replace its contents",
                count=len(present),
            )
        )
    kind.load(url, path, contents)
    return RestoreReport(path, contents.revision, contents.revision not in script.get_heads())


def _kind_of(database_url: str) -> tuple[URL, DatabaseKind]:
    url = make_url(database_url)
    kind = KINDS.get(url.get_backend_name())
    if kind is None:
        raise BackupError(
            _("cannot back up or restore a %(kind)s database", kind=url.get_backend_name())
        )
    return url, kind


def _check_kind(path: Path, kind: DatabaseKind) -> None:
    with path.open("rb") as file:
        start = file.read(16)
    if start.startswith(kind.magic):
        return
    for other in KINDS.values():
        if start.startswith(other.magic):
            raise BackupError(
                _(
                    "%(path)s is a %(other)s backup; this database is %(kind)s",
                    path=path,
                    other=other.name,
                    kind=kind.name,
                )
            )
    raise BackupError(_("%(path)s is not a %(kind)s backup", path=path, kind=kind.name))


class SQLiteKind:
    """A backup is a SQLite database file, copied page by page with the online backup API."""

    name = "SQLite"
    magic = b"SQLite format 3\x00"

    def dump(self, url: URL, target: Path) -> None:
        source_path = _sqlite_path(url)
        if not source_path.is_file():
            raise BackupError(_("%(path)s: no such database file", path=source_path))
        with (
            closing(sqlite3.connect(source_path, timeout=30)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
            # The live database is in WAL mode; a backup must be one self-contained file.
            copy.execute("PRAGMA journal_mode=DELETE")

    def contents(self, path: Path) -> BackupContents:
        try:
            with closing(_read_only(path)) as backup:
                if backup.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise BackupError(_("%(path)s is a damaged SQLite database", path=path))
                tables = frozenset(
                    name
                    for (name,) in backup.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                    )
                )
                if VERSION_TABLE not in tables:
                    raise BackupError(
                        _("%(path)s is a SQLite database but not a CARTIF LMS backup", path=path)
                    )
                row = backup.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(
                _("%(path)s cannot be read as a SQLite backup: %(error)s", path=path, error=error)
            ) from error
        if row is None:
            raise BackupError(
                _("%(path)s has no schema revision; it is not a complete backup", path=path)
            )
        return BackupContents(row[0], tables)

    def tables(self, url: URL) -> set[str]:
        path = _sqlite_path(url)
        # Not connecting to a missing file: that would create it, and a refused restore should
        # leave nothing behind.
        if not path.is_file() or path.stat().st_size == 0:
            return set()
        with closing(sqlite3.connect(path, timeout=30)) as live:
            query = (
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            return {name for (name,) in live.execute(query)}

    def load(self, url: URL, path: Path, contents: BackupContents) -> None:
        target = _sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with (
                closing(_read_only(path)) as backup,
                closing(sqlite3.connect(target, timeout=30)) as live,
            ):
                # One step (pages=-1) under the live database's write lock: atomic for readers.
                backup.backup(live)
        except sqlite3.Error as error:
            raise BackupError(
                _("restore failed, the database is unchanged: %(error)s", error=error)
            ) from error


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError(_("only a SQLite database in a file can be backed up or restored"))
    return Path(url.database)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


#: A table in pg_restore's table of contents: "215; 1259 16390 TABLE public lms_user owner".
_TABLE_ENTRY = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+)(?: |$)", re.M)


#: Every table outside the system schemas, as "schema.name".
_USER_TABLES = text(
    "SELECT table_schema || '.' || table_name FROM information_schema.tables"
    " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
)


class PostgresKind:
    """A backup is a pg_dump archive in the custom format, restored with pg_restore."""

    name = "PostgreSQL"
    magic = b"PGDMP"

    def dump(self, url: URL, target: Path) -> None:
        _run(url, "pg_dump", "--format=custom", f"--file={target}", f"--dbname={_conninfo(url)}")

    def contents(self, path: Path) -> BackupContents:
        listing = _run(None, "pg_restore", "--list", str(path))
        tables = frozenset(f"{schema}.{name}" for schema, name in _TABLE_ENTRY.findall(listing))
        version = next((t for t in tables if t.endswith(f".{VERSION_TABLE}")), None)
        if version is None:
            raise BackupError(
                _("%(path)s is a pg_dump archive but not a CARTIF LMS backup", path=path)
            )
        script = _run(
            None, "pg_restore", "--data-only", f"--table={VERSION_TABLE}", "--file=-", str(path)
        )
        rows = re.search(r"^COPY [^\n]* FROM stdin;\n(.*?)^\\\.$", script, re.M | re.S)
        revision = rows.group(1).strip() if rows else ""
        if not revision:
            raise BackupError(
                _("%(path)s has no schema revision; it is not a complete backup", path=path)
            )
        return BackupContents(revision, tables)

    def tables(self, url: URL) -> set[str]:
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                return set(connection.scalars(_USER_TABLES))
        except OperationalError as error:
            reason = str(error.orig or error).strip().splitlines()[0]
            raise BackupError(
                _("cannot connect to the database: %(reason)s", reason=reason)
            ) from error
        finally:
            engine.dispose()

    def load(self, url: URL, path: Path, contents: BackupContents) -> None:
        # LMS tables a later migration added would survive --clean, and block that migration
        # when it runs again; they are gone after a restore on SQLite too.
        leftovers = sorted(
            t for t in self.tables(url) - contents.tables if t.split(".")[-1].startswith("lms_")
        )
        try:
            _restore(url, path)
        except BackupError as error:
            raise BackupError(
                _("restore failed, the database is unchanged: %(error)s", error=error)
            ) from error
        if leftovers:
            _drop_tables(url, leftovers)


def _restore(url: URL, path: Path) -> None:
    """Run pg_restore in a single transaction: it replaces every object the archive holds."""
    _run(
        url,
        "pg_restore",
        # Owners and grants name roles that may not exist on this server; the restored
        # objects belong to the user of LMS_DATABASE_URL.
        "--no-owner",
        "--no-privileges",
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={_conninfo(url)}",
        str(path),
    )


def _drop_tables(url: URL, tables: list[str]) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE {', '.join(map(_quote_qualified, tables))}"))
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        raise BackupError(
            _(
                "restored, but the tables the backup does not have (%(tables)s) could not be"
                " dropped: %(reason)s",
                tables=", ".join(tables),
                reason=reason,
            )
        ) from error
    finally:
        engine.dispose()


def _conninfo(url: URL) -> str:
    """A libpq connection string for ``url`` without its password (argv is visible to all)."""
    parts = {
        "host": url.host,
        "port": url.port,
        "user": url.username,
        "dbname": url.database,
    }
    for key, value in url.query.items():
        parts[key] = ",".join(value) if isinstance(value, tuple) else value
    return " ".join(f"{key}={_quote(str(value))}" for key, value in parts.items() if value)


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _quote_qualified(name: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split(".", 1))


def _run(url: URL | None, program: str, *args: str) -> str:
    """Run a PostgreSQL client program; its output, or BackupError with its first error line."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            _("%(program)s not found; install the PostgreSQL client programs", program=program)
        )
    env = dict(os.environ)
    if url is not None and url.password:
        env["PGPASSWORD"] = str(url.password)
    done = subprocess.run(
        # --no-password: fail at once rather than wait for a prompt nobody answers (cron).
        [executable, "--no-password", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            _(
                "%(program)s failed: %(reason)s",
                program=program,
                reason=_reason(program, done.stderr),
            )
        )
    return done.stdout


def _reason(program: str, stderr: str) -> str:
    """The line of a client program's messages that says what went wrong."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    # pg_restore may open with context ("while PROCESSING TOC:") before the error itself.
    line = next((line for line in lines if "error:" in line), lines[0] if lines else "no message")
    return " ".join(line.removeprefix(f"{program}: ").removeprefix("error: ").split())


#: The kinds of database the LMS can back up, by SQLAlchemy backend name.
KINDS: dict[str, DatabaseKind] = {"sqlite": SQLiteKind(), "postgresql": PostgresKind()}
