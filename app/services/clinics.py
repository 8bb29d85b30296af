"""Clinics and their settings."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from app.extensions import db
from app.models import Clinic, SessionType
from app.services import consent, keys

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
