"""Calendar feeds: private, revocable, and showing initials only."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.extensions import db
from app.models import Appointment, AuditEvent, CalendarFeed, CancelReason, Clinic, User
from app.models.scoping import all_clinics, clinic_scope
from app.services import appointments, clients, feeds

HX = {"HX-Request": "true"}
FEED_URL = re.compile(r"https?://[^\s\"<]+/feeds/([A-Za-z0-9_-]+)\.ics")


def _signed_in(make_browser, world, who):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    return browser


def _create(browser, therapist_id, **kwargs):
    return browser.post(f"/therapists/{therapist_id}/calendar-feed", **kwargs)


def _token(response) -> str:
    assert response.status_code == 200
    match = FEED_URL.search(response.get_data(as_text=True))
    assert match, "the new address is shown"
    return match.group(1)


def _events(response) -> dict[str, dict]:
    calendar = Calendar.from_ical(response.get_data())
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def therapist_browser(make_browser, world):
    return _signed_in(make_browser, world, "therapist")


@pytest.fixture
def sessions(app, world, clock):
    """More of the therapist's sessions: a Turkish name with contact details, one
    cancelled, one too old and one too far ahead to be in the feed."""
    therapist = world.user_ids["therapist"]
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get(Clinic, world.clinic_id)
        isil = clients.create_client(
            clinic.id, "ışıl İnan", "0533 111 22 33", "isil.inan@example.com"
        )
        ismail = clients.create_client(clinic.id, "İsmail Işık", "0534 222 33 44")
        now = clock()

        def book(client, days: float, type_code: str = "individual") -> Appointment:
            start = now + timedelta(days=days, hours=4)  # 14:00 in Istanbul
            return appointments.book_appointment(
                clinic, therapist, client.id, start, type_code, override_hours=True
            )

        ids = {
            "isil": book(isil, 1, "couple").id,
            "ismail_past": book(ismail, -20).id,
            "too_old": book(ismail, -40).id,
            "too_far": book(ismail, 200).id,
            "other_therapist": appointments.book_appointment(
                clinic,
                world.user_ids["other_therapist"],
                ismail.id,
                now + timedelta(days=2, hours=4),
            ).id,
        }
        cancelled = book(ismail, 3)
        appointments.cancel_appointment(cancelled, CancelReason.CLIENT)
        ids["cancelled"] = cancelled.id
        db.session.commit()
        return ids


def test_initials_are_upper_case_the_turkish_way():
    assert feeds.client_initials("Elif Kaya") == "E.K."
    assert feeds.client_initials("ışıl İnan") == "I.İ."
    assert feeds.client_initials("İsmail Işık") == "İ.I."
    assert feeds.client_initials("ilker çağlar öz-demir") == "İ.Ç.Ö.D."
    assert feeds.client_initials("") == ""


def test_the_feed_shows_times_and_initials_only(
    app, world, therapist_browser, make_browser, sessions
):
    token = _token(_create(therapist_browser, world.user_ids["therapist"]))
    assert len(token) >= 43  # 32 random bytes

    response = make_browser().get(f"/feeds/{token}.ics")  # a calendar app: no cookies
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    events = _events(response)
    assert set(events) == {
        f"{world.appointment_id}@seans",
        f"{sessions['isil']}@seans",
        f"{sessions['ismail_past']}@seans",
    }
    own = events[f"{world.appointment_id}@seans"]
    assert own["summary"] == "E.K. · Bireysel"  # the clinic's language
    assert own["start"] == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert own["end"] == datetime(2026, 11, 23, 8, 50, tzinfo=UTC)
    assert events[f"{sessions['isil']}@seans"]["summary"] == "I.İ. · Çift"
    assert events[f"{sessions['ismail_past']}@seans"]["summary"].startswith("İ.I. ")

    text = response.get_data(as_text=True)
    assert "DTSTART:20261123T080000Z" in text
    for secret in [
        "Elif",
        "Kaya",
        "ELIF",
        "KAYA",
        "ışıl",
        "Işıl",
        "IŞIL",
        "İnan",
        "İNAN",
        "İsmail",
        "Işık",
        "isil.inan@example.com",
        "example.com",
        "+905321234567",
        "0532 123 45 67",
        "5321234567",
        "+905331112233",
        "5331112233",
        "5342223344",
        "DESCRIPTION",
        "ATTENDEE",
        "LOCATION",
    ]:
        assert secret not in text, secret
    assert token not in text


def test_only_the_tokens_hash_is_stored(app, world, therapist_browser):
    token = _token(_create(therapist_browser, world.user_ids["therapist"]))
    with app.app_context(), all_clinics():
        feed = db.session.scalars(sa.select(CalendarFeed)).one()
        assert feed.token_hash == hashlib.sha256(token.encode()).digest()
        assert feed.therapist_id == world.user_ids["therapist"]
        audit = db.session.scalars(sa.select(AuditEvent.details)).all()
    assert not [details for details in audit if token in details]


def test_the_address_is_shown_once(world, therapist_browser):
    page = therapist_browser.get("/calendar-feed").get_data(as_text=True)
    assert "/feeds/" not in page
    token = _token(_create(therapist_browser, world.user_ids["therapist"], headers=HX))
    again = therapist_browser.get("/calendar-feed").get_data(as_text=True)
    assert token not in again and "/feeds/" not in again
    assert f"/therapists/{world.user_ids['therapist']}/calendar-feed/revoke" in again


def test_a_revoked_token_answers_like_an_unknown_one(world, therapist_browser, make_browser):
    therapist = world.user_ids["therapist"]
    token = _token(_create(therapist_browser, therapist))
    app_client = make_browser()
    assert app_client.get(f"/feeds/{token}.ics").status_code == 200

    revoked = therapist_browser.post(f"/therapists/{therapist}/calendar-feed/revoke", headers=HX)
    assert revoked.status_code == 200
    assert "<html" not in revoked.get_data(as_text=True)

    gone = app_client.get(f"/feeds/{token}.ics")
    unknown = app_client.get(f"/feeds/{'x' * len(token)}.ics")
    nonsense = app_client.get(f"/feeds/{'y' * 500}.ics")
    assert gone.status_code == unknown.status_code == nonsense.status_code == 404
    assert gone.get_data() == unknown.get_data() == nonsense.get_data()
    assert gone.mimetype == unknown.mimetype == "text/plain"
    assert "Set-Cookie" not in gone.headers


def test_a_new_address_revokes_the_old_one(world, therapist_browser, make_browser):
    therapist = world.user_ids["therapist"]
    old = _token(_create(therapist_browser, therapist))
    new = _token(_create(therapist_browser, therapist))
    assert old != new
    app_client = make_browser()
    assert app_client.get(f"/feeds/{old}.ics").status_code == 404
    assert app_client.get(f"/feeds/{new}.ics").status_code == 200


def test_an_admin_makes_a_feed_for_a_therapist(world, make_browser):
    admin = _signed_in(make_browser, world, "admin")
    token = _token(_create(admin, world.user_ids["therapist"], headers=HX))
    response = make_browser().get(f"/feeds/{token}.ics")
    assert f"{world.appointment_id}@seans" in _events(response)


def test_a_deactivated_therapists_feed_stops(app, world, therapist_browser, make_browser):
    token = _token(_create(therapist_browser, world.user_ids["therapist"]))
    with app.app_context():
        db.session.get(User, world.user_ids["therapist"]).active = False
        db.session.commit()
    assert make_browser().get(f"/feeds/{token}.ics").status_code == 404


def test_fetches_are_audited(app, world, therapist_browser, make_browser):
    token = _token(_create(therapist_browser, world.user_ids["therapist"]))
    make_browser().get(f"/feeds/{token}.ics")
    with app.app_context():
        rows = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action.like("feed.%")).order_by(AuditEvent.seq)
        ).all()
    assert [(r.action, r.actor_kind) for r in rows] == [
        ("feed.created", "user"),
        ("feed.fetched", "feed"),
    ]
    assert rows[1].clinic_id == world.clinic_id


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("foreign_admin", 404),
        ("foreign_therapist", 404),
        ("other_therapist", 403),
        ("receptionist", 404),  # refused by role on a route about one person: like an unknown id
    ],
)
def test_who_may_not_make_a_therapists_feed(app, world, make_browser, who, status):
    browser = _signed_in(make_browser, world, who)
    therapist = world.user_ids["therapist"]
    assert _create(browser, therapist).status_code == status
    assert browser.get(f"/therapists/{therapist}/calendar-feed").status_code == status
    assert browser.post(f"/therapists/{therapist}/calendar-feed/revoke").status_code == status
    with app.app_context(), all_clinics():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarFeed)) == 0


def test_a_foreign_feed_shows_only_its_own_clinic(app, world, make_browser):
    """A therapist of clinic B gets a feed of their own sessions: none of clinic A's."""
    browser = _signed_in(make_browser, world, "foreign_therapist")
    token = _token(_create(browser, world.user_ids["foreign_therapist"]))
    response = make_browser().get(f"/feeds/{token}.ics")
    assert response.status_code == 200
    assert _events(response) == {}
