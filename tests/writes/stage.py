"""What a recipe builds: each writer's request (`Call`), the rows it needs (`Stage`),
and the checks that find its write afterwards."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from conftest import PASSWORD, Browser

from app import clock
from app.extensions import db
from app.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    ConsentKind,
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    Note,
    NoteTemplate,
    Recording,
    RecordingState,
    Role,
    User,
)
from app.models.scoping import clinic_scope
from app.services import (
    appointments,
    clients,
    consent,
    feeds,
    links,
    notes,
    recordings,
    second_factor,
    users,
)

WRITERS = 8
WAV = b"RIFF" + b"\x00" * 60


@dataclass
class Call:
    """One writer's request, and how to tell afterwards that its write is there."""

    url: str
    # Form fields, raw bytes (a recording's chunk), or a function called just before the
    # race (a TOTP code or a webhook's signature must be fresh when it is sent).
    data: dict[str, Any] | bytes | Callable[[], dict[str, Any]] | None = None
    present: Callable[[], bool] = lambda: True
    who: str | None = None  # whose session the browser holds; None: no session
    before: Callable[[Browser], None] | None = None  # steps in this browser before the race
    method: str = "POST"
    headers: dict[str, str] = field(default_factory=dict)


Build = Callable[["Stage", int], Call]


class Stage:
    """Makes the rows writers need, in clinic A of the `world` fixture (and commits)."""

    def __init__(self, world: Any, clock: Callable[[], datetime]) -> None:
        self.world = world
        self.now = clock  # the test's fake clock, readable outside an app context
        self.made = 0
        self.therapist_id: uuid.UUID | None = None  # the route's own, for its sessions
        self.booked = 0

    def _next(self) -> int:
        self.made += 1
        return self.made

    @property
    def clinic(self) -> Clinic:
        return db.session.get_one(Clinic, self.world.clinic_id)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.clinic.timezone)

    def email(self, role: str) -> str:
        return self.world.emails[role]

    def member(self, role: Role = Role.RECEPTIONIST, clinic_id: uuid.UUID | None = None) -> User:
        """A new member of the clinic (its own e-mail; the shared test password)."""
        clinic_id = clinic_id or self.world.clinic_id
        with clinic_scope(clinic_id):
            user = users.create_user(
                clinic_id, f"w{self._next()}-{uuid.uuid4().hex[:6]}@a.test", "Yazan", PASSWORD, role
            )
            db.session.flush()
        return user

    def client(self, phone: str | None = None, name: str = "Elif Kaya") -> Client:
        phone = phone or f"0532 {self._next():03d} {uuid.uuid4().int % 10000:04d}"
        row = clients.create_client(self.world.clinic_id, name, phone)
        db.session.flush()
        return row

    def session(
        self,
        therapist: User | None = None,
        client: Client | None = None,
        *,
        days: int = 2,
        at: time = time(12),
    ) -> Appointment:
        """A session of a client of its own, `days` after today at `at` (local), with
        `therapist` or else the route's therapist (each of its sessions 90 minutes later)."""
        day = clock.now().astimezone(self.zone).date() + timedelta(days=days)
        start = datetime.combine(day, at, tzinfo=self.zone)
        if therapist is None:
            if self.therapist_id is None:
                self.therapist_id = self.member(Role.THERAPIST).id
            therapist = db.session.get_one(User, self.therapist_id)
            start += timedelta(minutes=90 * self.booked)  # past any buffer the race set
            self.booked += 1
        client = client or self.client()
        row = appointments.book_appointment(
            self.clinic, therapist.id, client.id, start, "individual", override_hours=True
        )
        db.session.flush()
        return row

    def note(self, appointment: Appointment, **fields: str) -> Note:
        therapist = db.session.get_one(User, appointment.therapist_id)
        row = notes.start_note(appointment, therapist, NoteTemplate.FREE)
        if fields:
            notes.save_draft(row, therapist, fields, row.version)
        db.session.flush()
        return row

    def data_request(self, client: Client, kind: DataRequestKind) -> DataRequest:
        now = clock.now()
        row = DataRequest(
            clinic_id=client.clinic_id,
            client_id=client.id,
            kind=kind,
            source="staff",
            received_at=now,
            due_at=now + timedelta(days=30),
        )
        db.session.add(row)
        db.session.flush()
        return row

    def consent_link(self, client: Client) -> str:
        token = links.issue_link(client, links.CONSENT, created_by=None)
        db.session.flush()
        return token

    def appointment_link(self, appointment: Appointment) -> str:
        token = links.issue_system_link(
            db.session.get_one(Client, appointment.client_id), appointment
        )
        db.session.flush()
        return token

    def allow_audio(self, therapist: User, client: Client) -> None:
        """Audio notes on for the clinic and `therapist`, recording consent from `client`."""
        self.clinic.audio_notes_enabled = True
        therapist.audio_notes_enabled = True
        consent.record_consent(
            client, ConsentKind.RECORDING, ConsentMethod.PAPER, recorded_by=therapist
        )
        db.session.flush()

    def recording(self, *, chunk: bool = False, failed: bool = False) -> Recording:
        appointment = self.session()
        therapist = db.session.get_one(User, appointment.therapist_id)
        client = db.session.get_one(Client, appointment.client_id)
        self.allow_audio(therapist, client)
        row = recordings.start(appointment, therapist, "audio/wav", "tr")
        if chunk or failed:
            recordings.add_chunk(row, therapist, 0, WAV)
        if failed:
            row.state, row.reason = RecordingState.FAILED, "engine"
        db.session.flush()
        return row

    def enrolled(self, user: User) -> str:
        """Turn the second factor on for `user`; its seed, base32."""
        enrolment = second_factor.begin_enrolment(user)
        assert second_factor.confirm_enrolment(
            user, code_for(enrolment.secret_base32, self.now), self.world.clinic_id
        )
        db.session.flush()
        return enrolment.secret_base32


def code_for(secret: str, now: Callable[[], datetime], steps: int = 0) -> str:
    """The authenticator's code on the test's clock (`steps` later: a spent one's next)."""
    raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int(now().timestamp()) // second_factor.STEP_SECONDS + steps
    return second_factor.hotp(raw, step)


# --- checks, each run after the race in an app context inside clinic A's scope --------


def audited(action: str, actor: User | uuid.UUID, **where: Any) -> Callable[[], bool]:
    """The write's audit row, made in its transaction: by this writer, of this action."""
    actor_id = actor if isinstance(actor, uuid.UUID) else actor.id
    query = sa.select(sa.func.count()).select_from(AuditEvent)
    query = query.where(AuditEvent.action == action, AuditEvent.actor_id == actor_id)
    for name, value in where.items():
        query = query.where(getattr(AuditEvent, name) == str(value))
    return lambda: db.session.scalar(query) > 0


SET = object()  # in `row_is`: the column holds some value


def row_is(model: type, row_id: Any, **expected: Any) -> Callable[[], bool]:
    """The row, read again, holds these values (`SET`: any value but NULL)."""

    def check() -> bool:
        row = db.session.get(model, row_id)
        return row is not None and all(
            (getattr(row, name) is not None if value is SET else getattr(row, name) == value)
            for name, value in expected.items()
        )

    return check


def gone(model: type, row_id: Any) -> Callable[[], bool]:
    return lambda: db.session.get(model, row_id) is None


def exists(query: sa.Select) -> Callable[[], bool]:
    return lambda: db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) > 0


def consented(client_id: uuid.UUID, *, given: bool = True) -> Callable[[], bool]:
    return lambda: consent.has_consent(client_id, ConsentKind.SMS) is given


def feed_live(therapist_id: uuid.UUID, *, live: bool = True) -> Callable[[], bool]:
    return lambda: (feeds.active_feed(therapist_id) is not None) is live
