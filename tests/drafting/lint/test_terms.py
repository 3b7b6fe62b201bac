"""Defined terms: unused ones and undefined look-alikes (``lint.terms``)."""

from __future__ import annotations

import pytest

from cartif_lms.drafting.lint import defined_terms
from tests.drafting.lint.drafts import P, draft

# --- Defined terms ----------------------------------------------------------------------------


def test_fixture_with_an_unused_and_an_undefined_term():
    terms = defined_terms(draft("definitions.txt"))
    assert terms.defined == {
        "customs authority": P(4, 6),
        "goods in transit": P(5, 6),
        "perishable goods": P(6, 6),
    }
    assert terms.unused == ["perishable goods"]
    assert terms.undefined == ["Enquiry Point"]


@pytest.mark.parametrize(
    "heading",
    [
        "Article 1\nDefinitions",
        "Article 1\n\nDefinitions",
        "Article 2: Definitions",
        "ARTICLE 2 - DEFINITIONS",
        "Article 1\nDefinitions and Scope",
        "[Article 2 bis: Definitions",
    ],
)
def test_a_definitions_article_by_its_heading_or_title(heading):
    text = f'{heading}\n(a) "fee" means a charge.\nArticle 3\nA fee is due.'
    assert defined_terms(text).defined == {"fee": P(text.count("\n", 0, text.index("fee")) + 1, 6)}


@pytest.mark.parametrize(
    "text",
    [
        'Article 1\nScope\n(a) "fee" means a charge.\nA fee is due.',
        'Article 1\nThe definitions in Article 2 apply; "fee" means a charge.\nA fee.',
        '"fee" means a charge.\nA fee is due.',  # no article at all
    ],
)
def test_quoted_terms_outside_a_definitions_article_are_not_defined_there(text):
    assert defined_terms(text).defined == {}


@pytest.mark.parametrize(
    "definition",
    [
        '"fee" means a charge',
        "\u201cfee\u201d means a charge",
        '"fee" includes a charge',
        '"fee" shall mean a charge',
        '" fee " means a charge',
        '"fee", means a charge',
    ],
)
def test_forms_of_a_definition(definition):
    text = f"Article 1\nDefinitions\n{definition}.\nArticle 2\nTransit\nA fee is due."
    terms = defined_terms(text)
    assert list(terms.defined) == ["fee"]
    assert terms.unused == []


def test_two_quoted_terms_for_one_definition_are_both_defined():
    text = 'Article 1\nDefinitions\n"Enquiry Point" or "Contact Point" means an office.\nEnd.'
    terms = defined_terms(text)
    assert terms.defined == {"Enquiry Point": P(3, 2), "Contact Point": P(3, 21)}
    assert terms.unused == ["Contact Point", "Enquiry Point"]


def test_a_term_used_only_in_its_own_definition_is_unused():
    text = (
        "Article 1\nDefinitions\n"
        '(a) "transit" means the passage of goods in transit;\n'
        '(b) "fee" means a charge.\n'
        "Article 2\nScope\nA fee is due."
    )
    assert defined_terms(text).unused == ["transit"]


def test_a_use_in_another_definition_counts():
    text = (
        "Article 1\nDefinitions\n"
        '(a) "fee" means a charge;\n'
        '(b) "transit fee" means a fee for transit.\n'
        "Article 2\nScope\nIt applies."
    )
    assert defined_terms(text).unused == ["transit fee"]


def test_the_use_of_a_defined_term_elsewhere_in_the_definitions_article_counts():
    text = (
        "Article 1\nDefinitions\n"
        '1. "fee" means a charge;\n'
        "2. No fee shall be due under this Article."
    )
    assert defined_terms(text).unused == []


def test_uses_are_case_sensitive_whole_words_quoted_or_not():
    base = 'Article 1\nDefinitions\n"fee" means a charge.\nArticle 2\nRules\n'
    assert defined_terms(base + "The Fee is due.").unused == ["fee"]
    assert defined_terms(base + "The fees are due.").unused == ["fee"]
    assert defined_terms(base + "The feeder is due.").unused == ["fee"]
    assert defined_terms(base + 'The "fee" is due.').unused == []
    assert defined_terms(base + "The fee, is due.").unused == []
    assert defined_terms(base + "(fee)").unused == []


def test_a_multi_word_term_is_used_across_a_line_break():
    text = (
        'Article 1\nDefinitions\n"goods in transit" means goods.\nArticle 2\nAll goods in\ntransit.'
    )
    assert defined_terms(text).unused == []


def test_quoted_terms_outside_the_definitions_article_are_undefined_unless_defined():
    text = (
        "Article 1\nDefinitions\n"
        '"fee" means a charge.\n'
        "Article 2\nRules\n"
        '1. A "fee" and a "charge" are due, and \u201ctransit fee\u201d too.\n'
        '2. For this Article, "levy" means a tax; a levy is due.\n'
        '3. Replace "shall, where appropriate, notify" with a "very long name of a thing here".\n'
    )
    assert defined_terms(text).undefined == ["charge", "transit fee"]


def test_quoted_terms_inside_the_definitions_article_are_not_undefined():
    text = 'Article 1\nDefinitions\n"fee" means a charge, and the "levy" too.\nA fee.'
    assert defined_terms(text).undefined == []


DEFINITIONS = 'Article 1\nDefinitions\n"fee" means a charge.\nArticle 2\nRules\n'


@pytest.mark.parametrize(
    ("sentence", "undefined"),
    [
        ("Each Party shall notify its Enquiry Point.", ["Enquiry Point"]),
        ("The Customs Authority shall act.", ["Customs Authority"]),  # "The" opens it
        ("1. Customs Authorities shall act.", []),  # the run opens a sentence
        ("(a) Customs Authorities act.", []),
        ("It acts. Customs Authorities act.", []),
        ("[KZ: Customs Authorities act.]", []),
        ("[a / Customs Authorities act]", []),
        ("1. The Single Window Operator acts.", ["Single Window Operator"]),
        ("It acts with the Border Agency's staff.", ["Border Agency"]),
        ("The staff of the Sub-Committee Secretariat act.", ["Sub-Committee Secretariat"]),
        ("It informs the Joint Committee of the Parties.", ["Joint Committee"]),
        (
            "It informs the Customs Authority and Border Agency.",
            ["Border Agency", "Customs Authority"],
        ),
        ("It informs Georgia and the Single Window.", ["Single Window"]),
        ("It applies the Trade Facilitation Agreement.", []),
        ("It notifies the World Trade Organization.", []),
        ("It notifies the Committee on Trade Facilitation.", []),
        ("It notifies the Ministry of Foreign Affairs.", []),
        ("It informs the Kyrgyz Republic.", []),
        ("It applies from May Twenty.", []),
        ("It informs the Requesting Party.", []),
        ("It applies Annex Two and Part Three.", []),
        ("It notifies the Vienna Convention on the Law of Treaties.", []),
        ("It notifies the Customs.", []),  # a single word is not reported
        ("It notifies the CAREC Secretariat.", []),
        ("It notifies Aa Bb Cc Dd Ee Ff Gg Hh Ii.", []),  # nine words: a name, not a term
        ("It notifies Aa Bb Cc Dd Ee Ff Gg Hh.", ["Aa Bb Cc Dd Ee Ff Gg Hh"]),
    ],
)
def test_capitalised_runs_that_look_like_defined_terms(sentence, undefined):
    assert defined_terms(DEFINITIONS + sentence).undefined == undefined


def test_heading_lines_are_not_searched_for_terms():
    text = DEFINITIONS + 'Article 3: Single Window Operations\nArticle 4\nEnquiry Point Duties\n"x"'
    assert defined_terms(text).undefined == ["x"]


def test_runs_that_are_or_contain_defined_terms_are_not_undefined():
    text = (
        "Article 1\nDefinitions\n"
        '"Authorized Economic Operator" means a trader;\n'
        '"Customs Authority of a Party" means an authority.\n'
        "Article 2\nRules\n"
        "It applies the Authorized Economic Operator Programme and informs the Customs Authority."
    )
    assert defined_terms(text).undefined == []


def test_without_a_definitions_article_nothing_is_undefined():
    text = 'Article 7\nTransit\n1. The Customs Authority treats "goods in transit" alike.'
    assert defined_terms(text).undefined == []
    assert defined_terms(text).defined == {}
    assert defined_terms(text).unused == []


def test_term_lists_are_sorted():
    text = (
        "Article 1\nDefinitions\n"
        '"zeta" means z; "alpha" means a; "Mid" means m.\n'
        "Article 2\nRules\n"
        'It uses "yak", "bee" and the Zulu Point and the Alpha Point.'
    )
    terms = defined_terms(text)
    assert terms.unused == ["Mid", "alpha", "zeta"]
    assert terms.undefined == ["Alpha Point", "Zulu Point", "bee", "yak"]
