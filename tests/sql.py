"""Recording the SQL statements a served app runs, for tests that hold a page's cost constant
or check which connection wrote."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import event


@dataclass(frozen=True)
class Statement:
    connection: int  #: which database connection ran it
    sql: str


@contextmanager
def recorded_statements(server: Flask) -> Iterator[list[Statement]]:
    """Every SQL statement the served app runs inside the block, with its connection."""
    seen: list[Statement] = []

    def note(conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(Statement(id(conn.connection.dbapi_connection), sql))

    engine = server.extensions["cartif_lms"].engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)
