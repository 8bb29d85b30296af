"""Private iCalendar feeds: a therapist's sessions for their own calendar app.

The URL's token is the only key (calendar apps send no cookies), so it carries 256
random bits and only its SHA-256 is stored. A feed shows times, the client's
initials and the session type: never names, contact details, notes or links."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from icalendar import Calendar, Event

from app import clock, labels
from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    CalendarFeed,
    Client,
    Clinic,
    Membership,
    Role,
)
from app.models.scoping import clinic_scope
from app.services import clients
from app.services.active_members import of_active_member
from app.textnorm import initials

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100
DAYS_BACK = 30
DAYS_AHEAD = 180
_TURKISH_UPPER = str.maketrans({"i": "İ", "ı": "I"})


def token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def active_feed(therapist_id: uuid.UUID) -> CalendarFeed | None:
    return db.session.scalars(
        sa.select(CalendarFeed)
        .where(CalendarFeed.therapist_id == therapist_id, CalendarFeed.revoked_at.is_(None))
        .order_by(CalendarFeed.created_at.desc())
    ).first()


def create_feed(clinic_id: uuid.UUID, therapist_id: uuid.UUID) -> tuple[CalendarFeed, str]:
    """A new feed replacing any earlier one; the token is returned here and never again."""
    revoke_feeds(therapist_id)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(
        clinic_id=clinic_id,
        therapist_id=therapist_id,
        token_hash=token_digest(token),
        created_at=clock.now(),
    )
    db.session.add(feed)
    db.session.flush()
    return feed, token


def revoke_feeds(therapist_id: uuid.UUID) -> int:
    """Revoke the therapist's live feeds; return how many there were."""
    feeds = db.session.scalars(
        sa.select(CalendarFeed).where(
            CalendarFeed.therapist_id == therapist_id, CalendarFeed.revoked_at.is_(None)
        )
    ).all()
    for feed in feeds:
        feed.revoked_at = clock.now()
    db.session.flush()
    return len(feeds)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed a URL's token opens, whatever the clinic; None for a revoked or
    unknown token, or a therapist who left the clinic or was deactivated."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    statement = of_active_member(
        sa.select(CalendarFeed), CalendarFeed.therapist_id, CalendarFeed.clinic_id
    ).where(
        CalendarFeed.token_hash == token_digest(token),
        CalendarFeed.revoked_at.is_(None),
        Membership.role == Role.THERAPIST,
    )
    # the token alone says which clinic
    return db.session.scalars(statement.execution_options(all_clinics=True)).first()


def client_initials(name: str) -> str:
    """ "Elif Kaya" → "E.K."; "ışıl İnan" → "I.İ." (upper case the Turkish way)."""
    return "".join(f"{letter.translate(_TURKISH_UPPER).upper()}." for letter in initials(name))


def feed_calendar(feed: CalendarFeed) -> tuple[bytes, int]:
    """The feed's iCalendar text and how many sessions it holds: the therapist's
    sessions that are not cancelled, from DAYS_BACK ago to DAYS_AHEAD from now."""
    now = clock.now()
    with clinic_scope(feed.clinic_id):
        clinic = db.session.get(Clinic, feed.clinic_id)
        rows = db.session.execute(
            sa.select(Appointment, Client)
            .join(Client, Client.id == Appointment.client_id)
            .where(
                Appointment.clinic_id == feed.clinic_id,
                Appointment.therapist_id == feed.therapist_id,
                Appointment.status != AppointmentStatus.CANCELLED,
                Appointment.start_at >= now - timedelta(days=DAYS_BACK),
                Appointment.start_at < now + timedelta(days=DAYS_AHEAD),
            )
            .order_by(Appointment.start_at)
        ).all()
        calendar = _calendar()
        names: dict[uuid.UUID, str] = {}
        with force_locale(clinic.locale if clinic else "tr"):
            for appointment, client in rows:
                if client.id not in names:
                    names[client.id] = client_initials(clients.reveal(client).name)
                kind = labels.session_type_label(appointment.session_type)
                summary = " · ".join(part for part in (names[client.id], kind) if part)
                calendar.add_component(_event(appointment, summary, now))
    return calendar.to_ical(), len(rows)


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Seans//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Seans")
    return calendar


def _event(appointment: Appointment, summary: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{appointment.id}@seans")
    event.add("dtstamp", now)
    event.add("last-modified", appointment.updated_at)
    event.add("dtstart", appointment.start_at)
    event.add("dtend", appointment.end_at)
    event.add("summary", summary)
    event.add("transp", "OPAQUE")
    return event
