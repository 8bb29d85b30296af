"""What an outbox message says: the composer's minimal context, built at send time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale

from app.assistant import compose
from app.extensions import db
from app.labels import session_type_label
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    AppointmentStatus,
    Client,
    Clinic,
    ConsentKind,
    MessageKind,
    MessageText,
    OutboxMessage,
    SessionType,
    User,
)
from app.services import clients, consent, keys, links, message_texts, reminders

COMPOSER_KIND = {
    MessageKind.CONFIRMATION: compose.MessageKind.CONFIRMATION,
    MessageKind.REMINDER_FIRST: compose.MessageKind.REMINDER_24H,
    MessageKind.REMINDER_SECOND: compose.MessageKind.REMINDER_2H,
    MessageKind.MOVED: compose.MessageKind.MOVED,
}


@dataclass
class BatchCache:
    """What a send batch reads once rather than once a row: the rows its messages are
    about, session types, the clinics' texts, who may be texted, whose session is a first,
    clients' details and keys, type labels.

    The loaded rows are held here: the session's identity map keeps rows only while
    something refers to them, and `Session.get` finds them there without a query."""

    kinds: dict[tuple[uuid.UUID, str], SessionType | None] = field(default_factory=dict)
    texts: dict[uuid.UUID, dict[tuple[str, str], MessageText]] = field(default_factory=dict)
    held: dict[type, dict[uuid.UUID, Any]] = field(default_factory=dict)
    sms_consent: set[uuid.UUID] = field(default_factory=set)
    earliest: dict[uuid.UUID, datetime] = field(default_factory=dict)
    details: dict[uuid.UUID, clients.ClientDetails] = field(default_factory=dict)
    client_keys: dict[uuid.UUID, tuple[str, bytes]] = field(default_factory=dict)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)

    def load(self, rows: Iterable[OutboxMessage], now: datetime) -> None:
        """Load what the rows' checks and texts read, in one query a kind of row."""
        rows = list(rows)
        appointments = self._hold(Appointment, {r.appointment_id for r in rows})
        people = self._hold(Client, {r.client_id for r in rows})
        self._hold(Clinic, {r.clinic_id for r in rows})
        self._hold(User, {a.therapist_id for a in appointments})
        ids = [c.id for c in people]
        self.sms_consent = consent.consented(ids, ConsentKind.SMS, now)
        self.client_keys = keys.active_client_keys(ids)
        self.earliest = dict(
            db.session.execute(
                sa.select(Appointment.client_id, sa.func.min(Appointment.start_at))
                .where(
                    Appointment.client_id.in_(ids),
                    Appointment.status.in_((*ACTIVE_STATUSES, AppointmentStatus.ATTENDED)),
                )
                .group_by(Appointment.client_id)
                .execution_options(all_clinics=True)
            ).all()
        )

    def _hold(self, model: type, ids: set[uuid.UUID]) -> list[Any]:
        found = list(
            db.session.scalars(
                sa.select(model).where(model.id.in_(ids)).execution_options(all_clinics=True)
            )
        )
        self.held.setdefault(model, {}).update((row.id, row) for row in found)
        return found

    def session_type(self, clinic_id: uuid.UUID, code: str) -> SessionType | None:
        if (clinic_id, code) not in self.kinds:
            self.kinds[clinic_id, code] = db.session.scalars(
                sa.select(SessionType).where(
                    SessionType.clinic_id == clinic_id, SessionType.code == code
                )
            ).first()
        return self.kinds[clinic_id, code]

    def clinic_texts(self, clinic_id: uuid.UUID) -> dict[tuple[str, str], MessageText]:
        if clinic_id not in self.texts:
            self.texts[clinic_id] = message_texts.texts(clinic_id)
        return self.texts[clinic_id]

    def reveal(self, client: Client) -> clients.ClientDetails:
        if client.id not in self.details:
            self.details[client.id] = clients.reveal(client)
        return self.details[client.id]

    def client_key(self, client: Client) -> tuple[str, bytes]:
        """The client's active data key (id, key), to seal what is sent to them."""
        if client.id not in self.client_keys:
            self.client_keys[client.id] = keys.active_client_key(client)
        return self.client_keys[client.id]

    def is_first_session(self, appointment: Appointment) -> bool:
        """No live or attended session of the client's starts before this one."""
        earliest = self.earliest.get(appointment.client_id)
        return earliest is None or earliest >= appointment.start_at

    def type_label(self, language: str, code: str) -> str:
        if (language, code) not in self.labels:
            with force_locale(language):
                self.labels[language, code] = session_type_label(code)
        return self.labels[language, code]


def message_context(
    clinic: Clinic,
    appointment: Appointment,
    client: Client,
    details: clients.ClientDetails,
    row: OutboxMessage,
    now: datetime,
    cache: BatchCache,
) -> compose.MessageContext:
    """The minimum the composer needs: never a note, never another client."""
    zone = reminders.zone(clinic)
    kind = cache.session_type(clinic.id, appointment.session_type)
    online = bool(kind and kind.online)
    therapist = db.session.get_one(User, appointment.therapist_id)
    first = cache.is_first_session(appointment)
    type_label = cache.type_label(client.language, appointment.session_type)
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


def _consent_link(client: Client) -> str | None:
    if not consent.missing_consents(client.id):
        return None
    if consent.has_consent(client.id, ConsentKind.DATA_PROCESSING):
        return None
    return links.public_url(links.issue_system_link(client, None), links.CONSENT)
