"""Read a client's SMS reply into one allowlisted intent.

`interpret_reply(text, context)` is pure: it sees the reply and a `ReplyContext`
(the time, the clinic's zone, the reminded session's start and type, the client's
language) and nothing else, never a note or another client. The pipeline:

1. normalise (Turkish casefolding, shorthand, emoji, zero-width characters);
2. risk screen (`crisis`: a lexicon by category and a raising-only n-gram model): urgent
   and to a person, whatever else the message says;
3. instructions to the system, hidden characters, look-alike letters: to a person;
4. deterministic rules (negation, mixed messages, times, minutes late), and the closed
   world: anything the logistics grammar does not explain is read by a person too;
5. a model tier, behind `ReplyModel`, for what the rules cannot settle;
6. anything still uncertain is `other` and goes to a person.

What the clinic then does with an intent (its policy) is decided elsewhere.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo


class Intent(enum.StrEnum):
    CONFIRM = "confirm"
    CANCEL = "cancel"
    RESCHEDULE = "reschedule"
    RUNNING_LATE = "running_late"
    OPT_OUT = "opt_out"
    QUESTION = "question"
    OTHER = "other"


class Topic(enum.StrEnum):
    """Logistics a reply may be answered about, from the clinic's settings."""

    ADDRESS = "address"
    PARKING = "parking"
    ONLINE_LINK = "online_link"
    FEE = "fee"
    DURATION = "duration"
    WHO = "who"
    WHEN = "when"  # the reminded session's own day and time


class Tier(enum.StrEnum):
    """Which stage decided."""

    CRISIS = "crisis"
    RULES = "rules"
    MODEL = "model"
    FALLBACK = "fallback"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyContext:
    """All the interpreter may know: no name, no phone, no note, no other client."""

    now: datetime
    tz: ZoneInfo
    appointment_start: datetime | None = None
    appointment_type: str | None = None
    language: str = "tr"

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("now must be aware")
        if self.appointment_start is not None and self.appointment_start.tzinfo is None:
            raise ValueError("appointment_start must be aware")

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.tz)

    @property
    def local_start(self) -> datetime | None:
        return (
            None if self.appointment_start is None else self.appointment_start.astimezone(self.tz)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyIntent:
    """The reading of one reply. `forward`: a person must read it. `urgent`: crisis
    language; the therapist is alerted at once. `clinical`: personal or clinical
    content, shown in full to the treating therapist only."""

    intent: Intent
    forward: bool
    urgent: bool = False
    clinical: bool = False
    proposed_start: datetime | None = None
    minutes_late: int | None = None
    topic: Topic | None = None
    tier: Tier = Tier.RULES
    confidence: float = 1.0
    reasons: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.urgent and not self.forward:
            raise ValueError("an urgent reply always goes to a person")
        if self.intent is Intent.OTHER and not self.forward:
            raise ValueError("a reply nobody understood always goes to a person")
        if self.proposed_start is not None and self.intent is not Intent.RESCHEDULE:
            raise ValueError("only a reschedule proposes a time")
        if self.minutes_late is not None and self.intent is not Intent.RUNNING_LATE:
            raise ValueError("only running late has minutes")
        if self.topic is not None and self.intent is not Intent.QUESTION:
            raise ValueError("only a question has a topic")

    def with_(self, **changes: Any) -> ReplyIntent:
        return replace(self, **changes)

    def to_json(self, tz: ZoneInfo | None = None) -> dict[str, Any]:
        start = self.proposed_start
        if start is not None and tz is not None:
            start = start.astimezone(tz)
        return {
            "intent": self.intent.value,
            "forward": self.forward,
            "urgent": self.urgent,
            "proposed_start": None if start is None else start.isoformat(),
            "minutes_late": self.minutes_late,
            "topic": None if self.topic is None else self.topic.value,
            "clinical": self.clinical,
            "source": self.tier.value,
            "confidence": round(self.confidence, 3),
            "reasons": list(self.reasons),
        }


def forward_to_person(tier: Tier, *reasons: str, clinical: bool = False) -> ReplyIntent:
    return ReplyIntent(
        intent=Intent.OTHER, forward=True, clinical=clinical, tier=tier, reasons=reasons
    )


@dataclass(frozen=True, slots=True)
class ModelVerdict:
    """A model's reading, already checked against the allowlist by its backend."""

    intent: Intent
    confidence: float
    topic: Topic | None = None
    backend: str = ""


class ReplyModel(Protocol):
    """A model tier backend. `classify` returns None when it has no reading it trusts
    (below its threshold, refused, invalid output, timed out, unavailable): the reply
    then goes to a person. It receives the normalised reply and the typed context
    only."""

    name: str

    def classify(self, text: str, context: ReplyContext) -> ModelVerdict | None: ...


def interpret_reply(
    text: str, context: ReplyContext, model: ReplyModel | None = None
) -> ReplyIntent:
    """One allowlisted intent for any text; never raises on what a client writes."""
    from app.assistant import reply_rules  # the rules import the types above

    try:
        return reply_rules.interpret(text, context, model)
    except Exception:  # noqa: BLE001 - a reply we fail to read is a person's to read
        return forward_to_person(Tier.FALLBACK, "interpreter_error")
