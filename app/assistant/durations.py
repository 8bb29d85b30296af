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
_AMOUNT = r"(?P<n>\d{1,3}(?:\s?[.,]\s?(?:5|25|75)\b)?|" + _WORD + r")"
_HALF = r"(?P<half>\s+(?:bucuk|and a half|and half)\b)?"
_HOURS = re.compile(
    r"(?<![:/\d])\b" + _AMOUNT + _HALF + r"\s*-?\s*(?:saat(?:lik|lık)?|sa|hours?|hrs?|h)\b"
    r"(?!\s*(?:once|sonra|ileri|geri|erken|earlier|later|before|after|back|forward|one\b))"
    r"(?P<half2>\s+(?:and a half|bucuk))?"
)
_MINUTES = re.compile(
    r"(?<![:/\d])\b" + _AMOUNT + r"\s*-?\s*(?:dakika\w*|dk\w*|minutes?|mins?|min)\b"
    r"(?!\s*(?:once|sonra|ileri|geri|erken|earlier|later|before|after|back|forward|late|gec))"
)
_HOUR_AND_HALF = re.compile(r"\b(?:an|one|bir) hour and a half\b|\bhour and a half\b")
_HALF_HOUR = re.compile(
    r"\b(?:half an hour|yarim saat\w*)\b(?!\s*(?:once|sonra|erken|earlier|later))"
)
_FREE_HOUR = re.compile(r"\b(?:(?:a |an |one )?free hour|(?:bos|musait) (?:bir )?saat\w*)\b")
_AN_HOUR = re.compile(r"\b(?:an|one|bir) hour(?:'s| long| session| slot)?\b|\bhour long\b")
MAX_MINUTES = 12 * 60


def _number(raw: str) -> Decimal | None:
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
_QUARTERS = re.compile(r"\bthree quarters of an hour\b|\b(?:an|one) hour and a quarter\b")


def duration_minutes(plain: str) -> int | None:
    """The session length written, in whole minutes, or None."""
    if _HOUR_AND_HALF.search(plain):
        return 90
    m = _QUARTERS.search(plain)
    if m:
        return 45 if m.group(0).startswith("three") else 75
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
    if _HALF_HOUR.search(plain):
        return 30
    if _FREE_HOUR.search(plain) or _AN_HOUR.search(plain):
        return 60
    return None
