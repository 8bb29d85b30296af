"""What clients write back, and what they ask for through their links."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class InboundState(enum.StrEnum):
    PARTIAL = "partial"  # parts of a long SMS still missing
    NEW = "new"  # whole, waiting for the assistant (or a person)
    FORWARDED = "forwarded"  # a person must read it
    HANDLED = "handled"  # acted on automatically or closed by staff


class InboundMessage(UUIDPrimaryKey, ClinicScoped, db.Model):
    """One client SMS (a long one joined from its parts), sealed under the client's key.

    `provider_key` is Vonage's message id, or "concat:<ref>" for a multipart message,
    so a repeated webhook is stored once. `clinical` messages are shown in full to the
    client's therapist only; others see that a message was forwarded."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        sa.UniqueConstraint("clinic_id", "provider_key"),
        # The inbox's one line per client is grouped from this index alone, in client
        # order, without reading the sealed rows (inbox.list_conversations).
        sa.Index(
            "ix_inbound_messages_conversations",
            "clinic_id",
            "client_id",
            "received_at",
            "state",
            "urgent",
        ),
    )

    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="SET NULL"), index=True
    )
    provider_key: Mapped[str] = mapped_column(sa.String(80))
    parts_total: Mapped[int] = mapped_column(default=1)
    body_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    state: Mapped[InboundState] = mapped_column(enum_column(InboundState), default=InboundState.NEW)
    intent: Mapped[str | None] = mapped_column(sa.String(20))
    urgent: Mapped[bool] = mapped_column(default=False)
    clinical: Mapped[bool] = mapped_column(default=False)
    # How the assistant read it: the tier that decided, and what it found.
    tier: Mapped[str | None] = mapped_column(sa.String(10))
    topic: Mapped[str | None] = mapped_column(sa.String(20))
    proposed_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_late: Mapped[int | None]
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    handled_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# An urgent reply nobody has closed yet. Every page of a therapist looks for theirs, so a
# partial index holds these rows alone. The constants are written into the SQL, not bound,
# so that a query using this condition matches the index's on SQLite and PostgreSQL alike
# (a prepared statement's generic plan cannot prove a parameter equal to 'forwarded').
URGENT_OPEN = sa.and_(
    InboundMessage.urgent.is_(True),
    InboundMessage.state == sa.literal_column(f"'{InboundState.FORWARDED.value}'"),
)
sa.Index(
    "ix_inbound_messages_urgent_open",
    InboundMessage.clinic_id,
    InboundMessage.received_at,
    sqlite_where=URGENT_OPEN,
    postgresql_where=URGENT_OPEN,
)


class InboundPart(ClinicScoped, db.Model):
    """A part of a long SMS, kept (sealed) until all parts are in."""

    __tablename__ = "inbound_parts"
    __table_args__ = (sa.UniqueConstraint("message_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("inbound_messages.id", ondelete="CASCADE")
    )
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[int]
    provider_message_id: Mapped[str] = mapped_column(sa.String(40))
    text_sealed: Mapped[bytes] = mapped_column(sa.LargeBinary)


class RequestState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # moved to the asked time
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # the slot went, or the client asked again


class RescheduleRequest(UUIDPrimaryKey, ClinicScoped, db.Model):
    """A client's wish to move a session to a time they picked (link or SMS)."""

    __tablename__ = "reschedule_requests"

    appointment_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    proposed_start: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(sa.String(10))  # link, sms
    state: Mapped[RequestState] = mapped_column(
        enum_column(RequestState), default=RequestState.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# A request still waiting for staff; decided ones pile up. Literal as URGENT_OPEN above.
REQUEST_PENDING = RescheduleRequest.state == sa.literal_column(f"'{RequestState.PENDING.value}'")
sa.Index(
    "ix_reschedule_requests_pending",
    RescheduleRequest.clinic_id,
    RescheduleRequest.created_at,
    sqlite_where=REQUEST_PENDING,
    postgresql_where=REQUEST_PENDING,
)
