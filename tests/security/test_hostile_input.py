"""Hostile input gets a clear 4xx, never a 500: every route in ``app.url_map``, for every role,
with hostile values in the path, the query, each form field and each JSON property.

Every role sends every route its valid request. The hostile values (hundreds per route) go
through one role whose valid request reached the view, the one whose sample records they
are, and through visitors where a view serves them, which keeps the walk to ~20 s. What a
view reads from the query or form is recorded as it runs, so a new parameter is walked
without anyone listing it here.
"""

from __future__ import annotations

import io
import json
import random
import re
import time
import traceback
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from flask import Flask, got_request_exception
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.routing import Rule

from cartif_lms import db
from cartif_lms.auth.models import ApiToken, User
from cartif_lms.auth.services import issue_token
from cartif_lms.capacity.models import TANeed
from cartif_lms.capacity.services import generate_needs
from cartif_lms.content.models import Item
from cartif_lms.content.sync import sync_content
from cartif_lms.demo.answers import simulated_form
from cartif_lms.directory.models import Designation, DesignationKind, NegotiatingArea
from cartif_lms.directory.services import DesignationRequest, country_by_code, designate
from cartif_lms.drafting.models import DraftReview
from cartif_lms.drafting.services import submit_draft
from cartif_lms.learning.services import mark_complete
from cartif_lms.quizzes.services import open_attempt, submit_attempt
from tests.conftest import DATA_DIR, PASSWORD, csrf_token_from, signed_in_client
from tests.security.walker import (
    HOSTILE_FORM,
    HOSTILE_JSON,
    HOSTILE_PATH,
    HOSTILE_QUERY,
    HOSTILE_SECRET,
    Form,
    RecordingArgs,
    RecordingRequest,
    encode_pairs,
    environ_for,
    forms_of,
    path_bytes,
    rules_of,
)

ROLES = ("anonymous", "learner", "trainer", "focal_point", "analyst", "admin")
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
#: Routes that end the walking client's session: walked last, so the rest is walked signed in.
SIGNS_OUT = ("lms.auth.",)
#: Pages that show forms the sample URLs do not reach (a quiz, an exercise).
EXTRA_PAGES = ("/tracks/basics/next-steps/check", "/tracks/drafting-lab/transit/close-brackets")
DRAFT = (
    "Article 7\nFreedom of Transit\n"
    '1. Each Party shall accord freedom of transit to "goods in transit".\n'
)


@dataclass
class Walk:
    """What the walk did, for the assertions at the end."""

    failures: dict[str, list[str]] = field(default_factory=dict)  #: where -> what was sent
    requests: int = 0
    reached: dict[str, set[str]] = field(default_factory=dict)  #: role -> endpoints it got 2xx
    errors: list[str] = field(default_factory=list)  #: the last exception, where it was raised

    def check(self, role: str, label: str, response: Any, endpoint: str) -> None:
        self.requests += 1
        if response.status_code >= 500:
            where = self.errors[-1] if self.errors else f"{response.status_code}, no exception"
            self.failures.setdefault(where, []).append(f"{role} {label}")
        elif response.status_code < 300:
            self.reached.setdefault(role, set()).add(endpoint)

    def record(self, _sender: Flask, exception: BaseException, **_extra: Any) -> None:
        frames = traceback.extract_tb(exception.__traceback__)
        ours = [f for f in frames if "/cartif_lms/" in f.filename] or frames
        where = ours[-1]
        self.errors.append(f"{type(exception).__name__} at {where.filename}:{where.lineno}")


@pytest.fixture
def world(app: Flask, make_user) -> dict[str, Any]:
    """One of each role, with something of every kind a URL can name."""
    sync_content(DATA_DIR / "content")
    people = {
        "learner": make_user(country="KZ"),
        "trainer": make_user(role="trainer", country=None),
        "focal_point": make_user(role="focal_point", country="KZ"),
        "analyst": make_user(role="analyst", country=None),
        "admin": make_user(role="admin", country=None),
    }
    bystander = make_user(country="KZ")  # the admin may deactivate this one: nobody's client
    colleague = make_user(country="GE")  # a peer reviewer of another country
    learner = people["learner"]
    for slug in ("basics/first-steps/mandates", "basics/first-steps/positions"):
        mark_complete(learner, _item(slug))
    check = open_attempt(learner, _item("basics/next-steps/check"))
    essay = open_attempt(learner, _item("basics/next-steps/redraft"))
    submit_attempt(learner, essay, _multidict(simulated_form(essay, random.Random(0), skill=1.0)))
    exercise = _item("drafting-lab/transit/close-brackets")
    version = submit_draft(learner, exercise, DRAFT)
    submit_draft(colleague, exercise, DRAFT)
    review = db.session.scalar(select(DraftReview).where(DraftReview.reviewer_id == learner.id))
    tf = db.session.scalar(select(NegotiatingArea).where(NegotiatingArea.code == "TF"))
    designation = designate(
        people["focal_point"],
        country_by_code("KZ"),
        DesignationRequest(bystander.id, DesignationKind.lead_negotiator, tf.id, date(2026, 1, 1)),
    )
    generate_needs()
    need = db.session.scalar(select(TANeed))
    assert review is not None, "the world lacks a peer review"
    assert need is not None, "the world lacks a TA need"
    tokens = {role: issue_token(user) for role, user in people.items()}
    issue_token(bystander, "revoked by the walk")  # nobody's client uses it
    db.session.commit()
    ids = {
        "token_id": db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == bystander.id)),
        "user_id": bystander.id,
        "item_id": exercise.id,
        "attempt_id": check.id,
        "version_id": version.id,
        "review_id": review.id,
        "designation_id": designation.id,
        "need_id": need.id,
    }
    return {
        "people": people,
        "tokens": tokens,
        "samples": {
            **{k: str(v).encode() for k, v in ids.items()},
            "code": b"KZ",
            "area_code": b"TF",
            "track": b"basics",
            "module": b"first-steps",
            "item": b"mandates",
            "slug": b"basics",
            "filename": b"lms.css",
        },
        #: Where one endpoint needs another sample than the name's usual one.
        "by_endpoint": {
            "lms.quiz_trainer.grade_attempt": {"attempt_id": str(essay.id).encode()},
            "lms.quiz_trainer.quiz_results": {"item_id": str(check.item_id).encode()},
            "lms.quizzes.start": {"item_id": str(check.item_id).encode()},
        },
    }


def _item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def _multidict(data: dict[str, Any]) -> MultiDict:
    pairs = [(k, x) for k, v in data.items() for x in (v if isinstance(v, list) else [v])]
    return MultiDict(pairs)


class Walker:
    """One role's client: sends the valid request for a rule, and the hostile ones."""

    def __init__(self, server: Flask, world: dict[str, Any], role: str, walk: Walk) -> None:
        user = world["people"].get(role)
        self.client, self.csrf = signed_in_client(server, user)
        self.role, self.world, self.walk = role, world, walk
        self.email = user.email if user else world["people"]["learner"].email
        self.token = world["tokens"].get(role)
        self.forms: dict[tuple[str, str], Form] = {}
        for page in EXTRA_PAGES:  # only for the forms they show
            self.collect_forms(page, self.client.get(page))

    def collect_forms(self, page: str, response: Any) -> None:
        if response.status_code == 200 and "html" in response.content_type:
            for form in forms_of(response.get_data(as_text=True), page, self.email):
                self.forms.setdefault((form.method, form.action), form)

    def values(self, rule: Rule) -> dict[str, bytes]:
        special = self.world["by_endpoint"].get(rule.endpoint, {})
        samples = self.world["samples"]
        return {a: special.get(a) or samples.get(a, b"1") for a in rule.arguments}

    def form_of(self, rule: Rule, method: str) -> Form | None:
        return self.forms.get((method, path_bytes(rule, self.values(rule)).decode()))

    def send(
        self,
        rule: Rule,
        method: str,
        label: str,
        path: bytes,
        query: bytes = b"",
        body: bytes | None = None,
        content_type: str = FORM,
    ) -> Any:
        headers = {}
        if path.startswith(b"/api/") and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        elif method != "GET":
            headers["X-CSRFToken"] = self.csrf
        response = self.client.open(
            "/",
            method=method,
            query_string=query.decode("ascii"),
            data=body,
            content_type=content_type if body is not None else None,
            headers=headers,
            environ_overrides=environ_for(path),
        )
        response.get_data()  # buffered, so the response (a static file, say) can be closed
        response.close()
        self.walk.check(self.role, f"{method} {path[:100]!r} {label}", response, rule.endpoint)
        return response

    def form_body(self, fields: list[tuple[str, str]], replace: str | None, value: bytes) -> bytes:
        pairs = [(k, v.encode()) for k, v in fields if k not in {replace, "csrf_token"}]
        if replace is not None:
            pairs.append((replace, value))
        return encode_pairs([("csrf_token", self.csrf.encode()), *pairs])

    def valid_body(self, rule: Rule, method: str, path: bytes) -> tuple[bytes, str]:
        if path.startswith(b"/api/"):
            return json.dumps(self.world["api_examples"].get(rule.rule, {})).encode(), JSON
        form = self.form_of(rule, method)
        return self.form_body(form.fields if form else [], None, b""), FORM

    def baseline(self, rule: Rule, method: str) -> tuple[int, set[str]]:
        """The request with valid values: its status, and the names the view read."""
        path = path_bytes(rule, self.values(rule))
        RecordingArgs.seen.clear()
        if method == "GET":
            response = self.send(rule, method, "valid", path)
            self.collect_forms(path.decode(), response)
        else:
            body, content_type = self.valid_body(rule, method, path)
            response = self.send(rule, method, "valid", path, body=body, content_type=content_type)
        return response.status_code, set(RecordingArgs.seen) - {"csrf_token"}

    def hostile(self, rule: Rule, method: str, reads: set[str]) -> None:
        """Each hostile value in each path variable, each name the view reads, each field."""
        values = self.values(rule)
        path = path_bytes(rule, values)
        form = self.form_of(rule, method)
        fields, names = (form.fields, set(form.names)) if form else ([], set())
        body, content_type = (
            (None, FORM) if method == "GET" else self.valid_body(rule, method, path)
        )
        for name in rule.arguments:
            for bad in HOSTILE_PATH:
                bad_path = path_bytes(rule, {**values, name: bad})
                self.send(rule, method, f"<{name}>", bad_path, body=body, content_type=content_type)
        # A GET form's fields travel in the query; a POST's are tried as form fields below.
        query_names = reads | names if method == "GET" else reads - names
        for name in sorted(query_names):
            for bad in HOSTILE_QUERY:
                query = encode_pairs([(name, bad)])
                self.send(rule, method, f"?{name}", path, query, body, content_type)
        if method != "GET" and not path.startswith(b"/api/"):
            for name in sorted(names | reads):
                secret = form is not None and name in form.passwords
                for bad in HOSTILE_SECRET if secret else HOSTILE_FORM:
                    body = self.form_body(fields, name, bad)
                    self.send(rule, method, f"form {name}", path, body=body)
        if form is not None and form.has_file:
            self.upload(rule, path, form)
        if method != "GET" and path.startswith(b"/api/"):
            self.json_bodies(rule, method, path)

    def upload(self, rule: Rule, path: bytes, form: Form) -> None:
        """A file that is not text, or too large, sent with each button (check, save...)."""
        fields = {k: v for k, v in form.fields if k not in form.buttons}
        for bad in (b"Q\x00 {T}", b"\xed\xa0\x80", b"\xff\xfe\x00", b"A" * 2_000_000):
            for button in [None, *form.buttons]:
                data: dict[str, Any] = {**fields, "csrf_token": self.csrf}
                if button is not None:
                    data[button] = "1"
                for name in set(form.names) - set(data) - set(form.buttons):
                    data[name] = (io.BytesIO(bad), "bank.gift")
                response = self.client.post(path.decode(), data=data)
                response.close()
                # Werkzeug's test client spools a large body to a temporary file of its own.
                response.request.environ["wsgi.input"].close()
                label = f"upload {bad[:8]!r} with {button} to {path!r}"
                self.walk.check(self.role, label, response, rule.endpoint)

    def json_bodies(self, rule: Rule, method: str, path: bytes) -> None:
        example = self.world["api_examples"].get(rule.rule, {})
        bodies = [b"{", b"\xed\xa0\x80", b'{"note": "\\ud800"}', b'{"note": "\\u0000"}']
        for bad in HOSTILE_JSON:
            bodies.append(json.dumps(bad).encode())
            bodies += [json.dumps({**example, name: bad}).encode() for name in example]
        for body in bodies:
            self.send(rule, method, f"json {body[:60]!r}", path, body=body, content_type=JSON)


#: Who walks a rule's hostile values: the first of these whose valid request got through.
PREFERENCE = ("learner", "focal_point", "trainer", "analyst", "admin")


def _stopped_at_the_door(status: int, reads: set[str]) -> bool:
    """Refused before the view looked at anything (sign in first, or not for this role)."""
    return status in {401, 403} or (status == 302 and not reads)


def _walk_group(walkers: dict[str, Walker], rules: list[tuple[Rule, str]]) -> None:
    """Valid requests for every role; then the hostile ones, from the role whose valid request
    got furthest, and from visitors too where the view serves them."""
    for rule, method in rules:
        with_form = [r for r in PREFERENCE if walkers[r].form_of(rule, method)]
        outcomes: dict[str, tuple[int, set[str]]] = {}
        if with_form:  # before the valid request, which may close what the form is for
            walkers[with_form[0]].hostile(rule, method, set())
        for role, walker in walkers.items():
            outcomes[role] = walker.baseline(rule, method)
        through = [r for r in PREFERENCE if outcomes[r][0] < 400] or [
            r for r in PREFERENCE if not _stopped_at_the_door(*outcomes[r])
        ]
        for role in [] if with_form else through[:1]:
            walkers[role].hostile(rule, method, outcomes[role][1])
        # A visitor's request the view serves (signing in, text kept after the session ended).
        if outcomes["anonymous"][1] or outcomes["anonymous"][0] < 300:
            walkers["anonymous"].hostile(rule, method, outcomes["anonymous"][1])


def test_no_route_answers_hostile_input_with_a_server_error(server, world):
    """Every route, every role, hostile values in every place: 0 responses of 500 or more."""
    server.request_class = RecordingRequest
    server.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 is counted, and the walk goes on
    world["api_examples"] = _api_examples(server)
    walk = Walk()
    started = time.monotonic()
    walkers = {role: Walker(server, world, role, walk) for role in ROLES}
    rules = list(rules_of(server))
    signing_out = [(r, m) for r, m in rules if r.endpoint.startswith(SIGNS_OUT)]
    pages = [(r, m) for r, m in rules if m == "GET" and (r, m) not in signing_out]
    writes = [(r, m) for r, m in rules if m != "GET" and (r, m) not in signing_out]
    with got_request_exception.connected_to(walk.record, server):
        for group in (pages, writes, signing_out):  # pages first: they show the forms to post
            _walk_group(walkers, group)
    took = time.monotonic() - started
    assert not walk.failures, "server errors:\n" + "\n".join(
        f"{where}: {len(sent)} requests, e.g. {sent[0][:200]}"
        for where, sent in walk.failures.items()
    )
    # The walk must reach the views, not only the sign-in page and 404s.
    assert walk.requests > 2000
    assert len(walk.reached["admin"]) >= 25
    assert len(walk.reached["learner"]) >= 12
    assert "lms.api.update_ta_need" in walk.reached["analyst"]
    print(f"{walk.requests} requests in {took:.1f} s")


def _api_examples(server: Flask) -> dict[str, dict[str, Any]]:
    """Per API rule, a valid request body built from its OpenAPI schema (an enum's last value,
    a short text), so the walk can replace one property at a time."""
    document = server.test_client().get("/api/v1/openapi.json").get_json()
    rules = {re.sub(r"<(?:\w+:)?(\w+)>", "{}", r.rule): r.rule for r in server.url_map.iter_rules()}
    found: dict[str, dict[str, Any]] = {}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            name = schema.get("$ref", "").rsplit("/", 1)[-1]
            resolved = document["components"]["schemas"].get(name, schema)
            rule = rules[re.sub(r"\{\w+\}", "{}", "/api/v1" + path)]
            found[rule] = {
                key: prop["enum"][-1] if "enum" in prop else "Checked."
                for key, prop in resolved.get("properties", {}).items()
            }
    return found


# The walk proves "no 500"; these say what the clear 4xx is, one kind of hostile input each.


@pytest.fixture
def focal(make_user, login_as) -> User:
    user = make_user(role="focal_point", country="KZ")
    login_as(user)
    return user


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/countries/KZ\x00/designations", ""),
        ("/countries/\xed\xa0\x80/designations", ""),  # raw bytes, as a server passes them
        ("/countries/KZ/designations", "page=%00"),
        ("/countries/KZ/designations", "page=%ED%A0%80"),
    ],
)
def test_a_nul_byte_or_a_lone_surrogate_in_the_address_is_a_400(client, focal, path, query):
    response = client.get("/", query_string=query, environ_overrides={"PATH_INFO": path})
    assert response.status_code == 400
    assert "NUL byte or text that is not UTF-8" in response.get_data(as_text=True)


@pytest.mark.parametrize("text", [b"Article%001", b"Article%ED%A0%801"])
def test_a_nul_byte_or_a_lone_surrogate_in_a_form_field_is_a_400(client, focal, text):
    token = csrf_token_from(client.get("/countries/KZ/designations").get_data(as_text=True))
    body = b"csrf_token=" + token.encode() + b"&kind=" + text
    response = client.post("/countries/KZ/designations", data=body, content_type=FORM)
    assert response.status_code == 400
    assert "A form field holds a NUL byte" in response.get_data(as_text=True)


def test_percent_escapes_of_nul_typed_as_text_are_only_text(client, focal):
    """``%2500`` is the text "%00", not a NUL byte: it reaches the view, which 404s it."""
    response = client.get("/countries/%2500/designations")
    assert response.status_code == 404


@pytest.fixture
def analyst_headers(world) -> dict[str, str]:
    return {"Authorization": f"Bearer {world['tokens']['analyst']}"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"status": "open", "note": "\\u0000"}', "NUL character or a lone surrogate"),
        (b'{"status": "open", "note": "\\ud800"}', "NUL character or a lone surrogate"),
        (b'{"status": ["open"]}', "status must be one of open, planned, addressed"),
        (b'{"status": "open", "note": 5}', "note must be of type string"),
        (b'["open"]', "The body must be of type object"),
        (b'{"note": "x"}', "The body needs 'status'"),
        (b"{not json", "The body must be of type object"),
    ],
)
def test_json_of_the_wrong_type_or_with_bad_text_is_a_json_400(
    client, world, analyst_headers, body, message
):
    need = world["samples"]["need_id"].decode()
    response = client.patch(
        f"/api/v1/ta-needs/{need}", data=body, content_type=JSON, headers=analyst_headers
    )
    assert response.status_code == 400
    assert response.is_json
    assert message in response.get_json()["message"]


@pytest.mark.parametrize("need_id", [str(2**31), str(2**63), str(2**70), "-1"])
def test_an_id_past_the_database_integers_or_negative_is_a_404(
    client, world, analyst_headers, need_id
):
    response = client.patch(
        f"/api/v1/ta-needs/{need_id}", json={"status": "open"}, headers=analyst_headers
    )
    assert response.status_code == 404
    assert response.is_json


def test_a_page_past_the_last_shows_the_last(client, make_user, login_as):
    login_as(make_user(role="admin", country=None))
    response = client.get(f"/admin/users?page={10**30}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "admin1@example.org" in html  # the only page, not an empty one past the end


def test_a_choice_outside_the_list_is_a_form_error(client, focal, make_user, post_form):
    person = make_user(country="KZ")
    url = "/countries/KZ/designations"
    data = {"person": person.id, "kind": "emperor", "area": "0", "valid_from": "2026-03-01"}
    response = post_form(url, data)
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("valid_from", "valid_until"),
    [
        ("9999-12-31", ""),  # three years on would be past year 9999
        ("0001-01-01", ""),
        ("2026-03-01", "9999-12-31"),
        ("99999-01-01", ""),  # not a date Python can hold
        ("2026-02-30", ""),  # not in the calendar
    ],
)
def test_a_date_out_of_range_is_a_form_error(
    client, focal, make_user, post_form, valid_from, valid_until
):
    person = make_user(country="KZ")
    url = "/countries/KZ/designations"
    data = {
        "person": person.id,
        "kind": "chief_negotiator",
        "area": "0",
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    response = post_form(url, data)
    assert response.status_code == 200
    assert 'class="error" id="valid_' in response.get_data(as_text=True)
    assert db.session.scalar(select(Designation).where(Designation.user_id == person.id)) is None


@pytest.mark.parametrize(
    "target",
    [
        "/catalog\r\nSet-Cookie: stolen=1",
        "/catalog%0D%0ASet-Cookie:%20stolen=1",
        "/\\evil.example",
        "//evil.example/",
        "https://evil.example/",
    ],
)
def test_a_next_with_cr_lf_or_another_host_goes_home(client, make_user, target):
    user = make_user()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "stolen" not in response.headers.get("Set-Cookie", "")


def test_a_next_on_this_site_is_followed(client, make_user):
    user = make_user()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        query_string={"next": "/catalog?area=TF"},
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/catalog?area=TF"


def test_an_uploaded_bank_with_a_nul_byte_is_refused_with_its_line(client, make_user, login_as):
    login_as(make_user(role="trainer", country=None))
    token = csrf_token_from(client.get("/trainer/banks/new").get_data(as_text=True))
    gift = io.BytesIO(b"::Q1:: Is the sky blue? {T}\n\n::Q2:: Is grass\x00 green? {T}\n")
    data = {"csrf_token": token, "name": "nul-bank", "save": "1", "upload": (gift, "b.gift")}
    response = client.post("/trainer/banks/new", data=data)
    assert response.status_code == 200
    assert "Line 3: the file holds a NUL byte." in response.get_data(as_text=True)
    assert client.get("/trainer/banks/nul-bank").status_code == 404
