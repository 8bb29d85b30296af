"""Reading one reply in a fixed context, for the assistant's structural tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.assistant.replies import ReplyContext, ReplyIntent, interpret_reply
from app.assistant.textprep import guess_language

IST = ZoneInfo("Europe/Istanbul")
LON = ZoneInfo("Europe/London")
BER = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=IST)  # a Monday
APPT = datetime(2026, 12, 8, 14, 0, tzinfo=IST)  # Tuesday 14:00


def read(
    text: str, now: datetime = NOW, start: datetime | None = APPT, tz: ZoneInfo = IST
) -> ReplyIntent:
    context = ReplyContext(now=now, tz=tz, appointment_start=start, language=guess_language(text))
    return interpret_reply(text, context)
