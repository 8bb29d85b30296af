"""What an outbox message says: the composer's minimal context, built at send time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

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
from app.services import clients, consent, links, message_texts, reminders

COMPOSER_KIND = {
    MessageKind.CONFIRMATION: compose.MessageKind.CONFIRMATION,
    MessageKind.REMINDER_FIRST: compose.MessageKind.REMINDER_24H,
    MessageKind.REMINDER_SECOND: compose.MessageKind.REMINDER_2H,
    MessageKind.MOVED: compose.MessageKind.MOVED,
}


@dataclass
class BatchCache:
    """What does not change within a batch: session types and the clinics' texts."""

    kinds: dict[tuple[uuid.UUID, str], SessionType | None] = field(default_factory=dict)
    texts: dict[uuid.UUID, dict[tuple[str, str], MessageText]] = field(default_factory=dict)

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
