"""The curriculum shipped with the LMS: complete, well-formed, and as large as promised."""

import re
from collections import Counter

import pytest

from cartif_lms.content.loader import load_content
from cartif_lms.content.models import Level, TrackKind
from cartif_lms.directory.reference_data import DEFAULT_NEGOTIATING_AREAS
from cartif_lms.kinds import BuiltIn as ItemKind
from cartif_lms.quizzes.bank_balance import SCENARIO_TAG, balance_warnings
from cartif_lms.quizzes.gift import QuestionType, in_category, parse
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
            "cartif-essentials",
            TrackKind.modular,
            Level.basic,
            [
                "what-cartif-is-and-why",
                "the-negotiation-architecture",
                "the-process",
                "your-role",
            ],
        ),
        (
            "negotiation-techniques",
            TrackKind.modular,
            Level.basic,
            [
                "mandates-and-preparation",
                "interests-and-positions",
                "batna-and-zopa",
                "coalitions-in-regional-negotiations",
                "evidence-for-negotiators",
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
                "carec-and-the-agreements-around-cartif",
                "what-acceding-countries-need-to-watch",
            ],
        ),
        (
            "chairing-and-consolidating-texts",
            TrackKind.modular,
            Level.advanced,
            [
                "running-a-working-group-session",
                "consolidating-proposals-into-one-text",
                "managing-brackets-towards-closure",
                "reporting-to-chief-negotiators",
            ],
        ),
    ],
)
def test_the_modular_tracks_cover_their_syllabus(shipped, slug, kind, level, modules):
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
    competencies = {q.idnumber: set(q.tags) - {SCENARIO_TAG} for q in questions}
    untagged = [i for i, codes in competencies.items() if not codes or not codes <= known]
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
        pool = [
            q
            for q in banks[item.settings["bank"]]
            if not category or in_category(q.category, category)
        ]
        if len(pool) < (item.settings["questions"] or 1):
            short.append(item.slug)
    assert short == []


def is_written_question(item) -> bool:
    """A one-essay quiz a trainer grades, beside the track's auto-graded tests."""
    return (item.settings.get("category") or "").endswith("/written-question")


def test_every_track_opens_with_a_pre_test_and_ends_with_a_final(shipped):
    for track in shipped.tracks:
        tests = [
            i.settings.get("test")
            for m in track.modules
            for i in m.items
            if i.kind is ItemKind.quiz and not is_written_question(i)
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


# --- quizzes that measure learning (issue 16, part 8) ---------------------------------------


def bank_questions(shipped):
    return {b.slug: (b.path, parse(b.source, b.path).questions) for b in shipped.banks}


def drawn_from(category: str, question) -> bool:
    """Whether a quiz of ``category`` (empty: the whole bank) can draw ``question``."""
    return not category or in_category(question.category, category)


def test_no_shipped_bank_can_be_passed_on_test_taking_cues(shipped):
    cues = [
        f"{path}:{w.line}: {w.message}"
        for path, questions in bank_questions(shipped).values()
        for w in balance_warnings(questions, path)
    ]
    assert cues == []


def test_true_false_keys_are_true_in_40_to_60_percent_over_all_banks(shipped):
    keys = [
        q.correct
        for _path, questions in bank_questions(shipped).values()
        for q in questions
        if q.type is QuestionType.TRUE_FALSE
    ]
    assert 0.40 <= sum(keys) / len(keys) <= 0.60


def finals(shipped):
    return [i for i in shipped.items() if i.kind is ItemKind.quiz and i.settings["test"] == "final"]


def test_finals_draw_from_a_pool_the_repeatable_module_checks_never_show(shipped):
    banks = bank_questions(shipped)
    shown = []
    for final in finals(shipped):
        _path, questions = banks[final.settings["bank"]]
        pool = [q for q in questions if drawn_from(final.settings["category"], q)]
        checks = [
            i
            for i in shipped.items()
            if i.kind is ItemKind.quiz
            and i.settings["test"] == "post-test"
            and i.settings["bank"] == final.settings["bank"]
        ]
        shown += [
            (final.slug, check.slug, q.idnumber)
            for check in checks
            for q in pool
            if drawn_from(check.settings["category"], q)
        ]
    assert shown == []


def test_at_least_half_of_each_finals_pool_puts_the_learner_in_a_scenario(shipped):
    banks = bank_questions(shipped)
    recall = {}
    for final in finals(shipped):
        _path, questions = banks[final.settings["bank"]]
        pool = [q for q in questions if drawn_from(final.settings["category"], q)]
        scenarios = sum(SCENARIO_TAG in q.tags for q in pool)
        if scenarios * 2 < len(pool):
            recall[final.slug] = f"{scenarios} of {len(pool)}"
    assert recall == {}


def test_every_track_has_an_essay_that_trainers_grade(shipped):
    banks = bank_questions(shipped)
    without = []
    for track in shipped.tracks:
        quizzes = [i for m in track.modules for i in m.items if i.kind is ItemKind.quiz]
        essays = [
            q
            for quiz in quizzes
            for q in banks[quiz.settings["bank"]][1]
            if q.type is QuestionType.ESSAY and drawn_from(quiz.settings["category"], q)
        ]
        if not essays:
            without.append(track.slug)
    assert without == []


def test_each_pre_test_draws_from_its_finals_pool_and_never_an_essay(shipped):
    """The same pool before and after makes the learning gain a fair comparison, and a
    pre-test never waits for a trainer."""
    banks = bank_questions(shipped)
    for track in shipped.tracks:
        quizzes = [i for m in track.modules for i in m.items if i.kind is ItemKind.quiz]
        (pre,) = [q for q in quizzes if q.settings["test"] == "pre-test"]
        (final,) = [q for q in quizzes if q.settings["test"] == "final"]
        assert pre.settings["category"] == final.settings["category"], track.slug
        _path, questions = banks[pre.settings["bank"]]
        pool = [q for q in questions if drawn_from(pre.settings["category"], q)]
        assert QuestionType.ESSAY not in {q.type for q in pool}, track.slug


def test_cartif_essentials_is_the_one_orientation_track(shipped):
    assert [t.slug for t in shipped.tracks if t.orientation] == ["cartif-essentials"]


def test_every_competency_of_the_framework_is_taught_by_some_lesson(shipped):
    """The economic-analysis competency had no lesson; none may be left without one."""
    taught = {code for item in lessons(shipped) for code in item.competencies}
    assert {c.code for c in shipped.competencies} - taught == set()
