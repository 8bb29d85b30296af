"""The app in a real browser: Debian's chromium driven by Playwright against a live server.

What only a browser can show: that Back after signing out does not bring client data back,
that HTMX swaps the day without a full page load and without CSP errors, that the lock
screen hides the day, and that touch targets are big enough at desk and tablet sizes.
Never run `playwright install`: the browser is Debian's (see RECIPES.md §1).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import PASSWORD, FakeClock, World
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect
from werkzeug.serving import make_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CLIENT = "Elif Kaya"
DESK = {"width": 1366, "height": 768}
TABLET = {"width": 800, "height": 1280}  # a 10-inch tablet held upright
TOUCH_MIN = 44  # px, the target size app.css promises


@pytest.fixture
def backend() -> str:
    """SQLite only: these tests exercise the browser, not the database (CI stays fast)."""
    return "sqlite"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # Playwright turns chromium's back/forward cache off by default; people's browsers have
    # it on, and it is exactly what could show a signed-out day again on Back.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "ignore_default_args": ["--disable-back-forward-cache"],
    }


@pytest.fixture(scope="session")
def browser(launch_browser: Callable[[], Browser]) -> Iterator[Browser]:
    """pytest-playwright's browser, restated here because conftest's `browser` (a Flask
    test client) would otherwise shadow it for `context` and `page`."""
    chromium = launch_browser()
    yield chromium
    chromium.close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app on a free loopback port. Its clock stays frozen (conftest's FakeClock),
    so the server-side idle timeout cannot end a session in the middle of a test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def site(live_server: str, world: World, context: BrowserContext) -> Iterator[str]:
    """The base URL, with browser contexts closed before the server stops."""
    yield live_server
    context.close()


@pytest.fixture
def problems(page: Page) -> list[str]:
    """Console errors (CSP violations are logged as errors) and uncaught page errors."""
    found: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        found.append(f"console: {message.text} @ {message.location.get('url')}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.append(f"pageerror: {error}"))
    return found


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_url(f"{base}/day")
    expect(page.locator("#day")).to_contain_text(CLIENT)


def session_cookies(context: BrowserContext, app: Flask) -> list[dict]:
    """This app's session cookies, each decoded."""
    serializer = app.session_interface.get_signing_serializer(app)
    return [
        serializer.loads(c["value"])
        for c in context.cookies()
        if c["name"] == app.config["SESSION_COOKIE_NAME"]
    ]


def test_back_after_sign_out_shows_no_client_data(
    site: str, page: Page, context: BrowserContext, app: Flask, world: World, problems: list[str]
) -> None:
    sign_in(page, site, world.emails["receptionist"])
    assert any("sid" in data for data in session_cookies(context, app))

    page.locator("header form[action='/logout'] button").click()
    page.wait_for_url(f"{site}/login")
    # The sign-in page starts a new anonymous session for its CSRF token; what must be
    # gone is the cookie that carried the signed-in session.
    assert not any("sid" in data for data in session_cookies(context, app))

    # "commit": a page restored from the back/forward cache fires no load event, and the
    # assertions below should fail at once in that case rather than time out in go_back.
    page.go_back(wait_until="commit")
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/login\b"))
    page.wait_for_load_state()
    assert CLIENT not in page.content()
    expect(page.locator("input[name=password]")).to_be_visible()
    assert not any("sid" in data for data in session_cookies(context, app))
    assert problems == []


def test_day_navigation_swaps_without_reload(
    site: str, page: Page, world: World, clock: FakeClock, problems: list[str]
) -> None:
    sign_in(page, site, world.emails["receptionist"])
    heading = page.locator("#day h2")
    today_heading = heading.inner_text()
    tomorrow = (
        clock().astimezone(ZoneInfo("Europe/Istanbul")).date() + timedelta(days=1)
    ).isoformat()
    page.evaluate("window.__marker = 1")

    page.locator(f"#day a[hx-get*='date={tomorrow}']").click()

    page.wait_for_url(f"{site}/day?date={tomorrow}")
    expect(heading).not_to_have_text(today_heading)
    expect(page.locator("#day")).not_to_contain_text(CLIENT)  # the session is today
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped"
    assert [p for p in problems if "Content Security Policy" in p] == []
    assert problems == []


def test_lock_screen_hides_the_day(
    site: str, page: Page, world: World, problems: list[str]
) -> None:
    sign_in(page, site, world.emails["receptionist"])

    page.locator("header form[action='/lock'] button").click()
    page.wait_for_url(f"{site}/locked")
    assert CLIENT not in page.content()
    page.goto(f"{site}/day")  # typing the address does not get past the lock
    page.wait_for_url(f"{site}/locked")
    assert CLIENT not in page.content()

    page.locator("form[action='/unlock'] input[name=password]").fill(PASSWORD)
    page.locator("form[action='/unlock'] button").click()
    page.wait_for_url(f"{site}/day")
    expect(page.locator("#day")).to_contain_text(CLIENT)
    assert problems == []


@pytest.mark.parametrize(
    ("viewport", "shot"),
    [
        pytest.param(DESK, "/tmp/seans-day.png", id="desk"),
        pytest.param(TABLET, "/tmp/seans-day-tablet.png", id="tablet"),
    ],
)
def test_touch_targets_on_the_day_page(
    site: str, page: Page, world: World, viewport: dict, shot: str, problems: list[str]
) -> None:
    page.set_viewport_size(viewport)
    sign_in(page, site, world.emails["receptionist"])
    page.screenshot(path=shot, full_page=True)

    targets = page.locator("header.topbar :is(a, button), #day :is(a, button)")
    small = []
    for i in range(targets.count()):
        target = targets.nth(i)
        if not target.is_visible():
            continue
        box = target.bounding_box()
        assert box is not None
        if box["height"] < TOUCH_MIN or box["width"] < TOUCH_MIN:
            small.append(
                (target.evaluate("e => e.outerHTML.slice(0, 80)"), box["width"], box["height"])
            )
    assert targets.count() >= 8  # brand, nav, language, lock, sign out, day arrows
    assert small == []
    # Nothing may stick out sideways on a tablet.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert problems == []
