"""What is accepted as a draft: uploaded bytes and form text, checked and normalised alike.

Text is kept with CRLF and CR line ends normalised to LF and a leading byte-order mark removed,
so that line and column numbers match what an editor shows. Every check normalises its input
the same way (``normalise``), so a caller may pass raw text too.
"""

from __future__ import annotations

import math

__all__ = ["MAX_DRAFT_BYTES", "DraftRejected", "check_draft_text", "decode_draft", "normalise"]

#: The largest draft accepted, in bytes of UTF-8.
MAX_DRAFT_BYTES = 200 * 1024

_MAX_KB = MAX_DRAFT_BYTES // 1024


class DraftRejected(ValueError):
    """A draft that cannot be analysed; the message is one line, fit to show to the user."""


def _too_large(size: int) -> DraftRejected:
    return DraftRejected(
        f"The draft is larger than {_MAX_KB} KB ({math.ceil(size / 1024)} KB); "
        f"split it into parts of at most {_MAX_KB} KB."
    )


def normalise(text: str) -> str:
    """``text`` without a leading byte-order mark, every line ending in LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_draft(data: bytes) -> str:
    """The text of an uploaded draft: UTF-8, BOM stripped, line ends normalised to LF.

    Raises ``DraftRejected`` for a draft that is too large, binary, not UTF-8 or empty.
    """
    if len(data) > MAX_DRAFT_BYTES:
        raise _too_large(len(data))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftRejected("The draft is encoded as UTF-16; save it as UTF-8 and try again.")
    if b"\x00" in data:
        raise DraftRejected(
            "The draft is a binary file, not text (it contains NUL bytes); "
            "upload a plain-text file."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DraftRejected(
            f"The draft is not valid UTF-8 (byte 0x{data[error.start]:02X} on line {line}); "
            "save it as UTF-8 and try again."
        ) from None
    text = normalise(text)
    if not text.strip():
        raise DraftRejected("The draft is empty.")
    return text


def check_draft_text(text: str) -> str:
    """Text typed or pasted into a form, checked like an upload and normalised the same way."""
    text = normalise(text)
    if not text.strip():
        raise DraftRejected("The draft is empty.")
    if "\x00" in text:
        raise DraftRejected("The draft contains NUL characters; paste plain text.")
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as error:
        line = text.count("\n", 0, error.start) + 1
        raise DraftRejected(f"The draft contains an invalid character on line {line}.") from None
    if size > MAX_DRAFT_BYTES:
        raise _too_large(size)
    return text
