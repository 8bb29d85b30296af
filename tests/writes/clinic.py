"""Recipes for what admins run: the clinic's settings and staff, availability, and
the texts of consents and messages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.models import (
    AccountLink,
    ConsentText,
    Membership,
    MessageText,
    Role,
    TimeOff,
    User,
    UserSession,
    WeeklyHours,
)
from app.services import (
    auth,
    hours,
    message_texts,
    users,
)
from writes.stage import (
    SET,
    Build,
    Call,
    Stage,
    audited,
    exists,
    gone,
)

# --- the clinic's settings and staff --------------------------------------------------


def _settings(url: str, action: str, fields: Callable[[int], dict[str, Any]]) -> Build:
    """A form over the clinic's own row: every writer its own admin, found by audit row."""

    def build(s: Stage, n: int) -> Call:
        admin = s.member(Role.ADMIN)
        return Call(url, fields(n), audited(action, admin), admin.email)

    return build


def _membership(user: User, clinic_id: uuid.UUID, **expected: Any) -> Callable[[], bool]:
    user_id = user.id

    def check() -> bool:
        row = db.session.scalars(
            sa.select(Membership).where(
                Membership.user_id == user_id, Membership.clinic_id == clinic_id
            )
        ).one()
        return all(
            (getattr(row, k) is not None if v is SET else getattr(row, k) == v)
            for k, v in expected.items()
        )

    return check


def _change_role(s: Stage, n: int) -> Call:
    user = s.member()
    return Call(
        f"/admin/users/{user.id}/role",
        {"role": "therapist"},
        _membership(user, s.world.clinic_id, role=Role.THERAPIST),
        s.email("admin"),
    )


def _deactivate(s: Stage, n: int) -> Call:
    user = s.member()
    return Call(
        f"/admin/users/{user.id}/deactivate",
        present=_membership(user, s.world.clinic_id, deactivated_at=SET),
        who=s.email("admin"),
    )


def _reactivate(s: Stage, n: int) -> Call:
    user = s.member()
    admin = db.session.get_one(User, s.world.user_ids["admin"])
    membership = users.membership_of(s.world.clinic_id, user.id)
    users.deactivate_member(s.world.clinic_id, membership, admin)
    db.session.flush()
    return Call(
        f"/admin/users/{user.id}/reactivate",
        present=_membership(user, s.world.clinic_id, deactivated_at=None),
        who=s.email("admin"),
    )


def _end_sessions(s: Stage, n: int) -> Call:
    user = s.member()
    auth.start_session(user, s.world.clinic_id, "10.9.9.9", "tablet")
    db.session.flush()
    live = sa.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.revoked_at.is_(None)
    )
    return Call(
        f"/admin/users/{user.id}/end-sessions",
        present=lambda: not exists(live)(),
        who=s.email("admin"),
    )


def _invite(s: Stage, n: int) -> Call:
    admin = s.member(Role.ADMIN)  # invitations are throttled per admin
    email = f"new{n}-{uuid.uuid4().hex[:6]}@a.test"
    return Call(
        "/admin/users/invite",
        {"invite-name": f"Yeni {n}", "invite-email": email, "invite-role": "receptionist"},
        exists(sa.select(User).where(User.email == email)),
        admin.email,
    )


def _password_link(s: Stage, n: int) -> Call:
    user = s.member()
    return Call(
        f"/admin/users/{user.id}/password-link",
        present=exists(sa.select(AccountLink).where(AccountLink.user_id == user.id)),
        who=s.email("admin"),
    )


# --- availability ---------------------------------------------------------------------


def _add_holiday(s: Stage, n: int) -> Call:
    admin = s.member(Role.ADMIN)
    day = date(2027, 3, 1) + timedelta(days=n)
    return Call(
        "/admin/availability/holidays",
        {"first_day": day.isoformat(), "reason": f"Bayram {n}"},
        audited("holiday.added", admin),
        admin.email,
    )


def _remove_holiday(s: Stage, n: int) -> Call:
    row = hours.add_holiday(s.clinic, date(2027, 4, 1) + timedelta(days=n), reason="Tatil")
    db.session.flush()
    return Call(
        f"/admin/availability/holidays/{row.id}/delete",
        present=gone(TimeOff, row.id),
        who=s.email("admin"),
    )


def _add_hours(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    saturday = sa.select(WeeklyHours).where(
        WeeklyHours.therapist_id == therapist.id, WeeklyHours.weekday == 5
    )
    return Call(
        f"/admin/availability/{therapist.id}/hours",
        {"weekday": "5", "kind": "work", "starts": "10:00", "ends": "12:00"},
        exists(saturday),
        s.email("admin"),
    )


def _remove_hours(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    first = db.session.scalar(
        sa.select(sa.func.min(WeeklyHours.id)).where(WeeklyHours.therapist_id == therapist.id)
    )
    return Call(
        f"/admin/availability/{therapist.id}/hours/{first}/delete",
        present=lambda: db.session.get(WeeklyHours, first) is None,
        who=s.email("admin"),
    )


def _add_time_off(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    return Call(
        f"/admin/availability/{therapist.id}/time-off",
        {"first_day": "2027-01-04", "reason": "İzin"},
        exists(sa.select(TimeOff).where(TimeOff.therapist_id == therapist.id)),
        s.email("admin"),
    )


def _remove_time_off(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    row = hours.add_time_off(s.clinic, therapist.id, date(2027, 1, 4), reason="İzin")
    db.session.flush()
    return Call(
        f"/admin/availability/{therapist.id}/time-off/{row.id}/delete",
        present=gone(TimeOff, row.id),
        who=s.email("admin"),
    )


def _message_text(suffix: str) -> Build:
    def build(s: Stage, n: int) -> Call:
        admin = s.member(Role.ADMIN)
        body = message_texts.builtin(s.clinic, "reminder_24h", "tr")
        url = f"/admin/messages/reminder_24h/tr{suffix}"
        if suffix == "/preview":
            return Call(url, {"body": body}, who=admin.email)
        if suffix == "/reset":
            message_texts.save_text(s.clinic, "reminder_24h", "tr", body, admin)
            db.session.flush()
            left = sa.select(MessageText).where(
                MessageText.kind == "reminder_24h", MessageText.language == "tr"
            )
            return Call(url, present=lambda: not exists(left)(), who=admin.email)
        return Call(url, {"body": body}, audited("message_text.saved", admin), admin.email)

    return build


def _publish(s: Stage, n: int) -> Call:
    admin = s.member(Role.ADMIN)
    body = f"SMS ile hatırlatma almayı kabul ediyorum. ({n})"
    return Call(
        "/admin/consent-texts/",
        {"kind": "sms", "language": "tr", "body": body},
        exists(sa.select(ConsentText).where(ConsentText.body == body)),
        admin.email,
    )


RECIPES: dict[str, Build] = {
    "admin.update_clinic": _settings(
        "/admin/clinic",
        "clinic.updated",
        lambda n: {
            "name": "Clinic A",
            "address": f"Moda Cad. {n}",
            "timezone": "Europe/Istanbul",
            "locale": "tr",
            "idle_timeout_minutes": "15",
            "prep_minutes": "10",
            "late_cancel_hours": "24",
            "reschedule_needs_approval": "y",
        },
    ),
    "admin.update_reminders": _settings(
        "/admin/reminders",
        "clinic.reminders_updated",
        lambda n: {
            "send_confirmation": "yes",
            "first_reminder_hours": str(24 + n),
            "second_reminder_hours": "2",
            "quiet_start": "21:00",
            "quiet_end": "09:00",
        },
    ),
    "admin.update_answers": _settings(
        "/admin/answers", "clinic.answers_updated", lambda n: {"parking_info": f"Otopark {n}"}
    ),
    "admin.update_privacy": _settings(
        "/admin/privacy",
        "clinic.privacy_updated",
        lambda n: {
            "privacy_law": "kvkk",
            "clinical_retention_years": "5",
            "message_retention_days": str(180 + n),
            "audit_retention_years": "10",
        },
    ),
    "admin.update_audio_notes": _settings(
        "/admin/audio-notes",
        "clinic.audio_notes_updated",
        lambda n: {"audio_notes_enabled": "y", "audio_keep_failed_hours": str(24 + n)},
    ),
    "availability.update_booking": _settings(
        "/admin/availability/booking",
        "clinic.booking_updated",
        lambda n: {"buffer_minutes": str(10 + n), "slot_step_minutes": "30"},
    ),
    "admin.change_role": _change_role,
    "admin.deactivate_user": _deactivate,
    "admin.reactivate_user": _reactivate,
    "admin.end_sessions": _end_sessions,
    "admin.invite_user": _invite,
    "admin.password_link": _password_link,
    "availability.add_holiday": _add_holiday,
    "availability.remove_holiday": _remove_holiday,
    "availability.add_hours": _add_hours,
    "availability.remove_hours": _remove_hours,
    "availability.add_time_off": _add_time_off,
    "availability.remove_time_off": _remove_time_off,
    "consent_texts.publish": _publish,
    "message_texts.preview": _message_text("/preview"),
    "message_texts.save": _message_text(""),
    "message_texts.reset": _message_text("/reset"),
}
