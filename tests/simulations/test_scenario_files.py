"""Scenario folders as ``lms sync`` reads them: the shipped three load, and every mistake names
its file and line and stops the sync before anything is written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

import cartif_lms.kinds  # noqa: F401  (the item kinds and sync steps)
from cartif_lms import db
from cartif_lms.content.loader import load_content
from cartif_lms.content.sync import SyncFailed, sync_content
from cartif_lms.resources import shipped_content_dir
from cartif_lms.simulations.models import Scenario
from tests.simulations.conftest import CONTENT

FOLDER = "courses/simulations/border-fees"
ALFA = f"{FOLDER}/delegations/alfa.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def edit(content: Path, name: str, old: str, new: str) -> None:
    path = content / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def errors(content: Path) -> list[str]:
    return [str(e) for e in load_content(content).errors]


def test_the_shipped_scenarios_load_with_their_issues_and_delegations():
    spec = load_content(shipped_content_dir())
    assert spec.errors == []
    scenarios = {s.slug: s for s in spec.extras["simulations"].scenarios}
    sizes = {slug: (len(s.issues), len(s.delegations)) for slug, s in scenarios.items()}
    assert sizes == {
        "framework-institutions-zero-round": (8, 11),
        "sps-equivalence-and-recognition": (6, 3),
        "transit-and-border-procedures": (7, 5),
    }
    for scenario in scenarios.values():
        for delegation in scenario.delegations:
            best = sum(max(points.values()) for points in delegation.scores.values())
            assert best == 100, delegation.path  # the convention the writers kept
            assert delegation.sections["mandate"].strip()


def test_a_scoring_table_that_misses_an_option_is_refused_with_its_line(content):
    edit(content, ALFA, "| 1 | 50 | 20 | 0 |", "| 1 | 50 | 20 | |")
    assert errors(content) == [
        f"{ALFA}:26: issue 1 needs points (whole numbers) for each of its 3 options (a, b, c), "
        "and only those"
    ]


def test_a_scoring_table_without_an_issue_or_with_an_unknown_one_is_refused(content):
    edit(content, ALFA, "| 3 | 20 | 40 |", "| 4 | 20 | 40 |")
    assert errors(content) == [
        f"{ALFA}:22: '## Scoring' has no row for issue 3",
        f"{ALFA}:28: '## Scoring' has a row '4' that is no issue of the text",
    ]


def test_an_issues_table_that_does_not_match_the_brackets_is_refused(content):
    edit(
        content,
        f"{FOLDER}/scenario.md",
        "| 2 | Guarantee | Keep | Delete | |",
        "| 2 | Guarantee | Keep | | |",
    )
    assert errors(content) == [
        f"{FOLDER}/scenario.md:28: issue 2 has 2 options in the text (line 19); its row labels 1"
    ]


def test_a_nested_bracket_is_refused_at_its_line(content):
    edit(
        content,
        f"{FOLDER}/scenario.md",
        "[shall accept a single guarantee]",
        "[shall accept [a] single guarantee]",
    )
    found = errors(content)
    assert (
        f"{FOLDER}/scenario.md:19: a bracket inside a bracket: an issue has no nested brackets"
        in found
    )


def test_a_delegation_without_its_red_lines_and_a_bad_fallback_are_refused(content):
    edit(content, ALFA, "## Red lines", "## Red line")
    edit(content, ALFA, "Fallback: 30", "Fallback: thirty")
    found = errors(content)
    assert f"{ALFA}:4: Fallback must be a whole number from 0 to 1000" in found
    assert any(e.startswith(f"{ALFA}:14: unknown delegation section '## Red line'") for e in found)
    assert f"{ALFA}:6: a delegation needs a '## Red lines' section" in found


def test_a_scenario_with_one_delegation_is_refused(content):
    for key in ("bravo", "coco"):
        (content / FOLDER / "delegations" / f"{key}.md").unlink()
    assert errors(content) == [
        f"{FOLDER}/delegations:0: a scenario has 2 to 11 delegations (delegations/<key>.md), not 1"
    ]


def test_a_simulation_item_must_name_a_scenario_of_the_folder(content):
    item = "courses/negotiation-lab/01-role-play/01-border-fees.md"
    edit(content, item, "Scenario: border-fees", "Scenario: border-feez")
    assert errors(content) == [
        f"{item}:3: Scenario 'border-feez' is not a folder of courses/simulations/"
    ]


def test_a_broken_scenario_stops_the_sync_and_nothing_is_written(app, content):
    edit(content, ALFA, "| 2 | 10 | 0 |", "| 2 | 10 | x |")
    with pytest.raises(SyncFailed) as refused:
        sync_content(content)
    db.session.rollback()
    assert [str(e) for e in refused.value.errors][0].startswith(f"{ALFA}:27:")
    assert db.session.scalar(select(func.count()).select_from(Scenario)) == 0


def test_a_scenario_gone_from_the_files_is_retired_and_its_runs_keep_their_copy(app, content, run):
    shutil.rmtree(content / FOLDER)
    shutil.rmtree(content / "courses/negotiation-lab")  # its item names the scenario
    sync_content(content)
    db.session.commit()
    assert db.session.scalar(select(Scenario.retired_at)) is not None
    assert len(run.issues) == 3
