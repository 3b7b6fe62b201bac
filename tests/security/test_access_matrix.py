"""Every role against every route of ``app.url_map``, every method, POST included: each answers
as its view declares (``declared_access``: the permission it needs, the country scope it
resolves), and no route is left without a declared rule."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Rule

from cartif_lms import db
from cartif_lms.auth.models import AccountRequest, AccountRequestStatus, ApiToken, User
from cartif_lms.auth.services import issue_token
from cartif_lms.capacity.models import TANeed
from cartif_lms.capacity.services import generate_needs
from cartif_lms.certificates.services import Issued, issue
from cartif_lms.certificates.sources import TRACKS, Completed
from cartif_lms.content.models import Item, Track
from cartif_lms.content.sync import sync_content
from cartif_lms.demo.answers import simulated_form
from cartif_lms.directory.models import Country, DesignationKind, NegotiatingArea
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.drafting.models import DraftReview
from cartif_lms.drafting.services import submit_draft
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.services import open_attempt, submit_attempt
from cartif_lms.security.permissions import Access, can, declared_access
from cartif_lms.security.scoping import scope_for
from cartif_lms.simulations import services as simulations
from cartif_lms.simulations.models import Package, Reflection, Run, Scenario, ScenarioDelegation
from cartif_lms.workshops.models import (
    AttendanceMode,
    Registration,
    RegistrationPolicy,
    SessionMode,
    WorkshopKind,
)
from cartif_lms.workshops.registration import register
from cartif_lms.workshops.services import (
    SessionDraft,
    WorkshopDraft,
    add_session,
    create_workshop,
)
from tests.conftest import DATA_DIR, signed_in_client
from tests.security.walker import rules_of

ROLES = ("anonymous", "learner", "trainer", "focal_point", "analyst", "admin")
PUBLIC, SIGNED_IN = "public", "signed in"
#: The routes whose view declares no permission, on purpose, and who they are for. What they
#: show inside (one's own attempt, the take-training rule) is tested where those rules live.
OPEN = {
    "lms.static": PUBLIC,
    "lms.core.home": PUBLIC,
    "lms.core.healthz": PUBLIC,
    "lms.auth.login": PUBLIC,
    "lms.password.forgot": PUBLIC,
    "lms.password.reset": PUBLIC,  # the signed link in the e-mail is what opens it
    "lms.registration.register": PUBLIC,  # asking for an account
    "lms.registration.confirm": PUBLIC,  # the signed link in the e-mail is what opens it
    "lms.api.openapi": PUBLIC,
    "lms.certificates.verify": PUBLIC,  # anyone checks a certificate by its code
    "lms.certificates.pdf": SIGNED_IN,  # the holder, or the certificate scope: else 404
    "lms.workshops.feed": PUBLIC,  # a calendar app opens it; the secret address is the key
    "lms.language.choose": PUBLIC,  # the footer's language switch: a visitor's choice too
    "lms.auth.logout": SIGNED_IN,
    "lms.auth.change_password": SIGNED_IN,
    "lms.learning.catalogue": SIGNED_IN,
    "lms.learning.track": SIGNED_IN,
    "lms.learning.module": SIGNED_IN,
    "lms.learning.item": SIGNED_IN,
    "lms.learning.complete_item": SIGNED_IN,
    "lms.glossary.index": SIGNED_IN,  # as the catalogue
    "lms.quizzes.preview": SIGNED_IN,
    "lms.quizzes.start": SIGNED_IN,
    "lms.quizzes.attempt": SIGNED_IN,
    "lms.quizzes.submit": SIGNED_IN,
    "lms.quizzes.save": SIGNED_IN,
    "lms.drafting.workbench": SIGNED_IN,
    "lms.drafting.save": SIGNED_IN,
    "lms.drafting.peer_review": SIGNED_IN,
    "lms.capacity.mine": SIGNED_IN,
    "lms.jobs.index": SIGNED_IN,  # one's own prepared reports
    "lms.jobs.show": SIGNED_IN,  # someone else's report job is 404
    "lms.jobs.download": SIGNED_IN,
    "lms.progress_reports.handout": SIGNED_IN,  # the take-training rule decides, as for lessons
    "lms.notifications.index": SIGNED_IN,  # one's own notifications
    "lms.notifications.read_all": SIGNED_IN,
    "lms.profile.edit": SIGNED_IN,  # one's own profile
    "lms.privacy.my_data": SIGNED_IN,  # one's own data
    "lms.privacy.my_data_file": SIGNED_IN,
    "lms.tokens.index": SIGNED_IN,  # one's own API tokens (an administrator's: everyone's)
    "lms.tokens.revoke": SIGNED_IN,  # someone else's is 404, except for an administrator
    "lms.api.catalog": SIGNED_IN,
    "lms.api.my_progress": SIGNED_IN,
    "lms.api.countries": SIGNED_IN,
    "lms.api.simulation_run": SIGNED_IN,  # its participants and trainers; 404 for anyone else
    "lms.api.simulation_delegation": SIGNED_IN,  # one's own delegation; 404 for any other
    # A simulation run's pages: its participants, chair and trainers; 404 for anyone else.
    **{
        f"lms.simulations.{view}": SIGNED_IN
        for view in (
            "run_page",
            "propose",
            "package",
            "accept",
            "statement",
            "message",
            "close",
            "next_round",
            "instructions",
            "debrief",
        )
    },
}
#: Walked last: signing out ends the walking client's session.
LAST = ("lms.auth.",)
DRAFT = "Article 7\n1. Each Party shall accord freedom of transit.\n"


def test_every_route_declares_who_may_use_it(app: Flask) -> None:
    """A new route fails here until its view declares a permission (or is listed as open)."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    undeclared = {e for e in endpoints if declared_access(app, e) is None}
    assert undeclared - set(OPEN) == set(), "routes without a declared permission"
    assert set(OPEN) - undeclared == set(), "listed as open, but the view declares a permission"


@dataclass(frozen=True)
class Request:
    rule: Rule
    method: str
    path: str
    query: str = ""
    country: str | None = None  #: the country the request names, if the view is scoped

    @property
    def api(self) -> bool:
        return self.path.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.path}{'?' + self.query if self.query else ''}"


def _item(slug: str) -> Item:
    return db.session.scalars(select(Item).where(Item.slug == slug)).one()


def _country(code: str) -> Country:
    found = country_by_code(code)
    assert found is not None, code
    return found


@pytest.fixture
def world(app: Flask, make_user: Callable[..., User]) -> dict[str, Any]:
    """One person of each role, and a real row for every URL variable, in two countries."""
    sync_content(DATA_DIR / "content")
    people = {
        "learner": make_user(country="KZ"),
        "trainer": make_user(role="trainer", country=None),
        "focal_point": make_user(role="focal_point", country="KZ"),
        "analyst": make_user(role="analyst", country=None),
        "admin": make_user(role="admin", country=None),
    }
    learner, kz_colleague, ge_colleague = people["learner"], make_user(), make_user(country="GE")
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, _item(slug))
    quiz, essay_quiz = _item("basics/next-steps/check"), _item("basics/next-steps/redraft")
    check = open_attempt(learner, quiz)
    essay = open_attempt(learner, essay_quiz)
    answers = simulated_form(essay, random.Random(0), skill=1.0)
    pairs = [(k, x) for k, v in answers.items() for x in (v if isinstance(v, list) else [v])]
    submit_attempt(learner, essay, MultiDict([(k, str(v)) for k, v in pairs]))
    exercise = _item("drafting-lab/transit/close-brackets")
    version = submit_draft(learner, exercise, DRAFT)
    submit_draft(ge_colleague, exercise, DRAFT)
    review = db.session.scalar(select(DraftReview).where(DraftReview.reviewer_id == learner.id))
    tf = db.session.scalars(select(NegotiatingArea).where(NegotiatingArea.code == "TF")).one()
    designations = {
        code: designate(
            people["admin"],
            _country(code),
            DesignationRequest(who.id, DesignationKind.lead_negotiator, tf.id, date(2026, 1, 1)),
        ).id
        for code, who in (("KZ", kz_colleague), ("GE", ge_colleague))
    }
    generate_needs()
    need = db.session.scalar(select(TANeed))
    assert review is not None, "the world lacks a peer review"
    assert need is not None, "the world lacks a TA need"
    workshop_request = _workshop_request(people["trainer"], kz_colleague)
    run, package, reflection = _simulation(people["trainer"], learner, kz_colleague)
    tokens = {role: issue_token(user) for role, user in people.items()}
    issue_token(kz_colleague, "revoked by the walk")  # nobody's client uses it
    db.session.commit()
    revocable = db.session.scalars(select(ApiToken).where(ApiToken.user_id == kz_colleague.id))
    return {
        "people": people,
        "tokens": tokens,
        "designations": designations,
        "values": {
            "user_id": kz_colleague.id,
            "item_id": exercise.id,
            "attempt_id": check.id,
            "version_id": version.id,
            "review_id": review.id,
            "need_id": need.id,
            "job_id": 1,  # one's own report job, else 404 (tests/jobs)
            "token_id": revocable.one().id,
            "area_code": "TF",
            "track": "basics",
            "module": "first-steps",
            "item": "mandates",
            "slug": "basics",
            "filename": "lms.css",
            "token": "not-a-reset-token",
            "request_id": _account_request("KZ").id,
            "verification_code": _certificate(kz_colleague).code,
            "workshop_id": workshop_request.workshop_id,
            "session_id": workshop_request.workshop.sessions[0].id,
            "registration_id": workshop_request.id,
            "run_id": run.id,
            "delegation_id": run.delegations[0].id,
            "package_id": package.id,
            "reflection_id": reflection.id,
        },
        #: Where one endpoint needs another row than the variable's usual one.
        "by_endpoint": {
            "lms.quiz_trainer.grade_attempt": {"attempt_id": essay.id},
            "lms.quiz_trainer.quiz_results": {"item_id": quiz.id},
            "lms.quizzes.start": {"item_id": quiz.id},
            "lms.quizzes.preview": {"item_id": quiz.id},
            "lms.simulations.scenario": {"slug": "walked"},
        },
    }


def _workshop_request(facilitator: User, asker: User) -> Registration:
    """A workshop that needs approval, its session (led by ``facilitator``), and ``asker``'s
    request waiting for their focal point."""
    workshop = create_workshop(
        facilitator,
        WorkshopDraft("Walked", WorkshopKind.zero_round_plenary, RegistrationPolicy.approval),
    )
    starts = db.utcnow() + timedelta(days=30)
    add_session(
        workshop,
        SessionDraft(
            starts,
            starts + timedelta(hours=2),
            "Asia/Almaty",
            SessionMode.online,
            capacity_online=10,
            facilitator_id=facilitator.id,
        ),
    )
    return register(asker, workshop, AttendanceMode.online)


def _simulation(trainer: User, learner: User, colleague: User) -> tuple[Run, Package, Reflection]:
    """A two-delegation scenario, a run with ``learner`` and ``colleague`` seated and a package
    on the table, and a reflection on it (as if the run had ended)."""
    scenario = Scenario(
        slug="walked",
        title="Walked",
        text="1. Fees [shall / may] be published.",
        issues=[
            {
                "number": 1,
                "title": "Fees",
                "options": [
                    {"key": "a", "label": "Binding", "text": "shall"},
                    {"key": "b", "label": "Optional", "text": "may"},
                ],
            }
        ],
        brackets=[
            {"start": 8, "end": 19, "line": 1, "options": ["shall", "may"], "keep_or_delete": False}
        ],
        rubric={"levels": [["Partly", 1], ["Fully", 2]], "criteria": [["Analysis", ["a", "b"]]]},
    )
    for key in ("one", "two"):
        scenario.delegations.append(
            ScenarioDelegation(
                key=key,
                name=key.title(),
                code=key[:2].upper(),
                fallback=0,
                scores={"1": {"a": 1, "b": 0}},
            )
        )
    db.session.add(scenario)
    db.session.flush()  # the column defaults: rounds, round length
    run = simulations.start_run(trainer, scenario)
    seat = simulations.seat(run, run.delegations[0], learner, trainer)
    simulations.seat(run, run.delegations[1], colleague, trainer)
    package = simulations.propose_package(seat, 1, {1: "a"})
    reflection = Reflection(run_id=run.id, user_id=learner.id, text="A reflection.")
    db.session.add(reflection)
    db.session.flush()
    return run, package, reflection


def _certificate(holder: User) -> Issued:
    """A certificate of ``holder`` (designated above) for a track, as if they completed it."""
    track = db.session.scalars(select(Track).where(Track.slug == "drafting-dive")).one()
    issued = issue(holder, TRACKS.kind, Completed(holder.id, track.id, db.utcnow()))
    assert issued is not None
    return issued


def _account_request(code: str) -> AccountRequest:
    """A confirmed request for an account, waiting for the country's focal point."""
    asked = AccountRequest(
        email="asks@example.org",
        name="Asks For An Account",
        country_id=_country(code).id,
        status=AccountRequestStatus.pending,
    )
    db.session.add(asked)
    db.session.flush()
    return asked


def requests_for(app: Flask, world: dict[str, Any]) -> list[Request]:
    """Every rule and method; a scoped view once for the viewer's country, once for another."""
    found = []
    for rule, method in rules_of(app):
        access = declared_access(app, rule.endpoint)
        scoped = access is not None and access.reach is not None
        for code in ("KZ", "GE") if scoped else (None,):
            values = {**world["values"], **world["by_endpoint"].get(rule.endpoint, {})}
            if code is not None:
                values |= {"code": code, "designation_id": world["designations"][code]}
            built = rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)
            assert built is not None, rule.rule
            path = built[1]
            in_path = "code" in rule.arguments
            query = f"country={code}" if code is not None and not in_path else ""
            found.append(Request(rule, method, path, query, code))
    return sorted(found, key=lambda r: (r.rule.endpoint.startswith(LAST), r.method != "GET"))


def expected(app: Flask, user: User | None, request: Request) -> str:
    """What ``user`` should get, from the view's declaration alone."""
    access: Access | str | None = declared_access(app, request.rule.endpoint)
    access = access or OPEN[request.rule.endpoint]
    if access == PUBLIC:
        return "served"
    if user is None:
        return "sent to sign in"
    if access == SIGNED_IN:
        return "served"
    assert isinstance(access, Access)
    if not any(can(user, p) for p in access.permissions):
        return "refused"
    if access.reach is None or request.country is None:
        return "let through"
    in_scope = scope_for(user, access.reach).may_see(_country(request.country))
    return "let through" if in_scope else "out of scope"


def outcome(request: Request, response: Any, wanted: str) -> str:
    """How ``response`` reads, in the terms of :func:`expected`."""
    status = response.status_code
    # Flask-Login sends a visitor to /login?next=<the page> (signing out lands on plain /login).
    location = response.headers.get("Location", "")
    to_sign_in = status == 401 if request.api else "/login?next=" in location
    if status >= 500:
        return f"server error {status}"
    if to_sign_in:
        return "sent to sign in"
    if wanted == "served":
        return "served"  # open routes: any answer but "sign in first" (their own rules decide)
    if status == 403 and request.api:  # the API answers 403 to both: its message says which
        return "out of scope" if "own country" in response.get_json()["message"] else "refused"
    if status == 403:
        return "refused"
    if status == 404:  # a page's answer outside the scope; otherwise a missing sample row
        return "out of scope" if request.country and not request.api else "not found"
    return "let through"


def test_each_role_gets_what_each_route_declares(server: Flask, world: dict[str, Any]) -> None:
    """Signed out: sent to sign in (401 on the API). Without the permission: 403. A country
    outside the viewer's scope: 404 on a page, 403 on the API. Otherwise the view runs.

    One test for all roles, so the world (seven people, their hashed passwords) is built once.
    """
    wrong = [line for role in ROLES for line in walk(server, world, role)]
    assert not wrong, "\n".join(wrong)


def walk(server: Flask, world: dict[str, Any], role: str) -> list[str]:
    """Every request as ``role``; what did not answer as declared."""
    user = world["people"].get(role)
    client, csrf = signed_in_client(server, user)
    token = world["tokens"].get(role)
    wrong = []
    for request in requests_for(server, world):
        headers = {"X-CSRFToken": csrf}
        if request.api and token:
            headers = {"Authorization": f"Bearer {token}"}
        response = client.open(
            request.path,
            method=request.method,
            query_string=request.query,
            headers=headers,
            json={} if request.api and request.method != "GET" else None,
        )
        response.get_data()  # buffered, so a static file's response can be closed
        response.close()
        wanted = expected(server, user, request)
        got = outcome(request, response, wanted)
        if got != wanted:
            wrong.append(f"{role} {request}: wanted {wanted}, got {got} ({response.status_code})")
    return wrong
