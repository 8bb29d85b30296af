"""Pre-session preparation: what is "up next" for a therapist right now.

From the clinic's `prep_minutes` before a session starts until it ends, the therapist's
week page shows the client's name, the date of their previous session with this
therapist, how many sessions with this therapist came before, the open consent gaps and
this therapist's previous note for that client.
The previous note is read through `notes.read_note`, so the read is audited, and only
for the request that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    Clinic,
    ConsentKind,
    Note,
    User,
)
from app.models.appointment import ACTIVE_STATUSES, LONGEST_SESSION
from app.services import clients, consent, notes

# Sessions that happened (or may have: still booked in the past) count as "so far".
_HELD = (*ACTIVE_STATUSES, AppointmentStatus.ATTENDED)


@dataclass(frozen=True)
class UpNext:
    appointment: Appointment
    client_name: str
    previous_at: datetime | None
    sessions_so_far: int
    consent_gaps: list[ConsentKind]
    previous_note: notes.NoteText | None


def current_session(therapist: User, clinic: Clinic) -> Appointment | None:
    """The therapist's session starting within the clinic's prep minutes or running now."""
    now, clinic_id = clock.now(), clinic.id
    return db.session.scalars(
        sa.select(Appointment)
        .where(
            Appointment.clinic_id == clinic_id,
            Appointment.therapist_id == therapist.id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.start_at <= now + timedelta(minutes=clinic.prep_minutes),
            # Implied by end_at > now; bounds the index range to a day, not all history.
            Appointment.start_at > now - LONGEST_SESSION,
            Appointment.end_at > now,
        )
        .order_by(Appointment.start_at)
        .limit(1)
    ).first()


def shown_key(appointment: Appointment) -> str:
    """What the panel sends back to say what it shows: the session, and whether the
    client has since said they are running late (then the panel is drawn again)."""
    late = appointment.minutes_late
    return str(appointment.id) if late is None else f"{appointment.id}:{late}"


def up_next(therapist: User, appointment: Appointment) -> UpNext:
    """Everything the panel shows for this session (reads and audits the previous note)."""
    clinic_id = appointment.clinic_id
    earlier = sa.and_(
        Appointment.clinic_id == clinic_id,
        Appointment.client_id == appointment.client_id,
        Appointment.therapist_id == therapist.id,
        Appointment.start_at < appointment.start_at,
        Appointment.status.in_(_HELD),
    )
    previous_at = db.session.scalar(sa.select(sa.func.max(Appointment.start_at)).where(earlier))
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Appointment).where(earlier))
    previous = db.session.scalars(
        sa.select(Note)
        .join(Appointment, Appointment.id == Note.appointment_id)
        .where(
            Note.clinic_id == clinic_id,
            Note.client_id == appointment.client_id,
            Note.therapist_id == therapist.id,
            Note.appointment_id != appointment.id,
            Appointment.start_at < appointment.start_at,
        )
        .order_by(Appointment.start_at.desc())
        .limit(1)
    ).first()
    name = clients.reveal_names(clinic_id, [appointment.client_id]).get(appointment.client_id)
    return UpNext(
        appointment=appointment,
        client_name=name or "",
        previous_at=previous_at,
        sessions_so_far=count or 0,
        consent_gaps=consent.missing_consents(appointment.client_id),
        previous_note=notes.read_note(previous, therapist) if previous else None,
    )
