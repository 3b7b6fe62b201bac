"""Page weight benchmark: what each main page costs a reader on a slow or metered link.

Target (issue 12): the capacity dashboard weighs under 60 KB compressed with the demo data.

    .venv/bin/python bench/page_weight_bench.py

Seeds a fresh SQLite database in a temporary folder with the shipped curriculum and ``lms
demo``, signs in as one demo account of each role and fetches the role's main pages (home and
the main navigation). For each page it prints the HTML's bytes uncompressed, gzip and brotli as
served, the bytes of its static subresources (stylesheets, icons, images) as served with
brotli, and the requests a first visit makes (the HTML and each subresource) and a later visit
makes (the HTML alone: subresources have fingerprinted URLs cached for a year). Exits 1 if the
dashboard misses its target.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.capacity_bench import SECRET_KEY, sqlite_database  # noqa: E402
from cartif_lms import create_app, db  # noqa: E402
from cartif_lms.content.sync import sync_content  # noqa: E402
from cartif_lms.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD  # noqa: E402
from cartif_lms.demo.journeys import load_demo  # noqa: E402
from cartif_lms.directory.services import ensure_reference_data  # noqa: E402
from cartif_lms.resources import shipped_content_dir  # noqa: E402

DASHBOARD = "/capacity/dashboard"
DASHBOARD_TARGET = 60 * 1024  # bytes, compressed
ENCODINGS = ("identity", "gzip", "br")


class Subresources(HTMLParser):
    """The static files a page makes the browser fetch, and its main navigation's links."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []
        self.navigation: list[str] = []
        self._in_nav = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and found.get("rel") in {"stylesheet", "icon"} and found.get("href"):
            self.files.append(str(found["href"]))
        elif tag in {"img", "script"} and found.get("src"):
            self.files.append(str(found["src"]))
        elif tag == "nav" and "main-nav" in (found.get("class") or ""):
            self._in_nav = True
        elif tag == "a" and self._in_nav and found.get("href"):
            self.navigation.append(str(found["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_nav = False


def parse(html: str) -> Subresources:
    parser = Subresources()
    parser.feed(html)
    return parser


def served_bytes(client: Any, path: str, encoding: str) -> int:
    response = client.get(path, headers={"Accept-Encoding": encoding})
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(response.get_data())


def sign_in(client: Any, email: str) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token, "no CSRF token on the sign-in page"
    answer = client.post(
        "/login", data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token.group(1)}
    )
    assert answer.status_code == 302, f"{email} could not sign in"


def main_pages(client: Any, role: str) -> list[str]:
    home = parse(client.get("/").get_data(as_text=True))
    pages = ["/", *home.navigation]
    if role == "analyst" and DASHBOARD not in pages:
        pages.append(DASHBOARD)
    return list(dict.fromkeys(pages))


def weigh(client: Any, path: str) -> dict[str, Any]:
    sizes = {encoding: served_bytes(client, path, encoding) for encoding in ENCODINGS}
    files = list(dict.fromkeys(parse(client.get(path).get_data(as_text=True)).files))
    sizes["static_br"] = sum(served_bytes(client, file, "br") for file in files)
    sizes["first_requests"] = 1 + len(files)
    # A later visit fetches again only what is not cached for good.
    cached = [f for f in files if "immutable" in client.get(f).headers.get("Cache-Control", "")]
    sizes["later_requests"] = 1 + len(files) - len(cached)
    return sizes


def one_account_per_role() -> list[Any]:
    accounts: dict[str, Any] = {}
    for account in DEMO_ACCOUNTS:
        accounts.setdefault(account.role, account)
    return list(accounts.values())


def main() -> int:
    dashboard_weight = None
    with sqlite_database() as url:
        app = create_app(
            {"LMS_ENV": "testing", "LMS_DATABASE_URL": url, "LMS_SECRET_KEY": SECRET_KEY}
        )
        with app.app_context():
            db.migrate_to_head(db.lms_state().engine)
            ensure_reference_data()
            sync_content(shipped_content_dir())
            load_demo()
            db.session.commit()
        print(
            f"{'role':<12} {'page':<34} {'HTML':>8} {'gzip':>8} {'br':>8} "
            f"{'static br':>10} {'requests first/later':>21}"
        )
        for account in one_account_per_role():
            client = app.test_client()
            sign_in(client, account.email)
            for path in main_pages(client, account.role):
                sizes = weigh(client, path)
                print(
                    f"{account.role:<12} {path:<34} {sizes['identity']:>8} {sizes['gzip']:>8} "
                    f"{sizes['br']:>8} {sizes['static_br']:>10} "
                    f"{sizes['first_requests']:>15} / {sizes['later_requests']}"
                )
                if path == DASHBOARD:
                    dashboard_weight = max(sizes["gzip"], dashboard_weight or 0)
        app.extensions["cartif_lms"].engine.dispose()
    if dashboard_weight is None:
        print("The dashboard was not reached.")
        return 1
    verdict = "meets" if dashboard_weight < DASHBOARD_TARGET else "MISSES"
    print(
        f"\nDashboard: {dashboard_weight} bytes gzip, {verdict} the target of "
        f"{DASHBOARD_TARGET} bytes compressed."
    )
    return 0 if dashboard_weight < DASHBOARD_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
