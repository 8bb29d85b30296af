"""Clients' data requests: due dates by the clinic's law, the client's link form, the
front desk's section on the client's page and the admin's dashboard."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    User,
)
from app.models.scoping import all_clinics, clinic_scope
from app.services import data_requests, links, privacy_pages

ISTANBUL = ZoneInfo("Europe/Istanbul")
CANARY = "CANARY-7f3a wrong phone 0555"
HX = {"HX-Request": "true"}


# --- due dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("law", "received", "due"),
    [
        ("kvkk", date(2026, 11, 23), date(2026, 12, 23)),
        ("kvkk", date(2026, 12, 15), date(2027, 1, 14)),  # over the year's end
        ("kvkk", date(2027, 1, 31), date(2027, 3, 2)),
        ("kvkk", date(2028, 2, 1), date(2028, 3, 2)),  # 29 days in February 2028
        ("gdpr", date(2026, 11, 23), date(2026, 12, 23)),
        ("gdpr", date(2027, 1, 31), date(2027, 2, 28)),  # no 31 February
        ("gdpr", date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        ("gdpr", date(2027, 1, 30), date(2027, 2, 28)),
        ("gdpr", date(2027, 3, 31), date(2027, 4, 30)),
        ("gdpr", date(2026, 12, 15), date(2027, 1, 15)),  # over the year's end
        ("gdpr", date(2026, 12, 31), date(2027, 1, 31)),
        ("gdpr", date(2027, 2, 28), date(2027, 3, 28)),
    ],
)
def test_due_date_by_law(law, received, due, capsys):
    assert data_requests.due_on(law, received) == due
    with capsys.disabled():
        print(f"\ndue date: {law} received {received} -> answer by {due}", end="")


def test_an_unknown_law_is_refused():
    with pytest.raises(ValueError):
        data_requests.due_on("ccpa", date(2027, 1, 1))


def test_the_day_counts_in_the_clinics_zone():
    # 22:30 UTC on 31 January is already 1 February in Istanbul.
    received = datetime(2027, 1, 31, 22, 30, tzinfo=UTC)
    due = data_requests.due_at("gdpr", received, ISTANBUL)
    assert due.tzinfo is not None
    assert due.astimezone(ISTANBUL).date() == date(2027, 3, 1)
    assert due.astimezone(ISTANBUL).time().isoformat() == "23:59:59"  # the whole last day
    due = data_requests.due_at("gdpr", datetime(2027, 1, 31, 20, 0, tzinfo=UTC), ISTANBUL)
    assert due.astimezone(ISTANBUL).date() == date(2027, 2, 28)


# --- helpers -----------------------------------------------------------------------


def set_clinic(app, world, **values) -> None:
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        for name, value in values.items():
            setattr(clinic, name, value)
        db.session.commit()


def record(app, world, kind=DataRequestKind.ACCESS, *, details=None, client_id=None):
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, client_id or world.client_id)
        desk = db.session.get(User, world.user_ids["receptionist"])
        row, new = data_requests.record_request(
            client, kind, source=data_requests.STAFF, actor=desk, details=details
        )
        db.session.commit()
        return row.id, new


def rows(app, world) -> list[DataRequest]:
    with app.app_context(), clinic_scope(world.clinic_id):
        found = db.session.scalars(sa.select(DataRequest).order_by(DataRequest.received_at)).all()
        db.session.expunge_all()
        return found


def audit_rows(app, prefix="data_request.") -> list[AuditEvent]:
    with app.app_context(), all_clinics():
        found = db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action.like(prefix + "%"))
            .order_by(AuditEvent.seq)
        ).all()
        db.session.expunge_all()
        return found


def appointment_link(app, world) -> str:
    with app.app_context(), clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        client = db.session.get(Client, appointment.client_id)
        token = links.issue_system_link(client, appointment)
        db.session.commit()
        return token


def consent_link(app, world) -> str:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        desk = db.session.get(User, world.user_ids["receptionist"])
        token = links.issue_link(client, links.CONSENT, created_by=desk)
        db.session.commit()
        return token


def english(browser) -> None:
    browser.post("/language", {"language": "en"})


def dashboard(browser, world=None) -> str:
    if world is not None:  # days pass between looks: sign in again
        browser.login(world.emails["admin"])
        english(browser)
    response = browser.get("/admin/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    start = page.index('id="data-requests-dashboard"')
    return page[start : page.index("</section>", start)]


# --- recording and the clock -------------------------------------------------------


@pytest.mark.parametrize(
    "received_at", [datetime(9999, 12, 31, 12, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC)]
)
def test_a_request_received_beyond_the_years_the_app_takes_is_refused(app, world, received_at):
    """Its due date overflowed (9999-12-31 plus 30 days) for a caller that is not the form."""
    with app.app_context(), clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        with pytest.raises(ValueError, match="received"):
            data_requests.record_request(
                client, DataRequestKind.ACCESS, source=data_requests.STAFF, received_at=received_at
            )


def test_staff_record_a_request_due_by_the_clinics_law(app, world, clock):
    set_clinic(app, world, privacy_law="gdpr")
    clock.current = datetime(2027, 1, 31, 9, 0, tzinfo=UTC)  # 12:00 in Istanbul
    request_id, new = record(app, world)
    assert new
    (row,) = rows(app, world)
    assert row.id == request_id
    assert row.status is DataRequestStatus.OPEN and row.source == "staff"
    assert row.received_at == clock.current
    assert row.due_at.astimezone(ISTANBUL).date() == date(2027, 2, 28)
    # The law changes later: a request already received keeps its due date.
    set_clinic(app, world, privacy_law="kvkk")
    record(app, world, DataRequestKind.ERASURE)
    first, second = rows(app, world)
    assert first.due_at.astimezone(ISTANBUL).date() == date(2027, 2, 28)
    assert second.due_at.astimezone(ISTANBUL).date() == date(2027, 3, 2)


def test_a_request_past_its_due_date_is_flagged_on_the_dashboard(
    app, world, clock, make_browser, capsys
):
    record(app, world, DataRequestKind.ACCESS)
    clock.advance(days=5)
    record(app, world, DataRequestKind.ERASURE)
    admin = make_browser()
    section = dashboard(admin, world)
    assert "Elif Kaya" in section
    assert section.count("<tr class") == 2 and "Overdue" not in section
    assert "Due within 7 days" not in section

    clock.advance(days=20)  # the first is due in 5 days, the second in 10
    section = dashboard(admin, world)
    assert section.count('class="due-soon"') == 1 and "Overdue" not in section

    clock.advance(days=6)  # 31 days after the first: past its 30
    section = dashboard(admin, world)
    assert section.count('class="overdue"') == 1
    assert section.count('<span class="flag flag-overdue">Overdue</span>') == 1
    assert "1 is overdue" in section
    # Soonest due first: the overdue access request leads.
    body = section[section.index("<tbody>") :]
    assert body.index("Overdue") < body.index("Erasure")
    with app.app_context(), clinic_scope(world.clinic_id):
        listed = data_requests.open_requests(db.session.get(Clinic, world.clinic_id))
    assert [(r.kind.value, r.overdue, r.due_soon) for r in listed] == [
        ("access", True, False),
        ("erasure", False, True),
    ]
    with capsys.disabled():
        print(
            f"\ndashboard after 31 days: {len(listed)} open, "
            f"{sum(r.overdue for r in listed)} overdue, {sum(r.due_soon for r in listed)} due soon"
        )

    # Answered, it leaves the dashboard; the client's page keeps it.
    assert admin.post(f"/data-requests/{listed[0].id}/done").status_code == 302
    assert "Overdue" not in dashboard(admin)


def test_an_erased_clients_request_stays_on_the_dashboard(app, world, browser):
    request_id, _ = record(app, world)
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get(DataRequest, request_id).client_id = None
        db.session.commit()
    browser.login(world.emails["admin"])
    english(browser)
    assert "Erased client" in dashboard(browser)
    assert browser.post(f"/data-requests/{request_id}/done").status_code == 302
    assert rows(app, world)[0].status is DataRequestStatus.DONE


# --- the client page section and its actions ----------------------------------------


def test_front_desk_records_takes_and_answers_on_the_clients_page(app, world, browser, clock):
    browser.login(world.emails["receptionist"])
    english(browser)
    page = browser.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert 'id="data-requests"' in page and "No data requests from this client." in page

    response = browser.post(
        f"/clients/{world.client_id}/data-requests",
        {
            "request-kind": "rectification",
            "request-received_on": "2026-11-20",
            "request-details": CANARY,
        },
        headers=HX,
    )
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment
    assert "Request recorded. Answer by December 20, 2026." in fragment
    assert CANARY in fragment  # staff read what the client asked for
    (row,) = rows(app, world)
    assert row.due_at.astimezone(ISTANBUL).date() == date(2026, 12, 20)
    assert row.received_at.astimezone(ISTANBUL).date() == date(2026, 11, 20)
    assert CANARY.encode() not in row.details_sealed

    assert browser.post(f"/data-requests/{row.id}/take", headers=HX).status_code == 200
    clock.advance(minutes=5)
    response = browser.post(f"/data-requests/{row.id}/done", headers=HX)
    assert "Request marked as done." in response.get_data(as_text=True)
    (row,) = rows(app, world)
    assert row.status is DataRequestStatus.DONE and row.outcome == "done"
    assert row.handled_by == world.user_ids["receptionist"]
    assert row.closed_at == clock.current

    # A closed request is not taken again.
    response = browser.post(f"/data-requests/{row.id}/take", headers=HX)
    assert response.status_code == 422
    assert "already answered or refused" in response.get_data(as_text=True)


def test_a_request_is_refused_with_a_reason(app, world, browser):
    request_id, _ = record(app, world, DataRequestKind.ERASURE)
    browser.login(world.emails["admin"])
    english(browser)
    response = browser.post(f"/data-requests/{request_id}/refuse", {"reason": "bogus"}, headers=HX)
    assert response.status_code == 422
    assert rows(app, world)[0].status is DataRequestStatus.OPEN
    response = browser.post(
        f"/data-requests/{request_id}/refuse", {"reason": "retention_period"}, headers=HX
    )
    assert response.status_code == 200
    assert "A legal retention period applies" in response.get_data(as_text=True)
    (row,) = rows(app, world)
    assert row.status is DataRequestStatus.REFUSED and row.outcome == "retention_period"


def test_staff_form_problems(app, world, browser, clock):
    browser.login(world.emails["receptionist"])
    english(browser)
    url = f"/clients/{world.client_id}/data-requests"
    future = {"request-kind": "access", "request-received_on": "2026-11-24"}
    response = browser.post(url, future, headers=HX)
    assert response.status_code == 422
    assert "cannot arrive in the future" in response.get_data(as_text=True)
    response = browser.post(url, {"request-kind": "shred", "request-received_on": "2026-11-23"})
    assert response.status_code == 302  # a plain form: back to the page, with the problem
    assert rows(app, world) == []


def test_every_change_is_audited_without_the_clients_words(app, world, browser, make_browser):
    token = appointment_link(app, world)
    client = make_browser()
    response = client.post(
        f"/r/{token}/privacy-request", {"kind": "rectification", "details": CANARY}
    )
    assert response.status_code == 200
    (row,) = rows(app, world)
    browser.login(world.emails["admin"])
    browser.post(f"/data-requests/{row.id}/take")
    browser.post(f"/data-requests/{row.id}/refuse", {"reason": "identity_unverified"})
    browser.get("/admin/")  # nothing open: no names shown, nothing to audit

    events = audit_rows(app)
    assert [e.action for e in events] == [
        "data_request.recorded",
        "data_request.taken",
        "data_request.refused",
    ]
    recorded, taken, refused = events
    assert recorded.actor_kind == "client_link" and recorded.actor_id is None
    assert recorded.object_type == "data_requests" and recorded.object_id == str(row.id)
    assert (
        '"with_details": true' in recorded.details and '"kind": "rectification"' in recorded.details
    )
    assert taken.actor_id == world.user_ids["admin"]
    assert '"outcome": "identity_unverified"' in refused.details
    everything = repr([(e.action, e.details) for e in audit_rows(app, "")])
    assert CANARY not in everything and "wrong phone" not in everything

    record(app, world, DataRequestKind.ACCESS)
    browser.get("/admin/")
    (listed,) = audit_rows(app, "data_request.list_viewed")
    assert '"shown": 1' in listed.details


# --- who may do what ----------------------------------------------------------------


def test_roles(app, world, make_browser):
    request_id, _ = record(app, world)
    therapist = make_browser()
    therapist.login(world.emails["therapist"])
    page = therapist.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert page and 'id="data-requests"' not in page  # the treating therapist: no section
    form = {"request-kind": "access", "request-received_on": "2026-11-23"}
    assert therapist.post(f"/clients/{world.client_id}/data-requests", form).status_code == 404
    assert therapist.post(f"/data-requests/{request_id}/done").status_code == 404

    desk = make_browser()
    desk.login(world.emails["receptionist"])
    assert desk.get("/admin/").status_code == 403  # the clinic-wide list is the admin's
    page = desk.get(f"/clients/{world.client_id}").get_data(as_text=True)
    assert 'id="data-requests"' in page

    foreign = make_browser()
    foreign.login(world.emails["foreign_admin"])
    assert foreign.post(f"/data-requests/{request_id}/take").status_code == 404
    assert foreign.post(f"/clients/{world.client_id}/data-requests", form).status_code == 404
    assert "Elif" not in foreign.get("/admin/").get_data(as_text=True)
    assert rows(app, world)[0].status is DataRequestStatus.OPEN


# --- the client's form behind a link ------------------------------------------------


def test_client_submits_from_an_appointment_link(app, world, make_browser, capsys):
    set_clinic(app, world, privacy_law="kvkk")
    token = appointment_link(app, world)
    phone = make_browser()
    page = phone.get(f"/r/{token}").get_data(as_text=True)
    assert f'href="/r/{token}/privacy"' in page  # "Your data and privacy" on the link page
    page = phone.get(f"/r/{token}/privacy").get_data(as_text=True)
    assert f'href="/r/{token}/privacy-request"' in page
    form = phone.get(f"/r/{token}/privacy-request")
    assert form.status_code == 200 and 'name="csrf_token"' in form.get_data(as_text=True)

    response = phone.post(f"/r/{token}/privacy-request", {"kind": "access"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    # The client's language is Turkish: the dates come out in Turkish.
    assert '<html lang="tr">' in text and "23 Aralık 2026" in text
    (row,) = rows(app, world)
    assert row.source == "link" and row.kind is DataRequestKind.ACCESS
    assert row.due_at.astimezone(ISTANBUL).date() == date(2026, 12, 23)
    assert row.details_sealed is None
    with capsys.disabled():
        print(f"\nlink request: received {row.received_at:%Y-%m-%d}, due {row.due_at:%Y-%m-%d}")


def test_client_submits_from_a_consent_link_in_english(app, world, make_browser):
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.get(Client, world.client_id).language = "en"
        db.session.commit()
    token = consent_link(app, world)
    phone = make_browser()
    assert f'href="/c/{token}/privacy"' in phone.get(f"/c/{token}").get_data(as_text=True)
    response = phone.post(f"/c/{token}/privacy-request", {"kind": "consent_withdrawal"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and '<html lang="en">' in text
    assert "Request received" in text and "December 23, 2026" in text
    assert rows(app, world)[0].kind is DataRequestKind.CONSENT_WITHDRAWAL


def test_client_submit_is_idempotent(app, world, make_browser):
    token = appointment_link(app, world)
    phone = make_browser()
    first = phone.post(f"/r/{token}/privacy-request", {"kind": "erasure", "details": "x"})
    second = phone.post(f"/r/{token}/privacy-request", {"kind": "erasure", "details": "x"})
    assert first.status_code == second.status_code == 200
    # The client is Turkish: "You had already sent this request ... Nothing new was recorded."
    assert "zaten göndermiştiniz" not in first.get_data(as_text=True)
    assert "zaten göndermiştiniz" in second.get_data(as_text=True)
    assert len(rows(app, world)) == 1
    assert len(audit_rows(app, "data_request.recorded")) == 1
    # Another kind is another request.
    phone.post(f"/r/{token}/privacy-request", {"kind": "access"})
    assert len(rows(app, world)) == 2


def test_concurrent_submits_of_one_form_record_one_request(app, world, backend, capsys):
    """The same form sent from several tabs at once: one request, on either database."""
    token = appointment_link(app, world)
    threads_n = 6
    barrier = threading.Barrier(threads_n)
    outcomes: list[str] = []

    def send() -> None:
        with app.app_context():
            barrier.wait()
            try:
                done = privacy_pages.submit(token, links.APPOINTMENT, DataRequestKind.ERASURE, "x")
                db.session.commit()
                outcomes.append("new" if done.new else "found")
            except Exception as exc:  # noqa: BLE001 - every other outcome is a failure
                db.session.rollback()
                outcomes.append(f"error: {exc!r}")

    threads = [threading.Thread(target=send) for _ in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["found"] * (threads_n - 1) + ["new"], outcomes
    assert len(rows(app, world)) == 1
    with capsys.disabled():
        print(f"\n[{backend}] {threads_n} concurrent submits of one form: 1 request recorded")


def test_client_form_problems(app, world, make_browser):
    token = appointment_link(app, world)
    phone = make_browser()
    assert phone.post(f"/r/{token}/privacy-request", {}).status_code == 422
    assert phone.post(f"/r/{token}/privacy-request", {"kind": "shred"}).status_code == 422
    long = {"kind": "access", "details": "x" * 2001}
    assert phone.post(f"/r/{token}/privacy-request", long).status_code == 422
    # Without the CSRF token nothing is recorded.
    assert (
        phone.post(f"/r/{token}/privacy-request", {"kind": "access"}, csrf=False).status_code == 400
    )
    assert rows(app, world) == []
    for url in ("/r/nope/privacy", "/r/nope/privacy-request", "/c/nope/privacy"):
        assert phone.get(url).status_code == 404
    assert phone.post("/r/nope/privacy-request", {"kind": "access"}).status_code == 404
    # An appointment link is not a consent link, nor the other way round.
    assert phone.get(f"/c/{token}/privacy").status_code == 404


def test_signed_in_staff_do_not_ask_for_the_client(app, world, browser):
    token = appointment_link(app, world)
    browser.login(world.emails["receptionist"])
    assert browser.get(f"/r/{token}/privacy-request").status_code == 403
    assert browser.post(f"/r/{token}/privacy-request", {"kind": "access"}).status_code == 403
    assert rows(app, world) == []


def test_submissions_per_link_are_limited(app, world, make_browser, clock, capsys):
    token = appointment_link(app, world)
    phone = make_browser()
    kinds = [kind.value for kind in DataRequestKind]
    for n in range(privacy_pages.SUBMITS_PER_LINK):
        assert phone.post(f"/r/{token}/privacy-request", {"kind": kinds[n % 5]}).status_code == 200
    response = phone.post(f"/r/{token}/privacy-request", {"kind": "access"})
    assert response.status_code == 429 and response.headers["Retry-After"] == "600"
    assert phone.get(f"/r/{token}/privacy").status_code == 200  # reading still works
    with capsys.disabled():
        print(f"\nsubmissions per link and day: {privacy_pages.SUBMITS_PER_LINK} then 429")
    clock.advance(days=1, minutes=1)
    assert phone.post(f"/r/{token}/privacy-request", {"kind": "access"}).status_code == 200


def test_link_pages_share_the_per_link_limit(app, world, make_browser, monkeypatch):
    from app.services import client_pages

    monkeypatch.setattr(client_pages, "PER_LINK", 4)
    token = appointment_link(app, world)
    phone = make_browser()
    for _ in range(4):
        assert phone.get(f"/r/{token}/privacy").status_code == 200
    assert phone.get(f"/r/{token}/privacy").status_code == 429
    assert phone.get(f"/r/{token}").status_code == 429  # the appointment page's count too
    with app.app_context(), all_clinics():
        dump = repr(db.session.execute(sa.text("SELECT key FROM login_failures")).all())
    assert token not in dump and re.search(r"privacy|link:", dump)


# --- the admin's privacy settings ---------------------------------------------------


def test_admin_sets_the_law_and_retention(app, world, browser, make_browser):
    browser.login(world.emails["admin"])
    english(browser)
    page = browser.get("/admin/").get_data(as_text=True)
    assert 'id="privacy-form"' in page and 'name="clinical_retention_years"' in page
    values = {
        "privacy_law": "gdpr",
        "clinical_retention_years": "10",
        "message_retention_days": "90",
        "audit_retention_years": "12",
    }
    assert browser.post("/admin/privacy", values).status_code == 302
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        assert (
            clinic.privacy_law,
            clinic.clinical_retention_years,
            clinic.message_retention_days,
            clinic.audit_retention_years,
        ) == ("gdpr", 10, 90, 12)
    (event,) = audit_rows(app, "clinic.privacy_updated")
    assert "clinical_retention_years" in event.details

    for name, bad in [
        ("privacy_law", "ccpa"),
        ("clinical_retention_years", "0"),
        ("clinical_retention_years", "31"),
        ("message_retention_days", "3651"),
        ("audit_retention_years", ""),
    ]:
        response = browser.post("/admin/privacy", {**values, name: bad}, headers=HX)
        assert response.status_code == 422, (name, bad)
        assert "<html" not in response.get_data(as_text=True)
    assert browser.post("/admin/privacy", values, csrf=False).status_code == 400

    desk = make_browser()
    desk.login(world.emails["receptionist"])
    assert desk.post("/admin/privacy", {**values, "privacy_law": "kvkk"}).status_code == 403
    with app.app_context():
        assert db.session.get(Clinic, world.clinic_id).privacy_law == "gdpr"


def test_due_dates_follow_the_setting_for_new_requests(app, world, make_browser, clock):
    clock.current = datetime(2027, 1, 31, 9, 0, tzinfo=UTC)
    set_clinic(app, world, privacy_law="gdpr")
    token = consent_link(app, world)
    phone = make_browser()
    text = phone.post(f"/c/{token}/privacy-request", {"kind": "access"}).get_data(as_text=True)
    assert "28 Şubat 2027" in text
