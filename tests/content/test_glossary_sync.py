"""``lms sync`` loads the glossary (``courses/glossary/terms.toml``) all or nothing."""

from pathlib import Path

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.loader import load_content
from cartif_lms.content.models import GlossaryTerm, Track
from cartif_lms.kinds import BuiltIn  # noqa: F401  (registers the kinds and sync steps)
from cartif_lms.resources import shipped_content_dir
from tests.content.conftest import write

GLOSSARY = "courses/glossary/terms.toml"
TERMS = """# A small glossary
[[term]]
en = "rules of origin"
ru = "правила происхождения"
area = "TF"

[[term]]
en = "mandate"
ru = "мандат"
area = "XC"
source = "Vienna Convention"

[[term]]
en = "Working Group"
ru = "рабочая группа"
area = "CAREC"
"""


def sync(runner, content: Path):
    return runner.invoke(args=["lms", "sync", "--content-dir", str(content)])


def terms() -> dict[str, GlossaryTerm]:
    return {t.en: t for t in db.session.scalars(select(GlossaryTerm))}


def test_the_glossary_folder_is_no_track(content):
    write(content, GLOSSARY, TERMS)
    spec = load_content(content)
    assert spec.errors == []
    assert "glossary" not in {t.slug for t in spec.tracks}
    assert [t.en for t in spec.glossary.terms] == ["rules of origin", "mandate", "Working Group"]


def test_a_valid_glossary_is_synced_and_counted(runner, content):
    write(content, GLOSSARY, TERMS)
    result = sync(runner, content)
    assert result.exit_code == 0, result.output
    assert "3 glossary terms" in result.output.split("\n")[0]
    loaded = terms()
    assert loaded["mandate"].ru == "мандат"
    assert loaded["mandate"].source == "Vienna Convention"
    assert loaded["rules of origin"].area == "TF"
    assert [t.position for t in sorted(loaded.values(), key=lambda t: t.position)] == [0, 1, 2]
    assert db.session.scalar(select(Track).where(Track.slug == "glossary")) is None


def test_a_second_sync_changes_nothing(runner, content):
    write(content, GLOSSARY, TERMS)
    sync(runner, content)
    again = sync(runner, content)
    assert again.exit_code == 0
    assert again.output.strip() == "No changes: the database already matches the content files."


def test_a_changed_term_is_updated_and_a_removed_one_retired_then_restored(runner, content):
    write(content, GLOSSARY, TERMS)
    sync(runner, content)
    write(content, GLOSSARY, TERMS.replace("мандат", "полномочия").split('[[term]]\nen = "W')[0])
    result = sync(runner, content)
    assert result.exit_code == 0, result.output
    assert "Updated: 1 glossary terms" in result.output
    assert "Retired: 1 glossary terms" in result.output
    loaded = terms()
    assert loaded["mandate"].ru == "полномочия"
    assert loaded["Working Group"].retired_at is not None
    write(content, GLOSSARY, TERMS)
    back = sync(runner, content)
    assert "Restored: 1 glossary terms" in back.output
    assert terms()["Working Group"].retired_at is None


def test_no_glossary_retires_every_term(runner, content):
    write(content, GLOSSARY, TERMS)
    sync(runner, content)
    (content / GLOSSARY).unlink()
    (content / GLOSSARY).parent.rmdir()
    result = sync(runner, content)
    assert "Retired: 3 glossary terms" in result.output
    assert all(t.retired_at is not None for t in terms().values())


def errors_for(runner, content, text: str | bytes) -> str:
    write(content, GLOSSARY, text)
    result = sync(runner, content)
    assert result.exit_code == 1, result.output
    assert "nothing was changed" in result.output
    assert terms() == {}
    assert db.session.scalars(select(Track)).first() is None  # nothing at all was loaded
    return result.output


def test_a_toml_mistake_names_the_file_and_line(runner, content):
    output = errors_for(runner, content, TERMS.replace('ru = "мандат"', 'ru = "мандат'))
    assert f"{GLOSSARY}:9: not valid TOML" in output


def test_a_missing_russian_term_names_its_line(runner, content):
    output = errors_for(runner, content, TERMS.replace('ru = "мандат"\n', ""))
    assert f"{GLOSSARY}:7: 'en' and 'ru' are required texts" in output


def test_an_unknown_key_a_duplicate_and_a_bad_area_are_each_reported(runner, content):
    text = (
        TERMS.replace('area = "TF"', 'area = "TF"\nplural = "x"').replace(
            'area = "CAREC"', 'area = "NOPE"'
        )
        + '\n[[term]]\nen = "Mandate"\nru = "мандат"\n'
    )
    output = errors_for(runner, content, text)
    assert f"{GLOSSARY}:2: unknown key 'plural'" in output
    assert f"{GLOSSARY}:19: term 'Mandate' is also on line 8" in output
    assert f"{GLOSSARY}:14: term 'Working Group': area 'NOPE'" in output


def test_an_unknown_area_is_refused(runner, content):
    output = errors_for(runner, content, TERMS.replace('area = "CAREC"', 'area = "NOPE"'))
    assert f"{GLOSSARY}:13: term 'Working Group': area 'NOPE' is not one of" in output


def test_a_stray_file_in_the_glossary_folder_is_refused(runner, content):
    write(content, "courses/glossary/notes.md", "Title: Notes\n")
    output = errors_for(runner, content, TERMS)
    assert "courses/glossary/notes.md:1: unexpected file" in output


def test_a_glossary_that_is_not_utf8_is_refused(runner, content):
    output = errors_for(runner, content, TERMS.encode("cp1251"))
    assert f"{GLOSSARY}:4: not valid UTF-8" in output


def test_the_shipped_glossary_loads_without_errors():
    spec = load_content(shipped_content_dir())
    assert [e for e in spec.errors if "glossary" in e.path] == []
    assert len(spec.glossary.terms) == 78
