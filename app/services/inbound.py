"""Client replies by SMS: stored sealed for the one client whose conversation they
belong to (`sms_routes`: a clinic's own number, or the clinic that last wrote to the
phone), and read once by a job (the assistant reads it; `services.replies` decides what
that may do).

Storing is idempotent on the provider's key: Vonage's message id, or for a long SMS
"concat:<client>:<ref>" while its parts come in. A reply no conversation explains is no
clinic's: kept sealed for the platform operator and audited, never answered.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app import clock, crypto, sms
from app.assistant.replies import Intent, ReplyIntent
from app.crypto import Binding
from app.extensions import db, lock_for_write
from app.models import (
    ACTIVE_STATUSES,
    Appointment,
    Client,
    Clinic,
    InboundMessage,
    InboundPart,
    InboundState,
    OutboxMessage,
    OutboxState,
)
from app.models.scoping import clinic_scope
from app.services import audit, clients, keys, reminders, replies, sms_routes
from app.textnorm import fold

log = logging.getLogger(__name__)
ACTOR = "client_sms"
# A part repeated this long after its message was joined is still a repeat; a concat
# ref coming back later is the client's next long message (handsets reuse 0..255).
LATE_PART = timedelta(days=1)
CATCH_UP_WINDOW = timedelta(days=1)
SHOWN_SENT = (OutboxState.SENT, OutboxState.DELIVERED, OutboxState.UNKNOWN)
_CONCAT_REF = re.compile(r"[0-9A-Za-z_-]{1,16}")
MAX_MESSAGE_ID = 40
# Whole replies (folded, accents and punctuation dropped) that mean "no more SMS".
# "iptal" alone cancels a session: that is for the assistant, not an opt-out.
OPT_OUT_PHRASES = frozenset(
    (
        "stop, stopall, stop all, stop sms, sms stop, stop messages, stop texting, "
        "unsubscribe, opt out, optout, quit, no more sms, "
        "dur, durdur, sms dur, sms durdur, ret, sms ret, ret sms, iptal sms, sms iptal, "
        "sms istemiyorum, sms istemiyoruz, mesaj istemiyorum, sms gonderme, "
        "sms gondermeyin, mesaj gondermeyin, abonelik iptal, abonelikten cik, "
        "listeden cik, listeden cikar, beni listeden cikarin"
    ).split(", ")
)
OPT_OUT_CONFIRMATION = {
    "tr": "Bu numaraya artık SMS göndermeyeceğiz. Randevularınız için {clinic} ile "
    "telefonla görüşebilirsiniz.",
    "en": "We will not send any more text messages to this number. For your appointments, "
    "please call {clinic}.",
}


# --- receiving --------------------------------------------------------------------


def receive_sms(inbound: sms.InboundSms) -> list[uuid.UUID]:
    """Store the SMS for the one client whose conversation it belongs to (`sms_routes`).
    Returns the messages now whole and waiting to be read."""
    _check(inbound)
    lock_for_write()
    phone = "+" + inbound.msisdn.lstrip("+")
    found = sms_routes.route(phone, inbound.to)
    client = _routed_client(found, phone) if found is not None else None
    if client is None:
        if sms_routes.keep_unrouted(inbound.message_id, inbound.to, phone, inbound.text):
            audit.record(None, "sms.inbound_unrouted", actor_kind=ACTOR, message=inbound.message_id)
        return []
    with clinic_scope(client.clinic_id):
        message_id = _store(client, inbound, found.appointment_id if found else None)
    return [message_id] if message_id is not None else []


def _routed_client(found: sms_routes.Route, phone: str) -> Client | None:
    """The route's client, if the phone is still theirs; on a clinic's own number with no
    conversation yet, the one client of that clinic with this phone (a person reads it
    where two share it: the first by id, forwarded)."""
    with clinic_scope(found.clinic_id):
        # A restricted client's SMS is still kept (for a person to read).
        candidates = clients.find_by_phone(found.clinic_id, phone, restricted=True)
        if found.client_id is not None:
            return next((c for c in candidates if c.id == found.client_id), None)
        return min(candidates, key=lambda c: c.id) if candidates else None


def _check(inbound: sms.InboundSms) -> None:
    if len(inbound.message_id) > MAX_MESSAGE_ID:
        raise sms.MalformedWebhook("messageId too long")
    if inbound.concat and not _CONCAT_REF.fullmatch(inbound.concat.ref):
        raise sms.MalformedWebhook("bad concat-ref")


def _store(
    client: Client, inbound: sms.InboundSms, appointment_id: uuid.UUID | None
) -> uuid.UUID | None:
    if inbound.concat is not None:
        return _store_part(client, inbound, inbound.concat, appointment_id)
    key = inbound.message_id
    if _by_key(client.clinic_id, key) is not None:
        return None
    message = _new_message(client, key, 1, InboundState.NEW, appointment_id)
    message.body_sealed = _seal(client, _body_binding(message), inbound.text)
    return message.id if _insert(message) else None


def _store_part(
    client: Client,
    inbound: sms.InboundSms,
    concat: sms.Concat,
    appointment_id: uuid.UUID | None,
) -> uuid.UUID | None:
    key = f"concat:{client.id}:{concat.ref}"
    message = _by_key(client.clinic_id, key, lock=True)
    if message is None:
        if _recently_joined(client.clinic_id, key):
            return None
        message = _new_message(client, key, concat.total, InboundState.PARTIAL, appointment_id)
        if not _insert(message):  # another part of it arrived at the same moment
            message = _by_key(client.clinic_id, key, lock=True)
    if message is None or message.parts_total != concat.total or _has_part(message, concat.part):
        return None
    part = InboundPart(
        clinic_id=client.clinic_id,
        message_id=message.id,
        client_id=client.id,
        part=concat.part,
        provider_message_id=inbound.message_id,
        text_sealed=b"",
    )
    if not _insert(part):
        return None
    binding = Binding("inbound_parts", "text_sealed", str(part.id), str(part.clinic_id))
    part.text_sealed = _seal(client, binding, inbound.text) or b""
    db.session.flush()
    return _join_if_whole(client, message)


def _join_if_whole(client: Client, message: InboundMessage) -> uuid.UUID | None:
    parts = db.session.scalars(
        sa.select(InboundPart)
        .where(InboundPart.message_id == message.id)
        .order_by(InboundPart.part)
    ).all()
    if len(parts) < message.parts_total:
        return None
    text = "".join(
        _open(
            message.clinic_id,
            Binding("inbound_parts", "text_sealed", str(p.id), str(p.clinic_id)),
            p.text_sealed,
        )
        or ""
        for p in parts
    )
    message.body_sealed = _seal(client, _body_binding(message), text)
    message.state = InboundState.NEW
    # The ref is free for the client's next long message; late repeats still find this.
    message.provider_key = f"{message.provider_key}@{int(clock.now().timestamp())}"
    db.session.execute(sa.delete(InboundPart).where(InboundPart.message_id == message.id))
    db.session.flush()
    return message.id


def _new_message(
    client: Client,
    key: str,
    total: int,
    state: InboundState,
    appointment_id: uuid.UUID | None = None,
) -> InboundMessage:
    """`appointment_id`: the session the conversation is about (the route's), else the
    one the client was last texted about or their next."""
    now = clock.now()
    if appointment_id is not None and not _live(appointment_id, client.id, now):
        appointment_id = None
    return InboundMessage(
        clinic_id=client.clinic_id,
        client_id=client.id,
        appointment_id=appointment_id or linked_appointment(client.id, now),
        provider_key=key,
        parts_total=total,
        state=state,
        received_at=now,
    )


def _insert(row: InboundMessage | InboundPart) -> bool:
    """Add the row, or False if a concurrent delivery of the same message won."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    if isinstance(row, InboundMessage):
        audit.record(None, "sms.inbound_received", row, row.clinic_id, actor_kind=ACTOR)
    return True


def _by_key(clinic_id: uuid.UUID, key: str, lock: bool = False) -> InboundMessage | None:
    query = sa.select(InboundMessage).where(
        InboundMessage.clinic_id == clinic_id, InboundMessage.provider_key == key
    )
    if lock:  # parts of one message are joined by whoever holds its row
        query = query.with_for_update().execution_options(populate_existing=True)
    return db.session.scalars(query).first()


def _recently_joined(clinic_id: uuid.UUID, key: str) -> bool:
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(
                    InboundMessage.clinic_id == clinic_id,
                    InboundMessage.provider_key.startswith(f"{key}@", autoescape=True),
                    InboundMessage.received_at >= clock.now() - LATE_PART,
                )
            )
        )
    )


def _has_part(message: InboundMessage, number: int) -> bool:
    return bool(
        db.session.scalar(
            sa.select(
                sa.exists().where(InboundPart.message_id == message.id, InboundPart.part == number)
            )
        )
    )


def _live(appointment_id: uuid.UUID, client_id: uuid.UUID, now: datetime) -> bool:
    appointment = db.session.get(Appointment, appointment_id)
    return (
        appointment is not None
        and appointment.client_id == client_id
        and appointment.status in ACTIVE_STATUSES
        and appointment.end_at > now
    )


def linked_appointment(client_id: uuid.UUID, now: datetime) -> uuid.UUID | None:
    """The session a reply is most likely about: the one last texted about, if it is not
    over, else the client's next one."""
    live = sa.and_(Appointment.status.in_(ACTIVE_STATUSES), Appointment.end_at > now)
    reminded = db.session.scalars(
        sa.select(OutboxMessage.appointment_id)
        .join(Appointment, Appointment.id == OutboxMessage.appointment_id)
        .where(
            OutboxMessage.client_id == client_id,
            OutboxMessage.state.in_((OutboxState.SENT, OutboxState.DELIVERED)),
            live,
        )
        .order_by(OutboxMessage.sent_at.desc())
        .limit(1)
    ).first()
    if reminded is not None:
        return reminded
    return db.session.scalars(
        sa.select(Appointment.id)
        .where(Appointment.client_id == client_id, live)
        .order_by(Appointment.start_at)
        .limit(1)
    ).first()


def _body_binding(message: InboundMessage) -> Binding:
    return Binding("inbound_messages", "body_sealed", str(message.id), str(message.clinic_id))


def _seal(client: Client, binding: Binding, text: str) -> bytes | None:
    return keys.seal_for_client(client, binding, text)


def _open(clinic_id: uuid.UUID, binding: Binding, blob: bytes | None) -> str | None:
    return keys.open_for_client(clinic_id, binding, blob)


def open_body(message: InboundMessage) -> str | None:
    return _open(message.clinic_id, _body_binding(message), message.body_sealed)


# --- reading (the job) -------------------------------------------------------------


def is_opt_out(text: str) -> bool:
    """Is the whole reply an opt-out keyword ("STOP", "İPTAL SMS 🙏", "dur.")?"""
    plain = "".join(
        ch
        for ch in unicodedata.normalize("NFD", fold(text).replace("ı", "i"))
        if not unicodedata.combining(ch)
    )
    return " ".join(re.findall(r"[a-z0-9]+", plain)) in OPT_OUT_PHRASES


def waiting_messages(older_than: timedelta) -> list[uuid.UUID]:
    """Whole replies still unread after `older_than` (their job never ran), any clinic."""
    now = clock.now()
    return list(
        db.session.scalars(
            sa.select(InboundMessage.id)
            .where(
                InboundMessage.state == InboundState.NEW,
                InboundMessage.received_at < now - older_than,
                InboundMessage.received_at >= now - CATCH_UP_WINDOW,
            )
            .order_by(InboundMessage.received_at)
            .limit(500)
            .execution_options(all_clinics=True)
        )
    )


def interpret_message(message_id: uuid.UUID) -> str | None:
    """Read one whole reply once and act on it (`services.replies` holds the policy). An
    opt-out, by keyword or as the assistant reads it, is applied and confirmed once;
    the opt-out is committed before its confirmation is sent."""
    message = db.session.scalars(
        sa.select(InboundMessage)
        .where(InboundMessage.id == message_id)
        .execution_options(all_clinics=True)
    ).first()
    if message is None or message.state is not InboundState.NEW:
        return None
    with clinic_scope(message.clinic_id):
        if db.session.get_one(Client, message.client_id).restricted_at is not None:
            return _forward_unread(message)
        try:
            text = open_body(message) or ""
        except crypto.CryptoError:
            text = ""  # unreadable: a person decides
        if is_opt_out(text):
            reading = replies.keyword_opt_out()
        else:
            reading = replies.interpret(message, text)
        if reading.intent is Intent.OPT_OUT and not reading.urgent:
            return _apply_opt_out(message, reading)
        return replies.apply(message_id, reading)


def _forward_unread(message: InboundMessage) -> str | None:
    """The client's processing is restricted: the assistant does not read the reply.
    It goes to a person, shown in full only to the treating therapist (unread, it may
    be clinical)."""
    if not _move_on(message, InboundState.FORWARDED, clinical=True):
        db.session.rollback()
        return None
    audit.record(
        None,
        "assistant.reply_not_read",
        message,
        message.clinic_id,
        actor_kind="assistant",
        reason="restricted",
    )
    db.session.commit()
    return InboundState.FORWARDED.value


def _apply_opt_out(message: InboundMessage, reading: ReplyIntent) -> str | None:
    person = reading.forward or reading.clinical
    state = InboundState.FORWARDED if person else InboundState.HANDLED
    if not _move_on(
        message,
        state,
        intent=Intent.OPT_OUT.value,
        tier=reading.tier.value,
        clinical=reading.clinical,
    ):
        db.session.rollback()
        return None  # another run read it first
    client = db.session.get_one(Client, message.client_id)
    confirm = _opt_out(client, message)
    replies.audit_decision(message, reading, "opted_out" if confirm else "opted_out_before")
    db.session.commit()
    if confirm:
        _confirm_opt_out(client, message.id)
        db.session.commit()
    return state.value


def _move_on(message: InboundMessage, state: InboundState, **values: object) -> bool:
    lock_for_write()
    return (
        db.session.execute(
            sa.update(InboundMessage)
            .where(InboundMessage.id == message.id, InboundMessage.state == InboundState.NEW)
            .values(state=state, **values)
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def _opt_out(client: Client, message: InboundMessage) -> bool:
    """Stop all SMS to the client; False if they had opted out already."""
    done = db.session.execute(
        sa.update(Client)
        .where(Client.id == client.id, Client.opted_out_at.is_(None))
        .values(opted_out_at=clock.now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if not done:
        return False
    reminders.cancel_for_client(client.id)
    audit.record(
        None, "sms.opted_out", client, client.clinic_id, actor_kind=ACTOR, message=str(message.id)
    )
    return True


def _confirm_opt_out(client: Client, message_id: uuid.UUID) -> None:
    """The one answer to a STOP, sent at once (quiet hours do not apply to it)."""
    clinic = db.session.get_one(Clinic, client.clinic_id)
    details = clients.reveal(client)
    text = OPT_OUT_CONFIRMATION["en" if client.language == "en" else "tr"]
    try:
        result = sms_routes.send_now(
            clinic.id,
            client.id,
            details.phone or "",
            text.format(clinic=clinic.name),
            client_ref=f"optout:{message_id}",
        )
    except sms.SmsFailure as exc:
        log.warning("opt-out confirmation for message %s not sent: %s", message_id, exc.status)
        outcome = {"sent": False, "status": exc.status}
    else:
        outcome = {"sent": True, "parts": result.parts}
    audit.record(
        None,
        "sms.opt_out_confirmed",
        client,
        client.clinic_id,
        message=str(message_id),
        **outcome,
    )
