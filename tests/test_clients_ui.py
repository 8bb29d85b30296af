"""Clients through the web: edit re-seals, archive hides, one search box, access."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Client
from app.models.scoping import clinic_scope
from app.policy import POLICY
from app.services import clients


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def audit_actions_since(app, count: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id).offset(count))
        )


def edit(browser, world, headers=None, **fields):
    data = {"name": "Elif Kaya", "phone": "0532 123 45 67", "email": "", "language": "tr"}
    return browser.post(f"/clients/{world.client_id}/edit", {**data, **fields}, headers=headers)


def test_editing_reseals_and_reindexes(app, browser, world):
    browser.login(world.emails["receptionist"])
    before = audit_count(app)
    response = edit(
        browser, world, name="Elif Demir", phone="0533 999 88 77", email="elif@ornek.com"
    )
    assert response.status_code == 302
    assert audit_actions_since(app, before) == ["client.updated"]
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        details = clients.reveal(client)
        assert (details.name, details.phone, details.email) == (
            "Elif Demir",
            "+905339998877",
            "elif@ornek.com",
        )
        ids = [world.client_id]
        assert [c.id for c in clients.find_by_name(world.clinic_id, "demir")] == ids
        assert [c.id for c in clients.find_by_initials(world.clinic_id, "E.D.")] == ids
        assert [c.id for c in clients.find_by_phone(world.clinic_id, "0533 999 88 77")] == ids
        assert clients.find_by_name(world.clinic_id, "kaya") == []
        assert clients.find_by_initials(world.clinic_id, "E.K.") == []
        assert clients.find_by_phone(world.clinic_id, "0532 123 45 67") == []
    with app.app_context():
        details = db.session.scalar(
            sa.select(AuditEvent.details).order_by(AuditEvent.id.desc()).limit(1)
        )
    assert "Demir" not in details and "9998877" not in details


def test_a_bad_edit_answers_422_and_changes_nothing(app, browser, world):
    browser.login(world.emails["receptionist"])
    before = audit_count(app)
    response = edit(browser, world, phone="12")
    assert response.status_code == 422
    response = edit(browser, world, phone="12", headers={"HX-Request": "true"})
    assert response.status_code == 422 and "<html" not in response.get_data(as_text=True)
    assert audit_count(app) == before
    with app.app_context(), clinic_scope(world.clinic_id):
        assert clients.reveal(db.session.get(Client, world.client_id)).phone == "+905321234567"


def test_archiving_hides_from_list_and_search(app, browser, world):
    browser.login(world.emails["receptionist"])
    assert "Elif Kaya" in browser.get("/clients/").get_data(as_text=True)
    before = audit_count(app)
    assert browser.post(f"/clients/{world.client_id}/archive").status_code == 302
    assert audit_actions_since(app, before) == ["client.archived"]
    assert "Elif Kaya" not in browser.get("/clients/").get_data(as_text=True)
    for query in ("Elif", "E.K.", "0532 123 45 67"):
        page = browser.get("/clients/search", query_string={"q": query})
        assert "Elif Kaya" not in page.get_data(as_text=True)
    # Archiving twice records nothing more.
    before = audit_count(app)
    browser.post(f"/clients/{world.client_id}/archive")
    assert audit_count(app) == before


@pytest.mark.parametrize(
    "query",
    ["E.K.", "e.k", "0532 123 45 67", "+905321234567", "elif", "KAYA", "Elif Kaya", "eli kay"],
)
def test_one_search_box_finds_by_initials_phone_and_names(app, browser, world, query):
    browser.login(world.emails["receptionist"])
    before = audit_count(app)
    response = browser.get(
        "/clients/search", query_string={"q": query}, headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "Elif Kaya" in body and 'id="client-results"' in body
    assert audit_actions_since(app, before) == ["client.searched"]
    with app.app_context():
        details = db.session.scalar(
            sa.select(AuditEvent.details).order_by(AuditEvent.id.desc()).limit(1)
        )
    assert query.lower() not in details.lower()


@pytest.mark.parametrize("query", ["lif", "el", "Elif Demir", "E.D.", "0533 000 00 00"])
def test_search_finds_nothing_for_word_middles_or_other_people(browser, world, query):
    browser.login(world.emails["receptionist"])
    body = browser.get("/clients/search", query_string={"q": query}).get_data(as_text=True)
    assert "Elif Kaya" not in body


def test_another_therapists_search_does_not_show_the_client(browser, world):
    browser.login(world.emails["other_therapist"])
    body = browser.get("/clients/search", query_string={"q": "Elif"}).get_data(as_text=True)
    assert "Elif Kaya" not in body


def test_receptionist_sees_contact_details_but_no_admin_pages(browser, world):
    browser.login(world.emails["receptionist"])
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Elif Kaya" in page and "+905321234567" in page
    edit_page = browser.get(f"/clients/{world.client_id}/edit").get_data(as_text=True)
    assert 'value="+905321234567"' in edit_page
    for url in ("/admin/", "/admin/audit/", "/admin/consent-texts/"):
        assert browser.get(url).status_code == 403
    assert (
        browser.post("/admin/consent-texts/", {"kind": "sms", "language": "tr"}).status_code == 403
    )


def test_viewing_contact_details_leaves_one_audit_row(app, browser, world):
    browser.login(world.emails["receptionist"])
    for url in (f"/clients/{world.client_id}", f"/clients/{world.client_id}/edit"):
        before = audit_count(app)
        assert browser.get(url).status_code == 200
        assert audit_actions_since(app, before) == ["client.viewed"]


CLIENT_ROUTES = [
    ("GET", "/clients/{id}"),
    ("GET", "/clients/{id}/edit"),
    ("POST", "/clients/{id}/edit"),
    ("POST", "/clients/{id}/archive"),
    ("POST", "/clients/{id}/consents"),
    ("POST", "/clients/{id}/consents/withdraw"),
]


@pytest.mark.parametrize(("method", "route"), CLIENT_ROUTES)
@pytest.mark.parametrize("role", ["admin", "receptionist", "therapist"])
def test_another_clinics_client_is_not_found(app, browser, world, method, route, role):
    browser.login(world.emails[role])
    before = audit_count(app)
    endpoint = app.url_map.bind("").match(route.format(id=uuid.uuid4()), method)[0]
    # Whether refused by role or by clinic, another clinic's client looks like no client.
    assert endpoint in POLICY
    expected = 404
    for client_id in (world.other_client_id, uuid.uuid4()):
        url = route.format(id=client_id)
        if method == "GET":
            response = browser.get(url)
        else:
            response = browser.post(url, {"name": "X Y", "kind": "sms", "language": "tr"})
        assert response.status_code == expected, url
    assert audit_count(app) == before


def test_the_preferred_channel_is_kept_and_shown(app, browser, world):
    browser.login(world.emails["receptionist"])
    browser.post("/language", {"language": "en"})
    assert edit(browser, world, channel="phone").status_code == 302
    with app.app_context(), clinic_scope(world.clinic_id):
        assert db.session.get(Client, world.client_id).channel == "phone"
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Phone calls by the clinic" in page
    assert edit(browser, world, channel="fax").status_code == 422  # not a choice
    created = browser.post(
        "/clients/", {"name": "Can Ak", "phone": "", "language": "en", "channel": "phone"}
    )
    assert created.status_code == 302
    with app.app_context(), clinic_scope(world.clinic_id):
        found = clients.find_by_name(world.clinic_id, "Can Ak")
        assert [c.channel for c in found] == ["phone"]


def test_the_form_of_address_is_kept_for_turkish_messages(app, browser, world):
    browser.login(world.emails["receptionist"])
    assert edit(browser, world, address_form="hanim").status_code == 302
    with app.app_context(), clinic_scope(world.clinic_id):
        details = clients.reveal(db.session.get(Client, world.client_id))
        assert (details.address_form, details.title) == ("hanim", "Hanım")
    assert edit(browser, world, address_form="", language="en").status_code == 302
    with app.app_context(), clinic_scope(world.clinic_id):
        assert clients.reveal(db.session.get(Client, world.client_id)).title is None
