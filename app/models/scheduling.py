"""What the calendar is built from: session types, weekly hours, time off, series, feeds."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import ClinicScoped, UTCDateTime, UUIDPrimaryKey


class SessionType(ClinicScoped, db.Model):
    """A kind of session with its default length; `online` ones carry a video link."""

    __tablename__ = "session_types"
    __table_args__ = (sa.UniqueConstraint("clinic_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.String(60))
    duration_minutes: Mapped[int]
    online: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)


class WeeklyHours(ClinicScoped, db.Model):
    """A therapist's recurring working time or break on one weekday, in clinic time."""

    __tablename__ = "weekly_hours"
    __table_args__ = (
        sa.CheckConstraint("ends > starts", name="ends_after_start"),
        sa.Index("ix_weekly_hours_therapist_weekday", "therapist_id", "weekday"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    weekday: Mapped[int]  # 0 = Monday
    starts: Mapped[time]
    ends: Mapped[time]
    kind: Mapped[str] = mapped_column(sa.String(10), default="work")  # work or break


class TimeOff(UUIDPrimaryKey, ClinicScoped, db.Model):
    """Time nobody can be booked: a therapist's leave, or (no therapist) a clinic holiday."""

    __tablename__ = "time_off"
    __table_args__ = (sa.CheckConstraint("end_at > start_at", name="ends_after_start"),)

    therapist_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(sa.String(120), default="")


class Series(UUIDPrimaryKey, ClinicScoped, db.Model):
    """A weekly or every-other-week run of sessions; occurrences are ordinary appointments."""

    __tablename__ = "series"

    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id"))
    client_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"))
    interval_weeks: Mapped[int]
    count: Mapped[int | None]
    until: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)


class CalendarFeed(UUIDPrimaryKey, ClinicScoped, db.Model):
    """A therapist's private iCalendar URL; only the token's hash is kept."""

    __tablename__ = "calendar_feeds"

    therapist_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
