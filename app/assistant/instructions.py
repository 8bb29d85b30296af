"""Instructions are data: text that talks to the system instead of the clinic.

A reply that addresses the assistant, claims a role or authority over the clinic, holds
a role-play transcript, markup, JSON, separators, invisible characters or letters from
another script dressed as Latin ones is read by a person and never acted on. This reads
the text as it arrived (before normalising hides the tricks), plus its plain form.
"""

from __future__ import annotations

import re
import unicodedata

from app.assistant.patterns import any_of

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
    r"|\b(?:gormezden gel|yok say|dikkate alma|unut(?:un)? (?:kurallari|talimat|onceki))\w*"
    # German: "als Administrator der Praxis", "ich bin die Praxisleitung", "ignoriere".
    r"|\b(?:als|ich bin|hier ist|hier spricht) (?:der |die |das |ihr |ihre |eure? )?"
    r"(?:praxis\w*|klinik\w*|system\w*|neue )?(?:administrator\w*|admin\w*|leitung|leiter\w*|"
    r"inhaber\w*|chef\w*|entwickler\w*|polizei|anwalt|anwaltin|aufsicht|betreiber\w*)\b"
    r"|\b(?:ignorier\w*|missachte\w*|vergiss|vergessen sie)\b",
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


# Instructions in so many words, on the plain form ("ignore all previous rules").
INJECTION = any_of(
    r"(ignore|disregard|forget|override|bypass|skip) (all |any |the |your |previous |"
    r"prior |above |these )*"
    r"(rules|instructions|prompt|prompts|guidelines|policy|policies|restrictions|"
    r"directives|system)",
    r"(system|developer|admin|root) (prompt|mode|message|override|access|command)",
    r"you are (now|no longer|an ai|a bot|chatgpt|gpt|not)",
    r"(act|pretend|behave) (as|like) ",
    r"jailbreak\w*",
    r"(new|updated) instructions",
    r"(confirm|cancel|move|delete|book|reschedule) (every ?one|everybody|all)",
    r"(every|each|all|the other) (client|patient|appointment|session|booking)s?",
    r"system :",
    r"prompt\w*",
    r"(sistem|system) (istem\w*|mesaj\w*)",
    r"(yeni|guncel) talimat\w*",
    r"talimat\w*",
    r"(kural\w*|rules|instructions|talimat\w*) (yazdir|goster|soyle|listele|print|show|reveal|"
    r"tell|repeat)\w*",
    r"(yapay zeka|bot|robot|ai|chatgpt|gpt) (misin|misiniz|musun)\w*",
    r"(tum|butun) (randevu\w*|seans\w*)",
    r"(client|patient|danisan|hasta|musteri) (list|listesi\w*|listeni\w*)",
    r"(forward|send|give|tell|text) me .{0,40}(phone|number|numbers|e ?-?mail|details|"
    r"records|notes)",
    r"(numara\w*|telefon\w*|bilgi\w*) (gonder|ver|yolla|ilet|soyle)\w*",
    r"(asistan|assistant|bot|yapay zeka|ai) ?[,:]",
    r"(do not|dont) (forward|tell|show) (this|anyone|the therapist)",
    r"(bu )?(mesaj\w* )?(iletme|iletmeyin|gosterme|gostermeyin)\b",
    r"(all|every|other) (clients|patients|appointments|sessions|randevu\w*|danisan\w*|hasta\w*)",
    r"(herkes\w*|tum|butun|diger) (randevu\w*|danisan\w*|hasta\w*|seans\w*|kullanici\w*)",
    r"herkes\w* (onayla|iptal|sil)\w*",
    r"(kurallari|talimatlari|yonergeleri|kurallarini|talimatlarini|onceki talimat\w*) "
    r"(unut|yok say|gormezden gel|atla|ciğne|cigne|boz)\w*",
    r"(sistem|gelistirici|yonetici) (modu|komutu|istemi|talimati)",
    r"(print|show|reveal|tell me|give me|send me|list) (me )?(your |the )?"
    r"(prompt|instructions|system|notes|database|records|files|phone numbers|data)",
    r"(notlar\w*|kayitlar\w*|veritabani\w*|dosya\w*) (goster|gonder|ver|yolla|listele)\w*",
    r"(base64|<script|select \* from|drop table|```|\{\{|\}\})",
    r"(therapist'?s|terapistin) (notes|notlari\w*)",
    # German
    r"(?:vergiss|vergessen sie|ignorier\w*|missacht\w*|uberschreib\w*) (?:\w+ ){0,3}"
    r"(?:anweisung\w*|regeln|instruktion\w*|vorgaben|befehle|prompt\w*)",
    r"(?:neue|bisherige\w*) (?:anweisung\w*|instruktion\w*)|anweisung\w*",
    r"(?:antworte|antworten sie) (?:ab jetzt|von nun an|nur noch|nur mit)",
    r"(?:bestatige|bestatigen sie|storniere|stornieren sie|sage|sagen sie|losche|loschen sie) "
    r"(?:\w+ ){0,2}(?:alle|samtliche) (?:termine|appointments|sitzungen|klient\w*|patient\w*)",
    r"du bist (?:jetzt|ab jetzt|nun) |(?:system|entwickler|admin)(?:modus|nachricht|befehl)",
)
# Markup and JSON as they survive on the ASCII form of the folded text.
PLAIN_MARKUP = re.compile(
    r"<\s*/?\s*(system|reply|assistant|user|instructions?|prompt)\b|<!--|```|"
    r"\bintent\s*[=:\"']|^\s*[{\[]|\"\w+\"\s*:"
)


def addresses_system(original: str, plain: str) -> bool:
    """Does the reply talk to the system, claim authority, or hide what it says?"""
    if _invisible(original) or _look_alike_letters(original):
        return True
    if _ROLE_LINE.search(original) or _MARKUP.search(original):
        return True
    return bool(_ROLE_CLAIM.search(plain))
