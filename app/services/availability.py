"""When a therapist can be booked: weekly hours minus breaks, time off, holidays
and existing sessions (with their buffer). All maths in aware UTC; weekly hours
are wall-clock times in the clinic's zone, so days across DST changes come out
right."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import Appointment, Clinic, TimeOff, WeeklyHours
from app.models.appointment import HOLDS_TIME, LONGEST_SESSION

Span = tuple[datetime, datetime]
DEFAULT_HOURS = [(0, 1, 2, 3, 4), time(9), time(18), (time(12, 30), time(13, 30))]


@dataclass(frozen=True)
class Week:
    """A therapist's weekly pattern: work spans and breaks per weekday, wall-clock."""

    work: dict[int, list[tuple[time, time]]]
    breaks: dict[int, list[tuple[time, time]]]


def set_default_hours(clinic_id: uuid.UUID, therapist_id: uuid.UUID) -> None:
    """Monday to Friday 09:00-18:00 with a lunch break; admins adjust them later."""
    weekdays, starts, ends, (break_start, break_end) = DEFAULT_HOURS
    for weekday in weekdays:
        db.session.add(
            WeeklyHours(
                clinic_id=clinic_id,
                therapist_id=therapist_id,
                weekday=weekday,
                starts=starts,
                ends=ends,
                kind="work",
            )
        )
        db.session.add(
            WeeklyHours(
                clinic_id=clinic_id,
                therapist_id=therapist_id,
                weekday=weekday,
                starts=break_start,
                ends=break_end,
                kind="break",
            )
        )
    db.session.flush()


def load_week(therapist_id: uuid.UUID) -> Week:
    work: dict[int, list[tuple[time, time]]] = {}
    breaks: dict[int, list[tuple[time, time]]] = {}
    rows = db.session.execute(
        sa.select(
            WeeklyHours.weekday, WeeklyHours.starts, WeeklyHours.ends, WeeklyHours.kind
        ).where(WeeklyHours.therapist_id == therapist_id)
    )
    for weekday, starts, ends, kind in rows:
        (work if kind == "work" else breaks).setdefault(weekday, []).append((starts, ends))
    return Week(work, breaks)


def _local_days(start: datetime, until: datetime, zone: ZoneInfo) -> Iterator[date]:
    day, last = start.astimezone(zone).date(), until.astimezone(zone).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def _at(day: date, clock_time: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, clock_time, zone).astimezone(UTC)


def subtract(spans: list[Span], holes: Iterable[Span]) -> list[Span]:
    """Spans with every hole cut out; inputs need not be sorted."""
    result = sorted(spans)
    for hole_start, hole_end in holes:
        cut: list[Span] = []
        for start, end in result:
            if hole_end <= start or hole_start >= end:
                cut.append((start, end))
                continue
            if start < hole_start:
                cut.append((start, hole_start))
            if hole_end < end:
                cut.append((hole_end, end))
        result = cut
    return result


def working_spans(week: Week, start: datetime, until: datetime, zone: ZoneInfo) -> list[Span]:
    """Work time minus breaks between two instants, in UTC."""
    spans: list[Span] = []
    breaks: list[Span] = []
    # No work exists outside the days the app takes; nor does the arithmetic overflow.
    first = max(start, datetime.combine(clock.FIRST_DAY, time.min, UTC))
    last = min(until, datetime.combine(clock.LAST_DAY, time.max, UTC))
    for day in _local_days(first, last, zone):
        weekday = day.weekday()
        spans += [(_at(day, a, zone), _at(day, b, zone)) for a, b in week.work.get(weekday, [])]
        breaks += [(_at(day, a, zone), _at(day, b, zone)) for a, b in week.breaks.get(weekday, [])]
    clipped = [(max(a, start), min(b, until)) for a, b in subtract(spans, breaks)]
    return [(a, b) for a, b in clipped if a < b]


def time_off(
    clinic_id: uuid.UUID, therapist_id: uuid.UUID, start: datetime, until: datetime
) -> list[Span]:
    rows = db.session.execute(
        sa.select(TimeOff.start_at, TimeOff.end_at).where(
            TimeOff.clinic_id == clinic_id,
            sa.or_(TimeOff.therapist_id == therapist_id, TimeOff.therapist_id.is_(None)),
            TimeOff.start_at < until,
            TimeOff.end_at > start,
        )
    )
    return [(a, b) for a, b in rows]


def busy(
    therapist_id: uuid.UUID, start: datetime, until: datetime, ignore: uuid.UUID | None = None
) -> list[Span]:
    """Sessions holding the therapist's time, each up to the end of its buffer."""
    query = sa.select(Appointment.start_at, Appointment.blocked_until).where(
        Appointment.therapist_id == therapist_id,
        HOLDS_TIME,
        Appointment.start_at < until,
        Appointment.start_at >= start - LONGEST_SESSION,
        Appointment.blocked_until > start,
    )
    if ignore is not None:
        query = query.where(Appointment.id != ignore)
    return [(a, b) for a, b in db.session.execute(query)]


def available_spans(
    clinic: Clinic, therapist_id: uuid.UUID, start: datetime, until: datetime
) -> list[Span]:
    """Working time not lost to breaks, time off or holidays (sessions not subtracted)."""
    zone = ZoneInfo(clinic.timezone)
    spans = working_spans(load_week(therapist_id), start, until, zone)
    return subtract(spans, time_off(clinic.id, therapist_id, start, until))


def within_hours(clinic: Clinic, therapist_id: uuid.UUID, start: datetime, end: datetime) -> bool:
    return any(
        a <= start and end <= b for a, b in available_spans(clinic, therapist_id, start, end)
    )


def free_slots(
    therapist_id: uuid.UUID,
    duration: int,
    start: datetime,
    until: datetime,
    limit: int = 10,
    *,
    clinic: Clinic,
    ignore: uuid.UUID | None = None,
) -> list[datetime]:
    """The first `limit` starts at which a session of `duration` minutes fits.

    A slot must lie inside available working time, and the session plus the
    clinic's buffer must not touch another session or its buffer. Starts sit on
    the clinic's grid (every `slot_step_minutes` of the local hour) or right where
    free time begins."""
    length = timedelta(minutes=duration)
    buffer = timedelta(minutes=clinic.buffer_minutes)
    step = timedelta(minutes=clinic.slot_step_minutes)
    zone = ZoneInfo(clinic.timezone)
    taken = busy(therapist_id, start, until + length + buffer, ignore)
    # Free time for the session itself; the buffer must also clear the next session.
    open_spans = subtract(
        available_spans(clinic, therapist_id, start, until + length),
        [(a - buffer, b) for a, b in taken],
    )
    found: list[datetime] = []
    for span_start, span_end in open_spans:
        for slot in _candidates(span_start, span_end - length, step, zone):
            if slot >= start and slot < until:
                found.append(slot)
                if len(found) == limit:
                    return found
    return found


def _candidates(
    first: datetime, last: datetime, step: timedelta, zone: ZoneInfo
) -> Iterator[datetime]:
    """`first` itself, then every grid point of the local clock up to `last`."""
    if first > last:
        return
    yield first
    local = first.astimezone(zone)
    minutes = local.hour * 60 + local.minute
    step_minutes = int(step.total_seconds() // 60)
    offset = (-minutes) % step_minutes or step_minutes
    slot = (first + timedelta(minutes=offset)).replace(second=0, microsecond=0)
    while slot <= last:
        yield slot
        slot += step
