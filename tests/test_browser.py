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
# These machines are shared and noisy: give the browser time before calling a step failed.
expect.set_options(timeout=15_000)

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
    # The browser names 127.0.0.1; Flask's test client, beside it in some tests, localhost.
    app.config["TRUSTED_HOSTS"] = ["localhost", "127.0.0.1"]
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


def test_back_after_lock_shows_no_client_data(
    site: str, page: Page, world: World, problems: list[str]
) -> None:
    """A shared PC: lock, step away; Back must not bring the day page back."""
    sign_in(page, site, world.emails["receptionist"])
    expect(page.locator("#day")).to_contain_text(CLIENT)
    page.locator("header form[action='/lock'] button").click()
    page.wait_for_url(f"{site}/locked")

    page.go_back(wait_until="commit")
    page.wait_for_load_state()
    expect(page).to_have_url(f"{site}/locked")
    assert CLIENT not in page.content()
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


# --- the calendar --------------------------------------------------------------


def _english(page: Page) -> None:
    """Switch the interface to English, so the test reads the same whatever the clinic's
    language (the button names the other language)."""
    switch = page.locator("header button[name=language]")
    if switch.get_attribute("value") == "en":
        switch.click()
        page.wait_for_load_state()


def _small_targets(page: Page, selector: str) -> list[tuple[str, float, float]]:
    targets = page.locator(selector)
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
    return small


def _network_noise(problems: list[str]) -> list[str]:
    """A refused booking answers 422 on purpose; chromium logs that status as an error."""
    return [p for p in problems if "status of 422" not in p]


@pytest.fixture
def second_client(app: Flask, world: World) -> str:
    from app.extensions import db
    from app.models.scoping import clinic_scope
    from app.services import clients

    with app.app_context(), clinic_scope(world.clinic_id):
        clients.create_client(world.clinic_id, "Can Ak")
        db.session.commit()
    return "Can Ak"


def test_receptionist_books_moves_and_meets_a_conflict(
    site: str, page: Page, world: World, second_client: str, problems: list[str]
) -> None:
    page.set_viewport_size(DESK)
    sign_in(page, site, world.emails["receptionist"])
    _english(page)
    therapist = world.user_ids["therapist"]
    day = page.locator("#day")
    panel = page.locator("#panel")

    # Tap a free slot: the panel opens with the booking form for that therapist and time.
    day.locator(f"button.free-slot[hx-get*='therapist={therapist}&start=2026-11-23T14:00']").click()
    expect(panel).to_be_visible()
    form = panel.locator("#appointment-form")
    expect(form.locator("input[name=time]")).to_have_value("14:00")
    form.locator("select[name=client_id]").select_option(label=second_client)
    form.locator("select[name=session_type]").select_option("intake")
    # Changing the type re-renders the form with its length, keeping what was chosen.
    expect(form.locator("input[name=duration]")).to_have_value("60")
    expect(form.locator("select[name=client_id] option:checked")).to_have_text(second_client)
    page.screenshot(path="/tmp/seans-calendar-booking.png")
    form.get_by_role("button", name="Book session").click()

    # The view reloads itself; the panel goes with it.
    booked = day.locator("button.entry", has_text=second_client)
    expect(booked).to_contain_text("14:00–15:00")
    expect(panel).to_be_hidden()
    assert _small_targets(page, "header.topbar :is(a, button), #day :is(a, button)") == []
    page.screenshot(path="/tmp/seans-calendar-day.png", full_page=True)

    # Move it to another free time.
    booked.click()
    expect(panel.locator("#appointment-detail")).to_contain_text(second_client)
    assert _small_targets(page, "#panel :is(a, button)") == []
    panel.get_by_role("button", name="Move", exact=True).click()
    move = panel.locator("#move-form")
    move.locator("input[name=time]").fill("15:30")
    move.get_by_role("button", name="Move", exact=True).click()
    expect(day.locator("button.entry", has_text=second_client)).to_contain_text("15:30–16:30")
    expect(panel).to_be_hidden()

    # Moving it onto Elif Kaya's session is refused, with the clash and free times nearby.
    day.locator("button.entry", has_text=second_client).click()
    panel.get_by_role("button", name="Move", exact=True).click()
    move = panel.locator("#move-form")
    move.locator("input[name=time]").fill("11:00")
    move.get_by_role("button", name="Move", exact=True).click()
    problem = panel.locator(".problem")
    expect(problem).to_contain_text("Conflicts with a session 11:00–11:50")
    expect(problem.locator("button[name=slot]")).to_have_count(3)
    assert _small_targets(page, "#panel :is(a, button)") == []
    page.screenshot(path="/tmp/seans-calendar-conflict.png")
    expect(day.locator("button.entry", has_text=second_client)).to_contain_text("15:30–16:30")
    assert _network_noise(problems) == []


@pytest.mark.parametrize(
    ("viewport", "shot"),
    [
        pytest.param(TABLET, "/tmp/seans-calendar-week-tablet.png", id="portrait"),
        pytest.param(
            {"width": 1280, "height": 800}, "/tmp/seans-calendar-week-landscape.png", id="landscape"
        ),
    ],
)
def test_therapist_week_on_a_tablet(
    site: str, page: Page, world: World, viewport: dict, shot: str, problems: list[str]
) -> None:
    page.set_viewport_size(viewport)
    page.goto(f"{site}/login")
    page.locator("input[name=email]").fill(world.emails["therapist"])
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_url(f"{site}/week")
    _english(page)
    week = page.locator("#week")
    expect(week).to_contain_text(CLIENT)
    expect(week.locator("thead th.col-head")).to_have_count(5)
    page.screenshot(path=shot, full_page=True)
    assert _small_targets(page, "header.topbar :is(a, button), #week :is(a, button)") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    heading = week.locator("h2").inner_text()
    week.get_by_role("link", name="Next week").click()
    page.wait_for_url(re.compile(r"/week\?date=2026-11-30$"))
    expect(week.locator("h2")).not_to_have_text(heading)
    expect(week).not_to_contain_text(CLIENT)
    assert problems == []


def test_month_overview_leads_to_the_day(
    site: str, page: Page, world: World, problems: list[str]
) -> None:
    page.set_viewport_size(DESK)
    sign_in(page, site, world.emails["receptionist"])
    _english(page)
    page.goto(f"{site}/month")
    month = page.locator("#month")
    expect(month.locator("td.today")).to_contain_text("1 session")
    page.screenshot(path="/tmp/seans-calendar-month.png", full_page=True)
    assert _small_targets(page, "#month :is(a, button)") == []
    month.locator("td.today a").click()
    page.wait_for_url(f"{site}/day?date=2026-11-23")
    expect(page.locator("#day")).to_contain_text(CLIENT)
    assert problems == []


# --- session notes -------------------------------------------------------------------


def test_therapist_prepares_writes_and_signs_a_note_on_a_tablet(
    site: str, browser: Browser, app: Flask, world: World, clock: FakeClock
) -> None:
    """Ten minutes before the 11:00 session the week shows last week's note; the therapist
    opens today's note, writes, lets it autosave and signs it (1024x768, touch)."""
    from app.extensions import db
    from app.models import Clinic, NoteTemplate, User
    from app.models.scoping import clinic_scope
    from app.services import appointments, notes

    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        therapist = db.session.get_one(User, world.user_ids["therapist"])
        earlier = appointments.book_appointment(
            clinic,
            therapist.id,
            world.client_id,
            clock() - timedelta(days=7, hours=-1),
            "individual",
        )
        note = notes.start_note(earlier, therapist, NoteTemplate.FREE)
        notes.save_draft(note, therapist, {"text": "Last week: sleep is better."}, based_on=0)
        notes.sign_note(note, therapist, based_on=1)
        db.session.commit()
    clock.current = clock.current + timedelta(minutes=50)  # 10:50 in Istanbul

    tablet = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True)
    try:
        page = tablet.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{site}/login")
        page.locator("input[name=email]").fill(world.emails["therapist"])
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form").get_by_role("button").click()
        page.wait_for_url(f"{site}/week")
        _english(page)
        panel = page.locator("#up-next")
        expect(panel).to_contain_text(f"Up next: {CLIENT}")
        expect(panel).to_contain_text("Last week: sleep is better.")
        expect(panel).to_contain_text("16 Nov 2026")
        page.screenshot(path="/tmp/seans-up-next-tablet.png", full_page=True)
        # The next poll names the session on screen and leaves the panel as it is.
        with page.expect_response(re.compile(r"/up-next\?shown=")) as polled:
            page.evaluate("htmx.trigger(document.getElementById('up-next'), 'load')")
        assert polled.value.status == 204
        expect(panel).to_contain_text("Last week: sleep is better.")

        panel.get_by_role("link", name="Open today’s note").tap()
        page.get_by_role("button", name="Start the note").tap()
        text = page.locator("textarea[name=text]")
        text.fill("Today: talked about work.")
        status = page.locator("#note-status")
        expect(status).to_contain_text("Saved at", timeout=20_000)
        expect(status.locator("input[name=version]")).to_have_value("1")
        expect(text).to_have_value("Today: talked about work.")  # not clobbered by the swap
        page.get_by_role("button", name="Sign…").tap()
        page.get_by_role("button", name="Sign the note").tap()
        expect(page.locator(".note-text")).to_contain_text("Today: talked about work.")
        expect(page.locator("textarea[name=text]")).to_have_count(1)  # the amendment box only
        expect(page.get_by_label("Add an amendment")).to_be_visible()
        page.screenshot(path="/tmp/seans-note-signed-tablet.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1024
        assert problems == []
    finally:
        tablet.close()


PHONE = {"width": 390, "height": 844}  # a phone held upright


def test_client_asks_for_another_time_from_the_sms_link_on_a_phone(
    site: str, browser: Browser, app: Flask, world: World, clock: FakeClock, tmp_path
) -> None:
    """The reminder goes out through the fake gateway; on a phone the client opens the
    link in it, asks for another time and picks one; the receptionist sees the request."""
    from app.extensions import db
    from app.fakesms import FakeGateway
    from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
    from app.models import Client, Clinic, ConsentKind, ConsentMethod, User
    from app.models.scoping import clinic_scope
    from app.services import appointments, consent, outbox, outbox_sending

    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as gateway:
        app.config.update(
            VONAGE_API_KEY=FAKE_API_KEY,
            VONAGE_API_SECRET=FAKE_API_SECRET,
            VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
            VONAGE_REST_HOST=gateway.rest_host,
            VONAGE_CA_BUNDLE=str(gateway.cert_path),
            PUBLIC_URL=site,
        )
        with app.app_context(), clinic_scope(world.clinic_id):
            clinic = db.session.get_one(Clinic, world.clinic_id)
            client = db.session.get_one(Client, world.client_id)
            desk = db.session.get_one(User, world.user_ids["receptionist"])
            consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
            client.language = "en"
            appointments.book_appointment(
                clinic,
                world.user_ids["therapist"],
                client.id,
                clock() + timedelta(days=2, hours=4),  # Wednesday 14:00
                "individual",
            )
            db.session.commit()
            assert [outbox_sending.send_claimed(c) for c in outbox.claim_due(10)] == ["sent"]

        phone = browser.new_context(
            viewport=PHONE, has_touch=True, is_mobile=True, ignore_https_errors=True
        )
        try:
            page = phone.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(f"https://{gateway.rest_host}/")  # the fake's list of sent SMS
            page.locator("article a[href*='/r/']").first.tap()
            page.wait_for_url(re.compile(r"/r/[\w-]+$"))
            expect(page.locator("main")).to_contain_text("Elif")
            expect(page.locator("main")).not_to_contain_text("Kaya")  # first name only
            page.get_by_role("link", name="Ask for another time").tap()
            first_slot = page.locator("button[name=slot]").first
            asked = first_slot.inner_text()
            first_slot.tap()
            expect(page.locator("main")).to_contain_text("The clinic will let you know")
            page.screenshot(path="/tmp/seans-client-link-phone.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            assert [p for p in problems if "favicon" not in p] == []
        finally:
            phone.close()

    desk_context = browser.new_context(viewport=DESK)
    try:
        page = desk_context.new_page()
        sign_in(page, site, world.emails["receptionist"])
        _english(page)
        page.goto(f"{site}/requests")
        expect(page.locator("main")).to_contain_text(CLIENT)
        expect(page.locator("main")).to_contain_text(asked)
    finally:
        desk_context.close()
