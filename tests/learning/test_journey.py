"""A negotiator finds training, works through it in order and picks up where they left off."""

from sqlalchemy import func, select

from cartif_lms import db
from cartif_lms.content.models import Item
from cartif_lms.learning.models import Completion, TrackCompletion
from cartif_lms.learning.services import continue_point, mark_complete, track_progress
from cartif_lms.signals import track_completed

FIRST = "/tracks/basics/first-steps"
SECOND = "/tracks/basics/next-steps"


def item(slug: str) -> Item:
    return db.session.scalar(select(Item).where(Item.slug == slug))


def test_the_catalogue_groups_tracks_by_kind_and_level_and_filters_by_area(
    client, curriculum, make_user, login_as
):
    login_as(make_user())
    page = client.get("/catalog").get_data(as_text=True)
    assert page.index("Self-paced modules · Basic") < page.index(
        "Protocol deep dives · Intermediate"
    )
    assert "Basics of negotiation" in page
    assert "Deep dive on transit" in page
    filtered = client.get("/catalog?area=TF").get_data(as_text=True)
    assert "Deep dive on transit" in filtered
    assert "Basics of negotiation" not in filtered


def test_the_track_page_shows_what_is_locked_and_why(client, curriculum, make_user, login_as):
    login_as(make_user())
    page = client.get("/tracks/basics/").get_data(as_text=True)
    assert "Opens when you finish:" in page
    assert "0 of 2 done" in page


def test_a_locked_item_shows_what_to_finish_first_never_the_content(
    client, curriculum, make_user, login_as
):
    login_as(make_user())
    response = client.get(f"{SECOND}/batna")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "First steps" in page
    assert "The best alternative to a negotiated agreement" not in page


def test_a_learner_reads_a_lesson_and_marks_it_complete_once(
    client, curriculum, make_user, login_as, post_form
):
    learner = make_user()
    login_as(learner)
    lesson = client.get(f"{FIRST}/mandates").get_data(as_text=True)
    assert "A mandate is the instruction a delegation receives." in lesson
    assert 'rel="next"' in lesson
    assert "Positions and interests" in lesson
    first = post_form(f"{FIRST}/mandates/complete", {}, page=f"{FIRST}/mandates")
    assert first.status_code == 302
    assert first.headers["Location"].endswith(f"{FIRST}/positions")
    again = post_form(f"{FIRST}/mandates/complete", {}, page=f"{FIRST}/mandates")
    assert again.status_code == 302
    count = db.session.scalar(
        select(func.count()).select_from(Completion).where(Completion.user_id == learner.id)
    )
    assert count == 1
    assert "Completed" in client.get(f"{FIRST}/mandates").get_data(as_text=True)


def test_mark_complete_without_csrf_token_is_refused(client, curriculum, make_user, login_as):
    login_as(make_user())
    assert client.post(f"{FIRST}/mandates/complete").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 0


def test_finishing_a_module_unlocks_the_next(client, curriculum, make_user, login_as):
    learner = make_user()
    mark_complete(learner, item("basics/first-steps/mandates"))
    mark_complete(learner, item("basics/first-steps/positions"))
    db.session.commit()
    login_as(learner)
    response = client.get(f"{SECOND}/batna")
    assert response.status_code == 200
    assert "The best alternative to a negotiated agreement" in response.get_data(as_text=True)


def test_track_completion_is_derived_and_raised_exactly_once(app, curriculum, make_user):
    learner = make_user()
    events = []
    receiver = lambda sender, **kw: events.append((kw["user"].id, kw["track"].slug))  # noqa: E731
    track_completed.connect(receiver)
    try:
        reading = item("drafting-dive/brackets/reading")
        assert mark_complete(learner, reading).track_completed is True
        assert mark_complete(learner, reading).first_time is False
    finally:
        track_completed.disconnect(receiver)
    assert events == [(learner.id, "drafting-dive")]
    assert db.session.scalar(select(func.count()).select_from(TrackCompletion)) == 1
    track_id = reading.module.track_id
    progress = track_progress(learner, [track_id])[track_id]
    assert progress.complete
    assert progress.completed_at is not None


def test_retired_items_do_not_count_towards_totals(app, curriculum, make_user):
    learner = make_user()
    positions = item("basics/first-steps/positions")
    track_id = positions.module.track_id
    assert track_progress(learner, [track_id])[track_id].total == 5
    positions.retired_at = db.utcnow()
    mark_complete(learner, item("basics/first-steps/mandates"))
    progress = track_progress(learner, [track_id])[track_id]
    assert (progress.done, progress.total) == (1, 4)


def test_home_page_continues_where_the_learner_left_off(client, curriculum, make_user, login_as):
    learner = make_user()
    mark_complete(learner, item("basics/first-steps/mandates"))
    db.session.commit()
    assert continue_point(learner).slug == "basics/first-steps/positions"
    login_as(learner)
    home = client.get("/").get_data(as_text=True)
    assert "Continue where you left off" in home
    assert "/tracks/basics/first-steps/positions" in home


def test_a_newcomer_is_told_where_to_start(client, curriculum, make_user, login_as):
    login_as(make_user())
    home = client.get("/").get_data(as_text=True)
    assert "Start here" in home
    assert "Basics of negotiation" in home


def test_the_orientation_track_is_a_newcomers_first_step(
    client, make_user, login_as, tmp_path
):
    import shutil

    from cartif_lms.content.sync import sync_content
    from cartif_lms.learning.services import active_tracks
    from tests.conftest import DATA_DIR

    content = tmp_path / "content"
    shutil.copytree(DATA_DIR / "content", content)
    track = content / "courses/drafting-dive/track.md"
    track.write_text(
        track.read_text(encoding="utf-8").replace("Area: TF\n", "Area: TF\nOrientation: yes\n"),
        encoding="utf-8",
    )
    sync_content(content)
    db.session.commit()
    login_as(make_user())

    home = client.get("/").get_data(as_text=True)
    start_here = home[home.index("Start here") :]
    assert start_here.index("Deep dive on transit") < start_here.index("</section>")
    assert home.index("Start here") < home.index("Getting started"), "before the checklist"
    # In the catalogue it leads its section (kind and level still group the tracks).
    assert [t.slug for t in active_tracks()][0] == "drafting-dive"


def test_treaty_text_in_a_lesson_is_highlighted_and_explained(
    client, curriculum, make_user, login_as
):
    login_as(make_user())
    page = client.get("/tracks/drafting-dive/brackets/reading").get_data(as_text=True)
    assert 'class="treaty-endeavour"' in page
    assert 'class="treaty-bracket"' in page
    assert "treaty-legend" in page
    assert "/static/treaty.css" in page


def test_an_unknown_or_retired_page_is_not_found(client, curriculum, make_user, login_as):
    login_as(make_user())
    assert client.get("/tracks/no-such-track/").status_code == 404
    assert client.get(f"{FIRST}/no-such-item").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, curriculum):
    response = client.get("/catalog")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_lesson_page_costs_three_queries(server, client, curriculum, make_user, login_as):
    """The person, the content version, their completions: the hot path stays small."""
    from sqlalchemy import event

    login_as(make_user())
    client.get(f"{FIRST}/mandates")  # builds this worker's curriculum snapshot
    statements = []
    engine = server.extensions["cartif_lms"].engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(f"{FIRST}/mandates").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 3, statements
