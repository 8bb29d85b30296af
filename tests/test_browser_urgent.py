"""The urgent bar in a real browser (Debian's chromium, see tests/test_browser.py): marked
seen, from the bar or from the conversation, it leaves the page without a reload."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, FakeClock, World
from flask import Flask
from playwright.sync_api import Page, expect

# The fixtures that launch chromium and serve the app live in test_browser.py.
from test_browser import (  # noqa: F401
    CLIENT,
    backend,
    browser,
    browser_type_launch_args,
    live_server,
    problems,
    site,
)
from test_urgent_alerts import own_queue, urgent  # noqa: F401

pytestmark = pytest.mark.browser


def sign_in(page: Page, base: str, email: str) -> None:
    """As a therapist, whose home is the week; then the day, a page of its own."""
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_url(f"{base}/week")
    page.goto(f"{base}/day")
    expect(page.locator("#day")).to_contain_text(CLIENT)


def test_mark_as_seen_in_the_bar_removes_it_without_a_reload(
    site: str,  # noqa: F811
    page: Page,
    app: Flask,
    world: World,
    clock: FakeClock,
    problems: list[str],  # noqa: F811
) -> None:
    message_id = urgent(app, world, clock)
    sign_in(page, site, world.emails["therapist"])
    bar = page.locator("#urgent-alerts")
    expect(bar).to_contain_text(CLIENT)
    page.evaluate("window.__marker = 1")

    bar.locator(f"form[action='/inbox/messages/{message_id}/handled'] button").click()

    expect(bar).to_have_count(0)
    assert page.evaluate("window.__marker") == 1, "the page was reloaded, not swapped"
    expect(page.locator("#day")).to_contain_text(CLIENT)  # the rest of the page stays
    page.goto(f"{site}/inbox")
    expect(page.locator("#conversations")).to_contain_text(CLIENT)
    expect(page.locator("#urgent-alerts")).to_have_count(0)
    assert problems == []


def test_handled_in_the_conversation_the_bar_goes_too(
    site: str,  # noqa: F811
    page: Page,
    app: Flask,
    world: World,
    clock: FakeClock,
    problems: list[str],  # noqa: F811
) -> None:
    message_id = urgent(app, world, clock)
    sign_in(page, site, world.emails["therapist"])
    page.goto(f"{site}/inbox/{world.client_id}")
    bar = page.locator("#urgent-alerts")
    expect(bar).to_contain_text(CLIENT)

    handled = f"form[action='/inbox/messages/{message_id}/handled'] button"
    page.locator(f"#conversation {handled}").click()

    expect(bar).to_have_count(0)
    expect(page.locator("#conversation .message-status")).to_contain_text("Therapist")
    assert problems == []
