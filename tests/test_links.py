"""Consent through a magic link: the client's page, its token, and the staff button."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    Consent,
    ConsentKind,
    ConsentMethod,
    MagicLink,
    User,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import client_pages, clients, consent, keys, links
from app.services.consent import DEFAULT_TEXTS

TYPED_NAME = "Elif Canary Kaya"
CLIENT_IP = "203.0.113.9"


def issue(app, world, *, client_id=None, clinic_id=None, purpose=links.CONSENT) -> str:
    clinic_id = clinic_id or world.clinic_id
    with app.app_context(), clinic_scope(clinic_id):
        client = db.session.get(Client, client_id or world.client_id)
        staff = "receptionist" if clinic_id == world.clinic_id else "foreign_receptionist"
        token = links.issue_link(
            client, purpose, created_by=db.session.get(User, world.user_ids[staff])
        )
        db.session.commit()
        return token


def english_client(app, world) -> Client:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = clients.create_client(world.clinic_id, "John Smith", "0532 555 44 33", None, "en")
        db.session.commit()
        return client.id


def online_consents(app, clinic_id, client_id) -> list[Consent]:
    with app.app_context(), clinic_scope(clinic_id):
        rows = db.session.scalars(sa.select(Consent).where(Consent.client_id == client_id)).all()
        db.session.expunge_all()
        return rows


def audit_rows(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()
        db.session.expunge_all()
        return rows


def every_row(app) -> str:
    with app.app_context(), db.engine.connect() as conn:
        return "\n".join(
            repr(tuple(row))
            for table in db.metadata.sorted_tables
            for row in conn.execute(sa.select(table))
        )


def test_only_the_tokens_digest_is_stored(app, world):
    token = issue(app, world)
    assert len(token) >= 22  # 16 random bytes (128 bits), URL-safe base64
    dump = every_row(app)
    assert token not in dump and token.encode().hex() not in dump
    with app.app_context(), all_clinics():
        link = db.session.scalars(sa.select(MagicLink)).one()
        assert link.token_digest == hashlib.sha256(token.encode()).digest()
    (issued,) = audit_rows(app, "link.issued")
    assert token not in issued.details and issued.object_id == str(link.id)


def test_a_link_works_for_seven_days(app, world, clock, browser):
    token = issue(app, world)
    clock.advance(days=6, hours=23, minutes=59)
    assert browser.get(f"/c/{token}").status_code == 200
    clock.advance(minutes=1)
    response = browser.get(f"/c/{token}")
    assert response.status_code == 404
    assert "<form" not in response.get_data(as_text=True).split("<main", 1)[1]


def test_a_new_link_replaces_the_old_one_and_revoking_ends_it(app, world, browser):
    old = issue(app, world)
    new = issue(app, world)
    assert browser.get(f"/c/{old}").status_code == 404
    assert browser.get(f"/c/{new}").status_code == 200
    with app.app_context(), clinic_scope(world.clinic_id):
        assert links.revoke_links(db.session.get(Client, world.client_id), links.CONSENT) == 1
        db.session.commit()
    assert browser.get(f"/c/{new}").status_code == 404


def test_an_archived_clients_links_stop_working(app, world, browser):
    consent_token = issue(app, world)
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        appointment = db.session.get(Appointment, world.appointment_id)
        appointment_token = links.issue_system_link(client, appointment)
        db.session.commit()
    assert browser.get(f"/c/{consent_token}").status_code == 200
    assert browser.get(f"/r/{appointment_token}").status_code == 200
    with app.app_context(), clinic_scope(world.clinic_id):
        clients.archive_client(db.session.get(Client, world.client_id))
        db.session.commit()
    assert browser.get(f"/c/{consent_token}").status_code == 404
    assert browser.get(f"/r/{appointment_token}").status_code == 404


@pytest.mark.parametrize("token", ["", "x", "A" * 22, "A" * 43, "A" * 500])
def test_unknown_tokens_get_a_friendly_404(browser, world, token):
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = browser.get(f"/c/{token}") if token else browser.get("/c/")
    assert response.status_code == 404
    if token:
        assert "This link no longer works" in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"


def test_a_link_for_another_purpose_does_not_open_the_consent_page(app, world, browser):
    token = issue(app, world, purpose=links.APPOINTMENT)
    assert browser.get(f"/c/{token}").status_code == 404
    assert browser.post(f"/c/{token}", {"kinds": "sms", "full_name": TYPED_NAME}).status_code == 404
    with app.app_context():
        assert links.resolve_link(token, links.APPOINTMENT) is not None
        assert links.resolve_link(token, links.CONSENT) is None
    assert online_consents(app, world.clinic_id, world.client_id) == []


def test_another_clinics_client_is_never_reachable(app, world, make_browser):
    foreign = make_browser()
    foreign.login(world.emails["foreign_receptionist"])
    response = foreign.post(
        f"/clients/{world.client_id}/consent-link", headers={"HX-Request": "true"}
    )
    assert response.status_code == 404
    with app.app_context(), all_clinics():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(MagicLink)) == 0
    # Clinic B's own link shows clinic B and records for its client only.
    token = issue(app, world, client_id=world.other_client_id, clinic_id=world.other_clinic_id)
    client = make_browser()
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert "Clinic B" in page and "Clinic A" not in page
    response = client.post(f"/c/{token}", {"kinds": "sms", "full_name": TYPED_NAME})
    assert response.status_code == 200
    assert len(online_consents(app, world.other_clinic_id, world.other_client_id)) == 1
    assert online_consents(app, world.clinic_id, world.client_id) == []


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_client_gives_consents_online(app, world, make_browser, language):
    client_id = world.client_id if language == "tr" else english_client(app, world)
    token = issue(app, world, client_id=client_id)
    browser = make_browser()
    # The client's language decides, not the phone's.
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en" if language == "tr" else "tr"
    browser.client.environ_base["REMOTE_ADDR"] = CLIENT_IP

    response = browser.get(f"/c/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert f'<html lang="{language}"' in page
    assert "Clinic A" in page and 'href="/ai"' in page
    for kind, bodies in DEFAULT_TEXTS.items():
        assert bodies[language] in page
        assert f'value="{kind.value}"' in page
    other = "en" if language == "tr" else "tr"
    assert DEFAULT_TEXTS[ConsentKind.SMS][other] not in page
    for private in ("0532", "Elif", "John", "Smith", "@"):
        assert private not in page
    (opened,) = audit_rows(app, "link.opened")
    assert opened.actor_kind == "client_link" and opened.actor_id is None

    response = browser.post(
        f"/c/{token}", {"kinds": ["sms", "data_processing"], "full_name": f"  {TYPED_NAME} "}
    )
    thanks = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("Thank you" if language == "en" else "Teşekkür") in thanks

    rows = online_consents(app, world.clinic_id, client_id)
    assert sorted(row.kind for row in rows) == [ConsentKind.DATA_PROCESSING, ConsentKind.SMS]
    assert all(row.method is ConsentMethod.ONLINE and row.recorded_by is None for row in rows)
    assert TYPED_NAME not in every_row(app)
    with app.app_context(), clinic_scope(world.clinic_id):
        for row in rows:
            binding = consent._binding(row, "typed_name_sealed")
            assert (
                keys.open_for_client(world.clinic_id, binding, row.typed_name_sealed) == TYPED_NAME
            )
            binding = consent._binding(row, "ip_sealed")
            assert keys.open_for_client(world.clinic_id, binding, row.ip_sealed) == CLIENT_IP
            assert consent.has_consent(client_id, row.kind)
        link = db.session.scalars(sa.select(MagicLink)).one()
        assert link.used_at is not None
    given = audit_rows(app, "consent.given")
    assert len(given) == 2
    assert {(e.actor_kind, e.actor_id) for e in given} == {("client_link", None)}
    assert all(json.loads(e.details)["method"] == "online" for e in given)
    assert TYPED_NAME not in " ".join(e.details for e in given)

    # Opening the link again: what was given is shown as given, not offered again.
    again = browser.get(f"/c/{token}").get_data(as_text=True)
    assert 'value="sms"' not in again and 'value="data_processing"' not in again
    assert 'value="recording"' in again
    assert DEFAULT_TEXTS[ConsentKind.SMS][language] not in again  # only its label is listed
    # Sending the same form again records nothing twice.
    response = browser.post(f"/c/{token}", {"kinds": "sms", "full_name": TYPED_NAME})
    assert response.status_code == 422
    assert len(online_consents(app, world.clinic_id, client_id)) == 2


@pytest.mark.parametrize(
    ("form", "kept"),
    [
        ({"kinds": ["sms", "recording"], "full_name": ""}, [r'value="sms"\s+checked']),
        ({"kinds": "sms", "full_name": " E "}, [r'value="sms"\s+checked']),
        ({"full_name": TYPED_NAME}, [f'value="{TYPED_NAME}"']),
        ({"kinds": "sms", "full_name": "x" * 201}, []),
    ],
)
def test_an_incomplete_form_is_shown_again_and_records_nothing(app, world, browser, form, kept):
    token = issue(app, world)
    response = browser.post(f"/c/{token}", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in page and "Teşekkür" not in page
    for pattern in kept:
        assert re.search(pattern, page)
    assert online_consents(app, world.clinic_id, world.client_id) == []
    assert audit_rows(app, "consent.given") == []


def test_a_paper_consent_is_not_offered_again(app, world, browser):
    browser.login(world.emails["receptionist"])
    browser.post(f"/clients/{world.client_id}/consents", {"kind": "recording"})
    browser.logout()
    token = issue(app, world)
    page = browser.get(f"/c/{token}").get_data(as_text=True)
    assert 'value="recording"' not in page and 'value="sms"' in page
    assert DEFAULT_TEXTS[ConsentKind.RECORDING]["tr"] not in page


def test_the_post_needs_a_csrf_token(app, world, browser):
    token = issue(app, world)
    response = browser.post(f"/c/{token}", {"kinds": "sms", "full_name": TYPED_NAME}, csrf=False)
    assert response.status_code == 400
    assert online_consents(app, world.clinic_id, world.client_id) == []


def test_signed_in_staff_do_not_give_consent_for_the_client(app, world, browser):
    token = issue(app, world)
    browser.login(world.emails["receptionist"])
    assert browser.get(f"/c/{token}").status_code == 403
    assert browser.post(f"/c/{token}", {"kinds": "sms", "full_name": TYPED_NAME}).status_code == 403
    assert online_consents(app, world.clinic_id, world.client_id) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [("receptionist", 200), ("admin", 200), ("therapist", 200), ("other_therapist", 403)],
)
def test_staff_create_a_consent_link(app, world, make_browser, role, status):
    browser = make_browser()
    browser.login(world.emails[role])
    browser.post("/language", {"language": "en"})
    response = browser.post(
        f"/clients/{world.client_id}/consent-link", headers={"HX-Request": "true"}
    )
    assert response.status_code == status
    if status != 200:
        with app.app_context(), all_clinics():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(MagicLink)) == 0
        return
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="consents"' in body
    url = re.search(r'readonly autocomplete="off" value="([^"]+)"', body).group(1)
    assert url.startswith("http://localhost/c/")
    # 2026-11-23 10:00 in Istanbul plus seven days, shown in the clinic's zone.
    assert re.search(r"It works until 11/30/26, 10:00\sAM\.", body)
    (issued,) = audit_rows(app, "link.issued")
    assert issued.actor_id == world.user_ids[role] and url.rsplit("/", 1)[1] not in issued.details
    # The URL is shown once: the client page then only says a link is active.
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "/c/" not in page and "A consent link is active until" in page
    assert make_browser().get(url.removeprefix("http://localhost")).status_code == 200


def test_staff_create_a_consent_link_without_htmx(app, world, browser):
    browser.login(world.emails["receptionist"])
    response = browser.post(f"/clients/{world.client_id}/consent-link")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in body and "/c/" in body


def test_too_many_requests_per_consent_link(app, world, make_browser, clock):
    """`/c/` is limited as `/r/` is: per link, whatever the address, for the same window."""
    token = issue(app, world)
    browser = make_browser()
    for _ in range(client_pages.PER_LINK):
        assert browser.get(f"/c/{token}").status_code == 200
    response = browser.get(f"/c/{token}")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "600"
    assert "Lütfen biraz bekleyin" in response.get_data(as_text=True)
    form = {"kinds": "sms", "full_name": TYPED_NAME}
    assert browser.post(f"/c/{token}", form).status_code == 429
    assert online_consents(app, world.clinic_id, world.client_id) == []
    other = make_browser()
    other.client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert other.get(f"/c/{token}").status_code == 429
    clock.advance(minutes=10)
    assert browser.get(f"/c/{token}").status_code == 200
    print(f"\n/c/ per link: {client_pages.PER_LINK} requests in 10 minutes, then 429")


def test_guessing_consent_links_from_one_address_is_limited(app, world, make_browser, monkeypatch):
    monkeypatch.setattr(client_pages, "PER_ADDRESS", 5)
    token = issue(app, world)
    guesser = make_browser()
    for n in range(3):
        assert guesser.get(f"/c/guess{n}").status_code == 404
    # Appointment and consent links share the address's count.
    assert guesser.get("/r/guess").status_code == 404
    assert guesser.get("/c/guess").status_code == 404
    assert guesser.get(f"/c/{token}").status_code == 429  # even a real link, from there
    elsewhere = make_browser()
    elsewhere.client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert elsewhere.get(f"/c/{token}").status_code == 200
    with app.app_context(), all_clinics():
        dump = repr(db.session.execute(sa.text("SELECT key FROM login_failures")).all())
    assert token not in dump and "guess" not in dump
