"""Numbers and lengths of time in words and digits: "on beş dakika", "half an hour",
"an hour earlier", "bir saat sonra"."""

from __future__ import annotations

import re
from datetime import timedelta

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
    # German, for clinics in Germany ("eine Stunde früher", "zehn Minuten später").
    "ein": 1,
    "eine": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "funf": 5,
    "zehn": 10,
    "funfzehn": 15,
    "zwanzig": 20,
    "dreissig": 30,
    "vierzig": 40,
}
_NUMBER_ALT = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
_AMOUNT = r"(?P<n>\d{1,3}|" + _NUMBER_ALT + r")"
_MINUTE_UNIT = r"(?:dakika\w*|minuten|minutes?|mins?|dk|')"
_HOUR_UNIT = r"(?:saat\w*|hours?|hrs?|stunden?|std)"

_HALF_HOUR = re.compile(
    r"\b(yarim saat\w*|half an? hour|half hour|30 minutes?|(?:eine[rn]? )?halben? stunde)\b"
)
_QUARTER_HOUR = re.compile(
    r"\b(ceyrek saat\w*|(a )?quarter of an hour|quarter hour|(?:eine )?viertelstunde)\b"
)
_HOUR_AND_HALF = re.compile(r"\b(bir bucuk saat\w*|an hour and a half|1\.5 hours?)\b")
_MINUTES = re.compile(
    r"\b" + _AMOUNT + r"\s*" + _MINUTE_UNIT + r"(?!\w)|\b(?:about |around |like |maybe )"
    r"(?P<n2>\d{1,2}) (?:late|behind|gec)\b"
)
_HOURS = re.compile(r"\b" + _AMOUNT + r"\s*" + _HOUR_UNIT + r"(?!\w)")

_SHIFT_DIRECTION = (
    r"(?P<dir>sonra\w*|later|ileri\w*|geri\w*|erken\w*|earlier|once\w*|onceye|oneye|one|"
    r"gec(?= basla)|before|after|back|forward|spater|fruher|eher|nach hinten|nach vorne)"
)
_SHIFT = re.compile(
    r"\b(?P<amount>"
    + _AMOUNT
    + r"\s*(?:"
    + _MINUTE_UNIT
    + r"|"
    + _HOUR_UNIT
    + r")|yarim saat|half an? hour|ceyrek saat|an hour and a half|bir bucuk saat|"
    r"(?:eine )?halbe stunde|(?:eine )?viertelstunde)\s+" + _SHIFT_DIRECTION + r"\b"
)
_LATER = ("sonra", "later", "ileri", "after", "back", "gec", "spater", "nach hinten")
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
