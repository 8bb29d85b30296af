"""One row of a client's export as a plain dict: the fields docs/export-schema.md names,
opened under the client's key, datetimes ISO 8601 in UTC, codes as strings."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from app.crypto import Binding
from app.extensions import db
from app.models import (
    Appointment,
    Client,
    Consent,
    ConsentText,
    DataRequest,
    EmergencyAccess,
    InboundMessage,
    InboundPart,
    InboundState,
    MagicLink,
    Membership,
    OutboxMessage,
    Recording,
    RescheduleRequest,
    Series,
    User,
)
from app.services import clients, inbound, keys, outbox

# Not yet read by the assistant's screens, so not known to be free of clinical content.
UNREAD = (InboundState.PARTIAL, InboundState.NEW)


def iso(moment: datetime | date | None) -> str | None:
    """ISO 8601; datetimes in UTC with a "Z"."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return moment.isoformat()


def value(member: enum.Enum | str | None) -> str | None:
    return member.value if isinstance(member, enum.Enum) else member


def opened(row: Any, column: str) -> str | None:
    """A column sealed under the client's key, bound to its table, column, row and clinic."""
    binding = Binding(row.__tablename__, column, str(row.id), str(row.clinic_id))
    return keys.open_for_client(row.clinic_id, binding, getattr(row, column))


def of_client(model: type, clinic_id: uuid.UUID, client_id: uuid.UUID, *order: Any) -> list:
    return list(
        db.session.scalars(
            sa.select(model)
            .where(model.clinic_id == clinic_id, model.client_id == client_id)
            .order_by(*order)
        )
    )


class Names:
    """Therapists by name, everyone else by role in this clinic."""

    def __init__(self, clinic_id: uuid.UUID) -> None:
        self.clinic_id = clinic_id
        self._names: dict[uuid.UUID, str] = {}
        self._roles: dict[uuid.UUID, str] = {}

    def name(self, user_id: uuid.UUID | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in self._names:
            user = db.session.get(User, user_id)
            self._names[user_id] = user.name if user else ""
        return self._names[user_id]

    def role(self, user_id: uuid.UUID | None) -> str | None:
        if user_id is None:
            return None
        if user_id not in self._roles:
            role = db.session.scalar(
                sa.select(Membership.role).where(
                    Membership.clinic_id == self.clinic_id, Membership.user_id == user_id
                )
            )
            self._roles[user_id] = value(role) or "former_staff"
        return self._roles[user_id]


def profile(client: Client) -> dict[str, Any]:
    details = clients.reveal(client)
    return {
        "id": str(client.id),
        "name": details.name,
        "phone": details.phone,
        "email": details.email,
        "language": client.language,
        "address_form": client.address_form,
        "channel": client.channel,
        "created_at": iso(client.created_at),
        "archived_at": iso(client.archived_at),
        "opted_out_at": iso(client.opted_out_at),
        "restricted_at": iso(client.restricted_at),
        "erasure_scheduled_at": iso(client.shred_after),
    }


def appointment(row: Appointment, names: Names) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "start_at": iso(row.start_at),
        "end_at": iso(row.end_at),
        "session_type": row.session_type,
        "status": value(row.status),
        "therapist": names.name(row.therapist_id),
        "video_link": row.video_link,
        "cancel_reason": value(row.cancel_reason),
        "cancelled_at": iso(row.cancelled_at),
        "minutes_late": row.minutes_late,
        "series_id": str(row.series_id) if row.series_id else None,
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


def series(row: Series, names: Names) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "therapist": names.name(row.therapist_id),
        "interval_weeks": row.interval_weeks,
        "count": row.count,
        "until": iso(row.until),
        "created_at": iso(row.created_at),
    }


def consents(clinic_id: uuid.UUID, client_id: uuid.UUID, names: Names) -> list[dict[str, Any]]:
    rows = db.session.execute(
        sa.select(Consent, ConsentText)
        .join(ConsentText, ConsentText.id == Consent.text_id)
        .where(Consent.clinic_id == clinic_id, Consent.client_id == client_id)
        .order_by(Consent.given_at, Consent.id)
    ).all()
    return [
        {
            "id": str(row.id),
            "kind": value(row.kind),
            "method": value(row.method),
            "text_language": text.language,
            "text_version": text.version,
            "text": text.body,
            "typed_name": opened(row, "typed_name_sealed"),
            "ip": opened(row, "ip_sealed"),
            "recorded_by": names.role(row.recorded_by),
            "given_at": iso(row.given_at),
            "withdrawn_at": iso(row.withdrawn_at),
        }
        for row, text in rows
    ]


def reschedule(row: RescheduleRequest) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "appointment_id": str(row.appointment_id),
        "proposed_start": iso(row.proposed_start),
        "source": row.source,
        "state": value(row.state),
        "created_at": iso(row.created_at),
        "decided_at": iso(row.decided_at),
    }


def sent(row: OutboxMessage) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "appointment_id": str(row.appointment_id),
        "kind": value(row.kind),
        "state": value(row.state),
        "for_start": iso(row.for_start),
        "due_at": iso(row.due_at),
        "sent_at": iso(row.sent_at),
        "delivered_at": iso(row.delivered_at),
        "parts": row.parts,
        "text": outbox.open_body(row),
    }


def held_for_review(row: InboundMessage) -> bool:
    """A message whose text waits for the treating therapist's approval: clinical or
    urgent (the inbox shows it to them alone), or not read by the assistant yet."""
    return row.clinical or row.urgent or row.state in UNREAD


def held_count(clinic_id: uuid.UUID, client_id: uuid.UUID) -> int:
    """How many of the client's messages `held_for_review` would hold back."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(InboundMessage)
            .where(
                InboundMessage.clinic_id == clinic_id,
                InboundMessage.client_id == client_id,
                sa.or_(
                    InboundMessage.clinical.is_(True),
                    InboundMessage.urgent.is_(True),
                    InboundMessage.state.in_(UNREAD),
                ),
            )
        )
        or 0
    )


def received(clinic_id: uuid.UUID, client_id: uuid.UUID, *, approved: bool) -> list[dict[str, Any]]:
    """The client's messages; without the treating therapist's approval the text of those
    `held_for_review` is left out (and never opened)."""
    messages = of_client(
        InboundMessage, clinic_id, client_id, InboundMessage.received_at, InboundMessage.id
    )
    parts: dict[uuid.UUID, list[InboundPart]] = {}
    for part in of_client(InboundPart, clinic_id, client_id, InboundPart.part):
        parts.setdefault(part.message_id, []).append(part)
    return [
        _message(row, parts.get(row.id, []), withheld=not approved and held_for_review(row))
        for row in messages
    ]


def _message(row: InboundMessage, parts: list[InboundPart], *, withheld: bool) -> dict[str, Any]:
    # A long SMS still missing parts has no body yet: its text is the parts so far.
    if withheld:
        text = None
    elif row.body_sealed is not None:
        text = inbound.open_body(row)
    else:
        text = "".join(opened(p, "text_sealed") or "" for p in parts) if parts else None
    return {
        "id": str(row.id),
        "appointment_id": str(row.appointment_id) if row.appointment_id else None,
        "received_at": iso(row.received_at),
        "complete": row.state is not InboundState.PARTIAL,
        "parts_received": len(parts),
        "text": text,
        "withheld": withheld,
        "state": value(row.state),
        "read_by": row.tier,
        "intent": row.intent,
        "topic": row.topic,
        "urgent": row.urgent,
        "clinical": row.clinical,
        "proposed_start": iso(row.proposed_start),
        "minutes_late": row.minutes_late,
        "handled_at": iso(row.handled_at),
    }


def link(row: MagicLink) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "purpose": row.purpose,
        "appointment_id": str(row.appointment_id) if row.appointment_id else None,
        "created_at": iso(row.created_at),
        "expires_at": iso(row.expires_at),
        "used_at": iso(row.used_at),
        "revoked_at": iso(row.revoked_at),
    }


def emergency(row: EmergencyAccess, names: Names) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "note_id": str(row.note_id),
        "granted_to": names.role(row.admin_id),
        "reason": opened(row, "reason_sealed"),
        "granted_at": iso(row.granted_at),
        "expires_at": iso(row.expires_at),
        "seen_by_therapist_at": iso(row.seen_at),
    }


def data_request(row: DataRequest) -> dict[str, Any]:
    return {
        "id": str(row.id),
        "kind": value(row.kind),
        "status": value(row.status),
        "source": row.source,
        "received_at": iso(row.received_at),
        "due_at": iso(row.due_at),
        "details": opened(row, "details_sealed"),
        "closed_at": iso(row.closed_at),
        "outcome": row.outcome,
        "notes_approved_at": iso(row.notes_approved_at),
    }


def recording(row: Recording) -> dict[str, Any]:
    """That a session was recorded for its note, and when the audio was deleted: the
    audio itself is never kept, and the transcript is part of the note."""
    return {
        "id": str(row.id),
        "appointment_id": str(row.appointment_id),
        "language": row.language,
        "state": value(row.state),
        "started_at": iso(row.started_at),
        "finished_at": iso(row.finished_at),
        "transcribed_at": iso(row.transcribed_at),
        "audio_deleted_at": iso(row.audio_deleted_at),
    }
