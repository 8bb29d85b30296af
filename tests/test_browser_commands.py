"""The command bar in a real browser (Debian's chromium, see tests/test_browser.py)."""

from __future__ import annotations

import pytest
from conftest import World
from playwright.sync_api import Page, expect

# The fixtures that launch chromium and serve the app live in test_browser.py.
from test_browser import (  # noqa: F401
    CLIENT,
    TABLET,
    TOUCH_MIN,
    backend,
    browser,
    browser_type_launch_args,
    live_server,
    problems,
    sign_in,
    site,
)

pytestmark = pytest.mark.browser
HTMX_IDLE = (
    "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping, .htmx-added')"
)


def test_receptionist_books_a_turkish_command_at_the_first_alternative(
    site: str,  # noqa: F811
    page: Page,
    world: World,
    problems: list[str],  # noqa: F811
) -> None:
    """The session at 11:00 today is taken: the card says so, offers three free times,
    the first one is picked and confirmed, and the day shows the new session."""
    sign_in(page, site, world.emails["receptionist"])
    day = page.locator("#day")
    expect(day.get_by_text(CLIENT)).to_have_count(1)

    page.locator("#command-text").fill("E.K. için bugün 11:00'de 50 dakikalık seans")
    page.locator("#command-text").press("Enter")

    card = page.locator("#command-card")
    expect(card).to_contain_text(CLIENT)
    expect(card.locator(".problem[role=alert]")).to_be_visible()
    alternatives = card.locator(".alternatives button")
    expect(alternatives).to_have_count(3)
    picked = alternatives.first.inner_text()
    assert day.get_by_text(CLIENT).count() == 1  # nothing booked yet
    alternatives.first.click()

    confirm = card.locator("button.primary")
    expect(confirm).to_be_visible()
    expect(card).to_contain_text(picked.split()[-1])  # the chosen HH:MM
    expect(confirm).to_be_focused()
    # htmx settles a swap after a short delay; Enter before that submits the form the
    # plain way (which also books, then redirects). Wait, as a person would, for the card.
    page.wait_for_function(HTMX_IDLE)
    page.keyboard.press("Enter")  # confirm with Enter

    expect(card.locator(".command-done")).to_be_visible()
    expect(day.get_by_text(CLIENT)).to_have_count(2)
    expect(day).to_contain_text(picked.split()[-1])
    assert problems == []


def test_command_bar_fits_a_tablet(site: str, page: Page, world: World) -> None:  # noqa: F811
    page.set_viewport_size(TABLET)
    sign_in(page, site, world.emails["receptionist"])
    page.locator("#command-text").fill("E.K. yarın 14:00 seans")
    page.locator("#command-bar button[type=submit]").click()
    expect(page.locator("#command-card button.primary")).to_be_visible()
    for selector in (
        "#command-text",
        "#command-bar button.primary",
        "#command-card button.primary",
    ):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["height"] >= TOUCH_MIN, selector
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
