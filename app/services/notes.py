"""Session notes: written and read only by the treating therapist.

Note text never leaves this module in any form but a sealed blob or a NoteText
handed to the therapist's own request (or, once that therapist approved it, to the
client's own copy of their data: `open_for_export`): not to jobs, logs, audit rows
or the assistant. Each save names the version it was based on; a stale version is a
conflict, never a silent overwrite.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app import clock
from app.crypto import Binding
from app.extensions import db
from app.models import (
    Appointment,
    Client,
    EmergencyAccess,
    Note,
    NoteStatus,
    NoteTemplate,
    NoteVersion,
    User,
)
from app.services import audit, keys

FIELDS: dict[NoteTemplate, tuple[str, ...]] = {
    NoteTemplate.FREE: ("text",),
    NoteTemplate.SOAP: ("subjective", "objective", "assessment", "plan"),
    NoteTemplate.DAP: ("data", "assessment", "plan"),
    NoteTemplate.BIRP: ("behavior", "intervention", "response", "plan"),
}
MAX_FIELD_CHARS = 50_000


class NoteError(Exception):
    """Base class for refusals."""


class NotYourNote(NoteError):
    """Only the appointment's own therapist writes or reads its note."""


class NoteConflict(NoteError):
    """The note changed since this editor loaded it (another tab, another device)."""

    def __init__(self, current_version: int) -> None:
        super().__init__(current_version)
        self.current_version = current_version


class NoteLocked(NoteError):
    """Signed notes are not edited; they are amended."""


@dataclass(frozen=True)
class NoteText:
    """A note in clear for one request of its therapist."""

    note_id: uuid.UUID
    template: NoteTemplate
    fields: dict[str, str]
    version: int
    status: NoteStatus
    amendments: list[str]


def _binding(row: Note | NoteVersion) -> Binding:
    return Binding(row.__tablename__, "body_sealed", str(row.id), str(row.clinic_id))


def _client(row: Note | NoteVersion) -> Client:
    return db.session.get_one(Client, row.client_id)


def _seal(row: Note | NoteVersion, fields: dict[str, str]) -> bytes:
    sealed = keys.seal_for_client(_client(row), _binding(row), json.dumps(fields))
    if sealed is None:  # only None plaintext seals to None
        raise NoteError("nothing to seal")
    return sealed


def _open(row: Note | NoteVersion) -> dict[str, str]:
    text = keys.open_for_client(row.clinic_id, _binding(row), row.body_sealed)
    return json.loads(text) if text else {}


def _clean(template: NoteTemplate, fields: dict[str, str]) -> dict[str, str]:
    allowed = FIELDS[template]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"fields not in the {template} template: {sorted(unknown)}")
    return {name: str(fields.get(name, ""))[:MAX_FIELD_CHARS] for name in allowed}


def _require_own(appointment_or_note: Appointment | Note, therapist: User) -> None:
    if appointment_or_note.therapist_id != therapist.id:
        raise NotYourNote()


def note_for(appointment: Appointment) -> Note | None:
    return db.session.scalars(sa.select(Note).where(Note.appointment_id == appointment.id)).first()


def start_note(appointment: Appointment, therapist: User, template: NoteTemplate) -> Note:
    """The appointment's note, created empty on first use."""
    _require_own(appointment, therapist)
    note = note_for(appointment)
    if note is None:
        note = Note(
            clinic_id=appointment.clinic_id,
            appointment_id=appointment.id,
            client_id=appointment.client_id,
            therapist_id=therapist.id,
            template=template,
        )
        db.session.add(note)
        db.session.flush()
        audit.record(therapist, "note.created", note, note.clinic_id)
    return note


def save_draft(note: Note, therapist: User, fields: dict[str, str], based_on: int) -> int:
    """Store the editor's text if nobody saved since `based_on`; return the new version."""
    _require_own(note, therapist)
    if note.status is NoteStatus.SIGNED:
        raise NoteLocked()
    sealed = _seal(note, _clean(note.template, fields))
    # One conditional UPDATE: two saves based on the same version cannot both win.
    saved = db.session.execute(
        sa.update(Note)
        .where(Note.id == note.id, Note.version == based_on, Note.status == NoteStatus.DRAFT)
        .values(body_sealed=sealed, version=Note.version + 1, updated_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(note)
    if saved != 1:
        raise NoteConflict(note.version)
    audit.record(therapist, "note.saved", note, note.clinic_id, version=note.version)
    return note.version


def read_note(note: Note, therapist: User) -> NoteText:
    """Decrypt for the note's own therapist, and audit the read."""
    _require_own(note, therapist)
    audit.record(therapist, "note.read", note, note.clinic_id)
    return _text(note)


def read_note_in_emergency(note: Note, admin: User, grant: EmergencyAccess) -> NoteText:
    """Decrypt for an admin holding a live break-glass grant for this very note."""
    if grant.note_id != note.id or grant.admin_id != admin.id or grant.expires_at <= clock.now():
        raise NotYourNote()
    audit.record(admin, "note.read", note, note.clinic_id, emergency_access=str(grant.id))
    return _text(note)


def _text(note: Note) -> NoteText:
    versions = db.session.scalars(
        sa.select(NoteVersion)
        .where(NoteVersion.note_id == note.id, NoteVersion.kind == "amendment")
        .order_by(NoteVersion.number)
    ).all()
    return NoteText(
        note_id=note.id,
        template=note.template,
        fields=_open(note) if note.body_sealed else dict.fromkeys(FIELDS[note.template], ""),
        version=note.version,
        status=note.status,
        amendments=[_open(v).get("text", "") for v in versions],
    )


def sign_note(note: Note, therapist: User, based_on: int) -> None:
    """Lock the note; what was signed is kept as version 1 for good."""
    _require_own(note, therapist)
    if note.status is NoteStatus.SIGNED:
        raise NoteLocked()
    if note.version != based_on:
        raise NoteConflict(note.version)
    note.status, note.signed_at = NoteStatus.SIGNED, clock.now()
    _add_version(note, therapist, "signed", _open(note) if note.body_sealed else {})
    audit.record(therapist, "note.signed", note, note.clinic_id, version=note.version)


def amend_note(note: Note, therapist: User, text: str) -> None:
    """Add to a signed note; the signed text itself never changes."""
    _require_own(note, therapist)
    if note.status is not NoteStatus.SIGNED:
        raise NoteError("only signed notes are amended; edit the draft instead")
    _add_version(note, therapist, "amendment", {"text": text[:MAX_FIELD_CHARS]})
    audit.record(therapist, "note.amended", note, note.clinic_id)


def _add_version(note: Note, therapist: User, kind: str, fields: dict[str, str]) -> None:
    number = (
        db.session.scalar(
            sa.select(sa.func.max(NoteVersion.number)).where(NoteVersion.note_id == note.id)
        )
        or 0
    ) + 1
    version = NoteVersion(
        clinic_id=note.clinic_id,
        note_id=note.id,
        client_id=note.client_id,
        number=number,
        kind=kind,
        author_id=therapist.id,
        body_sealed=b"",
    )
    version.body_sealed = _seal(version, fields)
    db.session.add(version)
    db.session.flush()


def _transcript_binding(note: Note) -> Binding:
    return Binding(note.__tablename__, "transcript_sealed", str(note.id), str(note.clinic_id))


def default_template() -> NoteTemplate:
    return NoteTemplate.FREE


def attach_transcript(note: Note, text: str) -> None:
    """Add a recording's transcript to the note's waiting draft (a second recording of
    the same session follows the first). Nobody reads it here: the worker that
    transcribed it hands it over, and only the therapist opens it."""
    earlier = _open_transcript(note)
    combined = f"{earlier}\n\n{text}" if earlier else text
    note.transcript_sealed = keys.seal_for_client(
        _client(note), _transcript_binding(note), combined[:MAX_FIELD_CHARS]
    )
    note.transcript_at = clock.now()
    db.session.flush()
    audit.record(None, "note.transcript_added", note, note.clinic_id, actor_kind="system")


def read_transcript(note: Note, therapist: User) -> str | None:
    """The waiting transcript, for the note's own therapist; None if there is none."""
    _require_own(note, therapist)
    if note.transcript_sealed is None:
        return None
    audit.record(therapist, "note.transcript_read", note, note.clinic_id)
    return _open_transcript(note)


def accept_transcript(note: Note, therapist: User, text: str, field: str, based_on: int) -> None:
    """Take the (edited) transcript into the note: appended to `field` of a draft, or
    as an amendment of a signed note. The waiting transcript is then gone."""
    _require_own(note, therapist)
    text = text.strip()[:MAX_FIELD_CHARS]
    if note.status is NoteStatus.SIGNED:
        if text:
            amend_note(note, therapist, text)
    elif text:
        if field not in FIELDS[note.template]:
            raise ValueError(f"{field} is not a field of the {note.template} template")
        fields = _open(note) if note.body_sealed else dict.fromkeys(FIELDS[note.template], "")
        earlier = fields.get(field, "")
        fields[field] = f"{earlier}\n\n{text}" if earlier.strip() else text
        save_draft(note, therapist, fields, based_on)
    note.transcript_sealed, note.transcript_at = None, None
    db.session.flush()
    audit.record(therapist, "note.transcript_accepted", note, note.clinic_id)


def discard_transcript(note: Note, therapist: User) -> None:
    _require_own(note, therapist)
    note.transcript_sealed, note.transcript_at = None, None
    db.session.flush()
    audit.record(therapist, "note.transcript_discarded", note, note.clinic_id)


def _open_transcript(note: Note) -> str:
    if note.transcript_sealed is None:
        return ""
    return (
        keys.open_for_client(note.clinic_id, _transcript_binding(note), note.transcript_sealed)
        or ""
    )


@dataclass(frozen=True)
class ExportedVersion:
    number: int
    kind: str  # signed or amendment
    created_at: datetime
    fields: dict[str, str]


def open_for_export(
    note: Note, approved_by: uuid.UUID
) -> tuple[dict[str, str], list[ExportedVersion]]:
    """The note's text and every kept version, for the client's own copy of their data.

    Only the note's own therapist decides that their notes go into it: `approved_by` is
    who approved that on the client's access request, and must be the one who wrote
    the note. Each note opened this way leaves an audit row."""
    if note.therapist_id != approved_by:
        raise NotYourNote()
    versions = db.session.scalars(
        sa.select(NoteVersion)
        .where(NoteVersion.clinic_id == note.clinic_id, NoteVersion.note_id == note.id)
        .order_by(NoteVersion.number)
    ).all()
    audit.record(
        None,
        "note.exported",
        note,
        note.clinic_id,
        actor_kind="client_link",
        approved_by=str(approved_by),
    )
    fields = _open(note) if note.body_sealed else dict.fromkeys(FIELDS[note.template], "")
    return fields, [ExportedVersion(v.number, v.kind, v.created_at, _open(v)) for v in versions]
