"""Audio recordings a therapist makes for a session's note: transient by design.

The audio itself is never in the database: it lives, encrypted chunk by chunk under
the recording's own data key, in a file under the instance folder (outside backups).
The row keeps the wrapped key until the audio is deleted, then only what happened
and when."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class RecordingState(enum.StrEnum):
    RECEIVING = "receiving"  # chunks arriving from the browser
    QUEUED = "queued"  # whole; waiting for a worker
    TRANSCRIBING = "transcribing"
    DONE = "done"  # transcript on the note, audio deleted
    FAILED = "failed"  # audio kept until delete_after, then deleted
    DISCARDED = "discarded"  # stopped by the therapist, consent withdrawn, or never finished


WAITING_STATES = (RecordingState.RECEIVING, RecordingState.QUEUED, RecordingState.TRANSCRIBING)


class Recording(UUIDPrimaryKey, ClinicScoped, db.Model):
    __tablename__ = "recordings"
    __table_args__ = (sa.Index("ix_recordings_clinic_state", "clinic_id", "state"),)

    appointment_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"), index=True)
    language: Mapped[str] = mapped_column(sa.String(5))
    content_type: Mapped[str] = mapped_column(sa.String(60))
    state: Mapped[RecordingState] = mapped_column(
        enum_column(RecordingState), default=RecordingState.RECEIVING
    )
    chunks: Mapped[int] = mapped_column(default=0)
    size_bytes: Mapped[int] = mapped_column(default=0)
    # The recording's data key, wrapped by the clinic's data key; NULL once destroyed.
    wrapped_key: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    transcribed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The audio is deleted at this moment at the latest, transcribed or not.
    delete_after: Mapped[datetime] = mapped_column(UTCDateTime)
    audio_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why it failed or was discarded: a short code, never anything from the audio.
    reason: Mapped[str | None] = mapped_column(sa.String(40))
    # A failure is shown to the therapist until they dismiss it.
    notice_dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
