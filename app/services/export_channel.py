"""Where a client's export link may go: their own mobile number, and no one else's.

The link opens everything the clinic keeps about the client, so no one at the clinic ever
holds it (issue 16, the pen test's Medium finding): it is texted to the mobile number on
file and never shown, copied or kept. A number counts as the client's once it has been on
file for PHONE_SETTLES: one added or changed more recently may be one the person at the
desk has just typed, their own. The change itself is in the audit log (`client.updated`
naming "phone", with who made it), and meanwhile the client's reminders go to the new
number. The number given when the client was added counts from the start: there was no
earlier record for someone to take over. The app has no e-mail channel, so an address on
file is never used for the link.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale, gettext

from app import clock, sms
from app.extensions import db
from app.models import AuditEvent, Client, Clinic, ConsentKind, User
from app.services import audit, clients, consent, sms_routes

PHONE_SETTLES = timedelta(days=14)
# The audit row the client page's edit form leaves; its "fields" name what changed.
CLIENT_UPDATED = "client.updated"
MOBILE = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


class Problem(enum.StrEnum):
    NO_PHONE = "no_phone"  # no number on file, or not a mobile one
    NO_SMS = "no_sms"  # no SMS consent in force, or they replied STOP
    NEW_PHONE = "new_phone"  # added or changed within PHONE_SETTLES


@dataclass(frozen=True)
class Reach:
    """Whether the link can be texted now, as staff may be told: never the number."""

    problem: Problem | None
    changed_at: datetime | None = None  # NEW_PHONE: when the number was changed
    usable_from: datetime | None = None  # NEW_PHONE: when it counts as the client's

    @property
    def ok(self) -> bool:
        return self.problem is None


def reach(client: Client) -> Reach:
    """Whether the client's export link can be texted to them now, and if not, why."""
    return check(client)[0]


def check(client: Client) -> tuple[Reach, str | None]:
    """`reach`, with the number to text the link to when there is no problem."""
    phone = clients.reveal(client).phone
    if not phone or not _mobile(phone):
        return Reach(Problem.NO_PHONE), None
    if client.opted_out_at is not None or not consent.has_consent(client.id, ConsentKind.SMS):
        return Reach(Problem.NO_SMS), None
    changed = phone_changed_at(client)
    if changed is not None and clock.now() < changed + PHONE_SETTLES:
        return Reach(Problem.NEW_PHONE, changed, changed + PHONE_SETTLES), None
    return Reach(None), phone


def _mobile(phone: str) -> bool:
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in MOBILE


def phone_changed_at(client: Client) -> datetime | None:
    """When staff last added or changed the client's number (None: it is the one they
    were added with). Read from the audit log, which no one can rewrite."""
    rows = db.session.execute(
        sa.select(AuditEvent.at, AuditEvent.details)
        .where(
            AuditEvent.chain == str(client.clinic_id),
            AuditEvent.action == CLIENT_UPDATED,
            AuditEvent.object_type == Client.__tablename__,
            AuditEvent.object_id == str(client.id),
        )
        .order_by(AuditEvent.seq.desc())
    )
    for at, details in rows:
        if "phone" in json.loads(details or "{}").get("fields", ()):
            return at
    return None


def text_link(
    client: Client, user: User, phone: str, url: str, expires_at: datetime, **details: str
) -> bool:
    """Text the link to the client now, from the clinic's sender; audited by outcome,
    never by text. True if the provider took it."""
    clinic = db.session.get_one(Clinic, client.clinic_id)
    local_day = expires_at.astimezone(ZoneInfo(clinic.timezone)).date()
    with force_locale(client.language):
        text = gettext(
            "%(clinic)s: the copy of your data you asked for is ready: %(url)s "
            "(the link works until %(date)s)",
            clinic=clinic.name,
            url=url,
            date=format_date(local_day, "long", locale=client.language),
        )
    outcome: dict[str, object]
    try:
        result = sms_routes.send_now(clinic.id, client.id, phone, text, None)
    except sms.SmsFailure as exc:
        outcome = {"sent": False, "status": exc.status}
    else:
        outcome = {"sent": True, "parts": result.parts}
    audit.record(user, "export.link_texted", client, client.clinic_id, **outcome, **details)
    return bool(outcome["sent"])
