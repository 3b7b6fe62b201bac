"""A trainer's side of a run, through the pages: start it, seat the table, end it, comment,
grade a reflection."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from cartif_lms import db
from cartif_lms.audit.models import AuditEntry
from cartif_lms.db import utcnow
from cartif_lms.simulations import services
from cartif_lms.simulations.models import Reflection, Round, Run, Seat
from tests.conftest import csrf_token_from, signed_in_client
from tests.workshops.conftest import make_workshop as make_workshop  # the fixture

REFLECTION = "We saw late that every delegation wanted the binding data-exchange duty. " * 4


def post(client, path, data):
    token = csrf_token_from(client.get(path).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def test_a_trainer_starts_a_run_and_seats_the_table(server, scenario, trainer, make_user):
    client, _ = signed_in_client(server, trainer)
    assert "TEACHING-NOTES-MARKER" in client.get("/simulations/scenarios/border-fees").get_data(
        as_text=True
    )

    started = post(client, "/simulations/scenarios/border-fees", {"title": "Cohort A"})

    assert started.status_code == 302
    run = db.session.scalar(select(Run).where(Run.title == "Cohort A"))
    seats = f"/simulations/runs/{run.id}/seats"
    assert started.headers["Location"].endswith(seats)
    kazakh, georgian = make_user(country="KZ"), make_user(country="GE")
    alfa = next(d for d in run.delegations if d.key == "alfa")
    one = post(client, seats, {"email": georgian.email, "delegation": str(alfa.id), "seat": "1"})
    assert one.status_code == 302
    unknown = post(
        client, seats, {"email": "nobody@example.org", "delegation": str(alfa.id), "seat": "1"}
    )
    assert "No active account has the e-mail nobody@example.org." in unknown.get_data(as_text=True)
    auto = post(client, seats, {"emails": f"{kazakh.email}\n{georgian.email}", "seat_all": "1"})
    assert auto.status_code == 302
    placed = {s.user_id: s.delegation.key for s in db.session.scalars(select(Seat))}
    assert placed[kazakh.id] != "alfa"  # Alfa stands for Kazakhstan
    assert len(placed) == 2
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == run.id))
    assert "simulation_started" in set(actions)


def test_a_learner_cannot_start_or_seat(server, scenario, run, make_user):
    client, token = signed_in_client(server, make_user())
    assert client.get("/simulations/scenarios/border-fees").status_code == 403
    assert client.get(f"/simulations/runs/{run.id}/seats").status_code == 403


def test_a_live_run_has_rounds_of_minutes(server, scenario, trainer):
    client, _ = signed_in_client(server, trainer)
    post(
        client,
        "/simulations/scenarios/border-fees",
        {"title": "Live", "live": "y", "round_minutes": "20"},
    )
    run = db.session.scalar(select(Run).where(Run.title == "Live"))
    first, second = run.rounds
    assert (second.deadline - first.deadline).total_seconds() == 20 * 60


def test_a_live_run_in_a_workshop_session_starts_with_it_and_may_have_a_participant_chair(
    server, scenario, trainer, make_workshop, make_user
):
    session = make_workshop(in_days=2).sessions[0]
    chair = make_user(country="GE")
    client, _ = signed_in_client(server, trainer)

    post(
        client,
        "/simulations/scenarios/border-fees",
        {
            "title": "In session",
            "live": "y",
            "session": str(session.id),
            "chair_email": chair.email,
        },
    )

    run = db.session.scalar(select(Run).where(Run.title == "In session"))
    assert run.session_id == session.id
    assert run.chair_id == chair.id
    assert run.rounds[0].deadline == session.starts_at + timedelta(minutes=30)
    page = client.get(f"/simulations/runs/{run.id}").get_data(as_text=True)
    assert "Live in the workshop session Zero round plenary" in page


def test_the_chair_ends_a_round_early_in_a_live_session(server, run, seats, trainer):
    client, _ = signed_in_client(server, trainer)
    page = f"/simulations/runs/{run.id}"

    assert post(client, f"{page}/next-round", {"round": "1"}).status_code == 302

    assert services.current_round(run).number == 2


def test_reflections_are_written_and_graded_on_the_debrief(server, run, seats, trainer):
    db.session.execute(update(Round).where(Round.run_id == run.id).values(deadline=utcnow()))
    db.session.commit()
    learner, _ = signed_in_client(server, seats["alfa"].user)
    debrief = f"/simulations/runs/{run.id}/debrief"
    short = post(learner, debrief, {"reflection": "Too short.", "submit_reflection": "1"})
    assert "Field must be between 200 and 6000 characters long." in short.get_data(as_text=True)
    assert (
        post(learner, debrief, {"reflection": REFLECTION, "submit_reflection": "1"}).status_code
        == 302
    )

    coach, _ = signed_in_client(server, trainer)
    assert (
        post(coach, debrief, {"comment": "Well prepared.", "save_comment": "1"}).status_code == 302
    )
    reflection = db.session.scalar(select(Reflection))
    graded = post(
        coach,
        f"/simulations/reflections/{reflection.id}",
        {"level_0": "2", "level_1": "1", "level_2": "1", "level_3": "0", "comment": "Good."},
    )

    assert graded.status_code == 302
    db.session.refresh(reflection)
    assert reflection.points == 3 + 2 + 2 + 1
    assert "Well prepared." in learner.get(debrief).get_data(as_text=True)
    assert "Graded: 8.0 of 12.0 points." in learner.get(debrief).get_data(as_text=True)
