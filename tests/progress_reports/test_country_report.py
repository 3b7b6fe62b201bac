"""A focal point's country progress report: the figures, as of a chosen day, as a PDF."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from cartif_lms import db
from cartif_lms.capacity.services import record_readiness
from cartif_lms.db import utcnow
from cartif_lms.directory.services import country_by_code, list_areas
from cartif_lms.learning.models import Completion
from cartif_lms.progress_reports import documents, reports, sections
from cartif_lms.progress_reports.figures import cutoff_for
from cartif_lms.progress_reports.services import country_pdf
from tests.progress_reports.conftest import complete, draws, page_count, pdf_text

MANDATES = "basics/first-steps/mandates"
POSITIONS = "basics/first-steps/positions"


def test_the_country_pdf_carries_every_part_of_the_report(world, make_user):
    learner = make_user(country="KZ", gender="female")
    complete(learner, MANDATES, POSITIONS)
    tf = next(a for a in list_areas() if a.code == "TF")
    record_readiness(
        world["kz_chief"],
        country_by_code("KZ"),
        tf,
        dict.fromkeys(
            (
                "institutional_coordination",
                "legal_mapping",
                "technical_expertise",
                "negotiating_experience",
            ),
            2,
        ),
        "Interviews in Astana.",
    )
    db.session.commit()

    output = country_pdf("KZ", None)
    text = pdf_text(output.data)

    assert output.filename.startswith("cartif-progress-KZ-")
    assert "Progress report: Kazakhstan" in text
    for heading in (
        "Participants",
        "Designations",
        "Completion by area",
        "Completion by track",
        "Learning gain",
        "Readiness by area",
        "Capacity gaps",
        "Technical-assistance needs",
    ):
        assert heading in text, heading
    assert "Modules completed: 1." in text  # the learner finished "First steps"
    assert "no technical" in text  # Trade Facilitation has a lead negotiator but no expert
    assert "Basics of negotiation" in text
    assert "2.0" in text  # the readiness mean
    assert page_count(output.data) >= 2
    assert draws(output.data)


def test_the_charts_are_svg_on_the_page_and_the_same_bars_in_the_pdf(app, world, make_user):
    complete(make_user(country="KZ"), MANDATES)  # 1 of the 2 learners' 12 XC items: 4.2 %
    report = reports.country_report(country_by_code("KZ"), cutoff_for(None))
    with app.test_request_context():  # the page has the site's header and links
        page = documents.country_html(report, documents.WEB)
    printed = documents.country_html(report, documents.PDF)
    # Completion and gaps (readiness is drawn once an assessment exists).
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" width=') == 2
    assert "<svg" not in printed
    assert printed.count('<table class="bars">') == 2
    xc = next(c for c in report.cells if c.area == "XC")
    # The layout's bar length (360 px for 100 %) at 0.6 pt a pixel.
    assert f"width: {360 * xc.completion / 100 * 0.6:.1f}pt" in printed


def test_an_earlier_day_counts_only_what_was_done_by_then(world, make_user):
    learner = make_user(country="KZ", gender="male")
    complete(learner, MANDATES, POSITIONS)
    db.session.execute(
        update(Completion)
        .where(Completion.user_id == learner.id)
        .values(completed_at=utcnow() - timedelta(days=10))
    )
    db.session.commit()
    kazakhstan = country_by_code("KZ")

    now = reports.country_report(kazakhstan, cutoff_for(None))
    before = reports.country_report(kazakhstan, cutoff_for(utcnow().date() - timedelta(days=20)))
    since = reports.country_report(kazakhstan, cutoff_for(utcnow().date() - timedelta(days=5)))

    def done(report):
        return sum(c.items_done for c in report.cells)

    assert (done(before), done(since), done(now)) == (0, 2, 2)
    assert (before.trained.officials, since.trained.officials) == (0, 1)
    assert since.trained.by_sex["male"] == 1
    assert not before.cutoff.live
    assert now.cutoff.live


def test_a_section_another_part_registers_appears_in_the_report(world):
    section = sections.register_section(
        sections.Section(
            "example_workshops",
            _l("Workshops"),
            "lms/progress_reports/_facts.html",
            country=lambda country, cutoff: [("Workshops held in " + country.code, 3)],
        )
    )
    try:
        text = pdf_text(country_pdf("KZ", None).data)
    finally:
        sections._SECTIONS.pop(section.name)
    assert "Workshops held in KZ" in text
