"""Tests for the GIFT parser and writer.

Many cases are ports of Moodle's question/format/gift/tests/giftformat_test.php and of the
shapes in question/format/gift/examples.txt, rewritten for this module's data model.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cartif_lms.quizzes import gift
from cartif_lms.quizzes.gift import (
    Answer,
    GiftError,
    GiftWriteError,
    MatchPair,
    Question,
    QuestionType,
    TextFormat,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "gift"
QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"

MOODLE = TextFormat.MOODLE
HTML = TextFormat.HTML
PLAIN = TextFormat.PLAIN
MARKDOWN = TextFormat.MARKDOWN


def one(source: str) -> Question:
    """Parse a source that must hold exactly one valid question."""
    result = gift.parse(source)
    assert result.errors == []
    assert len(result.questions) == 1
    return result.questions[0]


def errors_of(source: str) -> list[tuple[int, str]]:
    return [(error.line, error.message) for error in gift.parse(source).errors]


def roundtrip(questions: list[Question]) -> list[Question]:
    result = gift.parse(gift.write(questions))
    assert result.errors == []
    return result.questions


# --------------------------------------------------------------------------- Moodle imports


def test_import_essay() -> None:
    q = one("\n// essay\n::Q8:: How are you? {}")
    assert q == Question(name="Q8", text="How are you?", type=QuestionType.ESSAY)
    assert q.line == 2


def test_import_match() -> None:
    q = one(
        "\n// question: 2  name: Moodle activities\n"
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        "    =[html]An activity supporting asynchronous discussions. -> Forum\n"
        "    =[moodle]A teacher asks a question and offers a choice of responses. -> Choice\n"
        "    =[plain]A bank of record entries which participants can add to. -> Database\n"
        "    =[markdown]A collection of web pages that anyone can edit. -> Wiki\n"
        "    = -> Chat\n"
        "}"
    )
    assert q.type == QuestionType.MATCHING
    assert q.name == "Moodle activities"
    assert q.text == "Match the <b>activity</b> to the description."
    assert q.text_format == HTML
    assert q.general_feedback == ""
    assert q.pairs == [
        MatchPair("An activity supporting asynchronous discussions.", "Forum", HTML),
        MatchPair("A teacher asks a question and offers a choice of responses.", "Choice", MOODLE),
        MatchPair("A bank of record entries which participants can add to.", "Database", PLAIN),
        MatchPair("A collection of web pages that anyone can edit.", "Wiki", MARKDOWN),
        MatchPair("", "Chat"),  # Moodle says HTML; an empty text always gets MOODLE here
    ]
    assert q.answers == []


def test_import_multichoice() -> None:
    q = one(
        "// multiple choice with feedback for right and wrong answers\n"
        "::Q2:: What's between orange and green in the spectrum?\n"
        "{\n"
        "    =yellow # right; good!\n"
        "    ~red # [html]wrong, it's yellow\n"
        "    ~[plain]blue # wrong, it's yellow\n"
        "}"
    )
    assert q.type == QuestionType.MULTIPLE_CHOICE
    assert q.text == "What's between orange and green in the spectrum?"
    assert q.missing_word is False
    assert q.answers == [
        Answer("yellow", 1.0, "right; good!", MOODLE, MOODLE),
        Answer("red", 0.0, "wrong, it's yellow", MOODLE, HTML),
        Answer("blue", 0.0, "wrong, it's yellow", PLAIN, MOODLE),
    ]


def test_import_multichoice_multi() -> None:
    q = one(
        "::colours:: What's between orange and green in the spectrum?\n"
        "{\n"
        "    ~%50%yellow # right; good!\n"
        "    ~%-100%red # [html]wrong\n"
        "    ~%50%off-beige # right; good!\n"
        "    ~%-100%[plain]blue # wrong\n"
        "}"
    )
    assert q.type == QuestionType.MULTIPLE_ANSWER
    assert [a.text for a in q.answers] == ["yellow", "red", "off-beige", "blue"]
    assert [a.fraction for a in q.answers] == [0.5, -1.0, 0.5, -1.0]
    assert [a.text_format for a in q.answers] == [MOODLE, MOODLE, MOODLE, PLAIN]
    assert [a.feedback_format for a in q.answers] == [MOODLE, HTML, MOODLE, MOODLE]


def test_import_multichoice_multi_tricky() -> None:
    q = one(
        "::colours:: What's between orange and green in the spectrum?\n"
        "{\n    ~%100%yellow # right; good!\n    ~%-50%red # wrong\n    ~%-50%blue # wrong\n}"
    )
    assert q.type == QuestionType.MULTIPLE_ANSWER
    assert [a.fraction for a in q.answers] == [1.0, -0.5, -0.5]
    assert [a.feedback for a in q.answers] == ["right; good!", "wrong", "wrong"]


def test_import_numerical_with_catch_all() -> None:
    q = one("// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}")
    assert q.type == QuestionType.NUMERICAL
    assert q.answers == [
        Answer.numeric(3, 2),
        Answer.catch_all("Completely wrong"),
    ]
    assert q.answers[0].text == "3"
    assert (q.answers[1].text, q.answers[1].value, q.answers[1].fraction) == ("*", None, 0.0)


def test_import_shortanswer() -> None:
    q = one(
        "// question: 666  name: Shortanswer\n"
        "::Shortanswer::Which is the best animal?{\n"
        "    =Frog#Good!\n"
        "    =%50%Cat#What is it with Moodlers and cats?\n"
        "    =%0%*#Completely wrong\n"
        "}"
    )
    assert q.type == QuestionType.SHORT_ANSWER
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("Frog", 1.0, "Good!"),
        ("Cat", 0.5, "What is it with Moodlers and cats?"),
        ("*", 0.0, "Completely wrong"),
    ]


def test_import_shortanswer_with_general_feedback() -> None:
    q = one(
        "::Shortanswer::Which is the best animal?{\n"
        "    =Frog#Good!\n"
        "    =%50%Cat#What is it with Moodlers and cats?\n"
        "    =%0%*#Completely wrong\n"
        "    ####[html]Here is some general feedback!\n"
        "}"
    )
    assert q.general_feedback == "Here is some general feedback!"
    assert q.general_feedback_format == HTML
    assert len(q.answers) == 3


def test_import_truefalse_feedback_order() -> None:
    # Moodle: the first feedback is for a wrong response, the second for a right one.
    q = one(
        "// true/false\n"
        "::Q1:: 42 is the Absolute Answer to everything.{\n"
        "FALSE#42 is the Ultimate Answer.#You gave the right answer.}"
    )
    assert q.type == QuestionType.TRUE_FALSE
    assert q.correct is False
    assert q.feedback_wrong == "42 is the Ultimate Answer."
    assert q.feedback_right == "You gave the right answer."
    assert q.answers == []


@pytest.mark.parametrize("token", ["T", "TRUE"])
def test_import_truefalse_true(token: str) -> None:
    q = one(f"// name 0-11\n::2-08 TSL::TSL is blablabla.{{{token}}}")
    assert (q.name, q.text, q.type, q.correct) == (
        "2-08 TSL",
        "TSL is blablabla.",
        QuestionType.TRUE_FALSE,
        True,
    )
    assert (q.feedback_wrong, q.feedback_right) == ("", "")


@pytest.mark.parametrize("token", ["F", "FALSE", " FALSE "])
def test_import_truefalse_false(token: str) -> None:
    q = one(f"::n::The sun is cold.{{{token}}}")
    assert (q.type, q.correct) == (QuestionType.TRUE_FALSE, False)


def test_import_backslash() -> None:
    # MDL-34171: \\ must become one backslash, not be kept doubled or lost.
    q = one("// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}")
    assert q.text == "A \\ B \\\\ C"


def test_import_pre_content_lines_are_trimmed() -> None:
    # Moodle's unit test feeds readquestion() directly and keeps indentation, but its file
    # importer (readquestions) trims every line first; we follow the file importer.
    q = one(
        "::Q001::[html]<p>What would running the test method print?</p>\n"
        "<pre>\n"
        "    public void test() \\{\n"
        "        method1();\n"
        "    \\}\n"
        "</pre>\n"
        "{}"
    )
    assert q.text == (
        "<p>What would running the test method print?</p>\n<pre>\npublic void test() {\n"
        "method1();\n}\n</pre>"
    )
    assert q.text_format == HTML
    assert q.type == QuestionType.ESSAY


def test_import_question_with_tags() -> None:
    q = one(
        "\n// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
        "// And an idnumber: [id:myid].\n"
        "::Question name:: How are you? {}"
    )
    assert q.tags == ["tag", "other-tag"]
    assert q.idnumber == "myid"


@pytest.mark.parametrize(
    ("idnumber", "tags", "comment"),
    [
        ("", [], ""),
        ("", [], "// A basic comment."),
        ("frog", [], "// A comment with [id:frog] <-- an idnumber."),
        ("", ["frog", "toad"], "// Look tags: [tag:frog] [tag:toad]."),
        ("four", ["add", "basic"], "// [tag:add] [tag:basic] [id:four]"),
        (
            "four",
            ["basic", "add"],
            "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
        ),
        ("", [], "// Ceci n'est pas une [tag:\n// frog]."),
        ("i]d", [], "// [id:i\\]d]."),
        ("", ["t]ag"], "// [tag:t\\]ag]."),
        ("first", [], "// [id:first] [id:second]"),
        ("", ["ok"], "// [tag:<b>] [tag:] [tag:ok]"),
    ],
)
def test_idnumber_and_tags_from_comments(idnumber: str, tags: list[str], comment: str) -> None:
    q = one(comment + "\n::Q:: How are you? {}")
    assert (q.idnumber, q.tags) == (idnumber, tags)


def test_id_and_tags_only_come_from_whole_comment_lines() -> None:
    q = one("::Q:: Is [id:x] an id? // [tag:y] {T}")
    assert (q.idnumber, q.tags) == ("", [])
    assert q.text == "Is [id:x] an id? // [tag:y]"


# --------------------------------------------------------------------------- Moodle exports


def test_export_essay() -> None:
    q = Question(name="Q8", text="How are you?", type=QuestionType.ESSAY)
    assert gift.write([q]) == "::Q8::How are you?{}\n\n"


def test_export_match() -> None:
    q = Question(
        name="Moodle activities",
        text="Match the <b>activity</b> to the description.",
        type=QuestionType.MATCHING,
        text_format=HTML,
        general_feedback_format=HTML,
        pairs=[
            MatchPair('<div class="frog">An activity supporting discussions.</div>', "Forum", HTML),
            MatchPair("A teacher asks a question with a choice of responses.", "Choice", MOODLE),
            MatchPair("A bank of record entries.", "Database", PLAIN),
            MatchPair("Web pages that anyone can edit.", "Wiki", MARKDOWN),
            MatchPair("", "Chat", MARKDOWN),
        ],
    )
    assert gift.write([q]) == (
        "::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
        '\t=<div class\\="frog">An activity supporting discussions.</div> -> Forum\n'
        "\t=[moodle]A teacher asks a question with a choice of responses. -> Choice\n"
        "\t=[plain]A bank of record entries. -> Database\n"
        "\t=[markdown]Web pages that anyone can edit. -> Wiki\n"
        "\t= -> Chat\n"
        "}\n\n"
    )


def test_export_multichoice() -> None:
    q = Question(
        name="Q8",
        text="What's between orange and green in the spectrum?",
        type=QuestionType.MULTIPLE_CHOICE,
        answers=[
            Answer("yellow", 1.0, "right; good!"),
            Answer("red", 0.0, "wrong, it's yellow", MOODLE, HTML),
            Answer("blue", 0.0, "wrong, it's yellow", PLAIN, MOODLE),
        ],
    )
    assert gift.write([q]) == (
        "::Q8::What's between orange and green in the spectrum?{\n"
        "\t=yellow#right; good!\n"
        "\t~red#[html]wrong, it's yellow\n"
        "\t~[plain]blue#wrong, it's yellow\n"
        "}\n\n"
    )


def test_export_multichoice_multi_tricky() -> None:
    q = Question(
        name="Q8",
        text="What's between orange and green in the spectrum?",
        type=QuestionType.MULTIPLE_ANSWER,
        answers=[
            Answer("yellow", 1.0, "right; good!"),
            Answer("red", -0.5, "wrong, it's yellow"),
            Answer("blue", -0.5, "wrong, it's yellow"),
        ],
    )
    assert gift.write([q]) == (
        "::Q8::What's between orange and green in the spectrum?{\n"
        "\t~%100%yellow#right; good!\n"
        "\t~%-50%red#wrong, it's yellow\n"
        "\t~%-50%blue#wrong, it's yellow\n"
        "}\n\n"
    )


def test_export_numerical() -> None:
    q = Question(
        name="Q5",
        text="What is a number from 1 to 5?",
        type=QuestionType.NUMERICAL,
        answers=[Answer.numeric(3, 2), Answer.catch_all("Completely wrong")],
    )
    assert gift.write([q]) == (
        "::Q5::What is a number from 1 to 5?{#\n\t=%100%3:2#\n\t~#Completely wrong\n}\n\n"
    )


def test_export_shortanswer() -> None:
    q = Question(
        name="Shortanswer",
        text="Which is the best animal?",
        type=QuestionType.SHORT_ANSWER,
        answers=[
            Answer("Frog", 1.0, "Good!"),
            Answer("Cat", 0.5, "What is it with Moodlers and cats?"),
            Answer("*", 0.0, "Completely wrong"),
        ],
    )
    expected = (
        "::Shortanswer::Which is the best animal?{\n"
        "\t=%100%Frog#Good!\n"
        "\t=%50%Cat#What is it with Moodlers and cats?\n"
        "\t=%0%*#Completely wrong\n"
        "}\n\n"
    )
    assert gift.write([q]) == expected
    with_feedback = dataclasses.replace(
        q, general_feedback="Here is some general feedback!", general_feedback_format=HTML
    )
    assert gift.write([with_feedback]) == expected.replace(
        "}\n\n", "\t####[html]Here is some general feedback!\n}\n\n"
    )


def test_export_truefalse() -> None:
    q = Question(
        name="Q1",
        text="42 is the Absolute Answer to everything.",
        type=QuestionType.TRUE_FALSE,
        correct=True,
        feedback_wrong="42 is the Ultimate Answer.",
        feedback_wrong_format=HTML,
        feedback_right="You gave the right answer.",
    )
    assert gift.write([q]) == (
        "::Q1::42 is the Absolute Answer to everything."
        "{TRUE#[html]42 is the Ultimate Answer.#You gave the right answer.}\n\n"
    )


def test_export_backslash() -> None:
    q = Question(name="backslash", text="A \\ B \\\\ C", type=QuestionType.ESSAY)
    assert gift.write([q]) == "::backslash::A \\\\ B \\\\\\\\ C{}\n\n"


def test_export_question_with_tags_and_idnumber() -> None:
    q = Question(
        name="True/false question",
        text="The answer is true.",
        type=QuestionType.TRUE_FALSE,
        text_format=HTML,
        correct=True,
        feedback_wrong="This is the wrong answer.",
        feedback_wrong_format=HTML,
        feedback_right="This is the right answer.",
        feedback_right_format=HTML,
        general_feedback="You should have selected true.",
        general_feedback_format=HTML,
        idnumber="myid",
        tags=["tag1", "tag2"],
    )
    assert gift.write([q]) == (
        "// [id:myid] [tag:tag1] [tag:tag2]\n"
        "::True/false question::[html]The answer is true.{TRUE#This is the wrong answer."
        "#This is the right answer.####You should have selected true.}\n\n"
    )
    assert roundtrip([q]) == [q]


# --------------------------------------------------------------------------- examples.txt


def test_examples_file() -> None:
    result = gift.parse((DATA / "examples.gift").read_text(encoding="utf-8"), "examples.gift")
    assert result.errors == []
    qs = result.questions
    assert len(qs) == 32
    summary = [(q.line, q.type.value, q.missing_word) for q in qs]
    assert summary[:6] == [
        (8, "multiple_choice", False),
        (10, "multiple_choice", True),
        (12, "true_false", False),
        (14, "short_answer", False),
        (16, "numerical", False),
        (25, "multiple_choice", True),
    ]
    by_line = {q.line: q for q in qs}
    # Missing word: the text gets a blank where the answers were.
    assert by_line[10].text == "The WTO secretariat is _____ in Geneva."
    assert by_line[39].text == "Two plus two equals _____."
    # Matching with uneven spacing around ->.
    assert [(p.question, p.answer) for p in by_line[47].pairs] == [
        ("WTO", "Geneva"),
        ("WCO", "Brussels"),
        ("UNCTAD", "Geneva too"),
    ]
    # Numerical forms: plain, tolerance, range (midpoint and half-width), several answers.
    assert (by_line[55].answers[0].value, by_line[55].answers[0].tolerance) == (2017, 0)
    assert (by_line[57].answers[0].value, by_line[57].answers[0].tolerance) == (3.1415, 0.0005)
    assert by_line[59].answers[0].value == pytest.approx(3.1415)
    assert by_line[59].answers[0].tolerance == pytest.approx(0.0005)
    assert [(a.value, a.tolerance, a.fraction) for a in by_line[61].answers] == [
        (2017, 0, 1.0),
        (2017, 2, 0.5),
    ]
    # A comment line right before a question is part of its block.
    assert by_line[67].text == "How many Members does a quorum need?"
    # Titles, and text over several lines.
    assert (by_line[72].name, by_line[72].text) == (
        "Singapore issues",
        "The four Singapore issues\nwere first raised in which year?",
    )
    assert by_line[85].text_format == MARKDOWN
    assert by_line[90].feedback_wrong == "It was signed in 1947."
    assert [a.fraction for a in by_line[95].answers] == [0.0, 0.25, 0.5, 1.0]
    assert by_line[95].text == "The secretariat is in _____."
    assert by_line[101].text == "The secretariat is in"
    assert [a.fraction for a in by_line[108].answers] == [0, 0.5, 0.5, 0]
    assert by_line[108].type == QuestionType.MULTIPLE_ANSWER
    assert [a.fraction for a in by_line[114].answers] == [-0.5, 0.5, 0.5, -0.5]
    assert [a.text for a in by_line[120].answers] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    control = by_line[126]
    assert [a.text for a in control.answers] == ["~", "=", "#", "{", "}", "\\"]
    assert control.answers[5].feedback == (
        "Correct! \\ (backslash) is not a control character, but\n"
        "it escapes the control characters, so a literal\nbackslash is written twice."
    )
    assert [(p.question, p.answer) for p in by_line[142].pairs][-1] == ("OECD", "Paris")
    assert by_line[165].answers[1].feedback == (
        "It entered into force in 2017.\nHalf credit for being close."
    )


# --------------------------------------------------------------------------- format features


def test_multiple_choice_weights() -> None:
    q = one("::q::Pick {=a ~b ~%50%c ~%-25%d ~%33.33333%e}")
    assert q.type == QuestionType.MULTIPLE_CHOICE
    assert [a.fraction for a in q.answers] == [1.0, 0.0, 0.5, -0.25, 0.3333333]


def test_equals_answer_in_multiple_choice_reads_no_weight() -> None:
    # Moodle: '=' means 100 % and what follows is answer text, even if it looks like a weight.
    q = one("::q::Pick {=%50%a ~b}")
    assert (q.answers[0].text, q.answers[0].fraction) == ("%50%a", 1.0)


def test_text_before_first_marker_is_an_answer_like_moodle() -> None:
    q = one("::q::Pick {plain ~b =c}")
    assert [(a.text, a.fraction) for a in q.answers] == [("plain", 0), ("b", 0), ("c", 1)]
    q = one("::q::Two plus two is {four}.")
    assert q.type == QuestionType.SHORT_ANSWER
    assert [(a.text, a.fraction) for a in q.answers] == [("four", 1.0)]


def test_multiple_answer_decimal_and_negative_weights() -> None:
    q = one("::q::Which?{~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}")
    assert q.type == QuestionType.MULTIPLE_ANSWER
    assert [a.fraction for a in q.answers] == [0.3333333, 0.3333333, 0.3333334, -1.0]


def test_short_answer_weights_and_feedback() -> None:
    q = one("::q::Capital of Italy? {=Rome#Yes =%50%Roma#Italian =%-10%Milan}")
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("Rome", 1.0, "Yes"),
        ("Roma", 0.5, "Italian"),
        ("Milan", -0.1, ""),
    ]


def test_short_answer_with_arrow_but_no_equals() -> None:
    q = one("::q::Type the arrow {a->b#Right}")
    assert q.type == QuestionType.SHORT_ANSWER
    assert (q.answers[0].text, q.answers[0].feedback) == ("a->b", "Right")
    assert roundtrip([q]) == [q]


def test_matching_right_side_is_plain_and_can_hold_arrows() -> None:
    q = one("::q::Match {=[html]<b>a</b> -> [html]x -> y =b->2}")
    assert q.pairs == [MatchPair("<b>a</b>", "[html]x -> y", HTML), MatchPair("b", "2")]


def test_numerical_forms() -> None:
    q = one("::q::Value? {#=1822:0 #Correct =%50%1822:2 #Close =%25%1800..1850 ~#Wrong}")
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in q.answers] == [
        (1822, 0, 1.0, "Correct"),
        (1822, 2, 0.5, "Close"),
        (1825, 25, 0.25, ""),
        (None, 0, 0.0, "Wrong"),
    ]
    assert [a.text for a in q.answers] == ["1822", "1822", "1825", "*"]


@pytest.mark.parametrize(
    ("source", "value", "tolerance"),
    [
        ("{#3.1415:0.0005}", 3.1415, 0.0005),
        ("{#-2.5}", -2.5, 0.0),
        ("{#+7:1}", 7.0, 1.0),
        ("{#.5:.1}", 0.5, 0.1),
        ("{#1e3:5E-1}", 1000.0, 0.5),
        ("{#-5..-1}", -3.0, 2.0),
        ("{# 12 : 3 }", 12.0, 3.0),
        ("{#[html]4}", 4.0, 0.0),
    ],
)
def test_numerical_number_syntax(source: str, value: float, tolerance: float) -> None:
    q = one("::q::How much?" + source)
    assert (q.answers[0].value, q.answers[0].tolerance) == (value, tolerance)
    assert q.answers[0].text_format == MOODLE


def test_numerical_explicit_star_answer() -> None:
    q = one("::q::How much? {#=4 =%10%*#Anything else}")
    assert q.answers[1] == Answer.catch_all("Anything else", 0.1)
    assert roundtrip([q]) == [q]


def test_essay_with_general_feedback() -> None:
    q = one("::e::Write about trade. {####[html]<p>Think of the <b>TFA</b>.</p>}")
    assert q.type == QuestionType.ESSAY
    assert (q.general_feedback, q.general_feedback_format) == (
        "<p>Think of the <b>TFA</b>.</p>",
        HTML,
    )


def test_general_feedback_uses_the_last_four_hashes_and_may_have_a_space() -> None:
    q = one("::e::Pick {=a#good ~b####first#### [plain]second}")
    assert (q.general_feedback, q.general_feedback_format) == ("second", PLAIN)
    # Answer feedback starts at the first '#', as in Moodle's commentparser.
    assert (q.answers[1].text, q.answers[1].feedback) == ("b", "###first")


def test_description() -> None:
    q = one("// intro\n::Intro::[html]<p>Read the text below.</p>")
    assert q == Question(
        name="Intro",
        text="<p>Read the text below.</p>",
        type=QuestionType.DESCRIPTION,
        text_format=HTML,
    )
    assert q.line == 1


def test_missing_word_any_type() -> None:
    assert one("The sky {T} is blue.").text == "The sky _____ is blue."
    q = one("::n::The year {#2017} was the TFA's.")
    assert (q.type, q.missing_word, q.text) == (
        QuestionType.NUMERICAL,
        True,
        "The year _____ was the TFA's.",
    )
    essay = one("Fill {} in.")
    assert (essay.type, essay.missing_word, essay.text) == (
        QuestionType.ESSAY,
        True,
        "Fill _____ in.",
    )
    assert one("At the end {=a ~b}").missing_word is False


def test_title_and_default_name() -> None:
    assert one("::  Spaced title  ::Text{T}").name == "Spaced title"
    assert one("No title here {T}").name == "No title here"
    assert one("::::Empty title{T}").name == "Empty title"
    assert one("[html]<p>Bold <b>move</b></p>{T}").name == "Bold move"
    long = one("word " * 30 + "{T}")
    assert long.name.endswith("...")
    assert len(long.name) <= 80
    assert one("::t\\:1 \\{x\\}::Text{T}").name == "t:1 {x}"


def test_format_prefixes() -> None:
    q = one("::f::[markdown]**Bold**{=[html]<i>a</i>#[plain]plain ~b#fb}")
    assert q.text_format == MARKDOWN
    assert (q.answers[0].text_format, q.answers[0].feedback_format) == (HTML, PLAIN)
    assert (q.answers[1].text_format, q.answers[1].feedback_format) == (MARKDOWN, MARKDOWN)
    assert one("::f::[unknown]text{T}").text == "[unknown]text"
    assert one("::f::[moodle]text{T}").text_format == MOODLE
    assert one("::f::[HTML]text{T}").text == "[HTML]text"  # names are case-sensitive


def test_empty_texts_get_the_moodle_format() -> None:
    q = one("::f::[html]Q{=a#[plain] ~b####[markdown]}")
    assert q.answers[0].feedback_format == MOODLE
    assert q.answers[1].feedback_format == MOODLE
    assert q.general_feedback_format == MOODLE
    built = Question(
        name="f",
        text="Q",
        type=QuestionType.MULTIPLE_CHOICE,
        text_format=HTML,
        answers=[Answer("a", 1.0, text_format=HTML), Answer("b", 0.0, "x")],
    )
    assert gift.write([built]) == "::f::[html]Q{\n\t=a\n\t~[moodle]b#[moodle]x\n}\n\n"
    assert roundtrip([built]) == [built]
    empty_question = one("::f::[plain]{T}")
    assert (empty_question.text, empty_question.text_format) == ("", PLAIN)


def test_escapes() -> None:
    q = one("::e::a\\~b \\= \\# \\{x\\} \\: \\\\ c\\nd \\q{T}")
    assert q.text == "a~b = # {x} : \\ c\nd \\q"


def test_escaped_backslash_is_protected_first() -> None:
    # In \\= the backslash is escaped, so the = is live and starts an answer.
    q = one("::e::Pick {=a\\\\=b ~c}")
    assert [a.text for a in q.answers] == ["a\\", "b", "c"]


def test_categories_apply_to_following_questions() -> None:
    result = gift.parse(
        "Before {T}\n\n$CATEGORY: $course$/top/One\n\nFirst {T}\n\nSecond {F}\n\n"
        "// switch\n$CATEGORY:   Two\\: b  \n\nThird {T}\n"
    )
    assert result.errors == []
    assert [q.category for q in result.questions] == [
        "",
        "$course$/top/One",
        "$course$/top/One",
        "Two: b",
    ]


def test_comments_only_on_whole_lines_and_inside_blocks() -> None:
    q = one("// head\n::c::Visit http://example.org now{\n// a comment between answers\n=a ~b}")
    assert q.text == "Visit http://example.org now"
    assert [a.text for a in q.answers] == ["a", "b"]
    assert gift.parse("// only\n// comments\n").questions == []


def test_blank_lines_separate_questions_and_lines_are_trimmed() -> None:
    result = gift.parse("  First {T}  \n \t \nSecond\n  line {F}\n\n\n\nThird {T}")
    assert [(q.line, q.text) for q in result.questions] == [
        (1, "First"),
        (3, "Second\nline"),
        (8, "Third"),
    ]


def test_windows_line_endings_bom_and_old_mac() -> None:
    unix = gift.parse("// [id:a]\n::A::One\n{=x ~y}\n\n::B::Two {T}\n")
    windows = gift.parse("\ufeff// [id:a]\r\n::A::One\r\n{=x ~y}\r\n\r\n::B::Two {T}\r\n")
    mac = gift.parse("// [id:a]\r::A::One\r{=x ~y}\r\r::B::Two {T}\r")
    assert windows.questions == unix.questions == mac.questions
    assert [q.line for q in windows.questions] == [1, 5]
    assert windows.questions[0].idnumber == "a"


def test_windows_fixture_file_with_bom() -> None:
    raw = (DATA / "windows.gift").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    result = gift.parse(raw.decode("utf-8"), "windows.gift")
    assert result.errors == []
    assert [(q.line, q.type.value) for q in result.questions] == [
        (3, "multiple_choice"),
        (9, "true_false"),
    ]
    assert result.questions[0].idnumber == "win-1"
    assert "\r" not in gift.write(result.questions)


def test_question_line_is_the_block_start() -> None:
    result = gift.parse("\n\n// c1\n// c2\n::q::Text\n{T}\n\n::r::x{F}")
    assert [q.line for q in result.questions] == [3, 8]


def test_line_is_not_compared() -> None:
    a = one("::q::x{T}")
    assert dataclasses.replace(a, line=99) == a


def test_rich_fixture() -> None:
    result = gift.parse((DATA / "rich.gift").read_text(encoding="utf-8"), "rich.gift")
    assert result.errors == []
    qs = result.questions
    assert [q.type.value for q in qs] == [
        "multiple_choice",
        "multiple_answer",
        "true_false",
        "true_false",
        "short_answer",
        "matching",
        "numerical",
        "numerical",
        "numerical",
        "essay",
        "multiple_choice",
        "description",
        "short_answer",
        "short_answer",
    ]
    first = qs[0]
    assert (first.line, first.idnumber, first.tags) == (6, "tf-1", ["customs", "wto]tfa"])
    assert first.category == "$course$/top/Trade facilitation"
    assert first.text == (
        "A single window lets traders lodge documents with _____ for all border agencies."
    )
    assert qs[1].general_feedback_format == PLAIN
    assert qs[2].feedback_wrong == "Wrong: it did, on 22 February 2017."
    assert qs[6].answers[1] == Answer.numeric(365, 5, 0.5, "Close enough.")
    assert qs[8].answers == [Answer.numeric(3, 2)]
    assert qs[10].text.count("\n") == 2
    assert qs[12].category == "$course$/top/Negotiation"
    assert (qs[12].idnumber, qs[12].tags) == ("neg-2", ["batna"])


# --------------------------------------------------------------------------- errors

ERROR_CASES = [
    pytest.param("::Q::\nText {=a\n~b", 2, "'{' has no matching '}'", id="open-brace"),
    pytest.param("::Q::Text\n=a ~b}", 2, "'}' has no matching '{'", id="close-brace"),
    pytest.param("Text } more {T}", 1, "'}' has no matching '{'", id="brace-order"),
    pytest.param(
        "::Q::A {T}\nand {F}",
        2,
        "a question can have only one answer block {...}; escape literal braces as \\{ and \\}",
        id="two-blocks",
    ),
    pytest.param(
        "Pick {=a {b} ~c}",
        1,
        "a question can have only one answer block {...}; escape literal braces as \\{ and \\}",
        id="nested-brace",
    ),
    pytest.param(
        "// c\n::Title text {T}", 2, "question title is not closed with '::'", id="open-title"
    ),
    pytest.param(
        "Q {\n~%100%only\n}",
        1,
        "multiple choice question needs at least 2 answers, found 1",
        id="one-choice",
    ),
    pytest.param("Q {\n=a\n~\n~c}", 3, "answer is empty", id="empty-choice"),
    pytest.param("Q {=a =}", 1, "answer is empty", id="empty-short-answer"),
    pytest.param(
        "Q {\n=a\n~%5O%b}",
        3,
        "bad weight syntax '%5O%': expected %<number>% such as %50% or %-33.333%",
        id="bad-weight",
    ),
    pytest.param(
        "Q {\n=a\n~%50 off}",
        3,
        "bad weight syntax '%50 off': expected %<number>% such as %50% or %-33.333%",
        id="unclosed-weight",
    ),
    pytest.param(
        "Q {=%abc%x}",
        1,
        "bad weight syntax '%abc%': expected %<number>% such as %50% or %-33.333%",
        id="bad-short-answer-weight",
    ),
    pytest.param(
        "Q {#\n=%--5%3}",
        2,
        "bad weight syntax '%--5%': expected %<number>% such as %50% or %-33.333%",
        id="bad-numerical-weight",
    ),
    pytest.param("Q {\n=a\n~%150%b}", 3, "weight 150% is outside -100..100", id="weight-high"),
    pytest.param("Q {=a =%-100.5%b}", 1, "weight -100.5% is outside -100..100", id="weight-low"),
    pytest.param(
        "Q {\n~%-50%a\n~b\n}",
        1,
        "multiple answer question has no answer with a positive weight",
        id="no-positive",
    ),
    pytest.param(
        "M {\n=a -> 1\n=b 2\n=c -> 3}", 3, "matching pair 'b 2' has no '->'", id="pair-no-arrow"
    ),
    pytest.param(
        "M {=a -> 1 = -> 2}",
        1,
        "matching question needs at least 2 pairs with a left side (sub-questions), found 1",
        id="too-few-pairs",
    ),
    pytest.param(
        "M {\n=a -> 1\n=b ->\n=c -> 3}",
        3,
        "matching pair 'b ->' has nothing after '->'",
        id="pair-no-right",
    ),
    pytest.param("M {=a -> 1 = =c -> 3}", 1, "matching pair is empty", id="empty-pair"),
    pytest.param(
        "M {\n=a -> 1#fb\n=b -> 2}",
        2,
        "matching pairs cannot have feedback; escape a literal # as \\#",
        id="pair-feedback",
    ),
    pytest.param(
        "N {#\n=12:1\n=twelve#Words are not numbers.}",
        3,
        "numerical answer 'twelve' is not a number",
        id="not-a-number",
    ),
    pytest.param("N {#12:abc}", 1, "numerical tolerance 'abc' is not a number", id="bad-tolerance"),
    pytest.param(
        "N {#12:-1}", 1, "numerical tolerance '-1' must not be negative", id="negative-tolerance"
    ),
    pytest.param(
        "N {#5..1}",
        1,
        "numerical range '5..1' has its minimum above its maximum",
        id="reversed-range",
    ),
    pytest.param("N {#1..x}", 1, "numerical range maximum 'x' is not a number", id="bad-range"),
    pytest.param("N {#1e999}", 1, "number '1e999' is out of range", id="huge-number"),
    pytest.param("N {#0x10}", 1, "numerical answer '0x10' is not a number", id="hex"),
    pytest.param("N {#}", 1, "numerical question has no answers", id="no-numbers"),
    pytest.param("N {#~#wrong}", 1, "numerical question has no answers", id="only-catch-all"),
    pytest.param(
        "N {#5\n~wrong}",
        2,
        "after '~' a numerical question takes only '#feedback', not 'wrong'",
        id="catch-all-text",
    ),
    pytest.param(
        "N {#5 ~#a\n~#b}",
        2,
        "a numerical question can have only one '~' catch-all answer",
        id="two-catch-alls",
    ),
    pytest.param(
        "S {\nTRUE#a\n#b\n#c}",
        4,
        "true/false answer has more than two feedbacks (wrong#right); escape a literal # as \\#",
        id="tf-three-feedbacks",
    ),
    pytest.param(
        "S {true}",
        1,
        "true/false answer 'true' must be upper case (T, TRUE, F or FALSE); "
        "write {=true} for a short answer",
        id="tf-lower-case",
    ),
    pytest.param(
        "S {\nTRUE or FALSE}",
        2,
        "unexpected text after TRUE in a true/false answer: 'TRUE or FALSE'",
        id="tf-garbage",
    ),
    pytest.param(
        "S {T.#fb}", 1, "unexpected text after T in a true/false answer: 'T.'", id="tf-punctuation"
    ),
    pytest.param(
        "$CATEGORY: a\nQ {T}",
        2,
        "$CATEGORY must be alone in its block: add a blank line after it",
        id="category-swallows-question",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), ERROR_CASES)
def test_errors(source: str, line: int, message: str) -> None:
    result = gift.parse(source, "quiz.gift")
    assert [(e.line, e.message) for e in result.errors] == [(line, message)]
    assert result.questions == []
    assert str(result.errors[0]) == f"quiz.gift:{line}: {message}"


@pytest.mark.parametrize(("source", "line", "message"), ERROR_CASES)
def test_errors_name_the_right_line_inside_a_file(source: str, line: int, message: str) -> None:
    prefix = "// header\n\n::Good::Fine {T}\n\n"
    suffix = "\n\n::Also good::Fine too {F}\n"
    result = gift.parse(prefix + source + suffix)
    assert [(e.line, e.message) for e in result.errors] == [(line + 4, message)]
    assert [q.name for q in result.questions] == ["Good", "Also good"]


def test_all_errors_of_one_question_are_reported() -> None:
    assert errors_of("Q {\n~%200%a\n~\n~%x%c\n=d}") == [
        (2, "weight 200% is outside -100..100"),
        (3, "answer is empty"),
        (4, "bad weight syntax '%x%': expected %<number>% such as %50% or %-33.333%"),
    ]
    assert errors_of("N {#\n=a\n=1:b\n=%50%3..2}") == [
        (2, "numerical answer 'a' is not a number"),
        (3, "numerical tolerance 'b' is not a number"),
        (4, "numerical range '3..2' has its minimum above its maximum"),
    ]


def test_error_file_collects_every_error() -> None:
    result = gift.parse((DATA / "errors.gift").read_text(encoding="utf-8"), "errors.gift")
    assert [str(error) for error in result.errors] == [
        "errors.gift:6: '{' has no matching '}'",
        "errors.gift:8: '}' has no matching '{'",
        "errors.gift:10: a question can have only one answer block {...}; "
        "escape literal braces as \\{ and \\}",
        "errors.gift:12: question title is not closed with '::'",
        "errors.gift:14: multiple choice question needs at least 2 answers, found 1",
        "errors.gift:18: bad weight syntax '%5O%': expected %<number>% such as %50% or %-33.333%",
        "errors.gift:23: weight 150% is outside -100..100",
        "errors.gift:26: multiple answer question has no answer with a positive weight",
        "errors.gift:33: matching pair 'b 2' has no '->'",
        "errors.gift:36: matching question needs at least 2 pairs with a left side "
        "(sub-questions), found 1",
        "errors.gift:40: numerical answer 'twelve' is not a number",
        "errors.gift:43: true/false answer has more than two feedbacks (wrong#right); "
        "escape a literal # as \\#",
    ]
    assert [(q.line, q.name) for q in result.questions] == [(4, "Good one"), (45, "Also good")]


def test_parse_never_raises_on_odd_input() -> None:
    for source in [
        "",
        "\n\n",
        "{",
        "}",
        "::",
        "::::",
        "{}",
        "{#",
        "$CATEGORY:",
        "\\",
        "%",
        "{~}",
        "{=}",
        "{->}",
        "{=->}",
        "{#..}",
        "{#:}",
        "{T#}",
        "\ufeff",
    ]:
        result = gift.parse(source)
        assert all(isinstance(error, GiftError) for error in result.errors)


def test_gift_error_str() -> None:
    assert str(GiftError(3, "boom", "a.gift")) == "a.gift:3: boom"
    assert str(GiftError(1, "x")) == "<string>:1: x"


# --------------------------------------------------------------------------- warnings


def warnings_of(source: str) -> list[tuple[int, str]]:
    return [(warning.line, warning.message) for warning in gift.parse(source).warnings]


@pytest.mark.parametrize(
    "weight",
    ["100", "90", "83.33333", "66.66667", "33.33333", "33.333", "16.66667", "14.28571", "12.5"]
    + ["11.11111", "5", "0", "-100", "-50", "-33.33333", "-12.5", "33.3333", "83.333333"],
)
def test_weights_on_moodles_list_of_grades_raise_no_warning(weight: str) -> None:
    assert warnings_of(f"Which?{{=a ~%{weight}%b ~c}}") == []


def test_a_weight_moodle_would_refuse_is_a_warning_with_its_line() -> None:
    source = "::Q::Which apply?{\n~%50%a\n~%35%b\n~%20%c\n~%-33.33%d\n}"
    result = gift.parse(source, "bank.gift")
    assert result.ok
    assert len(result.questions) == 1
    assert [(w.line, w.message.split(":")[0]) for w in result.warnings] == [
        (3, "weight 35% is not one of Moodle's grades (nearest"),
        (5, "weight -33.33% is not one of Moodle's grades (nearest"),
    ]
    assert "(nearest: 33.33333%)" in result.warnings[0].message
    assert "(nearest: -33.33333%)" in result.warnings[1].message
    assert "'Match grades'" in result.warnings[0].message
    assert str(result.warnings[0]).startswith("bank.gift:3: warning: weight 35%")


def test_a_negative_weight_on_a_short_answer_or_numerical_answer_is_a_warning() -> None:
    short = warnings_of("Name it.{=non-paper =%-50%paper}")
    numerical = warnings_of("How many?{#\n=8\n=%-100%11\n}")
    assert short == [
        (
            1,
            "weight -50% is negative: Moodle's short-answer and numerical grades run from 0% "
            "to 100%, and here a negative weight scores 0",
        )
    ]
    assert [line for line, _message in numerical] == [3]


def test_short_answer_and_numerical_weights_are_checked_against_the_list_too() -> None:
    assert [line for line, _m in warnings_of("Name it.{=a =%45%b}")] == [1]
    assert warnings_of("How many?{#=8 =%45%9:1 ~#No}") != []
    assert warnings_of("Name it.{=a =%12.5%b}") == []


def test_shipped_quizzes_use_only_moodles_grades() -> None:
    for path in sorted(QUIZZES.glob("*.gift")):
        assert gift.parse(path.read_text(encoding="utf-8"), path.name).warnings == [], path


# --------------------------------------------------------------------------- writer


def test_write_escapes_reserved_characters_and_newlines() -> None:
    q = Question(name="a:b", text="x # = ~ { } : \\ y\r\nz", type=QuestionType.ESSAY)
    assert gift.write([q]) == "::a\\:b::x \\# \\= \\~ \\{ \\} \\: \\\\ y\\nz{}\n\n"


def test_write_categories_when_they_change() -> None:
    questions = [
        Question(name="a", text="A", type=QuestionType.ESSAY),
        Question(name="b", text="B", type=QuestionType.ESSAY, category="$course$/top/X"),
        Question(name="c", text="C", type=QuestionType.ESSAY, category="$course$/top/X"),
        Question(name="d", text="D", type=QuestionType.ESSAY, category="back\\slash"),
        Question(name="e", text="E", type=QuestionType.ESSAY),
    ]
    out = gift.write(questions)
    assert out == (
        "::a::A{}\n\n$CATEGORY: $course$/top/X\n\n::b::B{}\n\n::c::C{}\n\n"
        "$CATEGORY: back\\\\slash\n\n::d::D{}\n\n$CATEGORY:\n\n::e::E{}\n\n"
    )
    assert roundtrip(questions) == questions


def test_write_missing_word() -> None:
    q = Question(
        name="m",
        text="The _____ is blue.",
        type=QuestionType.SHORT_ANSWER,
        missing_word=True,
        answers=[Answer("sky", 1.0)],
    )
    assert gift.write([q]) == "::m::The {\n\t=%100%sky#\n} is blue.\n\n"
    at_end = dataclasses.replace(q, text="Blue is the _____")
    assert gift.write([at_end]) == "::m::Blue is the {\n\t=%100%sky#\n}\\n\n\n"
    assert roundtrip([q, at_end]) == [q, at_end]


def test_write_makes_ambiguous_texts_explicit() -> None:
    q = Question(
        name="amb",
        text="[html] is not a prefix here",
        type=QuestionType.MULTIPLE_CHOICE,
        answers=[Answer("%50% off", 0.0), Answer("[plain]x", 1.0), Answer("ok", 1.0)],
    )
    assert gift.write([q]) == (
        "::amb::[moodle][html] is not a prefix here{\n"
        "\t~%0%%50% off\n\t=[moodle][plain]x\n\t=ok\n}\n\n"
    )
    assert roundtrip([q]) == [q]


def test_write_multiple_choice_with_only_right_answers() -> None:
    q = Question(
        name="all",
        text="All right",
        type=QuestionType.MULTIPLE_CHOICE,
        answers=[Answer("a", 1.0), Answer("b", 1.0)],
    )
    assert gift.write([q]) == "::all::All right{\n\t=a\n\t~%100%b\n}\n\n"
    assert roundtrip([q]) == [q]


def test_write_weights() -> None:
    q = Question(
        name="w",
        text="W",
        type=QuestionType.MULTIPLE_ANSWER,
        answers=[
            Answer("a", 0.3333333),
            Answer("b", -0.0001),
            Answer("c", 0.07),
            Answer("d", 1e-7),
        ],
    )
    assert gift.write([q]) == (
        "::w::W{\n\t~%33.33333%a\n\t~%-0.01%b\n\t~%7%c\n\t~%0.00001%d\n}\n\n"
    )
    assert roundtrip([q]) == [q]


def test_write_true_false_feedback_combinations() -> None:
    base = Question(name="t", text="T", type=QuestionType.TRUE_FALSE)
    cases = {
        "{FALSE}": base,
        "{TRUE#w}": dataclasses.replace(base, correct=True, feedback_wrong="w"),
        "{FALSE##r}": dataclasses.replace(base, feedback_right="r"),
        "{TRUE#w#r####g}": dataclasses.replace(
            base, correct=True, feedback_wrong="w", feedback_right="r", general_feedback="g"
        ),
        "{FALSE####g}": dataclasses.replace(base, general_feedback="g"),
    }
    for block, q in cases.items():
        assert gift.write([q]) == f"::t::T{block}\n\n"
        assert roundtrip([q]) == [q]


def test_write_meta_comment() -> None:
    q = Question(name="m", text="M", type=QuestionType.ESSAY, idnumber="a]b", tags=["x y", "z]"])
    assert gift.write([q]).startswith("// [id:a\\]b] [tag:x y] [tag:z\\]]\n::m::M{}")
    assert roundtrip([q]) == [q]


def test_write_numerical_catch_all_positions() -> None:
    q = Question(
        name="n",
        text="N",
        type=QuestionType.NUMERICAL,
        answers=[
            Answer.catch_all("first", 0.5),
            Answer.numeric(2.5, 0.25, 1.0, "ok"),
            Answer.catch_all("last"),
        ],
    )
    assert gift.write([q]) == ("::n::N{#\n\t=%50%*#first\n\t=%100%2.5:0.25#ok\n\t~#last\n}\n\n")
    assert roundtrip([q]) == [q]
    only = Question(
        name="n", text="N", type=QuestionType.NUMERICAL, answers=[Answer.catch_all("x")]
    )
    assert gift.write([only]) == "::n::N{#\n\t=%0%*#x\n}\n\n"
    assert roundtrip([only]) == [only]


def test_write_big_and_small_numbers() -> None:
    q = Question(
        name="n",
        text="N",
        type=QuestionType.NUMERICAL,
        answers=[Answer.numeric(1e22, 1e-9), Answer.numeric(-0.1, 0.0, 0.5)],
    )
    assert "=%100%1e+22:1e-09#" in gift.write([q])
    assert roundtrip([q]) == [q]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (
            Question(
                name="q", text="Q", type=QuestionType.MULTIPLE_CHOICE, answers=[Answer("a", 1.0)]
            ),
            "at least 2 answers",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.MULTIPLE_CHOICE,
                answers=[Answer("a", 0.5), Answer("b")],
            ),
            "an answer with fraction 1",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.MULTIPLE_ANSWER,
                answers=[Answer("a", -0.5), Answer("b")],
            ),
            "a positive fraction",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.MULTIPLE_ANSWER,
                answers=[Answer("a", 1.5), Answer("b")],
            ),
            "outside -1..1",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.MULTIPLE_CHOICE,
                answers=[Answer("a", 1.0), Answer("")],
            ),
            "answers must not be empty",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.SHORT_ANSWER,
                answers=[Answer("a->b", 1.0), Answer("c", 1.0)],
            ),
            "'->' is only possible",
        ),
        (Question(name="q", text="Q", type=QuestionType.SHORT_ANSWER), "needs an answer"),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.MATCHING,
                pairs=[MatchPair("a", "1"), MatchPair("", "2")],
            ),
            "at least 2 pairs",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.MATCHING,
                pairs=[MatchPair("a->b", "1"), MatchPair("c", "2")],
            ),
            "cannot hold '->'",
        ),
        (
            Question(
                name="q", text="Q", type=QuestionType.NUMERICAL, answers=[Answer.numeric(1, -1)]
            ),
            "tolerances not negative",
        ),
        (
            Question(
                name="q",
                text="Q",
                type=QuestionType.NUMERICAL,
                answers=[Answer.numeric(float("nan"))],
            ),
            "must be finite",
        ),
        (
            Question(name="q", text="Q", type=QuestionType.DESCRIPTION, general_feedback="g"),
            "no answers and no general feedback",
        ),
        (
            Question(name="q", text="Q", type=QuestionType.DESCRIPTION, missing_word=True),
            "cannot be a missing-word question",
        ),
        (
            Question(name="q", text="Q", type=QuestionType.ESSAY, missing_word=True),
            "must contain _____",
        ),
        (Question(name="q", text="Q", type=QuestionType.ESSAY, tags=["a\nb"]), "cannot carry"),
        (Question(name="q", text="Q", type=QuestionType.ESSAY, tags=["<b>"]), "cannot carry"),
        (
            Question(name="q", text="Q", type=QuestionType.ESSAY, idnumber=" x"),
            "surrounding spaces",
        ),
    ],
)
def test_write_rejects_what_gift_cannot_express(question: Question, message: str) -> None:
    with pytest.raises(GiftWriteError, match="question 'q': .*" + message.replace("(", "\\(")):
        gift.write([question])


@pytest.mark.skipif(not list(QUIZZES.glob("*.gift")), reason="no shipped quizzes")
@pytest.mark.parametrize("path", sorted(QUIZZES.glob("*.gift")), ids=lambda p: p.name)
def test_shipped_quizzes_parse_and_roundtrip(path: Path) -> None:
    result = gift.parse(path.read_text(encoding="utf-8"), path.name)
    assert [str(error) for error in result.errors] == []
    assert result.questions
    assert roundtrip(result.questions) == result.questions
