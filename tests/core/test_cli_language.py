"""The ``flask lms`` commands write in the language of the shell that runs them."""

import pytest

from cartif_lms.cli import command_line_language

TAKEN_EN = "An account with this email already exists."
TAKEN_RU = "Учётная запись с этим адресом электронной почты уже существует."
NO_LANGUAGE = {"LMS_CLI_LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru"}, "ru"),
        ({"LANG": "ru_KZ.UTF-8@latin"}, "ru"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "ru"),
        ({"LMS_CLI_LANGUAGE": "en", "LC_ALL": "ru_RU.UTF-8"}, "en"),
        ({"LMS_CLI_LANGUAGE": "RU", "LANG": "en_US.UTF-8"}, "ru"),
        # An unsupported choice gives English rather than a weaker variable's language.
        ({"LMS_CLI_LANGUAGE": "de", "LANG": "ru_RU.UTF-8"}, "en"),
        # An empty variable counts as unset, as POSIX says.
        ({"LC_ALL": "", "LANG": "ru_RU.UTF-8"}, "ru"),
    ],
)
def test_the_language_comes_from_the_environment(environ, language):
    assert command_line_language(environ) == language


def _create_twice(runner, env):
    args = ["lms", "create-user", "same@example.org", "--name", "Same Person"]
    args += ["--role", "analyst", "--password-stdin"]
    first = runner.invoke(args=args, input="a long enough password\n", env=env)
    assert first.exit_code == 0, first.output
    return runner.invoke(args=args, input="a long enough password\n", env=env)


def test_a_russian_shell_reads_the_messages_in_russian(runner):
    again = _create_twice(runner, {**NO_LANGUAGE, "LANG": "ru_RU.UTF-8"})
    assert again.exit_code == 1
    assert TAKEN_RU in again.output
    assert TAKEN_EN not in again.output


def test_lms_cli_language_overrides_the_locale(runner):
    again = _create_twice(runner, {**NO_LANGUAGE, "LMS_CLI_LANGUAGE": "en", "LANG": "ru_RU.UTF-8"})
    assert again.exit_code == 1
    assert f"Error: {TAKEN_EN}" in again.output


def test_a_language_the_lms_has_not_gives_english(runner):
    again = _create_twice(runner, {**NO_LANGUAGE, "LANG": "de_DE.UTF-8"})
    assert again.exit_code == 1
    assert f"Error: {TAKEN_EN}" in again.output


def test_the_language_is_left_as_it_was_after_a_command(runner, app):
    _create_twice(runner, {**NO_LANGUAGE, "LANG": "ru_RU.UTF-8"})
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        from flask_babel import get_locale

        assert str(get_locale()) == "en"


def test_the_nightly_run_reports_in_russian(runner):
    result = runner.invoke(args=["lms", "nightly"], env={**NO_LANGUAGE, "LANG": "ru_RU.UTF-8"})
    assert result.exit_code == 0, result.output
    assert "Очищено: попытки входа — 0." in result.output
    assert "Сводные показатели пересчитаны." in result.output
    assert "Purged" not in result.output


def test_the_sync_report_names_its_counts_in_russian(runner):
    russian = {**NO_LANGUAGE, "LMS_CLI_LANGUAGE": "ru"}
    first = runner.invoke(args=["lms", "sync"], env=russian)
    assert first.exit_code == 0, first.output
    # A label and its number, so no Russian noun has to agree with a count.
    assert first.output.startswith("Создано: ")
    assert "модули — " in first.output
    assert "банки вопросов — " in first.output
    again = runner.invoke(args=["lms", "sync"], env=russian)
    assert "Изменений нет: база данных уже соответствует файлам содержания." in again.output


def test_a_drafts_findings_are_told_in_russian_with_their_place(runner, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Article 1\n1. The Parties [shall][may cooperate.\n", encoding="utf-8")
    result = runner.invoke(
        args=["lms", "lint-draft", str(draft)], env={**NO_LANGUAGE, "LANG": "ru_RU.UTF-8"}
    )
    assert result.exit_code == 1  # an unclosed bracket blocks
    assert f"{draft}:2:23: «[» не закрыта" in result.output
    assert "скобки: НЕ сбалансированы" in result.output
    assert "модальные глаголы: shall 1, may 1" in result.output  # the draft's own words stay


def test_a_backup_refused_in_a_russian_shell_says_why_in_russian(runner, tmp_path):
    taken = tmp_path / "backup.db"
    taken.write_bytes(b"an earlier backup")
    result = runner.invoke(
        args=["lms", "backup", "--out", str(taken)], env={**NO_LANGUAGE, "LANG": "ru_RU.UTF-8"}
    )
    assert result.exit_code == 1
    assert f"Ошибка: {taken} уже существует; выберите другое имя или укажите --force" in (
        result.output
    )
    assert taken.read_bytes() == b"an earlier backup"
