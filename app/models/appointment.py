from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey
from app.models.client import Client
from app.models.user import User


class AppointmentStatus(enum.StrEnum):
    BOOKED = "booked"
    CONFIRMED = "confirmed"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.CONFIRMED)


class Appointment(UUIDPrimaryKey, ClinicScoped, db.Model):
    __tablename__ = "appointments"
    __table_args__ = (
        sa.CheckConstraint("end_at > start_at", name="ends_after_start"),
        sa.Index("ix_appointments_therapist_start", "therapist_id", "start_at"),
    )

    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    start_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    session_type: Mapped[str] = mapped_column(sa.String(20), default="individual")
    status: Mapped[AppointmentStatus] = mapped_column(
        sa.Enum(AppointmentStatus, native_enum=False, length=20), default=AppointmentStatus.BOOKED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)

    therapist: Mapped[User] = relationship()
    client: Mapped[Client] = relationship()
