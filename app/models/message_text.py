"""A clinic's own wording for a kind of message, in one language."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime


class MessageText(ClinicScoped, db.Model):
    """Written with the composer's {placeholders}; no row means the built-in phrasings."""

    __tablename__ = "message_texts"
    __table_args__ = (sa.UniqueConstraint("clinic_id", "kind", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    language: Mapped[str] = mapped_column(sa.String(5))
    body: Mapped[str] = mapped_column(sa.Text)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
