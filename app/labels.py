"""Display names for stored codes, translated at render time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import AppointmentStatus, CancelReason, Role

SESSION_TYPES = {
    "individual": _l("Individual"),
    "couple": _l("Couple"),
    "intake": _l("Intake"),
    "online": _l("Online"),
}
STATUSES = {
    AppointmentStatus.BOOKED: _l("Booked"),
    AppointmentStatus.CONFIRMED: _l("Confirmed"),
    AppointmentStatus.ATTENDED: _l("Attended"),
    AppointmentStatus.NO_SHOW: _l("No-show"),
    AppointmentStatus.CANCELLED: _l("Cancelled"),
}
CANCEL_REASONS = {
    CancelReason.CLIENT: _l("Client"),
    CancelReason.THERAPIST: _l("Therapist"),
    CancelReason.LATE: _l("Late cancellation"),
}
# How the assistant read a client's SMS (InboundMessage.intent).
REPLY_INTENTS = {
    "confirm": _l("Confirms the session"),
    "cancel": _l("Wants to cancel"),
    "reschedule": _l("Asks for another time"),
    "running_late": _l("Running late"),
    "opt_out": _l("Asked for no more SMS"),
    "question": _l("Asks a question"),
    "other": _l("Not understood"),
}
ROLES = {
    Role.ADMIN: _l("Admin"),
    Role.THERAPIST: _l("Therapist"),
    Role.RECEPTIONIST: _l("Receptionist"),
}


def session_type_label(code: str) -> str:
    return str(SESSION_TYPES.get(code, code))


def status_label(status: AppointmentStatus) -> str:
    return str(STATUSES[status])


def role_label(role: Role) -> str:
    return str(ROLES[role])


def cancel_reason_label(reason: CancelReason | None) -> str:
    return str(CANCEL_REASONS[reason]) if reason is not None else ""


def reply_intent_label(intent: str | None) -> str:
    return str(REPLY_INTENTS.get(intent or "", "")) if intent else ""
