"""A client's data request in a real browser (Debian's chromium, see tests/test_browser.py):
from the reminder's link on a phone to the admin's dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import PASSWORD, FakeClock, World
from flask import Flask
from playwright.sync_api import Browser, Page, expect

# The fixtures that launch chromium and serve the app live in test_browser.py.
from test_browser import (  # noqa: F401
    CLIENT,
    DESK,
    PHONE,
    TOUCH_MIN,
    _english,
    backend,
    browser,
    browser_type_launch_args,
    live_server,
    site,
)

pytestmark = pytest.mark.browser


def _send_reminder(app: Flask, world: World, clock: FakeClock, base: str, gateway) -> None:
    """The client agreed to SMS and reads English; booking a session sends its message."""
    from app.extensions import db
    from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
    from app.models import Client, Clinic, ConsentKind, ConsentMethod, User
    from app.models.scoping import clinic_scope
    from app.services import appointments, consent, outbox, outbox_sending

    app.config.update(
        VONAGE_API_KEY=FAKE_API_KEY,
        VONAGE_API_SECRET=FAKE_API_SECRET,
        VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
        VONAGE_REST_HOST=gateway.rest_host,
        VONAGE_CA_BUNDLE=str(gateway.cert_path),
        PUBLIC_URL=base,
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


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_client_asks_for_a_copy_from_the_reminder_and_the_admin_sees_it(
    site: str,  # noqa: F811
    browser: Browser,  # noqa: F811
    app: Flask,
    world: World,
    clock: FakeClock,
    tmp_path,
    capsys,
) -> None:
    """The reminder goes out through the fake gateway; on a phone the client opens its
    link, follows "Your data and privacy" to the clinic's page and asks for a copy of
    their data; the admin signs in and finds it on the dashboard with its due date."""
    from app.fakesms import FakeGateway

    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as gateway:
        _send_reminder(app, world, clock, site, gateway)
        phone = browser.new_context(
            viewport=PHONE, has_touch=True, is_mobile=True, ignore_https_errors=True
        )
        try:
            page = phone.new_page()
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(f"https://{gateway.rest_host}/")  # the fake's list of sent SMS
            page.locator("article a[href*='/r/']").first.tap()
            page.wait_for_url(re.compile(r"/r/[\w-]+$"))
            expect(page.locator("main")).to_contain_text("Elif")

            page.get_by_role("link", name="Your data and privacy").tap()
            page.wait_for_url(re.compile(r"/r/[\w-]+/privacy$"))
            main = page.locator("main")
            expect(main.get_by_role("heading", level=1)).to_have_text("Your data and privacy")
            expect(main).to_contain_text("all-MiniLM-L6-v2")
            expect(main).to_contain_text("Nothing records, transcribes or analyses your sessions")
            expect(main).to_contain_text("5 years after your last session")
            expect(main).to_contain_text("within 30 days")
            _fits(page, PHONE["width"])
            page.screenshot(path="/tmp/seans-privacy-page-phone.png", full_page=True)

            request_button = page.get_by_role("link", name="Make a request")
            box = request_button.bounding_box()
            assert box is not None and box["height"] >= TOUCH_MIN
            request_button.tap()
            page.wait_for_url(re.compile(r"/r/[\w-]+/privacy-request$"))
            choice = page.get_by_label("A copy of my data")
            choice.tap()
            expect(choice).to_be_checked()
            _fits(page, PHONE["width"])
            page.screenshot(path="/tmp/seans-privacy-form-phone.png", full_page=True)
            page.get_by_role("button", name="Send my request").tap()

            status = page.locator("main [role=status]")
            expect(status).to_contain_text("Request received")
            expect(status.locator(".due-date")).to_have_text("December 23, 2026")
            _fits(page, PHONE["width"])
            page.screenshot(path="/tmp/seans-privacy-request-phone.png", full_page=True)
            assert [p for p in problems if "favicon" not in p] == []
        finally:
            phone.close()

    desk = browser.new_context(viewport=DESK)
    try:
        page = desk.new_page()
        page.goto(f"{site}/login")
        page.locator("input[name=email]").fill(world.emails["admin"])
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form").get_by_role("button").click()
        page.wait_for_url(f"{site}/admin/")  # the admin's first page
        _english(page)
        board = page.locator("#data-requests-dashboard")
        row = board.locator("tbody tr").filter(has_text=CLIENT)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Copy of their data (access)")
        expect(row.locator(".due-date")).to_have_text("Dec 23, 2026")
        expect(row).to_contain_text("Open")
        expect(row.locator(".flag-overdue")).to_have_count(0)
        page.screenshot(path="/tmp/seans-privacy-dashboard.png", full_page=True)
        due = row.locator(".due-date").inner_text()
        with capsys.disabled():
            print(f"\nbrowser: access request from the reminder link on the dashboard, due {due}")

        # The admin takes it from the dashboard; it shows who handles it.
        row.get_by_role("button", name="Take it").click()
        expect(board.locator("tbody tr").filter(has_text=CLIENT)).to_contain_text("In progress")
    finally:
        desk.close()
