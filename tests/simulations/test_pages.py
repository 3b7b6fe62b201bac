"""The pages of a run as each delegation sees them: its own secrets only, moves refused with a
message, and nothing a hostile request sends gives a 500."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from cartif_lms import db
from cartif_lms.db import utcnow
from cartif_lms.simulations import services
from cartif_lms.simulations.models import Move, Round, RunStatus
from tests.conftest import csrf_token_from, signed_in_client
from tests.simulations.conftest import SECRETS, round_of


def pages_of(run) -> list[str]:
    return [
        "/simulations/",
        f"/simulations/runs/{run.id}",
        f"/simulations/runs/{run.id}/debrief",
        f"/api/v1/simulations/runs/{run.id}",
        "/tracks/negotiation-lab/role-play/border-fees",
    ]


_LINK = re.compile(r'href="(/[^"#?]*)')
#: Not followed: signing out, files, and pages of other domains too large to walk here.
_SKIP = ("/logout", "/static/", "/account/", "/privacy/", "/reports/", "/glossary")


def reachable(client, starts: list[str], limit: int = 80) -> str:
    """Every page a participant reaches from ``starts`` by following links, concatenated."""
    seen, queue, text = set(), list(starts), ""
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(_SKIP):
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, path
        body = response.get_data(as_text=True)
        text += body
        queue += [link for link in _LINK.findall(body) if link not in seen]
    return text


def test_each_delegation_reads_its_own_instructions_and_no_one_elses(server, run, seats):
    services.send_message(seats["alfa"], 1, seats["bravo"].delegation, "PRIVATE-NOTE-TO-BRAVO")
    db.session.commit()
    for stage in ("during the run", "after it"):
        if stage == "after it":  # every deadline passes: no agreement, the debrief opens
            db.session.execute(
                update(Round).where(Round.run_id == run.id).values(deadline=utcnow())
            )
            db.session.commit()
        for key, seat in seats.items():
            client, _token = signed_in_client(server, seat.user)
            seen = reachable(client, pages_of(run))
            assert SECRETS[key] in seen
            for other, secret in SECRETS.items():
                if other != key:
                    assert secret not in seen, f"{key} sees {other}'s instructions"
            assert ("PRIVATE-NOTE-TO-BRAVO" in seen) == (key in ("alfa", "bravo"))
            assert ("Scores against fallback" in seen) == (stage == "after it")


def test_another_delegations_instructions_are_404_by_url_and_by_api(server, run, seats):
    client, _ = signed_in_client(server, seats["alfa"].user)
    for key, seat in seats.items():
        page = client.get(f"/simulations/runs/{run.id}/delegations/{seat.delegation_id}")
        api = client.get(f"/api/v1/simulations/runs/{run.id}/delegations/{seat.delegation_id}")
        if key == "alfa":
            assert page.status_code == 200
            assert SECRETS["alfa"] in page.get_data(as_text=True)
            assert api.json["fallback"] == 30
            assert api.json["scores"]["1"] == {"a": 50, "b": 20, "c": 0}
        else:
            assert page.status_code == 404
            assert api.status_code == 404
            assert SECRETS[key] not in page.get_data(as_text=True) + api.get_data(as_text=True)


def test_another_runs_pages_and_api_answer_404(server, run, seats, scenario, make_user):
    outsider = make_user(country="GE")
    client, token = signed_in_client(server, outsider)
    assert client.get(f"/simulations/runs/{run.id}").status_code == 404
    assert client.get(f"/simulations/runs/{run.id}/debrief").status_code == 404
    api = client.get(f"/api/v1/simulations/runs/{run.id}")
    assert api.status_code == 404
    assert api.json["message"] == "No such run."
    moved = client.post(
        f"/simulations/runs/{run.id}/positions",
        data={"csrf_token": token, "round": "1", "issue_1": "a"},
    )
    assert moved.status_code == 404
    assert db.session.scalar(select(Move.id).where(Move.run_id == run.id)) is None


def test_a_participant_proposes_through_the_page(server, run, seats):
    client, token = signed_in_client(server, seats["alfa"].user)
    page = client.get(f"/simulations/runs/{run.id}").get_data(as_text=True)
    token = csrf_token_from(page)

    response = client.post(
        f"/simulations/runs/{run.id}/positions",
        data={"csrf_token": token, "round": "1", "issue_1": "b"},
    )

    assert response.status_code == 302
    assert services.positions(run)[seats["alfa"].delegation_id] == {1: "b"}


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"round": "1", "issue_1": "z"}, 409, "Choose options offered by the text."),
        ({"round": "1", "issue_1": "a\x00"}, 400, "NUL"),
        ({"round": "9" * 40, "issue_1": "a"}, 409, "That round is not open."),
        ({"round": "abc", "issue_1": "a"}, 409, "That round is not open."),
        ({"round": "2", "issue_1": "a"}, 409, "That round is not open."),  # not yet
    ],
)
def test_a_bad_proposal_is_refused_with_a_message_and_changes_nothing(
    server, run, seats, form, status, message
):
    client, _ = signed_in_client(server, seats["alfa"].user)
    token = csrf_token_from(client.get(f"/simulations/runs/{run.id}").get_data(as_text=True))

    response = client.post(
        f"/simulations/runs/{run.id}/positions", data={"csrf_token": token, **form}
    )

    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert services.positions(run) == {}


def test_huge_ids_and_strange_paths_are_not_found(server, run, seats):
    client, token = signed_in_client(server, seats["alfa"].user)
    for path in (
        f"/simulations/runs/{10**30}",
        f"/api/v1/simulations/runs/{10**30}",
        f"/simulations/runs/{run.id}/packages/{10**30}/accept",
        "/simulations/reflections/99999999",
    ):
        method = client.post if path.endswith("accept") else client.get
        assert method(path, data={"csrf_token": token}).status_code in (403, 404), path


def test_the_debrief_opens_when_the_run_ends(server, run, seats):
    client, _ = signed_in_client(server, seats["coco"].user)
    assert client.get(f"/simulations/runs/{run.id}/debrief").status_code == 404
    package = services.propose_package(seats["alfa"], round_of(run), {1: "b", 2: "a", 3: "b"})
    for key in ("bravo", "coco"):
        services.accept_package(seats[key], package.id, round_of(run))
    db.session.commit()
    assert run.status is RunStatus.agreed

    page = client.get(f"/simulations/runs/{run.id}/debrief").get_data(as_text=True)

    assert "Pareto-efficient" in page
    assert re.search(r"Joint score</th><th>220<", page)
    assert "Your reflection" in page
