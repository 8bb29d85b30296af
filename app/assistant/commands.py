"""Staff scheduling commands in Turkish or English, read into a `Command`.

"Schedule a 50-minute session for E.K. next Tuesday at 2:00 PM", "E.K. için gelecek
salı 14:00'e 50 dakikalık seans", "M.Y.'nin perşembe seansını cuma 14:00'e al",
"Pazartesi öğleden sonra boş saat var mı?". Pure: the client is returned as
written (Turkish case suffixes stripped), and a service resolves it against the
clinic's clients. Anything outside scheduling (a diagnosis, a treatment plan,
"delete all clients") is `unknown`: the assistant never does it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.assistant import command_refs, durations, instructions, when
from app.assistant import command_vocab as vocab
from app.assistant.patterns import any_of
from app.assistant.textprep import prepare


class Action(enum.StrEnum):
    BOOK = "book"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    FIND_SLOTS = "find_slots"
    SHOW = "show"
    UNKNOWN = "unknown"


class Repeat(enum.StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    action: Action
    client_ref: str | None = None
    start: datetime | None = None  # aware; for a reschedule, the new start
    day: date | None = None
    duration_min: int | None = None
    repeat: Repeat | None = None
    from_day: date | None = None  # a move's or cancellation's current session day
    refusal: str | None = None  # why an out-of-scope request was refused

    def to_json(self, tz: ZoneInfo) -> dict[str, Any]:
        return {
            "action": self.action.value,
            "client_ref": self.client_ref,
            "start": None if self.start is None else self.start.astimezone(tz).isoformat(),
            "date": None if self.day is None else self.day.isoformat(),
            "duration_min": self.duration_min,
            "repeat": None if self.repeat is None else self.repeat.value,
            "from_date": None if self.from_day is None else self.from_day.isoformat(),
            "refusal": self.refusal,
        }


_MOVE_SPLIT = re.compile(r"\b(?:to|into|until|yerine|auf)\b|\b(?:seans|randevu|gorusme)\w*")
_SAME_SLOT_NEXT_WEEK = re.compile(
    r"\b(?:same (?:time|slot)(?: \w+){0,2} (?:following|next) week|(?:following|next) week ?,? "
    r"same (?:time|slot)|(?:haftaya|bir sonraki hafta|gelecek hafta) ayni saat\w*|ayni saat\w* "
    r"(?:haftaya|bir sonraki hafta|gelecek hafta)|"
    r"(?:bir sonraki|sonraki|gelecek) haftaya(?: \w+)?,? ayni gun\w*|"
    r"(?:push|move|put) (?:it|them|this|that) (?:back )?(?:by )?a week|a week later|"
    r"(?:eine woche|um eine woche) (?:spater|nach hinten))\b"
)
_SAME_TIME = re.compile(r"\b(?:same time|same slot|ayni saat\w*|ayni vakit\w*)\b")
_SAAT_ABBREVIATION = re.compile(r"\bsa\.\s?(?=\d)", re.IGNORECASE)
_ARROWS = re.compile(r"\s*(?:→|->|=>|⇒|➡️?|—>)\s*")


def _split_move(plain: str) -> tuple[str, str]:
    """The session moved ("Elif'in çarşamba seansını", "A.B. from Tuesday 10:00") and
    where to ("15:00'e al", "to Thursday same time"); no target part: ("", whole)."""
    for m in _MOVE_SPLIT.finditer(plain):
        target = plain[m.start() :] if m.group(0) == "to" else plain[m.end() :]
        if when.times_in(target) or _has_day(target) or _SAME_TIME.search(target):
            return plain[: m.start()], target
    times = when.times_in(plain)
    if len(times) >= 2:  # "pazartesi 11'ini 12'ye al", "15:00'ten 16:30'a çek": from, to
        return plain[: times[-1].at], plain[times[-1].at :]
    return plain, ""


_TURKISH_TAKE = any_of(r"al", r"alin", r"alalim", r"cek", r"cekin", r"cekelim")


def _two_times(plain: str) -> bool:
    return len(when.times_in(plain)) >= 2


def _has_day(plain: str) -> bool:
    return when.day_in(plain, date(2000, 1, 3)) is not None


def _source_part(plain: str) -> str:
    return _split_move(plain)[0]


def _on(day: date, at: when.ClockTime, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(at.hour, at.minute), tz)


def _move(
    plain: str, now: datetime, tz: ZoneInfo
) -> tuple[date | None, datetime | None, date | None]:
    """A move's new day and start, and the moved session's day. A move keeps the session's
    day unless a new one is named; a shift ("2 saat ileri", "an hour earlier") or "the same
    slot next week" is counted from the session's own time when the command gives it."""
    today = now.astimezone(tz).date()
    source, target = _split_move(plain)
    found = when.day_in(_SAME_SLOT_NEXT_WEEK.sub(" ", source), today)
    from_day = found.day if found else None
    source_times = when.times_in(source)
    from_time = source_times[-1] if source_times else None
    shift = when.shift_in(plain)
    if _SAME_SLOT_NEXT_WEEK.search(plain):
        day = from_day + timedelta(weeks=1) if from_day else None
        return day, _on(day, from_time, tz) if day and from_time else None, from_day
    if shift is not None and not when.times_in(target):
        if from_time is None:
            return from_day, None, from_day
        day = from_day or _default_day(from_time, now, tz)
        return day, _on(day, from_time, tz) + shift, from_day
    new = when.day_in(target, today) if target else None
    new_day = new.day if new else None
    new_times = when.times_in(target)
    if _SAME_TIME.search(target) and from_time is not None:
        new_times = ()  # "to Thursday, same time": the session's own time
    at = new_times[-1] if new_times else (from_time if target else None)
    day = new_day or from_day
    if at is None:
        return day, None, from_day
    day = day or _default_day(at, now, tz)
    return day, _on(day, at, tz), from_day


def _default_day(at: when.ClockTime, now: datetime, tz: ZoneInfo) -> date:
    """A time without a day: today if still ahead, else tomorrow."""
    today = now.astimezone(tz).date()
    return today if _on(today, at, tz) > now else today + timedelta(days=1)


_REPEAT_WORDS = re.compile(
    r"\b(?:every (?:other|two|2|second) weeks?|(?:iki|2) haftada bir|haftada bir|every week|"
    r"weeks? after that)\b"
)


def _start(plain: str, now: datetime, tz: ZoneInfo) -> tuple[date | None, datetime | None]:
    local_now = now.astimezone(tz)
    found = when.day_in(_REPEAT_WORDS.sub(" ", plain), local_now.date())
    times = when.times_in(plain)
    day = found.day if found else None
    if not times:
        return day, None
    clock_time = times[-1]
    if day is None:
        day = local_now.date()
        if datetime.combine(day, time(clock_time.hour, clock_time.minute), tz) <= local_now:
            day += timedelta(days=1)
    start = datetime.combine(day, time(clock_time.hour, clock_time.minute), tz)
    return day, start


def _action(plain: str) -> Action:
    if vocab.OUT_OF_SCOPE.search(plain):
        return Action.UNKNOWN
    if vocab.CANCEL.search(plain):
        return Action.CANCEL
    if vocab.RESCHEDULE.search(plain):
        return Action.RESCHEDULE
    if vocab.FIND.search(plain):
        return Action.FIND_SLOTS
    if vocab.SHOW.search(plain):
        return Action.SHOW
    if vocab.BOOK.search(plain) or when.times_in(plain):
        return Action.BOOK
    return Action.UNKNOWN


def parse_command(text: str, now: datetime, tz: ZoneInfo) -> Command:
    """One command from what a member of staff typed; never raises on text."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    text = _SAAT_ABBREVIATION.sub("saat ", text)
    arrow = bool(_ARROWS.search(text))
    text = _ARROWS.sub(" to ", text)
    plain = prepare(text).plain
    action = _action(plain)
    if action is Action.BOOK and (arrow or _TURKISH_TAKE.search(plain) and _two_times(plain)):
        action = Action.RESCHEDULE  # "Sarah Jones Monday 9:30 → Tuesday 9:30", "11'ini 12'ye al"
    if action is not Action.UNKNOWN and instructions.addresses_system(text, plain):
        action = Action.UNKNOWN
    if action is Action.UNKNOWN:
        refusal = (
            "out_of_scope"
            if vocab.OUT_OF_SCOPE.search(plain) or instructions.addresses_system(text, plain)
            else "not_understood"
        )
        return Command(action=action, refusal=refusal)
    ref = command_refs.client_ref(text)
    repeat = (
        Repeat.BIWEEKLY
        if vocab.BIWEEKLY.search(plain)
        else Repeat.WEEKLY
        if vocab.WEEKLY.search(plain)
        else None
    )
    duration = durations.duration_minutes(plain)
    if action is Action.RESCHEDULE:
        day, start, from_day = _move(plain, now, tz)
        from_day = from_day if from_day != day else None
        return Command(
            action=action,
            client_ref=ref,
            start=start,
            day=day,
            duration_min=duration,
            from_day=from_day,
        )
    day, start = _start(plain, now, tz)
    if action is Action.BOOK:
        return Command(
            action=action,
            client_ref=ref,
            start=start,
            day=day,
            duration_min=duration,
            repeat=repeat,
        )
    if action is Action.CANCEL:
        day, start = _start(_source_part(plain) if ref is None else plain, now, tz)
        return Command(action=action, client_ref=ref, start=start, day=day, from_day=day)
    if action is Action.FIND_SLOTS:
        return Command(action=action, client_ref=ref, day=day, duration_min=duration)
    return Command(action=action, client_ref=ref, day=day, start=start)
