"""Recurring series: wall-clock occurrences, all-or-nothing booking, cancel and move."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from conftest import PASSWORD

from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    CancelReason,
    Clinic,
    Role,
    Series,
    TimeOff,
)
from app.models.scoping import clinic_scope
from app.services import appointments, clients, clinics, series, users

ISTANBUL = ZoneInfo("Europe/Istanbul")
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        yield db.session.get(Clinic, world.clinic_id)


def _at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = ISTANBUL) -> datetime:
    """A wall-clock time in the clinic's zone, as aware UTC."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def _tuesday(week: int, hour: int = 10, minute: int = 0) -> datetime:
    """10:00 in Istanbul on the Tuesday `week` weeks after 2026-11-24 (the day after `clock`)."""
    return _at(date(2026, 11, 24) + timedelta(weeks=week), hour, minute)


def _occurrences(series_id) -> list[Appointment]:
    return list(
        db.session.scalars(
            sa.select(Appointment)
            .where(Appointment.series_id == series_id)
            .order_by(Appointment.series_index)
        )
    )


def _weekly(clinic, world, weeks: int = 4, **kwargs) -> Series:
    return series.create_series(
        clinic,
        world.user_ids["therapist"],
        world.client_id,
        _tuesday(0),
        "individual",
        1,
        count=weeks,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("interval", "count", "until", "expected_weeks"),
    [
        (1, 4, None, [0, 1, 2, 3]),
        (2, 3, None, [0, 2, 4]),
        (1, None, date(2026, 12, 15), [0, 1, 2, 3]),  # until is inclusive
        (2, None, date(2026, 12, 21), [0, 2]),
        (2, None, date(2026, 12, 22), [0, 2, 4]),
        (1, 1, None, [0]),
    ],
)
def test_a_series_books_every_occurrence_at_the_same_local_time(
    scope, world, interval, count, until, expected_weeks
):
    created = series.create_series(
        scope,
        world.user_ids["therapist"],
        world.client_id,
        _tuesday(0),
        "individual",
        interval,
        count=count,
        until=until,
    )
    db.session.commit()
    stored = db.session.get(Series, created.id)
    assert (stored.interval_weeks, stored.count, stored.until) == (interval, count, until)
    booked = _occurrences(created.id)
    assert [a.start_at for a in booked] == [_tuesday(w) for w in expected_weeks]
    assert [a.series_index for a in booked] == list(range(len(expected_weeks)))
    assert all(a.end_at - a.start_at == timedelta(minutes=50) for a in booked)
    assert all(a.status is AppointmentStatus.BOOKED and not a.outside_hours for a in booked)


@pytest.mark.parametrize(
    ("first", "interval", "count", "until"),
    [
        (_tuesday(0), 3, 4, None),  # neither weekly nor every other week
        (_tuesday(0), 1, 4, date(2026, 12, 31)),  # both ends given
        (_tuesday(0), 1, None, None),  # no end at all
        (_tuesday(0), 1, 0, None),
        (_tuesday(0), 1, 105, None),
        (_tuesday(0), 1, None, date(2028, 11, 28)),  # 106 Tuesdays: too long
        (_tuesday(0), 2, None, date(2026, 11, 23)),  # ends before it starts
        (datetime(2026, 11, 24, 10), 1, 4, None),  # naive
    ],
)
def test_malformed_series_are_refused_before_anything_is_booked(
    scope, world, first, interval, count, until
):
    with pytest.raises(ValueError):
        series.create_series(
            scope,
            world.user_ids["therapist"],
            world.client_id,
            first,
            "individual",
            interval,
            count=count,
            until=until,
        )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Series)) == 0


def test_the_longest_series_allowed_is_two_years_of_weeks(scope, world):
    created = series.create_series(
        scope,
        world.user_ids["therapist"],
        world.client_id,
        _tuesday(0),
        "individual",
        1,
        until=date(2028, 11, 14),
    )
    booked = _occurrences(created.id)
    assert len(booked) == series.MAX_OCCURRENCES
    assert booked[-1].start_at == _tuesday(103)


@pytest.mark.parametrize(
    ("first_day", "utc_hours"),
    [
        (date(2026, 3, 16), [9, 9, 8, 8]),  # summer time begins on 2026-03-29
        (date(2026, 10, 12), [8, 8, 9, 9]),  # and ends on 2026-10-25
    ],
)
def test_occurrences_keep_the_wall_clock_time_across_a_dst_change(app, clock, first_day, utc_hours):
    clock.current = _at(first_day - timedelta(days=7), 9, zone=BERLIN)  # the series lies ahead
    with app.app_context():
        berlin = clinics.create_clinic("Praxis Berlin", "praxis-berlin", timezone="Europe/Berlin")
        with clinic_scope(berlin.id):
            therapist = users.create_user(
                berlin.id, "t@berlin.test", "Anna Weber", PASSWORD, Role.THERAPIST
            )
            client = clients.create_client(berlin.id, "Jonas Keller")
            created = series.create_series(
                berlin,
                therapist.id,
                client.id,
                _at(first_day, 10, zone=BERLIN),
                "individual",
                1,
                count=4,
            )
            db.session.commit()
            booked = _occurrences(created.id)
            assert [a.start_at.astimezone(BERLIN).hour for a in booked] == [10] * 4
            assert [a.start_at.hour for a in booked] == utc_hours
            assert not any(a.outside_hours for a in booked)

            # Moving the second one a week on, across the change, moves the rest by a
            # week of wall-clock time (not by 7 x 24 hours), so they stay at 10:00.
            target = _at(first_day + timedelta(weeks=2), 10, zone=BERLIN)
            assert series.move_occurrences(berlin, booked[1], target, following=True) == 3
            db.session.commit()
            after = [a.start_at.astimezone(BERLIN) for a in _occurrences(created.id)]
            assert [(a.date(), a.hour) for a in after] == [
                (first_day + timedelta(weeks=w), 10) for w in (0, 2, 3, 4)
            ]


@pytest.mark.parametrize("clash_weeks", [[2], [1, 3]])
def test_a_clash_books_nothing_and_reports_every_clashing_start(scope, world, clash_weeks):
    other = clients.create_client(scope.id, "Can Ak")
    for week in clash_weeks:
        appointments.book_appointment(scope, world.user_ids["therapist"], other.id, _tuesday(week))
    db.session.commit()
    with pytest.raises(series.SeriesConflict) as conflict:
        _weekly(scope, world, weeks=5)
    assert conflict.value.clashes == [_tuesday(w) for w in clash_weeks]
    assert conflict.value.outside_hours == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Series)) == 0
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(Appointment.client_id == world.client_id)
        )
        == 1
    )  # only the world's Monday session
    db.session.rollback()


@pytest.mark.parametrize(
    ("who", "by_client"),
    [("other_therapist", True), ("therapist", False)],
)
def test_series_and_single_bookings_cannot_double_book(scope, world, who, by_client):
    """The same rule both ways: a single on a series slot, a series over a single."""
    created = _weekly(scope, world)
    other = clients.create_client(scope.id, "Can Ak")
    db.session.commit()
    client_id = world.client_id if by_client else other.id
    with pytest.raises(appointments.SlotTaken) as taken:
        appointments.book_appointment(scope, world.user_ids[who], client_id, _tuesday(2, 10, 30))
    assert taken.value.by_client is by_client
    assert taken.value.clash_start == _tuesday(2)
    db.session.rollback()

    series.cancel_occurrences(_occurrences(created.id)[0], CancelReason.CLIENT, following=True)
    appointments.book_appointment(scope, world.user_ids[who], client_id, _tuesday(2, 10, 30))
    db.session.commit()
    with pytest.raises(series.SeriesConflict) as conflict:
        _weekly(scope, world)
    assert conflict.value.clashes == [_tuesday(2)]


def test_outside_hours_occurrences_need_the_override(scope, world):
    therapist = world.user_ids["therapist"]
    day_off = _tuesday(2)
    db.session.add(
        TimeOff(
            clinic_id=scope.id,
            therapist_id=therapist,
            start_at=day_off - timedelta(hours=7),
            end_at=day_off + timedelta(hours=14),
        )
    )
    db.session.commit()
    with pytest.raises(series.SeriesConflict) as conflict:
        _weekly(scope, world)
    assert conflict.value.outside_hours == [day_off]
    assert conflict.value.clashes == []
    db.session.rollback()
    created = _weekly(scope, world, override_hours=True)
    db.session.commit()
    assert [a.outside_hours for a in _occurrences(created.id)] == [False, False, True, False]


def test_every_problem_is_reported_at_once(scope, world):
    """An evening series: all outside hours, and one evening already taken as well."""
    other = clients.create_client(scope.id, "Can Ak")
    appointments.book_appointment(
        scope, world.user_ids["therapist"], other.id, _tuesday(1, 19), override_hours=True
    )
    db.session.commit()
    with pytest.raises(series.SeriesConflict) as conflict:
        series.create_series(
            scope,
            world.user_ids["therapist"],
            world.client_id,
            _tuesday(0, 19),
            "individual",
            1,
            count=3,
        )
    assert conflict.value.outside_hours == [_tuesday(w, 19) for w in range(3)]
    assert conflict.value.clashes == [_tuesday(1, 19)]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Series)) == 0


@pytest.mark.parametrize(
    ("days_later", "index", "following", "cancelled", "expected"),
    [
        (0, 2, False, 1, [False, False, True, False, False]),
        (0, 2, True, 3, [False, False, True, True, True]),
        (0, 0, True, 5, [True] * 5),
        # A week and a half on, occurrences 0 and 1 are past and stay as they were.
        (10, 0, True, 3, [False, False, True, True, True]),
        (10, 1, False, 1, [False, True, False, False, False]),
    ],
)
def test_cancel_one_or_this_and_following(
    scope, world, clock, days_later, index, following, cancelled, expected
):
    created = _weekly(scope, world, weeks=5)
    db.session.commit()
    clock.advance(days=days_later)
    booked = _occurrences(created.id)
    count = series.cancel_occurrences(booked[index], CancelReason.THERAPIST, following=following)
    db.session.commit()
    assert count == cancelled
    after = _occurrences(created.id)
    assert [a.status is AppointmentStatus.CANCELLED for a in after] == expected
    assert all(a.cancel_reason is CancelReason.THERAPIST for a in after if a.cancel_reason)


def test_cancelled_occurrences_are_not_counted_twice(scope, world):
    booked = _occurrences(_weekly(scope, world, weeks=5).id)
    assert series.cancel_occurrences(booked[3], CancelReason.CLIENT, following=False) == 1
    assert series.cancel_occurrences(booked[3], CancelReason.CLIENT, following=False) == 0
    assert series.cancel_occurrences(booked[2], CancelReason.CLIENT, following=True) == 2
    assert booked[3].cancel_reason is CancelReason.CLIENT


@pytest.mark.parametrize("following", [False, True])
def test_cancelling_a_single_appointment_ignores_following(scope, world, following):
    single = db.session.get(Appointment, world.appointment_id)
    assert series.cancel_occurrences(single, CancelReason.LATE, following=following) == 1
    assert single.status is AppointmentStatus.CANCELLED


def test_moving_one_occurrence_leaves_the_others(scope, world):
    created = _weekly(scope, world)
    db.session.commit()
    booked = _occurrences(created.id)
    wednesday = _tuesday(1, 14) + timedelta(days=1)
    assert series.move_occurrences(scope, booked[1], wednesday, following=False) == 1
    db.session.commit()
    after = _occurrences(created.id)
    assert [a.start_at for a in after] == [_tuesday(0), wednesday, _tuesday(2), _tuesday(3)]
    assert after[1].series_id == created.id


@pytest.mark.parametrize(
    "step",
    [timedelta(days=1), timedelta(hours=1), timedelta(days=-1), timedelta(weeks=1)],
    ids=["a day later", "an hour later", "a day earlier", "onto the next occurrence"],
)
def test_moving_this_and_following_shifts_them_by_the_same_step(scope, world, step):
    created = _weekly(scope, world)
    db.session.commit()
    booked = _occurrences(created.id)
    moved = series.move_occurrences(scope, booked[1], booked[1].start_at + step, following=True)
    db.session.commit()
    assert moved == 3
    after = _occurrences(created.id)
    assert [a.start_at for a in after] == [_tuesday(0)] + [_tuesday(w) + step for w in (1, 2, 3)]
    assert all(a.status is AppointmentStatus.BOOKED for a in after)
    assert all(a.end_at - a.start_at == timedelta(minutes=50) for a in after)


def test_moving_following_keeps_single_moves_and_skips_cancelled(scope, world):
    created = _weekly(scope, world, weeks=5)
    booked = _occurrences(created.id)
    series.move_occurrences(scope, booked[2], _tuesday(2, 15), following=False)
    series.cancel_occurrences(booked[3], CancelReason.CLIENT, following=False)
    db.session.commit()
    moved = series.move_occurrences(scope, booked[1], _tuesday(1, 11), following=True)
    db.session.commit()
    assert moved == 3
    assert [a.start_at for a in _occurrences(created.id)] == [
        _tuesday(0),
        _tuesday(1, 11),
        _tuesday(2, 16),
        _tuesday(3),
        _tuesday(4, 11),
    ]


@pytest.mark.parametrize(
    ("hour", "override", "clashes", "outside"),
    [
        (10, False, [2], []),  # a day later, week 2's Wednesday is taken
        (17, False, [], [1, 2, 3]),  # 17:30 runs past 18:00
        (17, True, [], []),
    ],
)
def test_moving_following_is_all_or_nothing(scope, world, hour, override, clashes, outside):
    created = _weekly(scope, world)
    other = clients.create_client(scope.id, "Can Ak")
    appointments.book_appointment(
        scope, world.user_ids["therapist"], other.id, _tuesday(2) + timedelta(days=1)
    )
    db.session.commit()
    booked = _occurrences(created.id)
    wednesday = _tuesday(1, hour, 30 if hour == 17 else 0) + timedelta(days=1)
    step = wednesday - _tuesday(1)
    if clashes or outside:
        with pytest.raises(series.SeriesConflict) as conflict:
            series.move_occurrences(
                scope, booked[1], wednesday, following=True, override_hours=override
            )
        assert conflict.value.clashes == [_tuesday(w) + step for w in clashes]
        assert conflict.value.outside_hours == [_tuesday(w) + step for w in outside]
        # Nothing moved, even before the caller rolls back.
        assert [a.start_at for a in _occurrences(created.id)] == [_tuesday(w) for w in range(4)]
        db.session.rollback()
        assert [a.start_at for a in _occurrences(created.id)] == [_tuesday(w) for w in range(4)]
        assert all(a.status is AppointmentStatus.BOOKED for a in _occurrences(created.id))
        return
    assert (
        series.move_occurrences(
            scope, booked[1], wednesday, following=True, override_hours=override
        )
        == 3
    )
    db.session.commit()
    after = _occurrences(created.id)
    assert [a.outside_hours for a in after] == [False, True, True, True]


@pytest.mark.parametrize(
    "start", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 55, tzinfo=UTC)]
)
def test_moving_this_and_following_beyond_reach_is_refused(scope, world, start):
    """The step to year 9999 overflowed before any check; now nothing moves."""
    created = _weekly(scope, world)
    db.session.commit()
    booked = _occurrences(created.id)
    with pytest.raises(appointments.OutOfReach):
        series.move_occurrences(scope, booked[1], start, following=True)
    assert [a.start_at for a in _occurrences(created.id)] == [_tuesday(w) for w in range(4)]
