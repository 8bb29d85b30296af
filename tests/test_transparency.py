"""The clinic's transparency page: public, in both languages, built from the clinic's
real settings, and holding nothing about any client."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Appointment, Client, Clinic, DataRequestKind, User
from app.models.scoping import clinic_scope
from app.services import clients, data_requests, links

CANARY = "Zümrüt CANARY-91be"
CANARY_PHONE = "0532 999 88 77"


def set_clinic(app, world, **values) -> None:
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        for name, value in values.items():
            setattr(clinic, name, value)
        db.session.commit()


def text_of(response) -> str:
    """The page's visible words, tags dropped and spaces folded."""
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    main = html[html.index("<main") :]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def page(browser, slug: str = "clinic-a", language: str = "en") -> str:
    browser.post("/language", {"language": language})
    return text_of(browser.get(f"/privacy/{slug}"))


def test_the_page_is_public_and_names_the_clinic(app, world, browser):
    set_clinic(app, world, address="Bağdat Cad. 12, Kadıköy, İstanbul")
    response = browser.get("/privacy/clinic-a")
    assert response.status_code == 200  # no sign-in
    text = text_of(response)
    assert "Clinic A" in text and "Bağdat Cad. 12, Kadıköy, İstanbul" in text
    assert "Make a request" not in text  # no link token: ask the clinic instead
    assert browser.get("/privacy/no-such-clinic").status_code == 404
    # Another clinic's page is its own.
    assert "Clinic B" in text_of(browser.get("/privacy/clinic-b"))


@pytest.mark.parametrize(
    ("settings", "present", "absent"),
    [
        (
            {"ASSISTANT_MODEL": "local"},
            ["all-MiniLM-L6-v2", "running on the clinic’s own server"],
            ["fixed rules only"],
        ),
        (
            {
                "ASSISTANT_MODEL": "chat",
                "ASSISTANT_CHAT_URL": "http://10.0.0.5:8080/v1",
                "ASSISTANT_CHAT_MODEL": "qwen2.5-7b-instruct",
            },
            ["qwen2.5-7b-instruct", "on a server the clinic runs"],
            ["all-MiniLM-L6-v2", "10.0.0.5", "fixed rules only"],  # never the address
        ),
        (
            {"ASSISTANT_MODEL": "chat", "ASSISTANT_CHAT_URL": None, "ASSISTANT_CHAT_MODEL": "x"},
            ["fixed rules only"],  # what model_config does without a URL
            ["all-MiniLM-L6-v2"],
        ),
        ({"ASSISTANT_MODEL": "none"}, ["fixed rules only"], ["all-MiniLM-L6-v2"]),
    ],
)
def test_the_page_follows_the_assistant_setting(app, world, browser, settings, present, absent):
    app.config.update(settings)
    text = page(browser)
    for phrase in present:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text
    assert "never sees session notes and never gives advice" in text
    assert "scheduling commands" in text  # the staff command bar
    assert "No. Nothing records, transcribes or analyses your sessions." in text


def test_the_page_says_whether_therapists_may_record(app, world, browser):
    assert "No. Nothing records, transcribes or analyses your sessions." in page(browser)
    set_clinic(app, world, audio_notes_enabled=True, audio_keep_failed_hours=6)
    text = page(browser)
    assert "Nothing records" not in text
    assert "Only if you agree to it in writing" in text
    assert "after 6 hours at the latest" in text
    assert "a recording still waiting is then deleted at once" in text


def test_the_page_follows_the_retention_settings(app, world, browser, capsys):
    before = page(browser)
    assert "5 years after your last session" in before
    assert "180 days" in before and "10 years" in before
    set_clinic(
        app, world, clinical_retention_years=12, message_retention_days=1, audit_retention_years=1
    )
    after = page(browser)
    assert "12 years after your last session" in after and "5 years" not in after
    assert "messages between you and the clinic: 1 day." in after
    assert "(without the content): 1 year." in after
    with capsys.disabled():
        print("\ntransparency: retention 5y/180d/10y -> 12y/1d/1y reflected on the page")


def test_the_page_follows_the_law_setting(app, world, browser):
    # Now is Monday 23 November 2026 in Istanbul.
    kvkk = page(browser)
    assert "Under KVKK (Law No. 6698)" in kvkk and "within 30 days" in kvkk
    assert "answered by December 23, 2026 at the latest" in kvkk
    set_clinic(app, world, privacy_law="gdpr")
    gdpr = page(browser)
    assert "Under the GDPR" in gdpr and "within one month" in gdpr and "KVKK" not in gdpr
    assert "answered by December 23, 2026 at the latest" in gdpr


def test_the_page_names_the_sms_provider_only_when_one_is_set_up(app, world, browser):
    app.config["VONAGE_API_KEY"] = None
    assert "Vonage" not in page(browser)
    app.config["VONAGE_API_KEY"] = "abc123"
    assert "SMS provider (Vonage)" in page(browser)


@pytest.mark.parametrize(
    ("language", "switch", "date"),
    [("tr", "English", "23 Aralık 2026"), ("en", "Türkçe", "December 23, 2026")],
)
def test_the_page_in_both_languages(app, world, browser, language, switch, date):
    browser.post("/language", {"language": language})
    html = browser.get("/privacy/clinic-a").get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    # The language switch, as on the other public pages.
    assert re.search(
        rf'<button class="link" name="language" value="\w+" lang="\w+">{switch}<', html
    )
    assert date in html


def test_a_link_holder_gets_their_language_and_the_request_form(app, world, browser):
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        client = db.session.get(Client, appointment.client_id)
        client.language = "en"
        token = links.issue_system_link(client, appointment)
        db.session.commit()
    browser.post("/language", {"language": "tr"})  # the browser's choice does not matter
    response = browser.get(f"/r/{token}/privacy")
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    text = text_of(response)
    assert "Make a request" in text and "all-MiniLM-L6-v2" in text
    assert f'href="/r/{token}/privacy-request"' in html
    assert f'href="/r/{token}"' in html  # back to the session


def test_no_client_data_on_the_page(app, world, make_browser):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = clients.create_client(world.clinic_id, CANARY, CANARY_PHONE, "z@example.com")
        desk = db.session.get(User, world.user_ids["receptionist"])
        data_requests.record_request(
            client, DataRequestKind.ERASURE, source="staff", actor=desk, details=CANARY
        )
        token = links.issue_link(client, links.CONSENT, created_by=desk)
        db.session.commit()
    pages = [
        make_browser().get("/privacy/clinic-a"),
        make_browser().get(f"/c/{token}/privacy"),
        make_browser().get(f"/c/{token}/privacy-request"),
    ]
    for response in pages:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        for secret in (CANARY, "Zümrüt", "CANARY", CANARY_PHONE, "99 88 77", "z@example.com"):
            assert secret not in html
        assert "Elif" not in html and "Kaya" not in html  # nor the world's client


def test_every_magic_link_page_links_to_it(app, world, browser):
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        client = db.session.get(Client, appointment.client_id)
        r_token = links.issue_system_link(client, appointment)
        desk = db.session.get(User, world.user_ids["receptionist"])
        c_token = links.issue_link(client, links.CONSENT, created_by=desk)
        db.session.commit()
    for url, target in [
        (f"/r/{r_token}", f"/r/{r_token}/privacy"),
        (f"/r/{r_token}/cancel", f"/r/{r_token}/privacy"),
        (f"/r/{r_token}/times", f"/r/{r_token}/privacy"),
        (f"/r/{r_token}/privacy-request", f"/r/{r_token}/privacy"),
        (f"/c/{c_token}", f"/c/{c_token}/privacy"),
    ]:
        html = browser.get(url).get_data(as_text=True)
        assert f'<a href="{target}">' in html, url
