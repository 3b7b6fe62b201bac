"""Database plumbing: the declarative base, one engine and session per application, migrations.

Services add and flush through :data:`session`; the request or CLI command that called them
commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from sqlalchemy import MetaData, create_engine, event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.sql.expression import Executable
from werkzeug.local import LocalProxy

from .resources import migrations_dir

EXTENSION_KEY = "cartif_lms"
VERSION_TABLE = "lms_alembic_version"

#: Stable constraint names, so Alembic diffs are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC now: what we store, because SQLite keeps no time zone."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class LMSState:
    """What the LMS keeps per application in ``app.extensions["cartif_lms"]``."""

    engine: Engine
    sessions: scoped_session[Session]
    url_prefix: str
    #: This worker's picture of the curriculum (see cartif_lms.content.snapshot).
    snapshot: Any = None
    #: Navigation links per role, country and locale (see cartif_lms.core.navigation).
    navigation: dict[Any, Any] = field(default_factory=dict)
    #: Charts this worker drew, by their figures and locale (see cartif_lms.charts.svg).
    drawn_charts: dict[Any, Any] = field(default_factory=dict)
    #: The login manager the LMS installed (None when the host had one); see auth.identity.
    login_manager: Any = None
    #: A host's signed-in user -> their LMS account (see cartif_lms.auth.identity).
    map_host_user: Any = None


def make_engine(url: str, echo: bool = False, pool_size: int = 10) -> Engine:
    options: dict[str, Any] = {"echo": echo, "future": True}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        # A connection beyond the pool is closed when returned: under load a fresh server
        # process (and its sign-in) per request, so the pool covers the worker's threads.
        options.update(pool_pre_ping=True, pool_size=pool_size)
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_app(app: Flask, url_prefix: str) -> LMSState:
    engine = make_engine(
        app.config["LMS_DATABASE_URL"],
        app.config["LMS_SQL_ECHO"],
        app.config["LMS_DATABASE_POOL_SIZE"],
    )
    sessions = scoped_session(sessionmaker(bind=engine, expire_on_commit=False))
    state = LMSState(engine=engine, sessions=sessions, url_prefix=url_prefix)
    app.extensions[EXTENSION_KEY] = state

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        sessions.remove()

    return state


def lms_state() -> LMSState:
    state: LMSState = current_app.extensions[EXTENSION_KEY]
    return state


#: The current application's database session.
session: Session = LocalProxy(lambda: lms_state().sessions())  # type: ignore[assignment]


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE in :data:`session` and say how many rows it changed.

    A conditional write (``UPDATE … WHERE status = …``) asks this to know whether it won.
    """
    return cast("CursorResult[Any]", session.execute(statement)).rowcount


def lock_row(model: Any, ident: int, key_share: bool = False) -> None:
    """Hold ``model``'s row ``ident`` until commit, so a second request doing the same waits.

    PostgreSQL locks the row (``key_share`` lets inserts that reference it through). SQLite has
    no row locks and ignores ``FOR UPDATE``, and its reads take no write lock, so two requests
    could both read a state and both act on it; there a no-op UPDATE takes the database's one
    write lock instead, and what the waiter reads after it is what the first one committed.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(model).where(model.id == ident).values(id=model.id))
    else:
        session.execute(
            select(model.id).where(model.id == ident).with_for_update(key_share=key_share)
        )


def insert_for(model: type) -> Any:
    """A Core INSERT on ``model``'s table that knows ON CONFLICT (both our databases do): the
    one upsert helper, for ``on_conflict_do_nothing`` and ``on_conflict_do_update``.

    Race-safe writes lean on it: the unique key decides which of two requests inserts. Ask
    what happened with ``.returning(...)``, not ``rowcount``: on PostgreSQL SQLAlchemy adds a
    RETURNING of its own to a single-row insert, and the rowcount then reads -1.
    """
    table = model.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("version_table", VERSION_TABLE)
    config.attributes["engine"] = engine
    return config


def migrate_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    command.upgrade(alembic_config(engine), "head")
