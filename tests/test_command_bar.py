"""The command bar over HTTP: the card, confirm only on the button, CSRF, other clinics."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Appointment, AppointmentStatus
from app.models.scoping import clinic_scope

HX = {"HX-Request": "true"}


@pytest.fixture
def desk(browser, world):
    browser.login(world.emails["receptionist"])
    browser.post("/language", {"language": "en"})
    return browser


def _appointments(app, world) -> list[Appointment]:
    with app.app_context(), clinic_scope(world.clinic_id):
        rows = list(db.session.scalars(sa.select(Appointment).order_by(Appointment.start_at)))
        db.session.expunge_all()
        return rows


def _hidden(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


@pytest.mark.parametrize("path", ["/day", "/week"])
def test_calendar_pages_show_the_bar(desk, path):
    page = desk.get(path).get_data(as_text=True)
    assert 'id="command-bar"' in page and 'name="text"' in page
    assert 'hx-post="/commands/preview"' in page


def test_preview_is_a_fragment_and_changes_nothing(app, desk, world):
    before = _appointments(app, world)
    response = desk.post("/commands/preview", {"text": "E.K. yarın 14:00 seans"}, headers=HX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in page
    assert "Elif Kaya" in page and "Tuesday 24 November 2026, 14:00" in page
    assert "50 minutes" in page and "Confirm" in page
    assert [a.id for a in _appointments(app, world)] == [a.id for a in before]


def test_confirm_books_and_tells_the_calendar(app, desk, world):
    card = desk.post("/commands/preview", {"text": "E.K. yarın 14:00 seans"}, headers=HX)
    fields = _hidden(card.get_data(as_text=True))
    response = desk.post("/commands/confirm", fields, headers=HX)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "calendar-changed"
    starts = [a.start_at for a in _appointments(app, world)]
    assert datetime(2026, 11, 24, 11, 0, tzinfo=UTC) in starts


def test_clash_shows_three_alternatives_and_confirm_is_refused(app, desk, world):
    page = desk.post("/commands/preview", {"text": "E.K. bugün 11:00 seans"}, headers=HX).get_data(
        as_text=True
    )
    assert "clashes with another session" in page
    assert len(re.findall(r'name="start" value="', page)) == 3
    assert "Confirm" not in page
    refused = desk.post("/commands/confirm", {"text": "E.K. bugün 11:00 seans"}, headers=HX)
    assert refused.status_code == 422
    assert len(_appointments(app, world)) == 1


def test_confirm_without_csrf_is_refused(app, desk, world):
    response = desk.post(
        "/commands/confirm", {"text": "E.K. yarın 14:00 seans"}, csrf=False, headers=HX
    )
    assert response.status_code == 400
    assert len(_appointments(app, world)) == 1


def test_out_of_scope_is_refused_with_an_explanation(desk):
    page = desk.post("/commands/preview", {"text": "E.K. için teşhis koy"}, headers=HX).get_data(
        as_text=True
    )
    assert "I only help with scheduling" in page and "Confirm" not in page
    help_page = desk.post("/commands/preview", {"text": "merhaba"}, headers=HX).get_data(
        as_text=True
    )
    assert "For example" in help_page


def test_receptionist_cannot_act_on_another_clinics_client(app, desk, world):
    fields = {
        "text": "M.Y. yarın 14:00 seans",
        "client_id": str(world.other_client_id),
        "therapist_id": str(world.user_ids["therapist"]),
        "start": "2026-11-24T11:00:00+00:00",
    }
    response = desk.post("/commands/confirm", fields, headers=HX)
    assert response.status_code == 422
    assert "Murat" not in response.get_data(as_text=True)
    assert len(_appointments(app, world)) == 1


def test_move_and_cancel_by_command(app, desk, world):
    card = desk.post(
        "/commands/preview", {"text": "Elif Kaya'nın seansını yarın 15:00'e taşı"}, headers=HX
    )
    assert (
        desk.post("/commands/confirm", _hidden(card.get_data(as_text=True)), headers=HX).status_code
        == 200
    )
    (moved,) = _appointments(app, world)
    assert moved.start_at == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    card = desk.post("/commands/preview", {"text": "Cancel E.K.'s session tomorrow"}, headers=HX)
    assert "Confirm cancellation" in card.get_data(as_text=True)
    desk.post("/commands/confirm", _hidden(card.get_data(as_text=True)), headers=HX)
    (cancelled,) = _appointments(app, world)
    assert cancelled.status is AppointmentStatus.CANCELLED


def test_turkish_card(browser, world):
    browser.login(world.emails["receptionist"])
    browser.post("/language", {"language": "tr"})
    page = browser.post(
        "/commands/preview", {"text": "E.K. yarın 14:00 seans"}, headers=HX
    ).get_data(as_text=True)
    assert "24 Kasım 2026" in page


def test_without_htmx_confirm_goes_back_to_the_day(desk):
    card = desk.post("/commands/preview", {"text": "E.K. yarın 14:00 seans"})
    response = desk.post("/commands/confirm", _hidden(card.get_data(as_text=True)))
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/day?date=2026-11-24")
