"""An example item kind, added the way a later issue (or a host) adds one: a reading list.

``Readings:`` lists what to read, separated by semicolons; the page shows the list below the
text, ``/readings/<id>.txt`` gives it as plain text, and the learner marks the item complete
by hand, as a lesson (the default completion rule).
"""

from pathlib import Path

from flask import Blueprint, Response, abort, render_template_string
from flask_login import current_user, login_required
from markupsafe import Markup

from cartif_lms import db
from cartif_lms.auth.models import User
from cartif_lms.content.kinds import ItemKind, ItemSettings, Viewing
from cartif_lms.content.loader import Header, Reader
from cartif_lms.content.models import Item
from cartif_lms.content.snapshot import ItemInfo
from cartif_lms.learning.services import require_to_open

PANEL = """<section class="panel reading-list"><h2>{{ _("Readings") }}</h2>
<ul>{% for reading in readings %}<li>{{ reading }}</li>{% endfor %}</ul></section>"""

blueprint = Blueprint("reading_list", __name__)


@blueprint.get("/readings/<int:item_id>.txt")
@login_required
def readings_text(item_id: int) -> Response:
    item = db.session.get(Item, item_id)
    if item is None or item.kind != READING_LIST.name:
        abort(404)
    require_to_open(current_user, item)  # the one take-training rule, as every kind's routes
    return Response("\n".join(item.settings["readings"]), mimetype="text/plain")


class ReadingListKind(ItemKind):
    name = "reading-list"
    label = "Reading list"
    header_keys = frozenset({"readings"})

    def read_settings(self, reader: Reader, path: Path, header: Header) -> ItemSettings:
        readings = [r.strip() for r in header.values.get("readings", "").split(";") if r.strip()]
        if not readings:
            line = header.lines.get("readings", 1)
            reader.error(path, line, "a reading list needs 'Readings:' (separated by ';')")
        return ItemSettings({"readings": readings})

    def panel(self, viewer: User, item: ItemInfo, access: Viewing) -> Markup:
        readings = db.session.get_one(Item, item.id).settings["readings"]
        return Markup(render_template_string(PANEL, readings=readings))

    def blueprint(self) -> Blueprint:
        return blueprint


READING_LIST = ReadingListKind()
