"""The calendar views and the appointment actions behind them (routes and services)."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from conftest import PASSWORD

from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    AuditEvent,
    CancelReason,
    Clinic,
    Role,
    WeeklyHours,
)
from app.models.scoping import clinic_scope
from app.services import appointments, calendar, clients, clinics, users
from app.services.grid import FREE, GAP, SESSIONS

ISTANBUL = ZoneInfo("Europe/Istanbul")
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)
CLIENT = "Elif Kaya"


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = ISTANBUL) -> datetime:
    return datetime.combine(day, time(hour, minute), zone).astimezone(UTC)


class Grid(HTMLParser):
    """The calendar table as {row label: [text of each cell that starts in that row]}."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, list[str]] = {}
        self.heads: list[str] = []
        self._in_body = self._in_head = False
        self._label: str | None = None
        self._cell: list[str] | None = None
        self._th: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self._in_body = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "th" and (self._in_body or self._in_head):
            self._th = []
        elif tag == "td" and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False
        elif tag == "thead":
            self._in_head = False
        elif tag == "th" and self._th is not None:
            text = " ".join("".join(self._th).split())
            if self._in_body:
                self._label = text.removeprefix("Now ")
                self.rows[self._label] = []
            elif text != "Time":
                self.heads.append(text)
            self._th = None
        elif tag == "td" and self._cell is not None:
            self.rows[self._label].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._th is not None:
            self._th.append(data)


def signed_in(make_browser, world, who: str):
    browser = make_browser()
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})
    return browser


@pytest.fixture
def desk(make_browser, world):
    return signed_in(make_browser, world, "receptionist")


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        yield db.session.get(Clinic, world.clinic_id)


def _new_client(app, world, name: str) -> uuid.UUID:
    with app.app_context(), clinic_scope(world.clinic_id):
        client = clients.create_client(world.clinic_id, name)
        db.session.commit()
        return client.id


def _book(app, world, who: str, client_id: uuid.UUID, start: datetime, **kwargs) -> uuid.UUID:
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get(Clinic, world.clinic_id)
        made = appointments.book_appointment(
            clinic, world.user_ids[who], client_id, start, **kwargs
        )
        db.session.commit()
        return made.id


def _appointment(app, world, appointment_id) -> Appointment:
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.get(Appointment, appointment_id)
        db.session.expunge(row)
        return row


def _audit(app, world, action: str) -> list[AuditEvent]:
    with app.app_context(), clinic_scope(world.clinic_id):
        rows = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()
        for row in rows:
            db.session.expunge(row)
        return list(rows)


def _booking(world, **changes) -> dict:
    form = {
        "therapist_id": str(world.user_ids["therapist"]),
        "client_id": str(world.client_id),
        "session_type": "individual",
        "date": MONDAY.isoformat(),
        "time": "14:00",
        "duration": "50",
        "repeat": "0",
    }
    return {**form, **changes}


# --- views ------------------------------------------------------------------------


def test_day_view_puts_sessions_in_their_rows_in_the_clinic_zone(desk, world):
    page = desk.get(f"/day?date={MONDAY}")
    assert page.status_code == 200
    grid = Grid(page.get_data(as_text=True))
    assert grid.heads == ["Other Therapist", "Therapist"]
    labels = list(grid.rows)
    assert labels[0] == "09:00" and labels[-1] == "17:30" and len(labels) == 18
    # 11:00 Istanbul is 08:00 UTC; the session covers the 11:00 and 11:30 rows.
    assert any(CLIENT in cell and "11:00–11:50" in cell for cell in grid.rows["11:00"])
    assert len(grid.rows["11:30"]) == 1  # only the other therapist's cell starts there
    assert "Break" in grid.rows["12:30"][0]
    text = page.get_data(as_text=True)
    assert f"therapist={world.user_ids['therapist']}&amp;start={MONDAY}T14:00" in text
    assert 'aria-current="date"' in text and "Today" in text


def test_a_session_outside_hours_is_marked_and_extends_the_grid(app, desk, world):
    _book(app, world, "therapist", world.client_id, at(MONDAY, 19), override_hours=True)
    grid = Grid(desk.get(f"/day?date={MONDAY}").get_data(as_text=True))
    assert list(grid.rows)[-1] == "19:30"
    assert any("Outside hours" in cell for cell in grid.rows["19:00"])


def test_time_off_and_holidays_show_as_unavailable(app, desk, world):
    from app.models import TimeOff

    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.add(
            TimeOff(
                clinic_id=world.clinic_id,
                therapist_id=world.user_ids["other_therapist"],
                start_at=at(MONDAY, 9),
                end_at=at(MONDAY, 18),
                reason="Leave",
            )
        )
        db.session.add(
            TimeOff(
                clinic_id=world.clinic_id,
                start_at=at(MONDAY + timedelta(days=1), 0),
                end_at=at(MONDAY + timedelta(days=2), 0),
                reason="Holiday",
            )
        )
        db.session.commit()
    today = Grid(desk.get(f"/day?date={MONDAY}").get_data(as_text=True))
    assert today.rows["09:00"][0] == "Time off"
    tomorrow = desk.get(f"/day?date={MONDAY + timedelta(days=1)}").get_data(as_text=True)
    assert "Holiday" in tomorrow
    assert "/appointments/new?" not in tomorrow  # nothing to book on a holiday


def test_therapist_home_is_their_week(make_browser, world):
    browser = signed_in(make_browser, world, "therapist")
    assert browser.get("/").location == "/week"
    page = browser.get("/week?date=2026-11-26")
    grid = Grid(page.get_data(as_text=True))
    assert grid.heads == [
        "Mon 23 Nov",
        "Tue 24 Nov",
        "Wed 25 Nov",
        "Thu 26 Nov",
        "Fri 27 Nov",
    ]
    assert CLIENT in grid.rows["11:00"][0]
    assert "23 Nov – 29 Nov 2026" in page.get_data(as_text=True)


def test_week_shows_weekend_days_only_when_worked(app, make_browser, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        db.session.add(
            WeeklyHours(
                clinic_id=world.clinic_id,
                therapist_id=world.user_ids["therapist"],
                weekday=5,
                starts=time(10),
                ends=time(14),
            )
        )
        db.session.commit()
    browser = signed_in(make_browser, world, "therapist")
    grid = Grid(browser.get(f"/week?date={MONDAY}").get_data(as_text=True))
    assert grid.heads[-1] == "Sat 28 Nov" and len(grid.heads) == 6


def test_front_desk_picks_whose_week(desk, world):
    theirs = desk.get(f"/week?date={MONDAY}&therapist={world.user_ids['therapist']}")
    assert CLIENT in theirs.get_data(as_text=True)
    other = desk.get(f"/week?date={MONDAY}&therapist={world.user_ids['other_therapist']}")
    assert CLIENT not in other.get_data(as_text=True)
    assert "Other Therapist" in other.get_data(as_text=True)


def test_week_navigation_moves_by_a_week(desk, world):
    page = desk.get(f"/week?date={MONDAY}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'hx-get="/week?date=2026-11-16"' in page
    assert 'hx-get="/week?date=2026-11-30"' in page


def test_month_counts_sessions_per_day_and_links_to_the_day(app, desk, world):
    other = _new_client(app, world, "Can Ak")
    _book(app, world, "other_therapist", other, at(MONDAY, 14))
    _book(app, world, "therapist", other, at(MONDAY + timedelta(days=2), 10))
    cancelled = _book(app, world, "therapist", other, at(MONDAY + timedelta(days=3), 10))
    with app.app_context(), clinic_scope(world.clinic_id):
        appointments.cancel_appointment(db.session.get(Appointment, cancelled), CancelReason.CLIENT)
        db.session.commit()
    page = desk.get("/month?date=2026-11-05").get_data(as_text=True)
    assert "November 2026" in page
    assert re.search(r'href="/day\?date=2026-11-23"[^>]*aria-label="[^"]*: 2 sessions"', page)
    assert re.search(r'href="/day\?date=2026-11-25"[^>]*aria-label="[^"]*: 1 session"', page)
    assert re.search(r'href="/day\?date=2026-11-26"[^>]*aria-label="[^"]*: 0 sessions"', page)
    assert "3 sessions" in page  # the month's total
    mine = desk.get(f"/month?date=2026-11-05&therapist={world.user_ids['therapist']}")
    assert re.search(
        r'href="/day\?date=2026-11-23&amp;therapist=[^"]+"[^>]*: 1 session"',
        mine.get_data(as_text=True),
    )


@pytest.mark.parametrize(
    "url",
    [
        "/day",
        "/week",
        "/month",
        "/appointments/new",
        "/appointments/{id}",
        "/appointments/{id}/move",
    ],
)
def test_fragment_requests_get_no_page(desk, world, url):
    url = url.format(id=world.appointment_id)
    page = desk.get(url)
    fragment = desk.get(url, headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert "<html" in page.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)


# --- daylight saving time ----------------------------------------------------------


@pytest.fixture
def berlin(app):
    """A clinic in Berlin whose two therapists also work on Sundays, one of them at night."""
    with app.app_context():
        clinic = clinics.create_clinic("Praxis Berlin", "praxis-berlin", timezone="Europe/Berlin")
        with clinic_scope(clinic.id):
            day = users.create_user(clinic.id, "tag@c.test", "Day", PASSWORD, Role.THERAPIST)
            night = users.create_user(clinic.id, "nacht@c.test", "Night", PASSWORD, Role.THERAPIST)
            for therapist, starts, ends in ((day, time(9), time(18)), (night, time(0), time(6))):
                db.session.add(
                    WeeklyHours(
                        clinic_id=clinic.id,
                        therapist_id=therapist.id,
                        weekday=6,
                        starts=starts,
                        ends=ends,
                    )
                )
            client = clients.create_client(clinic.id, "Jonas Weber")
            db.session.commit()
        yield clinic.id, day.id, night.id, client.id


def _schedule(app, clinic_id, day, therapist_id):
    with app.app_context(), clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        return calendar.day_schedule(clinic, day, [therapist_id])


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(date(2026, 3, 29), 8), (date(2026, 3, 28), 9), (date(2026, 10, 25), 9)],
)
def test_a_dst_day_keeps_wall_clock_rows(app, berlin, day, utc_hour):
    clinic_id, day_id, _, client_id = berlin
    with app.app_context(), clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        if day.weekday() != 6:  # Saturday: give hours so the day is bookable
            db.session.add(
                WeeklyHours(
                    clinic_id=clinic_id,
                    therapist_id=day_id,
                    weekday=day.weekday(),
                    starts=time(9),
                    ends=time(18),
                )
            )
        start = at(day, 10, zone=BERLIN)
        assert start.hour == utc_hour  # the offset really differs around the change
        appointments.book_appointment(clinic, day_id, client_id, start)
        db.session.commit()
    schedule = _schedule(app, clinic_id, day, day_id)
    labels = [row.label for row in schedule.rows]
    assert labels == [f"{h:02d}:{m:02d}" for h in range(9, 18) for m in (0, 30)]
    ten = schedule.rows[labels.index("10:00")].cells[0]
    assert ten.kind == SESSIONS and ten.span == 2
    assert ten.entries[0].when == "10:00–10:50"


def test_spring_forward_night_has_no_two_oclock(app, berlin):
    clinic_id, _, night_id, client_id = berlin
    day = date(2026, 3, 29)
    with app.app_context(), clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        appointments.book_appointment(clinic, night_id, client_id, at(day, 3, zone=BERLIN))
        db.session.commit()
    schedule = _schedule(app, clinic_id, day, night_id)
    labels = [row.label for row in schedule.rows]
    assert labels == ["00:00", "00:30", "01:00", "01:30", "03:00", "03:30", "04:00", "04:30"] + [
        "05:00",
        "05:30",
    ]
    three = schedule.rows[labels.index("03:00")].cells[0]
    assert three.kind == SESSIONS and three.entries[0].when == "03:00–03:50"
    assert three.entries[0].start == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # CEST, UTC+2


def test_fall_back_night_shows_the_repeated_hour_twice(app, berlin):
    clinic_id, _, night_id, client_id = berlin
    day = date(2026, 10, 25)
    second_pass = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # 02:00 CET, after the change
    with app.app_context(), clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        appointments.book_appointment(clinic, night_id, client_id, second_pass, duration=30)
        db.session.commit()
    schedule = _schedule(app, clinic_id, day, night_id)
    labels = [row.label for row in schedule.rows]
    assert labels[:8] == [
        "00:00",
        "00:30",
        "01:00",
        "01:30",
        "02:00 CEST",
        "02:30 CEST",
        "02:00 CET",
        "02:30 CET",
    ]
    assert len(labels) == 14  # a 25-hour day: six hours of wall clock, thirteen half hours
    starting = {row.label: row.cells[0].kind for row in schedule.rows if row.cells}
    assert starting["02:00 CET"] == SESSIONS
    assert starting.get("02:00 CEST") != SESSIONS


def test_a_week_across_the_change_has_a_gap_only_on_sunday(app, berlin):
    clinic_id, _, night_id, _ = berlin
    with app.app_context(), clinic_scope(clinic_id):
        clinic = db.session.get(Clinic, clinic_id)
        for weekday in range(6):
            db.session.add(
                WeeklyHours(
                    clinic_id=clinic_id,
                    therapist_id=night_id,
                    weekday=weekday,
                    starts=time(0),
                    ends=time(6),
                )
            )
        db.session.commit()
        week = calendar.week_schedule(clinic, night_id, date(2026, 3, 25))
    two = next(row for row in week.rows if row.label == "02:00")
    assert [c.kind for c in two.cells][-1] == GAP
    assert {c.kind for c in two.cells[:-1]} <= {FREE, "past"}


# --- actions ----------------------------------------------------------------------


def test_booking_a_free_slot(app, desk, world):
    other = _new_client(app, world, "Can Ak")
    form = desk.get(
        f"/appointments/new?therapist={world.user_ids['therapist']}&start={MONDAY}T14:00",
        headers={"HX-Request": "true"},
    ).get_data(as_text=True)
    assert 'value="14:00"' in form and 'value="2026-11-23"' in form and "Can Ak" in form
    answer = desk.post("/appointments/", _booking(world, client_id=str(other)))
    assert answer.status_code == 303  # without HTMX: back to the day
    answer = desk.post(
        "/appointments/",
        _booking(world, client_id=str(other), time="15:00"),
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 204
    assert answer.headers["HX-Trigger"] == "calendar-changed"
    with app.app_context(), clinic_scope(world.clinic_id):
        starts = db.session.scalars(
            sa.select(Appointment.start_at).where(Appointment.client_id == other)
        ).all()
    assert sorted(starts) == [at(MONDAY, 14), at(MONDAY, 15)]
    events = _audit(app, world, "appointment.created")
    assert len(events) == 2
    assert "Can Ak" not in json.dumps([e.details for e in events])
    grid = Grid(desk.get(f"/day?date={MONDAY}").get_data(as_text=True))
    assert "Can Ak" in grid.rows["14:00"][1]


def test_a_clash_answers_422_with_the_clash_and_three_alternatives(app, desk, world):
    other = _new_client(app, world, "Can Ak")
    answer = desk.post(
        "/appointments/",
        _booking(world, client_id=str(other), time="11:00"),
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "<html" not in text
    assert "Conflicts with a session 11:00–11:50" in text
    slots = re.findall(r'name="slot" value="([^"]+)"', text)
    assert slots == ["2026-11-23T10:00", "2026-11-23T13:30", "2026-11-23T14:00"]
    # A picked alternative submits the form with that time.
    picked = desk.post(
        "/appointments/",
        _booking(world, client_id=str(other), time="11:00", slot=slots[1]),
        headers={"HX-Request": "true"},
    )
    assert picked.status_code == 204
    with app.app_context(), clinic_scope(world.clinic_id):
        booked = db.session.scalars(
            sa.select(Appointment.start_at).where(Appointment.client_id == other)
        ).one()
    assert booked == at(MONDAY, 13, 30)


def test_outside_hours_offers_the_override(app, desk, world):
    first = desk.post("/appointments/", _booking(world, time="19:00"))
    assert first.status_code == 422
    assert 'name="override_hours"' in first.get_data(as_text=True)
    assert "outside the therapist&#39;s working hours" in first.get_data(as_text=True)
    second = desk.post("/appointments/", _booking(world, time="19:00", override_hours="y"))
    assert second.status_code == 303
    assert "Outside hours" in desk.get(f"/day?date={MONDAY}").get_data(as_text=True)


def test_changing_the_type_sets_its_length_and_the_video_link_field(desk, world):
    base = "/appointments/new?changed=session_type&date=2026-11-23&time=14:00&duration=50"
    couple = desk.get(f"{base}&session_type=couple").get_data(as_text=True)
    assert 'name="duration"' in couple and 'value="80"' in couple
    assert 'name="video_link"' not in couple
    online = desk.get(f"{base}&session_type=online").get_data(as_text=True)
    assert 'name="video_link"' in online


def test_a_video_link_must_be_a_web_address(desk, world):
    answer = desk.post(
        "/appointments/",
        _booking(world, session_type="online", video_link="javascript:alert(1)"),
    )
    assert answer.status_code == 422


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "0001-01-01"},
        {"date": "9999-12-31", "time": "23:55"},
        {"slot": "9999-12-31T23:55"},
        {"repeat": "1", "until": "9999-12-31"},
        {"date": "2032-11-23"},
    ],
)
def test_a_day_beyond_reach_is_refused_on_the_form(desk, world, changes):
    """Year 1 and year 9999 answered 500 (OverflowError in the clash check and in the
    working hours); a session is booked within five years of today."""
    answer = desk.post(
        "/appointments/",
        _booking(world, override_hours="y", **changes),
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422
    assert "Choose a day between Nov 23, 2021 and Nov 23, 2031." in answer.get_data(as_text=True)


@pytest.mark.parametrize("field", ["duration", "count"])
def test_a_number_of_four_hundred_digits_is_refused(desk, world, field):
    """WTForms' NumberRange asked whether it was NaN as a float: OverflowError, a 500."""
    answer = desk.post(
        "/appointments/",
        _booking(world, repeat="1" if field == "count" else "0", **{field: "9" * 400}),
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422
    assert "This number is out of range." in answer.get_data(as_text=True)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_move_beyond_reach_is_refused_on_the_form(app, desk, world, day):
    answer = desk.post(
        f"/appointments/{world.appointment_id}/move",
        {"date": day, "time": "23:55", "duration": "50", "override_hours": "y"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422
    assert "Choose a day between" in answer.get_data(as_text=True)
    assert _appointment(app, world, world.appointment_id).start_at == at(MONDAY, 11)


def test_a_weekly_series_from_the_form(app, desk, world):
    other = _new_client(app, world, "Can Ak")
    missing = desk.post("/appointments/", _booking(world, client_id=str(other), repeat="1"))
    assert missing.status_code == 422
    assert "Give either the number of sessions or an end date." in missing.get_data(as_text=True)
    answer = desk.post(
        "/appointments/", _booking(world, client_id=str(other), repeat="1", count="3")
    )
    assert answer.status_code == 303
    with app.app_context(), clinic_scope(world.clinic_id):
        rows = db.session.scalars(
            sa.select(Appointment)
            .where(Appointment.client_id == other)
            .order_by(Appointment.start_at)
        ).all()
        assert [r.start_at for r in rows] == [at(MONDAY + timedelta(weeks=i), 14) for i in range(3)]
        assert len({r.series_id for r in rows}) == 1 and rows[0].series_id is not None
        ids = [r.id for r in rows]
    assert len(_audit(app, world, "series.created")) == 1
    # "This and following" from the second: the first stays, the later two move.
    moved = desk.post(
        f"/appointments/{ids[1]}/move",
        {
            "therapist_id": str(world.user_ids["therapist"]),
            "date": (MONDAY + timedelta(weeks=1)).isoformat(),
            "time": "15:00",
            "duration": "50",
            "following": "1",
        },
    )
    assert moved.status_code == 303, moved.get_data(as_text=True)
    starts = [_appointment(app, world, i).start_at for i in ids]
    assert starts == [at(MONDAY, 14)] + [at(MONDAY + timedelta(weeks=i), 15) for i in (1, 2)]
    cancelled = desk.post(f"/appointments/{ids[1]}/cancel", {"reason": "client", "following": "1"})
    assert cancelled.status_code == 303
    statuses = [_appointment(app, world, i).status for i in ids]
    assert statuses == [AppointmentStatus.BOOKED] + [AppointmentStatus.CANCELLED] * 2


def test_moving_a_session(app, desk, world):
    form = desk.get(f"/appointments/{world.appointment_id}/move").get_data(as_text=True)
    assert 'value="11:00"' in form and 'value="50"' in form
    answer = desk.post(
        f"/appointments/{world.appointment_id}/move",
        {
            "therapist_id": str(world.user_ids["other_therapist"]),
            "date": MONDAY.isoformat(),
            "time": "15:30",
            "duration": "50",
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 204 and answer.headers["HX-Trigger"] == "calendar-changed"
    moved = _appointment(app, world, world.appointment_id)
    assert moved.start_at == at(MONDAY, 15, 30)
    assert moved.therapist_id == world.user_ids["other_therapist"]
    (event,) = _audit(app, world, "appointment.moved")
    assert event.object_id == str(world.appointment_id)
    assert CLIENT not in event.details


def test_moving_onto_another_session_is_refused(app, desk, world):
    other = _new_client(app, world, "Can Ak")
    theirs = _book(app, world, "therapist", other, at(MONDAY, 14))
    answer = desk.post(
        f"/appointments/{theirs}/move",
        {
            "therapist_id": str(world.user_ids["therapist"]),
            "date": MONDAY.isoformat(),
            "time": "11:20",
            "duration": "50",
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "Conflicts with a session 11:00–11:50" in text
    assert len(re.findall(r'name="slot"', text)) == 3
    assert _appointment(app, world, theirs).start_at == at(MONDAY, 14)  # rolled back


def test_cancelling_with_a_reason_frees_the_slot(app, desk, world):
    refused = desk.post(f"/appointments/{world.appointment_id}/cancel", {"reason": "bored"})
    assert refused.status_code == 422
    answer = desk.post(
        f"/appointments/{world.appointment_id}/cancel",
        {"reason": "late"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 204
    row = _appointment(app, world, world.appointment_id)
    assert row.status is AppointmentStatus.CANCELLED and row.cancel_reason is CancelReason.LATE
    (event,) = _audit(app, world, "appointment.cancelled")
    assert json.loads(event.details)["reason"] == "late"
    page = desk.get(f"/day?date={MONDAY}").get_data(as_text=True)
    grid = Grid(page)
    assert "Cancelled" in page and CLIENT in page  # listed under the grid
    assert f"therapist={world.user_ids['therapist']}&amp;start={MONDAY}T11:00" in page
    assert all(CLIENT not in cell for cell in grid.rows["11:00"])
    detail = desk.get(f"/appointments/{world.appointment_id}").get_data(as_text=True)
    assert "Late cancellation" in detail


def test_marking_attendance(app, desk, make_browser, world, clock):
    detail = desk.get(f"/appointments/{world.appointment_id}").get_data(as_text=True)
    assert 'value="attended"' not in detail  # it has not started yet
    clock.advance(hours=2)
    desk = signed_in(make_browser, world, "receptionist")  # the idle timeout ended the other
    detail = desk.get(f"/appointments/{world.appointment_id}").get_data(as_text=True)
    assert 'value="attended"' in detail and 'value="no_show"' in detail
    answer = desk.post(
        f"/appointments/{world.appointment_id}/attendance",
        {"status": "no_show"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 204
    assert _appointment(app, world, world.appointment_id).status is AppointmentStatus.NO_SHOW
    assert len(_audit(app, world, "appointment.attendance_marked")) == 1


# --- who may act -----------------------------------------------------------------


ACTIONS = [
    ("get", "/appointments/{id}", None),
    ("get", "/appointments/{id}/move", None),
    ("post", "/appointments/{id}/move", {"date": "2026-11-23", "time": "15:00", "duration": "50"}),
    ("post", "/appointments/{id}/cancel", {"reason": "client"}),
    ("post", "/appointments/{id}/attendance", {"status": "attended"}),
]


@pytest.mark.parametrize(("method", "url", "data"), ACTIONS)
def test_another_therapist_gets_403_and_another_clinic_404(
    app, make_browser, world, method, url, data
):
    url = url.format(id=world.appointment_id)
    for who, expected in (
        ("other_therapist", 403),
        ("foreign_receptionist", 404),
        ("foreign_therapist", 404),
    ):
        browser = signed_in(make_browser, world, who)
        if data is None:
            answer = browser.get(url)
        else:
            answer = browser.post(url, {**data, "therapist_id": str(world.user_ids[who])})
        assert answer.status_code == expected, who
        assert CLIENT not in answer.get_data(as_text=True)
    row = _appointment(app, world, world.appointment_id)
    assert row.status is AppointmentStatus.BOOKED and row.start_at == at(MONDAY, 11)


def test_a_therapist_acts_on_their_own_and_books_only_for_themselves(app, make_browser, world):
    browser = signed_in(make_browser, world, "therapist")
    assert browser.get(f"/appointments/{world.appointment_id}").status_code == 200
    form = browser.get("/appointments/new").get_data(as_text=True)
    assert "Other Therapist" not in form  # they can only pick themselves
    refused = browser.post(
        "/appointments/", _booking(world, therapist_id=str(world.user_ids["other_therapist"]))
    )
    assert refused.status_code == 422
    booked = browser.post("/appointments/", _booking(world, time="15:00"))
    assert booked.status_code == 303
    assert browser.get("/appointments/new").status_code == 200


def test_another_therapists_day_never_shows_client_names(app, make_browser, world):
    other = signed_in(make_browser, world, "other_therapist")
    own_day = other.get(f"/day?date={MONDAY}").get_data(as_text=True)
    assert CLIENT not in own_day
    for url in (
        f"/day?date={MONDAY}&therapist=all",
        f"/day?date={MONDAY}&therapist={world.user_ids['therapist']}",
        f"/week?date={MONDAY}&therapist={world.user_ids['therapist']}",
    ):
        for headers in ({}, {"HX-Request": "true"}):
            page = other.get(url, headers=headers).get_data(as_text=True)
            assert CLIENT not in page, url
            assert "Busy" in page and "11:00–11:50" in page
            assert f"/appointments/{world.appointment_id}" not in page
            # and no booking in someone else's column
            assert f"therapist={world.user_ids['therapist']}&amp;start" not in page
    mine = signed_in(make_browser, world, "therapist").get(f"/day?date={MONDAY}&therapist=all")
    assert CLIENT in mine.get_data(as_text=True)


# --- speed -----------------------------------------------------------------------


def test_views_cost_a_fixed_number_of_queries(app, world):
    """No query per session, client or cell: a busier day or week costs the same."""
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get(Clinic, world.clinic_id)
        people = [clients.create_client(clinic.id, f"Kişi {i}").id for i in range(10)]
        for i, person in enumerate(people):
            who = "therapist" if i % 2 else "other_therapist"
            day = MONDAY + timedelta(days=1 + i // 4)
            appointments.book_appointment(
                clinic, world.user_ids[who], person, at(day, (9, 10, 11, 14)[i % 4])
            )
        later = MONDAY + timedelta(weeks=1)
        appointments.book_appointment(clinic, world.user_ids["therapist"], people[0], at(later, 10))
        db.session.commit()

    def count(fn) -> int:
        with app.app_context(), clinic_scope(world.clinic_id):
            clinic = db.session.get(Clinic, world.clinic_id)
            statements: list[str] = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            sa.event.listen(db.engine, "before_cursor_execute", listener)
            try:
                fn(clinic)
            finally:
                sa.event.remove(db.engine, "before_cursor_execute", listener)
            return len(statements)

    therapist = world.user_ids["therapist"]
    quiet_day = count(lambda c: calendar.day_schedule(c, MONDAY))
    busy_day = count(lambda c: calendar.day_schedule(c, MONDAY + timedelta(days=1)))
    quiet_week = count(lambda c: calendar.week_schedule(c, therapist, MONDAY + timedelta(weeks=1)))
    busy_week = count(lambda c: calendar.week_schedule(c, therapist, MONDAY))
    assert busy_day == quiet_day <= 8
    assert busy_week == quiet_week <= 8


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2026-02-30", "yesterday"])
def test_a_day_out_of_range_or_malformed_falls_back_to_today(browser, world, value):
    browser.login(world.emails["receptionist"])
    response = browser.get(f"/day?date={value}")
    assert response.status_code == 200
    assert "Elif Kaya" in response.get_data(as_text=True)  # today's session is shown


def test_a_session_type_and_video_link_can_be_changed(app, browser, world):
    browser.login(world.emails["receptionist"])
    url = f"/appointments/{world.appointment_id}/details"
    bad = browser.post(url, {"session_type": "online", "video_link": "javascript:alert(1)"})
    assert bad.status_code == 422
    done = browser.post(url, {"session_type": "online", "video_link": "https://meet.example/x"})
    assert done.status_code in (204, 303)
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.get(Appointment, world.appointment_id)
        assert (row.session_type, row.video_link) == ("online", "https://meet.example/x")
    # Back to an in-person type: the link goes with it.
    browser.post(url, {"session_type": "individual", "video_link": "https://meet.example/x"})
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.get(Appointment, world.appointment_id)
        assert (row.session_type, row.video_link) == ("individual", None)
