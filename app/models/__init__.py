"""Models, one module per aggregate; importing this registers them all."""

from app.models import scoping  # noqa: F401  (installs the clinic filter)
from app.models.accounts import AccountLink, AccountLinkPurpose, RecoveryCode, RememberedDevice
from app.models.appointment import (
    ACTIVE_STATUSES,
    LATE_CANCEL_WAITING,
    Appointment,
    AppointmentStatus,
    CancelReason,
)
from app.models.audit import AuditEvent, AuditHead
from app.models.auth import LoginFailure, UserSession
from app.models.client import CURRENT_CLIENT, Client, ClientIndex, ClientKey
from app.models.clinic import Clinic, ClinicKey, KeyRotation
from app.models.consent import Consent, ConsentKind, ConsentMethod, ConsentText
from app.models.emergency import EmergencyAccess
from app.models.inbound import (
    REQUEST_PENDING,
    URGENT_OPEN,
    InboundMessage,
    InboundPart,
    InboundState,
    RequestState,
    RescheduleRequest,
)
from app.models.link import MagicLink
from app.models.message_text import MessageText
from app.models.note import Note, NoteStatus, NoteTemplate, NoteVersion
from app.models.outbox import MessageKind, OutboxMessage, OutboxState
from app.models.privacy import DataRequest, DataRequestKind, DataRequestStatus
from app.models.recording import WAITING_STATES, Recording, RecordingState
from app.models.routing import SmsRoute, UnroutedSms
from app.models.scheduling import CalendarFeed, Series, SessionType, TimeOff, WeeklyHours
from app.models.user import Membership, Role, User

__all__ = [
    "AccountLink",
    "AccountLinkPurpose",
    "RecoveryCode",
    "RememberedDevice",
    "URGENT_OPEN",
    "LATE_CANCEL_WAITING",
    "REQUEST_PENDING",
    "CURRENT_CLIENT",
    "Recording",
    "RecordingState",
    "WAITING_STATES",
    "ACTIVE_STATUSES",
    "CalendarFeed",
    "Consent",
    "EmergencyAccess",
    "MagicLink",
    "MessageText",
    "InboundMessage",
    "InboundPart",
    "InboundState",
    "RequestState",
    "RescheduleRequest",
    "ConsentKind",
    "DataRequest",
    "DataRequestKind",
    "DataRequestStatus",
    "ConsentMethod",
    "ConsentText",
    "MessageKind",
    "Note",
    "OutboxMessage",
    "OutboxState",
    "SmsRoute",
    "UnroutedSms",
    "NoteStatus",
    "NoteTemplate",
    "NoteVersion",
    "CancelReason",
    "Series",
    "SessionType",
    "TimeOff",
    "WeeklyHours",
    "Appointment",
    "AppointmentStatus",
    "AuditEvent",
    "AuditHead",
    "Client",
    "ClientIndex",
    "ClientKey",
    "Clinic",
    "ClinicKey",
    "KeyRotation",
    "LoginFailure",
    "Membership",
    "Role",
    "User",
    "UserSession",
]
