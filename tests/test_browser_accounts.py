"""Staff accounts in a real browser (Debian's chromium, see tests/test_browser.py): an
admin invites a therapist, who sets a password and a second factor from the link on a
phone and signs in with a code; the admin makes the factor mandatory and a receptionist
is led through enrolment; a recovery code works once."""

from __future__ import annotations

import base64

import pytest
from conftest import PASSWORD, FakeClock, World
from flask import Flask
from playwright.sync_api import Browser, Page, expect

# The fixtures that launch chromium and serve the app live in test_browser.py.
from test_browser import (  # noqa: F401
    DESK,
    PHONE,
    _english,
    backend,
    browser,
    browser_type_launch_args,
    live_server,
    site,
)

from app.services.second_factor import STEP_SECONDS, hotp

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long new passphrase"


def _code(page: Page, clock: FakeClock) -> str:
    secret = page.locator("[data-secret]").text_content().strip()
    raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return hotp(raw, int(clock().timestamp()) // STEP_SECONDS)


def _password_step(page: Page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form").get_by_role("button").click()


def _enrol(page: Page, clock: FakeClock) -> list[str]:
    """On the QR page: type the app's code, keep the recovery codes, go on."""
    expect(page.locator(".qr svg")).to_be_visible()
    page.locator("input[name=code]").fill(_code(page, clock))
    page.get_by_role("button", name="Turn on").click()
    codes = page.locator(".recovery-codes code")
    expect(codes).to_have_count(10)
    kept = codes.all_inner_texts()
    page.get_by_role("link", name="I have kept them, continue").click()
    return kept


def _sign_out(page: Page, base: str) -> None:
    page.locator("header form[action='/logout'] button").click()
    page.wait_for_url(f"{base}/login")


def test_invite_enrol_mandatory_factor_and_a_recovery_code(
    site: str,  # noqa: F811
    browser: Browser,  # noqa: F811
    app: Flask,
    world: World,
    clock: FakeClock,
) -> None:
    app.config["PUBLIC_URL"] = site
    desk_context = browser.new_context(viewport=DESK, locale="en-GB")
    phone_context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB"
    )
    try:
        admin = desk_context.new_page()
        _password_step(admin, site, world.emails["admin"], PASSWORD)
        admin.wait_for_url(f"{site}/admin/")
        _english(admin)
        staff = admin.locator("#staff")
        invite = staff.locator("#invite-form")
        invite.locator("input[name=invite-name]").fill("Deniz Acar")
        invite.locator("input[name=invite-email]").fill("deniz@a.test")
        invite.locator("select[name=invite-role]").select_option("therapist")
        staff.get_by_role("button", name="Invite").click()
        link = admin.locator("input.link-url")
        expect(link).to_be_visible()
        url = link.input_value()
        assert url.startswith(f"{site}/account/setup/")

        # The therapist, on a phone: password, then the second factor, from the link.
        phone = phone_context.new_page()
        phone.goto(url)
        phone.locator("input[name=password]").fill(NEW_PASSWORD)
        phone.get_by_role("button").filter(has_text="password").click()
        phone.wait_for_url(f"{site}/account/second-factor")
        _english(phone)
        phone.get_by_role("button", name="Set up").click()
        codes = _enrol(phone, clock)
        expect(phone.locator("#second-factor")).to_contain_text("On.")
        _sign_out(phone, site)

        clock.advance(seconds=STEP_SECONDS)  # the enrolment's code is spent
        _password_step(phone, site, "deniz@a.test", NEW_PASSWORD)
        phone.wait_for_url(f"{site}/login/code")
        secret_page_code = _code_from_totp(app, "deniz@a.test", clock)
        phone.locator("input[name=code]").fill(secret_page_code)
        phone.get_by_role("button", name="Continue").click()
        phone.wait_for_url(f"{site}/week")
        _sign_out(phone, site)

        # The admin makes it mandatory; the receptionist, who has none, is led through.
        admin.goto(f"{site}/admin/#second-factor")
        admin.locator("#second-factor input[name=required]").check()
        admin.locator("#second-factor").get_by_role("button", name="Save").click()
        expect(admin.locator("#second-factor input[name=required]")).to_be_checked()
        reception = browser.new_context(viewport=DESK, locale="en-GB").new_page()
        _password_step(reception, site, world.emails["receptionist"], PASSWORD)
        reception.wait_for_url(f"{site}/login/second-factor")
        reception.get_by_role("button", name="Show the QR code").click()
        _enrol(reception, clock)
        reception.wait_for_url(f"{site}/day")

        # A recovery code signs the therapist in once.
        _password_step(phone, site, "deniz@a.test", NEW_PASSWORD)
        phone.wait_for_url(f"{site}/login/code")
        phone.locator("input[name=code]").fill(codes[0])
        phone.get_by_role("button", name="Continue").click()
        phone.wait_for_url(f"{site}/week")
        _sign_out(phone, site)
        _password_step(phone, site, "deniz@a.test", NEW_PASSWORD)
        phone.wait_for_url(f"{site}/login/code")
        phone.locator("input[name=code]").fill(codes[0])
        phone.get_by_role("button", name="Continue").click()
        expect(phone.locator(".error")).to_contain_text("That code is not right")
        assert phone.url == f"{site}/login/code"
    finally:
        desk_context.close()
        phone_context.close()


def _code_from_totp(app: Flask, email: str, clock: FakeClock) -> str:
    """What the therapist's authenticator app shows now (it holds the seed)."""
    from app.extensions import db
    from app.models import User
    from app.services import second_factor

    with app.app_context():
        user = db.session.query(User).filter_by(email=email).one()
        return hotp(second_factor._seed(user), int(clock().timestamp()) // STEP_SECONDS)
