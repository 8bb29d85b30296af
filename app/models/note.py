"""Session notes: one per appointment, sealed under the client's key, bound to the row."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class NoteTemplate(enum.StrEnum):
    FREE = "free"
    SOAP = "soap"
    DAP = "dap"
    BIRP = "birp"


class NoteStatus(enum.StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class Note(UUIDPrimaryKey, ClinicScoped, db.Model):
    """The text lives only in `body_sealed` (JSON of the template's fields, encrypted).
    `version` grows with every save, so two tabs never overwrite each other silently."""

    __tablename__ = "notes"

    appointment_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="CASCADE"), unique=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"), index=True)
    template: Mapped[NoteTemplate] = mapped_column(enum_column(NoteTemplate))
    body_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    version: Mapped[int] = mapped_column(default=0)
    status: Mapped[NoteStatus] = mapped_column(enum_column(NoteStatus), default=NoteStatus.DRAFT)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A transcript of the therapist's recording, sealed like the body, waiting for the
    # therapist to edit and accept it into the note (or discard it).
    transcript_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    transcript_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)


class NoteVersion(UUIDPrimaryKey, ClinicScoped, db.Model):
    """What was signed, and every amendment after it, kept for good."""

    __tablename__ = "note_versions"
    __table_args__ = (sa.UniqueConstraint("note_id", "number"),)

    note_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("notes.id", ondelete="CASCADE"))
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(10))  # signed or amendment
    author_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    body_sealed: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
