"""Booking, moving, cancelling and attendance; the only way appointments change.

Every path that gives an appointment a time goes through `_claim`, which holds the
calendar for the rest of the transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: the
exclusion constraints in models/appointment.py) and refuses overlaps, for the
therapist including the buffer after each session, and for the client."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from app import clock
from app.extensions import db, lock_for_write
from app.models import Appointment, AppointmentStatus, CancelReason, Clinic, SessionType
from app.models.appointment import HOLDS_TIME, LONGEST_SESSION
from app.services import availability, reminders

SUGGESTIONS = 3
MIN_MINUTES, MAX_MINUTES = 5, 12 * 60


class BookingError(Exception):
    """A booking that cannot be made as asked; routes turn these into form messages."""


@dataclass
class SlotTaken(BookingError):
    """The time clashes with another session; `alternatives` are the nearest free starts."""

    clash_start: datetime
    clash_end: datetime
    by_client: bool = False
    alternatives: list[datetime] = field(default_factory=list)


class OutsideHours(BookingError):
    """Outside working hours, in a break, time off or a holiday: needs an override."""


class InvalidLength(BookingError):
    """Shorter than 5 minutes or longer than 12 hours."""


class OutOfReach(BookingError):
    """Further from today than clock.BOOKING_REACH (and its arithmetic from overflowing)."""


class UnknownSessionType(BookingError):
    pass


class NotBookable(BookingError):
    """The appointment is cancelled or otherwise cannot change this way."""


def lock_calendar() -> None:
    """Hold the calendar until commit, so the check and the write cannot interleave."""
    lock_for_write()


def session_type(clinic_id: uuid.UUID, code: str) -> SessionType:
    found = db.session.scalars(
        sa.select(SessionType).where(
            SessionType.clinic_id == clinic_id,
            SessionType.code == code,
            SessionType.active.is_(True),
        )
    ).first()
    if found is None:
        raise UnknownSessionType(code)
    return found


def book_appointment(
    clinic: Clinic,
    therapist_id: uuid.UUID,
    client_id: uuid.UUID,
    start: datetime,
    type_code: str = "individual",
    *,
    duration: int | None = None,
    video_link: str | None = None,
    override_hours: bool = False,
    series_id: uuid.UUID | None = None,
    series_index: int | None = None,
) -> Appointment:
    lock_calendar()
    kind = session_type(clinic.id, type_code)
    appointment = Appointment(
        clinic_id=clinic.id,
        therapist_id=therapist_id,
        client_id=client_id,
        session_type=kind.code,
        video_link=video_link if kind.online else None,
        series_id=series_id,
        series_index=series_index,
        status=AppointmentStatus.BOOKED,
    )
    _place(
        clinic,
        appointment,
        start,
        kind.duration_minutes if duration is None else duration,
        override_hours,
    )
    # One confirmation for a whole series: its first session's.
    first = series_index in (None, 0)
    reminders.plan_for(clinic, appointment, reminders.Event.BOOKED if first else None)
    return appointment


def move_appointment(
    clinic: Clinic,
    appointment: Appointment,
    start: datetime,
    *,
    therapist_id: uuid.UUID | None = None,
    duration: int | None = None,
    override_hours: bool = False,
    notify: bool = True,
) -> Appointment:
    """Give one appointment a new time or therapist; others in its series stay put.

    The client is told the new time unless `notify` is False (a series moving together
    sends one notice, for its first session)."""
    lock_calendar()
    if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.CONFIRMED):
        raise NotBookable(appointment.status)
    length = (
        int((appointment.end_at - appointment.start_at).total_seconds() // 60)
        if duration is None
        else duration
    )
    if therapist_id is not None:
        appointment.therapist_id = therapist_id
    appointment.status = AppointmentStatus.BOOKED  # a new time needs a new confirmation
    appointment.minutes_late = None  # said of the old time
    _place(clinic, appointment, start, length, override_hours)
    reminders.plan_for(clinic, appointment, reminders.Event.MOVED if notify else None)
    return appointment


def change_details(
    clinic: Clinic, appointment: Appointment, type_code: str, video_link: str | None
) -> None:
    """Change a session's type and video link; its time and length stay as they are."""
    if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.CONFIRMED):
        raise NotBookable(appointment.status)
    kind = session_type(clinic.id, type_code)
    appointment.session_type = kind.code
    appointment.video_link = video_link if kind.online else None
    appointment.updated_at = clock.now()
    db.session.flush()


def cancel_appointment(appointment: Appointment, reason: CancelReason) -> None:
    if appointment.status is AppointmentStatus.CANCELLED:
        return
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancel_reason = reason
    appointment.cancelled_at = appointment.updated_at = clock.now()
    reminders.cancel_for(appointment)
    db.session.flush()


def mark_attendance(appointment: Appointment, status: AppointmentStatus) -> None:
    if status not in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW):
        raise ValueError(status)
    if appointment.status is AppointmentStatus.CANCELLED:
        raise NotBookable(appointment.status)
    appointment.status = status
    appointment.updated_at = clock.now()
    db.session.flush()


def _place(
    clinic: Clinic, appointment: Appointment, start: datetime, minutes: int, override_hours: bool
) -> None:
    if start.tzinfo is None:
        raise ValueError("naive datetime")
    if not clock.bookable(start):
        raise OutOfReach(start)
    # Range queries rely on no session (plus buffer) outlasting LONGEST_SESSION.
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidLength(minutes)
    end = start + timedelta(minutes=minutes)
    inside = availability.within_hours(clinic, appointment.therapist_id, start, end)
    if not inside and not override_hours:
        raise OutsideHours()
    appointment.start_at, appointment.end_at = start, end
    appointment.blocked_until = end + timedelta(minutes=clinic.buffer_minutes)
    appointment.outside_hours = not inside
    appointment.updated_at = clock.now()
    _refuse_clash(clinic, appointment)
    try:
        _insert(appointment)
    except IntegrityError as exc:  # PostgreSQL's exclusion constraint saw a race
        if "no_overlap" not in str(exc.orig):
            raise
        _refuse_clash(clinic, appointment)
        raise SlotTaken(start, end, alternatives=nearest_free(clinic, appointment)) from exc


DEADLOCK_TRIES = 5
DEADLOCK_DETECTED = "40P01"  # PostgreSQL's SQLSTATE


def _insert(appointment: Appointment) -> None:
    """Write the row in a savepoint. PostgreSQL checks an exclusion constraint against rows
    other transactions are still writing, and two such writers of one slot can wait for
    each other: it then cancels one ("deadlock detected"). That one tries again, and
    waits for the survivor's outcome: the slot is then taken (IntegrityError) or free."""
    # Rolling back the savepoint expires what it flushed: keep the changes to write again.
    changes = {a.key: a.value for a in sa.inspect(appointment).attrs if a.history.has_changes()}
    for attempt in range(1, DEADLOCK_TRIES + 1):
        for key, value in changes.items():
            setattr(appointment, key, value)
        try:
            with db.session.begin_nested():
                db.session.add(appointment)
                db.session.flush()
            return
        except OperationalError as exc:
            if (
                getattr(exc.orig, "sqlstate", None) != DEADLOCK_DETECTED
                or attempt == DEADLOCK_TRIES
            ):
                raise


def _refuse_clash(clinic: Clinic, appointment: Appointment) -> None:
    others = sa.and_(
        HOLDS_TIME,
        Appointment.id != appointment.id,
        Appointment.start_at >= appointment.start_at - LONGEST_SESSION,
    )
    with db.session.no_autoflush:
        by_therapist = db.session.execute(
            sa.select(Appointment.start_at, Appointment.end_at)
            .where(
                others,
                Appointment.therapist_id == appointment.therapist_id,
                Appointment.start_at < appointment.blocked_until,
                Appointment.blocked_until > appointment.start_at,
            )
            .order_by(Appointment.start_at)
            .limit(1)
        ).first()
        by_client = (
            None
            if by_therapist
            else db.session.execute(
                sa.select(Appointment.start_at, Appointment.end_at)
                .where(
                    others,
                    Appointment.client_id == appointment.client_id,
                    Appointment.start_at < appointment.end_at,
                    Appointment.end_at > appointment.start_at,
                )
                .order_by(Appointment.start_at)
                .limit(1)
            ).first()
        )
    clash = by_therapist or by_client
    if clash is not None:
        raise SlotTaken(
            clash[0],
            clash[1],
            by_client=by_client is not None,
            alternatives=nearest_free(clinic, appointment),
        )


def nearest_free(clinic: Clinic, appointment: Appointment) -> list[datetime]:
    """Free starts for the same length, closest to the time asked for, in the next week."""
    wanted = appointment.start_at
    zone = ZoneInfo(clinic.timezone)
    local = wanted.astimezone(zone)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(day_start.astimezone(wanted.tzinfo), clock.now())
    length = int((appointment.end_at - appointment.start_at).total_seconds() // 60)
    with db.session.no_autoflush:
        slots = availability.free_slots(
            appointment.therapist_id,
            length,
            start,
            wanted + timedelta(days=7),
            40,
            clinic=clinic,
            ignore=appointment.id,
        )
    return sorted(slots, key=lambda s: abs(s - wanted))[:SUGGESTIONS]
