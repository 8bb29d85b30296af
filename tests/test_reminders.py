"""The reminder plan: what each session gets and when, and what stops it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (
    Appointment,
    CancelReason,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    MessageKind,
    OutboxMessage,
    OutboxState,
    User,
)
from app.models.scoping import clinic_scope
from app.services import appointments, clients, consent, reminders

IST = ZoneInfo("Europe/Istanbul")
K = MessageKind


def _local(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, Istanbul."""
    return datetime(2026, 11, day, hour, minute, tzinfo=IST).astimezone(UTC)


@pytest.fixture
def scope(app, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        yield db.session.get_one(Clinic, world.clinic_id)


def _textable(world, staff="receptionist") -> Client:
    client = db.session.get_one(Client, world.client_id)
    by = db.session.get_one(User, world.user_ids[staff])
    consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
    return client


def _book(clinic, world, start: datetime, **kwargs) -> Appointment:
    return appointments.book_appointment(
        clinic, world.user_ids["therapist"], world.client_id, start, override_hours=True, **kwargs
    )


def _plan(appointment_id) -> dict[MessageKind, tuple[datetime, OutboxState]]:
    rows = reminders.planned_for(appointment_id)
    return {
        row.kind: (row.due_at.astimezone(IST).replace(tzinfo=None), row.state)
        for row in rows
        if row.state is not OutboxState.CANCELLED
    }


def test_booking_plans_a_confirmation_and_two_reminders(scope, world, clock):
    _textable(world)
    appointment = _book(scope, world, _local(25, 14))  # Wednesday 14:00; now Monday 10:00
    P = OutboxState.PLANNED
    assert _plan(appointment.id) == {
        K.CONFIRMATION: (datetime(2026, 11, 23, 10, 0), P),
        K.REMINDER_FIRST: (datetime(2026, 11, 24, 14, 0), P),
        K.REMINDER_SECOND: (datetime(2026, 11, 25, 12, 0), P),
    }


def test_the_worlds_own_session_without_sms_consent_has_no_plan(scope, world):
    """The world's client gave no SMS consent: nothing at all was planned for them."""
    assert reminders.planned_for(world.appointment_id) == []


@pytest.mark.parametrize(
    ("start", "first", "second"),
    [
        # 09:30: the 2-hour reminder would be 07:30, in the quiet hours → the evening before.
        (_local(26, 9, 30), datetime(2026, 11, 25, 9, 30), datetime(2026, 11, 25, 20, 45)),
        # 22:00 the day before is quiet too → 20:45.
        (_local(26, 22), datetime(2026, 11, 25, 20, 45), datetime(2026, 11, 26, 20, 0)),
        # 09:00 exactly: the quiet hours end at 09:00, so 09:00 is not quiet.
        (_local(27, 11), datetime(2026, 11, 26, 11, 0), datetime(2026, 11, 27, 9, 0)),
    ],
)
def test_quiet_hours_push_reminders_earlier(scope, world, start, first, second):
    _textable(world)
    plan = _plan(_book(scope, world, start).id)
    assert plan[K.REMINDER_FIRST][0] == first
    assert plan[K.REMINDER_SECOND][0] == second
    for due, _ in plan.values():
        assert not (due.hour >= 21 or due.hour < 9), due


def test_a_confirmation_asked_for_at_night_waits_for_the_morning(scope, world, clock):
    _textable(world)
    clock.current = _local(23, 22, 30)
    plan = _plan(_book(scope, world, _local(25, 14)).id)
    assert plan[K.CONFIRMATION][0] == datetime(2026, 11, 24, 9, 0)


def test_a_session_soon_gets_no_reminder_that_would_be_late_or_crowded(scope, world, clock):
    _textable(world)
    plan = _plan(_book(scope, world, _local(23, 13)).id)  # today 13:00, booked at 10:00
    assert set(plan) == {K.CONFIRMATION}  # 24 h before is past; 11:00 is too close to 10:00


def test_planning_twice_makes_no_second_row(scope, world):
    _textable(world)
    appointment = _book(scope, world, _local(25, 14))
    for _ in range(3):
        reminders.plan_for(scope, appointment)
    db.session.flush()
    assert len(reminders.planned_for(appointment.id)) == 3


def test_a_moved_session_gets_reminders_for_the_new_time_only(scope, world, clock):
    _textable(world)
    appointment = _book(scope, world, _local(25, 14))
    rows = {row.kind: row for row in reminders.planned_for(appointment.id)}
    rows[K.CONFIRMATION].state = OutboxState.SENT  # the confirmation went out already
    appointments.move_appointment(scope, appointment, _local(26, 15))
    db.session.flush()
    live = {
        (row.kind, row.for_start, row.state)
        for row in reminders.planned_for(appointment.id)
        if row.state is not OutboxState.CANCELLED
    }
    assert live == {
        (K.CONFIRMATION, _local(25, 14), OutboxState.SENT),  # history stays as it was
        (K.MOVED, _local(26, 15), OutboxState.PLANNED),
        (K.REMINDER_FIRST, _local(26, 15), OutboxState.PLANNED),
        (K.REMINDER_SECOND, _local(26, 15), OutboxState.PLANNED),
    }
    old = [r for r in reminders.planned_for(appointment.id) if r.for_start == _local(25, 14)]
    assert {r.kind: r.state for r in old} == {
        K.CONFIRMATION: OutboxState.SENT,
        K.REMINDER_FIRST: OutboxState.CANCELLED,
        K.REMINDER_SECOND: OutboxState.CANCELLED,
    }
    # Moved back: the old time's rows come back, never a second row for one time.
    appointments.move_appointment(scope, appointment, _local(25, 14))
    db.session.flush()
    assert len(reminders.planned_for(appointment.id)) == 7
    assert _plan(appointment.id)[K.REMINDER_FIRST][1] is OutboxState.PLANNED


def test_cancelling_cancels_what_was_not_sent(scope, world):
    _textable(world)
    appointment = _book(scope, world, _local(25, 14))
    appointments.cancel_appointment(appointment, CancelReason.CLIENT)
    db.session.flush()
    assert {r.state for r in reminders.planned_for(appointment.id)} == {OutboxState.CANCELLED}


def test_a_series_gets_one_confirmation(scope, world):
    from app.services import series

    _textable(world)
    made = series.create_series(
        scope,
        world.user_ids["therapist"],
        world.client_id,
        _local(24, 15),
        "individual",
        1,
        count=4,
        override_hours=True,
    )
    db.session.flush()
    kinds = db.session.scalars(
        sa.select(OutboxMessage.kind)
        .join(Appointment, Appointment.id == OutboxMessage.appointment_id)
        .where(Appointment.series_id == made.id)
    ).all()
    assert kinds.count(K.CONFIRMATION) == 1
    assert kinds.count(K.REMINDER_FIRST) == 4


def test_a_client_who_prefers_calls_or_has_no_phone_gets_no_plan(scope, world):
    client = _textable(world)
    details = clients.reveal(client)
    clients.update_client(client, details.name, details.phone, None, "tr", "phone")
    assert _plan(_book(scope, world, _local(25, 14)).id) == {}
    clients.update_client(client, details.name, None, None, "tr", "sms")
    assert _plan(_book(scope, world, _local(26, 14)).id) == {}
    clients.update_client(client, details.name, details.phone, None, "tr", "sms")
    db.session.flush()
    # Textable again: the coming sessions get their reminders (not a late confirmation).
    assert set(_plan(_book(scope, world, _local(27, 14)).id)) == {
        K.CONFIRMATION,
        K.REMINDER_FIRST,
        K.REMINDER_SECOND,
    }


def test_withdrawing_sms_consent_stops_every_reminder(scope, world):
    """Issue 4's acceptance: after SMS consent is withdrawn nothing is planned (and the
    send path refuses too: tests/test_outbox.py)."""
    client = _textable(world)
    appointment = _book(scope, world, _local(25, 14))
    assert len(_plan(appointment.id)) == 3
    by = db.session.get_one(User, world.user_ids["receptionist"])
    consent.withdraw_consent(client, ConsentKind.SMS, by=by)
    db.session.flush()
    assert _plan(appointment.id) == {}
    later = _book(scope, world, _local(30, 14))
    reminders.plan_for(scope, appointment)
    assert _plan(later.id) == {} and _plan(appointment.id) == {}
    # Given again: the coming sessions are planned again.
    consent.record_consent(client, ConsentKind.SMS, ConsentMethod.PAPER, recorded_by=by)
    db.session.flush()
    assert set(_plan(later.id)) == {K.REMINDER_FIRST, K.REMINDER_SECOND}


def test_archiving_a_client_cancels_their_plan(scope, world):
    client = _textable(world)
    appointment = _book(scope, world, _local(25, 14))
    clients.archive_client(client)
    assert _plan(appointment.id) == {}


@pytest.mark.parametrize(
    ("local", "quiet"),
    [((21, 0), True), ((20, 59), False), ((8, 59), True), ((9, 0), False), ((3, 0), True)],
)
def test_quiet_hours_wrap_midnight(scope, local, quiet):
    moment = datetime(2026, 11, 24, *local, tzinfo=IST)
    assert reminders.is_quiet(scope, moment) is quiet


def test_quiet_hours_follow_the_clinic_settings(scope):
    scope.quiet_start_minute, scope.quiet_end_minute = 22 * 60, 8 * 60
    assert not reminders.is_quiet(scope, datetime(2026, 11, 24, 21, 30, tzinfo=IST))
    scope.quiet_start_minute = scope.quiet_end_minute = 0  # none at all
    assert not reminders.is_quiet(scope, datetime(2026, 11, 24, 3, 0, tzinfo=IST))


def test_the_admin_changes_the_plan_and_coming_sessions_follow(app, make_browser, world):
    with app.app_context(), clinic_scope(world.clinic_id):
        _textable(world)
        clinic = db.session.get_one(Clinic, world.clinic_id)
        appointment_id = _book(clinic, world, _local(26, 14)).id
        db.session.commit()
    admin = make_browser()
    admin.login(world.emails["admin"])
    admin.post("/language", {"language": "en"})
    plan = {
        "send_confirmation": "no",
        "first_reminder_hours": "48",
        "second_reminder_hours": "",
        "quiet_start": "22:00",
        "quiet_end": "08:00",
    }
    assert admin.post("/admin/reminders", plan).status_code == 302
    with app.app_context(), clinic_scope(world.clinic_id):
        clinic = db.session.get_one(Clinic, world.clinic_id)
        assert (clinic.quiet_start_minute, clinic.quiet_end_minute) == (22 * 60, 8 * 60)
        assert (clinic.first_reminder_hours, clinic.second_reminder_hours) == (48, None)
        planned = _plan(appointment_id)
        # The confirmation planned at booking stays; the reminders follow the new plan.
        assert planned[K.REMINDER_FIRST][0] == datetime(2026, 11, 24, 14, 0)
        assert K.REMINDER_SECOND not in planned and K.CONFIRMATION in planned
        # New bookings get no confirmation now.
        later = _book(clinic, world, _local(30, 14))
        assert K.CONFIRMATION not in _plan(later.id)
    bad = admin.post("/admin/reminders", {**plan, "first_reminder_hours": "500"})
    assert bad.status_code == 422 and "between 1 and 168" in bad.get_data(as_text=True)
    page = admin.get("/admin/").get_data(as_text=True)
    assert 'value="22:00"' in page and "Reminders by SMS" in page
