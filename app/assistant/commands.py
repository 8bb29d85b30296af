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

from app.assistant import when
from app.assistant.textprep import fold, prepare


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


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


_OUT_OF_SCOPE = _any(
    r"diagnos\w*",
    r"treatment( plan)?",
    r"prescri\w*",
    r"medication\w*",
    r"therapy plan",
    r"(write|summari[sz]e|read|show|open) (the |a |my |his |her )?notes?",
    r"(delete|remove|erase|wipe) (all|every|the whole)",
    r"(all|every) (clients|patients)",
    r"advice|advise",
    r"what should (i|we) (tell|say to)",
    r"teshis\w*",
    r"tani (koy|oner)\w*",
    r"tedavi\w*",
    r"ilac\w*",
    r"recete\w*",
    r"notlar\w*",
    r"(tum|butun|her) (danisan\w*|hasta\w*|musteri\w*)",
    r"(sil|temizle) (hepsini|tumunu)",
    r"hepsini sil",
    r"(cancel|delete|remove|move|iptal et) all",
    r"all (of )?(his|her|their|\w+'s|\w+ 's) (sessions|appointments)",
    r"(hepsini|tumunu|butun (seans|randevu)\w*) (iptal|sil|tasi)\w*",
)
_CANCEL = _any(
    r"cancel\w*",
    r"call off",
    r"iptal\w*",
    r"(randevu\w*|seans\w*) (sil|kaldir)\w*",
    r"remove (the|her|his)",
)
_RESCHEDULE = _any(
    r"move\w*",
    r"reschedul\w*",
    r"shift\w*",
    r"push\w*",
    r"postpone\w*",
    r"change (the )?(time|day|date)",
    r"(tasi|kaydir|ertele|degistir)\w*",
    r"al",
    r"alin",
    r"alalim",
    r"cek",
    r"cekin",
)
_FIND = _any(
    r"free",
    r"available",
    r"availability",
    r"open(ing|ings)? (slot|slots|time|hour)",
    r"slots?",
    r"find (me )?(a |an )?(time|slot|hour|gap)",
    r"any (time|gap|room)",
    r"bos\w*",
    r"musait\w*",
    r"uygun (saat|zaman|gun|yer)\w*",
    r"bosluk\w*",
)
_SHOW = _any(
    r"when (is|does|are|s)",
    r"show\w*",
    r"list\w*",
    r"what('s| is| do i have)",
    r"who (is|do i have)",
    r"ne zaman",
    r"goster\w*",
    r"listele\w*",
    r"neler var",
    r"kimler var",
    r"program\w*",
    r"(next|upcoming) (session|appointment)",
    r"(siradaki|sonraki|bir sonraki) (seans|randevu)\w*",
    r"look like",
    r"nasil gorunuyor",
    r"kim(ler)? geliyor",
)
_BOOK = _any(
    r"book\w*",
    r"schedule\w*",
    r"add",
    r"set up",
    r"put",
    r"make (an? )?(appointment|session)",
    r"new (session|appointment)",
    r"session",
    r"appointment",
    r"(randevu|seans)\w*",
    r"ekle\w*",
    r"ver",
    r"olustur\w*",
    r"yaz",
    r"planla\w*",
)
_WEEKLY = _any(
    r"every (week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"weekly",
    r"each week",
    r"her (hafta|pazartesi|sali|carsamba|persembe|cuma|cumartesi|pazar)\w*",
    r"haftalik",
    r"haftada bir",
)
_BIWEEKLY = _any(
    r"every (other|second) (week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"biweekly|bi-weekly|fortnightly|every two weeks|every 2 weeks",
    r"(iki|2) haftada bir",
    r"iki haftalik",
    r"gunasiri hafta",
)
_FREE_HOUR = _any(
    r"(a |an |one )?free hour", r"(bos|musait) (bir )?saat\w*", r"bir saatlik (bos|yer)\w*"
)
_DURATION = re.compile(
    r"(?<![/.\d])\b(?P<n>\d{1,3}|bir|an?|one|two|iki|yarim|half)\s*-?\s*"
    r"(?P<u>dakika\w*|minutes?|dk|saatlik|saat(?= (?:surecek|sursun|seans|randevu))|hours?)\b"
)

# A client written as initials ("E.K.", "M.Y.", "E. K.") or a capitalised name.
_INITIALS = re.compile(r"(?<![\w.])((?:[A-ZÇĞİÖŞÜ]\.\s?){2,3})(?:'[a-zçğıöşü]+)?")
_NAME_WORD = r"[A-ZÇĞİÖŞÜ][a-zçğıöşüâîû]+(?:-[A-ZÇĞİÖŞÜ][a-zçğıöşüâîû]+)?"
_NAME = re.compile(
    r"(?<![\w'])(" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,2})(?:'[a-zçğıöşü]+)?"
)
_ANCHORED_NAME = re.compile(
    r"(?:\bfor|\bwith|\bclient)\s+([a-zçğıöşü]+(?:\s+[a-zçğıöşü]+)?)"
    r"|([a-zçğıöşü]+(?:\s+[a-zçğıöşü]+)?)\s+(?:için|icin)\b",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    (
        "hour hours minute minutes min mins dk week weeks hafta morning afternoon evening "
        "schedule book move reschedule cancel find show every next this find me free session "
        "sessions appointment appointment for with at on the a an to and please client "
        "monday tuesday wednesday thursday friday saturday sunday january february march april "
        "may june july august september october november december today tomorrow "
        "pazartesi salı çarşamba perşembe cuma cumartesi pazar ocak şubat mart nisan mayıs "
        "haziran temmuz ağustos eylül ekim kasım aralık bugün yarın gelecek önümüzdeki haftaya "
        "her seans randevu iptal için saat dakika dakikalık öğleden sonra sabah akşam boş "
        "müsait suggest write delete diagnosis notes note treatment plan tüm bütün lütfen yeni "
        "pm am noon öğlen ne zaman var mı mi when what who where which how"
    ).split()
)
# One capitalised word with a possessive or case ending: "Burak's", "Burak'ın", "Elif'e".
_OWNED_NAME = re.compile(r"(?<![\w'])(" + _NAME_WORD + r")(?:'s|['’][a-zçğıöşü]+)\b")
_POSSESSIVE = re.compile(r"(?:'s|'|’s)$")


def _strip_suffix(ref: str) -> str:
    ref = ref.strip().rstrip(",;:")
    ref = re.sub(r"['’][a-zçğıöşü]+$", "", ref)
    return _POSSESSIVE.sub("", ref).strip()


def client_ref(text: str) -> str | None:
    """The client as written: "E.K.'nin" → "E.K.", "Elif Kaya'nın" → "Elif Kaya"."""
    m = _INITIALS.search(text)
    if m:
        return re.sub(r"\s+", "", m.group(1))
    for m in _NAME.finditer(text):
        words = [w for w in _strip_suffix(m.group(1)).split() if fold(w) not in _NOT_NAMES]
        # A name that starts the sentence may have a command word capitalised before it.
        if len(words) >= 2:
            return " ".join(words[:3])
    m = _OWNED_NAME.search(text)
    if m and fold(m.group(1)) not in _NOT_NAMES:
        return m.group(1)
    for m in _ANCHORED_NAME.finditer(text):
        ref = _strip_suffix(m.group(1) or m.group(2) or "")
        words = [w for w in ref.split() if fold(w) not in _NOT_NAMES]
        if words:
            return " ".join(words)
    return _after_verb(text)


_VERB = re.compile(r"^\s*(?:book|schedule|cancel|move|reschedule)\s+(.+)$", re.IGNORECASE)


def _after_verb(text: str) -> str | None:
    """ "schedule elif kaya tomorrow 3pm": the words after the verb, up to a day or time."""
    m = _VERB.match(text)
    if not m:
        return None
    words = []
    for word in m.group(1).split():
        plain = prepare(word).plain
        if (
            fold(word) in _NOT_NAMES
            or when.times_in(plain)
            or _has_day(plain)
            or not word.isalpha()
        ):
            break
        words.append(word)
    return " ".join(words[:3]) or None


def _duration(plain: str) -> int | None:
    if _FREE_HOUR.search(plain):
        return 60
    m = _DURATION.search(plain)
    if not m:
        return None
    n = {"bir": 1, "a": 1, "an": 1, "one": 1, "two": 2, "iki": 2}.get(m["n"])
    if m["n"] in ("yarim", "half"):
        return 30
    amount = int(m["n"]) if m["n"].isdigit() else n
    if amount is None:
        return None
    return amount * 60 if m["u"].startswith(("saat", "hour")) else amount


def _target_part(plain: str) -> str:
    """For a move, the words naming the new time: after "to", or after the session's
    object noun in Turkish ("perşembe seansını | cuma 14:00'e al")."""
    for splitter in (r"\bto\b", r"\binto\b", r"\b(?:seans|randevu)\w*\b"):
        parts = re.split(splitter, plain)
        if len(parts) > 1 and (when.times_in(parts[-1]) or _has_day(parts[-1])):
            return parts[-1]
    return plain


def _has_day(plain: str) -> bool:
    return when.day_in(plain, date(2000, 1, 3)) is not None


def _source_part(plain: str) -> str:
    for splitter in (r"\bto\b", r"\binto\b", r"\b(?:seans|randevu)\w*\b"):
        parts = re.split(splitter, plain, maxsplit=1)
        if len(parts) > 1:
            return parts[0]
    return plain


def _start(plain: str, now: datetime, tz: ZoneInfo) -> tuple[date | None, datetime | None]:
    local_now = now.astimezone(tz)
    found = when.day_in(plain, local_now.date())
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
    if _OUT_OF_SCOPE.search(plain):
        return Action.UNKNOWN
    if _CANCEL.search(plain):
        return Action.CANCEL
    if _RESCHEDULE.search(plain):
        return Action.RESCHEDULE
    if _FIND.search(plain):
        return Action.FIND_SLOTS
    if _SHOW.search(plain):
        return Action.SHOW
    if _BOOK.search(plain) or when.times_in(plain):
        return Action.BOOK
    return Action.UNKNOWN


def parse_command(text: str, now: datetime, tz: ZoneInfo) -> Command:
    """One command from what a member of staff typed; never raises on text."""
    if now.tzinfo is None:
        raise ValueError("now must be aware")
    plain = prepare(text).plain
    action = _action(plain)
    if action is Action.UNKNOWN:
        refusal = "out_of_scope" if _OUT_OF_SCOPE.search(plain) else "not_understood"
        return Command(action=action, refusal=refusal)
    ref = client_ref(text)
    repeat = (
        Repeat.BIWEEKLY
        if _BIWEEKLY.search(plain)
        else Repeat.WEEKLY
        if _WEEKLY.search(plain)
        else None
    )
    duration = _duration(plain)
    if action is Action.RESCHEDULE:
        day, start = _start(_target_part(plain), now, tz)
        source = when.day_in(_source_part(plain), now.astimezone(tz).date())
        from_day = source.day if source and source.day != day else None
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
