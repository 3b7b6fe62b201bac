"""Round-trip properties of the GIFT writer and parser.

* Any question that GIFT can express survives ``write`` then ``parse`` unchanged.
* Whatever ``parse`` returns, even from random text, can be written and read back unchanged.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartif_lms.quizzes import gift
from cartif_lms.quizzes.gift import Answer, MatchPair, Question, QuestionType, TextFormat

DATA = Path(__file__).resolve().parent.parent / "data" / "gift"
WS = " \t\n\r\0\x0b"  # what PHP's trim() removes, and so what the parser trims
SPECIAL = ["~", "=", "#", "{", "}", ":", "\\", "\n", "[", "]", "%", "-", ">", "_", "/", "*"]
PROPERTY = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

chars = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(list("ab XY01.\t")),
    st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc")),
)
formats = st.sampled_from(list(TextFormat))


def texts(
    *, min_size: int = 0, max_size: int = 16, alphabet: st.SearchStrategy[str] = chars
) -> st.SearchStrategy[str]:
    """Texts as the parser returns them: trimmed."""
    stripped = st.text(alphabet, max_size=max_size).map(lambda s: s.strip(WS))
    return stripped.filter(lambda s: len(s) >= min_size)


@st.composite
def formatted(draw: st.DrawFn, *, min_size: int = 0, clean: bool = False) -> tuple[str, TextFormat]:
    """A text and its format; an empty text always has the MOODLE format."""
    text = draw(
        texts(min_size=min_size, alphabet=chars.filter(lambda c: c != ">"))
        if clean
        else texts(min_size=min_size)
    )
    return text, draw(formats) if text else TextFormat.MOODLE


percents = st.one_of(
    st.integers(-100, 100).map(Decimal),
    st.decimals(min_value=-100, max_value=100, places=5, allow_nan=False, allow_infinity=False),
)
fractions = percents.map(lambda percent: float(percent / 100))
meta_texts = texts(
    min_size=1,
    alphabet=st.one_of(
        st.sampled_from(["]", "[", ":", "#", "{", "-", "x", " "]),
        st.characters(
            min_codepoint=33,
            max_codepoint=0x2FFF,
            exclude_categories=("Cs", "Cc"),
            exclude_characters="\\<>`",
        ),
    ),
)


@st.composite
def choice_answer(draw: st.DrawFn, fraction: st.SearchStrategy[float] = fractions) -> Answer:
    text, text_format = draw(formatted(min_size=1))
    feedback, feedback_format = draw(formatted())
    return Answer(text, draw(fraction), feedback, text_format, feedback_format)


@st.composite
def multiple_choice(draw: st.DrawFn) -> dict[str, object]:
    answers = draw(st.lists(choice_answer(), min_size=2, max_size=5))
    right = draw(st.integers(0, len(answers) - 1))
    answers[right] = Answer(
        answers[right].text,
        1.0,
        answers[right].feedback,
        answers[right].text_format,
        answers[right].feedback_format,
    )
    return {"answers": answers}


@st.composite
def multiple_answer(draw: st.DrawFn) -> dict[str, object]:
    answers = draw(st.lists(choice_answer(), min_size=2, max_size=5))
    if not any(answer.fraction > 0 for answer in answers):
        first = answers[0]
        positive = draw(fractions.filter(lambda fraction: fraction > 0))
        answers[0] = Answer(
            first.text, positive, first.feedback, first.text_format, first.feedback_format
        )
    return {"answers": answers}


@st.composite
def short_answer(draw: st.DrawFn) -> dict[str, object]:
    count = draw(st.integers(1, 4))
    answers = []
    for _ in range(count):
        # '->' reads as matching unless the block has a single answer written without '='.
        text, text_format = draw(formatted(min_size=1, clean=count > 1))
        feedback, feedback_format = draw(formatted(clean=count > 1))
        answers.append(Answer(text, draw(fractions), feedback, text_format, feedback_format))
    return {"answers": answers}


finite = st.floats(allow_nan=False, allow_infinity=False)
tolerances = st.floats(min_value=0, allow_nan=False, allow_infinity=False)


@st.composite
def numerical_answer(draw: st.DrawFn) -> Answer:
    feedback, feedback_format = draw(formatted())
    if draw(st.integers(0, 4)) == 0:
        return Answer.catch_all(feedback, draw(fractions), feedback_format)
    return Answer.numeric(
        draw(finite), draw(tolerances), draw(fractions), feedback, feedback_format
    )


@st.composite
def numerical(draw: st.DrawFn) -> dict[str, object]:
    answers = draw(st.lists(numerical_answer(), min_size=1, max_size=4))
    if draw(st.booleans()):
        feedback, feedback_format = draw(formatted())
        answers.append(Answer.catch_all(feedback, 0.0, feedback_format))
    return {"answers": answers}


@st.composite
def matching(draw: st.DrawFn) -> dict[str, object]:
    pairs = []
    for _ in range(draw(st.integers(2, 4))):
        left = draw(texts(min_size=1).map(lambda s: s.replace("->", "")).filter(bool))
        pairs.append(MatchPair(left, draw(texts(min_size=1)), draw(formats)))
    for _ in range(draw(st.integers(0, 2))):
        pairs.insert(draw(st.integers(0, len(pairs))), MatchPair("", draw(texts(min_size=1))))
    return {"pairs": pairs}


@st.composite
def true_false(draw: st.DrawFn) -> dict[str, object]:
    wrong, wrong_format = draw(formatted())
    right, right_format = draw(formatted())
    return {
        "correct": draw(st.booleans()),
        "feedback_wrong": wrong,
        "feedback_wrong_format": wrong_format,
        "feedback_right": right,
        "feedback_right_format": right_format,
    }


def nothing() -> st.SearchStrategy[dict[str, object]]:
    return st.just({})


PARTS = {
    QuestionType.MULTIPLE_CHOICE: multiple_choice(),
    QuestionType.MULTIPLE_ANSWER: multiple_answer(),
    QuestionType.SHORT_ANSWER: short_answer(),
    QuestionType.NUMERICAL: numerical(),
    QuestionType.MATCHING: matching(),
    QuestionType.TRUE_FALSE: true_false(),
    QuestionType.ESSAY: nothing(),
    QuestionType.DESCRIPTION: nothing(),
}


@st.composite
def questions(draw: st.DrawFn, qtype: QuestionType | None = None) -> Question:
    qtype = qtype or draw(st.sampled_from(list(QuestionType)))
    missing = qtype != QuestionType.DESCRIPTION and draw(st.booleans())
    text = draw(texts())
    if missing:
        text = (text + " " + "_____" + draw(texts(max_size=6))).strip(WS)
    general = ("", TextFormat.MOODLE)
    if qtype != QuestionType.DESCRIPTION:
        general = draw(formatted())
    return Question(
        name=draw(texts(min_size=1)),
        text=text,
        type=qtype,
        text_format=draw(formats),
        general_feedback=general[0],
        general_feedback_format=general[1],
        category=draw(st.one_of(st.just(""), texts())),
        idnumber=draw(st.one_of(st.just(""), meta_texts)),
        tags=draw(st.lists(meta_texts, max_size=3)),
        missing_word=missing,
        **draw(PARTS[qtype]),
    )


@pytest.mark.parametrize("qtype", list(QuestionType), ids=str)
@PROPERTY
@given(data=st.data())
def test_each_type_roundtrips(qtype: QuestionType, data: st.DataObject) -> None:
    question = data.draw(questions(qtype))
    written = gift.write([question])
    result = gift.parse(written)
    assert result.errors == [], written
    assert result.questions == [question], written


@PROPERTY
@given(st.lists(questions(), max_size=5))
def test_question_lists_roundtrip(qs: list[Question]) -> None:
    written = gift.write(qs)
    result = gift.parse(written)
    assert result.errors == [], written
    assert result.questions == qs, written


TOKENS = [
    "~",
    "=",
    "#",
    ":",
    "->",
    " -> ",
    "%",
    "%50%",
    "%-25%",
    "%100%",
    "%5O%",
    "..",
    " ",
    "T",
    "TRUE",
    "F",
    "FALSE",
    "true",
    "1",
    "2.5",
    "-3",
    "1e3",
    ":0.5",
    "*",
    "[html]",
    "[plain]",
    "[x]",
    "####",
    "\n",
    "\r\n",
    "a",
    "b c",
    "_____",
    "\\=",
    "\\#",
    "\\~",
    "\\{",
    "\\}",
    "\\:",
    "\\\\",
    "\\n",
    "//",
    "é",
]
snippets = st.lists(st.sampled_from(TOKENS), max_size=12).map("".join)


@st.composite
def gift_blocks(draw: st.DrawFn) -> str:
    """A block shaped like a question, or a category or comment, with random insides."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return "$CATEGORY: " + draw(snippets)
    if kind == 1:
        return "// " + draw(snippets)
    head = draw(st.sampled_from(["", "// [id:q] [tag:t]\n", "//c\n"]))
    title = draw(st.sampled_from(["", "::", "::Name::", "::" + draw(snippets) + "::"]))
    block = "{" + draw(st.sampled_from(["", "#", "=", "~"])) + draw(snippets) + "}"
    if kind == 2:
        block = ""
    return head + title + draw(snippets) + block + draw(st.sampled_from(["", ".", " tail"]))


gifty = st.one_of(
    st.lists(gift_blocks(), max_size=4).map("\n\n".join),
    st.lists(
        st.one_of(
            st.sampled_from(TOKENS + ["{", "}", "\n\n", "$CATEGORY:", "::"]),
            st.characters(min_codepoint=32, max_codepoint=0x17F),
        ),
        max_size=40,
    ).map("".join),
)


@PROPERTY
@given(gifty)
def test_parse_of_any_text_is_stable(source: str) -> None:
    """parse never raises, errors name real lines, and what it returns writes back unchanged."""
    first = gift.parse(source, "random.gift")
    last_line = max(len(source.replace("\r\n", "\n").replace("\r", "\n").split("\n")), 1)
    for error in first.errors:
        assert 1 <= error.line <= last_line
        assert str(error).startswith(f"random.gift:{error.line}: ")
    for question in first.questions:
        assert 1 <= question.line <= last_line
    written = gift.write(first.questions)
    second = gift.parse(written)
    assert second.errors == [], written
    assert second.questions == first.questions, written


@pytest.mark.parametrize("name", ["rich.gift", "examples.gift", "errors.gift", "windows.gift"])
def test_fixture_write_then_parse(name: str) -> None:
    first = gift.parse((DATA / name).read_text(encoding="utf-8-sig"), name)
    assert first.questions
    written = gift.write(first.questions)
    second = gift.parse(written, "written.gift")
    assert second.errors == []
    assert second.questions == first.questions
    assert gift.write(second.questions) == written
