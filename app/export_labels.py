"""Words for the codes in a client's export, for its readable version (translated when
rendered, in the client's language)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask_babel import lazy_gettext as _l

from app.forms import consent_kind_label
from app.labels import cancel_reason_label, reply_intent_label, session_type_label, status_label
from app.models import AppointmentStatus, CancelReason

MESSAGE_KINDS = {
    "confirmation": _l("Booking confirmation"),
    "reminder_first": _l("Reminder"),
    "reminder_second": _l("Second reminder"),
    "moved": _l("New time"),
}
MESSAGE_STATES = {
    "planned": _l("Planned"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "delivered": _l("Delivered"),
    "failed": _l("Not sent"),
    "unknown": _l("Unknown"),
    "cancelled": _l("Cancelled"),
}
REQUEST_KINDS = {
    "access": _l("A copy of my data"),
    "rectification": _l("Correction"),
    "erasure": _l("Erasure"),
    "restriction": _l("Restriction of processing"),
    "consent_withdrawal": _l("Withdrawal of consent"),
}
REQUEST_STATUSES = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "refused": _l("Refused"),
    # Reschedule requests.
    "pending": _l("Waiting"),
    "approved": _l("Approved"),
    "declined": _l("Declined"),
    "withdrawn": _l("Withdrawn"),
}
LINK_PURPOSES = {
    "consent": _l("Consent page"),
    "appointment": _l("Session page"),
    "export": _l("Copy of your data"),
}
# The same words as the note editor's (routes/notes.py).
NOTE_FIELDS = {
    "text": _l("Note"),
    "subjective": _l("Subjective"),
    "objective": _l("Objective"),
    "assessment": _l("Assessment"),
    "plan": _l("Plan"),
    "data": _l("Data"),
    "behavior": _l("Behavior"),
    "intervention": _l("Intervention"),
    "response": _l("Response"),
}
ACTORS = {
    "admin": _l("Clinic admin"),
    "therapist": _l("Therapist"),
    "receptionist": _l("Receptionist"),
    "former_staff": _l("Former staff member"),
    "system": _l("The system"),
    "assistant": _l("The assistant"),
    "client_link": _l("You, through a link"),
    "anonymous": _l("Someone without an account"),
}
OBJECTS = {
    "clients": _l("Your profile"),
    "appointments": _l("Session"),
    "series": _l("Series of sessions"),
    "consents": _l("Consent"),
    "notes": _l("Session note"),
    "note_versions": _l("Session note"),
    "outbox": _l("Message to you"),
    "inbound_messages": _l("Message from you"),
    "reschedule_requests": _l("Request for another time"),
    "magic_links": _l("Link"),
    "emergency_access": _l("Emergency access"),
    "recordings": _l("Audio recording"),
    "data_requests": _l("Request about your data"),
}


def _label(table: dict, code: object) -> str:
    return str(table.get(str(code), code)) if code is not None else ""


class Printer:
    """Formats an archive's values for the readable version: times in the clinic's zone,
    in the client's language."""

    def __init__(self, zone: str, language: str) -> None:
        self.zone, self.language = ZoneInfo(zone), language

    def when(self, value: str | None) -> str:
        if not value:
            return "—"
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return format_datetime(moment, "d MMMM y HH:mm", tzinfo=self.zone, locale=self.language)

    def day(self, value: str | None) -> str:
        if not value:
            return "—"
        return format_date(date.fromisoformat(value[:10]), "long", locale=self.language)

    @staticmethod
    def status(code: str) -> str:
        return status_label(AppointmentStatus(code))

    @staticmethod
    def cancel_reason(code: str | None) -> str:
        return cancel_reason_label(CancelReason(code)) if code else ""

    session_type = staticmethod(session_type_label)
    consent_kind = staticmethod(consent_kind_label)
    intent = staticmethod(reply_intent_label)

    @staticmethod
    def message_kind(code: str) -> str:
        return _label(MESSAGE_KINDS, code)

    @staticmethod
    def message_state(code: str) -> str:
        return _label(MESSAGE_STATES, code)

    @staticmethod
    def request_kind(code: str) -> str:
        return _label(REQUEST_KINDS, code)

    @staticmethod
    def request_status(code: str) -> str:
        return _label(REQUEST_STATUSES, code)

    @staticmethod
    def purpose(code: str) -> str:
        return _label(LINK_PURPOSES, code)

    @staticmethod
    def actor(code: str | None) -> str:
        return _label(ACTORS, code)

    @staticmethod
    def object_type(code: str | None) -> str:
        return _label(OBJECTS, code)

    @staticmethod
    def note_field(code: str) -> str:
        return _label(NOTE_FIELDS, code)
