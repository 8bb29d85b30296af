"""Answering erasure and restriction requests from the client's page: an admin erases
(or, while the law keeps the records, restricts until then), the front desk restricts,
an admin lifts a restriction."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    ClientKey,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    User,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import consent, data_requests, reminders

HX = {"HX-Request": "true"}
CONFIRM = {"confirm": "yes"}


def login(browser, world, who: str) -> None:
    browser.login(world.emails[who])
    browser.post("/language", {"language": "en"})


def record(app, world, kind: DataRequestKind):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        desk = db.session.get(User, world.user_ids["receptionist"])
        row, _ = data_requests.record_request(client, kind, source=data_requests.STAFF, actor=desk)
        db.session.commit()
        return row.id


def request_row(app, world, request_id) -> DataRequest:
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.get(DataRequest, request_id)
        db.session.expunge_all()
        return row


def the_client(app, world) -> Client | None:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        db.session.expunge_all()
        return client


def actions(app, *names) -> list[AuditEvent]:
    with app.app_context(), all_clinics():
        found = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action.in_(names)).order_by(AuditEvent.seq)
        ).all()
        db.session.expunge_all()
        return found


def consent_to_sms(app, world) -> None:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get_one(Client, world.client_id)
        desk = db.session.get_one(User, world.user_ids["receptionist"])
        consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=desk)
        db.session.commit()


def can_text(app, world) -> bool:
    with app.app_context(), clinic_scope(world.clinic_id):
        return reminders.can_text(db.session.get(Client, world.client_id))


def test_the_erase_button_is_an_admins_on_an_erasure_request(app, world, browser):
    record(app, world, DataRequestKind.ERASURE)
    login(browser, world, "admin")
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Erase the client" in page
    assert "I understand this cannot be undone" in page
    assert "Restrict processing" not in page
    desk = type(browser)(app.test_client())
    login(desk, world, "receptionist")
    page = desk.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Erase the client" not in page


def test_an_admin_erases_the_client(app, world, browser):
    request_id = record(app, world, DataRequestKind.ERASURE)
    login(browser, world, "admin")
    url = f"/data-requests/{request_id}/erase"
    # Without the confirmation nothing happens.
    response = browser.post(url, headers=HX)
    assert response.status_code == 422
    assert "cannot be undone" in response.get_data(as_text=True)
    assert the_client(app, world) is not None

    response = browser.post(url, CONFIRM, headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/clients/"
    assert the_client(app, world) is None
    with app.app_context(), clinic_scope(world.clinic_id):
        assert (
            db.session.scalars(
                sa.select(Appointment).where(Appointment.client_id == world.client_id)
            ).all()
            == []
        )
        assert (
            db.session.scalars(
                sa.select(ClientKey).where(ClientKey.client_id == world.client_id)
            ).all()
            == []
        )
    row = request_row(app, world, request_id)
    assert row.status is DataRequestStatus.DONE
    assert row.outcome == "shredded"
    assert row.client_id is None
    (erased,) = actions(app, "client.erased")
    assert erased.actor_id == world.user_ids["admin"]
    assert json.loads(erased.details)["request"] == str(request_id)
    (done,) = actions(app, "data_request.done")
    assert json.loads(done.details)["outcome"] == "shredded"
    # The flash reaches the clients list; the client's page is gone.
    assert "data was erased." in browser.get("/clients/").get_data(as_text=True)
    assert browser.get(f"/clients/{world.client_id}").status_code == 404
    # Erasing twice finds nothing to erase.
    assert browser.post(url, CONFIRM, headers=HX).status_code in (200, 422)


def test_without_htmx_erasing_redirects_to_the_clients_list(app, world, browser):
    request_id = record(app, world, DataRequestKind.ERASURE)
    login(browser, world, "admin")
    response = browser.post(f"/data-requests/{request_id}/erase", CONFIRM)
    assert response.status_code == 302
    assert response.headers["Location"] == "/clients/"
    assert the_client(app, world) is None


def test_inside_the_retention_period_the_client_is_restricted(app, world, browser, clock):
    request_id = record(app, world, DataRequestKind.ERASURE)
    clock.advance(hours=3)  # the world's session has taken place: records exist
    login(browser, world, "admin")
    response = browser.post(f"/data-requests/{request_id}/erase", CONFIRM, headers=HX)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "The law keeps these records until" in text
    assert 'id="restriction" hx-swap-oob="true"' in text
    client = the_client(app, world)
    assert client is not None
    assert client.restricted_at is not None and client.shred_after is not None
    row = request_row(app, world, request_id)
    assert row.status is DataRequestStatus.DONE
    assert row.outcome.startswith("restricted_until_")
    shred_on = row.outcome.removeprefix("restricted_until_")
    assert shred_on.startswith(str(clock().year + 5))
    assert not can_text(app, world)
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "flag-restricted" in page
    assert str(clock().year + 5) in page.split('id="restriction"')[1].split("</div>")[0]
    assert "Lift restriction" not in page  # an erasure waits for its date
    (restricted,) = actions(app, "client.restricted")
    assert json.loads(restricted.details)["reason"] == "erasure_pending"
    # Lifting is refused while the erasure waits.
    response = browser.post(f"/clients/{world.client_id}/restriction/lift", headers=HX)
    assert response.status_code == 422
    assert the_client(app, world).restricted_at is not None


def test_the_front_desk_cannot_erase(app, world, browser):
    request_id = record(app, world, DataRequestKind.ERASURE)
    login(browser, world, "receptionist")
    response = browser.post(f"/data-requests/{request_id}/erase", CONFIRM, headers=HX)
    assert response.status_code == 404  # an object route: refused like an unknown id
    assert the_client(app, world) is not None
    assert request_row(app, world, request_id).status is DataRequestStatus.OPEN
    response = browser.post(f"/clients/{world.client_id}/restriction/lift", headers=HX)
    assert response.status_code == 404


def test_erasing_needs_the_csrf_token(app, world, browser):
    request_id = record(app, world, DataRequestKind.ERASURE)
    login(browser, world, "admin")
    response = browser.post(f"/data-requests/{request_id}/erase", CONFIRM, csrf=False, headers=HX)
    assert response.status_code in (400, 403)
    assert the_client(app, world) is not None


def test_the_erase_action_fits_an_erasure_request_only(app, world, browser):
    request_id = record(app, world, DataRequestKind.RESTRICTION)
    login(browser, world, "admin")
    response = browser.post(f"/data-requests/{request_id}/erase", CONFIRM, headers=HX)
    assert response.status_code == 422
    assert the_client(app, world) is not None


def test_the_front_desk_restricts_and_an_admin_lifts(app, world, browser, make_browser):
    request_id = record(app, world, DataRequestKind.RESTRICTION)
    consent_to_sms(app, world)
    assert can_text(app, world)
    login(browser, world, "receptionist")
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Restrict processing" in page
    response = browser.post(f"/data-requests/{request_id}/restrict", headers=HX)
    assert response.status_code == 200
    assert "restricted" in response.get_data(as_text=True)
    row = request_row(app, world, request_id)
    assert row.status is DataRequestStatus.DONE
    assert row.outcome == "restricted"
    assert the_client(app, world).restricted_at is not None
    assert not can_text(app, world)  # no reminders
    (restricted,) = actions(app, "client.restricted")
    assert json.loads(restricted.details)["request"] == str(request_id)
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "flag-restricted" in page
    assert "Lift restriction" not in page  # an admin's

    admin = make_browser()
    login(admin, world, "admin")
    page = admin.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "Lift restriction" in page
    response = admin.post(f"/clients/{world.client_id}/restriction/lift", headers=HX)
    assert response.status_code == 200
    assert "The restriction is lifted." in response.get_data(as_text=True)
    assert the_client(app, world).restricted_at is None
    assert can_text(app, world)
    assert len(actions(app, "client.restriction_lifted")) == 1
    page = admin.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert "flag-restricted" not in page


def test_a_closed_request_is_not_answered_again(app, world, browser, clock):
    request_id = record(app, world, DataRequestKind.RESTRICTION)
    login(browser, world, "admin")
    assert browser.post(f"/data-requests/{request_id}/restrict", headers=HX).status_code == 200
    clock.advance(minutes=1)
    response = browser.post(f"/data-requests/{request_id}/restrict", headers=HX)
    assert response.status_code == 422
    assert len(actions(app, "client.restricted")) == 1
    assert timedelta(0) <= clock() - request_row(app, world, request_id).closed_at
