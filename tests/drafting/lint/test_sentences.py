"""Sentences over the limit (``lint.sentences``)."""

from __future__ import annotations

import pytest

from cartif_lms.drafting.lint import LongSentence, long_sentences
from tests.drafting.lint.drafts import words

# --- Long sentences ---------------------------------------------------------------------------


def test_a_sentence_over_the_limit_is_reported_with_its_words():
    assert long_sentences(words(61) + ".") == [LongSentence(1, 61)]
    assert long_sentences(words(60) + ".") == []


def test_the_limit_can_be_changed():
    assert long_sentences("one two three. four five.", limit=2) == [LongSentence(1, 3)]
    assert long_sentences("one two three. four five.", limit=3) == []


@pytest.mark.parametrize("end", [".", ";", "?", "!", '."', ".)", ".]"])
def test_sentence_ends(end):
    text = f"{words(40)}{end} {words(40)}."
    assert long_sentences(text) == []
    assert long_sentences(text, limit=39) == [LongSentence(1, 40), LongSentence(1, 40)]


@pytest.mark.parametrize(
    "middle",
    ["Article 5.2 applies", "e.g. this", "i.e. this", "Art. 5", "No. 5", "E.g. this", "U.N. body"],
)
def test_abbreviations_and_decimal_numbers_do_not_end_sentences(middle):
    text = f"{words(30)} {middle} {words(30)}."
    assert long_sentences(text) == [LongSentence(1, 60 + len(middle.split()))]


def test_a_full_stop_needs_white_space_or_the_end_after_it():
    assert long_sentences(f"{words(30)} a.b {words(30)}.") == [LongSentence(1, 61)]


def test_a_sentence_continues_over_lines_and_starts_where_its_first_word_is():
    text = "Short one.\n" + words(30) + "\n" + words(31) + ".\n"
    assert long_sentences(text) == [LongSentence(2, 61)]


def test_a_blank_line_ends_a_sentence():
    assert long_sentences(words(40) + "\n\n" + words(40)) == []
    assert long_sentences(words(40) + "\n" + words(40)) == [LongSentence(1, 80)]


def test_a_paragraph_number_ends_a_sentence_and_is_not_a_word():
    assert long_sentences(f"1. {words(40)}\n2. {words(40)}") == []
    assert long_sentences(f"1. {words(40)}\n(a) {words(40)}") == []
    assert long_sentences(f"[3. {words(61)}]") == [LongSentence(1, 61)]
    assert long_sentences(f"2.3 {words(60)}.\n(b)(ii) {words(60)}.") == []
    assert long_sentences(f"2.3 {words(61)}.") == [LongSentence(1, 61)]


def test_headings_are_not_sentences_and_end_the_one_before():
    title = " ".join(["Title"] * 12)
    text = f"{words(40)}\nArticle 5\n{title}\n{words(40)}."
    assert long_sentences(text, limit=45) == []  # the title is joined to neither sentence
    assert long_sentences(f"{words(40)}\nArticle 5\n{words(40)}.", limit=39) == [
        LongSentence(1, 40),
        LongSentence(3, 40),
    ]


def test_brackets_and_slashes_alone_are_not_words_but_labels_are():
    assert long_sentences(f"{words(30)} [ / ] - {words(30)}.") == []
    assert long_sentences(f"{words(30)} [KZ: {words(30)}].") == [LongSentence(1, 61)]
