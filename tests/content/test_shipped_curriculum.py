"""The curriculum shipped with the LMS: complete, well-formed, and as large as promised."""

import re
from collections import Counter

import pytest

from cartif_lms.content.loader import load_content
from cartif_lms.content.models import Level, TrackKind
from cartif_lms.directory.reference_data import DEFAULT_NEGOTIATING_AREAS
from cartif_lms.kinds import BuiltIn as ItemKind
from cartif_lms.quizzes.gift import QuestionType, parse
from cartif_lms.resources import shipped_content_dir

WORD = re.compile(r"[^\W\d_][\w'’-]*|\d[\d.,:]*")


@pytest.fixture(scope="module")
def shipped():
    return load_content(shipped_content_dir())


def words(markdown: str) -> int:
    return len(WORD.findall(markdown))


def lessons(spec):
    return [item for item in spec.items() if item.kind is ItemKind.lesson]


def test_the_shipped_content_loads_without_a_single_error(shipped):
    assert [str(e) for e in shipped.errors] == []


def test_there_are_at_least_forty_lessons_of_at_least_300_words(shipped):
    assert len(lessons(shipped)) >= 40
    short = {item.slug: words(item.body) for item in lessons(shipped) if words(item.body) < 300}
    assert short == {}


def test_every_module_has_at_least_two_lessons(shipped):
    thin = [
        m.slug for m in shipped.modules() if sum(i.kind is ItemKind.lesson for i in m.items) < 2
    ]
    assert thin == []


@pytest.mark.parametrize(
    ("slug", "kind", "level", "modules"),
    [
        (
            "negotiation-techniques",
            TrackKind.modular,
            Level.basic,
            [
                "mandates-and-preparation",
                "interests-and-positions",
                "batna-and-zopa",
                "coalitions-in-regional-negotiations",
                "cross-cultural-communication",
            ],
        ),
        (
            "legal-drafting",
            TrackKind.modular,
            Level.intermediate,
            [
                "structure-of-an-agreement",
                "binding-and-best-endeavour-language",
                "definitions",
                "bracketed-text-and-closing-brackets",
                "consistency-across-protocols",
            ],
        ),
        (
            "comparative-experience",
            TrackKind.modular,
            Level.intermediate,
            [
                "wto-trade-facilitation-agreement",
                "gats-and-services",
                "sps-and-tbt-agreements",
                "regional-agreements",
                "the-legal-basis-of-cartif-preferences",
                "what-acceding-countries-need-to-watch",
            ],
        ),
    ],
)
def test_the_three_modular_tracks_cover_their_syllabus(shipped, slug, kind, level, modules):
    track = next(t for t in shipped.tracks if t.slug == slug)
    assert (track.kind, track.level) == (kind, level)
    assert [m.slug.split("/")[1] for m in track.modules] == modules


def test_there_is_one_deep_dive_workshop_per_default_negotiating_area(shipped):
    workshops = Counter(t.area_code for t in shipped.tracks if t.kind is TrackKind.workshop)
    assert workshops == Counter(code for code, _name, _text in DEFAULT_NEGOTIATING_AREAS)


def test_treaty_text_examples_appear_in_the_drafting_track(shipped):
    drafting = [i for i in lessons(shipped) if i.slug.startswith("legal-drafting/")]
    assert sum("```treaty" in i.body for i in drafting) >= len(drafting) // 2


def test_every_module_has_a_bank_category_with_at_least_five_tagged_questions(shipped):
    known = {c.code for c in shipped.competencies}
    questions = [q for bank in shipped.banks for q in parse(bank.source, bank.path).questions]
    per_category = Counter(q.category for q in questions)
    missing = [m.slug for m in shipped.modules() if per_category[m.slug] < 5]
    assert missing == []
    untagged = [q.idnumber for q in questions if not q.tags or not set(q.tags) <= known]
    assert untagged == []
    types = {q.type for q in questions}
    assert len(types - {QuestionType.DESCRIPTION}) >= 6


def test_every_shipped_quiz_can_draw_the_questions_it_asks_for(shipped):
    banks = {b.slug: parse(b.source, b.path).questions for b in shipped.banks}
    short = []
    for item in shipped.items():
        if item.kind is not ItemKind.quiz:
            continue
        category = item.settings["category"]
        pool = [q for q in banks[item.settings["bank"]] if not category or q.category == category]
        if len(pool) < (item.settings["questions"] or 1):
            short.append(item.slug)
    assert short == []


def test_every_track_opens_with_a_pre_test_and_ends_with_a_final(shipped):
    for track in shipped.tracks:
        tests = [
            i.settings.get("test")
            for m in track.modules
            for i in m.items
            if i.kind is ItemKind.quiz
        ]
        assert tests[0] == "pre-test", track.slug
        assert tests[-1] == "final", track.slug
        assert tests.count("post-test") == len(track.modules), track.slug


def test_six_drafting_exercises_with_bracketed_sources_and_clean_model_answers(shipped):
    from cartif_lms.drafting.lint import analyse

    exercises = [i for i in shipped.items() if i.kind is ItemKind.exercise]
    assert len(exercises) >= 6
    for item in exercises:
        source, model = analyse(item.exercise.source_text), analyse(item.exercise.model_text)
        assert source.brackets.count > 0, item.slug
        assert model.brackets.balanced, item.slug
        assert model.brackets.count == 0, item.slug
        assert not model.has_blocking_problems, (item.slug, model.to_json())
        assert item.exercise.rubric.max_points > 0
