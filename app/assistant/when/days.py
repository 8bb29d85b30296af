"""The day a text names: weekdays with Turkish endings, "haftaya", "next Tuesday",
"3 aralık", "5/12" (day first), "the 5th", "ayın 3'ü", "öbür gün"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.assistant.when.numbers import _number

WEEKDAYS: dict[str, int] = {
    "pazartesi": 0,
    "sali": 1,
    "carsamba": 2,
    "persembe": 3,
    "cumartesi": 5,
    "cuma": 4,
    "pazar": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "sat": 5,
    "sun": 6,
    "montag": 0,
    "dienstag": 1,
    "mittwoch": 2,
    "donnerstag": 3,
    "freitag": 4,
    "samstag": 5,
    "sonnabend": 5,
    "sonntag": 6,
}
# Longest first, so "cumartesi" is not read as "cuma" and "pazartesi" not as "pazar".
_WEEKDAY_STEMS = sorted(WEEKDAYS, key=len, reverse=True)
# Turkish case endings, and German day parts written onto the day ("Dienstagabend").
_TR_SUFFIX = (
    r"(?:'?(?:ye|ya|e|a|de|da|te|ta|den|dan|yi|ki|nin|leri|lari|s|abend|morgen|mittag|"
    r"nachmittag|vormittag))?"
)
_WEEKDAY = re.compile(
    r"\b(?P<mod>next|this|coming|on|following|gelecek|onumuzdeki|haftaya|bu|bir sonraki|sonraki|"
    r"nachsten|nachste|kommenden|kommende)?"
    r"\s*"
    r"(?P<day>" + "|".join(w for w in _WEEKDAY_STEMS if len(w) > 3) + r")" + _TR_SUFFIX + r"\b"
)
# "sat"/"sun" only with a time or a "next"/"on" in front: they are English words too.
_SHORT_WEEKDAY = re.compile(r"\b(?P<mod>next|this|on)\s+(?P<day>sat|sun)\b")
# "sat 9am sophie w": a command's first word, before a time.
_LEADING_SHORT_WEEKDAY = re.compile(r"^(?P<mod>)(?P<day>sat|sun)\b(?=\s+\d)")

MONTHS: dict[str, int] = {
    "ocak": 1,
    "subat": 2,
    "mart": 3,
    "nisan": 4,
    "mayis": 5,
    "haziran": 6,
    "temmuz": 7,
    "agustos": 8,
    "eylul": 9,
    "ekim": 10,
    "kasim": 11,
    "aralik": 12,
    "araligi": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
    "januar": 1,
    "februar": 2,
    "marz": 3,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "oktober": 10,
    "dezember": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True)) + "|araliga|araliginda"
_MONTH_SUFFIX = r"(?:'?[a-z]{0,5})"
_DAY_MONTH = re.compile(
    r"\b(?P<d>\d{1,2})\s*(?:\.\s*)?(?:st|nd|rd|th|'?[a-z]{0,4})?\s*(?:of\s+)?(?P<m>"
    + _MONTH_ALT
    + r")"
    + _MONTH_SUFFIX
    + r"\b"
)
_MONTH_DAY = re.compile(
    r"\b(?P<m>"
    + _MONTH_ALT
    + r")(?:in|nin|un|nun|in)?\s+(?P<d>\d{1,2})(?:\s*(?:st|nd|rd|th))?\b(?![:.]\d)"
)
# "on the 3rd": that day of this month, or of the next if it has passed.
_ORDINAL_DAY = re.compile(
    r"\b(?:the|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\w*) (?P<d>\d{1,2}) ?"
    r"(?:st|nd|rd|th)\b(?! (?:of )?(?:" + _MONTH_ALT + r")\b)"
    r"|\b(?:den|am) (?P<d3>\d{1,2}) ?\.(?! ?\d)(?! ?(?:" + _MONTH_ALT + r")\b)"
)
_AYIN = re.compile(
    r"\b(?:ayin )?(?P<d>\d{1,2}) ?'?(?:unde|inde|sinde|sunde|unda|inda|sunda|sinda)\b"
    r"|\bayin (?P<d2>\d{1,2}|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on)(?:'?[a-z]{0,5})?\b"
    r"|\bayin (?P<w>birinde|ikisinde|ucunde|dordunde|besinde|altisinda|yedisinde|sekizinde|"
    r"dokuzunda|onunda)\b"
)


_TR_ORDINAL_WORDS = {
    "birinde": "1",
    "ikisinde": "2",
    "ucunde": "3",
    "dordunde": "4",
    "besinde": "5",
    "altisinda": "6",
    "yedisinde": "7",
    "sekizinde": "8",
    "dokuzunda": "9",
    "onunda": "10",
}


# "14.10'da" with a case ending is a time (ten past two), not the 14th of October.
_NUMERIC_DATE = re.compile(
    r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})(?:[/.](?P<y>\d{2,4}))?\b(?![:.]\d)"
    r"(?!'?(?:da|de|ta|te|a|e|ya|ye|dan|den|tan|ten)\b)"
)

# --- days ------------------------------------------------------------------------------


def _next_weekday(today: date, weekday: int, *, next_week: bool, allow_today: bool) -> date:
    if next_week:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not allow_today:
        ahead = 7
    return today + timedelta(days=ahead)


def _dated(today: date, day: int, month: int, year: int | None) -> date | None:
    if year is not None and year < 100:
        year += 2000
    try:
        candidate = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and candidate < today:
        try:
            candidate = date(today.year + 1, month, day)
        except ValueError:
            return None
    return candidate


_TODAY = re.compile(
    r"\b(bugun\w*|today|tonight|bu aksam|bu gece|this (afternoon|evening|morning)|heute)\b"
)
# "salı yerine", "instead of Tuesday": the day being left, not the one asked for.
_INSTEAD_OF_DAY = re.compile(
    r"\b(?P<day>" + "|".join(w for w in _WEEKDAY_STEMS if len(w) > 3) + r")\w* yerine\b"
    r"|\binstead of (?P<day2>" + "|".join(w for w in _WEEKDAY_STEMS if len(w) > 3) + r")\b"
)
_NEXT_MONTH = re.compile(r"\b(?:onumuzdeki|gelecek|sonraki) ay\w*|\bnext month\b")
_WEEK_FROM_TODAY = re.compile(r"\b(?:haftaya bugun|a week (?:from )?today|today week)\b")
# German "morgen" is tomorrow, but not in "guten Morgen" or "heute Morgen" (this morning).
_TOMORROW = re.compile(
    r"\b(yarin|yarina|yarinki\w*|yarini|tomorrow\w*)\b|(?<!guten )(?<!heute )\bmorgen\b"
)
_AFTER_TOMORROW = re.compile(
    r"\b(obur gun\w*|oburgun\w*|yarindan sonra\w*|day after tomorrow|ubermorgen)\b"
)
_DAY_AFTER_ANCHOR = re.compile(r"\b(ertesi gun\w*|the day after|the next day|next day)\b")
_WEEKS = re.compile(
    r"\b(?P<n>\d|bir|iki|uc|dort|one|two|three|four|a)\s+(hafta|weeks?)\s*(sonra\w*|later)?\b"
    r"|\bin\s+(?P<n2>\d|one|two|three|four|a)\s+weeks?\b"
)
_NEXT_WEEK = re.compile(
    r"\b(next week|haftaya|gelecek hafta\w*|onumuzdeki hafta\w*|bir sonraki hafta\w*|"
    r"following week|sonraki hafta\w*|eine woche spater|in einer woche|nachste\w* woche)\b"
)


_FOLLOWING_MODS = ("following", "sonraki", "bir sonraki")


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    weekday_only: bool = False  # a bare weekday: "Friday", "cuma"


@lru_cache(maxsize=64)  # pure, and asked several times about the same reply
def day_in(plain: str, today: date, anchor: date | None = None) -> Day | None:
    """The day a text names, if any."""
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(plain)
        if m:
            month = MONTHS.get(m["m"], 12 if m["m"].startswith("aralig") else 0)
            found = _dated(today, int(m["d"]), month, None) if month else None
            if found:
                return Day(found)
    m = _NUMERIC_DATE.search(plain)
    if m and 1 <= int(m["m"]) <= 12:
        found = _dated(today, int(m["d"]), int(m["m"]), int(m["y"]) if m["y"] else None)
        if found:
            return Day(found)
    # "the 5th", "ayın 3'ü": that day of this month, or of the next if it has passed; of
    # several, the last that is not the session's own ("the 3rd doesn't work, the 5th?").
    numbers = [int(m["d"] or m["d3"]) for m in _ORDINAL_DAY.finditer(plain)] + [
        _number(m["d"] or m["d2"] or "") or int(_TR_ORDINAL_WORDS.get(m["w"] or "", "0"))
        for m in _AYIN.finditer(plain)
    ]
    numbers = [n for n in numbers if 1 <= n <= 31 and (anchor is None or n != anchor.day)]
    if numbers and _NEXT_MONTH.search(plain):
        month = today.month % 12 + 1
        found = _dated(today, numbers[-1], month, today.year + (month == 1))
        if found:
            return Day(found)
    if numbers:
        found = _dated(today, numbers[-1], today.month, today.year)
        if found is None or found < today:
            month = today.month % 12 + 1
            found = _dated(today, numbers[-1], month, today.year + (month == 1))
        if found:
            return Day(found)
    if _WEEK_FROM_TODAY.search(plain):
        return Day(today + timedelta(weeks=1))
    if _AFTER_TOMORROW.search(plain):
        return Day(today + timedelta(days=2))
    weekday = (
        _WEEKDAY.search(plain)
        or _SHORT_WEEKDAY.search(plain)
        or _LEADING_SHORT_WEEKDAY.search(plain)
    )
    base = anchor or today
    next_week = bool(_NEXT_WEEK.search(plain))
    weeks = _WEEKS.search(plain)
    if weekday and weeks:  # "iki hafta sonra salı": that week's Tuesday
        n = _number(weeks["n"] or weeks["n2"] or "1") or 1
        later = base + timedelta(weeks=n)
        return Day(
            later - timedelta(days=later.weekday()) + timedelta(days=WEEKDAYS[weekday["day"]])
        )
    leaving = {m["day"] for m in _INSTEAD_OF_DAY.finditer(plain)}
    if weekday and leaving:
        staying = [m for m in _WEEKDAY.finditer(plain) if m["day"] not in leaving]
        weekday = staying[-1] if staying else None
    if (
        weekday
        and anchor is not None
        and (_TOMORROW.search(plain) or _AFTER_TOMORROW.search(plain))
        and all(
            _next_weekday(today, WEEKDAYS[m["day"]], next_week=False, allow_today=False) == anchor
            for m in _WEEKDAY.finditer(plain)
        )
    ):
        weekday = None  # "tomorrow at half 6? Wednesday's gone pear shaped"
    following = [m for m in _WEEKDAY.finditer(plain) if m["mod"] in _FOLLOWING_MODS]
    if following and anchor is not None:
        weekday = following[-1]  # "move Monday to the following Monday"
    elif weekday and anchor is not None:
        # "Tuesday's no good, Friday?": the session's own day is the one being left.
        others = [
            m
            for m in _WEEKDAY.finditer(plain)
            if _next_weekday(today, WEEKDAYS[m["day"]], next_week=False, allow_today=False)
            != anchor
        ]
        if others and not next_week:
            weekday = others[-1]
    if weekday:
        mod = weekday["mod"] or ""
        day = WEEKDAYS[weekday["day"]]
        if mod in _FOLLOWING_MODS and anchor is not None:
            # "the following Monday": the one after the session, not after today
            return Day(anchor + timedelta(days=(day - anchor.weekday() - 1) % 7 + 1))
        if (
            mod
            in (
                "next",
                "following",
                "gelecek",
                "onumuzdeki",
                "haftaya",
                "bir sonraki",
                "sonraki",
                "nachsten",
                "nachste",
            )
            or next_week
        ):
            found = _next_weekday(today, day, next_week=True, allow_today=False)
            if anchor is not None and found == anchor:
                found += timedelta(weeks=1)  # "next Monday instead": not the session's Monday
            return Day(found)
        return Day(_next_weekday(today, day, next_week=False, allow_today=False), weekday_only=True)
    if _TOMORROW.search(plain):
        return Day(today + timedelta(days=1))
    if _TODAY.search(plain):
        return Day(today)
    if anchor is not None and _DAY_AFTER_ANCHOR.search(plain):
        return Day(anchor + timedelta(days=1))
    if weeks:
        n = _number(weeks["n"] or weeks["n2"] or "1") or 1
        return Day(base + timedelta(weeks=n))
    if next_week:
        return Day(base + timedelta(weeks=1))
    return None
