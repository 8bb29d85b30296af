"""Which clinic, client and session an inbound SMS belongs to (issue 16).

A reply to a clinic's own number is that clinic's. A reply to the shared number belongs
to the clinic that last wrote to that phone from the shared number within
`SMS_ROUTE_DAYS` (14 by default), and within it to the client and session that message
was about; a clinic that never wrote to the phone never sees it, whatever clients it has
on file. Finding the route costs one indexed lookup whatever the number of clinics: the
phone is hashed with a key derived from each master key (one or two), not with each
clinic's blind-index key.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from app import clock, crypto, sms
from app.crypto import Binding
from app.extensions import db
from app.models import Clinic, SmsRoute, UnroutedSms
from app.services import keys

_ROUTING_INFO = b"seans sms routing v1"
_UNROUTED_INFO = b"seans unrouted sms v1"
UNROUTED_KEEP = timedelta(days=30)


@dataclass(frozen=True)
class Route:
    clinic_id: uuid.UUID
    client_id: uuid.UUID | None  # None: a clinic's own number, no conversation yet
    appointment_id: uuid.UUID | None


def window() -> timedelta:
    return timedelta(days=int(current_app.config.get("SMS_ROUTE_DAYS", 14)))


def number_digits(value: str | None) -> str:
    """A number as its digits ("+90 212 …" and "90212…" are one number); "" for a name
    such as an alphanumeric sender."""
    bare = (value or "").replace(" ", "").removeprefix("+")
    return bare if bare.isascii() and bare.isdigit() else ""


def _phone_hashes(phone_e164: str) -> dict[bytes, str]:
    """The phone's routing hash under every master key in the ring: hash → key id."""
    ring = keys.master_ring()
    ring.reload()
    return {
        crypto.blind_index(keys.platform_key(key_id, _ROUTING_INFO), "phone", phone_e164): key_id
        for key_id in ring.keys
    }


@dataclass(frozen=True)
class Wrote:
    """One text the clinic sent to a client at a phone (about a session)."""

    clinic_id: uuid.UUID
    client_id: uuid.UUID
    phone_e164: str
    appointment_id: uuid.UUID | None
    shared: bool
    at: datetime


def wrote(
    clinic_id: uuid.UUID,
    client_id: uuid.UUID,
    phone_e164: str,
    appointment_id: uuid.UUID | None,
    *,
    shared: bool,
    at: datetime | None = None,
) -> None:
    """Record that the clinic texted this client at this phone (about this session)."""
    wrote_all([Wrote(clinic_id, client_id, phone_e164, appointment_id, shared, at or clock.now())])


def wrote_all(texts: Iterable[Wrote]) -> None:
    """Record texts in the order sent, as `wrote` one by one would, but with one lookup for
    them all and one write a conversation (a send batch texts the same client often)."""
    ring = keys.master_ring()
    key = keys.platform_key(ring.active_id, _ROUTING_INFO)
    wanted: dict[tuple[bytes, uuid.UUID, uuid.UUID], dict[str, object]] = {}
    for text in texts:
        if not text.phone_e164:
            continue
        phone_hash = crypto.blind_index(key, "phone", text.phone_e164)
        values = wanted.setdefault((phone_hash, text.clinic_id, text.client_id), {})
        values.update(key_id=ring.active_id, shared=text.shared, last_sent_at=text.at)
        if text.appointment_id is not None:  # an answer in the conversation keeps its session
            values["appointment_id"] = text.appointment_id
    if not wanted:
        return
    existing = {
        (route.phone_hash, route.clinic_id, route.client_id): route
        for route in db.session.scalars(
            sa.select(SmsRoute)
            .where(SmsRoute.phone_hash.in_({phone_hash for phone_hash, _, _ in wanted}))
            .execution_options(all_clinics=True)
        )
    }
    for (phone_hash, clinic_id, client_id), values in wanted.items():
        route = existing.get((phone_hash, clinic_id, client_id))
        if route is not None:
            for name, value in values.items():
                setattr(route, name, value)
            continue
        try:
            with db.session.begin_nested():
                db.session.add(
                    SmsRoute(
                        phone_hash=phone_hash, clinic_id=clinic_id, client_id=client_id, **values
                    )
                )
        except IntegrityError:  # written meanwhile by another sender: theirs is as recent
            pass


def send_now(
    clinic_id: uuid.UUID,
    client_id: uuid.UUID,
    phone_e164: str,
    text: str,
    client_ref: str | None,
) -> sms.SendResult:
    """Send one text to a client at once, from the clinic's own number if it has one,
    and note the conversation (a reply to it is this clinic's). Raises `SmsFailure`."""
    own = db.session.scalars(sa.select(Clinic.sms_number).where(Clinic.id == clinic_id)).one()
    settings = sms.SmsSettings.from_config(current_app.config)
    result = sms.send_sms(settings, phone_e164, text, client_ref, own)
    wrote(clinic_id, client_id, phone_e164, None, shared=own is None)
    return result


def route(phone_e164: str, sent_to: str, now: datetime | None = None) -> Route | None:
    """The conversation a reply from `phone_e164` to our number `sent_to` belongs to."""
    now = now or clock.now()
    own = number_digits(sent_to)
    owner = (
        db.session.scalars(sa.select(Clinic.id).where(Clinic.sms_number == own)).first()
        if own
        else None
    )
    query = (
        sa.select(SmsRoute)
        .where(
            SmsRoute.phone_hash.in_(list(_phone_hashes(phone_e164))),
            SmsRoute.last_sent_at >= now - window(),
        )
        .order_by(SmsRoute.last_sent_at.desc(), SmsRoute.id)
        .limit(1)
        .execution_options(all_clinics=True)
    )
    if owner is not None:
        found = db.session.scalars(query.where(SmsRoute.clinic_id == owner)).first()
        if found is None:
            return Route(owner, None, None)
    else:
        found = db.session.scalars(query.where(SmsRoute.shared.is_(True))).first()
        if found is None:
            return None
    return Route(found.clinic_id, found.client_id, found.appointment_id)


def keep_unrouted(message_id: str, sent_to: str, phone: str, text: str) -> bool:
    """Keep a reply no clinic wrote to, sealed, for the platform operator; False if a
    repeated webhook had already kept it."""
    ring = keys.master_ring()
    row = UnroutedSms(provider_message_id=message_id, sent_to=sent_to[:32], sealed=b"")
    body = json.dumps({"from": phone, "text": text}, ensure_ascii=False).encode()
    row.sealed = crypto.seal(
        keys.platform_key(ring.active_id, _UNROUTED_INFO),
        ring.active_id,
        body,
        _unrouted_binding(row),
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True


def _unrouted_binding(row: UnroutedSms) -> Binding:
    if row.id is None:
        row.id = uuid.uuid4()
    return Binding("unrouted_sms", "sealed", str(row.id), "platform")


def read_unrouted() -> list[tuple[UnroutedSms, dict[str, str]]]:
    """The kept replies with their sender and text: the platform operator's view."""
    rows = db.session.scalars(sa.select(UnroutedSms).order_by(UnroutedSms.received_at)).all()
    out = []
    for row in rows:
        key_id = crypto.key_id_of(row.sealed)
        body = crypto.open_blob(
            keys.platform_key(key_id, _UNROUTED_INFO), row.sealed, _unrouted_binding(row)
        )
        out.append((row, json.loads(body)))
    return out


def prune(now: datetime) -> tuple[int, int]:
    """Forget routes older than the window and unrouted replies older than a month."""
    routes = db.session.execute(
        sa.delete(SmsRoute)
        .where(SmsRoute.last_sent_at < now - window())
        .execution_options(all_clinics=True)
    ).rowcount
    unrouted = db.session.execute(
        sa.delete(UnroutedSms).where(UnroutedSms.received_at < now - UNROUTED_KEEP)
    ).rowcount
    return routes, unrouted
