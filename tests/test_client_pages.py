"""The client's appointment page behind `/r/<token>` and the staff's requests page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    CancelReason,
    Client,
    Clinic,
    MagicLink,
    RequestState,
    RescheduleRequest,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import appointments, availability, client_pages, clients, links

# The world's session: Monday 2026-11-23 11:00 in Istanbul, an hour from "now".
SOON = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
# Wednesday 11:00 in Istanbul: 49 hours away, in good time to cancel.
LATER = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
# Tables a GET may touch: its request count and the audit row saying the page was seen.
BOOKKEEPING = {"audit_events", "audit_heads", "login_failures"}


def book(app, world, start: datetime, *, client_id=None) -> str:
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get(Clinic, world.clinic_id)
        appointment = appointments.book_appointment(
            clinic, world.user_ids["therapist"], client_id or world.client_id, start
        )
        db.session.commit()
        return appointment.id


def link(app, world, appointment_id=None) -> str:
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, appointment_id or world.appointment_id)
        client = db.session.get(Client, appointment.client_id)
        token = links.issue_system_link(client, appointment)
        db.session.commit()
        return token


def new_client(app, world, name: str, phone: str, language: str = "tr"):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = clients.create_client(world.clinic_id, name, phone, None, language)
        db.session.commit()
        return client.id


def session(app, world, appointment_id=None) -> Appointment:
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.get(Appointment, appointment_id or world.appointment_id)
        db.session.expunge(row)
        return row


def requests_of(app, world) -> list[RescheduleRequest]:
    with app.app_context(), clinic_scope(world.clinic_id):
        rows = db.session.scalars(
            sa.select(RescheduleRequest).order_by(RescheduleRequest.created_at)
        ).all()
        db.session.expunge_all()
        return rows


def audit_rows(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()
        db.session.expunge_all()
        return rows


def set_clinic(app, world, **values) -> None:
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        for name, value in values.items():
            setattr(clinic, name, value)
        db.session.commit()


def state(app) -> dict[str, list[str]]:
    """Every row of every table but the bookkeeping a GET may do."""
    with app.app_context(), db.engine.connect() as conn:
        return {
            table.name: sorted(repr(tuple(row)) for row in conn.execute(sa.select(table)))
            for table in db.metadata.sorted_tables
            if table.name not in BOOKKEEPING
        }


def main(response) -> str:
    return response.get_data(as_text=True).split("<main", 1)[1]


def offered(response) -> list[str]:
    return re.findall(r'name="slot" value="([^"]+)"', response.get_data(as_text=True))


@pytest.mark.parametrize("language", ["tr", "en"])
def test_the_page_shows_only_first_name_date_time_therapist_and_status(
    app, world, make_browser, language
):
    client_id = world.client_id
    if language == "en":
        client_id = new_client(app, world, "John Smith", "0532 555 44 33", "en")
        appointment_id = book(app, world, SOON + timedelta(days=1), client_id=client_id)
    else:
        appointment_id = world.appointment_id
        book(app, world, LATER + timedelta(hours=3))  # another session: never on this page
    token = link(app, world, appointment_id)
    browser = make_browser()
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en" if language == "tr" else "tr"

    response = browser.get(f"/r/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert f'<html lang="{language}"' in page
    if language == "tr":
        assert "Elif" in page and "23 Kasım 2026 Pazartesi" in page and "11:00" in page
        assert "<dd>Terapist</dd>" not in page and "<dd>Therapist</dd>" in page
        assert "<dd>Randevulu</dd>" in page and "Seansı onayla" in page
    else:
        assert "John" in page and "Tuesday, November 24, 2026" in page and "11:00" in page
        assert "<dd>Therapist</dd>" in page and "<dd>Booked</dd>" in page
    for private in ("Kaya", "Smith", "0532", "+90", "532", "14:00", "Other Therapist", "@"):
        assert private not in page
    assert "Clinic B" not in page and "Bireysel" not in page and "individual" not in page
    (opened,) = audit_rows(app, "link.opened")
    assert opened.actor_kind == "client_link" and opened.actor_id is None
    assert token not in opened.details


def test_get_never_changes_state(app, world, browser):
    token = link(app, world, book(app, world, LATER))
    before = state(app)
    for path in ("", "/cancel", "/times"):
        assert browser.get(f"/r/{token}{path}").status_code == 200
    assert state(app) == before


def _expired(app, world, clock):
    token = link(app, world)
    clock.advance(hours=1, minutes=50)  # the session ended at 11:50; a day later it expires
    clock.advance(days=1)
    return token


def _revoked(app, world, clock):
    token = link(app, world)
    with app.app_context(), clinic_scope(world.clinic_id):
        links.revoke_links(db.session.get(Client, world.client_id), links.APPOINTMENT)
        db.session.commit()
    return token


def _altered(app, world, clock):
    token = link(app, world)
    return token[:5] + ("A" if token[5] != "A" else "B") + token[6:]


def _another_clients_session(app, world, clock):
    other = new_client(app, world, "Deniz Acar", "0532 111 22 33")
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        client = db.session.get(Client, other)
        token = links.issue_link(
            client, links.APPOINTMENT, created_by=None, appointment=appointment
        )
        db.session.commit()
    return token


def _no_session(app, world, clock):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        token = links.issue_link(client, links.APPOINTMENT, created_by=None)
        db.session.commit()
    return token


def _consent_link(app, world, clock):
    with app.app_context(), clinic_scope(world.clinic_id):
        token = links.issue_link(
            db.session.get(Client, world.client_id), links.CONSENT, created_by=None
        )
        db.session.commit()
    return token


@pytest.mark.parametrize(
    "make_token",
    [_expired, _revoked, _altered, _another_clients_session, _no_session, _consent_link],
)
def test_bad_tokens_get_the_same_friendly_404(app, world, clock, make_browser, make_token):
    token = make_token(app, world, clock)
    browser = make_browser()
    browser.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    before = state(app)
    for path in ("", "/cancel", "/times"):
        response = browser.get(f"/r/{token}{path}")
        assert response.status_code == 404
        assert "This link no longer works" in response.get_data(as_text=True)
        assert "<form" not in main(response)
    for path, data in (("/confirm", {}), ("/cancel", {}), ("/times", {"slot": LATER.isoformat()})):
        assert browser.post(f"/r/{token}{path}", data).status_code == 404
    assert state(app) == before
    assert audit_rows(app, "link.opened") == []


def test_unknown_and_oversized_tokens_get_a_404(browser, world):
    for token in ("x", "A" * 22, "A" * 500):
        assert browser.get(f"/r/{token}").status_code == 404


def test_confirming_twice_is_harmless(app, world, browser):
    token = link(app, world)
    response = browser.post(f"/r/{token}/confirm")
    assert response.status_code == 200
    assert "seansınız onaylandı" in response.get_data(as_text=True)
    assert session(app, world).status is AppointmentStatus.CONFIRMED
    again = browser.post(f"/r/{token}/confirm")
    assert again.status_code == 200 and "Seansı onayla" not in again.get_data(as_text=True)
    (confirmed,) = audit_rows(app, "appointment.confirmed")
    assert confirmed.actor_kind == "client_link" and confirmed.actor_id is None
    assert confirmed.object_id == str(world.appointment_id)


def test_cancelling_in_good_time_cancels(app, world, browser):
    appointment_id = book(app, world, LATER)
    token = link(app, world, appointment_id)
    rule = browser.get(f"/r/{token}/cancel").get_data(as_text=True)
    assert "Seansa 24 saatten az kala yapılan iptal geç iptal sayılır." in rule
    assert "Seansımı iptal et" in rule
    response = browser.post(f"/r/{token}/cancel")
    assert response.status_code == 200 and "Seansınız iptal edildi." in main(response)
    row = session(app, world, appointment_id)
    assert row.status is AppointmentStatus.CANCELLED and row.cancel_reason is CancelReason.CLIENT
    # Twice: nothing more happens, and the page offers nothing to do.
    again = browser.post(f"/r/{token}/cancel")
    assert again.status_code == 200 and "<form" not in main(again)
    (cancelled,) = audit_rows(app, "appointment.cancelled")
    assert cancelled.actor_kind == "client_link" and '"reason": "client"' in cancelled.details


def test_a_late_cancellation_waits_for_staff(app, world, browser, make_browser):
    token = link(app, world)  # the session is an hour away; the clinic's limit is 24 hours
    rule = browser.get(f"/r/{token}/cancel").get_data(as_text=True)
    assert "Klinikten iptal etmesini iste" in rule
    for _ in range(2):
        response = browser.post(f"/r/{token}/cancel")
        assert response.status_code == 200 and "Klinik sizi arayacak" in main(response)
    row = session(app, world)
    assert row.status is AppointmentStatus.BOOKED and row.cancel_reason is CancelReason.LATE
    (asked,) = audit_rows(app, "appointment.late_cancel_requested")
    assert asked.actor_kind == "client_link"

    desk = make_browser()
    desk.login(world.emails["receptionist"])
    desk.post("/language", {"language": "en"})
    page = desk.get("/requests").get_data(as_text=True)
    assert "Elif Kaya" in page and "Late cancellations" in page
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert re.search(r'Requests <span class="badge">1<', nav)
    response = desk.post(
        f"/requests/late/{world.appointment_id}",
        {"decision": "keep"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "<html" not in response.get_data(as_text=True)
    assert "The session is kept." in response.get_data(as_text=True)
    assert session(app, world).cancel_reason is None
    assert session(app, world).status is AppointmentStatus.BOOKED


def test_staff_cancel_a_late_cancellation_as_late(app, world, browser, make_browser):
    token = link(app, world)
    browser.post(f"/r/{token}/cancel")
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    response = desk.post(f"/requests/late/{world.appointment_id}", {"decision": "cancel"})
    assert response.status_code == 302
    row = session(app, world)
    assert row.status is AppointmentStatus.CANCELLED and row.cancel_reason is CancelReason.LATE
    again = desk.post(f"/requests/late/{world.appointment_id}", {"decision": "keep"})
    assert again.status_code == 302
    assert session(app, world).status is AppointmentStatus.CANCELLED


def test_free_times_are_the_same_therapists_for_two_weeks(app, world, browser, clock):
    token = link(app, world)
    response = browser.get(f"/r/{token}/times")
    assert response.status_code == 200
    slots = [datetime.fromisoformat(s) for s in offered(response)]
    assert 1 <= len(slots) <= client_pages.MAX_CHOICES
    assert len(slots) == len(set(slots))
    days = {s.date() for s in slots}
    assert len(re.findall(r"<h2>", main(response))) == len(days)
    for slot in slots:
        assert clock() + client_pages.MIN_NOTICE <= slot < clock() + timedelta(days=14)
        local = slot.strftime("%H:%M")
        assert "09:00" <= local <= "17:10", local  # 50 minutes inside 09:00-18:00
        assert not "11:40" < local < "13:30", local  # clear of the lunch break
        assert slot != SOON
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get(Clinic, world.clinic_id)
        for slot in slots:
            end = slot + timedelta(minutes=50)
            assert availability.within_hours(clinic, world.user_ids["therapist"], slot, end)


def test_picking_a_time_asks_staff_and_asking_again_replaces(app, world, browser):
    token = link(app, world)
    first, second = offered(browser.get(f"/r/{token}/times"))[:2]
    response = browser.post(f"/r/{token}/times", {"slot": first})
    assert response.status_code == 200 and "size bildirecek" in main(response)
    assert session(app, world).start_at == SOON  # nothing moves before staff say so
    response = browser.post(f"/r/{token}/times", {"slot": second})
    assert response.status_code == 200
    states = {r.proposed_start: r.state for r in requests_of(app, world)}
    assert states == {
        datetime.fromisoformat(first): RequestState.WITHDRAWN,
        datetime.fromisoformat(second): RequestState.PENDING,
    }
    assert {r.source for r in requests_of(app, world)} == {"link"}
    page = browser.get(f"/r/{token}").get_data(as_text=True)
    assert datetime.fromisoformat(second).strftime("%H:%M") in page
    assert len(audit_rows(app, "reschedule.requested")) == 2


def test_picking_a_time_moves_at_once_without_approval(app, world, browser):
    set_clinic(app, world, reschedule_needs_approval=False)
    token = link(app, world)
    browser.post(f"/r/{token}/confirm")
    slot = offered(browser.get(f"/r/{token}/times"))[0]
    response = browser.post(f"/r/{token}/times", {"slot": slot})
    assert response.status_code == 200 and "yeni saate taşındı" in main(response)
    row = session(app, world)
    assert row.start_at == datetime.fromisoformat(slot)
    assert row.status is AppointmentStatus.BOOKED  # a new time needs a new confirmation
    assert requests_of(app, world) == []
    (moved,) = audit_rows(app, "appointment.moved")
    assert moved.actor_kind == "client_link"


@pytest.mark.parametrize("approval", [True, False])
def test_a_time_taken_meanwhile_shows_fresh_times(app, world, browser, approval):
    set_clinic(app, world, reschedule_needs_approval=approval)
    token = link(app, world)
    slot = offered(browser.get(f"/r/{token}/times"))[0]
    other = new_client(app, world, "Deniz Acar", "0532 111 22 33")
    book(app, world, datetime.fromisoformat(slot), client_id=other)
    before = state(app)
    response = browser.post(f"/r/{token}/times", {"slot": slot})
    assert response.status_code == 409
    assert "az önce doldu" in response.get_data(as_text=True)
    assert slot not in offered(response) and offered(response)
    assert state(app) == before


def test_a_race_lost_inside_the_move_changes_nothing(app, world, browser, monkeypatch):
    set_clinic(app, world, reschedule_needs_approval=False)
    token = link(app, world)
    slot = offered(browser.get(f"/r/{token}/times"))[0]
    other = new_client(app, world, "Deniz Acar", "0532 111 22 33")
    book(app, world, datetime.fromisoformat(slot), client_id=other)
    # As if the other booking landed between the check and the move.
    monkeypatch.setattr(client_pages, "_free", lambda found: [datetime.fromisoformat(slot)])
    before = state(app)
    assert browser.post(f"/r/{token}/times", {"slot": slot}).status_code == 409
    assert state(app) == before


@pytest.mark.parametrize("slot", ["", "tomorrow", "2026-11-24T11:00", "2026-11-24T03:00:00+03:00"])
def test_a_time_never_offered_is_refused(app, world, browser, slot):
    token = link(app, world)
    before = state(app)
    response = browser.post(f"/r/{token}/times", {"slot": slot})
    assert response.status_code in (409, 422)
    assert state(app) == before


def test_cancelled_and_past_sessions_show_their_state_without_actions(app, world, browser, clock):
    cancelled_id = book(app, world, LATER)
    cancelled = link(app, world, cancelled_id)
    with app.app_context(), clinic_scope(world.clinic_id):
        appointments.cancel_appointment(
            db.session.get(Appointment, cancelled_id), CancelReason.THERAPIST
        )
        db.session.commit()
    past = link(app, world)
    clock.advance(hours=2)
    for token, text in ((cancelled, "İptal edildi"), (past, "Bu seansın zamanı geçti.")):
        response = browser.get(f"/r/{token}")
        assert response.status_code == 200 and text in main(response)
        assert "<form" not in main(response)
        for path in ("/cancel", "/times"):
            assert "<form" not in main(browser.get(f"/r/{token}{path}"))
    before = state(app)
    assert browser.post(f"/r/{past}/confirm").status_code == 409
    assert browser.post(f"/r/{past}/cancel").status_code == 409
    assert state(app) == before


def test_actions_need_a_csrf_token(app, world, browser):
    token = link(app, world)
    before = state(app)
    assert browser.post(f"/r/{token}/confirm", csrf=False).status_code == 400
    assert state(app) == before


def test_signed_in_staff_do_not_act_for_the_client(app, world, browser):
    token = link(app, world)
    browser.login(world.emails["receptionist"])
    assert browser.get(f"/r/{token}").status_code == 403
    assert browser.post(f"/r/{token}/confirm").status_code == 403
    assert session(app, world).status is AppointmentStatus.BOOKED


def test_too_many_requests_per_link(app, world, make_browser, clock):
    token = link(app, world)
    browser = make_browser()
    for _ in range(client_pages.PER_LINK):
        assert browser.get(f"/r/{token}").status_code == 200
    response = browser.get(f"/r/{token}")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "600"
    assert "Lütfen biraz bekleyin" in response.get_data(as_text=True)
    before = state(app)
    assert browser.post(f"/r/{token}/confirm").status_code == 429
    assert state(app) == before
    # Another address is limited per link too; after the window it works again.
    other = make_browser()
    other.client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert other.get(f"/r/{token}").status_code == 429
    clock.advance(minutes=10)
    assert browser.get(f"/r/{token}").status_code == 200


def test_too_many_requests_per_address(app, world, make_browser, monkeypatch):
    monkeypatch.setattr(client_pages, "PER_ADDRESS", 5)
    token = link(app, world)
    guesser = make_browser()
    for n in range(5):
        assert guesser.get(f"/r/guess{n}").status_code == 404
    assert guesser.get(f"/r/{token}").status_code == 429  # even a real link, from there
    elsewhere = make_browser()
    elsewhere.client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    assert elsewhere.get(f"/r/{token}").status_code == 200
    with app.app_context(), all_clinics():
        dump = repr(db.session.execute(sa.text("SELECT key FROM login_failures")).all())
    assert token not in dump and "guess" not in dump


def _ask(app, world, browser, slot_index=0) -> tuple[str, datetime]:
    token = link(app, world)
    slot = offered(browser.get(f"/r/{token}/times"))[slot_index]
    assert browser.post(f"/r/{token}/times", {"slot": slot}).status_code == 200
    return token, datetime.fromisoformat(slot)


def test_staff_approve_a_request(app, world, browser, make_browser):
    _, asked = _ask(app, world, browser)
    (row,) = requests_of(app, world)
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    desk.post("/language", {"language": "en"})
    page = desk.get("/requests").get_data(as_text=True)
    assert "Elif Kaya" in page and asked.strftime("%H:%M") in page
    assert re.search(r'Requests <span class="badge">1<', page)
    response = desk.post(f"/requests/{row.id}/approve", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert "The session is moved" in body and "Elif Kaya" not in body
    assert session(app, world).start_at == asked
    (row,) = requests_of(app, world)
    assert row.state is RequestState.APPROVED and row.decided_by == world.user_ids["receptionist"]
    assert len(audit_rows(app, "reschedule.approved")) == 1
    # Deciding twice: the second one is told so and changes nothing.
    again = desk.post(f"/requests/{row.id}/decline", headers={"HX-Request": "true"})
    assert again.status_code == 422 and "already answered" in again.get_data(as_text=True)
    assert requests_of(app, world)[0].state is RequestState.APPROVED


def test_staff_decline_a_request(app, world, browser, make_browser):
    _ask(app, world, browser)
    (row,) = requests_of(app, world)
    admin = make_browser()
    admin.login(world.emails["admin"])
    assert admin.post(f"/requests/{row.id}/decline").status_code == 302
    assert requests_of(app, world)[0].state is RequestState.DECLINED
    assert session(app, world).start_at == SOON
    (declined,) = audit_rows(app, "reschedule.declined")
    assert declined.actor_id == world.user_ids["admin"]


def test_approving_a_time_taken_by_now_keeps_the_request(app, world, browser, make_browser):
    _, asked = _ask(app, world, browser)
    (row,) = requests_of(app, world)
    book(app, world, asked, client_id=new_client(app, world, "Deniz Acar", "0532 111 22 33"))
    desk = make_browser()
    desk.login(world.emails["receptionist"])
    desk.post("/language", {"language": "en"})
    response = desk.post(f"/requests/{row.id}/approve", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "no longer free" in response.get_data(as_text=True)
    assert requests_of(app, world)[0].state is RequestState.PENDING
    assert session(app, world).start_at == SOON


@pytest.mark.parametrize(
    ("role", "sees", "status"),
    [
        ("therapist", True, 302),
        ("other_therapist", False, 403),
        ("foreign_receptionist", False, 404),
    ],
)
def test_therapists_see_their_own_clients_requests(
    app, world, browser, make_browser, role, sees, status
):
    _ask(app, world, browser)
    (row,) = requests_of(app, world)
    staff = make_browser()
    staff.login(world.emails[role])
    page = staff.get("/requests").get_data(as_text=True)
    assert ("Elif Kaya" in page) is sees
    assert staff.post(f"/requests/{row.id}/approve").status_code == status


def test_the_clinic_settings_hold_the_cancellation_rules(app, world, make_browser):
    admin = make_browser()
    admin.login(world.emails["admin"])
    form = {
        "name": "Clinic A",
        "address": "",
        "timezone": "Europe/Istanbul",
        "locale": "tr",
        "idle_timeout_minutes": "15",
    }
    page = admin.get("/admin/").get_data(as_text=True)
    assert 'name="late_cancel_hours"' in page and 'name="reschedule_needs_approval"' in page
    # The form as the page sends it with the box unticked: "n" only.
    sent = {**form, "late_cancel_hours": "12", "reschedule_needs_approval": "n"}
    assert admin.post("/admin/clinic", sent).status_code == 302
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        assert (clinic.late_cancel_hours, clinic.reschedule_needs_approval) == (12, False)
    # An older form without the fields keeps them; a ticked box sends "y" before "n".
    assert admin.post("/admin/clinic", form).status_code == 302
    ticked = {**form, "reschedule_needs_approval": ["y", "n"]}
    assert admin.post("/admin/clinic", ticked).status_code == 302
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        assert (clinic.late_cancel_hours, clinic.reschedule_needs_approval) == (12, True)
    assert admin.post("/admin/clinic", {**form, "late_cancel_hours": "169"}).status_code == 422


def test_links_to_the_page_are_scoped_to_their_session(app, world):
    token = link(app, world)
    with app.app_context(), all_clinics():
        row = db.session.scalars(sa.select(MagicLink)).one()
        assert row.purpose == links.APPOINTMENT and row.appointment_id == world.appointment_id
        assert row.expires_at == SOON + timedelta(minutes=50, days=1)
    assert len(token) >= 22
