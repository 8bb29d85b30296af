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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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
}
# Longest first, so "cumartesi" is not read as "cuma" and "pazartesi" not as "pazar".
_WEEKDAY_STEMS = sorted(WEEKDAYS, key=len, reverse=True)
_TR_SUFFIX = r"(?:'?(?:ye|ya|e|a|de|da|te|ta|den|dan|yi|ki|nin|leri|lari|s))?"
_WEEKDAY = re.compile(
    r"\b(?P<mod>next|this|coming|on|gelecek|onumuzdeki|haftaya|bu|bir sonraki|sonraki)?\s*"
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
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True)) + "|araliga|araliginda"
_MONTH_SUFFIX = r"(?:'?[a-z]{0,5})"
_DAY_MONTH = re.compile(
    r"\b(?P<d>\d{1,2})\s*(?:st|nd|rd|th|'?[a-z]{0,4})?\s*(?:of\s+)?(?P<m>"
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
    r"\bthe (?P<d>\d{1,2}) ?(?:st|nd|rd|th)\b(?! (?:of )?(?:" + _MONTH_ALT + r")\b)"
)
_AYIN = re.compile(
    r"\bayin (?P<d>\d{1,2}|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on)(?:'?[a-z]{0,5})?\b"
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


_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})(?:[/.](?P<y>\d{2,4}))?\b(?![:.]\d)")

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "twenty five": 25,
    "thirty five": 35,
    "bir": 1,
    "iki": 2,
    "uc": 3,
    "dort": 4,
    "bes": 5,
    "alti": 6,
    "yedi": 7,
    "sekiz": 8,
    "dokuz": 9,
    "on": 10,
    "on bir": 11,
    "on iki": 12,
    "on bes": 15,
    "yirmi": 20,
    "yirmi bes": 25,
    "otuz": 30,
    "kirk": 40,
    "kirk bes": 45,
    "elli": 50,
    "altmis": 60,
    "doksan": 90,
}
_NUMBER_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_AMOUNT = r"(?P<n>\d{1,3}|" + _NUMBER_ALT + r")"
_MINUTE_UNIT = r"(?:dakika\w*|minutes?|mins?|dk|')"
_HOUR_UNIT = r"(?:saat\w*|hours?|hrs?)"

_HALF_HOUR = re.compile(r"\b(yarim saat\w*|half an? hour|half hour|30 minutes?)\b")
_QUARTER_HOUR = re.compile(r"\b(ceyrek saat\w*|(a )?quarter of an hour|quarter hour)\b")
_HOUR_AND_HALF = re.compile(r"\b(bir bucuk saat\w*|an hour and a half|1\.5 hours?)\b")
_MINUTES = re.compile(
    r"\b" + _AMOUNT + r"\s*" + _MINUTE_UNIT + r"(?!\w)|\b(?:about |around |like |maybe )"
    r"(?P<n2>\d{1,2}) (?:late|behind|gec)\b"
)
_HOURS = re.compile(r"\b" + _AMOUNT + r"\s*" + _HOUR_UNIT + r"(?!\w)")

_SHIFT_DIRECTION = (
    r"(?P<dir>sonra\w*|later|ileri\w*|geri\w*|erken\w*|earlier|once\w*|onceye|oneye|one|before|"
    r"after|back|forward)"
)
_SHIFT = re.compile(
    r"\b(?P<amount>"
    + _AMOUNT
    + r"\s*(?:"
    + _MINUTE_UNIT
    + r"|"
    + _HOUR_UNIT
    + r")|yarim saat|half an? hour|ceyrek saat|an hour and a half|bir bucuk saat)\s+"
    + _SHIFT_DIRECTION
    + r"\b"
)
_LATER = ("sonra", "later", "ileri", "after", "back")
# "push it back an hour", "bring it forward 30 minutes": the direction comes first.
_SHIFT_FIRST = re.compile(
    r"\b(?P<dir>back|forward|up|later|earlier)\s+(?:by\s+)?(?P<amount>"
    + _AMOUNT
    + r"\s*(?:"
    + _MINUTE_UNIT
    + r"|"
    + _HOUR_UNIT
    + r")|half an? hour)"
)

_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:'[a-z]+)?(?:\s*(?P<ap>am|pm|a \. m|p \. m)\b)?"
)
_HOUR_AMPM = re.compile(r"\b(?P<h>\d{1,2})\s*(?P<ap>am|pm|a \. m|p \. m)\b")
_SAAT = re.compile(
    r"\bsaat\s+(?P<h>\d{1,2})(?!\s*" + _MINUTE_UNIT + r")(?:'[a-z]+)?(?P<half>\s+bucuk\w*)?\b"
)
_LOCATIVE_HOUR = re.compile(
    r"(?<!ayin )\b(?P<h>\d{1,2})"
    r"(?:'(?:de|da|te|ta|e|a|ye|ya|ne|na|i|u|ini|unu|yi|yu|den|dan|ten|tan)"
    r"|(?P<half>\s+bucuk\w*))\b"
)
_AT_HOUR = re.compile(
    r"\b(?:(?:at|around|by)\s+(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve)|saat\s+(?P<h2>\d{1,2}))(?P<half>\s+thirty|\s+30)?\b(?!\s*(?:"
    + _MINUTE_UNIT
    + r"|"
    + _HOUR_UNIT
    + r"|[:.]\d|/))"
)
_TR_HOUR_WORDS = {
    "birde": 1,
    "ikide": 2,
    "ucte": 3,
    "dortte": 4,
    "beste": 5,
    "altida": 6,
    "yedide": 7,
    "sekizde": 8,
    "dokuzda": 9,
    "onda": 10,
    "on birde": 11,
    "on ikide": 12,
    "on ucte": 13,
    "on dortte": 14,
    "on beste": 15,
    "on altida": 16,
    "on yedide": 17,
    "on sekizde": 18,
    "on dokuzda": 19,
    "yirmide": 20,
}
_TR_HOUR = re.compile(
    r"\b(?P<saat>saat\s+)?(?P<w>on birde|on ikide|on ucte|on dortte|on beste|on altida|on yedide|"
    r"on sekizde|on dokuzda|yirmide|birde|ikide|ucte|dortte|beste|altida|yedide|"
    r"sekizde|dokuzda|onda)\b"
)
_HALF_PAST = re.compile(
    r"\bhalf past (?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
)
_HOUR_WORD = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_OCLOCK = re.compile(
    r"\b(?P<h>"
    + r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    + r") o'?clock\b"
)
_BRITISH_HALF = re.compile(
    r"\bhalf (?P<h>" + _HOUR_WORD + r")\b(?! (?:an|a|hour|hours|past|mins?|minutes))"
)
_QUARTER = re.compile(r"\b(?:a )?quarter (?P<rel>to|past|after) (?P<h>" + _HOUR_WORD + r")\b")
_TR_HALF = re.compile(
    r"\b(?P<h>on bir|on iki|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on) bucuk\w*"
    r"(?! (?:saat|dakika|hour))"  # "iki buçuk saat" is a length, not half past two
)
_INSTEAD_HOUR = (
    re.compile(r"\b(?P<h>\d{1,2})(?:'[a-z]+)? (?:yerine|instead of)\b"),
    re.compile(r"\b(?:yerine|instead of) (?:saat )?(?P<h>\d{1,2})\b(?![:.]\d)"),
)
_DAYPART_HOUR = re.compile(
    r"\b(?:sabah|aksam|ogleden sonra|ogle sonra|morning|afternoon|evening|gece)\w*\s+(?:saat\s+)?"
    r"(?P<h>\d{1,2})(?:'[a-z]+)?(?P<half>\s+bucuk\w*)?\b(?!\s*(?:dakika|minutes|dk|saat|"
    r"hours)|[:.]\d)"
)
# "yarın 10", "friday 3": a bare number right after a day is an hour.
_DAY_HOUR = re.compile(
    r"\b(?:yarin|bugun|tomorrow|today|"
    + "|".join(w for w in _WEEKDAY_STEMS if len(w) > 3)
    + r")(?:'?[a-z]{0,4})?\s+(?P<h>\d{1,2})\b(?!\s*(?:dakika|minutes|dk|saat|hours?|[:./]\d|'|"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"))"
)
# "can we make it 12", "push it to 2", "do 10 instead": a bare hour after a move verb.
_VERB_HOUR = re.compile(
    r"\b(?:make it|push it to|move (?:it )?to|move to|switch to|change (?:it )?to|do|to)\s+"
    r"(?P<h>\d{1,2})\b(?!\s*(?:dakika|minutes|dk|saat|hours?|[:./]\d|'|people|of)|\s+(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\b)"
)
_NOON = re.compile(r"\b(noon|midday|ogle(n|nde|de|ye|ne)?|ogle vakti)\b(?!\s+(sonra|yemeg))")
_MORNING = re.compile(r"\b(sabah\w*|morning|in the am|a \. m)\b")
_AFTERNOON = re.compile(
    r"\b(ogleden sonra\w*|ogle sonra\w*|aksam\w*|afternoon|evening|tonight|ikindi\w*|pm|p \. m)\b"
)
_SAME_TIME = re.compile(r"\b(ayni saat\w*|same time|at the same hour|ayni vakit\w*)\b")


@dataclass(frozen=True, slots=True)
class ClockTime:
    hour: int
    minute: int
    at: int  # where it was written, to prefer the last one


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


# --- durations -----------------------------------------------------------------------


def minutes_in(plain: str) -> int | None:
    """A stated number of minutes: "10 dk", "on beş dakika", "yarım saat", "an hour"."""
    if _HOUR_AND_HALF.search(plain):
        return 90
    if _HALF_HOUR.search(plain):
        return 30
    if _QUARTER_HOUR.search(plain):
        return 15
    for match in _MINUTES.finditer(plain):
        n = _number(match["n"] or match["n2"])
        if n is not None and 0 < n <= 600:
            return n
    for match in _HOURS.finditer(plain):
        n = _number(match["n"])
        if n is not None and 0 < n <= 10:
            return n * 60
    return None


def shift_in(plain: str) -> timedelta | None:
    """A move relative to the session: "30 minutes later", "bir saat erken"."""
    match = _SHIFT.search(plain) or _SHIFT_FIRST.search(plain)
    if match is None:
        return None
    minutes = minutes_in(match["amount"])
    if minutes is None:
        return None
    later = match["dir"].startswith(_LATER)
    return timedelta(minutes=minutes if later else -minutes)


# --- times of day -------------------------------------------------------------------


def _hour_of(word: str) -> int | None:
    n = _number(word)
    return n if n is not None and 0 <= n <= 24 else None


def _with_meridiem(hour: int, ap: str | None, plain: str) -> int:
    if ap:
        if ap.startswith("p") and hour < 12:
            return hour + 12
        if ap.startswith("a") and hour == 12:
            return 0
        return hour
    if hour >= 12:
        return hour % 24
    if _AFTERNOON.search(plain):
        return hour + 12
    if _MORNING.search(plain):
        return hour
    return hour + 12 if 1 <= hour <= 7 else hour


def times_in(plain: str) -> list[ClockTime]:
    """Every time of day written, in order of writing."""
    found: dict[int, ClockTime] = {}
    taken: list[range] = []

    def add(start: int, end: int, hour: int | None, minute: int) -> None:
        if hour is None or not (0 <= hour <= 24 and 0 <= minute < 60):
            return
        if any(start in span or (end - 1) in span for span in taken):
            return
        taken.append(range(start, end))
        found[start] = ClockTime(hour % 24, minute, start)

    for m in _CLOCK.finditer(plain):
        h = int(m["h"])
        # "02:30" and "14:00" are read as written: a 24-hour clock.
        as_written = h > 12 or (m["h"].startswith("0") and not m["ap"])
        add(m.start(), m.end(), h if as_written else _with_meridiem(h, m["ap"], plain), int(m["m"]))
    for m in _HOUR_AMPM.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), m["ap"], plain), 0)
    for m in _HALF_PAST.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start(), m.end(), None if h is None else _with_meridiem(h, None, plain), 30)
    for m in _SAAT.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), None, plain), 30 if m["half"] else 0)
    for m in _LOCATIVE_HOUR.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), None, plain), 30 if m["half"] else 0)
    for m in _DAYPART_HOUR.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), None, plain), 30 if m["half"] else 0)
    for m in _VERB_HOUR.finditer(plain):
        add(m.start("h"), m.end("h"), _with_meridiem(int(m["h"]), None, plain), 0)
    for m in _DAY_HOUR.finditer(plain):
        add(m.start("h"), m.end("h"), _with_meridiem(int(m["h"]), None, plain), 0)
    for m in _TR_HOUR.finditer(plain):
        if m["w"] in ("birde", "onda") and not m["saat"]:
            continue  # "bir de" (also) and "onda" (in it)
        add(m.start(), m.end(), _with_meridiem(_TR_HOUR_WORDS[m["w"]], None, plain), 0)
    for m in _AT_HOUR.finditer(plain):
        h = _hour_of(m["h"] or m["h2"])
        add(
            m.start(),
            m.end(),
            None if h is None else _with_meridiem(h, None, plain),
            30 if m["half"] else 0,
        )
    for m in _OCLOCK.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start(), m.end(), None if h is None else _with_meridiem(h, None, plain), 0)
    for m in _BRITISH_HALF.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start(), m.end(), None if h is None else _with_meridiem(h, None, plain), 30)
    for m in _QUARTER.finditer(plain):
        h = _hour_of(m["h"])
        if h is not None and m["rel"] == "to":
            add(m.start(), m.end(), _with_meridiem(h, None, plain) - 1, 45)
        elif h is not None:
            add(m.start(), m.end(), _with_meridiem(h, None, plain), 15)
    for m in _TR_HALF.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start(), m.end(), None if h is None else _with_meridiem(h, None, plain), 30)
    for pattern in _INSTEAD_HOUR:
        for m in pattern.finditer(plain):
            add(m.start("h"), m.end("h"), _with_meridiem(int(m["h"]), None, plain), 0)
    for m in _NOON.finditer(plain):
        add(m.start(), m.end(), 12, 0)
    return [found[k] for k in sorted(found)]


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
    r"\b(bugun\w*|today|tonight|bu aksam|bu gece|this (afternoon|evening|morning))\b"
)
_TOMORROW = re.compile(r"\b(yarin|yarina|yarinki\w*|yarini|tomorrow\w*)\b")
_AFTER_TOMORROW = re.compile(r"\b(obur gun\w*|oburgun\w*|yarindan sonra\w*|day after tomorrow)\b")
_DAY_AFTER_ANCHOR = re.compile(r"\b(ertesi gun\w*|the day after|the next day|next day)\b")
_WEEKS = re.compile(
    r"\b(?P<n>\d|bir|iki|uc|dort|one|two|three|four|a)\s+(hafta|weeks?)\s*(sonra\w*|later)?\b"
    r"|\bin\s+(?P<n2>\d|one|two|three|four|a)\s+weeks?\b"
)
_NEXT_WEEK = re.compile(
    r"\b(next week|haftaya|gelecek hafta\w*|onumuzdeki hafta\w*|bir sonraki hafta\w*|"
    r"following week|sonraki hafta\w*)\b"
)


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    weekday_only: bool = False  # a bare weekday: "Friday", "cuma"


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
    numbers = [int(m["d"]) for m in _ORDINAL_DAY.finditer(plain)] + [
        _number(m["d"]) or int(_TR_ORDINAL_WORDS.get(m["w"] or "", "0"))
        for m in _AYIN.finditer(plain)
    ]
    numbers = [n for n in numbers if 1 <= n <= 31 and (anchor is None or n != anchor.day)]
    if numbers:
        found = _dated(today, numbers[-1], today.month, today.year)
        if found is None or found < today:
            month = today.month % 12 + 1
            found = _dated(today, numbers[-1], month, today.year + (month == 1))
        if found:
            return Day(found)
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
    if weekday and anchor is not None:
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
        if (
            mod in ("next", "gelecek", "onumuzdeki", "haftaya", "bir sonraki", "sonraki")
            or next_week
        ):
            return Day(_next_weekday(today, day, next_week=True, allow_today=False))
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


# --- together ------------------------------------------------------------------------


def _pick_time(times: list[ClockTime], anchor: datetime | None) -> ClockTime | None:
    """The last time written, unless it is just the session's own time ("from 14:00 to
    16:00", "16:00 instead of 14:00")."""
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
    same_time = bool(_SAME_TIME.search(plain))
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
    r"arrive|arriving|be with you|with you|be at|be in|get in|there at|there by|"
    r"there around|ancak|gibi|around)\b"
)
MAX_LATE_MINUTES = 120


def arrival_delay(plain: str, now: datetime, tz: ZoneInfo, anchor: datetime | None) -> int | None:
    """Minutes late read from an arrival time on the session's own day: "14:20 gibi
    oradayım", "be with you at 8:10" for a session at 14:00 or 8:00."""
    if anchor is None or not _ARRIVAL.search(plain):
        return None
    local_anchor = anchor.astimezone(tz)
    day = day_in(plain, now.astimezone(tz).date())
    if day is not None and day.day != local_anchor.date():
        return None
    for clock_time in reversed(times_in(plain)):
        at = datetime.combine(local_anchor.date(), time(clock_time.hour, clock_time.minute), tz)
        minutes = int((at - local_anchor).total_seconds() // 60)
        if 0 < minutes <= MAX_LATE_MINUTES:
            return minutes
    return None
