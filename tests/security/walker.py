"""Helpers for walking every route: sample URLs from ``app.url_map``, the forms a page shows,
the query and form names a view reads, and hostile values to put in all of them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, ClassVar
from urllib.parse import quote_from_bytes, urlsplit

from flask import Flask, Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import Rule

#: Raw bytes, so a test decides exactly what reaches the server (the test client would
#: otherwise re-encode or replace them).
NUL, SURROGATE = b"a\x00b", b"\xed\xa0\x80"  # U+D800 as UTF-8 would spell it: not UTF-8
HUGE, PAST_64_BITS, PAST_32_BITS = (str(n).encode() for n in (2**70, 2**63, 2**31))
LARGEST_ID = str(2**31 - 1).encode()  # ids are 32-bit on PostgreSQL
LONG, CRLF, UNICODE = b"A" * 5000, b"\r\nSet-Cookie: stolen=1", "\u00c4\u20ac\u202e".encode()

#: For path variables: ids past any row, past 64 bits, negative; text that is not text.
HOSTILE_PATH: tuple[bytes, ...] = (
    NUL,
    SURROGATE,
    HUGE,
    PAST_64_BITS,
    LARGEST_ID,
    PAST_32_BITS,
    b"-1",
    b"0",
    LONG,
    CRLF,
    UNICODE,
    b"' OR 1=1",
)
#: For query values: the same, and numbers a view may parse, and redirect targets.
HOSTILE_QUERY: tuple[bytes, ...] = (
    NUL,
    SURROGATE,
    HUGE,
    LARGEST_ID,
    PAST_32_BITS,
    b"-1",
    b"0",
    b"NaN",
    LONG,
    CRLF,
    UNICODE,
    b"//evil.example/",
    b"/\\evil.example",
    b"https://evil.example/",
    b"[]",
    b"",
)
#: For form fields: the same, and dates out of range or not in the calendar.
HOSTILE_FORM: tuple[bytes, ...] = (
    NUL,
    SURROGATE,
    HUGE,
    PAST_64_BITS,
    PAST_32_BITS,
    b"-1",
    b"0",
    b"1e309",
    b"NaN",
    LONG,
    CRLF,
    UNICODE,
    b"99999-12-31",
    b"9999-12-31",
    b"0001-01-01",
    b"2026-02-30",
    b"' OR '1'='1",
    b"[]",
    b"",
)

#: For passwords: each check costs a deliberately slow hash (scrypt, ~0.2 s), so only what
#: could break the request rather than the password.
HOSTILE_SECRET: tuple[bytes, ...] = (NUL, SURROGATE, LONG, CRLF, b"")

#: Wrong JSON: each property of a request body gets each of these, and so does the body.
HOSTILE_JSON: tuple[Any, ...] = (
    None,
    1,
    -(2**70),
    2**31,
    1.5,
    True,
    [],
    ["open"],
    {},
    {"status": "open"},
    "A" * 5000,
    "\u0000",
    "\ud800",
    "",
)


def path_bytes(rule: Rule, values: Mapping[str, bytes]) -> bytes:
    """The rule's path with ``values`` put in raw (for PATH_INFO, as a server passes it)."""
    out = b""
    for is_variable, part in rule._trace:  # Werkzeug's parsed rule: static text and variables
        if part == "|":
            continue
        out += values[part] if is_variable else part.encode()
    return out


def environ_for(path: bytes) -> dict[str, str]:
    """PATH_INFO holds the path's bytes as Latin-1 text (PEP 3333)."""
    return {"PATH_INFO": path.decode("latin-1")}


def encode_pairs(pairs: list[tuple[str, bytes]]) -> bytes:
    """A query string or form body from raw values, percent-encoded byte by byte."""
    return "&".join(
        f"{quote_from_bytes(k.encode())}={quote_from_bytes(v)}" for k, v in pairs
    ).encode()


class RecordingArgs(ImmutableMultiDict):
    """``request.args`` and ``request.form`` that note every name a view asks for."""

    seen: ClassVar[set[str]] = set()

    def __getitem__(self, key: str) -> Any:
        RecordingArgs.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            RecordingArgs.seen.add(key)
        return super().__contains__(key)

    def get(self, key: str, default: Any = None, type: Any = None) -> Any:
        RecordingArgs.seen.add(key)
        return super().get(key, default, type)

    def getlist(self, key: str, type: Any = None) -> list[Any]:
        RecordingArgs.seen.add(key)
        return super().getlist(key, type)


class RecordingRequest(Request):
    parameter_storage_class = RecordingArgs


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)  #: what a browser would send
    names: list[str] = field(default_factory=list)  #: every named control
    passwords: set[str] = field(default_factory=set)  #: the controls of type password
    buttons: list[str] = field(default_factory=list)  #: named submit buttons
    has_file: bool = False


#: What a person would type into an empty control that must be filled in.
TYPED = {
    "date": "2026-03-02",
    "number": "50",
    "password": "a long enough new password",
    "text": "sample-text",  # also a valid slug, for names that must be one
}
PROSE = "Article 1\n1. Each Party shall publish its rules.\n"


class FormParser(HTMLParser):
    """The forms of a page, with the values a browser would submit unchanged."""

    def __init__(self, page_path: str, email: str) -> None:
        super().__init__()
        self.page_path, self.email = page_path, email
        self.forms: list[Form] = []
        self._select: tuple[str, list[str], str | None] | None = None
        self._textarea: str | None = None
        self._required = False
        self._text = ""
        self._submitted: set[tuple[int, str]] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(a.get("action") or self.page_path).path
            self.forms.append(Form(action, a.get("method", "get").upper()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self._input(self.forms[-1], a)
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [], None)
        elif tag == "option" and self._select is not None:
            name, options, chosen = self._select
            options.append(a.get("value", ""))
            self._select = (name, options, a["value"] if "selected" in a else chosen)
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""
            self._required = "required" in a
        elif tag == "button" and a.get("name"):
            self._button(self.forms[-1], a["name"], a.get("value", ""))

    def _input(self, form: Form, a: dict[str, str]) -> None:
        name, kind = a["name"], a.get("type", "text").lower()
        form.names.append(name)
        if kind == "password":
            form.passwords.add(name)
        if kind == "file":
            form.has_file = True
        elif kind in {"submit", "button"}:
            self._button(form, name, a.get("value", ""))
        elif kind in {"radio", "checkbox"}:
            first_radio = kind == "radio" and all(n != name for n, _ in form.fields)
            if first_radio or (kind == "checkbox" and "checked" in a):
                form.fields.append((name, a.get("value", "on")))
        elif a.get("value") or "required" not in a:
            form.fields.append((name, a.get("value", "")))  # as shown; empty stays empty
        else:
            value = TYPED.get(kind) or (self.email if kind == "email" else TYPED["text"])
            form.fields.append((name, value))

    def _button(self, form: Form, name: str, value: str) -> None:
        # A browser sends only the button that was pressed: the first one.
        if (id(form), "button") not in self._submitted:
            self._submitted.add((id(form), "button"))
            form.fields.append((name, value or "1"))
        form.names.append(name)
        form.buttons.append(name)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self.forms:
            name, options, chosen = self._select
            real = [o for o in options if o]
            self.forms[-1].fields.append((name, chosen or (real[0] if real else "")))
            self.forms[-1].names.append(name)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self.forms:
            text = self._text.strip() or (PROSE if self._required else "")
            self.forms[-1].fields.append((self._textarea, text))
            self.forms[-1].names.append(self._textarea)
            self._textarea = None


def forms_of(html: str, page_path: str, email: str) -> list[Form]:
    parser = FormParser(page_path, email)
    parser.feed(html)
    return parser.forms


def rules_of(app: Flask) -> Iterator[tuple[Rule, str]]:
    """Every rule with every method it answers (HEAD and OPTIONS are Werkzeug's own)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method
