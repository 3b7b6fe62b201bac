"""The analysis of treaty drafts: brackets, passages, modal verbs, defined terms, references,
long sentences, the JSON report and the input checks (pure functions, no application)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cartif_lms.content.treaty_lexer import Modal, TreatyLexer
from cartif_lms.drafting.analysis import (
    MAX_DRAFT_BYTES,
    MAX_PASSAGE_DEPTH,
    MODAL_KEYS,
    STRENGTH,
    Analysis,
    DraftRejected,
    LongSentence,
    Passage,
    Position,
    Reference,
    analyse,
    bracketed_passages,
    broken_references,
    check_brackets,
    check_draft_text,
    decode_draft,
    defined_terms,
    group_by_strength,
    long_sentences,
    modal_verbs,
)

DRAFTS = Path(__file__).resolve().parents[1] / "data" / "drafts"
P = Position


def draft(name: str) -> str:
    return decode_draft((DRAFTS / name).read_bytes())


def words(n: int, word: str = "word") -> str:
    return " ".join([word] * n)


# --- Brackets ---------------------------------------------------------------------------------


def test_balanced_brackets_are_counted_by_pairs_and_depth():
    report = check_brackets("Each Party [shall [endeavour to] / may] notify [the others].")
    assert report.balanced is True
    assert report.count == 3
    assert report.max_depth == 2
    assert report.unclosed == [] and report.unmatched == []


def test_text_without_brackets_is_balanced_with_no_pairs():
    report = check_brackets("Each Party shall notify.")
    assert (report.balanced, report.count, report.max_depth) == (True, 0, 0)


def test_each_unclosed_bracket_is_reported_where_it_opens():
    report = check_brackets(
        "1. Each Party shall [notify the other Party\n(a) of any [change / amendment"
    )
    assert report.balanced is False
    assert report.unclosed == [P(1, 21), P(2, 12)]
    assert report.unmatched == []
    assert report.count == 0
    assert report.max_depth == 2


def test_a_stray_closing_bracket_is_unmatched():
    report = check_brackets("Each Party shall ] notify.")
    assert report.balanced is False
    assert report.unmatched == [P(1, 18)]
    assert report.unclosed == []


def test_a_closing_bracket_before_its_opening_is_both_unmatched_and_unclosed():
    report = check_brackets("a ] b [ c")
    assert report.unmatched == [P(1, 3)]
    assert report.unclosed == [P(1, 7)]
    assert report.count == 0


def test_a_closing_bracket_closes_the_innermost_open_one():
    # The first "]" closes the inner "[", so the outer one is the unclosed one.
    report = check_brackets("[a [b] c")
    assert report.count == 1
    assert report.unclosed == [P(1, 1)]


def test_columns_count_characters_and_lines_follow_any_line_end():
    assert check_brackets("\t[").unclosed == [P(1, 2)]
    assert check_brackets("a\r\n\u00e9[").unclosed == [P(2, 2)]
    assert check_brackets("a\rb\r[").unclosed == [P(3, 1)]
    assert check_brackets("\ufeff[").unclosed == [P(1, 1)]


def test_fixture_with_an_unclosed_and_a_stray_bracket():
    report = check_brackets(draft("brackets_unbalanced.txt"))
    assert report.balanced is False
    assert report.count == 1
    assert report.unmatched == [P(4, 75)]
    assert report.unclosed == [P(5, 4)]


# --- Bracketed passages -----------------------------------------------------------------------


def test_passages_are_listed_in_order_with_depth_text_and_alternatives():
    text = "Each Party [shall / may] accord [that accorded to [its own goods] / like goods]."
    assert bracketed_passages(text) == [
        Passage(P(1, 12), P(1, 24), 1, "shall / may", (), ("shall", "may")),
        Passage(
            P(1, 33),
            P(1, 79),
            1,
            "that accorded to [its own goods] / like goods",
            (),
            ("that accorded to [its own goods]", "like goods"),
        ),
        Passage(P(1, 51), P(1, 65), 2, "its own goods", (), ("its own goods",)),
    ]


def test_only_slashes_at_the_passages_own_depth_split_it():
    outer, inner = bracketed_passages("[a [b / c] / d]")
    assert outer.alternatives == ("a [b / c]", "d")
    assert inner.alternatives == ("b", "c")


@pytest.mark.parametrize(
    ("text", "alternatives"),
    [
        ("[shall]", ("shall",)),
        ("[ shall  /  may / must ]", ("shall", "may", "must")),
        ("[and/or]", ("and/or",)),  # a slash without spaces is a word, not an alternative
        ("[shall /may]", ("shall /may",)),
        ("[the words / ]", ("the words", "")),  # "or nothing" is an alternative too
        ("[]", ()),
        ("[  ]", ()),
    ],
)
def test_alternatives(text, alternatives):
    assert bracketed_passages(text)[0].alternatives == alternatives


@pytest.mark.parametrize(
    ("text", "attribution", "alternatives"),
    [
        ("[KZ: Fees]", ("KZ",), ("Fees",)),
        ("[AZ, GE: Charges]", ("AZ", "GE"), ("Charges",)),
        ("[KZ and AZ: Charges]", ("KZ", "AZ"), ("Charges",)),
        ("[Proposed: AZ, GE: Charges]", ("AZ", "GE"), ("Charges",)),
        ("[Proposed: AZ, GE]", ("AZ", "GE"), ()),
        ("[Proposed by KZ: Fees]", ("KZ",), ("Fees",)),
        ("[Delegation A: Fees / Charges]", ("Delegation A",), ("Fees", "Charges")),
        ("[Chair: Fees]", ("Chair",), ("Fees",)),
        ("[KZ: shall / AZ: may]", ("KZ",), ("shall", "AZ: may")),
        ("[the following: Fees]", (), ("the following: Fees",)),
        ("[Note: to be discussed]", (), ("Note: to be discussed",)),
        ("[Drafting Note: later]", (), ("Drafting Note: later",)),
        ("[Option 1: a / Option 2: b]", (), ("Option 1: a", "Option 2: b")),
        ("[Article 5: text]", (), ("Article 5: text",)),
        ("[Proposal: text]", (), ("Proposal: text",)),
        ("[KZ:Fees]", (), ("KZ:Fees",)),  # a label is followed by a space
        ("[Fees]", (), ("Fees",)),
    ],
)
def test_attribution_from_a_leading_label(text, attribution, alternatives):
    (passage,) = bracketed_passages(text)
    assert passage.attribution == attribution
    assert passage.alternatives == alternatives
    assert passage.text == text[1:-1]  # the label stays in the text


def test_an_inner_passage_has_its_own_attribution():
    outer, inner = bracketed_passages("[KZ: Fees [AZ: and charges] / Charges]")
    assert outer.attribution == ("KZ",)
    assert inner.attribution == ("AZ",)
    assert inner.alternatives == ("and charges",)


def test_an_unclosed_passage_has_no_end_and_runs_to_the_end_of_the_text():
    first, second = bracketed_passages("1. [KZ: Fees shall\nbe [low / reasonable.\n")
    assert first == Passage(
        P(1, 4),
        None,
        1,
        "KZ: Fees shall\nbe [low / reasonable.\n",
        ("KZ",),
        ("Fees shall\nbe [low / reasonable.",),
    )
    assert second.start == P(2, 4) and second.end is None and second.depth == 2
    assert second.alternatives == ("low", "reasonable.")


def test_a_passage_spanning_lines_ends_on_its_closing_line():
    (passage,) = bracketed_passages("x [a\nbb] y")
    assert (passage.start, passage.end) == (P(1, 3), P(2, 3))


def test_stray_closing_brackets_make_no_passage():
    assert bracketed_passages("a ] b") == []


def test_passages_deeper_than_the_limit_stay_inside_their_parents():
    depth = MAX_PASSAGE_DEPTH + 4
    text = "[" * depth + "x" + "]" * depth
    passages = bracketed_passages(text)
    assert [p.depth for p in passages] == list(range(1, MAX_PASSAGE_DEPTH + 1))
    assert passages[-1].text == "[" * 4 + "x" + "]" * 4
    report = check_brackets(text)
    assert (report.count, report.max_depth) == (depth, depth)


# --- Modal verbs ------------------------------------------------------------------------------


def only(found: dict[str, list[Position]]) -> dict[str, list[Position]]:
    """The keys of ``modal_verbs`` with at least one position."""
    return {key: positions for key, positions in found.items() if positions}


@pytest.mark.parametrize(
    ("text", "key", "col"),
    [
        ("Each Party shall notify.", "shall", 12),
        ("Each Party shall not discriminate.", "shall not", 12),
        ("Each Party must notify.", "must", 12),
        ("Each Party must not discriminate.", "must not", 12),
        ("Each Party may notify.", "may", 12),
        ("Each Party may not discriminate.", "may not", 12),
        ("Each Party should notify.", "should", 12),
        ("The Parties will cooperate.", "will", 13),
        ("The Parties endeavour to notify.", "endeavour", 13),
        ("The Parties endeavor to notify.", "endeavour", 13),
        ("Each Party endeavours to notify.", "endeavour", 12),
        ("Each Party endeavors to notify.", "endeavour", 12),
        ("Each Party shall endeavour to notify.", "endeavour", 12),
        ("Each Party shall use best efforts to notify.", "endeavour", 12),
        ("Each Party shall use its best endeavours to notify.", "endeavour", 12),
        ("The Parties shall use their best endeavors to notify.", "endeavour", 13),
        ("Each Party will use best endeavours to notify.", "endeavour", 21),
    ],
)
def test_each_modal_verb_under_its_own_key_at_its_position(text, key, col):
    found = modal_verbs(text)
    if key == "endeavour" and " will " in text:
        assert only(found) == {"will": [P(1, 12)], "endeavour": [P(1, col)]}
    else:
        assert only(found) == {key: [P(1, col)]}


def test_all_keys_are_present_in_order_even_when_empty():
    assert list(modal_verbs("No obligation here.")) == list(MODAL_KEYS)
    assert list(MODAL_KEYS) == [
        "shall",
        "shall not",
        "must",
        "must not",
        "may",
        "may not",
        "should",
        "will",
        "endeavour",
    ]
    assert all(v == [] for v in modal_verbs("No obligation here.").values())


def test_best_effort_phrases_are_not_also_counted_as_shall():
    found = modal_verbs("A Party shall endeavour to act, shall use best efforts, and shall act.")
    assert found["endeavour"] == [P(1, 9), P(1, 33)]
    assert found["shall"] == [P(1, 61)]


def test_prohibitions_span_line_breaks_and_ignore_case():
    found = modal_verbs("Fees SHALL\nNOT exceed; May not; MUST  not")
    assert only(found) == {
        "shall not": [P(1, 6)],
        "may not": [P(2, 13)],
        "must not": [P(2, 22)],
    }


def test_modal_verbs_are_whole_words():
    text = "shallow mayor willing mustard shoulder dismay goodwill endeavourer shall_ notify"
    assert only(modal_verbs(text)) == {}
    assert only(modal_verbs("shall nothing")) == {"shall": [P(1, 1)]}


def test_the_month_may_is_not_a_permission():
    found = modal_verbs("On 1 May 2024 the Parties may meet; May 2024 is a month.")
    assert only(found) == {"may": [P(1, 27)]}


def test_quoted_words_are_not_obligations():
    assert only(modal_verbs('replace "shall" by \u201cmay\u201d; it will')) == {"will": [P(1, 30)]}


def test_several_positions_on_several_lines():
    found = modal_verbs("Each Party shall notify\nand shall publish.\n  It shall.")
    assert found["shall"] == [P(1, 12), P(2, 5), P(3, 6)]


def test_strength_of_each_modal_verb():
    assert STRENGTH == {
        "shall": "binding",
        "must": "binding",
        "shall not": "prohibition",
        "must not": "prohibition",
        "may not": "prohibition",
        "may": "permission",
        "should": "recommendation",
        "will": "intent",
        "endeavour": "best effort",
    }
    assert set(STRENGTH) == set(MODAL_KEYS)


def test_grouping_by_strength_merges_and_sorts_positions():
    grouped = group_by_strength(
        modal_verbs("It must not act.\nIt shall not act; it shall act; it must.")
    )
    assert grouped == {
        "binding": [P(2, 22), P(2, 36)],
        "prohibition": [P(1, 4), P(2, 4)],
        "permission": [],
        "recommendation": [],
        "intent": [],
        "best effort": [],
    }


LEXER_TYPES = {
    "shall": Modal.Shall,
    "shall not": Modal.ShallNot,
    "must": Modal.Must,
    "must not": Modal.ShallNot,
    "may": Modal.May,
    "may not": Modal.ShallNot,
    "should": Modal.Should,
    "will": Modal.Will,
    "endeavour": Modal.Endeavour,
}


def test_modal_verbs_agree_with_the_treaty_lexer():
    text = draft("transit_clean.txt") + (
        '\nOn 1 May 2024 "shall" may not; Must not, SHALL use best efforts, endeavors.\n'
    )
    from_lexer = [
        (offset, ttype)
        for offset, ttype, _ in TreatyLexer().get_tokens_unprocessed(text)
        if ttype in Modal
    ]
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    ours = sorted(
        (line_starts[p.line - 1] + p.col - 1, LEXER_TYPES[key])
        for key, positions in modal_verbs(text).items()
        for p in positions
    )
    assert from_lexer == ours
    assert len(ours) == 14


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
    assert defined_terms(text).defined == {} and defined_terms(text).unused == []


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
    assert time.perf_counter() - started < 2
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
    assert time.perf_counter() - started < 2


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
        with pytest.raises(ValueError) as error:
            decode_draft(data)
        assert isinstance(error.value, DraftRejected)
        assert "\n" not in str(error.value) and str(error.value).endswith(".")


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
