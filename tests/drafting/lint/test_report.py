"""The whole analysis, its JSON report and its speed (``lint.report``)."""

from __future__ import annotations

import time

import pytest

from cartif_lms.drafting.lint import (
    MAX_DRAFT_BYTES,
    MODAL_KEYS,
    Analysis,
    LongSentence,
    analyse,
    bracketed_passages,
    broken_references,
    check_brackets,
    defined_terms,
    long_sentences,
    modal_verbs,
)
from tests.drafting.lint.drafts import DRAFTS, draft, words

# --- The whole analysis and its JSON ----------------------------------------------------------


def test_the_clean_transit_article_has_no_problems():
    analysis = analyse(draft("transit_clean.txt"))
    assert analysis.has_blocking_problems is False
    assert analysis.to_json() == {
        "brackets": {"balanced": True, "count": 5, "unclosed": [], "unmatched": []},
        "modals": {
            "shall": 3,
            "shall not": 1,
            "must": 0,
            "must not": 1,
            "may": 1,
            "may not": 0,
            "should": 1,
            "will": 1,
            "endeavour": 2,
        },
        "defined_terms": {"unused": [], "undefined": []},
        "broken_references": [],
        "long_sentences": [],
    }
    assert analysis.brackets.max_depth == 2
    assert [p.attribution for p in analysis.passages if p.attribution] == [("KZ",), ("AZ", "GE")]


def test_to_json_has_exactly_the_public_shape():
    report = analyse(
        draft("brackets_unbalanced.txt") + "\n" + draft("definitions.txt") + draft("references.txt")
    ).to_json()
    assert list(report) == [
        "brackets",
        "modals",
        "defined_terms",
        "broken_references",
        "long_sentences",
    ]
    assert list(report["brackets"]) == ["balanced", "count", "unclosed", "unmatched"]
    assert list(report["modals"]) == list(MODAL_KEYS)
    assert list(report["defined_terms"]) == ["unused", "undefined"]
    assert report["brackets"]["unclosed"] == [{"line": 5, "col": 4}]
    assert report["brackets"]["unmatched"] == [{"line": 4, "col": 75}]
    assert report["broken_references"] == [{"line": 21, "ref": "Article 12"}]
    assert report["long_sentences"] == [{"line": 22, "words": 71}]
    assert all(isinstance(n, int) for n in report["modals"].values())


def test_fixtures_through_analyse():
    unbalanced = analyse(draft("brackets_unbalanced.txt"))
    assert unbalanced.has_blocking_problems is True
    assert unbalanced.to_json()["brackets"] == {
        "balanced": False,
        "count": 1,
        "unclosed": [{"line": 5, "col": 4}],
        "unmatched": [{"line": 4, "col": 75}],
    }
    definitions = analyse(draft("definitions.txt"))
    assert definitions.has_blocking_problems is False  # term problems are warnings
    assert definitions.to_json()["defined_terms"] == {
        "unused": ["perishable goods"],
        "undefined": ["Enquiry Point"],
    }
    references = analyse(draft("references.txt"))
    assert references.has_blocking_problems is True
    assert references.to_json()["broken_references"] == [{"line": 4, "ref": "Article 12"}]
    assert references.to_json()["long_sentences"] == [{"line": 5, "words": 71}]


def test_blocking_problems_are_unbalanced_brackets_or_broken_references():
    assert analyse("Article 1\n1. Fine.").has_blocking_problems is False
    assert analyse("Article 1\n1. Not [fine.").has_blocking_problems is True
    assert analyse("Article 1\n1. Not fine].").has_blocking_problems is True
    assert analyse("Article 1\n1. See Article 2.").has_blocking_problems is True
    assert analyse(f"Article 1\n1. {words(90)}.").has_blocking_problems is False


def test_analyse_bundles_every_check():
    text = draft("definitions.txt")
    analysis = analyse(text)
    assert isinstance(analysis, Analysis)
    assert analysis.brackets == check_brackets(text)
    assert analysis.passages == bracketed_passages(text)
    assert analysis.modals == modal_verbs(text)
    assert analysis.defined_terms == defined_terms(text)
    assert analysis.broken_references == broken_references(text)
    assert analysis.long_sentences == long_sentences(text)
    assert analyse(words(30), long_sentence_limit=20).long_sentences == [LongSentence(1, 30)]


def test_crlf_text_gives_the_same_analysis_as_lf_text():
    text = draft("references.txt") + draft("brackets_unbalanced.txt")
    assert analyse(text.replace("\n", "\r\n")) == analyse(text)


def test_a_200_kb_draft_is_analysed_quickly():
    parts = [draft(name) for name in sorted(p.name for p in DRAFTS.glob("*.txt"))]
    text, n = "", 0
    while len(text.encode()) < MAX_DRAFT_BYTES - 2000:
        n += 1  # renumber the articles so that the draft has hundreds of them
        text += "\n".join(part.replace("Article ", f"Article {n}0") for part in parts)
    started = time.perf_counter()
    analysis = analyse(text)
    # A quadratic path would take minutes at this size; the bound leaves room for a busy CI.
    assert time.perf_counter() - started < 10
    assert len(text.encode()) > MAX_DRAFT_BYTES - 6000
    assert analysis.brackets.count >= 6 * n  # five in the clean article, one in the other
    assert len(analysis.long_sentences) == n


@pytest.mark.parametrize(
    "text",
    [
        "[" * MAX_DRAFT_BYTES,
        "[" * (MAX_DRAFT_BYTES // 2) + "]" * (MAX_DRAFT_BYTES // 2),
        "[ / " * (MAX_DRAFT_BYTES // 4),
        "Article 1\nDefinitions\n" + '"a" means b; ' * (MAX_DRAFT_BYTES // 13),
        "Article 1\nArticles " + "5, " * (MAX_DRAFT_BYTES // 3),
        "It is " + "Aa " * (MAX_DRAFT_BYTES // 3),
    ],
    ids=["unclosed", "nested", "slashes", "definitions", "references", "capitals"],
)
def test_pathological_drafts_are_not_quadratic(text):
    started = time.perf_counter()
    analyse(text)
    # A quadratic path would take minutes at this size; the bound leaves room for a busy CI.
    assert time.perf_counter() - started < 10
