"""No double booking: the service's rules, the database's guard, and real concurrency."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.extensions import db
from app.models import Appointment, AppointmentStatus, CancelReason, Clinic
from app.models.scoping import clinic_scope
from app.services import appointments, clients, series

THREADS = 50
ROUNDS = 10


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        yield db.session.get(Clinic, world.clinic_id)


def _monday(clock, hour, minute=0):
    """A time on the fixed Monday (2026-11-23) in Istanbul, as aware UTC."""
    return clock().replace(hour=hour - 3, minute=minute)


def test_the_buffer_after_a_session_keeps_the_next_one_away(scope, world, clock):
    other = clients.create_client(scope.id, "Can Ak")
    db.session.commit()
    start = _monday(clock, 11, 55)  # world's session is 11:00-11:50, buffer until 12:00
    with pytest.raises(appointments.SlotTaken) as taken:
        appointments.book_appointment(
            scope, world.user_ids["therapist"], other.id, start, override_hours=True
        )
    assert taken.value.clash_start == _monday(clock, 11)
    assert not taken.value.by_client
    db.session.rollback()
    at_noon = appointments.book_appointment(
        scope, world.user_ids["therapist"], other.id, _monday(clock, 12), override_hours=True
    )
    assert at_noon.blocked_until == _monday(clock, 13)  # 50 minutes plus the 10-minute buffer


def test_a_client_cannot_hold_two_sessions_at_once(scope, world, clock):
    with pytest.raises(appointments.SlotTaken) as taken:
        appointments.book_appointment(
            scope, world.user_ids["other_therapist"], world.client_id, _monday(clock, 11, 30)
        )
    assert taken.value.by_client


def test_a_conflict_offers_the_nearest_free_slots(scope, world, clock):
    other = clients.create_client(scope.id, "Can Ak")
    with pytest.raises(appointments.SlotTaken) as taken:
        appointments.book_appointment(
            scope, world.user_ids["therapist"], other.id, _monday(clock, 11)
        )
    assert taken.value.alternatives[:2] == [_monday(clock, 10), _monday(clock, 13, 30)]
    assert len(taken.value.alternatives) == 3


def test_outside_working_hours_needs_an_override_and_is_marked(scope, world, clock):
    evening = _monday(clock, 19)
    with pytest.raises(appointments.OutsideHours):
        appointments.book_appointment(scope, world.user_ids["therapist"], world.client_id, evening)
    booked = appointments.book_appointment(
        scope, world.user_ids["therapist"], world.client_id, evening, override_hours=True
    )
    assert booked.outside_hours


def test_cancelling_frees_the_slot_and_moving_keeps_the_rules(scope, world, clock):
    first = db.session.get(Appointment, world.appointment_id)
    appointments.cancel_appointment(first, CancelReason.LATE)
    assert first.status is AppointmentStatus.CANCELLED and first.cancel_reason is CancelReason.LATE
    other = clients.create_client(scope.id, "Can Ak")
    second = appointments.book_appointment(
        scope, world.user_ids["therapist"], other.id, _monday(clock, 11)
    )
    third = appointments.book_appointment(
        scope, world.user_ids["therapist"], world.client_id, _monday(clock, 14)
    )
    db.session.commit()
    with pytest.raises(appointments.SlotTaken):
        appointments.move_appointment(scope, third, _monday(clock, 11, 30))
    db.session.rollback()
    moved = appointments.move_appointment(
        scope, third, _monday(clock, 15), therapist_id=world.user_ids["other_therapist"]
    )
    db.session.commit()
    assert (moved.start_at, moved.therapist_id) == (
        _monday(clock, 15),
        world.user_ids["other_therapist"],
    )
    assert second.start_at == _monday(clock, 11)


def test_postgresql_refuses_an_overlap_written_around_the_service(scope, world, clock, backend):
    if backend != "postgresql":
        pytest.skip("the exclusion constraint exists on PostgreSQL only")
    start = _monday(clock, 11, 20)
    db.session.add(
        Appointment(
            clinic_id=scope.id,
            therapist_id=world.user_ids["therapist"],
            client_id=world.other_client_id,
            start_at=start,
            end_at=start + timedelta(minutes=50),
            blocked_until=start + timedelta(minutes=60),
        )
    )
    with pytest.raises(IntegrityError, match="appointments_therapist_no_overlap"):
        db.session.flush()


def test_fifty_concurrent_bookings_of_one_slot_give_exactly_one(app, world, clock, backend, capsys):
    """50 threads, each with its own session and connection, race for the same slot."""
    racing = create_app(
        {
            **app.config,
            "SQLALCHEMY_ENGINE_OPTIONS": {
                "pool_size": THREADS,
                "max_overflow": 0,
                "pool_timeout": 60,
            },
        },
        instance_path=app.instance_path,
    )
    with racing.app_context(), clinic_scope(world.clinic_id):
        people = [clients.create_client(world.clinic_id, f"Yarışçı {n}").id for n in range(THREADS)]
        db.session.commit()
    therapist = world.user_ids["therapist"]
    totals: Counter[str] = Counter()
    for round_ in range(ROUNDS):
        start = _monday(clock, 9) + timedelta(days=round_ + 1)
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []

        def attempt(client_id, start=start, barrier=barrier, outcomes=outcomes):
            with racing.app_context(), clinic_scope(world.clinic_id):
                clinic = db.session.get(Clinic, world.clinic_id)
                barrier.wait()
                try:
                    appointments.book_appointment(
                        clinic, therapist, client_id, start, override_hours=True
                    )
                    db.session.commit()
                    outcomes.append("booked")
                except appointments.SlotTaken:
                    db.session.rollback()
                    outcomes.append("conflict")
                except Exception as exc:  # noqa: BLE001 - every other outcome is a failure
                    db.session.rollback()
                    outcomes.append(f"error: {exc!r}")

        threads = [threading.Thread(target=attempt, args=(c,)) for c in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        round_counts = Counter(o if not o.startswith("error") else "error" for o in outcomes)
        assert round_counts == {"booked": 1, "conflict": THREADS - 1}, (round_, outcomes)
        with racing.app_context(), clinic_scope(world.clinic_id):
            stored = db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Appointment)
                .where(Appointment.start_at == start)
            )
        assert stored == 1
        totals.update(round_counts)
    with racing.app_context():
        db.engine.dispose()
    with capsys.disabled():
        print(
            f"\n[{backend}] {ROUNDS} rounds x {THREADS} concurrent bookings: "
            f"{totals['booked']} booked, {totals['conflict']} conflicts, "
            f"{totals['error']} errors"
        )


@pytest.mark.parametrize("minutes", [0, 4, 721, 24 * 60])
def test_a_session_length_out_of_range_is_refused(scope, world, clock, minutes):
    with pytest.raises(appointments.InvalidLength):
        appointments.book_appointment(
            scope,
            world.user_ids["therapist"],
            world.client_id,
            _monday(clock, 14),
            duration=minutes,
            override_hours=True,
        )


FAR = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 55, tzinfo=UTC),
    datetime(2032, 11, 24, 7, tzinfo=UTC),  # six years on
]


@pytest.mark.parametrize("start", FAR)
def test_a_start_beyond_reach_is_refused_by_the_service(scope, world, start):
    """Year 1 and year 9999 raised OverflowError in _refuse_clash and the working hours;
    a caller that is not the form (a command, a link) gets the refusal too."""
    therapist, client = world.user_ids["therapist"], world.client_id
    with pytest.raises(appointments.OutOfReach):
        appointments.book_appointment(scope, therapist, client, start, override_hours=True)
    booked = db.session.get_one(Appointment, world.appointment_id)
    with pytest.raises(appointments.OutOfReach):
        appointments.move_appointment(scope, booked, start, override_hours=True)
    with pytest.raises(appointments.OutOfReach):
        series.create_series(scope, therapist, client, start, "individual", 1, count=3)
