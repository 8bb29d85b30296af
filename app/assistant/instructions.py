"""Instructions are data: text that talks to the system instead of the clinic.

A reply that addresses the assistant, claims a role or authority over the clinic, holds
a role-play transcript, markup, JSON, separators, invisible characters or letters from
another script dressed as Latin ones is read by a person and never acted on. This reads
the text as it arrived (before normalising hides the tricks), plus its plain form.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that have no business in an SMS (a zero-width joiner between
# two emoji is how emoji are written, so it is allowed there).
_INVISIBLE = frozenset(
    "\u200b\u200c\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e"
)
_ROLE_LINE = re.compile(
    r"(?:^|[\n.!?]\s*|\s)(?:system|sistem|assistant|asistan|user|kullanici|kullanıcı|client|"
    r"danisan|danışan|admin|yonetici|yönetici|developer|bot|ai|model|human|therapist|"
    r"terapist|operator|root|tool|function)\s*[:>\]]",
    re.IGNORECASE,
)
_MARKUP = re.compile(
    r"<\s*/?\s*[a-z|!][^>]{0,40}>|\{\s*\"|\"\s*:\s*[\"\[{tfn0-9]|```|\[\s*/?\s*(?:inst|system|sys)"
    r"|\|\s*im_(?:start|end)|#{2,}|={3,}|-{4,}|_{4,}|\*{3,}|/{3,}|\\n|\bbase64\b",
    re.IGNORECASE,
)
_ROLE_CLAIM = re.compile(
    r"\b(?:i am|i'm|im|this is|we are|as) (?:the |your |a |an )?(?:clinic |practice |office |"
    r"system |it |new )?(?:manager|admin|administrator|owner|director|developer|doctor|"
    r"therapist|supervisor|receptionist|head|boss|staff|police|officer|lawyer|auditor|"
    r"inspector|support|engineer|ceo)\b"
    r"|\b(?:klinik|muayenehane|ofis|sistem)\w* (?:mudur|sahib|yonetici|sorumlu|admin)\w*"
    r"|\b(?:mudurum|mudur benim|yoneticiyim|yonetici benim|sahibiyim|terapistinizim|"
    r"terapistiyim|doktoruyum|doktorunuzum|adminim|gelistiriciyim|polisim|avukatim|"
    r"denetciyim|personelim|calisaniyim)\b"
    r"|\b(?:role ?play|rolune gir|rol yap|rolunu oyna|roleplay|pretend|you are now|sen artik|"
    r"artik sen|from now on|bundan sonra sen|simdi sen)\b"
    r"|\b(?:ignore|disregard|forget|override|bypass)\b"
    r"|\b(?:gormezden gel|yok say|dikkate alma|unut(?:un)? (?:kurallari|talimat|onceki))\w*",
)
# Letters NFKC does not turn into Latin ones (fullwidth and styled letters it does, and
# are then read as what they say).
_FOREIGN_SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "GEORGIAN")


def _invisible(text: str) -> bool:
    if text.isascii():
        return False
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            return True
        if ch == "\u200d":
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if not (_is_symbol(before) and _is_symbol(after)):
                return True
        elif unicodedata.category(ch) in ("Cf", "Co", "Cs") and not _is_tag(ch):
            return True
    return False


def _is_symbol(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch) in ("So", "Sk", "Mn") or ord(ch) > 0x1F000)


def _is_tag(ch: str) -> bool:
    return 0xE0020 <= ord(ch) <= 0xE007F or ch == "\ufe0f"  # flag tags, emoji selector


def _look_alike_letters(text: str) -> bool:
    """Letters of another script, or styled letters, inside a Latin-script message."""
    if text.isascii():
        return False
    latin = other = 0
    for ch in text:
        if ch.isascii():
            latin += ch.isalpha()
            continue
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            latin += 1
        elif name.startswith(_FOREIGN_SCRIPTS):
            other += 1
    return other > 0 and latin > 0 or other > 0 and latin == 0 and other < 40


def addresses_system(original: str, plain: str) -> bool:
    """Does the reply talk to the system, claim authority, or hide what it says?"""
    if _invisible(original) or _look_alike_letters(original):
        return True
    if _ROLE_LINE.search(original) or _MARKUP.search(original):
        return True
    return bool(_ROLE_CLAIM.search(plain))
