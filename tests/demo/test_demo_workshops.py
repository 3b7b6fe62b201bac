"""``lms demo`` ties every shipped deep dive to a workshop, and the held ones complete the
workshop items of the people who attended."""

from sqlalchemy import select

from cartif_lms import db
from cartif_lms.content.models import Track, TrackKind
from cartif_lms.learning.models import Completion
from cartif_lms.workshops.kind import track_workshops, workshop_items
from cartif_lms.workshops.models import Workshop, WorkshopCompletion


def test_every_deep_dive_has_one_workshop_item_and_a_workshop_it_lists(demo):
    deep_dives = db.session.scalars(
        select(Track).where(Track.kind == TrackKind.workshop, Track.retired_at.is_(None))
    ).all()
    assert len(deep_dives) == 8
    for track in deep_dives:
        items = workshop_items(track.id)
        assert len(items) == 1, track.slug
        # The item is the track's last step: after it comes nothing in the last module.
        last_module = max(
            (m for m in track.modules if m.retired_at is None), key=lambda m: m.position
        )
        assert items[0].module_id == last_module.id
        assert (
            max(i.position for i in last_module.items if i.retired_at is None) == items[0].position
        )
        assert track_workshops(track.id), track.slug


def test_the_held_deep_dives_complete_the_workshop_item_of_those_who_completed_them(demo):
    held = 0
    for workshop in db.session.scalars(select(Workshop).where(Workshop.track_id.is_not(None))):
        item = workshop_items(workshop.track_id)[0]
        done = set(
            db.session.scalars(
                select(Completion.user_id).where(
                    Completion.item_id == item.id, Completion.completed_at.is_not(None)
                )
            )
        )
        completed = set(
            db.session.scalars(
                select(WorkshopCompletion.user_id).where(
                    WorkshopCompletion.workshop_id == workshop.id
                )
            )
        )
        assert done == completed, workshop.title
        held += bool(completed)
    assert held == 2  # the trade facilitation and SPS deep dives
