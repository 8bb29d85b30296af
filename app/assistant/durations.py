"""How long a session should be, as staff write it: "50 dk", "1,5 saat", "iki buçuk saat",
"an hour and a half", "two and a half hours", "90-minute", "45 dk'lık", "a free hour".

Reads `textprep`'s ASCII form. A length is a number (digits, with a decimal comma or
point, or words) with a unit; "buçuk" and "and a half" add half an hour.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from app.assistant.when import NUMBER_WORDS

_WORD = "|".join(
    sorted((re.escape(w) for w in NUMBER_WORDS if " " not in w), key=len, reverse=True)
)
_TENS = "twenty|thirty|forty|fifty|sixty|yirmi|otuz|kirk|elli|altmis"
_UNITS = "one|two|three|four|five|six|seven|eight|nine|bir|iki|uc|dort|bes|alti|yedi|sekiz|dokuz"
# "kırk beş", "forty-five": a ten and a unit, read before either alone.
_COMPOUND = r"(?:" + _TENS + r")(?:\s?-\s?|\s)(?:" + _UNITS + r")"
_AMOUNT = r"(?P<n>\d{1,3}(?:\s?[.,]\s?(?:5|25|75)\b)?|" + _COMPOUND + "|" + _WORD + r")"
# "50'şer dakika" (fifty minutes each): the distributive suffix after the number.
_EACH = r"(?:'?s?[ae]r)?"
_HALF = r"(?P<half>\s+(?:bucuk|and a half|and half)\b)?"
_HOURS = re.compile(
    r"(?<![:/\d])\b"
    + _AMOUNT
    + _EACH
    + _HALF
    + r"\s*-?\s*(?:saat(?:lik|lık)?|sa|hours?|hrs?|h|stunden?)\b"
    r"(?!\s*(?:once|sonra|ileri|geri|erken|earlier|later|before|after|back|forward|one\b))"
    r"(?P<half2>\s+(?:and a half|bucuk))?"
)
_MINUTES = re.compile(
    r"(?<![:/\d])\b" + _AMOUNT + _EACH + r"\s*-?\s*(?:dakika\w*|dk\w*|minutes?|minuten|mins?|min)\b"
    r"(?!\s*(?:once|sonra|ileri|geri|erken|earlier|later|before|after|back|forward|late|gec))"
)
_HOUR_AND_HALF = re.compile(
    r"\b(?:an|one|bir) hour and a half\b|\bhour and a half\b|\banderthalb stunden?\b"
)
_HALF_HOUR = re.compile(
    r"\b(?:half an hour|(?<!and a )(?<!and )half ?-? ?hour\b(?! and)|yarim saat\w*|"
    r"(?:eine[rn]? )?halbe[n]? stunde)\b"
    r"(?!\s*(?:once|sonra|erken|earlier|later))"
)
# "50m": minutes, from digits only ("9 am" is no length).
_M = re.compile(r"(?<![:/\d])\b(?P<n>\d{2,3}) ?m\b(?!\s*(?:once|sonra|later|earlier|late))")
# "45'lik", "elli dakikalık" already read; "45'lik" and "kırk beşlik" alone are a length.
_LIK = re.compile(r"\b(?P<n>\d{2,3}|" + _COMPOUND + r"|" + _TENS + r")'?l[iu]k\b")
_FREE_HOUR = re.compile(r"\b(?:(?:a |an |one )?free hour|(?:bos|musait) (?:bir )?saat\w*)\b")
_AN_HOUR = re.compile(
    r"\b(?:an|one|bir) hour(?:'s| long| session| slot)?\b|\bhour long\b|\beine[rn]? stunde\b"
)
MAX_MINUTES = 12 * 60


def _number(raw: str) -> Decimal | None:
    words = raw.replace("-", " ").split()
    if len(words) == 2 and all(w in NUMBER_WORDS for w in words):  # "kirk bes"
        return Decimal(NUMBER_WORDS[words[0]] + NUMBER_WORDS[words[1]])
    raw = raw.replace(" ", "").replace(",", ".")
    if raw in NUMBER_WORDS:
        return Decimal(NUMBER_WORDS[raw])
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


_HOUR_AND_MINUTES = re.compile(
    r"\b(?:an?|one|bir|1) (?:hour|saat|hr)(?: and)? (?P<m>\d{1,2}|"
    + _WORD
    + r")(?: (?P<m2>"
    + _WORD
    + r"))? ?(?:minutes?|mins?|dakika\w*|dk\w*)\b"
)
_QUARTERS = re.compile(
    r"\bthree ?-? ?quarters of an hour\b|\b(?:an|one) hour and a quarter\b|\bdreiviertelstunde\b"
)


def duration_minutes(plain: str) -> int | None:
    """The session length written, in whole minutes, or None."""
    if _HOUR_AND_HALF.search(plain):
        return 90
    if _HALF_HOUR.search(plain):  # before "an hour" inside "half an hour"
        return 30
    m = _QUARTERS.search(plain)
    if m:
        return 45 if m.group(0).startswith(("three", "drei")) else 75
    m = _HOUR_AND_MINUTES.search(plain)
    if m:
        extra = (_number(m["m"]) or 0) + (_number(m["m2"]) or 0 if m["m2"] else 0)
        if 0 < extra < 60:
            return 60 + int(extra)
    m = _HOURS.search(plain)
    if m:
        n = _number(m["n"])
        if n is not None:
            hours = n + (Decimal("0.5") if m["half"] or m["half2"] else 0)
            minutes = int(hours * 60)
            return minutes if 0 < minutes <= MAX_MINUTES else None
    m = _MINUTES.search(plain)
    if m:
        n = _number(m["n"])
        if n is not None and 0 < n <= MAX_MINUTES:
            return int(n)
    m = _M.search(plain)
    if m and 15 <= int(m["n"]) <= MAX_MINUTES:
        return int(m["n"])
    m = _LIK.search(plain)
    if m:
        n = _number(m["n"])
        if n is not None and 15 <= n <= MAX_MINUTES:
            return int(n)
    if _FREE_HOUR.search(plain) or _AN_HOUR.search(plain):
        return 60
    return None
