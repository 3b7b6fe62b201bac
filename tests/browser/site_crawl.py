"""Walk every page a demo role can reach, for the browser tests that check each page (phone
layout, accessibility): one definition of "every page" shared by them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from cartif_lms.demo.accounts import DEMO_ACCOUNTS, DemoAccount

#: Pages visited per role, and per kind of page (the same path with other ids): enough to meet
#: every template a role reaches, in minutes on two cores.
PAGES_PER_ROLE = 70
PAGES_PER_KIND = 2
#: Links that are no page to lay out: files, feeds and the API.
NOT_PAGES = re.compile(r"(\.(pdf|csv|ics|gift|json|svg|png|xlsx|zip)$)|^/(api|static)/|/export")


def kind_of_page(path: str) -> str:
    """``/workshops/3`` and ``/workshops/4`` are one kind of page, as are two countries'."""
    # Ids, verification codes and country codes.
    return re.sub(r"/(\d+|[A-Z0-9]{10,}|[A-Z]{2})(?=/|$)", "/<id>", urlsplit(path).path)


def kind_of_template(path: str) -> str:
    """Coarser than :func:`kind_of_page`: all tracks are one kind, as are all modules and all
    lessons, and all negotiating areas (``SPS``), for checks of markup that a template writes
    the same for every slug."""
    kind = re.sub(r"/[A-Z]{2,4}(?=/|$)", "/<id>", kind_of_page(path))
    return re.sub(r"^/tracks(/[^/]+)(/[^/]+)?(/[^/]+)?", _slugs, kind)


def _slugs(match: re.Match[str]) -> str:
    return "/tracks" + "/<slug>" * sum(1 for group in match.groups() if group)


def one_account_per_role() -> list[DemoAccount]:
    """The first demo account of each role, in the order the demo lists them."""
    seen: dict[str, DemoAccount] = {}
    for account in DEMO_ACCOUNTS:
        seen.setdefault(account.role, account)
    return list(seen.values())


def demo_account(role: str) -> DemoAccount:
    """The first demo account with ``role``."""
    return next(a for a in one_account_per_role() if a.role == role)


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/login")  # in any language: found by field names
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()


def same_origin_links(page: Any, base_url: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    origin = urlsplit(base_url).netloc
    paths = []
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if url.netloc != origin or NOT_PAGES.search(url.path):
            continue
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def crawl(
    page: Any,
    base_url: str,
    visit: Callable[[Any, str], None],
    pages_per_kind: int = PAGES_PER_KIND,
    limit: int = PAGES_PER_ROLE,
    kind: Callable[[str], str] = kind_of_page,
    server_errors: list[str] | None = None,
) -> int:
    """Walk the HTML pages reachable from the home page, breadth first, calling
    ``visit(page, path)`` on each once it has loaded; the number of pages visited. Paths that
    answered with a 5xx go into ``server_errors`` when it is given."""
    queue, seen, kinds = ["/"], set(), Counter[str]()
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or kinds[kind(path)] >= pages_per_kind:
            continue
        seen.add(path)
        kinds[kind(path)] += 1
        try:
            response = page.goto(path)
        except Exception as error:  # a link that turns out to be a download
            if "Download is starting" in str(error):
                continue
            raise
        if response is not None and response.status >= 500 and server_errors is not None:
            server_errors.append(f"{path}: {response.status}")
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visit(page, path)
        queue.extend(p for p in same_origin_links(page, base_url) if p not in seen)
    return len(seen)
