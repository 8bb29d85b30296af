"""The reminder plan: which messages an appointment should get, and when.

Booking plans a confirmation and the clinic's reminders as outbox rows; moving plans
them afresh for the new time and cancels what was planned for the old one; cancelling
cancels them. Nothing is planned for a client who cannot be texted (no SMS consent, no
phone, or they prefer calls). Nothing is due in the clinic's quiet hours: a reminder
that would fall there goes out earlier, before the quiet hours begin, and a
confirmation asked for at night waits for the morning.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    Client,
    Clinic,
    ConsentKind,
    MessageKind,
    OutboxMessage,
    OutboxState,
)
from app.services import consent

# A reminder pushed before the quiet hours goes out this long before they begin, so a
# busy queue does not carry it over the line.
QUIET_MARGIN = timedelta(minutes=15)
# A reminder due this close after an earlier message for the same session is dropped.
TOO_CLOSE = timedelta(hours=2)
NOT_YET_SENT = (OutboxState.PLANNED,)


class Event(enum.Enum):
    BOOKED = "booked"
    MOVED = "moved"
    REPLAN = "replan"  # consent or settings changed: reminders only, no notice


def can_text(client: Client, at: datetime | None = None, *, consented: bool | None = None) -> bool:
    """May the clinic send this client automatic SMS at all? (Not while their processing
    is restricted.) `consented`: whether SMS consent was in force at `at`, when the
    caller looked it up already (a send batch looks up all its clients at once)."""
    return (
        client.channel == "sms"
        and client.phone_sealed is not None
        and client.archived_at is None
        and client.restricted_at is None
        and client.opted_out_at is None
        and (
            consent.has_consent(client.id, ConsentKind.SMS, at) if consented is None else consented
        )
    )


def zone(clinic: Clinic) -> ZoneInfo:
    return ZoneInfo(clinic.timezone)


def is_quiet(clinic: Clinic, moment: datetime) -> bool:
    """Is `moment` inside the clinic's quiet hours (clinic time)?"""
    local = moment.astimezone(zone(clinic))
    minute = local.hour * 60 + local.minute
    start, end = clinic.quiet_start_minute, clinic.quiet_end_minute
    if start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def _at_minute(clinic: Clinic, moment: datetime, minute_of_day: int, days: int = 0) -> datetime:
    local = moment.astimezone(zone(clinic))
    wall = local.replace(hour=minute_of_day // 60, minute=minute_of_day % 60, second=0)
    wall = wall.replace(microsecond=0, tzinfo=None) + timedelta(days=days)
    return wall.replace(tzinfo=zone(clinic)).astimezone(moment.tzinfo)


def before_quiet(clinic: Clinic, moment: datetime) -> datetime:
    """The last good time before the quiet hours that contain `moment`."""
    start = _at_minute(clinic, moment, clinic.quiet_start_minute)
    if start > moment:
        start = _at_minute(clinic, moment, clinic.quiet_start_minute, days=-1)
    return start - QUIET_MARGIN


def after_quiet(clinic: Clinic, moment: datetime) -> datetime:
    """When the quiet hours that contain `moment` end."""
    end = _at_minute(clinic, moment, clinic.quiet_end_minute)
    if end <= moment:
        end = _at_minute(clinic, moment, clinic.quiet_end_minute, days=1)
    return end


def wanted(
    clinic: Clinic, start: datetime, now: datetime, event: Event
) -> dict[MessageKind, datetime]:
    """Each message kind the session should get, with its due time."""
    plan: dict[MessageKind, datetime] = {}
    notice = {Event.BOOKED: MessageKind.CONFIRMATION, Event.MOVED: MessageKind.MOVED}.get(event)
    if notice is MessageKind.CONFIRMATION and not clinic.send_confirmation:
        notice = None
    if notice is not None:
        due = after_quiet(clinic, now) if is_quiet(clinic, now) else now
        if due < start:
            plan[notice] = due
    for kind, hours in (
        (MessageKind.REMINDER_FIRST, clinic.first_reminder_hours),
        (MessageKind.REMINDER_SECOND, clinic.second_reminder_hours),
    ):
        if not hours:
            continue
        due = start - timedelta(hours=hours)
        if is_quiet(clinic, due):
            due = before_quiet(clinic, due)
        if due < now or any(abs(due - earlier) < TOO_CLOSE for earlier in plan.values()):
            continue
        plan[kind] = due
    return plan


def plan_for(clinic: Clinic, appointment: Appointment, event: Event | None = None) -> None:
    """Bring the appointment's outbox rows in line with its time, status and client."""
    now = clock.now()
    rows = list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.appointment_id == appointment.id)
        )
    )
    client = db.session.get_one(Client, appointment.client_id)
    textable = appointment.status in ACTIVE_STATUSES and appointment.start_at > now
    textable = textable and can_text(client)
    plan = wanted(clinic, appointment.start_at, now, event or Event.REPLAN) if textable else {}
    existing = {(row.kind, row.for_start): row for row in rows}
    keep = set(plan)
    if textable:
        keep |= {MessageKind.CONFIRMATION, MessageKind.MOVED}  # notices already planned
    for row in rows:
        if row.state in NOT_YET_SENT and (
            row.for_start != appointment.start_at or row.kind not in keep
        ):
            _set(row, state=OutboxState.CANCELLED)
    for kind, due in plan.items():
        row = existing.get((kind, appointment.start_at))
        if row is None:
            db.session.add(
                OutboxMessage(
                    clinic_id=appointment.clinic_id,
                    client_id=appointment.client_id,
                    appointment_id=appointment.id,
                    kind=kind,
                    for_start=appointment.start_at,
                    due_at=due,
                )
            )
        elif row.state in (OutboxState.PLANNED, OutboxState.CANCELLED):
            # Planned again for the same time: the row comes back (never a second one).
            _set(row, state=OutboxState.PLANNED, due_at=due)


def cancel_for(appointment: Appointment) -> int:
    """Cancel everything not yet sent for this appointment."""
    return _cancel(OutboxMessage.appointment_id == appointment.id)


def cancel_for_client(client_id: uuid.UUID) -> int:
    """Cancel everything not yet sent to this client (SMS consent withdrawn, opted out)."""
    return _cancel(OutboxMessage.client_id == client_id)


def replan_client(clinic: Clinic, client_id: uuid.UUID) -> None:
    """Plan the reminders of the client's coming sessions again (consent now given)."""
    upcoming = db.session.scalars(
        sa.select(Appointment).where(
            Appointment.client_id == client_id,
            Appointment.status.in_(ACTIVE_STATUSES),
            Appointment.start_at > clock.now(),
        )
    )
    for appointment in upcoming:
        plan_for(clinic, appointment)


def _cancel(condition: sa.ColumnElement[bool]) -> int:
    cancelled = db.session.execute(
        sa.update(OutboxMessage)
        .where(condition, OutboxMessage.state.in_(NOT_YET_SENT))
        .values(state=OutboxState.CANCELLED, updated_at=clock.now())
        .execution_options(synchronize_session="fetch")
    ).rowcount
    db.session.flush()
    return cancelled


def _set(row: OutboxMessage, **values: object) -> None:
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = clock.now()


def planned_for(appointment_id: uuid.UUID) -> list[OutboxMessage]:
    """The appointment's rows, soonest first (for staff and tests)."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.appointment_id == appointment_id)
            .order_by(OutboxMessage.due_at)
        )
    )
