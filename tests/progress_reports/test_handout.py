"""A module handout for offline reading: lessons with treaty highlighting, contents, pages."""

from __future__ import annotations

from cartif_lms.progress_reports import handout
from cartif_lms.progress_reports.services import handout_pdf, module_named
from tests.progress_reports.conftest import draws, page_count, pdf_text

BRACKETS = "drafting-dive/brackets"


def test_the_handout_has_contents_the_lessons_and_the_content_version(world):
    output = handout_pdf(BRACKETS)
    text = pdf_text(output.data)
    assert output.filename == "cartif-handout-drafting-dive-brackets.pdf"
    assert "Brackets in a transit clause" in text
    assert "Contents" in text
    assert "1. Reading brackets" in text  # the lesson's heading, numbered as in the contents
    assert "Article 7" in text
    assert "freedom of transit" in text
    assert "Content version 1 of" in text
    assert "Page 1 / 2" in text
    assert page_count(output.data) == 2  # the contents, then one page per lesson
    assert draws(output.data)


def test_treaty_text_keeps_the_lesson_pages_colours_as_inline_styles(world):
    lessons = handout.module_handout(module_named(BRACKETS)).lessons
    html = str(lessons[0].html)
    styles = handout.treaty_styles()
    assert styles["treaty-shall"] == "color: #9b1c1c; font-weight: 700"
    assert styles["treaty-should"].endswith("text-decoration: underline")  # no "dashed"
    assert f'class="treaty-bracketed" style="{styles["treaty-bracketed"]}"' in html
    assert 'class="treaty-endeavour" style="color: #0b57a4; font-style: italic"' in html


def test_a_module_with_many_lessons_numbers_them_in_order(world):
    text = pdf_text(handout_pdf("basics/first-steps").data)
    assert text.index("1. Mandates") < text.index("2. Positions and interests")
