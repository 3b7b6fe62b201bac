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
    tie (an id), or rows would move between pages."""
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    at = clamp(page, total, size)
    rows = db.session.scalars(stmt.limit(size).offset((at - 1) * size))
    return Page(list(rows), total, at, size)
