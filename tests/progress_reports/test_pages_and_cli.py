"""Who gets which report from the web, and the same reports from the command line."""

from __future__ import annotations

from pypdf import PdfReader

from tests.progress_reports.conftest import complete, pdf_text


def test_a_focal_point_gets_their_own_countrys_report_only(client, world, make_user, login_as):
    login_as(make_user(role="focal_point", country="KZ"))
    page = client.get("/reports/countries/KZ")
    assert page.status_code == 200
    assert "Progress report: Kazakhstan" in page.get_data(as_text=True)
    assert client.get("/reports/countries/GE").status_code == 404  # as for no such country
    assert client.get("/reports/regional").status_code == 403
    index = client.get("/reports/").get_data(as_text=True)
    assert "Kazakhstan" in index
    assert "Georgia" not in index


def test_an_analyst_gets_every_country_and_the_regional_report(client, world, make_user, login_as):
    login_as(make_user(role="analyst", country=None))
    assert "Progress report: Georgia" in client.get("/reports/countries/GE").get_data(as_text=True)
    regional = client.get("/reports/regional?as_of=2026-06-30").get_data(as_text=True)
    assert "Regional progress report" in regional
    assert "Headline indicators" in regional


def test_learners_get_no_progress_report(client, world, make_user, login_as):
    login_as(make_user(country="KZ"))
    assert client.get("/reports/countries/KZ").status_code == 403
    assert client.get("/reports/regional").status_code == 403
    assert client.get("/reports/").status_code == 403


def test_a_malformed_day_is_said_and_today_is_shown(client, world, make_user, login_as):
    login_as(make_user(role="analyst", country=None))
    page = client.get("/reports/countries/KZ?as_of=30.06.2026").get_data(as_text=True)
    assert "Give the date as YYYY-MM-DD" in page
    assert "Progress report: Kazakhstan" in page


def test_whoever_may_open_a_modules_lessons_gets_its_handout(client, world, make_user, login_as):
    learner = make_user(country="KZ")
    login_as(learner)
    handout = client.get("/reports/handouts/basics/first-steps.pdf")
    assert handout.status_code == 200
    assert handout.mimetype == "application/pdf"
    assert "Mandates" in pdf_text(handout.data)
    # "Next steps" opens once "First steps" is done, and so does its handout.
    assert client.get("/reports/handouts/basics/next-steps.pdf").status_code == 403
    complete(learner, "basics/first-steps/mandates", "basics/first-steps/positions")
    assert client.get("/reports/handouts/basics/next-steps.pdf").status_code == 200
    assert client.get("/reports/handouts/basics/no-such-module.pdf").status_code == 404


def test_the_module_page_links_its_handout_once_the_module_is_open(
    client, world, make_user, login_as
):
    login_as(make_user(country="KZ"))
    open_module = client.get("/tracks/basics/first-steps/").get_data(as_text=True)
    assert "/reports/handouts/basics/first-steps.pdf" in open_module
    locked_module = client.get("/tracks/basics/next-steps/").get_data(as_text=True)
    assert "/reports/handouts/basics/next-steps.pdf" not in locked_module


def test_an_analyst_previews_and_so_gets_handouts(client, world, make_user, login_as):
    login_as(make_user(role="analyst", country=None))
    assert client.get("/reports/handouts/basics/next-steps.pdf").status_code == 200


def test_the_commands_write_each_kind_of_pdf(runner, world, tmp_path):
    for args, name in (
        (["regional"], "regional.pdf"),
        (["regional", "--as-of", "2026-06-30"], "regional-june.pdf"),
        (["country", "kz"], "kz.pdf"),
        (["country", "GE", "--as-of", "2026-06-30"], "ge.pdf"),
        (["handout", "drafting-dive/brackets"], "handout.pdf"),
    ):
        out = tmp_path / name
        result = runner.invoke(args=["lms", "report", *args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert f"Wrote {out}" in result.output
        assert len(PdfReader(out).pages) >= 1
    assert "As of Jun 30, 2026" in pdf_text((tmp_path / "ge.pdf").read_bytes())


def test_an_unknown_country_or_module_exits_1_with_one_line(runner, world, tmp_path):
    out = tmp_path / "x.pdf"
    for args, message in (
        (["country", "XX"], "Error: No CAREC country with code 'XX'."),
        (["handout", "basics/nothing"], "Error: No module 'basics/nothing' in the curriculum."),
        (["regional", "--as-of", "30.06.2026"], "Error: Give the date as YYYY-MM-DD"),
    ):
        result = runner.invoke(args=["lms", "report", *args, "--out", str(out)])
        assert result.exit_code == 1
        assert result.output.strip().startswith(message)
        assert len(result.output.strip().splitlines()) == 1
        assert not out.exists()
