"""Two tabs, a double click, a flaky connection: completion is counted once, whatever arrives."""

import http.client
import re
import threading
from urllib.parse import urlencode, urlsplit

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.learning.models import Completion, TrackCompletion
from tests.conftest import PASSWORD

LESSON = "/tracks/drafting-dive/brackets/reading"


def _request(base, method, path, cookie="", body=""):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    cookie_header = response.getheader("Set-Cookie") or ""
    connection.close()
    return response.status, cookie_header.split(";")[0], text


def _signed_in(base, email):
    _status, cookie, page = _request(base, "GET", "/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urlencode({"email": email, "password": PASSWORD, "csrf_token": token})
    status, cookie, _ = _request(base, "POST", "/login", cookie, body)
    assert status == 302
    _status, _c, page = _request(base, "GET", LESSON, cookie)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return cookie, token


def test_twelve_simultaneous_submits_record_one_completion_and_one_track_event(
    live_server, curriculum, make_user
):
    learner = make_user()
    cookie, token = _signed_in(live_server, learner.email)
    statuses = []
    start = threading.Barrier(12)

    def submit():
        start.wait()
        status, _c, _t = _request(
            live_server, "POST", f"{LESSON}/complete", cookie, urlencode({"csrf_token": token})
        )
        statuses.append(status)

    threads = [threading.Thread(target=submit) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * 12
    db.session.commit()
    completions = db.session.scalar(
        select(func.count()).select_from(Completion).where(Completion.user_id == learner.id)
    )
    events = db.session.scalar(
        select(func.count())
        .select_from(TrackCompletion)
        .where(TrackCompletion.user_id == learner.id)
    )
    assert (completions, events) == (1, 1)
