"""Times of day as people write them: "14:00'te", "2pm", "saat 3", "half 5",
"quarter to seven", "altı buçuk", "öğleden sonra 4". An hour 1 to 7 without am/pm is
in the afternoon, inside working hours."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from app.assistant.when.days import _WEEKDAY_STEMS, MONTHS
from app.assistant.when.numbers import _HOUR_UNIT, _MINUTE_UNIT, _number

_CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:'[a-z]+)?(?:\s*(?P<ap>am|pm|a \. m|p \. m)\b)?"
)
# "17 30'a": hour and minutes with a space, read only with a Turkish case ending or a
# 24-hour hour, so "3 30 dakika" and "2 15" (two things) stay what they are.
_SPACED_CLOCK = re.compile(
    r"\b(?P<h>1\d|2[0-3]|0\d) (?P<m>[0-5]\d)(?:'(?:a|e|ya|ye|da|de|ta|te|dan|den|tan|ten)\b|"
    r"(?= *$)|(?= (?:olsun|ok|tamam|please|pls)\b))"
)
_HOUR_AMPM = re.compile(r"\b(?P<h>\d{1,2})\s*(?P<ap>am|pm|a \. m|p \. m)\b")
_SAAT = re.compile(
    r"\bsaat\s+(?P<h>\d{1,2})(?!\s*" + _MINUTE_UNIT + r")(?:'[a-z]+)?(?P<half>\s+bucuk\w*)?\b"
)
_LOCATIVE_HOUR = re.compile(
    r"(?<!ayin )\b(?P<h>\d{1,2})"
    r"(?:'(?:de|da|te|ta|e|a|ye|ya|ne|na|i|u|ini|unu|yi|yu|den|dan|ten|tan)"
    r"|(?:de|da|te|ta|ye|ya|den|dan|ten|tan)"  # the apostrophe left out: "18de", "16ya"
    r"|(?P<half>\s+buc(?:uk|ug)\w*))\b"
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
    r"\b(?P<h>on bir|on iki|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz|on) buc(?:uk|ug)\w*"
    r"(?! (?:saat|dakika|hour))"  # "iki buçuk saat" is a length, not half past two
)
# "9 yerine 11", "11 instead of 9": the hour before "yerine" and after "instead of" is left;
# the other side is the one asked for.
_INSTEAD_HOUR = (
    (re.compile(r"\b(?P<h>\d{1,2})(?:'[a-z]+)? yerine\b"), True),
    (re.compile(r"\binstead of (?:saat )?(?P<h>\d{1,2})\b(?![:.]\d)"), True),
    (re.compile(r"\b(?P<h>\d{1,2})(?:'[a-z]+)? instead of\b"), False),
    (re.compile(r"\byerine (?:saat )?(?P<h>\d{1,2})\b(?![:.]\d)"), False),
)
_DAYPART_HOUR = re.compile(
    r"\b(?P<part>sabah|aksam|ogleden sonra|ogle sonra|morning|afternoon|evening|gece)\w*\s+"
    r"(?:saat\s+)?"
    r"(?P<h>\d{1,2})(?:'[a-z]+)?(?P<half>\s+bucuk\w*)?\b(?!\s*(?:dakika|minutes|dk|saat|"
    r"hours)|[:.]\d)"
)
# "yarın 10", "friday 3": a bare number right after a day is an hour.
_DAY_HOUR = re.compile(
    r"\b(?:yarin|bugun|tomorrow|today|"
    + "|".join(w for w in _WEEKDAY_STEMS if len(w) > 3)
    + r")(?:'?[a-z]{0,4})?\s+(?P<h>\d{1,2})\b(?!\s*(?:dakika|minutes|dk|saat|hours?|[:./]\d|'|"
    + r"st\b|nd\b|rd\b|th\b|"  # "Thursday 2nd": a date, not two o'clock
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"))"
)
# "can we make it 12", "push it to 2", "do 10 instead": a bare hour after a move verb.
_VERB_HOUR = re.compile(
    r"\b(?:make it|push it to|move (?:it )?to|move to|switch to|change (?:it )?to|do|to)\s+"
    r"(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?!\s*(?:dakika|minutes|dk|saat|hours?|[:./]\d|'|people|of)|\s+(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\b)"
)
# "ten past eleven", "twenty to five".
_PAST_TO = re.compile(
    r"\b(?P<m>five|ten|twenty|twenty five|\d{1,2}) (?:minutes )?(?P<rel>past|to|after) "
    r"(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
)
# "üçe çeyrek var" (14:45), "ikiyi çeyrek geçe" (14:15), "3e çeyrek var".
_TR_HOUR_CASES = {
    "bire": 1,
    "biri": 1,
    "ikiye": 2,
    "ikiyi": 2,
    "uce": 3,
    "ucu": 3,
    "dorde": 4,
    "dordu": 4,
    "bese": 5,
    "besi": 5,
    "altiya": 6,
    "altiyi": 6,
    "yediye": 7,
    "yediyi": 7,
    "sekize": 8,
    "sekizi": 8,
    "dokuza": 9,
    "dokuzu": 9,
    "ona": 10,
    "onu": 10,
    "on bire": 11,
    "on biri": 11,
    "on ikiye": 12,
    "on ikiyi": 12,
}
_TR_QUARTER = re.compile(
    r"\b(?:(?P<h>" + "|".join(sorted(_TR_HOUR_CASES, key=len, reverse=True)) + r")|"
    r"(?P<d>\d{1,2})(?:'?[a-z]{1,3})?) (?P<m>ceyrek|bes|on|yirmi|yirmi bes|\d{1,2}) "
    r"(?P<rel>var|kala|gece)\b"
)
# "3 today", "10 yarın": an hour written before the day.
_HOUR_BEFORE_DAY = re.compile(r"^(?P<h>\d{1,2}) (?:today|tomorrow|bugun|yarin)\b")
# German: "9 Uhr", "15 Uhr 30", "um 9", "halb fünf" (4:30), "Viertel nach drei", "zehn vor vier".
_DE_HOURS = {
    "eins": 1,
    "ein": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "funf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwolf": 12,
}
_DE_HOUR = r"(?:\d{1,2}|" + "|".join(_DE_HOURS) + r")"
# "Uhr" may arrive as "o'clock" (the shorthand table reads it as English).
_DE_UHR = re.compile(
    r"\b(?P<h>\d{1,2}) (?:uhr|o'?clock) (?P<m>[0-5]\d)\b(?! ?(?:min|minuten|minutes|mins|dk))"
    r"|\b(?P<h2>\d{1,2}) uhr\b"
)
_DE_UM = re.compile(r"\b(?:um|gegen|ab) (?P<h>\d{1,2})\b(?!\s*(?:minuten|min|stunden|[:.]\d|/))")
_DE_HALF = re.compile(r"\bhalb (?P<h>" + _DE_HOUR + r")\b")
_DE_QUARTER = re.compile(r"\bviertel (?P<rel>nach|vor) (?P<h>" + _DE_HOUR + r")\b")
_DE_PAST_TO = re.compile(
    r"\b(?P<m>funf|zehn|zwanzig|\d{1,2}) (?:minuten )?(?P<rel>nach|vor) (?P<h>" + _DE_HOUR + r")\b"
)
_DE_MINUTES = {"funf": 5, "zehn": 10, "zwanzig": 20}
_NOON = re.compile(r"\b(noon|midday|ogle(n|nde|de|ye|ne)?|ogle vakti)\b(?!\s+(sonra|yemeg|once))")
_MORNING = re.compile(r"\b(sabah\w*|morning|in the am|a \. m|morgens|vormittag\w*|in der fruh)\b")
_AFTERNOON = re.compile(
    r"\b(ogleden sonra\w*|ogle sonra\w*|aksam\w*|afternoon|evening|tonight|ikindi\w*|pm|p \. m|"
    r"nachmittag\w*|abends|am abend)\b"
)
SAME_TIME = re.compile(
    r"\b(ayni saat\w*|same time|at the same hour|ayni vakit\w*|gleiche\w* (?:uhr)?zeit|"
    r"selbe\w* (?:uhr)?zeit)\b"
)


@dataclass(frozen=True, slots=True)
class ClockTime:
    hour: int
    minute: int
    at: int  # where it was written, to prefer the last one
    left: bool = False  # "instead of 9": the time being left, never the one proposed


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


@lru_cache(maxsize=64)  # a reply's text is read for its times several times over
def times_in(plain: str) -> tuple[ClockTime, ...]:
    """Every time of day written, in order of writing."""
    found: dict[int, ClockTime] = {}
    taken: list[range] = []

    def add(start: int, end: int, hour: int | None, minute: int, left: bool = False) -> None:
        if hour is None or not (0 <= hour <= 24 and 0 <= minute < 60):
            return
        if any(start in span or (end - 1) in span for span in taken):
            return
        taken.append(range(start, end))
        found[start] = ClockTime(hour % 24, minute, start, left)

    _german(plain, add)  # first: "15 Uhr 30" is one time, not 15:00 and a 30
    for m in _CLOCK.finditer(plain):
        h = int(m["h"])
        # "02:30" and "14:00" are read as written: a 24-hour clock.
        as_written = h > 12 or (m["h"].startswith("0") and not m["ap"])
        add(m.start(), m.end(), h if as_written else _with_meridiem(h, m["ap"], plain), int(m["m"]))
    for m in _SPACED_CLOCK.finditer(plain):
        add(m.start(), m.end(), int(m["h"]), int(m["m"]))
    for m in _HOUR_AMPM.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), m["ap"], plain), 0)
    for m in _HALF_PAST.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start(), m.end(), None if h is None else _with_meridiem(h, None, plain), 30)
    # Before the patterns that read a bare hour: "quarter to 10" is 9:45, not 10.
    for m in _QUARTER.finditer(plain):
        h = _hour_of(m["h"])
        if h is not None and m["rel"] == "to":
            add(m.start(), m.end(), _with_meridiem(h, None, plain) - 1, 45)
        elif h is not None:
            add(m.start(), m.end(), _with_meridiem(h, None, plain), 15)
    for m in _SAAT.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), None, plain), 30 if m["half"] else 0)
    for m in _LOCATIVE_HOUR.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), None, plain), 30 if m["half"] else 0)
    for m in _DAYPART_HOUR.finditer(plain):
        # The day part written with this hour decides, not another one elsewhere in the text.
        h = int(m["h"])
        if m["part"] in ("sabah", "morning"):
            h = 0 if h == 12 else h
        elif h < 12:
            h += 12
        add(m.start(), m.end(), h, 30 if m["half"] else 0)
    for m in _VERB_HOUR.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start("h"), m.end("h"), None if h is None else _with_meridiem(h, None, plain), 0)
    for m in _PAST_TO.finditer(plain):
        h, minutes = _hour_of(m["h"]), _number(m["m"])
        if h is not None and minutes is not None and 0 < minutes < 60:
            hour = _with_meridiem(h, None, plain)
            if m["rel"] == "to":
                hour, minutes = hour - 1, 60 - minutes
            add(m.start(), m.end(), hour, minutes)
    for m in _TR_QUARTER.finditer(plain):
        h = _TR_HOUR_CASES.get(m["h"]) or (_hour_of(m["d"]) if m["d"] else None)
        if h is not None:
            hour = _with_meridiem(h, None, plain)
            minutes = 15 if m["m"] == "ceyrek" else _number(m["m"]) or 0
            if not 0 < minutes < 60:
                continue
            if m["rel"] in ("var", "kala"):
                add(m.start(), m.end(), hour - 1, 60 - minutes)
            else:
                add(m.start(), m.end(), hour, minutes)
    for m in _HOUR_BEFORE_DAY.finditer(plain):
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
    for m in _TR_HALF.finditer(plain):
        h = _hour_of(m["h"])
        add(m.start(), m.end(), None if h is None else _with_meridiem(h, None, plain), 30)
    for pattern, left in _INSTEAD_HOUR:
        for m in pattern.finditer(plain):
            h = _with_meridiem(int(m["h"]), None, plain)
            add(m.start("h"), m.end("h"), h, 0, left=left)
    for m in _NOON.finditer(plain):
        add(m.start(), m.end(), 12, 0)
    return tuple(found[k] for k in sorted(found))


def _de_hour(word: str) -> int | None:
    return int(word) if word.isdigit() else _DE_HOURS.get(word)


def _german(plain: str, add: Callable[[int, int, int | None, int], None]) -> None:
    for m in _DE_UHR.finditer(plain):
        h = int(m["h"] or m["h2"])
        add(m.start(), m.end(), h if h > 12 else _with_meridiem(h, None, plain), int(m["m"] or 0))
    for m in _DE_QUARTER.finditer(plain):
        h = _de_hour(m["h"])
        if h is not None:
            hour = _with_meridiem(h, None, plain)
            add(
                m.start(),
                m.end(),
                hour if m["rel"] == "nach" else hour - 1,
                15 if m["rel"] == "nach" else 45,
            )
    for m in _DE_PAST_TO.finditer(plain):
        h = _de_hour(m["h"])
        minutes = _DE_MINUTES.get(m["m"]) or (int(m["m"]) if m["m"].isdigit() else 0)
        if h is not None and 0 < minutes < 60:
            hour = _with_meridiem(h, None, plain)
            if m["rel"] == "vor":
                hour, minutes = hour - 1, 60 - minutes
            add(m.start(), m.end(), hour, minutes)
    for m in _DE_HALF.finditer(plain):  # "halb fünf" is half past four
        h = _de_hour(m["h"])
        if h is not None:
            add(m.start(), m.end(), _with_meridiem(h, None, plain) - 1, 30)
    for m in _DE_UM.finditer(plain):
        add(m.start(), m.end(), _with_meridiem(int(m["h"]), None, plain), 0)
