"""Break-glass reads: an admin's time-boxed, reasoned, audited access to one note."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey


class EmergencyAccess(UUIDPrimaryKey, ClinicScoped, db.Model):
    """The reason may name the client's situation, so it is sealed under the client's
    key: erasing the client erases it too. The note's therapist sees every grant."""

    __tablename__ = "emergency_access"

    note_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("notes.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"), index=True)
    admin_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    reason_sealed: Mapped[bytes] = mapped_column(sa.LargeBinary)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
