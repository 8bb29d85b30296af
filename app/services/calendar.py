"""Day, week and month views in the clinic's zone, computed from aware UTC rows.

Each view costs a fixed handful of queries whatever its size: the therapists, the
appointments in range (one query), their weekly hours and time off (one each), and
the client names (one query, keys unwrapped in one batch). services.grid lays the
result out; nothing here runs per cell.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    Clinic,
    TimeOff,
    User,
    WeeklyHours,
)
from app.models.appointment import HOLDS_TIME, LONGEST_SESSION
from app.services import clients, users
from app.services.grid import Entry, Lane, Row, build, wall

WORKING_WEEK = range(5)


@dataclass(frozen=True)
class DaySchedule:
    day: date
    today: date
    therapists: list[User]  # the columns, in order
    rows: list[Row]
    cancelled: dict[uuid.UUID, list[Entry]]
    count: int

    @property
    def previous(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def next(self) -> date:
        return self.day + timedelta(days=1)


@dataclass(frozen=True)
class WeekSchedule:
    monday: date
    today: date
    therapist: User
    days: list[date]  # the columns, in order
    rows: list[Row]
    cancelled: dict[date, list[Entry]]
    count: int

    @property
    def previous(self) -> date:
        return self.monday - timedelta(weeks=1)

    @property
    def next(self) -> date:
        return self.monday + timedelta(weeks=1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class MonthDay:
    day: date
    count: int
    in_month: bool


@dataclass(frozen=True)
class MonthOverview:
    first: date
    today: date
    weeks: list[list[MonthDay]]
    total: int

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=31)).replace(day=1)


def today_in(zone: ZoneInfo) -> date:
    return clock.now().astimezone(zone).date()


def parse_day(value: str | None, zone: ZoneInfo) -> date:
    """An ISO date from a query string, or today in the clinic's zone."""
    if value:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if clock.FIRST_DAY <= day <= clock.LAST_DAY:
                return day
    return today_in(zone)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC start and end of a local day; 23 or 25 hours long across DST changes."""
    return wall(day, time.min, zone), wall(day + timedelta(days=1), time.min, zone)


def day_schedule(
    clinic: Clinic,
    day: date,
    therapist_ids: list[uuid.UUID] | None = None,
    *,
    viewer_id: uuid.UUID | None = None,
    therapists: list[User] | None = None,
) -> DaySchedule:
    """One day, a column per therapist (all, or those asked for).

    `viewer_id` is a therapist looking: only their own sessions show client and type,
    and only their own column books. Without it (the front desk) everything does.
    `therapists` saves the query when the caller has the clinic's therapists already."""
    zone = ZoneInfo(clinic.timezone)
    if therapists is None:
        therapists = users.therapists(clinic.id)
    therapists = [t for t in therapists if therapist_ids is None or t.id in therapist_ids]
    lanes = _lanes(clinic, [(t.id, day) for t in therapists], viewer_id)
    return DaySchedule(
        day=day,
        today=today_in(zone),
        therapists=therapists,
        rows=build(lanes, zone, clinic.slot_step_minutes, clock.now()),
        cancelled={lane.therapist_id: lane.cancelled for lane in lanes if lane.cancelled},
        count=sum(len(lane.entries) for lane in lanes),
    )


def week_schedule(
    clinic: Clinic, therapist_id: uuid.UUID, day: date, *, viewer_id: uuid.UUID | None = None
) -> WeekSchedule | None:
    """The week (Monday to Sunday) holding `day` for one therapist; None if no such therapist.

    Columns are the days the therapist works plus any day with a session, or Monday
    to Friday when neither gives any."""
    zone = ZoneInfo(clinic.timezone)
    therapist = users.staff_member(clinic.id, therapist_id)
    if therapist is None:
        return None
    monday = day - timedelta(days=day.weekday())
    week = [monday + timedelta(days=i) for i in range(7)]
    lanes = _lanes(clinic, [(therapist_id, d) for d in week], viewer_id)
    shown = [
        lane for lane in lanes if lane.work or lane.entries or lane.cancelled or lane.breaks
    ] or [lane for lane in lanes if lane.day.weekday() in WORKING_WEEK]
    return WeekSchedule(
        monday=monday,
        today=today_in(zone),
        therapist=therapist,
        days=[lane.day for lane in shown],
        rows=build(shown, zone, clinic.slot_step_minutes, clock.now()),
        cancelled={lane.day: lane.cancelled for lane in shown if lane.cancelled},
        count=sum(len(lane.entries) for lane in shown),
    )


def month_overview(
    clinic: Clinic, day: date, therapist_id: uuid.UUID | None = None
) -> MonthOverview:
    """Sessions per day over the month holding `day` (cancelled ones not counted)."""
    zone = ZoneInfo(clinic.timezone)
    first = day.replace(day=1)
    grid_start = first - timedelta(days=first.weekday())
    after = (first + timedelta(days=31)).replace(day=1)
    grid_end = after + timedelta(days=(7 - after.weekday()) % 7)
    start, _ = day_bounds(grid_start, zone)
    end, _ = day_bounds(grid_end, zone)
    query = sa.select(Appointment.start_at).where(
        Appointment.clinic_id == clinic.id,
        Appointment.start_at >= start,
        Appointment.start_at < end,
        HOLDS_TIME,
    )
    if therapist_id is not None:
        query = query.where(Appointment.therapist_id == therapist_id)
    counts = Counter(moment.astimezone(zone).date() for moment in db.session.scalars(query))
    days = [grid_start + timedelta(days=i) for i in range((grid_end - grid_start).days)]
    cells = [MonthDay(d, counts.get(d, 0), d.month == first.month) for d in days]
    return MonthOverview(
        first=first,
        today=today_in(zone),
        weeks=[cells[i : i + 7] for i in range(0, len(cells), 7)],
        total=sum(c.count for c in cells if c.in_month),
    )


# --- loading -----------------------------------------------------------------


def _lanes(
    clinic: Clinic, keys: list[tuple[uuid.UUID, date]], viewer_id: uuid.UUID | None
) -> list[Lane]:
    """A lane per (therapist, day), filled with a fixed number of queries."""
    if not keys:
        return []
    zone = ZoneInfo(clinic.timezone)
    therapist_ids = sorted({t for t, _ in keys})
    days = sorted({d for _, d in keys})
    start, end = day_bounds(days[0], zone)[0], day_bounds(days[-1], zone)[1]
    rows = _appointments(clinic.id, therapist_ids, start, end)
    names = clients.reveal_names(
        clinic.id, {r.client_id for r in rows if viewer_id in (None, r.therapist_id)}
    )
    entries: dict[uuid.UUID, list[Entry]] = defaultdict(list)
    for r in rows:
        entries[r.therapist_id].append(_entry(r, zone, names, viewer_id))
    weeks = _weekly_hours(therapist_ids)
    leave = _time_off(clinic.id, therapist_ids, start, end)
    lanes = []
    for therapist_id, day in keys:
        lane_start, lane_end = day_bounds(day, zone)
        lane = Lane(day, therapist_id, bookable=viewer_id in (None, therapist_id))
        for entry in entries[therapist_id]:
            if entry.start < lane_end and entry.end > lane_start:
                cancelled = entry.status is AppointmentStatus.CANCELLED
                (lane.cancelled if cancelled else lane.entries).append(entry)
        for kind, starts, ends in weeks[therapist_id].get(day.weekday(), []):
            span = (wall(day, starts, zone), wall(day, ends, zone))
            (lane.work if kind == "work" else lane.breaks).append(span)
        for owner, a, b in leave:
            if a < lane_end and b > lane_start:
                if owner is None:
                    lane.holidays.append((a, b))
                elif owner == therapist_id:
                    lane.off.append((a, b))
        lanes.append(lane)
    return lanes


def _appointments(
    clinic_id: uuid.UUID, therapist_ids: list[uuid.UUID], start: datetime, end: datetime
) -> list[sa.Row]:
    return list(
        db.session.execute(
            sa.select(
                Appointment.id,
                Appointment.therapist_id,
                Appointment.client_id,
                Appointment.start_at,
                Appointment.end_at,
                Appointment.blocked_until,
                Appointment.session_type,
                Appointment.status,
                Appointment.outside_hours,
                Appointment.minutes_late,
                Appointment.video_link.is_not(None).label("online"),
                Appointment.series_id.is_not(None).label("in_series"),
            )
            .where(
                Appointment.clinic_id == clinic_id,
                Appointment.therapist_id.in_(therapist_ids),
                Appointment.start_at >= start - LONGEST_SESSION,
                Appointment.start_at < end,
                Appointment.end_at > start,
            )
            .order_by(Appointment.start_at)
        )
    )


def _entry(
    row: sa.Row, zone: ZoneInfo, names: dict[uuid.UUID, str], viewer_id: uuid.UUID | None
) -> Entry:
    hidden = viewer_id not in (None, row.therapist_id)
    when = f"{row.start_at.astimezone(zone):%H:%M}–{row.end_at.astimezone(zone):%H:%M}"
    return Entry(
        id=row.id,
        therapist_id=row.therapist_id,
        start=row.start_at,
        end=row.end_at,
        blocked_until=row.blocked_until,
        when=when,
        session_type="" if hidden else row.session_type,
        status=row.status,
        outside_hours=row.outside_hours,
        online=row.online and not hidden,
        in_series=row.in_series and not hidden,
        client_name="" if hidden else names.get(row.client_id, ""),
        hidden=hidden,
        minutes_late=None if hidden else row.minutes_late,
    )


def _weekly_hours(
    therapist_ids: list[uuid.UUID],
) -> dict[uuid.UUID, dict[int, list[tuple[str, time, time]]]]:
    found: dict[uuid.UUID, dict[int, list[tuple[str, time, time]]]] = {
        t: defaultdict(list) for t in therapist_ids
    }
    rows = db.session.execute(
        sa.select(
            WeeklyHours.therapist_id,
            WeeklyHours.weekday,
            WeeklyHours.kind,
            WeeklyHours.starts,
            WeeklyHours.ends,
        ).where(WeeklyHours.therapist_id.in_(therapist_ids))
    )
    for therapist_id, weekday, kind, starts, ends in rows:
        found[therapist_id][weekday].append((kind, starts, ends))
    return found


def _time_off(
    clinic_id: uuid.UUID, therapist_ids: list[uuid.UUID], start: datetime, end: datetime
) -> list[tuple[uuid.UUID | None, datetime, datetime]]:
    rows = db.session.execute(
        sa.select(TimeOff.therapist_id, TimeOff.start_at, TimeOff.end_at).where(
            TimeOff.clinic_id == clinic_id,
            sa.or_(TimeOff.therapist_id.in_(therapist_ids), TimeOff.therapist_id.is_(None)),
            TimeOff.start_at < end,
            TimeOff.end_at > start,
        )
    )
    return [(t, a, b) for t, a, b in rows]


def is_treating(therapist_id: uuid.UUID, client_id: uuid.UUID) -> bool:
    """A therapist treats a client who has, or had, an appointment with them."""
    return (
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    Appointment.therapist_id == therapist_id, Appointment.client_id == client_id
                )
            )
        )
        or False
    )
