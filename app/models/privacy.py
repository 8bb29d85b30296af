"""Clients' requests about their own data (KVKK art. 11, GDPR art. 15-21)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column


class DataRequestKind(enum.StrEnum):
    ACCESS = "access"  # a copy of their data
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    CONSENT_WITHDRAWAL = "consent_withdrawal"


class DataRequestStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REFUSED = "refused"  # with a reason the client is told, e.g. a legal retention period


class DataRequest(UUIDPrimaryKey, ClinicScoped, db.Model):
    """One request, kept after the client is erased (the record that it was answered):
    `client_id` is then NULL and `details_sealed` unreadable with the client's key gone."""

    __tablename__ = "data_requests"
    __table_args__ = (sa.Index("ix_data_requests_clinic_due", "clinic_id", "status", "due_at"),)

    client_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[DataRequestKind] = mapped_column(enum_column(DataRequestKind))
    status: Mapped[DataRequestStatus] = mapped_column(
        enum_column(DataRequestStatus), default=DataRequestStatus.OPEN
    )
    source: Mapped[str] = mapped_column(sa.String(10))  # link, staff
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # What the client wrote, sealed under their key.
    details_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    handled_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(sa.String(40))
    # An export includes session notes only once the treating therapist approved it.
    notes_approved_by: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("users.id"))
    notes_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
