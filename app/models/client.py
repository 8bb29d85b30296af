"""Clients. Everything personal is sealed under the client's own data key."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey


class Client(UUIDPrimaryKey, ClinicScoped, db.Model):
    __tablename__ = "clients"

    name_sealed: Mapped[bytes] = mapped_column(sa.LargeBinary)
    phone_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    email_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    language: Mapped[str] = mapped_column(sa.String(5), default="tr")
    # How Turkish messages address them after the first name: "Hanım", "Bey" or nothing.
    address_form: Mapped[str | None] = mapped_column(sa.String(10))
    # "sms": reminders by text message; "phone": the clinic calls, nothing is sent.
    channel: Mapped[str] = mapped_column(sa.String(10), default="sms", server_default="sms")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Replied STOP (or similar): no SMS at all until they give SMS consent again.
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Processing restricted (asked for, or erasure waiting for the end of a legal
    # retention period): no reminders, no assistant, not found by search.
    restricted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When an erasure that had to wait is carried out by the nightly job.
    shred_after: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)


# The clients staff list and page through: not archived, processing not restricted.
# Archived clients pile up over the years; the partial index leaves them out.
CURRENT_CLIENT = sa.and_(Client.archived_at.is_(None), Client.restricted_at.is_(None))
sa.Index(
    "ix_clients_current",
    Client.clinic_id,
    Client.created_at,
    Client.id,
    sqlite_where=CURRENT_CLIENT,
    postgresql_where=CURRENT_CLIENT,
)


class ClientKey(ClinicScoped, db.Model):
    """A client's data key, wrapped by the clinic key. Destroying it erases the client."""

    __tablename__ = "client_keys"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    wrapped: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    clinic_key_id: Mapped[str] = mapped_column(sa.String(40), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    rotation_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ClientIndex(ClinicScoped, db.Model):
    """Blind index entries (phone, initials, name tokens) for finding a client."""

    __tablename__ = "client_index"
    __table_args__ = (sa.Index("ix_client_index_lookup", "clinic_id", "kind", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(12))
    digest: Mapped[bytes] = mapped_column(sa.LargeBinary(16))
