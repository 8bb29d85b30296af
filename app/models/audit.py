from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime


class AuditEvent(db.Model):
    """Append-only and hash-chained per chain (a clinic, or "system").

    Rows hold ids and action names, never plaintext personal data."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.UniqueConstraint("chain", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(sa.String(40))
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    clinic_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    actor_kind: Mapped[str] = mapped_column(sa.String(20))  # user, system, client_link, anonymous
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    details: Mapped[str] = mapped_column(sa.Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditHead(db.Model):
    """The newest link of each chain, so a deleted tail is detected too."""

    __tablename__ = "audit_heads"

    chain: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(sa.String(64))
