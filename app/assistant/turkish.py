"""Turkish grammar for short messages: case suffixes, numbers read aloud, dates.

Suffixes follow how a word is *spoken*, so "14:00" takes the suffix of "on dört"
("14:00'te") and "16:00" that of "on altı" ("16:00'da"). Written stems never
soften after an apostrophe ("Ahmet'e", not "Ahmed'e"). Month and weekday names
come from our own tables, never from the OS locale.
"""

from __future__ import annotations

import enum
from datetime import date, time

from app.textnorm import fold

FRONT_VOWELS = frozenset("eiöüî")
BACK_VOWELS = frozenset("aıouâû")
VOWELS = FRONT_VOWELS | BACK_VOWELS
# "Fıstıkçı şahap": the consonants after which the suffix's d becomes t.
VOICELESS = frozenset("fstkçşhp")

UNITS = ("", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz")
TENS = ("", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan")
MONTHS = (
    "Ocak",
    "Şubat",
    "Mart",
    "Nisan",
    "Mayıs",
    "Haziran",
    "Temmuz",
    "Ağustos",
    "Eylül",
    "Ekim",
    "Kasım",
    "Aralık",
)
WEEKDAYS = ("Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar")
TITLES = frozenset({"Hanım", "Bey"})

# Loanwords whose final l or t is palatal, so suffixes follow front harmony
# even though the last vowel is back: "Kemal'e", "saate", "role".
_FRONT_EXCEPTIONS = frozenset(
    {
        "bilal",
        "celal",
        "cemal",
        "hilal",
        "iclal",
        "ikbal",
        "kemal",
        "meral",
        "nihal",
        "visal",
        "hayal",
        "ihtimal",
        "saat",
        "rol",
        "gol",
        "kontrol",
        "alkol",
        "petrol",
        "sembol",
        "kalp",
        "harf",
        "dikkat",
    }
)


class Case(enum.StrEnum):
    LOCATIVE = "locative"  # -DA: 14:00'te
    ABLATIVE = "ablative"  # -DAn: 14:00'ten
    DATIVE = "dative"  # -(y)A: 14:00'e
    GENITIVE = "genitive"  # -(n)In: 14:00'ün
    ACCUSATIVE = "accusative"  # -(y)I: Elif'i
    INSTRUMENTAL = "instrumental"  # -(y)lA: Elif'le


def _last_word(spoken: str) -> str:
    words = [w for w in fold(spoken).replace(".", " ").split() if any(c.isalpha() for c in w)]
    if not words:
        raise ValueError(f"nothing to inflect in {spoken!r}")
    return "".join(c for c in words[-1] if c.isalpha())


def _last_vowel(word: str) -> str:
    for ch in reversed(word):
        if ch in VOWELS:
            return ch
    raise ValueError(f"no vowel in {word!r}; pass how it is read aloud")


def _is_front(word: str) -> bool:
    return word in _FRONT_EXCEPTIONS or _last_vowel(word) in FRONT_VOWELS


def _two_way(word: str) -> str:
    return "e" if _is_front(word) else "a"


def _four_way(word: str) -> str:
    if word in _FRONT_EXCEPTIONS:
        return "i"
    return {"e": "i", "i": "i", "î": "i", "ö": "ü", "ü": "ü", "a": "ı", "ı": "ı", "â": "ı"}.get(
        _last_vowel(word), "u"
    )


def suffix(spoken: str, case: Case) -> str:
    """The suffix `case` takes after the last word of `spoken`: ("on dört", LOCATIVE) → "te"."""
    word = _last_word(spoken)
    a, i = _two_way(word), _four_way(word)
    vowel_end = word[-1] in VOWELS
    d = "t" if word[-1] in VOICELESS else "d"
    forms = {
        Case.LOCATIVE: d + a,
        Case.ABLATIVE: d + a + "n",
        Case.DATIVE: ("y" if vowel_end else "") + a,
        Case.GENITIVE: ("n" if vowel_end else "") + i + "n",
        Case.ACCUSATIVE: ("y" if vowel_end else "") + i,
        Case.INSTRUMENTAL: ("y" if vowel_end else "") + "l" + a,
    }
    return forms[case]


def inflect(written: str, case: Case, spoken: str | None = None) -> str:
    """`written`, an apostrophe and the suffix of how it is read: "Dr. Kaya" → "Dr. Kaya'ya"."""
    return f"{written}'{suffix(spoken or written, case)}"


def spoken_number(n: int) -> str:
    """A non-negative integer read aloud: 1985 → "bin dokuz yüz seksen beş"."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(f"{n} is out of range")
    if n == 0:
        return "sıfır"
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        words += ([] if thousands == 1 else [spoken_number(thousands)]) + ["bin"]
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        words += ([] if hundreds == 1 else [UNITS[hundreds]]) + ["yüz"]
    tens, units = divmod(rest, 10)
    words += [w for w in (TENS[tens], UNITS[units]) if w]
    return " ".join(words)


def spoken_time(t: time) -> str:
    """A clock time read aloud: 14:00 → "on dört", 09:05 → "dokuz sıfır beş"."""
    hour = spoken_number(t.hour)
    if t.minute == 0:
        return hour
    minute = spoken_number(t.minute)
    return f"{hour} sıfır {minute}" if t.minute < 10 else f"{hour} {minute}"


def clock(t: time) -> str:
    """24-hour "14:00"."""
    return f"{t.hour:02d}:{t.minute:02d}"


def with_time(t: time, case: Case) -> str:
    """ "14:00'te", "16:00'ya", "09:30'dan"."""
    return inflect(clock(t), case, spoken_time(t))


def with_number(n: int, case: Case) -> str:
    """ "3'te", "2026'da", "100'e"."""
    return inflect(str(n), case, spoken_number(n))


def date_name(d: date) -> str:
    """ "3 Aralık"."""
    return f"{d.day} {MONTHS[d.month - 1]}"


def with_date(d: date, case: Case) -> str:
    """ "3 Aralık'ta", "12 Eylül'de": the month name is what is read last."""
    return inflect(date_name(d), case)


def weekday_name(d: date) -> str:
    return WEEKDAYS[d.weekday()]


def weekday_phrase(d: date) -> str:
    """ "Salı günü"."""
    return f"{weekday_name(d)} günü"


def address(first_name: str, title: str | None) -> str:
    """How to address a client: "Elif Hanım", "Ahmet Bey", or just "Elif"."""
    if title is not None and title not in TITLES:
        raise ValueError(f"unknown Turkish title {title!r}")
    return f"{first_name} {title}" if title else first_name


def capitalize(text: str) -> str:
    """Upper-case the first letter the Turkish way (i → İ, ı → I)."""
    if not text:
        return text
    first = {"i": "İ", "ı": "I"}.get(text[0], text[0].upper())
    return first + text[1:]
