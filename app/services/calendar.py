"""Day schedules in the clinic's zone, computed from aware UTC rows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import Appointment, AppointmentStatus, Client, Clinic, User
from app.services import clients, users


@dataclass(frozen=True)
class DayEntry:
    id: uuid.UUID
    client_id: uuid.UUID
    start: datetime
    end: datetime
    client_name: str
    session_type: str
    status: AppointmentStatus


@dataclass(frozen=True)
class TherapistDay:
    therapist: User
    entries: list[DayEntry]


@dataclass(frozen=True)
class DaySchedule:
    day: date
    today: date
    columns: list[TherapistDay]

    @property
    def previous(self) -> date:
        return self.day - timedelta(days=1)

    @property
    def next(self) -> date:
        return self.day + timedelta(days=1)

    @property
    def count(self) -> int:
        return sum(len(c.entries) for c in self.columns)


def today_in(zone: ZoneInfo) -> date:
    return clock.now().astimezone(zone).date()


def parse_day(value: str | None, zone: ZoneInfo) -> date:
    """An ISO date from a query string, or today in the clinic's zone."""
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return today_in(zone)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC start and end of a local day; 23 or 25 hours long across DST changes."""
    start = datetime.combine(day, time.min, zone)
    end = datetime.combine(day + timedelta(days=1), time.min, zone)
    return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def day_schedule(
    clinic: Clinic, day: date, therapist_ids: list[uuid.UUID] | None = None
) -> DaySchedule:
    zone = ZoneInfo(clinic.timezone)
    start, end = day_bounds(day, zone)
    therapists = [
        t for t in users.therapists(clinic.id) if therapist_ids is None or t.id in therapist_ids
    ]
    rows = db.session.scalars(
        sa.select(Appointment)
        .where(
            Appointment.clinic_id == clinic.id,
            Appointment.start_at < end,
            Appointment.end_at > start,
            Appointment.therapist_id.in_([t.id for t in therapists]),
        )
        .order_by(Appointment.start_at)
    ).all()
    names = _client_names({row.client_id for row in rows})
    by_therapist: dict[uuid.UUID, list[DayEntry]] = {t.id: [] for t in therapists}
    for row in rows:
        by_therapist[row.therapist_id].append(
            DayEntry(
                id=row.id,
                client_id=row.client_id,
                start=row.start_at.astimezone(zone),
                end=row.end_at.astimezone(zone),
                client_name=names.get(row.client_id, ""),
                session_type=row.session_type,
                status=row.status,
            )
        )
    return DaySchedule(
        day=day,
        today=today_in(zone),
        columns=[TherapistDay(t, by_therapist[t.id]) for t in therapists],
    )


def _client_names(client_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not client_ids:
        return {}
    rows = db.session.scalars(sa.select(Client).where(Client.id.in_(client_ids)))
    return {row.id: clients.reveal(row).name for row in rows}


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
