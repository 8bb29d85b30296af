"""Consent on the client page, consent texts for admins, and the public AI disclosure."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Client, ConsentKind, ConsentText
from app.models.scoping import clinic_scope
from app.services import consent


def audit_actions_since(app, count: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id).offset(count))
        )


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def test_new_clinics_get_default_texts_in_both_languages(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        for kind in ConsentKind:
            for language in ("tr", "en"):
                text = consent.current_text(world.clinic_id, kind, language)
                assert text is not None and text.version == 1 and text.body


def test_staff_record_and_withdraw_a_paper_consent(app, browser, world):
    browser.login(world.emails["receptionist"])
    before = audit_count(app)
    response = browser.post(
        f"/clients/{world.client_id}/consents", {"kind": "sms"}, headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="consents"' in body
    assert audit_actions_since(app, before) == ["consent.given"]
    with app.app_context(), clinic_scope(world.clinic_id):
        assert consent.has_consent(world.client_id, ConsentKind.SMS)
        assert ConsentKind.SMS not in consent.missing_consents(world.client_id)
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "SMS reminders" in page or "SMS" in page
    assert "tr v1" in page

    before = audit_count(app)
    response = browser.post(f"/clients/{world.client_id}/consents/withdraw", {"kind": "sms"})
    assert response.status_code == 302
    assert audit_actions_since(app, before) == ["consent.withdrawn"]
    with app.app_context(), clinic_scope(world.clinic_id):
        assert not consent.has_consent(world.client_id, ConsentKind.SMS)
        assert ConsentKind.SMS in consent.missing_consents(world.client_id)


def test_an_unknown_kind_is_refused(app, browser, world):
    browser.login(world.emails["receptionist"])
    before = audit_count(app)
    response = browser.post(
        f"/clients/{world.client_id}/consents", {"kind": "tea"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert audit_count(app) == before


def test_the_client_page_lists_missing_consents(browser, world):
    browser.login(world.emails["receptionist"])
    browser.post("/language", {"language": "en"})
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Missing:" in page and "Audio recording" in page


def test_admin_publishes_version_two(app, browser, world):
    browser.login(world.emails["admin"])
    assert browser.get("/admin/consent-texts/").status_code == 200
    before = audit_count(app)
    response = browser.post(
        "/admin/consent-texts/",
        {"kind": "sms", "language": "tr", "body": "SMS ile hatırlatma almayı kabul ediyorum."},
    )
    assert response.status_code == 302
    assert audit_actions_since(app, before) == ["consent_text.published"]
    with app.app_context(), clinic_scope(world.clinic_id):
        text = consent.current_text(world.clinic_id, ConsentKind.SMS, "tr")
        assert text.version == 2
        assert consent.current_text(world.clinic_id, ConsentKind.SMS, "en").version == 1
        # The other clinic's texts are untouched.
    with app.app_context(), clinic_scope(world.other_clinic_id):
        assert consent.current_text(world.other_clinic_id, ConsentKind.SMS, "tr").version == 1
    # A consent recorded now points at version 2.
    browser.post(f"/clients/{world.client_id}/consents", {"kind": "sms"})
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "tr v2" in page


def test_an_empty_text_is_refused(app, browser, world):
    browser.login(world.emails["admin"])
    response = browser.post(
        "/admin/consent-texts/",
        {"kind": "sms", "language": "tr", "body": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    with app.app_context(), clinic_scope(world.clinic_id):
        assert (
            db.session.scalar(
                sa.select(sa.func.max(ConsentText.version)).where(
                    ConsentText.clinic_id == world.clinic_id, ConsentText.kind == ConsentKind.SMS
                )
            )
            == 1
        )


def test_record_consent_keeps_to_the_clients_language(app, browser, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get(Client, world.client_id).language = "en"
        db.session.commit()
    browser.login(world.emails["receptionist"])
    browser.post(f"/clients/{world.client_id}/consents", {"kind": "recording"})
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "en v1" in page


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("en", ["session notes", "reminders", "person"]),
        ("tr", ['<html lang="tr"']),
    ],
)
def test_the_ai_page_is_public_in_both_languages(browser, world, language, phrases):
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = browser.get("/ai")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    for phrase in phrases:
        assert phrase in body.lower() if phrase.islower() else phrase in body
