"""What the fake records and what a test can script it to do."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

PRICE_PER_PART = "0.03330000"
# Well-known development values, used when the app has no Vonage credentials.
FAKE_API_KEY = "fake-key"
FAKE_API_SECRET = "fake-secret"  # noqa: S105
FAKE_SIGNATURE_SECRET = "fake-signature-secret"  # noqa: S105
VIRTUAL_NUMBER = "905320000000"


@dataclass(frozen=True)
class Status:
    """Answer with this Vonage status instead of accepting (nothing is recorded)."""

    code: str
    error_text: str = "Scripted failure"


@dataclass(frozen=True)
class Hang:
    """Accept and record, then never answer: the client's read timeout fires."""

    seconds: float = 30.0


@dataclass(frozen=True)
class Drop:
    """Accept and record, then close the connection without a response."""


@dataclass(frozen=True)
class HttpError:
    """Answer with a bare HTTP error, after recording when ``record`` says so."""

    code: int = 500
    record: bool = False


Behaviour = Status | Hang | Drop | HttpError


@dataclass
class Rule:
    behaviour: Behaviour
    to: str | None
    remaining: int | None


@dataclass
class FakeMessage:
    message_ids: list[str]
    to: str
    sender: str
    text: str
    type: str
    encoding: str
    client_ref: str | None
    received_at: datetime
    receipts: dict[str, str] = field(default_factory=dict)  # message id -> last status

    def as_json(self) -> str:
        data = asdict(self)
        data["received_at"] = self.received_at.isoformat()
        return json.dumps(data, ensure_ascii=False)
