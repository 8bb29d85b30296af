"""The shapes a staff command takes on its way to the calendar: the proposal a card
shows, the choices the card sends back, and what a "show" lists."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.assistant import commands as parser
from app.models import Appointment
from app.services.command_targets import Choice

Action = parser.Action


class Status(enum.StrEnum):
    READY = "ready"  # can be confirmed as it stands
    NEEDS = "needs"  # a choice is missing (client, therapist, time, session)
    CLASH = "clash"  # the time is taken or outside hours: pick an alternative
    INFO = "info"  # an answer only (find, show): nothing to confirm
    REFUSED = "refused"  # outside what the assistant does
    HELP = "help"  # not understood


@dataclass(frozen=True)
class Picks:
    """Choices the card sends back; each is checked again on the server."""

    client_id: uuid.UUID | None = None
    therapist_id: uuid.UUID | None = None
    appointment_id: uuid.UUID | None = None
    start: datetime | None = None


@dataclass(frozen=True)
class Listed:
    """A session in a "show" answer."""

    start: datetime
    end: datetime
    client: str
    therapist: str
    type_code: str


@dataclass
class Proposal:
    text: str
    action: Action
    status: Status = Status.NEEDS
    refusal: str | None = None
    client_ref: str | None = None
    client: Choice | None = None
    client_choices: list[Choice] = field(default_factory=list)
    new_client_name: str | None = None  # nobody matched: offer to add them
    therapist: Choice | None = None
    therapist_choices: list[Choice] = field(default_factory=list)
    appointment: Appointment | None = None  # the session a move or cancel is about
    appointment_choices: list[Choice] = field(default_factory=list)
    start: datetime | None = None  # aware UTC
    day: date | None = None
    duration: int | None = None
    type_code: str = "individual"
    repeat: str | None = None
    occurrences: int = 1
    problem: str | None = None  # "taken", "client_busy", "outside_hours", "past", "gap"
    alternatives: list[datetime] = field(default_factory=list)
    slots: list[tuple[Choice, list[datetime]]] = field(default_factory=list)
    sessions: list[Listed] = field(default_factory=list)

    @property
    def end(self) -> datetime | None:
        if self.start is None or self.duration is None:
            return None
        return self.start + timedelta(minutes=self.duration)

    @property
    def ready(self) -> bool:
        return self.status is Status.READY


class NotConfirmable(Exception):
    """The proposal is no longer (or never was) something that can be done."""

    def __init__(self, proposal: Proposal) -> None:
        super().__init__(proposal.status.value)
        self.proposal = proposal
