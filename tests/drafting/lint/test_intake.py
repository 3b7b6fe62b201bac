"""What is accepted as a draft: uploads and form text (``lint.intake``)."""

from __future__ import annotations

import pytest

from cartif_lms.drafting.lint import MAX_DRAFT_BYTES, DraftRejected, check_draft_text, decode_draft

# --- Input checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_an_empty_draft_is_rejected(data):
    with pytest.raises(DraftRejected, match=r"^The draft is empty\.$"):
        decode_draft(data)


def test_a_draft_over_200_kb_is_rejected_with_its_size():
    assert decode_draft(b"a" * MAX_DRAFT_BYTES) == "a" * MAX_DRAFT_BYTES
    with pytest.raises(DraftRejected) as error:
        decode_draft(b"a" * (MAX_DRAFT_BYTES + 1))
    assert str(error.value).startswith("The draft is larger than 200 KB (201 KB); split it")
    with pytest.raises(DraftRejected, match=r"\(300 KB\)"):
        decode_draft(b"a" * 300 * 1024)


def test_a_binary_draft_is_rejected():
    with pytest.raises(DraftRejected, match="binary file"):
        decode_draft(b"\x89PNG\r\n\x1a\n\0\0\0binary")


def test_a_utf16_draft_is_rejected_with_advice():
    with pytest.raises(DraftRejected, match="UTF-16"):
        decode_draft("Article 1".encode("utf-16"))


def test_a_draft_that_is_not_utf8_is_rejected_with_the_line_of_the_bad_byte():
    with pytest.raises(DraftRejected) as error:
        decode_draft("Article 1\nScope\nThe caf\u00e9 applies.".encode("latin-1"))
    assert str(error.value) == (
        "The draft is not valid UTF-8 (byte 0xE9 on line 3); save it as UTF-8 and try again."
    )


def test_rejection_messages_are_one_line_value_errors():
    for data in [b"", b"a" * (MAX_DRAFT_BYTES + 1), b"a\0", b"\n\n\xff", b"\xff\xfea\0"]:
        with pytest.raises(DraftRejected) as error:
            decode_draft(data)
        assert isinstance(error.value, ValueError)
        assert "\n" not in str(error.value)
        assert str(error.value).endswith(".")


def test_decoding_strips_the_bom_and_normalises_line_ends():
    assert decode_draft(b"\xef\xbb\xbfArticle 1\r\nScope\rText\n") == "Article 1\nScope\nText\n"
    assert (
        decode_draft("Caf\u00e9 [KZ: \u201cfee\u201d]".encode())
        == "Caf\u00e9 [KZ: \u201cfee\u201d]"
    )


def test_form_text_is_normalised_like_an_upload():
    assert check_draft_text("\ufeffArticle 1\r\nScope\rText") == "Article 1\nScope\nText"


@pytest.mark.parametrize("text", ["", "   ", "\r\n\t", "\ufeff"])
def test_empty_form_text_is_rejected(text):
    with pytest.raises(DraftRejected, match=r"^The draft is empty\.$"):
        check_draft_text(text)


def test_form_text_is_measured_in_utf8_bytes():
    assert check_draft_text("\u00e9" * (MAX_DRAFT_BYTES // 2)) == "\u00e9" * (MAX_DRAFT_BYTES // 2)
    with pytest.raises(DraftRejected, match=r"larger than 200 KB \(201 KB\)"):
        check_draft_text("\u00e9" * (MAX_DRAFT_BYTES // 2 + 1))  # fewer characters than bytes


def test_form_text_with_crlf_is_measured_after_normalising():
    text = "a\r\n" * (MAX_DRAFT_BYTES // 2)  # 300 KB as sent, 200 KB as kept
    assert len(check_draft_text(text)) == MAX_DRAFT_BYTES


def test_form_text_with_invalid_characters_is_rejected():
    with pytest.raises(DraftRejected, match="line 2"):
        check_draft_text("Article 1\nBad \ud800 character")
    with pytest.raises(DraftRejected, match="NUL"):
        check_draft_text("a\0b")
