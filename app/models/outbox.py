"""The outbox: every message the clinic plans to send is a row before it is a job."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class MessageKind(enum.StrEnum):
    CONFIRMATION = "confirmation"  # at booking
    REMINDER_FIRST = "reminder_first"  # a day before (clinic setting), asks to confirm
    REMINDER_SECOND = "reminder_second"  # a couple of hours before, short
    MOVED = "moved"  # the new time after a move


class OutboxState(enum.StrEnum):
    PLANNED = "planned"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the provider may have it: reconciled from receipts, not resent
    CANCELLED = "cancelled"


class OutboxMessage(UUIDPrimaryKey, ClinicScoped, db.Model):
    """One planned message for one appointment, kind and appointment time.

    The id is the provider's `client_ref`. Unique per (appointment, kind, time): planning
    twice is harmless, and a moved session gets a fresh plan for its new time while the
    old time's rows are cancelled. The text is composed when sent and kept sealed under
    the client's key."""

    __tablename__ = "outbox"
    __table_args__ = (
        sa.UniqueConstraint("appointment_id", "kind", "for_start"),
        sa.Index("ix_outbox_state_due", "state", "due_at"),
    )

    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    appointment_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="CASCADE")
    )
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind))
    for_start: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[OutboxState] = mapped_column(
        enum_column(OutboxState), default=OutboxState.PLANNED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    claim_token: Mapped[str | None] = mapped_column(sa.String(36))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set (and committed) just before the provider is called: a claim that went stale
    # without it never reached the provider and is simply planned again.
    provider_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider_ids: Mapped[str | None] = mapped_column(sa.String(400))
    parts: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(sa.String(80))  # a code, never text
    body_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
