"""Two administrators confirm one erasure at once; a focal point opens their country page in
several tabs at once: one erasure, one checklist tick."""

from __future__ import annotations

from cartif_lms.audit import Action, AuditEntry
from cartif_lms.core.models import ChecklistTick
from tests.concurrency.checks import count
from tests.concurrency.conftest import at_once

TABS = 6


def test_two_administrators_erasing_one_person_at_once_erase_once(curriculum, make_user, browsers):
    person = make_user(country="KZ", name="Aigerim Twice", email="aigerim@example.org")
    first, second = browsers([make_user(role="admin", country=None) for _ in range(2)])
    page = f"/privacy/people/{person.id}/erase"
    confirms = [tab.ready_to_post(page, {"email": person.email}) for tab in (first, second)]

    replies = at_once(*confirms, *confirms)

    assert sorted(r.status for r in replies) == [200, 200, 200, 302]  # the others are told
    erased = count(
        AuditEntry,
        AuditEntry.action == Action.account_erased.value,
        AuditEntry.subject_user_id == person.id,
    )
    assert erased == 1


def test_opening_the_country_page_in_several_tabs_at_once_ticks_the_step_once(
    curriculum, make_user, browser
):
    focal_point = make_user(role="focal_point", country="KZ")
    tab = browser(focal_point)

    replies = at_once(*[lambda: tab.get("/capacity/countries/KZ")] * TABS)

    assert [r.status for r in replies] == [200] * TABS
    step = ChecklistTick.step == "focal_point.country_page"
    assert count(ChecklistTick, ChecklistTick.user_id == focal_point.id, step) == 1
