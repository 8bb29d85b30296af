from __future__ import annotations

import enum
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey, enum_column
from app.models.client import Client
from app.models.user import User


class AppointmentStatus(enum.StrEnum):
    BOOKED = "booked"
    CONFIRMED = "confirmed"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


ACTIVE_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.CONFIRMED)
# No session (with its buffer) is longer than this; range queries use it as a lower
# bound on start_at, so they walk the (…, start_at) indexes from both ends.
LONGEST_SESSION = timedelta(hours=24)
# Everything but a cancellation keeps its time taken, past sessions included.
HOLDS_TIME = sa.text("status <> 'cancelled'")


class CancelReason(enum.StrEnum):
    CLIENT = "client"
    THERAPIST = "therapist"
    LATE = "late"


class Appointment(UUIDPrimaryKey, ClinicScoped, db.Model):
    __tablename__ = "appointments"
    __table_args__ = (
        sa.CheckConstraint("end_at > start_at", name="ends_after_start"),
        sa.CheckConstraint("blocked_until >= end_at", name="buffer_after_end"),
        sa.Index("ix_appointments_therapist_start", "therapist_id", "start_at"),
        sa.Index("ix_appointments_clinic_start", "clinic_id", "start_at"),
        # "Does this therapist treat this client?": one probe, however long the history.
        sa.Index("ix_appointments_client_therapist", "client_id", "therapist_id"),
        # On PostgreSQL the database itself refuses a double booking, whatever path
        # writes the row: per therapist (with the buffer) and per client.
        ExcludeConstraint(
            (sa.column("therapist_id"), "="),
            (sa.func.tstzrange(sa.column("start_at"), sa.column("blocked_until")), "&&"),
            using="gist",
            name="appointments_therapist_no_overlap",
            where=HOLDS_TIME,
        ).ddl_if(dialect="postgresql"),
        ExcludeConstraint(
            (sa.column("client_id"), "="),
            (sa.func.tstzrange(sa.column("start_at"), sa.column("end_at")), "&&"),
            using="gist",
            name="appointments_client_no_overlap",
            where=HOLDS_TIME,
        ).ddl_if(dialect="postgresql"),
    )

    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    client_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True
    )
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # end_at plus the clinic's buffer at booking time; the therapist is busy until then.
    blocked_until: Mapped[datetime] = mapped_column(UTCDateTime)
    session_type: Mapped[str] = mapped_column(sa.String(20), default="individual")
    status: Mapped[AppointmentStatus] = mapped_column(
        enum_column(AppointmentStatus), default=AppointmentStatus.BOOKED
    )
    video_link: Mapped[str | None] = mapped_column(sa.String(500))
    outside_hours: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[CancelReason | None] = mapped_column(enum_column(CancelReason))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What the client said by SMS ("10 dakika gecikeceğim"), for the therapist.
    minutes_late: Mapped[int | None]
    series_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("series.id", ondelete="SET NULL"), index=True
    )
    series_index: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)

    therapist: Mapped[User] = relationship()
    client: Mapped[Client] = relationship()


# A late cancellation waiting for staff (services.client_requests): a session still held
# whose client asked to cancel it late. The staff navigation counts these on every page,
# so a partial index holds these rows alone. The constants are written into the SQL, not
# bound, so that a query repeating this condition matches the index on SQLite and
# PostgreSQL alike (as app.models.inbound.URGENT_OPEN).
LATE_CANCEL_WAITING = sa.and_(
    Appointment.cancel_reason.is_not(None),
    Appointment.status.in_([sa.literal_column(f"'{status.value}'") for status in ACTIVE_STATUSES]),
)
sa.Index(
    "ix_appointments_late_cancel_waiting",
    Appointment.clinic_id,
    Appointment.start_at,
    sqlite_where=LATE_CANCEL_WAITING,
    postgresql_where=LATE_CANCEL_WAITING,
)
