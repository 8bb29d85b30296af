"""A declined time and the one offered instead: "can't do Saturday at 10, but the day after
at the same time?", "Pazartesi gelemiycem ama salı olur", "Morgen klappt es nicht. Eine
Woche später?".

The first day and time in such a reply are the ones being turned down, so the proposal is
read from what follows the refusal's clause. English and German put the refused time after
the verb ("can't do Saturday"), Turkish before it ("salı gelemiyorum"): the clause ends at
the next comma, full stop or contrast word either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.assistant import when
from app.assistant.patterns import any_of as _any
from app.assistant.when.clock import SAME_TIME

REFUSAL = _any(
    r"(?:can'?t|cannot|can not|could ?n'?t|won'?t|wont|unable to|not able to) "
    r"(?:do|make|manage|come|attend|be there|be in|get there)",
    r"(?:does ?n'?t|doesnt|does not|won'?t|wont|will not|not going to) work",
    r"(?:is|s) (?:no good|not good|out|a no|not possible|impossible|not going to work)",
    r"no good|not possible|no can do",
    r"olmaz|olmuyor|olmayacak\w*|olamam|olamayaca\w*|olamiyor\w*",
    r"gelemi\w*|gelemem|gelemeye\w*|gelemiyece\w*|gelemicem|gelemiycem|gelmeyece\w*",
    r"yapamam|yapamayaca\w*|yapamiyor\w*|katilama\w*|yetisemi\w*|yetisemeye\w*",
    r"uymuyor|uymayacak|uygun degil\w*|musait degil\w*",
    r"klappt (?:es )?(?:\w+ )?nicht|geht (?:es )?(?:\w+ )?nicht|passt (?:es )?(?:\w+ )?nicht",
    r"kann (?:ich )?(?:\w+ )?nicht|schaffe (?:es )?(?:\w+ )?nicht",
)
_CLAUSE_END = re.compile(
    r"[,.;!?]|\b(?:but|instead|how about|what about|could we|can we|could i|can i|would|"
    r"maybe|perhaps|is there|do you have|any chance|ama|fakat|ancak|onun yerine|bunun yerine|"
    r"belki|aber|sondern|stattdessen|vielleicht)\b"
)
# Two days offered as alternatives: a move, but no single start to propose.
ALTERNATIVES = re.compile(r"\b(?:or|ya da|yada|veya|yahut|oder)\b")


# Asking what else there is names no time and is an offer all the same.
_OPENING = _any(
    r"anything|something|another (?:day|time|slot)|other (?:days?|times?|slots?)|"
    r"any (?:other )?(?:slots?|times?|days?|gaps?|openings?)|free|available|availability",
    r"bosluk\w*|bos (?:bir )?(?:saat|gun|yer|zaman)\w*|musait\w*|"
    r"baska (?:bir )?(?:gun|saat|zaman)\w*|uygun (?:bir )?(?:gun|saat|zaman)\w*",
    r"(?:ander\w*|freie\w*) (?:tag|termin|appointment|zeit|uhrzeit)\w*|was anderes|etwas anderes",
    r"morning|afternoon|evening|sabah\w*|ogleden sonra|aksam\w*|vormittag\w*|nachmittag\w*|"
    r"abend\w*",
)
_DAY_OR_HOUR = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|pazartesi|sali|carsamba|"
    r"persembe|cuma|cumartesi|pazar|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag)|\d"
)


@dataclass(frozen=True, slots=True)
class Offered:
    text: str  # what follows the refusal: the proposal is read from it alone
    alternatives: bool  # "Tuesday or Wednesday": more than one, none to pick


def offered(plain: str, today: date, anchor: date | None) -> Offered | None:
    """What a reply offers after turning a time down, if it offers anything."""
    found = split(plain)
    if found is None:
        return None
    text = found.offered
    names_when = (
        when.day_in(text, today, anchor) is not None
        or bool(when.times_in(text))
        or when.shift_in(text) is not None
        or bool(_OPENING.search(text))
        or bool(SAME_TIME.search(text))
    )
    if not names_when:
        return None
    several = len(_DAY_OR_HOUR.findall(text)) >= 2 and bool(ALTERNATIVES.search(text))
    return Offered(text=text, alternatives=several)


@dataclass(frozen=True, slots=True)
class Offer:
    declined: str  # up to the end of the refusal's clause
    offered: str  # what follows it


def split(plain: str) -> Offer | None:
    """The refusal and what is offered after it, or None when nothing follows one."""
    refusals = list(REFUSAL.finditer(plain))
    if not refusals:
        return None
    last = refusals[-1]
    end = _CLAUSE_END.search(plain, last.end())
    if end is None:
        return None
    offered = plain[end.start() :].strip(" ,.;!?")
    if not offered:
        return None
    return Offer(declined=plain[: end.start()], offered=offered)
