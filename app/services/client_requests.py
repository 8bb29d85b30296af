"""What clients ask of staff: another time for a session, or a late cancellation.

A reschedule request is a RescheduleRequest row; a client has at most one pending per
session, as asking again withdraws the earlier one. A late cancellation is not a
cancellation: the session stays booked and is marked with `cancel_reason = late`
until staff either cancel it (as late) or keep it. An active session with a cancel
reason means exactly that, so the mark needs no table of its own."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from app import clock
from app.extensions import db
from app.models import (
    ACTIVE_STATUSES,
    LATE_CANCEL_WAITING,
    REQUEST_PENDING,
    Appointment,
    CancelReason,
    Clinic,
    RequestState,
    RescheduleRequest,
    User,
)
from app.services import appointments, audit, clients

CLIENT_ACTORS = {"link": "client_link", "sms": "client_sms"}


class AlreadyDecided(Exception):
    """Someone decided this request already (or it was withdrawn)."""


@dataclass(frozen=True)
class PendingRequest:
    id: uuid.UUID
    appointment_id: uuid.UUID
    client_name: str
    therapist_name: str
    current_start: datetime
    asked_start: datetime
    asked_at: datetime


@dataclass(frozen=True)
class LateCancel:
    appointment_id: uuid.UUID
    client_name: str
    therapist_name: str
    start: datetime


def pending_for(appointment: Appointment) -> RescheduleRequest | None:
    return db.session.scalars(
        sa.select(RescheduleRequest)
        .where(
            RescheduleRequest.appointment_id == appointment.id,
            RescheduleRequest.state == RequestState.PENDING,
        )
        .order_by(RescheduleRequest.created_at.desc())
    ).first()


def withdraw_pending(appointment: Appointment) -> int:
    """Withdraw the session's pending requests (asked again, moved or cancelled)."""
    rows = db.session.scalars(
        sa.select(RescheduleRequest).where(
            RescheduleRequest.appointment_id == appointment.id,
            RescheduleRequest.state == RequestState.PENDING,
        )
    ).all()
    for row in rows:
        row.state, row.decided_at = RequestState.WITHDRAWN, clock.now()
    db.session.flush()
    return len(rows)


def ask_reschedule(appointment: Appointment, start: datetime, *, source: str) -> RescheduleRequest:
    """A new pending request for `start`; an earlier pending one is withdrawn."""
    replaced = withdraw_pending(appointment)
    row = RescheduleRequest(
        clinic_id=appointment.clinic_id,
        appointment_id=appointment.id,
        client_id=appointment.client_id,
        proposed_start=start,
        source=source,
        state=RequestState.PENDING,
        created_at=clock.now(),
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        None,
        "reschedule.requested",
        row,
        appointment.clinic_id,
        actor_kind=CLIENT_ACTORS.get(source, "system"),
        appointment=str(appointment.id),
        start=start.isoformat(),
        replaced=replaced,
    )
    return row


def cancel_by_client(appointment: Appointment, *, source: str) -> None:
    """The client cancels in good time (by link or SMS): the session is cancelled and
    any request of theirs to move it withdrawn."""
    appointments.cancel_appointment(appointment, CancelReason.CLIENT)
    withdraw_pending(appointment)
    audit.record(
        None,
        "appointment.cancelled",
        appointment,
        appointment.clinic_id,
        actor_kind=CLIENT_ACTORS.get(source, "system"),
        reason=CancelReason.CLIENT.value,
    )


def late_cancel_asked(appointment: Appointment) -> bool:
    return appointment.status in ACTIVE_STATUSES and appointment.cancel_reason is not None


def ask_late_cancel(appointment: Appointment, *, source: str = "link", hours: int) -> bool:
    """Mark the session for staff; False when it was marked already."""
    if late_cancel_asked(appointment):
        return False
    appointment.cancel_reason = CancelReason.LATE
    appointment.updated_at = clock.now()
    audit.record(
        None,
        "appointment.late_cancel_requested",
        appointment,
        appointment.clinic_id,
        actor_kind=CLIENT_ACTORS.get(source, "system"),
        late_cancel_hours=hours,
    )
    return True


def _late_cancels(clinic_id: uuid.UUID, therapist_id: uuid.UUID | None) -> sa.Select:
    """Late cancellations ahead, read from their partial index (not every future session)."""
    query = sa.select(Appointment).where(
        Appointment.clinic_id == clinic_id,
        LATE_CANCEL_WAITING,
        Appointment.start_at > clock.now(),
    )
    if therapist_id is not None:
        query = query.where(Appointment.therapist_id == therapist_id)
    return query


def _pending(clinic_id: uuid.UUID, therapist_id: uuid.UUID | None) -> sa.Select:
    """Pending requests on sessions that can still move. The session is tested in an
    EXISTS so that the few pending rows (their partial index) lead: joined, SQLite's
    planner without statistics walks every future session and each one's requests."""
    held = aliased(Appointment)
    session = sa.exists().where(
        held.id == RescheduleRequest.appointment_id,
        held.status.in_(ACTIVE_STATUSES),
        held.start_at > clock.now(),
    )
    if therapist_id is not None:
        session = session.where(held.therapist_id == therapist_id)
    return sa.select(RescheduleRequest).where(
        RescheduleRequest.clinic_id == clinic_id, REQUEST_PENDING, session
    )


def waiting_count(clinic_id: uuid.UUID) -> int:
    """How many requests and late cancellations wait for staff."""
    total = 0
    for query in (_pending(clinic_id, None), _late_cancels(clinic_id, None)):
        total += db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    return total


def waiting(
    clinic: Clinic, therapist_id: uuid.UUID | None = None
) -> tuple[list[PendingRequest], list[LateCancel]]:
    """What waits for staff (for a therapist: only their own sessions), oldest first,
    times in the clinic's zone."""
    zone = ZoneInfo(clinic.timezone)
    # An outer join, which SQLite never reorders: the pending rows lead and each finds
    # its session by primary key (an IN list of ids goes by the clinic's whole index).
    pairs = db.session.execute(
        _pending(clinic.id, therapist_id)
        .add_columns(Appointment)
        .outerjoin(Appointment, Appointment.id == RescheduleRequest.appointment_id)
        .order_by(RescheduleRequest.created_at)
    ).all()
    late = db.session.scalars(
        _late_cancels(clinic.id, therapist_id).order_by(Appointment.start_at)
    ).all()
    sessions = [a for _, a in pairs] + list(late)
    names = clients.reveal_names(clinic.id, {a.client_id for a in sessions})
    therapist_ids = {a.therapist_id for a in sessions}
    therapists = {
        row.id: row.name
        for row in db.session.execute(
            sa.select(User.id, User.name).where(User.id.in_(therapist_ids))
        )
    }

    def who(appointment: Appointment) -> tuple[str, str]:
        return names.get(appointment.client_id, ""), therapists.get(appointment.therapist_id, "")

    requests = [
        PendingRequest(
            id=row.id,
            appointment_id=a.id,
            client_name=who(a)[0],
            therapist_name=who(a)[1],
            current_start=a.start_at.astimezone(zone),
            asked_start=row.proposed_start.astimezone(zone),
            asked_at=row.created_at.astimezone(zone),
        )
        for row, a in pairs
    ]
    cancels = [LateCancel(a.id, who(a)[0], who(a)[1], a.start_at.astimezone(zone)) for a in late]
    return requests, cancels


def get_request(clinic_id: uuid.UUID, request_id: uuid.UUID) -> RescheduleRequest | None:
    return db.session.scalars(
        sa.select(RescheduleRequest).where(
            RescheduleRequest.clinic_id == clinic_id, RescheduleRequest.id == request_id
        )
    ).first()


def approve(clinic: Clinic, row: RescheduleRequest, user: User) -> Appointment:
    """Move the session to the asked time. Raises AlreadyDecided, or a BookingError
    (the time was taken meanwhile) after which the caller rolls back and the request
    stays pending."""
    if row.state is not RequestState.PENDING:
        raise AlreadyDecided()
    appointment = db.session.get_one(Appointment, row.appointment_id)
    appointments.move_appointment(clinic, appointment, row.proposed_start)
    appointment.cancel_reason = None  # a late cancellation asked before is answered too
    row.state, row.decided_by, row.decided_at = RequestState.APPROVED, user.id, clock.now()
    # A person approved what the client (or the assistant reading their SMS) asked for.
    audit.record(
        user,
        "reschedule.approved",
        row,
        clinic.id,
        appointment=str(appointment.id),
        source=row.source,
        approved_by_person=True,
    )
    audit.record(
        user,
        "appointment.moved",
        appointment,
        clinic.id,
        start=row.proposed_start.isoformat(),
        request=str(row.id),
    )
    return appointment


def decline(row: RescheduleRequest, user: User) -> None:
    if row.state is not RequestState.PENDING:
        raise AlreadyDecided()
    row.state, row.decided_by, row.decided_at = RequestState.DECLINED, user.id, clock.now()
    audit.record(user, "reschedule.declined", row, row.clinic_id, source=row.source)
    db.session.flush()


def settle_late_cancel(appointment: Appointment, user: User, *, cancel: bool) -> bool:
    """Staff's answer to a late cancellation: cancel it as late, or keep the session.
    False when there was nothing to settle."""
    if not late_cancel_asked(appointment):
        return False
    if cancel:
        appointments.cancel_appointment(appointment, CancelReason.LATE)
        withdraw_pending(appointment)
        audit.record(
            user,
            "appointment.cancelled",
            appointment,
            appointment.clinic_id,
            reason=CancelReason.LATE.value,
        )
    else:
        appointment.cancel_reason = None
        appointment.updated_at = clock.now()
        audit.record(user, "appointment.late_cancel_declined", appointment, appointment.clinic_id)
    db.session.flush()
    return True
