"""Cross-references to articles, paragraphs and subparagraphs (``lint.references``)."""

from __future__ import annotations

import pytest

from cartif_lms.drafting.lint import LongSentence, Reference, broken_references, long_sentences
from tests.drafting.lint.drafts import draft

# --- Cross-references -------------------------------------------------------------------------

STRUCTURE = """\
Article 1
Scope
1. This Agreement applies to transit.
2. It applies:
(a) to goods;
(b) to vessels.
Article 2: Transit
1. Each Party shall accord freedom of transit.
Article V
Publication
1. Each Party shall publish.
[Article 5 bis
Guarantees
1. A guarantee may be required.]
Article 6
Notification
"""


def refs(line: str) -> list[str]:
    return [r.ref for r in broken_references(STRUCTURE + line)]


@pytest.mark.parametrize(
    "reference",
    [
        "Article 1",
        "Article 2",
        "Article V",
        "Article 5 bis",
        "Art. 2",
        "Articles 1 and 2",
        "Articles 1, 2 and V",
        "Articles 1 to 6",
        "Article 1(2)",
        "Article 1(2)(b)",
        "Article 1.2",
        "Article 1, paragraph 2",
        "Article 1, paragraph 2(a)",
        "paragraph 1 of Article 2",
        "paragraph 2(b) of Article 1",
        "paragraphs 1 and 2 of Article 1",
        "subparagraph (b) of paragraph 2 of Article 1",
        "Article 9 of the TFA",
        "Article 11 of TFA",
        "Article XX of the GATT 1994",
        "GATT Article XXIV",
        "GATT 1994 Article XXIV",
        "TFA Article 7",
        "Article 7 TFA",
        "Article 31 of the Vienna Convention",
        "paragraph 9 of Article 7 of the TFA",
        "Article 3 of Annex 2",
        "Article 1 of this Agreement",
    ],
)
def test_references_that_resolve_or_point_elsewhere_are_not_broken(reference):
    assert refs(f"1. As set out in {reference}, it applies.") == []


@pytest.mark.parametrize(
    ("reference", "broken"),
    [
        ("Article 9", ["Article 9"]),
        ("Article VI", ["Article VI"]),
        ("Article 5", ["Article 5"]),  # there is only an Article 5 bis
        ("Article 5 ter", ["Article 5 ter"]),
        ("Art. 9", ["Art. 9"]),
        ("Article 9 of this Agreement", ["Article 9"]),
        ("Article 9 of Chapter 2", ["Article 9"]),
        ("Articles 1, 2 and 9", ["Article 9"]),
        ("Articles 8 and 9", ["Article 8", "Article 9"]),
        ("Article 1(3)", ["Article 1(3)"]),
        ("Article 1(2)(c)", ["Article 1(2)(c)"]),
        ("Article 1.3", ["Article 1.3"]),
        ("Article 2(2)", ["Article 2(2)"]),
        ("Article 1, paragraph 3", ["Article 1, paragraph 3"]),
        ("paragraph 2 of Article 2", ["paragraph 2 of Article 2"]),
        ("paragraph 1 of Article 9", ["paragraph 1 of Article 9"]),
        ("paragraph 2(c) of Article 1", ["paragraph 2(c) of Article 1"]),
        ("paragraphs 1 and 3 of Article 1", ["paragraph 3 of Article 1"]),
        (
            "subparagraph (c) of paragraph 2 of Article 1",
            ["subparagraph (c) of paragraph 2 of Article 1"],
        ),
        ("Article 2, paragraph 1 of Article 9", ["paragraph 1 of Article 9"]),
    ],
)
def test_broken_references(reference, broken):
    assert refs(f"1. As set out in {reference}, it applies.") == broken


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("1. See paragraph 1.", []),
        ("1. See paragraph 2.", ["paragraph 2"]),
        ("1. See Paragraph 2.", ["Paragraph 2"]),
        ("1. See paragraph 1 of this Article.", []),
        ("1. See paragraph 3 of this Article.", ["paragraph 3 of this Article"]),
        ("1. See paragraphs 1 and 4.", ["paragraph 4"]),
        ("1. See paragraph 2 of Annex 1.", []),  # not resolvable here
        ("1. See paragraph 2 of the Protocol.", []),
        ("1. See subparagraph (a).\n(a) goods.", []),
        ("1. See subparagraph (b).\n(a) goods.", ["subparagraph (b)"]),
        ("1. See sub-paragraph (b).\n(a) goods.", ["sub-paragraph (b)"]),
        ("1. See subparagraphs (a) and (b).\n(a) goods.", ["subparagraph (b)"]),
        ("1. See subparagraph 1(a).\n(a) goods.", []),
        ("1. See subparagraph 1(b).\n(a) goods.", ["subparagraph 1(b)"]),
        ("1. See subparagraph (a) of paragraph 1.\n(a) goods.", []),
        (
            "1. x\n(a) goods.\n2. See subparagraph (a) of paragraph 2.",
            ["subparagraph (a) of paragraph 2"],
        ),
    ],
)
def test_bare_paragraph_references_are_to_the_current_article(text, broken):
    # In Article 6, which has no paragraphs until the text below adds them.
    assert refs(text) == broken


def test_paragraph_references_outside_any_article_are_not_checked():
    text = "Preamble: see paragraph 9 and subparagraph (z).\nArticle 1\n1. Text."
    assert broken_references(text) == []


def test_references_report_their_line():
    text = STRUCTURE + "1. See Article 1.\n2. See\nArticle 9 and Article 8.\n"
    assert broken_references(text) == [Reference(19, "Article 9"), Reference(19, "Article 8")]


def test_references_in_headings_and_titles_are_checked():
    text = "Article 4: Relation to Article 8\nArticle 5\nRelation to Article 9\n[Article 6 bis\n"
    assert broken_references(text) == [Reference(1, "Article 8"), Reference(3, "Article 9")]


def test_a_text_without_article_headings_has_nothing_to_resolve_against():
    assert broken_references("1. As set out in Article 9 and paragraph 4, it applies.") == []


def test_dotted_article_numbers_are_articles_or_paragraphs():
    text = "Article 5.2: Customs\n1. Text.\n2. See Article 5.2, Article 5.3 and paragraph 1.\n"
    assert [r.ref for r in broken_references(text)] == ["Article 5.3"]


def test_fixture_with_a_broken_reference_and_a_long_sentence():
    text = draft("references.txt")
    assert broken_references(text) == [Reference(4, "Article 12")]
    assert long_sentences(text) == [LongSentence(5, 71)]
