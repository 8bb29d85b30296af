"""Whom and what a staff command means: the clients a reference may name (through the
blind indexes, never by reading names in bulk), the therapist it names, a client's usual
therapist and their upcoming sessions. Read by `services.commands`; changes nothing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import sqlalchemy as sa

from app import clock
from app.assistant.textprep import prepare
from app.extensions import db
from app.models import Appointment
from app.models.appointment import ACTIVE_STATUSES
from app.services import calendar, clients, users
from app.textnorm import fold


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    label: str


def find_clients(clinic_id: uuid.UUID, ref: str, therapist_id: uuid.UUID | None) -> list[Choice]:
    """Clients the reference may mean, through the blind indexes (initials, or the
    beginnings of name words); a therapist only finds the clients they treat."""
    found = (
        clients.find_by_initials(clinic_id, ref)
        if clients.looks_like_initials(ref)
        else clients.find_by_name(clinic_id, ref)
    )
    if therapist_id is not None:
        found = [c for c in found if calendar.is_treating(therapist_id, c.id)]
    names = clients.reveal_names(clinic_id, [c.id for c in found])
    return sorted((Choice(i, n) for i, n in names.items()), key=lambda c: fold(c.label))


_THERAPIST_HINTS = (
    re.compile(r"\b(?:with|by)\s+(?:dr\W*)?([a-z]{3,})"),
    re.compile(r"\bdr\W*([a-z]{3,})"),
    re.compile(r"\b([a-z]{3,})(?:'?[a-z]{0,4})?\s+(?:hanim|bey|hoca)\w*(?:\s+ile\b|'?la\b|'?le\b)"),
    re.compile(r"\b([a-z]{3,})(?:'?[a-z]{0,4})?\s+(?:hanim|bey|hoca)\w*"),
    re.compile(r"\b([a-z]{3,})(?:\s+ile\b|'(?:la|le|yla|yle)\b)"),
)


def named_therapist(text: str, therapists: list[Choice]) -> Choice | None:
    """The therapist a command names ("with Dr. Ayşe", "Ayşe Hanım ile"), if exactly one
    of the clinic's therapists has a name word starting with it."""
    plain = prepare(text).plain
    for pattern in _THERAPIST_HINTS:
        for match in pattern.finditer(plain):
            word = match.group(1)
            hits = [
                t
                for t in therapists
                if any(w.startswith(word) for w in prepare(t.label).plain.split())
            ]
            if len(hits) == 1:
                return hits[0]
    return None


def therapist_list(clinic_id: uuid.UUID) -> list[Choice]:
    return [Choice(t.id, t.name) for t in users.therapists(clinic_id)]


def usual_therapist(client_id: uuid.UUID) -> uuid.UUID | None:
    return db.session.scalar(
        sa.select(Appointment.therapist_id)
        .where(Appointment.client_id == client_id)
        .order_by(Appointment.start_at.desc())
        .limit(1)
    )


def upcoming_sessions(
    clinic_id: uuid.UUID, client_id: uuid.UUID, therapist_id: uuid.UUID | None
) -> list[Appointment]:
    query = sa.select(Appointment).where(
        Appointment.clinic_id == clinic_id,
        Appointment.client_id == client_id,
        Appointment.status.in_(ACTIVE_STATUSES),
        Appointment.start_at >= clock.now(),
    )
    if therapist_id is not None:
        query = query.where(Appointment.therapist_id == therapist_id)
    return list(db.session.scalars(query.order_by(Appointment.start_at).limit(20)))
