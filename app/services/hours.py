"""Changing when therapists can be booked: weekly hours and breaks, time off, clinic
holidays and the clinic's booking settings. Reading it all back for the slot finder
is availability.py's job.

Weekly hours are wall-clock times in the clinic's zone. Time off and holidays are
entered as local dates and times and stored as aware UTC, so a holiday on a day
with a DST change is 23 or 25 hours long, as the day itself is."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import Clinic, Membership, Role, TimeOff, User, WeeklyHours

KINDS = ("work", "break")
SLOT_STEPS = (5, 10, 15, 20, 30, 60)
MAX_BUFFER = 60
MAX_DAYS_OFF = 366
REASON_LENGTH = 120


class InvalidAvailability(ValueError):
    """Input that cannot be saved; `field` names the form field, `problem` says why."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Absence:
    """A stored time off or holiday, in the clinic's local time."""

    id: uuid.UUID
    start: datetime
    end: datetime
    reason: str

    @property
    def whole_days(self) -> bool:
        return self.start.time() == time(0) and self.end.time() == time(0)

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The last day touched; for whole days the one before the closing midnight."""
        return (self.end - timedelta(days=1)).date() if self.whole_days else self.end.date()


def find_therapist(clinic_id: uuid.UUID, therapist_id: uuid.UUID) -> User | None:
    return db.session.scalars(
        sa.select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.clinic_id == clinic_id,
            Membership.role == Role.THERAPIST,
            User.id == therapist_id,
        )
    ).first()


def weekly_hours(therapist_id: uuid.UUID) -> dict[int, list[WeeklyHours]]:
    """The therapist's rows by weekday (0 = Monday), each day in clock order."""
    week: dict[int, list[WeeklyHours]] = {day: [] for day in range(7)}
    rows = db.session.scalars(
        sa.select(WeeklyHours)
        .where(WeeklyHours.therapist_id == therapist_id)
        .order_by(WeeklyHours.weekday, WeeklyHours.starts)
    )
    for row in rows:
        week[row.weekday].append(row)
    return week


def add_hours(
    clinic_id: uuid.UUID,
    therapist_id: uuid.UUID,
    weekday: int,
    kind: str,
    starts: time,
    ends: time,
) -> WeeklyHours:
    """Add a working span or a break; spans of one kind may not overlap on a weekday."""
    if weekday not in range(7):
        raise InvalidAvailability("weekday", "weekday")
    if kind not in KINDS:
        raise InvalidAvailability("kind", "kind")
    starts, ends = _minute(starts), _minute(ends)
    if ends <= starts:
        raise InvalidAvailability("ends", "order")
    same_day = db.session.execute(
        sa.select(WeeklyHours.starts, WeeklyHours.ends).where(
            WeeklyHours.therapist_id == therapist_id,
            WeeklyHours.weekday == weekday,
            WeeklyHours.kind == kind,
        )
    )
    if any(other_start < ends and starts < other_end for other_start, other_end in same_day):
        raise InvalidAvailability("starts", "overlap")
    row = WeeklyHours(
        clinic_id=clinic_id,
        therapist_id=therapist_id,
        weekday=weekday,
        starts=starts,
        ends=ends,
        kind=kind,
    )
    db.session.add(row)
    db.session.flush()
    return row


def remove_hours(therapist_id: uuid.UUID, hours_id: int) -> WeeklyHours | None:
    """Delete one of the therapist's rows; None when there is no such row."""
    row = db.session.scalars(
        sa.select(WeeklyHours).where(
            WeeklyHours.id == hours_id, WeeklyHours.therapist_id == therapist_id
        )
    ).first()
    if row is not None:
        db.session.delete(row)
        db.session.flush()
    return row


def local_span(
    zone: ZoneInfo,
    first_day: date,
    last_day: date | None = None,
    starts: time | None = None,
    ends: time | None = None,
) -> tuple[datetime, datetime]:
    """UTC bounds of local days: from `starts` on the first day (or its midnight) to
    `ends` on the last day (or the midnight after it)."""
    last_day = last_day or first_day
    start = datetime.combine(first_day, _minute(starts or time(0)), zone)
    if ends is None:
        end = datetime.combine(last_day + timedelta(days=1), time(0), zone)
    else:
        end = datetime.combine(last_day, _minute(ends), zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def add_time_off(
    clinic: Clinic,
    therapist_id: uuid.UUID | None,
    first_day: date,
    last_day: date | None = None,
    starts: time | None = None,
    ends: time | None = None,
    reason: str = "",
) -> TimeOff:
    """Time off for one therapist, or for everyone (a clinic holiday) when no therapist
    is given. Without times it covers whole local days."""
    last_day = last_day or first_day
    for name, day in (("first_day", first_day), ("last_day", last_day)):
        if not clock.FIRST_DAY <= day <= clock.LAST_DAY:
            raise InvalidAvailability(name, "far")
    if last_day < first_day:
        raise InvalidAvailability("last_day", "order")
    if (last_day - first_day).days >= MAX_DAYS_OFF:
        raise InvalidAvailability("last_day", "too_long")
    start, end = local_span(ZoneInfo(clinic.timezone), first_day, last_day, starts, ends)
    if end <= start:
        raise InvalidAvailability("ends", "order")
    row = TimeOff(
        clinic_id=clinic.id,
        therapist_id=therapist_id,
        start_at=start,
        end_at=end,
        reason=" ".join(reason.split())[:REASON_LENGTH],
    )
    db.session.add(row)
    db.session.flush()
    return row


def add_holiday(
    clinic: Clinic, first_day: date, last_day: date | None = None, reason: str = ""
) -> TimeOff:
    """Whole local days on which nobody in the clinic can be booked."""
    return add_time_off(clinic, None, first_day, last_day, reason=reason)


def absences(clinic: Clinic, therapist_id: uuid.UUID | None, since: datetime) -> list[Absence]:
    """A therapist's time off (or, for None, the clinic's holidays) not over by `since`."""
    owner = (
        TimeOff.therapist_id.is_(None)
        if therapist_id is None
        else TimeOff.therapist_id == therapist_id
    )
    rows = db.session.scalars(
        sa.select(TimeOff)
        .where(TimeOff.clinic_id == clinic.id, owner, TimeOff.end_at > since)
        .order_by(TimeOff.start_at)
    )
    zone = ZoneInfo(clinic.timezone)
    return [
        Absence(row.id, row.start_at.astimezone(zone), row.end_at.astimezone(zone), row.reason)
        for row in rows
    ]


def remove_time_off(therapist_id: uuid.UUID | None, time_off_id: uuid.UUID) -> TimeOff | None:
    """Delete a therapist's time off (None: a clinic holiday); None when there is none."""
    owner = (
        TimeOff.therapist_id.is_(None)
        if therapist_id is None
        else TimeOff.therapist_id == therapist_id
    )
    row = db.session.scalars(sa.select(TimeOff).where(TimeOff.id == time_off_id, owner)).first()
    if row is not None:
        db.session.delete(row)
        db.session.flush()
    return row


def update_booking_settings(
    clinic: Clinic, buffer_minutes: int, slot_step_minutes: int
) -> list[str]:
    """Set the buffer after each session and the slot grid; return what changed.

    Sessions already booked keep the buffer they were booked with."""
    if not 0 <= buffer_minutes <= MAX_BUFFER:
        raise InvalidAvailability("buffer_minutes", "range")
    if slot_step_minutes not in SLOT_STEPS:
        raise InvalidAvailability("slot_step_minutes", "step")
    changed = []
    for name, value in (
        ("buffer_minutes", buffer_minutes),
        ("slot_step_minutes", slot_step_minutes),
    ):
        if getattr(clinic, name) != value:
            setattr(clinic, name, value)
            changed.append(name)
    db.session.flush()
    return changed


def _minute(moment: time) -> time:
    return moment.replace(second=0, microsecond=0, tzinfo=None)
