"""Break-glass access: a clinic admin reads one note in an emergency.

The admin gives a reason, gets a grant for that one note that ends by itself after
EMERGENCY_MINUTES, and every grant and every read through it is audited. The note's
therapist is shown each grant (who, when, why) until they mark it seen, and keeps the
list on the note itself. Decryption still happens only in `notes`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app import clock
from app.crypto import Binding
from app.extensions import db
from app.models import Appointment, Client, EmergencyAccess, Note, User
from app.services import audit, clients, keys, notes

EMERGENCY_MINUTES = 30
MIN_REASON_CHARS = 10
MAX_REASON_CHARS = 1000


class ReasonTooShort(ValueError):
    """A break-glass read needs a reason someone else can judge later."""


class NoEmergencyAccess(Exception):
    """No live grant for this admin and note."""


@dataclass(frozen=True)
class GrantView:
    """A grant as its therapist (or the admin) sees it, reason in clear for one request."""

    grant: EmergencyAccess
    admin_name: str
    reason: str
    appointment: Appointment
    client_name: str

    @property
    def live(self) -> bool:
        return self.grant.expires_at > clock.now()


def _binding(grant: EmergencyAccess) -> Binding:
    return Binding("emergency_access", "reason_sealed", str(grant.id), str(grant.clinic_id))


def open_access(note: Note, admin: User, reason: str) -> EmergencyAccess:
    """Grant `admin` EMERGENCY_MINUTES of reading `note`; audited, shown to the therapist."""
    reason = " ".join(reason.split())[:MAX_REASON_CHARS]
    if len(reason) < MIN_REASON_CHARS:
        raise ReasonTooShort(MIN_REASON_CHARS)
    now = clock.now()
    grant = EmergencyAccess(
        clinic_id=note.clinic_id,
        note_id=note.id,
        client_id=note.client_id,
        therapist_id=note.therapist_id,
        admin_id=admin.id,
        reason_sealed=b"",
        granted_at=now,
        expires_at=now + timedelta(minutes=EMERGENCY_MINUTES),
    )
    client = db.session.get_one(Client, note.client_id)
    sealed = keys.seal_for_client(client, _binding(grant), reason)
    if sealed is None:  # only None seals to None; kept for the type checker
        raise ReasonTooShort(MIN_REASON_CHARS)
    grant.reason_sealed = sealed
    db.session.add(grant)
    db.session.flush()
    audit.record(
        admin,
        "note.emergency_access",
        note,
        note.clinic_id,
        grant=str(grant.id),
        therapist=str(note.therapist_id),
        minutes=EMERGENCY_MINUTES,
    )
    return grant


def live_grant(note: Note, admin: User) -> EmergencyAccess | None:
    """The admin's unexpired grant for this note, if any."""
    return db.session.scalars(
        sa.select(EmergencyAccess)
        .where(
            EmergencyAccess.clinic_id == note.clinic_id,
            EmergencyAccess.note_id == note.id,
            EmergencyAccess.admin_id == admin.id,
            EmergencyAccess.expires_at > clock.now(),
        )
        .order_by(EmergencyAccess.expires_at.desc())
        .limit(1)
    ).first()


def read(note: Note, admin: User) -> tuple[notes.NoteText, EmergencyAccess]:
    """The note in clear through the admin's live grant; each read is audited."""
    grant = live_grant(note, admin)
    if grant is None:
        raise NoEmergencyAccess()
    return notes.read_note_in_emergency(note, admin, grant), grant


def _views(query: sa.Select) -> list[GrantView]:
    rows = db.session.execute(
        query.join(Note, Note.id == EmergencyAccess.note_id)
        .join(Appointment, Appointment.id == Note.appointment_id)
        .join(User, User.id == EmergencyAccess.admin_id)
        .add_columns(Appointment, User.name)
        .order_by(EmergencyAccess.granted_at.desc())
    ).all()
    names = clients.reveal_names(
        rows[0][0].clinic_id if rows else uuid.uuid4(), {grant.client_id for grant, _, _ in rows}
    )
    return [
        GrantView(
            grant=grant,
            admin_name=admin_name,
            reason=keys.open_for_client(grant.clinic_id, _binding(grant), grant.reason_sealed)
            or "",
            appointment=appointment,
            client_name=names.get(grant.client_id, ""),
        )
        for grant, appointment, admin_name in rows
    ]


def unseen_by_therapist(therapist: User, clinic_id: uuid.UUID) -> list[GrantView]:
    """Grants on the therapist's notes they have not yet marked seen."""
    return _views(
        sa.select(EmergencyAccess).where(
            EmergencyAccess.clinic_id == clinic_id,
            EmergencyAccess.therapist_id == therapist.id,
            EmergencyAccess.seen_at.is_(None),
        )
    )


def grants_for_note(note: Note) -> list[GrantView]:
    return _views(
        sa.select(EmergencyAccess).where(
            EmergencyAccess.clinic_id == note.clinic_id, EmergencyAccess.note_id == note.id
        )
    )


def get_grant(clinic_id: uuid.UUID, grant_id: uuid.UUID) -> EmergencyAccess | None:
    return db.session.scalars(
        sa.select(EmergencyAccess).where(
            EmergencyAccess.clinic_id == clinic_id, EmergencyAccess.id == grant_id
        )
    ).first()


def mark_seen(grant: EmergencyAccess, therapist: User) -> datetime:
    """The therapist has seen the grant; it leaves their banner (not the note's list)."""
    if grant.therapist_id != therapist.id:
        raise notes.NotYourNote()
    if grant.seen_at is None:
        grant.seen_at = clock.now()
        audit.record(therapist, "note.emergency_access_seen", grant, grant.clinic_id)
        db.session.flush()
    return grant.seen_at
