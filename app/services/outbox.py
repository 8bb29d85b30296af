"""Sending the outbox: claim due rows, compose, send once, record what happened.

A row goes planned → sending (claimed, committed) → the provider is called (that
moment is committed first) → sent → delivered (by receipt). A worker killed at any
point leaves a row in `sending`; once its claim is stale, a row whose provider call
never started is planned again, and one whose call may have reached Vonage becomes
`unknown` and waits for the delivery receipt that names it (`client_ref` = row id).
Only if no receipt comes within the clinic's grace period is it sent again.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale

from app import clock, sms
from app.assistant import compose
from app.crypto import Binding
from app.extensions import db, lock_for_write
from app.labels import session_type_label
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    Client,
    Clinic,
    ConsentKind,
    MessageKind,
    OutboxMessage,
    OutboxState,
    SessionType,
    User,
)
from app.models.scoping import clinic_scope
from app.services import clients, consent, keys, links, message_texts, reminders

MAX_ATTEMPTS = 8
FIRST_BACKOFF = timedelta(seconds=30)
LONGEST_BACKOFF = timedelta(hours=1)
COMPOSER_KIND = {
    MessageKind.CONFIRMATION: compose.MessageKind.CONFIRMATION,
    MessageKind.REMINDER_FIRST: compose.MessageKind.REMINDER_24H,
    MessageKind.REMINDER_SECOND: compose.MessageKind.REMINDER_2H,
    MessageKind.MOVED: compose.MessageKind.MOVED,
}
Sender = Callable[[str, str, str], sms.SendResult]  # (to, text, client_ref)


@dataclass(frozen=True)
class Claim:
    outbox_id: uuid.UUID
    token: str


def _setting(name: str) -> float:
    return float(current_app.config[name])


def claim_due(limit: int) -> list[Claim]:
    """Mark up to `limit` due rows as being sent by this caller, and commit."""
    now = clock.now()
    lock_for_write()
    due = (
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.state == OutboxState.PLANNED, OutboxMessage.due_at <= now)
        .order_by(OutboxMessage.due_at)
        .limit(limit)
        .execution_options(all_clinics=True)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    token = str(uuid.uuid4())
    if ids:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OutboxState.PLANNED)
            .values(
                state=OutboxState.SENDING,
                claim_token=token,
                claimed_at=now,
                provider_called_at=None,
                attempts=OutboxMessage.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False, all_clinics=True)
        )
    db.session.commit()
    return [Claim(outbox_id, token) for outbox_id in ids]


def count_due() -> int:
    """Rows due and not yet claimed (the sweep queues enough send jobs for them)."""
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.PLANNED, OutboxMessage.due_at <= clock.now())
        .execution_options(all_clinics=True)
    )


def recover_stale() -> tuple[int, int]:
    """Claims older than the lease: (planned again, now unknown)."""
    now = clock.now()
    stale = now - timedelta(seconds=_setting("OUTBOX_LEASE_SECONDS"))
    base = sa.and_(OutboxMessage.state == OutboxState.SENDING, OutboxMessage.claimed_at < stale)
    lock_for_write()
    replanned = _update(
        sa.and_(base, OutboxMessage.provider_called_at.is_(None)),
        state=OutboxState.PLANNED,
        claim_token=None,
    )
    unknown = _update(
        sa.and_(base, OutboxMessage.provider_called_at.is_not(None)),
        state=OutboxState.UNKNOWN,
        claim_token=None,
        error="worker_lost",
    )
    db.session.commit()
    return replanned, unknown


def retry_unanswered() -> int:
    """Unknown rows no receipt has named within the grace period are sent again."""
    grace = timedelta(seconds=_setting("OUTBOX_UNKNOWN_GRACE_SECONDS"))
    lock_for_write()
    count = _update(
        sa.and_(
            OutboxMessage.state == OutboxState.UNKNOWN,
            OutboxMessage.provider_called_at < clock.now() - grace,
        ),
        state=OutboxState.PLANNED,
        error="no_receipt",
    )
    db.session.commit()
    return count


def _update(condition: sa.ColumnElement[bool], **values: object) -> int:
    return db.session.execute(
        sa.update(OutboxMessage)
        .where(condition)
        .values(updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False, all_clinics=True)
    ).rowcount


def send_claimed(claim: Claim, sender: Sender | None = None) -> OutboxState | None:
    """Send one claimed row; the state it ended in, or None if the claim was lost."""
    # The checks, the magic link (and its audit row) and the intent are one write
    # transaction: on SQLite a transaction that has read cannot take the write lock
    # later ("database is locked" at once) if another writer committed meanwhile.
    lock_for_write()
    row = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.id == claim.outbox_id)
        .execution_options(all_clinics=True)
    ).first()
    if row is None or row.claim_token != claim.token or row.state is not OutboxState.SENDING:
        db.session.rollback()
        return None
    with clinic_scope(row.clinic_id):
        return _send(row, claim, sender or _vonage)


def _send(row: OutboxMessage, claim: Claim, sender: Sender) -> OutboxState | None:
    clinic = db.session.get_one(Clinic, row.clinic_id)
    appointment = db.session.get_one(Appointment, row.appointment_id)
    client = db.session.get_one(Client, row.client_id)
    now = clock.now()
    why_not = _why_not(clinic, appointment, client, row, now)
    if why_not == "quiet":
        due = reminders.after_quiet(clinic, now)
        if due < appointment.start_at:
            return _finish(row, claim, OutboxState.PLANNED, due_at=due, error="quiet_hours")
        why_not = "quiet_hours_until_start"
    if why_not:
        return _finish(row, claim, OutboxState.CANCELLED, error=why_not)
    details = clients.reveal(client)
    text = message_texts.render(clinic.id, _context(clinic, appointment, client, details, row, now))
    # Commit the intent before the call: a crash from here on is "maybe sent". The lease
    # restarts here, so a row waiting its turn in a long batch is not taken for lost.
    if not _claimed_update(
        row, claim, provider_called_at=now, claimed_at=now, body_sealed=_seal(client, row, text)
    ):
        db.session.rollback()  # the claim was lost meanwhile: no link, no write lock kept
        return None
    db.session.commit()
    try:
        result = sender(details.phone or "", text, str(row.id))
    except sms.SmsTemporaryError as exc:
        return _retry_later(row, claim, exc)
    except sms.SmsRejected as exc:
        return _finish(row, claim, OutboxState.FAILED, error=f"rejected:{exc.status}")
    except sms.SmsOutcomeUnknown:
        return _finish(row, claim, OutboxState.UNKNOWN, error="no_answer")
    return _finish(
        row,
        claim,
        OutboxState.SENT,
        sent_at=clock.now(),
        provider_ids=",".join(result.message_ids)[:400],
        parts=len(result.message_ids),
    )


def _why_not(
    clinic: Clinic, appointment: Appointment, client: Client, row: OutboxMessage, now: datetime
) -> str | None:
    """Checked again at send time: anything may have changed since planning."""
    if appointment.status not in ACTIVE_STATUSES or appointment.start_at <= now:
        return "appointment_not_live"
    if appointment.start_at != row.for_start:
        return "appointment_moved"
    if not reminders.can_text(client, now):
        return "no_sms_consent" if client.channel == "sms" else "not_textable"
    if reminders.is_quiet(clinic, now):
        return "quiet"
    return None


def _retry_later(row: OutboxMessage, claim: Claim, exc: sms.SmsFailure) -> OutboxState:
    if row.attempts >= MAX_ATTEMPTS:
        return _finish(row, claim, OutboxState.FAILED, error=f"gave_up:{exc.status or 'net'}")
    delay = min(FIRST_BACKOFF * 2 ** (row.attempts - 1), LONGEST_BACKOFF)
    # Spread retries so a recovering provider is not stormed (not a secret: no CSPRNG).
    delay *= random.uniform(0.8, 1.2)  # noqa: S311
    return _finish(
        row,
        claim,
        OutboxState.PLANNED,
        due_at=clock.now() + delay,
        provider_called_at=None,
        error=f"temporary:{exc.status or 'net'}",
    )


def _finish(row: OutboxMessage, claim: Claim, state: OutboxState, **values: object) -> OutboxState:
    lock_for_write()
    if _claimed_update(row, claim, state=state, claim_token=None, **values):
        db.session.commit()
        return state
    db.session.rollback()
    return row.state


def _claimed_update(row: OutboxMessage, claim: Claim, **values: object) -> bool:
    """Write only while this claim still holds (a receipt may have moved the state on:
    then only the facts are written, never an older state over a newer one)."""
    state = values.pop("state", None)
    if state is not None:
        values["state"] = sa.case(
            (OutboxMessage.state == OutboxState.SENDING, sa.literal(state.value)),
            else_=OutboxMessage.state,
        )
    done = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.claim_token == claim.token)
        .values(updated_at=clock.now(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    return done == 1


def _seal(client: Client, row: OutboxMessage, text: str) -> bytes | None:
    binding = Binding("outbox", "body_sealed", str(row.id), str(row.clinic_id))
    return keys.seal_for_client(client, binding, text)


def open_body(row: OutboxMessage) -> str | None:
    """What was sent, in clear, for staff who may see the client's messages."""
    if row.body_sealed is None:
        return None
    binding = Binding("outbox", "body_sealed", str(row.id), str(row.clinic_id))
    return keys.open_for_client(row.clinic_id, binding, row.body_sealed)


def _context(
    clinic: Clinic,
    appointment: Appointment,
    client: Client,
    details: clients.ClientDetails,
    row: OutboxMessage,
    now: datetime,
) -> compose.MessageContext:
    """The minimum the composer needs: never a note, never another client."""
    zone = reminders.zone(clinic)
    kind = db.session.scalars(
        sa.select(SessionType).where(
            SessionType.clinic_id == clinic.id, SessionType.code == appointment.session_type
        )
    ).first()
    online = bool(kind and kind.online)
    therapist = db.session.get_one(User, appointment.therapist_id)
    first = _is_first_session(appointment)
    with force_locale(client.language):
        type_label = session_type_label(appointment.session_type)
    return compose.MessageContext(
        kind=COMPOSER_KIND[row.kind],
        language="en" if client.language == "en" else "tr",
        start=appointment.start_at.astimezone(zone),
        duration_minutes=int((appointment.end_at - appointment.start_at).total_seconds() // 60),
        session_type=type_label,
        online=online,
        first_session=first,
        client_first_name=details.first_name,
        client_title=details.title,
        therapist_name=therapist.name,
        clinic_name=clinic.name,
        address=None if online else (clinic.address or None),
        video_link=appointment.video_link if online else None,
        magic_link=links.public_url(links.issue_system_link(client, appointment)),
        consent_link=_consent_link(client) if first else None,
        now=now.astimezone(zone),
        variant_seed=row.id.int,
    )


def _is_first_session(appointment: Appointment) -> bool:
    earlier = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Appointment)
        .where(
            Appointment.client_id == appointment.client_id,
            Appointment.start_at < appointment.start_at,
            Appointment.status.in_((*ACTIVE_STATUSES, AppointmentStatus.ATTENDED)),
        )
    )
    return not earlier


def _consent_link(client: Client) -> str | None:
    if not consent.missing_consents(client.id):
        return None
    if consent.has_consent(client.id, ConsentKind.DATA_PROCESSING):
        return None
    return links.public_url(links.issue_system_link(client, None), links.CONSENT)


def record_receipt(receipt: sms.DeliveryReceipt) -> bool:
    """Apply a delivery receipt to the row it names; True if it changed anything.
    Receipts repeat and arrive in any order; a delivered row stays delivered."""
    try:
        outbox_id = uuid.UUID(receipt.client_ref or "")
    except ValueError:
        return False
    row = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.id == outbox_id)
        .execution_options(all_clinics=True)
    ).first()
    if row is None or row.state in (OutboxState.DELIVERED, OutboxState.CANCELLED):
        return False
    lock_for_write()
    if receipt.status == "delivered":
        values: dict[str, object] = {"state": OutboxState.DELIVERED, "delivered_at": clock.now()}
    elif receipt.status in ("failed", "rejected", "expired"):
        values = {"state": OutboxState.FAILED, "error": f"receipt:{receipt.status}"}
    elif row.state is OutboxState.UNKNOWN:  # accepted or buffered: it did reach Vonage
        values = {"state": OutboxState.SENT}
    else:
        return False
    values.setdefault("sent_at", row.sent_at or clock.now())
    ids = set(filter(None, (row.provider_ids or "").split(","))) | {receipt.message_id}
    values["provider_ids"] = ",".join(sorted(ids))[:400]
    changed = _update(
        sa.and_(
            OutboxMessage.id == row.id,
            OutboxMessage.state.not_in((OutboxState.DELIVERED, OutboxState.CANCELLED)),
        ),
        **values,
    )
    db.session.commit()
    return changed == 1


def _vonage(to: str, text: str, client_ref: str) -> sms.SendResult:
    settings = sms.SmsSettings.from_config(current_app.config)
    return sms.send_sms(settings, to, text, client_ref)
