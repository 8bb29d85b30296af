"""Days, times and durations in what people type, Turkish and English.

Reads the ASCII form from `textprep` ("persembe 15:00", "yarin 11'de", "friday at
1 pm", "30 minutes later", "ayni saatte cuma", "3 aralik", "5/12"). Our own
tables, not the OS locale; dates are day first, as written in Turkey. An hour
without am/pm lands inside working hours: 1 to 7 are afternoon.

`anchor` is the session the text is about: "30 minutes later", "same time",
"next week" and a time without a day are relative to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.assistant.when.clock import SAME_TIME, ClockTime, times_in
from app.assistant.when.days import MONTHS, WEEKDAYS, Day, day_in
from app.assistant.when.numbers import NUMBER_WORDS, minutes_in, shift_in

__all__ = [
    "MONTHS",
    "NUMBER_WORDS",
    "WEEKDAYS",
    "ClockTime",
    "Day",
    "arrival_delay",
    "day_in",
    "minutes_in",
    "proposed_start",
    "shift_in",
    "times_in",
]

_FOLLOWING_WEEK = re.compile(
    r"\b(?:following week|next week|week after|haftaya|gelecek hafta|sonraki hafta|bir hafta sonra|"
    r"eine woche spater|in einer woche|nachste\w* woche|woche darauf|(?:a|one) week later|"
    r"a week after)"
)

# --- together ------------------------------------------------------------------------


def _pick_time(times: Sequence[ClockTime], anchor: datetime | None) -> ClockTime | None:
    """The last time written, unless it is just the session's own time ("from 14:00 to
    16:00", "16:00 instead of 14:00")."""
    times = [t for t in times if not t.left]
    if not times:
        return None
    if anchor is not None:
        other = [t for t in times if (t.hour, t.minute) != (anchor.hour, anchor.minute)]
        if other:
            return other[-1]
    return times[-1]


def proposed_start(
    plain: str, now: datetime, tz: ZoneInfo, anchor: datetime | None
) -> datetime | None:
    """The start a client proposes, aware UTC, or None if the text names none."""
    local_now = now.astimezone(tz)
    local_anchor = anchor.astimezone(tz) if anchor is not None else None
    anchor_day = local_anchor.date() if local_anchor else None
    day = day_in(plain, local_now.date(), anchor_day)
    clock_time = _pick_time(times_in(plain), local_anchor)
    shift = shift_in(plain)
    same_time = bool(SAME_TIME.search(plain))
    if same_time and _FOLLOWING_WEEK.search(plain) and anchor is not None:
        # "same time the following week": the session's own slot, a week on (wall clock)
        later = local_anchor + timedelta(weeks=1) if local_anchor else None
        moved = datetime.combine(later.date(), later.time().replace(tzinfo=None), tz)
        return moved.astimezone(ZoneInfo("UTC"))
    if shift is not None and anchor is not None and local_anchor is not None:
        # "yarın 1 saat sonraya", "Friday, an hour later": counted from the session's time.
        if day is None or day.day == anchor_day:
            return anchor + shift
        moved = datetime.combine(day.day, local_anchor.time().replace(tzinfo=None), tz) + shift
        return moved.astimezone(ZoneInfo("UTC")) if moved > local_now else None
    if day is None and clock_time is None:
        return None
    if clock_time is not None and not same_time:
        at = time(clock_time.hour, clock_time.minute)
    elif local_anchor is not None:
        at = local_anchor.time().replace(tzinfo=None)
    else:
        return None
    if day is not None:
        on = day.day
    elif anchor_day is not None:
        on = anchor_day
    else:
        on = local_now.date()
        if datetime.combine(on, at, tz) <= local_now:
            on += timedelta(days=1)
    start = datetime.combine(on, at, tz)
    if start <= local_now:
        return None
    return start.astimezone(ZoneInfo("UTC"))


_ARRIVAL = re.compile(
    r"\b(?:orda|orada|oraya|ordayim|oradayim|ordayiz|varirim|variriz|varmis olurum|"
    r"yetisirim|yetisiriz|gelirim|geliyorum|giris yaparim|olurum|be there|get there|"
    r"arrive|arriving|be with you|with you|be at|be in|get in|there at|there by|eta|"
    r"there around|ancak|gibi|around|bin um|bin gegen|bin ca|da sein|dort sein)\b"
)
MAX_LATE_MINUTES = 120
# "be there by quarter past": minutes past the session's own hour, no hour written.
_PAST_ITS_HOUR = re.compile(
    r"\b(?:(?:a )?(?P<quarter>quarter)|(?P<half>half)|(?P<n>\d{1,2}|five|ten|twenty|"
    r"twenty five)(?: mins?| minutes)?) (?:past|after)(?! (?:\d|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|noon|midnight)\b)|\bceyrek gece\b(?P<tr_quarter>)"
)
_PAST_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty five": 25}


def _minutes_past_its_hour(plain: str) -> int | None:
    m = _PAST_ITS_HOUR.search(plain)
    if m is None:
        return None
    if m["quarter"] or m["tr_quarter"] is not None:
        return 15
    if m["half"]:
        return 30
    n = m["n"]
    return int(n) if n.isdigit() else _PAST_WORDS[n]


def arrival_delay(plain: str, now: datetime, tz: ZoneInfo, anchor: datetime | None) -> int | None:
    """Minutes late read from an arrival time on the session's own day: "14:20 gibi
    oradayım", "be with you at 8:10" for a session at 14:00 or 8:00."""
    if anchor is None or not _ARRIVAL.search(plain):
        return None
    local_anchor = anchor.astimezone(tz)
    day = day_in(plain, now.astimezone(tz).date())
    if day is not None and day.day != local_anchor.date():
        return None
    found = times_in(plain)
    for clock_time in reversed(found):
        at = datetime.combine(local_anchor.date(), time(clock_time.hour, clock_time.minute), tz)
        minutes = int((at - local_anchor).total_seconds() // 60)
        if 0 < minutes <= MAX_LATE_MINUTES:
            return minutes
    past = None if found else _minutes_past_its_hour(plain)
    if past is not None and past > local_anchor.minute:
        return past - local_anchor.minute
    return None
