"""Recurring series: weekly or every-other-week runs of ordinary appointments.

Every occurrence is booked and moved through services.appointments, so the
double-booking rules and buffers hold for series exactly as for single sessions.
Series work in the clinic's wall-clock time: a 10:00 session stays at 10:00 when
the clocks change. Changes to several occurrences are all-or-nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import Appointment, AppointmentStatus, CancelReason, Clinic, Series
from app.models.appointment import ACTIVE_STATUSES
from app.services import appointments, reminders

MAX_OCCURRENCES = 104
INTERVALS = (1, 2)


@dataclass
class SeriesConflict(appointments.BookingError):
    """Some occurrences cannot be placed, so none were: every problem start is listed."""

    clashes: list[datetime] = field(default_factory=list)
    outside_hours: list[datetime] = field(default_factory=list)


def occurrence_starts(
    first_start: datetime,
    zone: ZoneInfo,
    interval_weeks: int,
    *,
    count: int | None = None,
    until: date | None = None,
) -> list[datetime]:
    """The starts of a series in UTC, each at the first one's local wall-clock time.

    Python adds a timedelta to a zoned datetime on the wall clock and works the
    UTC offset out afterwards, so stepping in local time keeps 10:00 at 10:00
    across a DST change (stepping in UTC would drift by an hour)."""
    if first_start.tzinfo is None:
        raise ValueError("naive datetime")
    if interval_weeks not in INTERVALS:
        raise ValueError(f"interval_weeks must be one of {INTERVALS}")
    if (count is None) == (until is None):
        raise ValueError("give exactly one of count or until")
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise ValueError(f"count must be between 1 and {MAX_OCCURRENCES}")
    local_first = first_start.astimezone(zone)
    starts: list[datetime] = []
    while count is None or len(starts) < count:
        local = local_first + timedelta(weeks=interval_weeks * len(starts))
        if until is not None and local.date() > until:
            break
        if len(starts) == MAX_OCCURRENCES:
            raise ValueError(f"a series has at most {MAX_OCCURRENCES} occurrences")
        starts.append(local.astimezone(UTC))
    if not starts:
        raise ValueError("until is before the first session")
    return starts


def create_series(
    clinic: Clinic,
    therapist_id: uuid.UUID,
    client_id: uuid.UUID,
    first_start: datetime,
    type_code: str,
    interval_weeks: int,
    *,
    count: int | None = None,
    until: date | None = None,
    video_link: str | None = None,
    override_hours: bool = False,
) -> Series:
    """Book the whole series or nothing, so the client never gets half a plan.

    Raises ValueError for a malformed series and SeriesConflict listing every
    start that clashes or (without the override) falls outside working hours."""
    if first_start.tzinfo is not None and not clock.bookable(first_start):
        raise appointments.OutOfReach(first_start)
    starts = occurrence_starts(
        first_start, ZoneInfo(clinic.timezone), interval_weeks, count=count, until=until
    )
    appointments.lock_calendar()  # before the savepoint: on SQLite it may restart the transaction
    problems = SeriesConflict()
    with db.session.begin_nested():
        series = Series(
            clinic_id=clinic.id,
            therapist_id=therapist_id,
            client_id=client_id,
            interval_weeks=interval_weeks,
            count=count,
            until=until,
        )
        db.session.add(series)
        db.session.flush()
        for index, start in enumerate(starts):
            _attempt(
                lambda override, start=start, index=index: appointments.book_appointment(
                    clinic,
                    therapist_id,
                    client_id,
                    start,
                    type_code,
                    video_link=video_link,
                    override_hours=override,
                    series_id=series.id,
                    series_index=index,
                ),
                start,
                override_hours,
                problems,
            )
        if problems.clashes or problems.outside_hours:
            raise problems  # leaving the block this way rolls the savepoint back
    return series


def cancel_occurrences(appointment: Appointment, reason: CancelReason, *, following: bool) -> int:
    """Cancel one occurrence, or it and the later ones still to come.

    Past occurrences are history (attended, no-show or waiting to be marked), so
    "this and following" leaves them alone. Returns how many were cancelled."""
    if following and appointment.series_id is not None:
        targets = list(
            db.session.scalars(
                sa.select(Appointment).where(
                    Appointment.series_id == appointment.series_id,
                    Appointment.series_index >= appointment.series_index,
                    Appointment.status.in_(ACTIVE_STATUSES),
                    Appointment.start_at >= clock.now(),
                )
            )
        )
    elif appointment.status is AppointmentStatus.CANCELLED:
        targets = []
    else:
        targets = [appointment]
    for target in targets:
        appointments.cancel_appointment(target, reason)
    return len(targets)


def move_occurrences(
    clinic: Clinic,
    appointment: Appointment,
    new_start: datetime,
    *,
    following: bool,
    override_hours: bool = False,
) -> int:
    """Move one occurrence, or shift it and the later ones by the same wall-clock step.

    "Only this" goes straight to appointments.move_appointment (and raises its
    SlotTaken or OutsideHours); the other occurrences stay put. "This and
    following" is all-or-nothing and raises SeriesConflict. Returns how many moved."""
    if not following or appointment.series_id is None:
        appointments.move_appointment(clinic, appointment, new_start, override_hours=override_hours)
        return 1
    if new_start.tzinfo is None:
        raise ValueError("naive datetime")
    if not clock.bookable(new_start):
        raise appointments.OutOfReach(new_start)
    appointments.lock_calendar()  # before the savepoint: on SQLite it may restart the transaction
    if appointment.status not in ACTIVE_STATUSES:
        raise appointments.NotBookable(appointment.status)
    zone = ZoneInfo(clinic.timezone)
    # Both sides share one ZoneInfo, so this difference is on the wall clock.
    step = new_start.astimezone(zone) - appointment.start_at.astimezone(zone)
    group = [appointment, *_later_active(appointment)]
    targets = [(o, (o.start_at.astimezone(zone) + step).astimezone(UTC)) for o in group]
    problems = SeriesConflict()
    with db.session.begin_nested():
        # Free the old places first, so an occurrence may land where a sibling was
        # (PostgreSQL's exclusion constraint would otherwise refuse it too); a clash
        # then always means another session.
        for occurrence in group:
            occurrence.status = AppointmentStatus.CANCELLED
        db.session.flush()
        for occurrence, start in targets:
            if not _attempt(
                lambda override, o=occurrence, start=start: _replace(clinic, o, start, override),
                start,
                override_hours,
                problems,
            ):
                db.session.refresh(occurrence)  # drop the failed attempt before the next flush
        if problems.clashes or problems.outside_hours:
            raise problems  # leaving the block this way rolls the savepoint back
    reminders.plan_for(clinic, appointment, reminders.Event.MOVED)  # one notice, the first
    return len(group)


def _later_active(appointment: Appointment) -> list[Appointment]:
    return list(
        db.session.scalars(
            sa.select(Appointment)
            .where(
                Appointment.series_id == appointment.series_id,
                Appointment.series_index > appointment.series_index,
                Appointment.status.in_(ACTIVE_STATUSES),
                Appointment.start_at >= clock.now(),
            )
            .order_by(Appointment.series_index)
        )
    )


def _replace(clinic: Clinic, occurrence: Appointment, start: datetime, override: bool) -> None:
    """Bring a freed occurrence back at its new time. No autoflush, so it is never
    written live at its old place, which a sibling may have taken meanwhile."""
    with db.session.no_autoflush:
        occurrence.status = AppointmentStatus.BOOKED  # move_appointment moves live ones only
        appointments.move_appointment(
            clinic, occurrence, start, override_hours=override, notify=False
        )


def _attempt(
    place: Callable[[bool], object], start: datetime, override_hours: bool, problems: SeriesConflict
) -> bool:
    """Place one occurrence, noting what stands in its way; True when it was placed.

    One outside working hours is tried again with the override, so that a clash
    at the same time is reported too and the caller learns everything at once."""
    try:
        try:
            place(override_hours)
        except appointments.OutsideHours:
            problems.outside_hours.append(start)
            place(True)
            return False
    except appointments.SlotTaken:
        problems.clashes.append(start)
        return False
    return True
