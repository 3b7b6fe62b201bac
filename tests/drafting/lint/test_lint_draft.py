"""``lms lint-draft``: the Secretariat checks a consolidated draft from the command line."""

import json

from tests.drafting.conftest import CLEAN

BROKEN = (
    "Article 1\nDefinitions\n"
    'For the purposes of this Agreement, "customs authority" means the authority of a Party.\n'
    "Article 2\nTransit\n"
    "1. Each Party [shall / may] accord freedom of transit in accordance with Article 9.\n"
    "2. [Delegation A: Fees shall be reasonable.\n"
)


def lint(runner, tmp_path, text: str | bytes, *options):
    path = tmp_path / "draft.txt"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return runner.invoke(args=["lms", "lint-draft", str(path), *options])


def test_a_clean_draft_passes(runner, tmp_path):
    result = lint(runner, tmp_path, CLEAN)
    assert result.exit_code == 0, result.output
    assert "brackets: balanced" in result.output


def test_unbalanced_brackets_and_a_broken_reference_exit_1_with_positions(runner, tmp_path):
    result = lint(runner, tmp_path, BROKEN)
    assert result.exit_code == 1
    assert "draft.txt:7:4: '[' never closed" in result.output
    assert "broken reference: Article 9" in result.output


def test_json_output_has_the_documented_shape(runner, tmp_path):
    result = lint(runner, tmp_path, BROKEN, "--json")
    report = json.loads(result.stdout)
    assert set(report) == {
        "brackets",
        "modals",
        "defined_terms",
        "broken_references",
        "long_sentences",
    }
    assert report["brackets"]["balanced"] is False
    assert report["brackets"]["unclosed"] == [{"line": 7, "col": 4}]
    assert report["modals"]["shall"] == 2
    assert report["modals"]["may"] == 1
    assert report["defined_terms"]["unused"] == ["customs authority"]
    assert report["broken_references"] == [{"line": 6, "ref": "Article 9"}]


def test_a_missing_or_binary_file_exits_2_with_one_line(runner, tmp_path):
    missing = runner.invoke(args=["lms", "lint-draft", str(tmp_path / "none.txt")])
    binary = lint(runner, tmp_path, b"\x89PNG\r\n\x1a\n\0\0\0binary")
    assert missing.exit_code == binary.exit_code == 2
    assert len(binary.output.strip().splitlines()) == 1
