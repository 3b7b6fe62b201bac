"""Banks that measure learning, not test-taking: ``lms gift check`` warns, with the line,
where the key is usually the longest option, true/false keys lean one way, or every
multi-answer question has as many right answers."""

from cartif_lms.quizzes.bank_balance import balance_warnings
from cartif_lms.quizzes.gift import parse
from cartif_lms.quizzes.gift_report import bank_report


def choice(n: int, longest_key: bool) -> str:
    key, other = ("right and long", "short") if longest_key else ("right", "a long wrong one")
    return f"::C{n}::Question {n}?{{={key} ~{other} ~{other}}}\n"


def true_false(n: int, value: bool) -> str:
    return f"::T{n}::Statement {n}.{{{'T' if value else 'F'}}}\n"


def multi(n: int, right: int) -> str:
    answers = " ".join(
        [f"~%{100 // right}%right {i}" for i in range(right)] + ["~%-100%wrong", "~%-100%wrong too"]
    )
    return f"::M{n}::Pick {n}.{{{answers}}}\n"


def warnings_of(text: str) -> list[tuple[int, str]]:
    result = parse(text, "bank.gift")
    assert result.errors == []
    return [(w.line, w.message) for w in balance_warnings(result.questions, "bank.gift")]


def bank(*questions: str) -> str:
    return "\n".join(questions)


def test_a_balanced_bank_gets_no_warning():
    text = bank(
        *(choice(n, longest_key=n < 2) for n in range(6)),
        *(true_false(n, n % 2 == 0) for n in range(6)),
        multi(1, 1), multi(2, 2), multi(3, 2),
    )
    assert warnings_of(text) == []


def test_a_bank_whose_key_is_mostly_the_longest_option_is_warned_at_each_such_question():
    text = bank(*(choice(n, longest_key=n < 3) for n in range(6)))
    found = warnings_of(text)
    assert [line for line, _ in found] == [1, 3, 5]
    assert "the keyed answer is the longest option (3 of 6 choice questions; at most 35%)" in (
        found[0][1]
    )


def test_true_false_keys_that_lean_one_way_are_warned_at_the_first():
    text = bank(choice(0, False), *(true_false(n, n == 0) for n in range(5)))
    assert warnings_of(text) == [
        (
            3,
            "1 of 5 true/false questions are true: keep it between 40% and 60%, so that "
            "guessing one answer does not pass",
        )
    ]


def test_multi_answer_questions_that_all_have_two_right_answers_are_warned():
    found = warnings_of(bank(multi(1, 2), multi(2, 2), multi(3, 2)))
    assert found == [
        (
            1,
            "all 3 multi-answer questions have 2 right answers: vary it, so that the count "
            "gives nothing away",
        )
    ]


def test_too_few_questions_say_nothing_about_balance():
    text = bank(*(choice(n, True) for n in range(4)), true_false(1, False), multi(1, 2))
    assert warnings_of(text) == []


def test_gift_check_reports_the_cues_with_the_parsers_warnings_in_line_order(runner, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(bank(*(choice(n, longest_key=True) for n in range(5))), encoding="utf-8")
    assert [w["line"] for w in bank_report(path.read_text(), str(path))["warnings"]] == [
        1, 3, 5, 7, 9
    ]
    result = runner.invoke(args=["lms", "gift", "check", str(path)])
    assert result.exit_code == 0, "cues are warnings: the bank still loads"
    assert f"{path}:9:" in result.output
    assert "the keyed answer is the longest option (5 of 5" in result.output
