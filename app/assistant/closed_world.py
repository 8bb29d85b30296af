"""Closed-world acceptance: is every word of a reply explained by the logistics grammar?

The rules may act without a person only on a message the grammar accounts for whole
(`logistics_vocab`): acknowledgements, greetings, thanks, apologies, names in a greeting
or a signature, the scheduling words, days, times, durations, lateness. `unexplained`
returns what is left; the interpreter keeps its reading and sets `forward` when anything
is, so a confirmation with "my mother died" in it still confirms, and a person reads it.
"""

from __future__ import annotations

import re
import unicodedata

from app.assistant import crisis
from app.assistant import logistics_vocab as vocab
from app.assistant.everyday_vocab import EVERYDAY
from app.assistant.textprep import Prepared, to_ascii

_EN = frozenset(vocab.EN_FUNCTION + vocab.EN_ACK + vocab.EN_SCHEDULING + vocab.EN_DAYS)
# Abbreviations take no endings: "wed" + "ding" is a wedding, not a Wednesday.
_EN_STEMS = _EN - frozenset(w for w in vocab.EN_DAYS if len(w) <= 4)
_TR_WORDS = frozenset(vocab.TR_WORDS) | {w for w in vocab.TR_STEMS if len(w) < 3}
_TR_STEMS = frozenset(w for w in vocab.TR_STEMS if len(w) >= 3)
_EN_ENDINGS = ("'s", "s", "es", "ed", "d", "ing", "ly", "'ll", "'d", "'m", "'re", "'ve", "n't")
_NUMERIC = re.compile(r"^[\d:./'\-]+[a-z']*$|^\d+(?:st|nd|rd|th|am|pm|h|hr|hrs|min|mins|dk)?$")
_PUNCT = re.compile(r"^[?!.,;:/\-+()\"*~_]+$")
_CAPITALISED = re.compile(r"\b([A-ZÇĞİÖŞÜ][a-zçğıöşüâ]+)\b")
_BLANKED = "_"  # what `crisis.screen_text` leaves where an idiom was
_LONG_STEM = 4  # shorter stems take only a short ending: "bos" must not explain "bosanma"
_SHORT_ENDING = 4
# A verb's own endings (tense, mood, person), which a short stem may take at any length:
# "ver" + "iyorum", "yaz" + "acağım", "dur" + "madım" (folded to ASCII).
_TR_VERB_ENDING = re.compile(
    r"(?:[iu]?yor|[ae]c[ae][gk]|[ae]m[ae]z|[ae]m[ae]y|m[ae]z|m[ae]y|m[ae]d|d[iu]|t[iu]|m[iu]s"
    r"|[iy]?[ae]bil|m[ae]k|[ae]r[ae]k|[iu]p)[a-z]{0,6}"
)


def _english(word: str) -> bool:
    if word in _EN:
        return True
    for ending in _EN_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            head = word[: -len(ending)]
            if (
                head in _EN_STEMS
                or head + "e" in _EN_STEMS
                or (len(head) > 2 and head[-1] == head[-2] and head[:-1] in _EN_STEMS)
            ):
                return True
    return False


def _turkish(word: str) -> bool:
    word = word.split("'", 1)[0]
    if not word:
        return True
    if word in _TR_WORDS:
        return True
    for size in range(len(word), 2, -1):  # the longest stem the word starts with
        if word[:size] in _TR_STEMS or (
            size < len(word) and word[size] in _VOWELS and _softened(word[:size]) in _TR_STEMS
        ):
            ending = word[size:]
            return (
                size >= _LONG_STEM
                or len(ending) <= _SHORT_ENDING
                or _TR_VERB_ENDING.fullmatch(ending) is not None
            )
    return False


_HARD = {"g": "k", "b": "p", "d": "t"}
_VOWELS = frozenset("aeiou")
_NEVER_SOFTENED = frozenset({"kirk"})  # "kırkı", while "kırgın" is another word


def _softened(head: str) -> str:
    """The stem a softened Turkish word comes from, before an ending that starts with a
    vowel: "trafiğe" is "trafik" + "e", "çocuğu" is "çocuk" + "u"."""
    last = head[-1]
    if last not in _HARD or len(head) <= 3:
        return head
    hard = head[:-1] + _HARD[last]
    return head if hard in _NEVER_SOFTENED else hard


def explained(word: str, *, everyday: bool = True) -> bool:
    """Is this one ASCII word part of the logistics grammar? Without `everyday`, only the
    scheduling grammar itself: a command's client is what that leaves ("ek'in", "Price")."""
    return (everyday and word in EVERYDAY) or _english(word) or _turkish(word)


def _names(original: str) -> set[str]:
    """Capitalised words at a message's start or end: a greeting's or a signature's
    name ("Merhaba Ayşe Hanım", "Thanks, Sarah")."""
    words = re.findall(r"[\wçğıöşüÇĞİÖŞÜ]+", original)
    edges = words[:3] + words[-3:]
    found = set()
    for word in edges:
        if _CAPITALISED.fullmatch(word):
            folded = word.replace("I", "ı").replace("İ", "i").lower()
            found.add(_plain(folded))
    return found


def _plain(folded: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", to_ascii(folded)) if ch.isalnum())


def unexplained(
    prepared: Prepared, original: str, topic: re.Pattern[str] | None = None
) -> list[str]:
    """The words of the reply the logistics grammar does not account for; with `topic`,
    the words of an allowlisted question ("zoom linki", "adres neydi") are accounted for."""
    names = _names(original)
    left = []
    # Idioms ("this traffic is killing me", "şarjım öldü") are figures of speech, not news.
    screened = crisis.german_articles_out(crisis.screen_text(prepared.plain), _BLANKED)
    if topic is not None:
        screened = topic.sub(_BLANKED, screened)
    for token in screened.split():
        if token == _BLANKED or _PUNCT.match(token) or _NUMERIC.match(token) or len(token) == 1:
            continue
        if token in names or token in vocab.HONORIFICS:
            continue
        if token in EVERYDAY or _english(token) or _turkish(token):
            continue
        left.append(token)
    return left
