"""The clinic's policy for a client's SMS reply: what the assistant's reading may do by
itself, and what waits for a person (the actions, by intent, are in `reply_actions`).

The interpreter (`app.assistant.replies`) sees the reply and a `ReplyContext` (the time,
the clinic's zone, the linked session's start and type, the client's language) and
returns one allowlisted intent. Here that intent acts, and only ever on the session the
reply is linked to (`InboundMessage.appointment_id`, the client's own): never on a session
or a client the text names. A crisis gets the clinic's emergency text and an urgent alert
for the therapist; a clinical reply one neutral sentence; anything unclear goes to a
person. Each decision leaves one `assistant.reply_decided` audit row, without the text.

Replies to the client are sent once, after the decision is committed, the way the opt-out
confirmation is: the outbox holds one row per session, kind and time and composes its
texts when it sends, which ad-hoc answers do not fit. A new time the clinic moves a
session to goes through the outbox as its usual "moved" notice.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app import clock, sms
from app.assistant import reply_texts as texts
from app.assistant.replies import (
    Intent,
    ReplyContext,
    ReplyIntent,
    ReplyModel,
    Tier,
    forward_to_person,
    interpret_reply,
)
from app.extensions import db, lock_for_write
from app.logsafe import failure
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    Client,
    Clinic,
    InboundMessage,
    InboundState,
)
from app.services import appointments, audit, clients, reminders, reply_actions, sms_routes

log = logging.getLogger(__name__)
ASSISTANT = "assistant"  # how the assistant read a reply, in the audit trail
FORWARDED = InboundState.FORWARDED


# --- reading --------------------------------------------------------------------


def own_appointment(message: InboundMessage) -> Appointment | None:
    """The session the reply is about: its own client's, in its clinic, not yet over."""
    if message.appointment_id is None:
        return None
    appointment = db.session.get(Appointment, message.appointment_id)
    if (
        appointment is None
        or appointment.client_id != message.client_id
        or appointment.clinic_id != message.clinic_id
        or appointment.status not in ACTIVE_STATUSES
        or appointment.end_at <= clock.now()
    ):
        return None
    return appointment


def reply_context(message: InboundMessage) -> ReplyContext:
    """All the interpreter may know: no name, phone, note or other session."""
    clinic = db.session.get_one(Clinic, message.clinic_id)
    client = db.session.get_one(Client, message.client_id)
    appointment = own_appointment(message)
    return ReplyContext(
        now=clock.now(),
        tz=ZoneInfo(clinic.timezone),
        appointment_start=appointment.start_at if appointment else None,
        appointment_type=appointment.session_type if appointment else None,
        language=texts.lang(client.language),
    )


def reply_model() -> ReplyModel | None:
    """The clinic's model tier, if one is configured; None leaves the rules alone."""
    try:
        from app.assistant.model_config import build_model
    except ImportError:
        return None
    try:
        return build_model(current_app.config)
    except Exception as exc:  # noqa: BLE001 - a broken model tier must not stop the rules
        log.warning("reply model not available: %s", type(exc).__name__)
        return None


def interpret(message: InboundMessage, text: str) -> ReplyIntent:
    """How the assistant reads the reply (reads only; nothing is changed). A reply it
    fails to read is a person's to read."""
    context = reply_context(message)
    try:
        return interpret_reply(text, context, reply_model())
    except Exception as exc:  # noqa: BLE001 - the interpreter promises not to raise; be sure
        log.error("reply %s not interpreted: %s", message.id, failure(exc))
        return forward_to_person(Tier.FALLBACK, "interpreter_error")


def keyword_opt_out() -> ReplyIntent:
    """The reading of a whole-reply opt-out keyword ("STOP", "İPTAL SMS")."""
    return ReplyIntent(
        intent=Intent.OPT_OUT, forward=False, tier=Tier.RULES, reasons=("opt_out_keyword",)
    )


# --- acting ---------------------------------------------------------------------


def apply(message_id: uuid.UUID, reading: ReplyIntent) -> str | None:
    """Act on the reading once, commit, then send the reply (if any). The new state, or
    None if another run handled the message first. A time that went meanwhile (a race
    inside the move) is answered with the nearest free times instead."""
    try:
        return _apply(message_id, reading, busy=False)
    except appointments.BookingError:
        db.session.rollback()
        return _apply(message_id, reading, busy=True)


def _apply(message_id: uuid.UUID, reading: ReplyIntent, *, busy: bool) -> str | None:
    lock_for_write()
    message = db.session.scalars(
        sa.select(InboundMessage)
        .where(InboundMessage.id == message_id, InboundMessage.state == InboundState.NEW)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if message is None:
        db.session.rollback()
        return None
    case = _case(message)
    outcome = reply_actions.decide(case, reading, busy=busy)
    # No SMS may go: staff answer by phone what needs answering. The one exception is
    # the emergency text: someone who has just written to us in crisis gets it whatever
    # their SMS consent says (their vital interest; KVKK 5/2-b, GDPR 6(1)(d)).
    if not case.textable and not reading.urgent:
        state = FORWARDED if outcome.answers else outcome.state
        outcome = replace(outcome, state=state, reply=None, reply_kind=None)
    record(message, reading, outcome.state)
    audit_decision(message, reading, outcome.action, reply=outcome.reply_kind)
    reply = outcome.reply
    phone = clients.reveal(case.client).phone if reply else None
    client_id, clinic_id, state = case.client.id, case.clinic.id, outcome.state
    db.session.commit()
    if reply and phone:
        send_reply(clinic_id, client_id, message_id, phone, reply, outcome.reply_kind or "")
        db.session.commit()
    return state.value


def _case(message: InboundMessage) -> reply_actions.Case:
    clinic = db.session.get_one(Clinic, message.clinic_id)
    client = db.session.get_one(Client, message.client_id)
    now = clock.now()
    return reply_actions.Case(
        clinic=clinic,
        client=client,
        appointment=own_appointment(message),
        zone=ZoneInfo(clinic.timezone),
        language=texts.lang(client.language),
        textable=reminders.can_text(client, now),
        now=now,
    )


def record(message: InboundMessage, reading: ReplyIntent, state: InboundState) -> None:
    """Keep how the reply was read on the message (never its text anywhere else)."""
    message.state = state
    message.intent = reading.intent.value
    message.tier = reading.tier.value
    message.topic = reading.topic.value if reading.topic else None
    message.proposed_start = reading.proposed_start
    message.minutes_late = reading.minutes_late
    message.urgent = reading.urgent
    # Crisis language is for the therapist's eyes, like any clinical message.
    message.clinical = reading.clinical or reading.urgent
    db.session.flush()


def audit_decision(
    message: InboundMessage, reading: ReplyIntent, action: str, *, reply: str | None = None
) -> None:
    audit.record(
        None,
        "assistant.reply_decided",
        message,
        message.clinic_id,
        actor_kind=ASSISTANT,
        intent=reading.intent.value,
        tier=reading.tier.value,
        approved_by_person=False,
        action=action,
        forward=reading.forward,
        urgent=reading.urgent,
        clinical=reading.clinical or reading.urgent,
        topic=reading.topic.value if reading.topic else None,
        appointment=str(message.appointment_id) if message.appointment_id else None,
        reply=reply,
    )


# --- replying -------------------------------------------------------------------


def send_reply(
    clinic_id: uuid.UUID,
    client_id: uuid.UUID,
    message_id: uuid.UUID,
    phone: str,
    text: str,
    kind: str,
) -> bool:
    """Send one answer at once (it answers what the client just wrote, so quiet hours do
    not hold it). The outcome is audited by kind, never by text."""
    try:
        result = sms_routes.send_now(
            clinic_id, client_id, phone, text, client_ref=f"reply:{message_id}"
        )
    except sms.SmsFailure as exc:
        log.warning("reply to message %s not sent: %s", message_id, exc.status)
        outcome: dict[str, object] = {"sent": False, "status": exc.status}
    else:
        outcome = {"sent": True, "parts": result.parts}
    audit.record(
        None,
        "sms.reply_sent",
        ("clients", client_id),
        clinic_id,
        message=str(message_id),
        kind=kind,
        **outcome,
    )
    return bool(outcome["sent"])


def warm_up() -> None:
    """Load the local model once in the worker, before it forks a process per job, so
    no job pays for loading it."""
    model = reply_model()
    embed = getattr(model, "embed", None)
    if callable(embed):
        embed(["ok"])
