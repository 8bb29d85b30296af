"""What the booking forms offer and act on: session types, clients to choose from,
the appointment in question, and wall-clock times in the clinic's zone."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import Appointment, Client, SessionType
from app.services import clients
from app.textnorm import fold


def session_types(clinic_id: uuid.UUID) -> list[SessionType]:
    return list(
        db.session.scalars(
            sa.select(SessionType)
            .where(SessionType.clinic_id == clinic_id, SessionType.active.is_(True))
            .order_by(SessionType.id)
        )
    )


def client_choices(
    clinic_id: uuid.UUID, therapist_id: uuid.UUID | None = None
) -> list[tuple[uuid.UUID, str]]:
    """The clinic's current clients by name; for a therapist only those they treat."""
    query = sa.select(Client.id).where(
        Client.clinic_id == clinic_id,
        Client.archived_at.is_(None),
        Client.restricted_at.is_(None),
    )
    if therapist_id is not None:
        query = query.where(
            Client.id.in_(
                sa.select(Appointment.client_id).where(Appointment.therapist_id == therapist_id)
            )
        )
    names = clients.reveal_names(clinic_id, db.session.scalars(query))
    return sorted(names.items(), key=lambda item: fold(item[1]))


def get_appointment(clinic_id: uuid.UUID, appointment_id: uuid.UUID) -> Appointment | None:
    return db.session.scalars(
        sa.select(Appointment).where(
            Appointment.clinic_id == clinic_id, Appointment.id == appointment_id
        )
    ).first()


def local_start(day: date, clock_time: time, zone: ZoneInfo) -> datetime | None:
    """A date and wall-clock time in UTC, or None when the clocks skip that time."""
    naive = datetime.combine(day, clock_time)
    moment = naive.replace(tzinfo=zone).astimezone(UTC)
    return moment if moment.astimezone(zone).replace(tzinfo=None) == naive else None
