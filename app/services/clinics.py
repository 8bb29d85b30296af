"""Clinics and their settings."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import ACTIVE_STATUSES, Appointment, Clinic, SessionType
from app.services import consent, keys, reminders

DEFAULT_SESSION_TYPES = [
    ("individual", "Bireysel", 50, False),
    ("couple", "Çift", 80, False),
    ("intake", "İlk görüşme", 60, False),
    ("online", "Çevrim içi", 50, True),
]
EDITABLE = (
    "name",
    "address",
    "timezone",
    "locale",
    "idle_timeout_minutes",
    "prep_minutes",
    "late_cancel_hours",
    "reschedule_needs_approval",
)


def create_clinic(
    name: str, slug: str, timezone: str = "Europe/Istanbul", locale: str = "tr", address: str = ""
) -> Clinic:
    ZoneInfo(timezone)  # raises for an unknown zone
    clinic = Clinic(
        name=name,
        slug=slug,
        timezone=timezone,
        locale=locale,
        address=address,
        idle_timeout_minutes=15,
    )
    db.session.add(clinic)
    db.session.flush()
    keys.provision_clinic_keys(clinic.id)
    for code, name, minutes, online in DEFAULT_SESSION_TYPES:
        db.session.add(
            SessionType(
                clinic_id=clinic.id, code=code, name=name, duration_minutes=minutes, online=online
            )
        )
    consent.publish_default_texts(clinic.id)
    db.session.flush()
    return clinic


REMINDER_PLAN = (
    "send_confirmation",
    "first_reminder_hours",
    "second_reminder_hours",
    "quiet_start_minute",
    "quiet_end_minute",
)


def update_reminder_plan(clinic: Clinic, **values: Any) -> list[str]:
    """Change when the clinic's SMS go out and plan the coming sessions again (rows not
    yet sent follow the new plan); return the names of the settings that changed."""
    changed = []
    for field, value in values.items():
        if field not in REMINDER_PLAN:
            raise ValueError(field)
        if getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed.append(field)
    if changed:
        upcoming = db.session.scalars(
            sa.select(Appointment).where(
                Appointment.clinic_id == clinic.id,
                Appointment.status.in_(ACTIVE_STATUSES),
                Appointment.start_at > clock.now(),
            )
        )
        for appointment in upcoming:
            reminders.plan_for(clinic, appointment)
    db.session.flush()
    return changed


ANSWERS = ("parking_info", "online_info", "fee_info", "emergency_text")


def update_answers(clinic: Clinic, **values: str) -> list[str]:
    """Change what the assistant may answer clients with (and the emergency text);
    return the names of the settings that changed."""
    changed = []
    for field, value in values.items():
        if field not in ANSWERS:
            raise ValueError(field)
        if getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed.append(field)
    db.session.flush()
    return changed


def update_clinic(clinic: Clinic, **values: Any) -> list[str]:
    """Apply the given settings; return the names of those that changed."""
    changed = []
    for field, value in values.items():
        if field not in EDITABLE:
            raise ValueError(field)
        if field == "timezone":
            ZoneInfo(value)
        if getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed.append(field)
    db.session.flush()
    return changed


PRIVACY = (
    "privacy_law",
    "clinical_retention_years",
    "message_retention_days",
    "audit_retention_years",
)


def update_privacy_settings(clinic: Clinic, **values: Any) -> list[str]:
    """Change the law that sets the clock for clients' data requests (requests already
    received keep their due date) and how long records are kept; return the names of
    the settings that changed."""
    changed = []
    for field, value in values.items():
        if field not in PRIVACY:
            raise ValueError(field)
        if field == "privacy_law" and value not in ("kvkk", "gdpr"):
            raise ValueError(value)
        if getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed.append(field)
    db.session.flush()
    return changed


def update_audio_notes(clinic: Clinic, *, enabled: bool, keep_failed_hours: int) -> list[str]:
    """Allow therapists to record audio notes, and set how long audio that could not be
    transcribed may wait (from the next recording on); return what changed. Turning it
    off hides recording everywhere; recordings already waiting still finish or expire."""
    if not 1 <= keep_failed_hours <= 168:
        raise ValueError(keep_failed_hours)
    changed = []
    for field, value in (
        ("audio_notes_enabled", bool(enabled)),
        ("audio_keep_failed_hours", keep_failed_hours),
    ):
        if getattr(clinic, field) != value:
            setattr(clinic, field, value)
            changed.append(field)
    db.session.flush()
    return changed
