"""Recipes for the calendar: sessions, commands, client requests, feeds, notes,
recordings and break-glass."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app import clock
from app.extensions import db
from app.models import (
    Appointment,
    AppointmentStatus,
    Client,
    EmergencyAccess,
    Note,
    NoteStatus,
    NoteVersion,
    Recording,
    RecordingState,
    RequestState,
    RescheduleRequest,
    Role,
    User,
)
from app.services import (
    client_requests,
    emergency,
    feeds,
    notes,
)
from writes.stage import (
    SET,
    WAV,
    Build,
    Call,
    Stage,
    audited,
    exists,
    feed_live,
    row_is,
)

# --- the calendar ---------------------------------------------------------------------


def _local(s: Stage, days: int, at: time) -> datetime:
    """`days` after today at `at`, in the clinic's zone."""
    day = clock.now().astimezone(s.zone).date() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=s.zone)


def _book(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    client = s.client()
    start = _local(s, 3, time(14))
    booked = sa.select(Appointment).where(
        Appointment.therapist_id == therapist.id, Appointment.start_at == start
    )
    fields = {
        "therapist_id": str(therapist.id),
        "client_id": str(client.id),
        "session_type": "individual",
        "date": start.date().isoformat(),
        "time": "14:00",
        "duration": "50",
        "override_hours": "y",
    }
    return Call("/appointments/", fields, exists(booked), s.email("receptionist"))


def _move(s: Stage, n: int) -> Call:
    appointment = s.session()
    start = appointment.start_at.astimezone(s.zone) + timedelta(days=2)
    fields = {
        "therapist_id": str(appointment.therapist_id),
        "date": start.date().isoformat(),
        "time": start.strftime("%H:%M"),
        "duration": "50",
        "override_hours": "y",
        "following": "0",
    }
    return Call(
        f"/appointments/{appointment.id}/move",
        fields,
        row_is(Appointment, appointment.id, start_at=start),
        s.email("receptionist"),
    )


def _details(s: Stage, n: int) -> Call:
    appointment = s.session()
    link = f"https://meet.example/{n}"
    return Call(
        f"/appointments/{appointment.id}/details",
        {"session_type": "online", "video_link": link},
        row_is(Appointment, appointment.id, session_type="online", video_link=link),
        s.email("receptionist"),
    )


def _cancel(s: Stage, n: int) -> Call:
    appointment = s.session()
    return Call(
        f"/appointments/{appointment.id}/cancel",
        {"reason": "client", "following": "0"},
        row_is(Appointment, appointment.id, status=AppointmentStatus.CANCELLED),
        s.email("receptionist"),
    )


def _attendance(s: Stage, n: int) -> Call:
    appointment = s.session()
    return Call(
        f"/appointments/{appointment.id}/attendance",
        {"status": "attended"},
        row_is(Appointment, appointment.id, status=AppointmentStatus.ATTENDED),
        s.email("receptionist"),
    )


def _command(url: str) -> Build:
    """A therapist's own command for tomorrow 14:00 with the client they treat."""

    def build(s: Stage, n: int) -> Call:
        therapist = s.member(Role.THERAPIST)
        client = s.client()
        s.session(therapist, client, days=5)
        start = _local(s, 1, time(14))
        if url.endswith("preview"):
            present = audited("command.previewed", therapist)
        else:
            present = exists(
                sa.select(Appointment).where(
                    Appointment.therapist_id == therapist.id, Appointment.start_at == start
                )
            )
        return Call(url, {"text": "E.K. yarın 14:00 seans"}, present, therapist.email)

    return build


# --- notes, recordings, break-glass ---------------------------------------------------


def _note_start(s: Stage, n: int) -> Call:
    appointment = s.session()
    therapist = db.session.get_one(User, appointment.therapist_id)
    return Call(
        f"/appointments/{appointment.id}/note/start",
        {"template": "free"},
        exists(sa.select(Note).where(Note.appointment_id == appointment.id)),
        therapist.email,
    )


def _on_note(
    suffix: str,
    fields: Callable[[Note], dict[str, Any]],
    expected: Callable[[Note], Callable[[], bool]],
    prepare: Callable[[Stage, Note], None] | None = None,
) -> Build:
    def build(s: Stage, n: int) -> Call:
        appointment = s.session()
        note = s.note(appointment, text="İlk taslak")
        if prepare:
            prepare(s, note)
        therapist = db.session.get_one(User, appointment.therapist_id)
        return Call(
            f"/appointments/{appointment.id}/note{suffix}",
            fields(note),
            expected(note),
            therapist.email,
        )

    return build


def _signed(s: Stage, note: Note) -> None:
    notes.sign_note(note, db.session.get_one(User, note.therapist_id), note.version)
    db.session.flush()


def _with_transcript(s: Stage, note: Note) -> None:
    notes.attach_transcript(note, "Sesli notun dökümü")
    db.session.flush()


def _emergency_open(s: Stage, n: int) -> Call:
    appointment = s.session()
    note = s.note(appointment, text="Kriz")
    admin = s.member(Role.ADMIN)
    return Call(
        f"/appointments/{appointment.id}/note/emergency",
        {"reason": "Client in crisis, therapist unreachable by phone"},
        exists(
            sa.select(EmergencyAccess).where(
                EmergencyAccess.note_id == note.id, EmergencyAccess.admin_id == admin.id
            )
        ),
        admin.email,
    )


def _emergency_seen(s: Stage, n: int) -> Call:
    appointment = s.session()
    note = s.note(appointment, text="Kriz")
    admin = db.session.get_one(User, s.world.user_ids["admin"])
    grant = emergency.open_access(note, admin, "Client in crisis, therapist unreachable")
    db.session.flush()
    therapist = db.session.get_one(User, appointment.therapist_id)
    return Call(
        f"/emergency-access/{grant.id}/seen",
        present=row_is(EmergencyAccess, grant.id, seen_at=SET),
        who=therapist.email,
    )


def _recording_start(s: Stage, n: int) -> Call:
    appointment = s.session()
    therapist = db.session.get_one(User, appointment.therapist_id)
    client = db.session.get_one(Client, appointment.client_id)
    s.allow_audio(therapist, client)
    return Call(
        f"/appointments/{appointment.id}/recordings",
        {"type": "audio/wav", "language": "tr"},
        exists(sa.select(Recording).where(Recording.appointment_id == appointment.id)),
        therapist.email,
    )


def _on_recording(
    suffix: str, expected: dict[str, Any], *, chunk: bool = False, failed: bool = False
) -> Build:
    def build(s: Stage, n: int) -> Call:
        row = s.recording(chunk=chunk, failed=failed)
        therapist = db.session.get_one(User, row.therapist_id)
        return Call(
            f"/recordings/{row.id}/{suffix}",
            present=row_is(Recording, row.id, **expected),
            who=therapist.email,
        )

    return build


def _chunk(s: Stage, n: int) -> Call:
    row = s.recording()
    therapist = db.session.get_one(User, row.therapist_id)
    return Call(
        f"/recordings/{row.id}/chunks/0",
        WAV,
        row_is(Recording, row.id, chunks=1),
        therapist.email,
        method="PUT",
        headers={"Content-Type": "application/octet-stream"},
    )


# --- feeds, inbox, requests, message texts --------------------------------------------


def _feed_create(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    return Call(
        f"/therapists/{therapist.id}/calendar-feed",
        present=feed_live(therapist.id),
        who=therapist.email,
    )


def _feed_revoke(s: Stage, n: int) -> Call:
    therapist = s.member(Role.THERAPIST)
    feeds.create_feed(s.world.clinic_id, therapist.id)
    db.session.flush()
    return Call(
        f"/therapists/{therapist.id}/calendar-feed/revoke",
        present=feed_live(therapist.id, live=False),
        who=therapist.email,
    )


def _reschedule_request(s: Stage) -> tuple[Appointment, RescheduleRequest]:
    appointment = s.session(s.member(Role.THERAPIST))  # the new times all at 11:00
    start = _local(s, 3, time(11))
    row = client_requests.ask_reschedule(appointment, start, source="link")
    db.session.flush()
    return appointment, row


def _approve(s: Stage, n: int) -> Call:
    appointment, row = _reschedule_request(s)
    return Call(
        f"/requests/{row.id}/approve",
        present=row_is(Appointment, appointment.id, start_at=row.proposed_start),
        who=s.email("receptionist"),
    )


def _decline(s: Stage, n: int) -> Call:
    _appointment, row = _reschedule_request(s)
    return Call(
        f"/requests/{row.id}/decline",
        present=row_is(RescheduleRequest, row.id, state=RequestState.DECLINED),
        who=s.email("receptionist"),
    )


def _settle_late(s: Stage, n: int) -> Call:
    appointment = s.session(s.member(Role.THERAPIST), days=1, at=time(9))  # late: within a day
    client_requests.ask_late_cancel(appointment, hours=s.clinic.late_cancel_hours)
    db.session.flush()
    return Call(
        f"/requests/late/{appointment.id}",
        {"decision": "cancel"},
        row_is(Appointment, appointment.id, status=AppointmentStatus.CANCELLED),
        s.email("receptionist"),
    )


RECIPES: dict[str, Build] = {
    "appointments.create": _book,
    "appointments.move": _move,
    "appointments.details": _details,
    "appointments.cancel": _cancel,
    "appointments.attendance": _attendance,
    "commands.preview": _command("/commands/preview"),
    "commands.confirm": _command("/commands/confirm"),
    "requests.approve": _approve,
    "requests.decline": _decline,
    "requests.settle_late": _settle_late,
    "feeds.create": _feed_create,
    "feeds.revoke": _feed_revoke,
    "notes.start": _note_start,
    "notes.save": _on_note(
        "",
        lambda note: {"version": str(note.version), "text": "Kaydedilen metin"},
        lambda note: row_is(Note, note.id, version=note.version + 1),
    ),
    "notes.sign": _on_note(
        "/sign",
        lambda note: {"version": str(note.version), "confirm": "1"},
        lambda note: row_is(Note, note.id, status=NoteStatus.SIGNED),
    ),
    "notes.amend": _on_note(
        "/amend",
        lambda note: {"text": "Ek bilgi"},
        lambda note: exists(
            sa.select(NoteVersion).where(
                NoteVersion.note_id == note.id, NoteVersion.kind == "amendment"
            )
        ),
        _signed,
    ),
    "notes.accept_transcript": _on_note(
        "/transcript/accept",
        lambda note: {"transcript": "Döküm", "field": "text", "version": str(note.version)},
        lambda note: row_is(Note, note.id, transcript_sealed=None, version=note.version + 1),
        _with_transcript,
    ),
    "notes.discard_transcript": _on_note(
        "/transcript/discard",
        lambda note: None,
        lambda note: row_is(Note, note.id, transcript_sealed=None),
        _with_transcript,
    ),
    "emergency.open_access": _emergency_open,
    "emergency.seen": _emergency_seen,
    "recordings.start": _recording_start,
    "recordings.chunk": _chunk,
    "recordings.finish": _on_recording("finish", {"state": RecordingState.QUEUED}, chunk=True),
    "recordings.discard": _on_recording("discard", {"state": RecordingState.DISCARDED}),
    "recordings.retry": _on_recording("retry", {"state": RecordingState.QUEUED}, failed=True),
    "recordings.dismiss": _on_recording("dismiss", {"notice_dismissed_at": SET}, failed=True),
}
