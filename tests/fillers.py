"""URL values that must name real rows, for the tests that walk every route.

Each filler runs inside an app context, makes (or finds) its row in the `world`
fixture's clinic A and commits, so a route that loads the row finds it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from app import clock
from app.crypto import Binding
from app.extensions import db
from app.models import (
    AccountLink,
    AccountLinkPurpose,
    Appointment,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    InboundMessage,
    InboundState,
    NoteTemplate,
    Role,
    User,
    WeeklyHours,
)
from app.models.scoping import clinic_scope
from app.services import (
    account_links,
    client_requests,
    consent,
    emergency,
    feeds,
    hours,
    keys,
    links,
    notes,
    recordings,
    users,
)


def _clinic(world) -> Clinic:
    return db.session.get(Clinic, world.clinic_id)


def feed_token(world) -> str:
    """A live feed token. It belongs to the other therapist, so that routes which make
    or revoke the treating therapist's feed leave it working."""
    with clinic_scope(world.clinic_id):
        _, token = feeds.create_feed(world.clinic_id, world.user_ids["other_therapist"])
        db.session.commit()
    return token


def link_token(world) -> str:
    """A live consent link for the world's client (it replaces any earlier one)."""
    with clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        receptionist = db.session.get(User, world.user_ids["receptionist"])
        token = links.issue_link(client, links.CONSENT, created_by=receptionist)
        db.session.commit()
    return token


def appointment_token(world) -> str:
    """A live appointment link for the world's session, as a reminder would carry."""
    with clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        client = db.session.get(Client, appointment.client_id)
        token = links.issue_system_link(client, appointment)
        db.session.commit()
    return token


def request_id(world) -> uuid.UUID:
    """A pending request to move the world's session to Tuesday 11:00 (Istanbul)."""
    with clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        start = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
        row = client_requests.ask_reschedule(appointment, start, source="link")
        db.session.commit()
        return row.id


def message_id(world) -> uuid.UUID:
    """A reply from the world's client, forwarded to a person (not clinical). Made
    directly: the walk may have archived the client, and then no phone matches."""
    with clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        row = InboundMessage(
            clinic_id=world.clinic_id,
            client_id=client.id,
            provider_key=uuid.uuid4().hex[:16].upper(),
            state=InboundState.FORWARDED,
            received_at=clock.now(),
        )
        binding = Binding("inbound_messages", "body_sealed", str(row.id), str(row.clinic_id))
        row.body_sealed = keys.seal_for_client(client, binding, "Merhaba, otopark var mı?")
        db.session.add(row)
        db.session.commit()
        return row.id


def data_request_id(world) -> uuid.UUID:
    """An open access request from the world's client (a copy of their data), due in 30 days."""
    with clinic_scope(world.clinic_id):
        now = clock.now()
        row = DataRequest(
            clinic_id=world.clinic_id,
            client_id=world.client_id,
            kind=DataRequestKind.ACCESS,
            source="staff",
            received_at=now,
            due_at=now + timedelta(days=30),
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def export_token(world) -> str:
    """A live export link for the world's client, made for an open access request."""
    data_request_id(world)
    with clinic_scope(world.clinic_id):
        client = db.session.get(Client, world.client_id)
        receptionist = db.session.get(User, world.user_ids["receptionist"])
        token = links.issue_link(client, links.EXPORT, created_by=receptionist)
        db.session.commit()
    return token


def hours_id(world) -> int:
    with clinic_scope(world.clinic_id):
        found = db.session.scalar(
            sa.select(sa.func.min(WeeklyHours.id)).where(
                WeeklyHours.therapist_id == world.user_ids["therapist"]
            )
        )
    assert found is not None, "the therapist has no weekly hours left"
    return found


def time_off_id(world) -> uuid.UUID:
    with clinic_scope(world.clinic_id):
        row = hours.add_time_off(
            _clinic(world), world.user_ids["therapist"], date(2027, 1, 4), reason="Leave"
        )
        db.session.commit()
        return row.id


def holiday_id(world) -> uuid.UUID:
    with clinic_scope(world.clinic_id):
        row = hours.add_holiday(_clinic(world), date(2027, 1, 1), reason="New Year")
        db.session.commit()
        return row.id


def grant_id(world) -> uuid.UUID:
    """A break-glass grant on a note of the treating therapist's session."""
    with clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        therapist = db.session.get(User, world.user_ids["therapist"])
        admin = db.session.get(User, world.user_ids["admin"])
        note = notes.start_note(appointment, therapist, NoteTemplate.FREE)
        grant = emergency.open_access(note, admin, "Client in crisis, therapist unreachable")
        db.session.commit()
        return grant.id


def allow_recording(world) -> None:
    """Audio notes on for clinic A and its therapist, the client active with recording
    consent in force: what the record routes need before they serve anyone."""
    with clinic_scope(world.clinic_id):
        _clinic(world).audio_notes_enabled = True
        therapist = db.session.get(User, world.user_ids["therapist"])
        therapist.audio_notes_enabled = True
        client = db.session.get(Client, world.client_id)
        client.archived_at = client.restricted_at = None
        if not consent.has_consent(client.id, ConsentKind.RECORDING):
            consent.record_consent(
                client, ConsentKind.RECORDING, ConsentMethod.PAPER, recorded_by=therapist
            )
        db.session.commit()


def recording_id(world) -> uuid.UUID:
    """A recording of the treating therapist's, still taking chunks."""
    allow_recording(world)
    with clinic_scope(world.clinic_id):
        appointment = db.session.get(Appointment, world.appointment_id)
        therapist = db.session.get(User, world.user_ids["therapist"])
        recording = recordings.start(appointment, therapist, "audio/webm", "tr")
        db.session.commit()
        return recording.id


def staff_member(world) -> uuid.UUID:
    """A receptionist of clinic A made for one route, so that a route which deactivates
    or demotes its user leaves every player of the walk able to sign in."""
    with clinic_scope(world.clinic_id):
        user = users.create_user(
            world.clinic_id,
            f"{uuid.uuid4().hex[:12]}@a.test",
            "Walk Member",
            "x" * 12,
            Role.RECEPTIONIST,
        )
        db.session.commit()
        return user.id


def shared_token(world) -> str:
    """One string for every route variable named `token`: a live calendar feed of the
    other therapist's and a live invitation link of a new member of clinic A. The walks
    fill variables by name, and both kinds of link call theirs `token`."""
    token = feed_token(world)
    user_id = staff_member(world)
    with clinic_scope(world.clinic_id):
        db.session.add(
            AccountLink(
                clinic_id=world.clinic_id,
                user_id=user_id,
                purpose=AccountLinkPurpose.INVITE,
                token_hash=account_links.token_digest(token),
                created_by_id=world.user_ids["admin"],
                expires_at=clock.now() + account_links.VALID_FOR,
            )
        )
        db.session.commit()
    return token


ROWS: dict[str, Callable] = {
    "recording_id": recording_id,
    "index": lambda world: 0,
    "kind": lambda world: "reminder_24h",  # a message text: no row needed
    "language": lambda world: "tr",
    "grant_id": grant_id,
    "token": shared_token,
    "user_id": staff_member,
    "link_token": link_token,
    "appointment_token": appointment_token,
    "request_id": request_id,
    "message_id": message_id,
    "data_request_id": data_request_id,
    "export_token": export_token,
    "hours_id": hours_id,
    "time_off_id": time_off_id,
    "holiday_id": holiday_id,
    "clinic_slug": lambda world: "clinic-a",
}
