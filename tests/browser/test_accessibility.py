"""axe-core, in Chromium, on every page each demo role reaches, in English and in Russian: no
critical or serious violation (axe ships inside axe-playwright-python: nothing is fetched).
And what axe does not check: a rejected form's focus, and the focus ring's contrast."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from cartif_lms.demo.accounts import DEMO_PASSWORD
from tests.browser.site_crawl import (
    crawl,
    demo_account,
    kind_of_template,
    one_account_per_role,
    sign_in,
)

pytestmark = pytest.mark.browser

AXE = Axe()
#: What fails the test; moderate and minor findings are counted and listed in the README.
BLOCKING = {"critical", "serious"}
#: The language each run asks for, as the browser's Accept-Language (the demo accounts choose
#: none in their profile, so the browser's language is the one the LMS speaks).
LOCALES = {"en": "en-GB", "ru": "ru-RU"}
#: Every role, and someone not signed in (sign-in, registration, certificate check).
ROLES = ["visitor", *(account.role for account in one_account_per_role())]
#: Two pages of each kind of template (two lessons, two countries): more adds minutes and no
#: new markup.
PAGES_PER_KIND = 2


@pytest.fixture
def reader(browser_page: Any, demo_server: str) -> Iterator[Any]:
    """A function opening a page on the demo, in a new context for one language."""
    contexts = []

    def open_page(language: str) -> Any:
        context = browser_page.context.browser.new_context(
            base_url=demo_server, locale=LOCALES[language], viewport={"width": 1280, "height": 800}
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


#: Our own rules, beside axe's (which rates an empty header cell minor, and does not check
#: that aria-describedby names an element): each element breaking one, as "rule: element".
OWN_RULES = """() => {
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.getAttribute('name') ? '[name=' + e.getAttribute('name') + ']' : '');
  const found = [];
  for (const th of document.querySelectorAll('th')) {
    if (!th.textContent.trim() && !th.ariaLabel) found.push('empty-th: ' + name(th));
  }
  for (const e of document.querySelectorAll('[aria-describedby]')) {
    const ids = e.getAttribute('aria-describedby').split(/\\s+/);
    if (ids.some(id => !document.getElementById(id))) found.push('describedby-missing: ' + name(e));
  }
  for (const e of document.querySelectorAll('[role=img] a[href], [role=img] [tabindex]')) {
    found.push('focusable-in-image: ' + name(e));
  }
  return found;
}"""


def violations_on(page: Any, where: str) -> tuple[list[str], Counter[str]]:
    """axe's critical and serious violations on the loaded page and those of ``OWN_RULES``, one
    line per element; and a count of axe's others by rule and impact."""
    results = AXE.run(page)
    blocking, other = [], Counter[str]()
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            other[f"{violation['id']} ({violation['impact']})"] += len(violation["nodes"])
            continue
        for node in violation["nodes"]:
            target = " ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            blocking.append(f"{violation['id']} ({violation['impact']}) on {where}: {target}")
    blocking.extend(f"{found} on {where}" for found in page.evaluate(OWN_RULES))
    return blocking, other


@pytest.mark.parametrize("language", sorted(LOCALES))
@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_a_critical_or_serious_axe_violation(reader, demo_server, role, language):
    page = reader(language)
    if role != "visitor":
        sign_in(page, demo_account(role).email, DEMO_PASSWORD)
    else:
        page.goto("/")
    assert page.get_attribute("html", "lang") == language  # the run is in its language
    found: list[str] = []
    others = Counter[str]()
    elsewhere: list[str] = []

    def check(page: Any, path: str) -> None:
        if page.get_attribute("html", "lang") != language:
            elsewhere.append(path)  # a page not in the language was not checked in it
        blocking, other = violations_on(page, path)
        found.extend(blocking)
        others.update(other)

    failed: list[str] = []
    visited = crawl(
        page, demo_server, check, PAGES_PER_KIND, kind=kind_of_template, server_errors=failed
    )
    assert failed == [], f"server errors: {failed}"  # an error page says nothing of the page
    assert visited > (2 if role == "visitor" else 5), f"{role} reached only {visited} pages"
    # Shown with -rA, for the README's list of what is left.
    print(f"{role} {language}: {visited} pages; moderate and minor: {dict(others)}")
    assert found == [], "\n".join(found)
    assert elsewhere == [], f"not in {language}: {elsewhere}"


def test_a_rejected_form_puts_the_focus_on_its_error_summary(browser_page):
    page = browser_page
    page.goto("/password/forgot")
    page.locator("button[type=submit].primary").click()  # no email: refused
    page.wait_for_load_state()
    summary = page.locator(".form-errors")
    assert summary.is_visible()
    assert summary.evaluate("element => element === document.activeElement")
    link = summary.get_by_role("link")
    assert link.get_attribute("href") == "#email"
    link.click()
    assert page.evaluate("document.activeElement.id") == "email"
    blocking, _ = violations_on(page, "/password/forgot refused")
    assert blocking == [], "\n".join(blocking)


def test_without_javascript_a_refused_sign_in_still_takes_the_focus_to_its_message(
    browser_page, make_user, live_server
):
    person = make_user()
    context = browser_page.context.browser.new_context(
        base_url=live_server, java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, person.email, "not the password")
        # autofocus is the browser's, not a script's: the focused element is the message.
        focused = page.locator(":focus")
        assert focused.count() == 1
        assert "flash-error" in focused.get_attribute("class")
        page.goto("/password/forgot")
        page.locator("button[type=submit].primary").click()
        page.wait_for_load_state()
        assert "form-errors" in page.locator(":focus").get_attribute("class")
    finally:
        context.close()


#: The focus ring's colour and the background it is drawn on (what lies under a point of the
#: ring, just outside the element's box), for the element Tab has reached.
FOCUS_RING = """() => {
  const element = document.activeElement;
  if (element === document.body) return null;  // past the last link, before the first again
  const boxed = element.matches('.menu-toggle') ? element.nextElementSibling : element;
  const box = boxed.getBoundingClientRect();
  const x = box.left >= 4 ? box.left - 3 : box.right + 3;
  const clear = ['transparent', 'rgba(0, 0, 0, 0)'];
  const under = document.elementsFromPoint(x, box.top + box.height / 2)
    .filter(e => !boxed.contains(e) && !clear.includes(getComputedStyle(e).backgroundColor));
  const style = getComputedStyle(boxed);
  return {
    name: element.tagName + ' ' + (element.textContent || element.name || '').trim().slice(0, 30),
    ring: style.outlineStyle === 'none' ? null : style.outlineColor,
    ground: under.length ? getComputedStyle(under[0]).backgroundColor : 'rgb(255, 255, 255)',
  };
}"""


def contrast(one: str, other: str) -> float:
    """WCAG contrast of two ``rgb(r, g, b)`` colours."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_focus_ring_has_3_to_1_contrast_wherever_tab_goes(demo_server, reader, width):
    page = reader("en")
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, demo_account("learner").email, DEMO_PASSWORD)
    page.goto("/")
    rings = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if ring := page.evaluate(FOCUS_RING):
            rings.append(ring)
    weak = [r for r in rings if r["ring"] is None or contrast(r["ring"], r["ground"]) < 3]
    assert len({r["name"] for r in rings}) > 10
    assert weak == [], "\n".join(map(str, weak))
