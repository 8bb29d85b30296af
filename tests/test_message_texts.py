"""A clinic words its SMS itself: checked on save, previewed, used when it fits."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.fakesms import FakeGateway
from app.fakesms.model import FAKE_API_KEY, FAKE_API_SECRET, FAKE_SIGNATURE_SECRET
from app.models import Client, Clinic, ConsentKind, ConsentMethod, MessageText, User
from app.models.scoping import clinic_scope
from app.services import appointments, clients, consent, message_texts, outbox, outbox_sending
from tests.race_support import meanwhile

IST = ZoneInfo("Europe/Istanbul")
URL = "/admin/messages/confirmation/tr"
OWN = "{greeting} {name}! {when} sizi bekliyoruz. Değiştirmek için: {link}"
HX = {"HX-Request": "true"}


def _admin(make_browser, world):
    browser = make_browser()
    browser.login(world.emails["admin"])
    browser.post("/language", {"language": "en"})
    return browser


def test_the_edit_page_starts_from_our_phrasing_and_previews_three_sessions(make_browser, world):
    admin = _admin(make_browser, world)
    index = admin.get("/admin/messages/").get_data(as_text=True)
    assert index.count("Built in") == 8  # four kinds, two languages
    page = admin.get(URL).get_data(as_text=True)
    assert "{link}" in page and "{name}" in page  # a built-in template to start from
    for situation in ("First session", "Follow-up session", "Online session"):
        assert situation in page
    assert re.search(r"\d SMS parts?", page)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{greeting} {name}, {when}.", "The text needs {link}"),
        ("{greeting} {isim} {link}", "There is no placeholder {isim}"),
        ("{greeting {link}", "A brace is not closed"),
        ("", "The text is empty."),
    ],
)
def test_a_wording_that_cannot_work_is_refused_with_the_reason(
    app, make_browser, world, body, message
):
    admin = _admin(make_browser, world)
    preview = admin.post(f"{URL}/preview", {"body": body}, headers=HX).get_data(as_text=True)
    assert message in preview and "<html" not in preview
    refused = admin.post(URL, {"body": body})
    assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.query(MessageText).count() == 0


def test_the_preview_says_when_a_placeholder_has_no_value(make_browser, world):
    admin = _admin(make_browser, world)
    body = "{name}, {when}. Adres: {place}. Onam: {consent_link} {link}"
    preview = admin.post(f"{URL}/preview", {"body": body}, headers=HX).get_data(as_text=True)
    assert "Elif Hanım" in preview  # the first session renders
    assert "{consent_link} has no value for this kind of session." in preview


@pytest.fixture
def gateway(app, clock, tmp_path: Path):
    with FakeGateway(tmp_path / "fake", receipt_delay=None, clock=clock) as fake:
        app.config.update(
            VONAGE_API_KEY=FAKE_API_KEY,
            VONAGE_API_SECRET=FAKE_API_SECRET,
            VONAGE_SIGNATURE_SECRET=FAKE_SIGNATURE_SECRET,
            VONAGE_REST_HOST=fake.rest_host,
            VONAGE_CA_BUNDLE=str(fake.cert_path),
            PUBLIC_URL="https://seans.example",
        )
        yield fake


def _book_and_send(app, world, type_code: str = "individual") -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        client = db.session.get_one(Client, world.client_id)
        clients.set_address_form(client, "hanim")
        by = db.session.get_one(User, world.user_ids["receptionist"])
        if not consent.has_consent(client.id, ConsentKind.SMS):
            consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
        appointments.book_appointment(
            clinic,
            world.user_ids["therapist"],
            client.id,
            datetime(2026, 11, 25, 14, tzinfo=IST),
            type_code,
            override_hours=True,
        )
        db.session.commit()
    with app.app_context():
        for claim in outbox.claim_due(10):
            outbox_sending.send_claimed(claim)


def test_saved_wording_is_what_the_client_gets_and_reset_brings_ours_back(
    app, make_browser, world, gateway
):
    admin = _admin(make_browser, world)
    assert admin.post(URL, {"body": OWN}).status_code == 303
    assert "Your wording" in admin.get("/admin/messages/").get_data(as_text=True)
    _book_and_send(app, world)
    (message,) = gateway.messages()
    assert message.text.startswith("Günaydın Elif Hanım! Çarşamba günü 14:00'te")
    assert "sizi bekliyoruz. Değiştirmek için: https://seans.example/r/" in message.text
    assert admin.post(f"{URL}/reset", {}).status_code == 303
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.query(MessageText).count() == 0


def test_wording_that_does_not_fit_a_message_falls_back_to_ours(app, make_browser, world, gateway):
    admin = _admin(make_browser, world)
    # Only a first session has a consent link: a follow-up cannot use this wording.
    body = "{name}, {when}. Onam formu: {consent_link} Değişiklik: {link}"
    assert admin.post(URL, {"body": body}).status_code == 303
    _book_and_send(app, world)  # Elif has had a session: this one is a follow-up
    (message,) = gateway.messages()
    assert "Onam formu" not in message.text and "https://seans.example/r/" in message.text


@pytest.mark.parametrize("who", ["receptionist", "therapist"])
def test_only_admins_word_the_messages(make_browser, world, who):
    browser = make_browser()
    browser.login(world.emails[who])
    assert browser.get("/admin/messages/").status_code == 403
    assert browser.post(URL, {"body": OWN}).status_code == 403


def test_unknown_kinds_and_languages_are_404(make_browser, world):
    admin = _admin(make_browser, world)
    assert admin.get("/admin/messages/opt_out/tr").status_code == 404
    assert admin.get("/admin/messages/confirmation/de").status_code == 404


@pytest.mark.parametrize("change", ["save", "reset"])
def test_two_admins_changing_a_text_at_once_take_turns(app, world, backend, change):
    """The second used to find no row and insert one beside the first's (a unique
    violation), or delete the row the first had just deleted (a stale delete): a 500."""
    if backend != "postgresql":
        pytest.skip("on SQLite a request's write lock serialises them")
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        admin = db.session.get_one(User, world.user_ids["admin"])
        if change == "reset":
            message_texts.save_text(clinic, "confirmation", "tr", OWN, admin)
            db.session.commit()

    def act():
        clinic = db.session.get_one(Clinic, world.clinic_id)
        if change == "reset":
            return message_texts.reset_text(clinic, "confirmation", "tr")
        admin = db.session.get_one(User, world.user_ids["admin"])
        return message_texts.save_text(clinic, "confirmation", "tr", OWN, admin).id

    first, second = meanwhile(app, world.clinic_id, act, act)
    assert (first, second) == ((True, False) if change == "reset" else (first, first))
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.query(MessageText).count() == (0 if change == "reset" else 1)
