"""Audio notes: a therapist records, the clinic's own server transcribes, the audio goes.

A recording exists only while it waits to be transcribed. Each gets its own data key
(wrapped by the clinic's data key); every chunk is sealed with it as it arrives and
appended to a file under instance/RECORDINGS_DIR, so the audio is never on disk in
clear and never in the database or its backups. Transcription decrypts into memory;
then, or when the therapist stops, or consent is withdrawn, or the clinic's limit
passes, the file is deleted and the key destroyed, and the audit log says when.

Only the session's own therapist, in a clinic and an account that turned audio notes
on, for a client whose recording consent is in force, may record.
"""

from __future__ import annotations

import logging
import os
import struct
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app import clock, crypto
from app.crypto import Binding
from app.extensions import db
from app.models import (
    WAITING_STATES,
    Appointment,
    Client,
    Clinic,
    ConsentKind,
    Recording,
    RecordingState,
    User,
)
from app.models.scoping import clinic_scope
from app.services import audit, consent, keys, notes
from app.services.erasure import SCRUB

LANGUAGES = ("tr", "en")
# The container's first bytes, by type: what MediaRecorder makes (Chrome webm, Firefox
# ogg, Safari mp4) and WAV from other recorders.
SIGNATURES: dict[str, tuple[int, bytes]] = {
    "audio/webm": (0, b"\x1a\x45\xdf\xa3"),
    "audio/ogg": (0, b"OggS"),
    "audio/mp4": (4, b"ftyp"),
    "audio/wav": (0, b"RIFF"),
}
ALIASES = {"audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "video/webm": "audio/webm"}
_LENGTH = struct.Struct(">I")
log = logging.getLogger(__name__)


class RecordingError(Exception):
    """Base class for refusals."""


class RecordingRefused(RecordingError):
    """Not this person, not this client, or audio notes are off (403)."""


class UnsupportedAudio(RecordingError):
    """Not a type we take, or the bytes are not what the type says (415)."""


class RecordingTooLarge(RecordingError):
    """A chunk or the whole recording is over the limit (413)."""


class ChunkOutOfOrder(RecordingError):
    """A chunk came before the one it follows (409); the browser sends them in order."""

    def __init__(self, expected: int) -> None:
        super().__init__(expected)
        self.expected = expected


class RecordingClosed(RecordingError):
    """The recording is no longer taking chunks (finished, discarded, deleted)."""


def feature_on(clinic: Clinic, therapist: User) -> bool:
    return clinic.audio_notes_enabled and therapist.audio_notes_enabled


def may_record(appointment: Appointment, therapist: User) -> bool:
    """Whether the record control belongs on this therapist's page for this session."""
    clinic = db.session.get_one(Clinic, appointment.clinic_id)
    client = db.session.get_one(Client, appointment.client_id)
    return (
        feature_on(clinic, therapist)
        and appointment.therapist_id == therapist.id
        and client.restricted_at is None
        and client.archived_at is None
        and consent.has_consent(client.id, ConsentKind.RECORDING)
    )


def normalise_type(declared: str) -> str:
    """ "audio/webm;codecs=opus" → "audio/webm"; raises for a type we do not take."""
    base = declared.split(";", 1)[0].strip().lower()
    base = ALIASES.get(base, base)
    if base not in SIGNATURES:
        raise UnsupportedAudio(base)
    return base


def start(appointment: Appointment, therapist: User, content_type: str, language: str) -> Recording:
    if not may_record(appointment, therapist):
        raise RecordingRefused()
    if language not in LANGUAGES:
        raise UnsupportedAudio(language)
    clinic = db.session.get_one(Clinic, appointment.clinic_id)
    now = clock.now()
    recording = Recording(
        id=uuid.uuid4(),
        clinic_id=appointment.clinic_id,
        appointment_id=appointment.id,
        client_id=appointment.client_id,
        therapist_id=therapist.id,
        language=language,
        content_type=normalise_type(content_type),
        started_at=now,
        delete_after=now + timedelta(hours=clinic.audio_keep_failed_hours),
    )
    recording.wrapped_key = keys.wrap_under_clinic_key(
        recording.clinic_id, crypto.new_key(), _key_binding(recording)
    )
    db.session.add(recording)
    _path(recording).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    db.session.flush()
    audit.record(therapist, "recording.started", recording, recording.clinic_id)
    return recording


def own_recording(recording_id: uuid.UUID, therapist: User) -> Recording:
    """The recording, if it is this therapist's; RecordingRefused otherwise."""
    recording = db.session.get(Recording, recording_id)
    if recording is None or recording.therapist_id != therapist.id:
        raise RecordingRefused()
    return recording


def add_chunk(recording: Recording, therapist: User, index: int, data: bytes) -> None:
    """Seal and append chunk number `index` (from 0). The chunk just stored may come
    again (its answer was lost on the way back): it is taken once."""
    if recording.therapist_id != therapist.id:
        raise RecordingRefused()
    if recording.state is not RecordingState.RECEIVING or recording.wrapped_key is None:
        raise RecordingClosed()
    if not consent.has_consent(recording.client_id, ConsentKind.RECORDING):
        discard(recording, "consent_withdrawn")
        raise RecordingRefused()
    if not feature_on(db.session.get_one(Clinic, recording.clinic_id), therapist):
        discard(recording, "feature_off")
        raise RecordingRefused()
    if index == recording.chunks - 1:
        return
    if index != recording.chunks:
        raise ChunkOutOfOrder(recording.chunks)
    config = current_app.config
    if not data or len(data) > config["RECORDING_CHUNK_MAX_BYTES"]:
        raise RecordingTooLarge()
    if recording.size_bytes + len(data) > config["RECORDING_MAX_BYTES"]:
        raise RecordingTooLarge()
    if index == 0:
        offset, magic = SIGNATURES[recording.content_type]
        if data[offset : offset + len(magic)] != magic:
            raise UnsupportedAudio(recording.content_type)
    sealed = crypto.seal(_key(recording), "rk", data, _chunk_binding(recording, index))
    descriptor = os.open(_path(recording), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, _LENGTH.pack(len(sealed)) + sealed)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    recording.chunks += 1
    recording.size_bytes += len(data)
    db.session.flush()


def finish(recording: Recording, therapist: User) -> bool:
    """The last chunk is in: queue it for transcription. False if it had no audio."""
    if recording.therapist_id != therapist.id:
        raise RecordingRefused()
    if recording.state is not RecordingState.RECEIVING:
        raise RecordingClosed()
    if recording.chunks == 0:
        discard(recording, "empty")
        return False
    recording.state, recording.finished_at = RecordingState.QUEUED, clock.now()
    db.session.flush()
    audit.record(
        therapist, "recording.finished", recording, recording.clinic_id, size=recording.size_bytes
    )
    return True


def retry(recording: Recording, therapist: User) -> None:
    """Queue a failed recording again while its audio is still here."""
    if recording.therapist_id != therapist.id:
        raise RecordingRefused()
    if recording.state is not RecordingState.FAILED or recording.wrapped_key is None:
        raise RecordingClosed()
    recording.state, recording.reason = RecordingState.QUEUED, None
    recording.finished_at = clock.now()
    db.session.flush()
    audit.record(therapist, "recording.retried", recording, recording.clinic_id)


def discard(recording: Recording, reason: str, by: User | None = None) -> None:
    """Stop a waiting recording and delete its audio now."""
    if recording.state in WAITING_STATES:
        recording.state = RecordingState.DISCARDED
    recording.reason = recording.reason or reason
    _delete_audio(recording, reason, by)


def discard_for_client(client_id: uuid.UUID, reason: str, by: User | None = None) -> int:
    """Delete every recording of this client that still has audio (consent withdrawn,
    client erased or restricted); how many."""
    waiting = db.session.scalars(
        sa.select(Recording).where(
            Recording.client_id == client_id, Recording.wrapped_key.is_not(None)
        )
    ).all()
    for recording in waiting:
        discard(recording, reason, by)
    return len(waiting)


def clinic_of(recording_id: uuid.UUID) -> uuid.UUID | None:
    """For a job, which knows only the id: the clinic to scope its work to."""
    return db.session.scalar(
        sa.select(Recording.clinic_id)
        .where(Recording.id == recording_id)
        .execution_options(all_clinics=True)
    )


def claim(recording_id: uuid.UUID) -> Recording | None:
    """Take a queued recording for transcription; None if another worker has it or it
    is gone."""
    taken = db.session.execute(
        sa.update(Recording)
        .where(Recording.id == recording_id, Recording.state == RecordingState.QUEUED)
        .values(state=RecordingState.TRANSCRIBING)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(Recording, recording_id) if taken == 1 else None


def audio_in_memory(recording: Recording) -> bytes:
    """The whole recording, decrypted into memory (never to disk)."""
    key = _key(recording)
    return b"".join(
        crypto.open_blob(key, blob, _chunk_binding(recording, index))
        for index, blob in enumerate(_sealed_chunks(_path(recording)))
    )


def transcribed(recording: Recording, text: str) -> None:
    """Put the transcript on the session's note as a draft; delete the audio."""
    appointment = db.session.get_one(Appointment, recording.appointment_id)
    therapist = db.session.get_one(User, recording.therapist_id)
    note = notes.note_for(appointment) or notes.start_note(
        appointment, therapist, notes.default_template()
    )
    notes.attach_transcript(note, text)
    recording.state, recording.transcribed_at = RecordingState.DONE, clock.now()
    _delete_audio(recording, "transcribed")


def failed(recording: Recording, reason: str) -> None:
    """Keep the audio until `delete_after` (a person may retry); tell the therapist."""
    recording.state, recording.reason = RecordingState.FAILED, reason[:40]
    db.session.flush()
    audit.record(None, "recording.failed", recording, recording.clinic_id, reason=recording.reason)


def purge_expired(now: datetime | None = None) -> int:
    """Delete the audio of every recording past its limit, in every clinic, whatever
    became of it; how many. One that never finished or was stuck counts as failed."""
    moment = now or clock.now()
    expired = db.session.scalars(
        sa.select(Recording)
        .where(Recording.wrapped_key.is_not(None), Recording.delete_after <= moment)
        .execution_options(all_clinics=True)
    ).all()
    for recording in expired:
        with clinic_scope(recording.clinic_id):
            if recording.state in WAITING_STATES:
                recording.state = RecordingState.FAILED
                recording.reason = "not_transcribed_in_time"
            _delete_audio(recording, "time_limit")
    return len(expired)


def waiting_for_transcription(older_than: timedelta) -> list[uuid.UUID]:
    """Queued recordings whose job seems lost (Redis was away or restarted)."""
    cutoff = clock.now() - older_than
    return list(
        db.session.scalars(
            sa.select(Recording.id)
            .where(Recording.state == RecordingState.QUEUED, Recording.finished_at <= cutoff)
            .execution_options(all_clinics=True)
        )
    )


def failure_notices(therapist: User) -> list[Recording]:
    """Recordings of this therapist that could not be transcribed, not yet dismissed."""
    return list(
        db.session.scalars(
            sa.select(Recording)
            .where(
                Recording.therapist_id == therapist.id,
                Recording.state == RecordingState.FAILED,
                Recording.notice_dismissed_at.is_(None),
            )
            .order_by(Recording.started_at)
        )
    )


def dismiss_notice(recording: Recording, therapist: User) -> None:
    if recording.therapist_id != therapist.id:
        raise RecordingRefused()
    recording.notice_dismissed_at = clock.now()


def latest_for(appointment: Appointment, therapist: User) -> Recording | None:
    return db.session.scalars(
        sa.select(Recording)
        .where(Recording.appointment_id == appointment.id, Recording.therapist_id == therapist.id)
        .order_by(Recording.started_at.desc())
    ).first()


def recordings_dir() -> Path:
    return Path(current_app.instance_path) / current_app.config["RECORDINGS_DIR"]


def _path(recording: Recording) -> Path:
    return recordings_dir() / str(recording.clinic_id) / f"{recording.id}.sealed"


def _key_binding(recording: Recording) -> Binding:
    return Binding("recordings", "wrapped_key", str(recording.id), str(recording.clinic_id))


def _chunk_binding(recording: Recording, index: int) -> Binding:
    return Binding("recordings", "audio", f"{recording.id}:{index}", str(recording.clinic_id))


def _key(recording: Recording) -> bytes:
    if recording.wrapped_key is None:
        raise crypto.UnknownKey(f"recording {recording.id}")
    return keys.unwrap_under_clinic_key(
        recording.clinic_id, recording.wrapped_key, _key_binding(recording)
    )


def _sealed_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as file:
        while header := file.read(_LENGTH.size):
            (length,) = _LENGTH.unpack(header)
            yield file.read(length)


def _delete_audio(recording: Recording, reason: str, by: User | None = None) -> None:
    if recording.wrapped_key is None and recording.audio_deleted_at is not None:
        return
    _path(recording).unlink(missing_ok=True)
    now = clock.now()
    recording.wrapped_key, recording.audio_deleted_at = None, now
    db.session.flush()
    audit.record(
        by,
        "recording.audio_deleted",
        recording,
        recording.clinic_id,
        actor_kind="user" if by else "system",
        reason=reason,
        deleted_at=now.isoformat(),
    )
    db.session.info[SCRUB] = True  # no freed page or WAL frame keeps the wrapped key
