"""Numbered pages of a long list of people: a fixed size, OFFSET, and a page number kept in range.

The same rule as the administrators' user list: any ``?page=`` is clamped to 1..last, so an old
link, ``0``, ``-1``, ``10**30`` or ``abc`` shows a real page rather than an error; an offset
beyond 64 bits would not even bind in SQLite. The links are ``templates/_macros/pager.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import request, url_for
from sqlalchemy import Select, func, select

from . import db

T = TypeVar("T")

PAGE_SIZE = 50


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """Pages needed for ``total`` rows (one, even when there are none)."""
    return max(1, -(-total // size))


#: Beyond this page number the request is clamped by a count first, never sent as an OFFSET.
MAX_PAGE = 1_000_000


def clamp(page: int, total: int, size: int = PAGE_SIZE) -> int:
    """``page`` brought into 1..last, for ``total`` rows."""
    return min(max(1, page), page_count(total, size))


def page_link(number: int) -> str:
    """This request's address at page ``number``, keeping its filters. Path arguments win over
    a query argument of the same name, and query names that ``url_for`` reads as options
    (``_external``, ``_anchor``, ``_scheme`` ...) are dropped, so a crafted query cannot
    turn the links into something else."""
    path = request.view_args or {}
    query: dict[str, Any] = {
        name: values
        for name, values in request.args.to_dict(flat=False).items()
        if not name.startswith("_") and name not in path and name != "page"
    }
    return url_for(request.endpoint or "", **path, **query, page=number)


def requested_page() -> int:
    """The ``page`` of this request's query; 1 when missing or not a number."""
    return request.args.get("page", 1, type=int)


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its rows, the number of rows in all, and which page it is."""

    items: list[T]
    total: int
    page: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return page_count(self.total, self.size)


def page_of(stmt: Select[T], page: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``page`` (clamped) of the rows ``stmt`` selects, which must be ordered to the last
    tie (an id), or rows would move between pages. ``stmt`` must not be DISTINCT (the count is
    a window over its rows)."""
    # One query for the rows and their total (a window count); only a page past the end,
    # which has no row to carry the total, costs a second count and a re-read.
    wanted = max(1, page)
    # A page number no list reaches (a hostile ?page=10**30) would overflow the OFFSET.
    rows = _rows_and_total(stmt, wanted, size) if wanted <= MAX_PAGE else []
    if rows or wanted == 1:
        total = rows[0][1] if rows else 0
        return Page([row[0] for row in rows], total, wanted, size)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    at = clamp(page, total, size)
    rows = _rows_and_total(stmt, at, size)
    return Page([row[0] for row in rows], total, at, size)


def _rows_and_total(stmt: Select[T], page: int, size: int) -> list[Any]:
    counted = stmt.add_columns(func.count().over()).limit(size).offset((page - 1) * size)
    return list(db.session.execute(counted).all())
