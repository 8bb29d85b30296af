"""What each client agreed to, against which version of which text, and how."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class ConsentKind(enum.StrEnum):
    DATA_PROCESSING = "data_processing"  # KVKK / GDPR
    SMS = "sms"
    AI_ASSISTANT = "ai_assistant"
    RECORDING = "recording"


class ConsentMethod(enum.StrEnum):
    PAPER = "paper"  # signed on paper, recorded by staff
    ONLINE = "online"  # typed name and a tick on a magic-link page


class ConsentText(ClinicScoped, db.Model):
    """A published version of a consent text; never edited, only superseded."""

    __tablename__ = "consent_texts"
    __table_args__ = (sa.UniqueConstraint("clinic_id", "kind", "language", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind))
    language: Mapped[str] = mapped_column(sa.String(5))
    version: Mapped[int]
    body: Mapped[str] = mapped_column(sa.Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)


class Consent(UUIDPrimaryKey, ClinicScoped, db.Model):
    """One consent given (and perhaps withdrawn). The typed name and the address it came
    from are personal data, so they are sealed under the client's key."""

    __tablename__ = "consents"

    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ConsentKind] = mapped_column(enum_column(ConsentKind))
    text_id: Mapped[int] = mapped_column(sa.ForeignKey("consent_texts.id"))
    method: Mapped[ConsentMethod] = mapped_column(enum_column(ConsentMethod))
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    typed_name_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    ip_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
