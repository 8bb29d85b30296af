"""Normalise what clients type before any rule reads it.

Clients write "İPTAL", "iptal", "IPTAL", "ıptal" and "iptaaal"; "tmm", "gelicem",
"gelemicem"; 👍 for yes; and paste zero-width characters from other apps. Every rule
reads `Prepared.plain`: Turkish casefolding (I→ı, İ→i), then Turkish letters
folded to ASCII (people type both ways), repeated letters squeezed, emoji turned
into words, shorthand expanded, punctuation kept as separators.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MAX_CHARS = 2000

_TURKISH_UPPER = str.maketrans({"I": "ı", "İ": "i"})
_ASCII = str.maketrans(
    {"ı": "i", "ç": "c", "ğ": "g", "ö": "o", "ş": "s", "ü": "u", "â": "a", "ß": "ss"}
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})

# Emoji and symbols that carry a reply's meaning; the rest is dropped.
EMOJI_WORDS: dict[str, str] = {
    "£": "pounds",
    "€": "euro",
    "₺": "tl",
    "👍": "ok",
    "👌": "ok",
    "✅": "ok",
    "✔": "ok",
    "☑": "ok",
    "🆗": "ok",
    "🙆": "ok",
    "🤝": "ok",
    "👎": "no",
    "❌": "no",
    "✖": "no",
    "🚫": "no",
    "⏰": "",
    "🙏": "thanks",
}

# One token in, one or more tokens out; applied after folding to ASCII.
SHORTHAND: dict[str, str] = {
    "tmm": "tamam",
    "tmam": "tamam",
    "tamm": "tamam",
    "tamamdir": "tamam",
    "tamamdr": "tamam",
    "tmmdr": "tamam",
    "tmmdir": "tamam",
    "oki": "ok",
    "okdir": "ok",
    "okeydir": "ok",
    "okaydir": "ok",
    "okey": "ok",
    "okay": "ok",
    "okie": "ok",
    "kk": "ok",
    "oky": "ok",
    "eyw": "eyvallah",
    "evt": "evet",
    "yok": "yok",
    "tsk": "tesekkurler",
    "tskler": "tesekkurler",
    "tsklr": "tesekkurler",
    "tesekkurlr": "tesekkurler",
    "tesekkur": "tesekkurler",
    "sagol": "sagolun",
    "sgl": "sagolun",
    "slm": "selam",
    "mrb": "merhaba",
    "msj": "mesaj",
    "yrn": "yarin",
    "yarn": "yarin",
    "bgn": "bugun",
    "dk": "dakika",
    "dkk": "dakika",
    "dak": "dakika",
    "dakka": "dakika",
    "dakk": "dakika",
    "sn": "saniye",
    "pzt": "pazartesi",
    "pztsi": "pazartesi",
    "pzts": "pazartesi",
    "pzr": "pazar",
    "prsmb": "persembe",
    "crsmb": "carsamba",
    "tesekur": "tesekkur",
    "tesekurler": "tesekkurler",
    "cmt": "cumartesi",
    "cmts": "cumartesi",
    "cts": "cumartesi",
    "sal": "sali",
    "mv": "move",
    "cxl": "cancel",
    "paz": "pazar",
    "iptl": "iptal",
    "cancle": "cancel",
    "cancell": "cancel",
    "reschedle": "reschedule",
    "resched": "reschedule",
    "storno": "cancel",
    # German nouns read as the English ones: tables that name them must say "appointment".
    "termin": "appointment",
    "termine": "appointments",
    "uhr": "o'clock",
    "prs": "persembe",
    "crs": "carsamba",
    "cars": "carsamba",
    "pers": "persembe",
    "bi": "bir",
    "bisey": "bir sey",
    "birsey": "bir sey",
    "nbr": "ne haber",
    "gelicem": "gelecegim",
    "gelcem": "gelecegim",
    "gelecem": "gelecegim",
    "gelicez": "gelecegiz",
    "gelcez": "gelecegiz",
    "gelemicem": "gelemeyecegim",
    "gelemiycem": "gelemeyecegim",
    "gelemeycem": "gelemeyecegim",
    "gelemiyecem": "gelemeyecegim",
    "gelemiyecegim": "gelemeyecegim",
    "gelemicez": "gelemeyecegiz",
    "gelmicem": "gelmeyecegim",
    "gelmiycem": "gelmeyecegim",
    "gelmeycem": "gelmeyecegim",
    "kalicam": "kalacagim",
    "kalcam": "kalacagim",
    "gecikicem": "gecikecegim",
    "gecikcem": "gecikecegim",
    "etmicem": "etmeyecegim",
    "etmiycem": "etmeyecegim",
    "etmeycem": "etmeyecegim",
    "yetisemicem": "yetisemeyecegim",
    "yetisemiycem": "yetisemeyecegim",
    "katilamicam": "katilamayacagim",
    "katilamiycam": "katilamayacagim",
    "olcak": "olacak",
    "olucak": "olacak",
    "pls": "please",
    "plz": "please",
    "plez": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "thnks": "thanks",
    "tks": "thanks",
    "ty": "thanks",
    "tmrw": "tomorrow",
    "ther": "there",
    "thr": "there",
    "tmr": "tomorrow",
    "tmrow": "tomorrow",
    "tomorow": "tomorrow",
    "tommorow": "tomorrow",
    "tommorrow": "tomorrow",
    "2moro": "tomorrow",
    "moro": "tomorrow",
    "morro": "tomorrow",
    "2morrow": "tomorrow",
    "2day": "today",
    "tonite": "tonight",
    "u": "you",
    "ur": "your",
    "r": "are",
    "im": "i am",
    "ive": "i have",
    "cant": "cannot",
    "can't": "cannot",
    "cannot": "cannot",
    "wont": "will not",
    "won't": "will not",
    "dont": "do not",
    "don't": "do not",
    "didnt": "did not",
    "didn't": "did not",
    "isnt": "is not",
    "isn't": "is not",
    "wasnt": "was not",
    "wasn't": "was not",
    "couldnt": "could not",
    "couldn't": "could not",
    "shouldnt": "should not",
    "shouldn't": "should not",
    "wouldnt": "would not",
    "wouldn't": "would not",
    "aint": "am not",
    "i'm": "i am",
    "i've": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "it's": "it is",
    "that's": "that is",
    "let's": "let us",
    "we'll": "we will",
    "we're": "we are",
    "you're": "you are",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "hr": "hour",
    "hrs": "hours",
    "appt": "appointment",
    "appt.": "appointment",
    "apt": "appointment",
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "yeap": "yes",
    "yep": "yes",
    "yup": "yes",
    "yeah": "yes",
    "yea": "yes",
    "ya'll": "you all",
    "nope": "no",
    "nah": "no",
    "sry": "sorry",
    "srry": "sorry",
}

_TOKEN = re.compile(
    r"\d{1,2}\.\d{1,2}\.(?!\d)"  # 24.10. (a German date)
    r"|\d{1,2}\.\d{1,2}\.\d{4}"  # 05.12.2026
    r"|\d{1,2}[:.]\d{2}(?:'[a-z]+)?"  # 14:00, 14.00'te
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?"  # 5/12, 5/12/2026
    r"|\d{1,2}\.\d{1,2}\.\d{4}"  # 05.12.2026
    r"|[a-z0-9']+|[?!.,;:/\-+]"
)
_DIGITS_LETTERS = re.compile(r"(\d)(?=[a-z])")
_SQUEEZE = re.compile(r"([a-z])\1{2,}")  # "iptaaaal", "yesss", "cooook": one letter


@dataclass(frozen=True, slots=True)
class Prepared:
    """`folded`: Turkish-lowercased original (letters kept). `plain`: the ASCII form
    every rule reads, tokens separated by single spaces."""

    folded: str
    plain: str

    @property
    def words(self) -> list[str]:
        return [t for t in self.plain.split(" ") if t and t[0].isalnum()]


# Line breaks and tabs separate words ("Evet\nAyşe" is two); other control characters go.
_WHITESPACE_CONTROLS = str.maketrans(dict.fromkeys("\n\r\t\v\f\x1c\x1d\x1e\x85", " "))
_OTHER_CONTROLS = str.maketrans(dict.fromkeys([*range(0x20), 0x7F]))


def fold(text: str) -> str:
    """NFKC, no format characters (zero-width and direction marks), Turkish lower case."""
    text = text[:MAX_CHARS].translate(_WHITESPACE_CONTROLS)
    if text.isascii():  # NFKC leaves ASCII as it is; only control characters can go
        text = text.translate(_OTHER_CONTROLS)
    else:
        text = unicodedata.normalize("NFKC", text)
        text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Cs"))
    return text.translate(_TURKISH_UPPER).lower()


def to_ascii(folded: str) -> str:
    """Turkish and other Latin letters without marks: "perşembe" → "persembe"."""
    text = folded.translate(_ASCII)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _emoji_to_words(text: str) -> str:
    if text.isascii():  # every emoji and symbol we read is outside ASCII
        return text
    out = []
    for ch in text:
        word = EMOJI_WORDS.get(ch)
        if word is not None:
            out.append(f" {word} ")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=16)  # a reply is prepared whole, then what it meant: often the same text
def prepare(text: str) -> Prepared:
    folded = fold(_emoji_to_words(text.translate(_APOSTROPHES)))
    plain = to_ascii(folded)
    # "14:00'te" keeps its suffix attached; "E.K." its dots are separators for us.
    plain = _SQUEEZE.sub(r"\1", plain)
    plain = _DIGITS_LETTERS.sub(r"\1 ", plain)  # "30dk", "2pm", "10mins"
    tokens: list[str] = []
    for token in _TOKEN.findall(plain):
        expanded = SHORTHAND.get(token)
        if expanded is None and token.endswith("'") is False and "'" in token:
            head, _, tail = token.partition("'")
            expanded = SHORTHAND.get(head)
            if expanded is not None:
                expanded = f"{expanded}'{tail}"
        tokens.append(expanded if expanded is not None else token)
    plain = " ".join(tokens)
    for pattern, replacement in _SQUEEZES:
        plain = pattern.sub(replacement, plain)
    return Prepared(folded=folded, plain=plain)


_SQUEEZED = {"o": "ok", "t": "tamam", "y": "yes", "e": "evet"}
_SQUEEZES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # "okk"/"tamaam" down to one letter where two is never Turkish or English.
    (re.compile(r"\b(?:ok+|tama+m|ye+s+|eve+t+)\b"), lambda m: _SQUEEZED[m.group()[0]]),
    # "ill be there": "I'll" without its apostrophe, not "ill".
    (
        re.compile(
            r"\bill (be|b|come|make|see|call|text|let|try|get|do|arrive|pop|head|bring|need|"
            r"have|confirm|cancel|miss|ring|email)\b"
        ),
        r"i will \1",
    ),
)


_TURKISH_LETTERS = frozenset("çğıöşüâ")
_TURKISH_WORDS = frozenset(
    "evet tamam tmm olur iptal gelemem gelecegim geliyorum yarin bugun saat dakika randevu "
    "seans merhaba tesekkurler mi mu misiniz musunuz nerede ne zaman lutfen degil ama "
    "persembe carsamba cuma cumartesi pazar pazartesi sali".split()
)


def guess_language(text: str) -> str:
    """ "tr" or "en", for a reply whose sender's language we do not know."""
    folded = fold(text)
    if any(ch in _TURKISH_LETTERS for ch in folded):
        return "tr"
    words = set(prepare(text).words)
    return "tr" if words & _TURKISH_WORDS else "en"
