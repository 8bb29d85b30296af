from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import system_now
from app.extensions import db
from app.models.base import UTCDateTime, UUIDPrimaryKey


class Clinic(UUIDPrimaryKey, db.Model):
    __tablename__ = "clinics"

    name: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Istanbul")
    locale: Mapped[str] = mapped_column(sa.String(5), default="tr")
    idle_timeout_minutes: Mapped[int] = mapped_column(default=15)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    buffer_minutes: Mapped[int] = mapped_column(default=10)
    slot_step_minutes: Mapped[int] = mapped_column(default=30)
    # How long before a session the "up next" panel opens on the therapist's week.
    prep_minutes: Mapped[int] = mapped_column(default=10, server_default="10")
    # The reminder plan: a confirmation at booking, then reminders so many hours before
    # (None: not sent). Nothing goes out between quiet_start and quiet_end (clinic time,
    # minutes after midnight); a reminder due then goes out earlier instead.
    send_confirmation: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    first_reminder_hours: Mapped[int | None] = mapped_column(default=24, server_default="24")
    second_reminder_hours: Mapped[int | None] = mapped_column(default=2, server_default="2")
    quiet_start_minute: Mapped[int] = mapped_column(default=21 * 60, server_default="1260")
    quiet_end_minute: Mapped[int] = mapped_column(default=9 * 60, server_default="540")
    # Cancelling later than this before a session is "late": it goes to staff.
    late_cancel_hours: Mapped[int] = mapped_column(default=24, server_default="24")
    # A time a client picks on their link: booked at once, or asked of staff first.
    reschedule_needs_approval: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # What the assistant may answer a client's logistics question with ("" = not
    # answered; the question goes to staff). The address is `address` above.
    parking_info: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    online_info: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    fee_info: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    # Sent to a client whose reply reads as a crisis ("" = the default, naming 112).
    emergency_text: Mapped[str] = mapped_column(sa.String(320), default="", server_default="")
    # Which law sets the clock for clients' data requests: "kvkk" (30 days) or "gdpr"
    # (one month). Retention: clinical records so many years after the last session
    # (erasure waits until then), message bodies and audit rows so long after they
    # were written.
    privacy_law: Mapped[str] = mapped_column(sa.String(4), default="kvkk", server_default="kvkk")
    clinical_retention_years: Mapped[int] = mapped_column(default=5, server_default="5")
    message_retention_days: Mapped[int] = mapped_column(default=180, server_default="180")
    audit_retention_years: Mapped[int] = mapped_column(default=10, server_default="10")
    # Therapists may record audio for a note's transcript (each also turns it on for
    # themselves). A recording that could not be transcribed is deleted after so long.
    audio_notes_enabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Every member must sign in with a second factor (enrolment is asked at next sign-in).
    second_factor_required: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    audio_keep_failed_hours: Mapped[int] = mapped_column(default=24, server_default="24")
    # The clinic's own SMS number (digits, E.164 without "+"): texts go out from it and
    # every reply to it is this clinic's. None: the shared number (replies routed by who
    # last wrote to the phone).
    sms_number: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)


class ClinicKey(db.Model):
    """A clinic's key, wrapped by a master key. Purpose "data" wraps client keys;
    purpose "index" keys the blind indexes and is never used to encrypt."""

    __tablename__ = "clinic_keys"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    clinic_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("clinics.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(sa.String(10))
    wrapped: Mapped[bytes] = mapped_column(sa.LargeBinary)
    master_key_id: Mapped[str] = mapped_column(sa.String(40), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class KeyRotation(UUIDPrimaryKey, db.Model):
    """A rotation in progress or done; an unfinished one is resumed, not restarted."""

    __tablename__ = "key_rotations"

    clinic_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("clinics.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(sa.String(10))  # master, clinic, data
    target_key_id: Mapped[str | None] = mapped_column(sa.String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=system_now)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done: Mapped[int] = mapped_column(default=0)
