"""The slot finder in tables, and the admin pages that set what it reads.

The `world` clinic is in Istanbul: its therapist works Monday to Friday 09:00-18:00
with a 12:30-13:30 break and has a session on Monday 2026-11-23 at 11:00-11:50
(the clinic's 10-minute buffer keeps them busy until 12:00)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from conftest import PASSWORD

from app.extensions import db
from app.models import Appointment, AuditEvent, Clinic, Role, Series, TimeOff, WeeklyHours
from app.models.scoping import clinic_scope
from app.services import appointments, availability, clinics, hours, users

ISTANBUL = ZoneInfo("Europe/Istanbul")
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY, TUESDAY, WEDNESDAY, SATURDAY = "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-28"
HX = {"HX-Request": "true"}


def at(day: str, clock_time: str, zone: ZoneInfo = ISTANBUL) -> datetime:
    """A local date and wall-clock time as aware UTC."""
    moment = datetime.combine(date.fromisoformat(day), time.fromisoformat(clock_time), zone)
    return moment.astimezone(UTC)


def wall(slots: list[datetime], zone: ZoneInfo = ISTANBUL) -> list[str]:
    return [slot.astimezone(zone).strftime("%H:%M") for slot in slots]


def day_slots(clinic, therapist_id, day: str, duration: int = 50, **kwargs) -> list[datetime]:
    """Every free start on one local day."""
    zone = ZoneInfo(clinic.timezone)
    first = date.fromisoformat(day)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    until = datetime.combine(first + timedelta(days=1), time(0), zone).astimezone(UTC)
    kwargs.setdefault("limit", 500)
    return availability.free_slots(therapist_id, duration, start, until, clinic=clinic, **kwargs)


def overlaps(slot: datetime, minutes: int, start: datetime, end: datetime) -> bool:
    return slot < end and start < slot + timedelta(minutes=minutes)


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        yield db.session.get(Clinic, world.clinic_id)


@pytest.fixture
def therapist(world):
    return world.user_ids["therapist"]


# --- working hours, breaks, buffers ---------------------------------------------------


def test_a_plain_day_on_the_default_grid(scope, therapist):
    assert wall(day_slots(scope, therapist, TUESDAY)) == [
        *("09:00", "09:30", "10:00", "10:30", "11:00", "11:30"),
        *("13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00"),
    ]


@pytest.mark.parametrize(
    ("step", "duration", "last"),
    [
        (10, 50, "17:10"),  # ends 18:00 exactly; 17:20 would end 18:10
        (5, 50, "17:10"),
        (15, 45, "17:15"),
        (20, 80, "16:40"),
        (30, 50, "17:00"),
        (60, 50, "17:00"),
    ],
)
def test_working_hour_edges(scope, therapist, step, duration, last):
    scope.slot_step_minutes = step
    found = wall(day_slots(scope, therapist, TUESDAY, duration))
    assert found[0] == "09:00"
    assert found[-1] == last
    later = datetime.combine(date(2000, 1, 1), time.fromisoformat(last)) + timedelta(minutes=step)
    assert later.strftime("%H:%M") not in found


@pytest.mark.parametrize(
    ("duration", "last_before_break"), [(20, "12:10"), (50, "11:40"), (80, "11:10")]
)
def test_nothing_overlaps_the_break(scope, therapist, duration, last_before_break):
    scope.slot_step_minutes = 10
    found = day_slots(scope, therapist, TUESDAY, duration)
    lunch = (at(TUESDAY, "12:30"), at(TUESDAY, "13:30"))
    assert not [s for s in found if overlaps(s, duration, *lunch)]
    morning = [s for s in found if s < lunch[0]]
    assert wall(morning)[-1] == last_before_break
    assert at(TUESDAY, "13:30") in found


@pytest.mark.parametrize(
    ("buffer", "duration", "last_before", "first_after"),
    [
        (10, 20, "10:30", "12:00"),  # 10:30-10:50, then 10 minutes before 11:00
        (10, 50, "10:00", "13:30"),  # 12:00 would run into the break
        (0, 20, "10:40", "12:00"),  # the session keeps the buffer it was booked with
        (30, 20, "10:10", "12:00"),
    ],
)
def test_buffers_around_a_session(scope, therapist, buffer, duration, last_before, first_after):
    scope.buffer_minutes = buffer
    scope.slot_step_minutes = 10
    found = day_slots(scope, therapist, MONDAY, duration)
    session = (at(MONDAY, "11:00"), at(MONDAY, "12:00"))  # 11:00-11:50 plus its buffer
    assert not [s for s in found if overlaps(s, duration, *session)]
    assert wall([s for s in found if s < session[0]])[-1] == last_before
    after = [s for s in found if s >= session[0]]
    assert wall(after)[0] == first_after
    assert after[0] >= session[1]


# --- time off and holidays -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "first", "starts", "ends", "gone", "kept"),
    [
        ("therapist", TUESDAY, None, None, "all", WEDNESDAY),
        (
            "therapist",
            TUESDAY,
            "14:00",
            "16:00",
            ["13:30", "14:00", "14:30", "15:00", "15:30"],
            TUESDAY,
        ),
        ("clinic", TUESDAY, None, None, "all", WEDNESDAY),
        ("other_therapist", TUESDAY, None, None, [], TUESDAY),
        ("other_clinic", TUESDAY, None, None, [], TUESDAY),
    ],
)
def test_time_off_and_holidays(app, world, scope, therapist, who, first, starts, ends, gone, kept):
    day = date.fromisoformat(first)
    start_time = time.fromisoformat(starts) if starts else None
    end_time = time.fromisoformat(ends) if ends else None
    before = wall(day_slots(scope, therapist, first))
    if who == "clinic":
        hours.add_holiday(scope, day, reason="Holiday")
    elif who == "other_clinic":
        with clinic_scope(world.other_clinic_id):
            other = db.session.get(Clinic, world.other_clinic_id)
            hours.add_holiday(other, day, reason="Their holiday")
    else:
        owner = world.user_ids[who]
        hours.add_time_off(scope, owner, day, None, start_time, end_time, "Leave")
    db.session.commit()
    after = wall(day_slots(scope, therapist, first))
    if gone == "all":
        assert before and after == []
        assert wall(day_slots(scope, therapist, kept)) != []
    else:
        assert after == [s for s in before if s not in gone]
    if starts:
        assert "16:00" in after
    if who == "clinic":  # a holiday closes the clinic for everyone
        assert day_slots(scope, world.user_ids["other_therapist"], first) == []


def test_a_holiday_is_a_whole_local_day_in_utc(scope):
    holiday = hours.add_holiday(scope, date(2026, 11, 25), reason="Holiday")
    assert holiday.therapist_id is None
    assert holiday.start_at == datetime(2026, 11, 24, 21, 0, tzinfo=UTC)
    assert holiday.end_at == datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    span = hours.add_holiday(scope, date(2026, 12, 31), date(2027, 1, 1), "New Year")
    assert span.end_at - span.start_at == timedelta(days=2)


# --- days across a DST change ----------------------------------------------------------


@pytest.fixture
def berlin(app):
    """A clinic in Berlin whose therapist also works weekends, when the clocks change."""
    with app.app_context():
        clinic = clinics.create_clinic("Praxis Berlin", "praxis-berlin", timezone="Europe/Berlin")
        with clinic_scope(clinic.id):
            therapist = users.create_user(
                clinic.id, "t@berlin.test", "Tess Berlin", PASSWORD, Role.THERAPIST
            )
            for weekday in (5, 6):
                hours.add_hours(clinic.id, therapist.id, weekday, "work", time(9), time(18))
            db.session.commit()
            yield clinic, therapist.id


GRID = [f"{h:02d}:{m:02d}" for h in range(9, 18) for m in (0, 30)][:-1]  # 09:00 … 17:00


@pytest.mark.parametrize(
    ("saturday", "sunday", "offset_before", "offset_after"),
    [("2026-03-28", "2026-03-29", 1, 2), ("2026-10-24", "2026-10-25", 2, 1)],
)
def test_slots_keep_wall_clock_times_across_dst(
    berlin, saturday, sunday, offset_before, offset_after
):
    clinic, therapist = berlin
    before = day_slots(clinic, therapist, saturday)
    after = day_slots(clinic, therapist, sunday)
    assert wall(before, BERLIN) == wall(after, BERLIN) == GRID
    assert {s.astimezone(BERLIN).utcoffset() for s in before} == {timedelta(hours=offset_before)}
    assert {s.astimezone(BERLIN).utcoffset() for s in after} == {timedelta(hours=offset_after)}
    assert before[0] == at(saturday, "09:00", BERLIN)
    assert after[0].hour == 9 - offset_after  # 09:00 local in UTC
    # The same wall-clock time a day later is 23 or 25 hours later.
    assert after[0] - before[0] == timedelta(hours=24 + offset_before - offset_after)
    # One query over both days gives the same.
    both = availability.free_slots(
        therapist, 50, before[0], after[-1] + timedelta(minutes=1), 500, clinic=clinic
    )
    assert both == before + after


@pytest.mark.parametrize(
    ("sunday", "expected"),
    [
        # 02:00-03:00 does not exist: the night has three real hours.
        ("2026-03-29", [("01:00", 1), ("01:30", 1), ("03:00", 2), ("03:30", 2), ("04:00", 2)]),
        # 02:00-03:00 happens twice: the night has five real hours.
        (
            "2026-10-25",
            [
                *(("01:00", 2), ("01:30", 2), ("02:00", 2), ("02:30", 2)),
                *(("02:00", 1), ("02:30", 1), ("03:00", 1), ("03:30", 1), ("04:00", 1)),
            ],
        ),
    ],
)
def test_night_hours_across_the_change(berlin, sunday, expected):
    clinic, therapist = berlin
    hours.add_hours(clinic.id, therapist, 6, "work", time(1), time(5))
    start, until = at(sunday, "00:00", BERLIN), at(sunday, "06:00", BERLIN)
    found = availability.free_slots(therapist, 50, start, until, 50, clinic=clinic)
    local = [s.astimezone(BERLIN) for s in found]
    assert [(s.strftime("%H:%M"), s.utcoffset() // timedelta(hours=1)) for s in local] == expected
    assert all(b - a >= timedelta(minutes=30) for a, b in zip(found, found[1:], strict=False))


# --- series, limit, ignore, an empty week ---------------------------------------------------


def test_a_series_with_one_moved_occurrence(scope, world, therapist):
    series = Series(
        clinic_id=scope.id,
        therapist_id=therapist,
        client_id=world.client_id,
        interval_weeks=1,
        count=2,
    )
    db.session.add(series)
    db.session.flush()
    first, second = (
        appointments.book_appointment(
            scope,
            therapist,
            world.client_id,
            at(day, "14:00"),
            series_id=series.id,
            series_index=index,
        )
        for index, day in enumerate((TUESDAY, "2026-12-01"))
    )
    db.session.commit()
    assert "14:00" not in wall(day_slots(scope, therapist, "2026-12-01"))

    appointments.move_appointment(scope, second, at("2026-12-01", "16:00"))
    db.session.commit()

    moved_day = wall(day_slots(scope, therapist, "2026-12-01"))
    assert "14:00" in moved_day  # the old time is free again
    assert "16:00" not in moved_day and "16:30" not in moved_day  # the new one is taken
    assert "15:00" in moved_day and "15:30" not in moved_day  # 15:00-15:50, buffer to 16:00
    assert "17:00" in moved_day  # 16:00-16:50 and its buffer end at 17:00
    assert "14:00" not in wall(day_slots(scope, therapist, TUESDAY))  # the other stays put
    assert db.session.get(Appointment, first.id).start_at == at(TUESDAY, "14:00")
    assert second.series_id == first.series_id == series.id


@pytest.mark.parametrize("limit", [1, 3, 10])
def test_limit_is_honoured(scope, therapist, limit):
    start, until = at(TUESDAY, "00:00"), at(TUESDAY, "00:00") + timedelta(days=7)
    every = availability.free_slots(therapist, 50, start, until, 500, clinic=scope)
    first = availability.free_slots(therapist, 50, start, until, limit, clinic=scope)
    assert len(every) > limit
    assert first == every[:limit]


def test_ignore_frees_an_appointments_own_time(scope, world, therapist):
    taken = wall(day_slots(scope, therapist, MONDAY))
    freed = wall(day_slots(scope, therapist, MONDAY, ignore=world.appointment_id))
    assert "11:00" not in taken
    assert "11:00" in freed
    assert freed == wall(day_slots(scope, therapist, TUESDAY))  # as if Monday were empty


def test_an_empty_week_has_no_slots(scope, therapist):
    for day_rows in hours.weekly_hours(therapist).values():
        for row in day_rows:
            hours.remove_hours(therapist, row.id)
    db.session.commit()
    start = at(MONDAY, "00:00")
    assert (
        availability.free_slots(therapist, 50, start, start + timedelta(days=7), clinic=scope) == []
    )
    assert (
        availability.free_slots(therapist, 20, start, start + timedelta(days=28), clinic=scope)
        == []
    )


# --- the admin pages ------------------------------------------------------------------


def _english(browser, who, world):
    assert browser.login(world.emails[who]).status_code == 302
    browser.post("/language", {"language": "en"})


@pytest.fixture
def admin(browser, world):
    _english(browser, "admin", world)
    return browser


def _slots(app, world, day: str, duration: int = 50) -> list[str]:
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get(Clinic, world.clinic_id)
        return wall(day_slots(clinic, world.user_ids["therapist"], day, duration), ISTANBUL)


def _count(app, world, model) -> int:
    with app.app_context(), clinic_scope(world.clinic_id):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _actions(app, world) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(AuditEvent.action)
                .where(AuditEvent.clinic_id == world.clinic_id)
                .order_by(AuditEvent.seq)
            )
        )


def test_admin_pages_render(admin, world):
    index = admin.get("/admin/availability/")
    assert index.status_code == 200
    text = index.get_data(as_text=True)
    assert f"/admin/availability/{world.user_ids['therapist']}" in text
    assert "Booking settings" in text and "Clinic holidays" in text
    page = admin.get(f"/admin/availability/{world.user_ids['therapist']}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "09:00–18:00" in text and "12:30–13:30" in text
    assert "Calendar feed" in text
    assert "Elif" not in text  # no client data on an availability page
    settings = admin.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/availability/"' in settings


def test_admin_edits_hours_and_the_slot_finder_follows(app, admin, world):
    therapist = world.user_ids["therapist"]
    assert _slots(app, world, SATURDAY) == []
    answer = admin.post(
        f"/admin/availability/{therapist}/hours",
        {"weekday": "5", "kind": "work", "starts": "10:00", "ends": "14:00"},
        headers=HX,
    )
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "<html" not in text and 'id="hours"' in text
    assert "10:00–14:00" in text and "Working hours saved." in text
    assert 'value="10:00"' not in text  # the form is empty again for the next row
    expected = ["10:00", "10:30", "11:00", "11:30", "12:00", "12:30", "13:00"]
    assert _slots(app, world, SATURDAY) == expected

    # Removing Tuesday's break opens lunchtime.
    with app.app_context(), clinic_scope(world.clinic_id):
        lunch = next(r.id for r in hours.weekly_hours(therapist)[1] if r.kind == "break")
    assert "12:00" not in _slots(app, world, TUESDAY)
    removed = admin.post(f"/admin/availability/{therapist}/hours/{lunch}/delete", headers=HX)
    assert removed.status_code == 200
    assert "12:00" in _slots(app, world, TUESDAY) and "12:30" in _slots(app, world, TUESDAY)
    again = admin.post(f"/admin/availability/{therapist}/hours/{lunch}/delete", headers=HX)
    assert again.status_code == 404
    assert _actions(app, world)[-2:] == ["hours.added", "hours.removed"]


def test_a_plain_form_post_is_redirected_back(app, admin, world):
    therapist = world.user_ids["therapist"]
    answer = admin.post(
        f"/admin/availability/{therapist}/hours",
        {"weekday": "6", "kind": "work", "starts": "10:00", "ends": "12:00"},
    )
    assert answer.status_code == 302
    assert answer.location == f"/admin/availability/{therapist}"
    assert "Working hours saved." in admin.get(answer.location).get_data(as_text=True)


def test_admin_adds_and_removes_time_off(app, admin, world):
    therapist = world.user_ids["therapist"]
    answer = admin.post(
        f"/admin/availability/{therapist}/time-off",
        {"first_day": TUESDAY, "starts": "", "last_day": WEDNESDAY, "ends": "", "reason": "Course"},
        headers=HX,
    )
    assert answer.status_code == 200
    assert 'id="time-off"' in answer.get_data(as_text=True)
    assert _slots(app, world, TUESDAY) == _slots(app, world, WEDNESDAY) == []
    assert _slots(app, world, "2026-11-26") != []
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.scalars(sa.select(TimeOff)).one()
        assert (row.start_at, row.end_at) == (at(TUESDAY, "00:00"), at("2026-11-26", "00:00"))
        assert row.therapist_id == therapist and row.reason == "Course"
    gone = admin.post(f"/admin/availability/{therapist}/time-off/{row.id}/delete", headers=HX)
    assert gone.status_code == 200
    assert _slots(app, world, TUESDAY) != []
    assert _actions(app, world)[-2:] == ["time_off.added", "time_off.removed"]

    # Some hours of one day.
    admin.post(
        f"/admin/availability/{therapist}/time-off",
        {"first_day": TUESDAY, "starts": "14:00", "ends": "16:00", "reason": "Dentist"},
        headers=HX,
    )
    tuesday = _slots(app, world, TUESDAY)
    assert "11:30" in tuesday and "16:00" in tuesday and "14:30" not in tuesday


@pytest.mark.parametrize("days", [("9999-12-31", ""), ("0001-01-01", ""), (TUESDAY, "9999-12-31")])
def test_time_off_beyond_the_years_the_app_takes_is_refused(app, admin, world, days):
    therapist = world.user_ids["therapist"]
    first_day, last_day = days
    answer = admin.post(
        f"/admin/availability/{therapist}/time-off",
        {"first_day": first_day, "last_day": last_day, "reason": "Far"},
        headers=HX,
    )
    assert answer.status_code == 422
    assert "Choose a day between Jan 1, 1900 and Dec 31, 2200." in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    ("first_day", "last_day", "field"),
    [(date(9999, 12, 31), None, "first_day"), (date(2026, 11, 24), date(9999, 12, 31), "last_day")],
)
def test_the_service_refuses_time_off_beyond_the_years_the_app_takes(
    scope, therapist, first_day, last_day, field
):
    """The midnight after 9999-12-31 overflowed for a caller that is not the form."""
    with pytest.raises(hours.InvalidAvailability) as refused:
        hours.add_time_off(scope, therapist, first_day, last_day, reason="Far")
    assert (refused.value.field, refused.value.problem) == (field, "far")


def test_a_row_number_beyond_64_bits_is_no_route(admin, world):
    """It reached the query and overflowed SQLite's INTEGER (500)."""
    therapist = world.user_ids["therapist"]
    answer = admin.post(f"/admin/availability/{therapist}/hours/{2**63}/delete", headers=HX)
    assert answer.status_code == 404


def test_admin_adds_and_removes_a_clinic_holiday(app, admin, make_browser, world):
    answer = admin.post(
        "/admin/availability/holidays", {"first_day": WEDNESDAY, "reason": "Holiday"}, headers=HX
    )
    assert answer.status_code == 200
    assert 'id="holidays"' in answer.get_data(as_text=True)
    assert _slots(app, world, WEDNESDAY) == []
    with app.app_context(), clinic_scope(world.clinic_id):
        row = db.session.scalars(sa.select(TimeOff)).one()
    assert row.therapist_id is None
    # Another clinic's admin cannot see or remove it.
    other = make_browser()
    other.login(world.emails["foreign_admin"])
    assert other.post(f"/admin/availability/holidays/{row.id}/delete").status_code == 404
    assert _slots(app, world, WEDNESDAY) == []
    assert (
        admin.post(f"/admin/availability/holidays/{row.id}/delete", headers=HX).status_code == 200
    )
    assert _slots(app, world, WEDNESDAY) != []


def test_admin_changes_the_booking_settings(app, admin, world):
    answer = admin.post(
        "/admin/availability/booking",
        {"buffer_minutes": "0", "slot_step_minutes": "15"},
        headers=HX,
    )
    assert answer.status_code == 200
    assert "Booking settings saved." in answer.get_data(as_text=True)
    with app.app_context():
        clinic = db.session.get(Clinic, world.clinic_id)
        assert (clinic.buffer_minutes, clinic.slot_step_minutes) == (0, 15)
    assert _slots(app, world, TUESDAY)[:3] == ["09:00", "09:15", "09:30"]
    assert _actions(app, world)[-1] == "clinic.booking_updated"


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        (
            "{therapist}/hours",
            {"weekday": "0", "kind": "work", "starts": "14:00", "ends": "10:00"},
            "The end must come after the start.",
        ),
        (
            "{therapist}/hours",
            {"weekday": "0", "kind": "work", "starts": "17:00", "ends": "19:00"},
            "This overlaps another span of the same kind on that day.",
        ),
        (
            "{therapist}/hours",
            {"weekday": "9", "kind": "work", "starts": "10:00", "ends": "11:00"},
            "Not a valid choice.",
        ),
        ("{therapist}/hours", {"weekday": "0", "kind": "work", "starts": "", "ends": ""}, ""),
        (
            "{therapist}/time-off",
            {"first_day": WEDNESDAY, "last_day": TUESDAY, "reason": "x"},
            "The end must come after the start.",
        ),
        (
            "{therapist}/time-off",
            {"first_day": TUESDAY, "starts": "15:00", "ends": "09:00", "reason": "x"},
            "The end must come after the start.",
        ),
        (
            "{therapist}/time-off",
            {"first_day": TUESDAY, "last_day": "2028-01-01", "reason": "x"},
            "Enter at most a year at a time.",
        ),
        ("{therapist}/time-off", {"first_day": TUESDAY, "reason": ""}, ""),
        (
            "holidays",
            {"first_day": WEDNESDAY, "last_day": TUESDAY, "reason": "x"},
            "The end must come after the start.",
        ),
        ("holidays", {"first_day": "not a date", "reason": "x"}, ""),
        ("booking", {"buffer_minutes": "61", "slot_step_minutes": "30"}, ""),
        ("booking", {"buffer_minutes": "-1", "slot_step_minutes": "30"}, ""),
        ("booking", {"buffer_minutes": "10", "slot_step_minutes": "7"}, "Not a valid choice."),
    ],
)
def test_invalid_input_answers_422_and_changes_nothing(app, admin, world, path, data, message):
    url = "/admin/availability/" + path.format(therapist=world.user_ids["therapist"])
    counts = [_count(app, world, m) for m in (WeeklyHours, TimeOff, AuditEvent)]
    with app.app_context():
        before = db.session.get(Clinic, world.clinic_id)
        settings = (before.buffer_minutes, before.slot_step_minutes)
    fragment = admin.post(url, data, headers=HX)
    assert fragment.status_code == 422
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and 'class="error"' in text
    assert message in text
    page = admin.post(url, data)
    assert page.status_code == 422
    assert "<html" in page.get_data(as_text=True)
    assert [_count(app, world, m) for m in (WeeklyHours, TimeOff, AuditEvent)] == counts
    with app.app_context():
        after = db.session.get(Clinic, world.clinic_id)
        assert (after.buffer_minutes, after.slot_step_minutes) == settings


@pytest.mark.parametrize("who", ["receptionist", "therapist", "other_therapist"])
def test_other_roles_cannot_reach_the_admin_pages(app, make_browser, world, who):
    browser = make_browser()
    browser.login(world.emails[who])
    therapist = world.user_ids["therapist"]
    assert browser.get("/admin/availability/").status_code == 403
    # A page about one person answers like an unknown id: nothing about who exists.
    assert browser.get(f"/admin/availability/{therapist}").status_code == 404
    hours_before = _count(app, world, WeeklyHours)
    posted = browser.post(
        f"/admin/availability/{therapist}/hours",
        {"weekday": "5", "kind": "work", "starts": "10:00", "ends": "14:00"},
    )
    assert posted.status_code == 404
    assert browser.post("/admin/availability/booking", {"buffer_minutes": "0"}).status_code == 403
    assert browser.post("/admin/availability/holidays", {"first_day": TUESDAY}).status_code == 403
    assert _count(app, world, WeeklyHours) == hours_before


def test_another_clinics_admin_gets_404_for_this_clinics_therapist(app, make_browser, world):
    browser = make_browser()
    browser.login(world.emails["foreign_admin"])
    therapist = world.user_ids["therapist"]
    assert browser.get("/admin/availability/").status_code == 200  # their own clinic
    assert browser.get(f"/admin/availability/{therapist}").status_code == 404
    posted = browser.post(
        f"/admin/availability/{therapist}/hours",
        {"weekday": "5", "kind": "work", "starts": "10:00", "ends": "14:00"},
    )
    assert posted.status_code == 404
    # Nor is an admin or receptionist of this clinic a therapist to edit.
    admin = make_browser()
    admin.login(world.emails["admin"])
    assert admin.get(f"/admin/availability/{world.user_ids['receptionist']}").status_code == 404


def test_weekday_names_follow_the_language(make_browser, world):
    browser = make_browser()
    browser.login(world.emails["admin"])
    browser.post("/language", {"language": "tr"})
    text = browser.get(f"/admin/availability/{world.user_ids['therapist']}").get_data(as_text=True)
    assert "Pazartesi" in text and "Pazar" in text
    assert re.search(r'<option value="6">Pazar</option>', text)


@pytest.mark.parametrize(("day", "length"), [("2026-03-29", 23), ("2026-10-25", 25)])
def test_a_holiday_on_a_dst_day_lasts_as_long_as_the_day(berlin, day, length):
    clinic, therapist = berlin
    holiday = hours.add_holiday(clinic, date.fromisoformat(day), reason="Feiertag")
    assert holiday.start_at == at(day, "00:00", BERLIN)
    assert holiday.end_at - holiday.start_at == timedelta(hours=length)
    assert day_slots(clinic, therapist, day) == []
