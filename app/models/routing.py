"""Which clinic a client's SMS belongs to: the conversations each clinic has open.

A clinic that sends from a number of its own gets every reply sent to that number. On
the shared number a reply belongs to the clinic that last wrote to that phone, and to
the client and session that message was about: `SmsRoute` records each such write,
keyed by the phone's keyed hash under the master ring (a clinic's blind index cannot be
used: finding the clinic is the question), and lives only as long as the routing window.
A reply no route explains is kept apart, sealed, for the platform operator
(`UnroutedSms`), and no clinic sees it."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey


class SmsRoute(UUIDPrimaryKey, ClinicScoped, db.Model):
    __tablename__ = "sms_routes"
    __table_args__ = (
        sa.UniqueConstraint("phone_hash", "clinic_id", "client_id"),
        sa.Index("ix_sms_routes_phone_recent", "phone_hash", "last_sent_at"),
    )

    phone_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32))
    key_id: Mapped[str] = mapped_column(sa.String(40))  # the master key it was made with
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    appointment_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("appointments.id", ondelete="SET NULL")
    )
    shared: Mapped[bool] = mapped_column(default=True)  # sent from the shared number
    last_sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UnroutedSms(UUIDPrimaryKey, db.Model):
    """A reply no clinic wrote to: no clinic's, never answered, kept sealed for a while."""

    __tablename__ = "unrouted_sms"

    provider_message_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    sent_to: Mapped[str] = mapped_column(sa.String(32))  # our number or sender it reached
    sealed: Mapped[bytes] = mapped_column(sa.LargeBinary)  # sender and text, JSON, sealed
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now, index=True)
