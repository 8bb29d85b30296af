"""The staff inbox: each client's conversation, their SMS and ours, for the staff who
may read it. A message marked clinical is shown in full only to a therapist treating
the client; everyone else sees that it was forwarded. Opening a conversation leaves one
audit row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app import clock, crypto
from app.extensions import db
from app.models import (
    URGENT_OPEN,
    Appointment,
    Client,
    InboundMessage,
    InboundState,
    OutboxMessage,
    Role,
    User,
)
from app.services import audit, calendar, clients, outbox
from app.services.inbound import SHOWN_SENT, open_body


@dataclass(frozen=True)
class Viewer:
    user_id: uuid.UUID
    role: Role

    def reads_clinical(self, client_id: uuid.UUID) -> bool:
        """Clinical replies are for a therapist treating the client, no one else."""
        return self.role is Role.THERAPIST and calendar.is_treating(self.user_id, client_id)


@dataclass(frozen=True)
class Summary:
    client_id: uuid.UUID
    name: str
    latest: datetime
    open: int
    urgent: bool


@dataclass(frozen=True)
class Entry:
    at: datetime
    inbound: bool
    text: str | None  # None: not for this viewer (or unreadable)
    message_id: uuid.UUID | None = None
    state: InboundState | None = None
    urgent: bool = False
    clinical: bool = False
    intent: str | None = None
    handled_at: datetime | None = None
    handled_by: str | None = None
    can_handle: bool = False


@dataclass(frozen=True)
class UrgentAlert:
    """An open reply that may signal a crisis, for its therapist's banner (no text)."""

    message_id: uuid.UUID
    client_id: uuid.UUID
    client_name: str
    received_at: datetime


@dataclass(frozen=True)
class Conversation:
    client_id: uuid.UUID
    name: str
    opted_out_at: datetime | None
    entries: list[Entry]


def list_conversations(clinic_id: uuid.UUID, viewer: Viewer, limit: int = 100) -> list[Summary]:
    """One line per client who wrote, urgent open ones first, then the newest; a
    therapist sees only the clients they treat."""
    is_open = InboundMessage.state != InboundState.HANDLED
    latest = sa.func.max(InboundMessage.received_at)
    urgent = sa.func.max(sa.case((sa.and_(InboundMessage.urgent.is_(True), is_open), 1), else_=0))
    query = (
        sa.select(
            InboundMessage.client_id,
            latest,
            sa.func.sum(sa.case((is_open, 1), else_=0)),
            urgent,
        )
        .where(InboundMessage.clinic_id == clinic_id, InboundMessage.state != InboundState.PARTIAL)
        .group_by(InboundMessage.client_id)
        .order_by(urgent.desc(), latest.desc())
        .limit(limit)
    )
    if viewer.role is Role.THERAPIST:
        query = query.where(
            sa.exists().where(
                Appointment.therapist_id == viewer.user_id,
                Appointment.client_id == InboundMessage.client_id,
            )
        )
    rows = db.session.execute(query).all()
    names = clients.reveal_names(clinic_id, [row[0] for row in rows])
    return [
        Summary(client_id, names.get(client_id, ""), at, int(count or 0), bool(flag))
        for client_id, at, count, flag in rows
    ]


def urgent_alerts(clinic_id: uuid.UUID, therapist_id: uuid.UUID) -> list[UrgentAlert]:
    """Urgent replies nobody has closed yet, for the therapist of the session they are
    about (or, with no session, for each therapist treating the client), newest first.
    They stay until the therapist marks them handled.

    Every page of a therapist asks, so this is one statement: the partial index holds
    only open urgent replies, and the client's sealed name comes along in the same row
    (its key is most often unwrapped already for the page itself)."""
    # Two lookups rather than one with OR inside, so each can use its own index (the
    # session's key, the client's sessions) instead of all of the therapist's sessions.
    about_their_session = sa.exists().where(
        Appointment.id == InboundMessage.appointment_id,
        Appointment.therapist_id == therapist_id,
    )
    treats_the_client = sa.exists().where(
        Appointment.client_id == InboundMessage.client_id,
        Appointment.therapist_id == therapist_id,
    )
    treats = sa.or_(
        about_their_session,
        sa.and_(InboundMessage.appointment_id.is_(None), treats_the_client),
    )
    rows = db.session.execute(
        sa.select(
            InboundMessage.id,
            InboundMessage.client_id,
            InboundMessage.received_at,
            Client.name_sealed,
        )
        .join(Client, Client.id == InboundMessage.client_id)
        .where(InboundMessage.clinic_id == clinic_id, URGENT_OPEN, treats)
        .order_by(InboundMessage.received_at.desc())
        .limit(20)
    ).all()
    names = clients.open_names(clinic_id, {(row.client_id, row.name_sealed) for row in rows})
    return [
        UrgentAlert(row.id, row.client_id, names.get(row.client_id, ""), row.received_at)
        for row in rows
    ]


def open_conversation(client: Client, viewer: Viewer, limit: int = 50) -> Conversation:
    """The client's replies and the texts sent to them, newest first; each opening is
    audited once (ids and a count, never text)."""
    clinical_ok = viewer.reads_clinical(client.id)
    received = db.session.scalars(
        sa.select(InboundMessage)
        .where(InboundMessage.client_id == client.id, InboundMessage.state != InboundState.PARTIAL)
        .order_by(InboundMessage.received_at.desc())
        .limit(limit)
    ).all()
    sent = db.session.scalars(
        sa.select(OutboxMessage)
        .where(
            OutboxMessage.client_id == client.id,
            OutboxMessage.state.in_(SHOWN_SENT),
            OutboxMessage.body_sealed.is_not(None),
        )
        .order_by(sa.func.coalesce(OutboxMessage.sent_at, OutboxMessage.provider_called_at).desc())
        .limit(limit)
    ).all()
    handlers = _user_names({m.handled_by for m in received if m.handled_by})
    entries = [_entry(m, clinical_ok, handlers, with_text=True) for m in received]
    entries += [_sent_entry(row) for row in sent]
    entries.sort(key=lambda e: e.at, reverse=True)
    entries = entries[:limit]
    audit.record(
        _user(viewer),
        "inbox.viewed",
        client,
        client.clinic_id,
        count=sum(e.text is not None for e in entries),
    )
    name = clients.reveal_names(client.clinic_id, [client.id]).get(client.id, "")
    return Conversation(client.id, name, client.opted_out_at, entries)


def _entry(
    message: InboundMessage, clinical_ok: bool, handlers: dict[uuid.UUID, str], with_text: bool
) -> Entry:
    readable = clinical_ok or not message.clinical
    text = None
    if with_text and readable:
        try:
            text = open_body(message)
        except crypto.CryptoError:
            text = None
    return Entry(
        at=message.received_at,
        inbound=True,
        text=text,
        message_id=message.id,
        state=message.state,
        urgent=message.urgent,
        clinical=message.clinical,
        intent=message.intent,
        handled_at=message.handled_at,
        handled_by=handlers.get(message.handled_by) if message.handled_by else None,
        can_handle=readable and message.state is InboundState.FORWARDED,
    )


def _sent_entry(row: OutboxMessage) -> Entry:
    try:
        text = outbox.open_body(row)
    except crypto.CryptoError:
        text = None
    at = row.sent_at or row.provider_called_at or row.updated_at
    return Entry(at=at, inbound=False, text=text)


def _user_names(ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())


def _user(viewer: Viewer) -> User:
    return db.session.get_one(User, viewer.user_id)


def get_message(clinic_id: uuid.UUID, message_id: uuid.UUID) -> InboundMessage | None:
    return db.session.scalars(
        sa.select(InboundMessage).where(
            InboundMessage.clinic_id == clinic_id,
            InboundMessage.id == message_id,
            InboundMessage.state != InboundState.PARTIAL,
        )
    ).first()


def mark_handled(message: InboundMessage, viewer: Viewer) -> bool:
    """Close a forwarded reply; False if it was closed already (or not forwarded yet: an
    unread one is left to the job, which may find an opt-out in it)."""
    if message.state is not InboundState.FORWARDED:
        return False
    message.state = InboundState.HANDLED
    message.handled_by = viewer.user_id
    message.handled_at = clock.now()
    audit.record(_user(viewer), "inbox.handled", message, message.clinic_id)
    db.session.flush()
    return True


def status_of(message: InboundMessage, viewer: Viewer) -> Entry:
    """The reply's state for its status line, without its text."""
    handlers = _user_names({message.handled_by} if message.handled_by else set())
    return _entry(message, viewer.reads_clinical(message.client_id), handlers, with_text=False)
