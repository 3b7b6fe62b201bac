"""The glossary page: every term in English and Russian, searched with a plain GET form."""

import re

import pytest

from tests.content.conftest import write
from tests.content.test_glossary_sync import GLOSSARY, TERMS

EXTRA = """
[[term]]
en = "national treatment"
ru = "национальный режим"
area = "SRV"
source = "GATS, Article XVII"

[[term]]
en = "Schedule of specific commitments"
ru = "Перечень конкретных обязательств"
area = "SRV"

[[term]]
en = "conformity assessment"
ru = "оценка соответствия"
area = "TBT"

[[term]]
en = "50% discount_rule"
ru = "правило скидки 50%"
area = "XC"
"""


@pytest.fixture
def glossary(runner, content):
    write(content, GLOSSARY, TERMS + EXTRA)
    result = runner.invoke(args=["lms", "sync", "--content-dir", str(content)])
    assert result.exit_code == 0, result.output
    return content


@pytest.fixture
def learner_client(glossary, make_user, login_as):
    return login_as(make_user())


def terms_shown(html: str) -> list[str]:
    return re.findall(r'<th scope="row" lang="en">([^<]+)</th>', html)


def page(client, **params) -> str:
    response = client.get("/glossary", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_visitor_is_sent_to_sign_in(client, glossary):
    response = client.get("/glossary")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_every_term_is_shown_with_its_russian_area_and_source(learner_client):
    html = page(learner_client)
    assert terms_shown(html) == [
        "rules of origin",
        "mandate",
        "Working Group",
        "national treatment",
        "Schedule of specific commitments",
        "conformity assessment",
        "50% discount_rule",
    ]
    assert '<td lang="ru">национальный режим</td>' in html
    assert "GATS, Article XVII" in html
    assert "Trade in Services" in html  # the area's name beside its code
    assert '<form method="get"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("TREATMENT", ["national treatment"]),
        ("Национальный", ["national treatment"]),  # Russian, in another case
        ("ПЕРЕЧЕНЬ", ["Schedule of specific commitments"]),
        ("  rules   of ", ["rules of origin"]),
        ("50%", ["50% discount_rule"]),  # LIKE's wildcards are plain characters
        ("t%r", []),
        ("unt_rule", ["50% discount_rule"]),
        ("s_ope", []),
        ("%", ["50% discount_rule"]),
        ("nothing like it", []),
    ],
)
def test_the_search_matches_english_or_russian_in_any_case(learner_client, query, expected):
    assert terms_shown(page(learner_client, q=query)) == expected


def test_the_search_reads_yo_as_ye(glossary, make_user, login_as, runner):
    write(glossary, GLOSSARY, TERMS.replace("мандат", "объём мандата"))
    runner.invoke(args=["lms", "sync", "--content-dir", str(glossary)])
    client = login_as(make_user())
    assert terms_shown(page(client, q="объем")) == ["mandate"]
    assert terms_shown(page(client, q="ОБЪЁМ")) == ["mandate"]


def test_the_area_filter_keeps_that_areas_terms(learner_client):
    html = page(learner_client, area="srv")
    assert terms_shown(html) == ["national treatment", "Schedule of specific commitments"]
    assert '<option value="SRV" selected>' in html
    assert terms_shown(page(learner_client, area="TBT", q="оценка")) == ["conformity assessment"]


def test_an_unknown_area_shows_every_area(learner_client):
    assert len(terms_shown(page(learner_client, area="<script>"))) == 7


def test_no_match_says_so(learner_client):
    assert "No term matches this search." in page(learner_client, q="zzz")


def test_a_retired_term_is_not_shown(glossary, runner, make_user, login_as):
    write(glossary, GLOSSARY, TERMS)
    runner.invoke(args=["lms", "sync", "--content-dir", str(glossary)])
    assert "national treatment" not in page(login_as(make_user()))


def test_a_very_long_search_is_refused_with_a_message(learner_client):
    html = page(learner_client, q="a" * 10_000)
    assert "Search for at most 100 characters." in html
    assert terms_shown(html) == []


def test_a_nul_byte_is_a_400_not_a_500(learner_client):
    assert learner_client.get("/glossary?q=a%00b").status_code == 400
    assert learner_client.get("/glossary?q=%ff%fe").status_code == 400


def test_the_page_is_in_russian_for_a_russian_reader(learner_client):
    html = learner_client.get("/glossary", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="ru"' in html
    assert "Все направления" in html
    assert '<th scope="col">Источник</th>' in html
    assert '<td lang="ru">оценка соответствия</td>' in html


def test_the_catalogue_links_to_the_glossary(learner_client):
    html = learner_client.get("/catalog").get_data(as_text=True)
    assert 'href="/glossary"' in html
