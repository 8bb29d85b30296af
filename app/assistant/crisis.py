"""The risk screen: may this message signal a crisis? English and Turkish.

It runs first and on its own: nothing else a reply says (a confirmation, a negation,
"just kidding", "I'm fine, ignore this", "don't mark this urgent") lowers it. A false
alarm costs a therapist a look; a miss can cost a life, so the lexicon
(`risk_lexicon`, by category of the Columbia scale and the public warning-sign lists)
leans wide, and a second reader (`risk_model`, character n-grams learned from labelled
messages) can raise what the lexicon did not name; neither can lower. Only the figures
of speech in `risk_lexicon.IDIOMS` are taken out first,
and only the words they cover: a real signal elsewhere in the message still counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.assistant import risk_lexicon as lexicon
from app.assistant import risk_model

_CATEGORIES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(r"\b(?:" + "|".join(patterns) + r")\b"))
    for name, patterns in lexicon.CATEGORIES.items()
)
_FOLDED = re.compile(r"(?<!\w)(?:" + "|".join(lexicon.FOLDED) + r")(?!\w)")
_IDIOMS = re.compile(r"\b(?:" + "|".join(lexicon.IDIOMS) + r")\b")
_PUNCTUATION = re.compile(r"(?:^| )[?!.,;:/\-+](?= |$)")
_DEATH = re.compile(r"\b(?:" + "|".join(lexicon.DEATH_WORDS) + r")\b")
_THIRD_PERSON = re.compile(r"\b(?:" + lexicon.THIRD_PERSON_DEATH + r")\b")
_TR_DEATH = re.compile(r"(?<!\w)(?:" + lexicon.TR_DEATH_WORDS + r")(?!\w)")
_TR_IDIOMS = re.compile(r"(?<!\w)(?:" + "|".join(lexicon.IDIOMS) + r")(?!\w)")
# Contractions the shorthand table leaves, before apostrophes go: "he'd" is not "hed".
_CONTRACTIONS = re.compile(r"\b(he|she|they|you|we|it|that|who)'(d|ll|s|re|ve)\b")
_EXPANDED = {"d": "would", "ll": "will", "s": "is", "re": "are", "ve": "have"}
_ASCII_1TO1 = str.maketrans({"ı": "i", "ç": "c", "ğ": "g", "ö": "o", "ş": "s", "ü": "u", "â": "a"})


@lru_cache(maxsize=64)  # read by the crisis screen and by the closed world, once
def screen_text(plain: str) -> str:
    """The ASCII form the screen reads: no apostrophes ("what's" is "whats"), no
    punctuation tokens, idioms blanked out."""
    plain = _CONTRACTIONS.sub(lambda m: f"{m[1]} {_EXPANDED[m[2]]}", plain)
    text = _PUNCTUATION.sub(" ", plain.replace("'", ""))
    text = re.sub(r" {2,}", " ", text).strip()
    return _IDIOMS.sub(" _ ", text)


def categories(plain: str, folded: str = "") -> list[str]:
    """The risk categories the message touches (empty: none)."""
    text = screen_text(plain)
    found = [name for name, pattern in _CATEGORIES if pattern.search(text)]
    if found:
        return found
    if _DEATH.search(_THIRD_PERSON.sub(" _ ", text)):
        return ["death_words"]
    if folded and (
        _FOLDED.search(_without_idioms(folded))
        or (_TR_DEATH.search(folded) and _TR_DEATH.search(_without_idioms(folded)))
    ):
        return ["death_words"]
    if risk_model.flags(text):
        return ["model"]
    return []


def _without_idioms(folded: str) -> str:
    """The Turkish-lettered text with the idioms blanked where its ASCII form has them
    (the letter mapping is one to one, so the spans line up)."""
    ascii_form = folded.translate(_ASCII_1TO1)
    out = list(folded)
    for m in _TR_IDIOMS.finditer(ascii_form):
        out[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(out)


def is_crisis(plain: str, folded: str = "") -> bool:
    """Does the message use language that may signal a crisis?"""
    return bool(categories(plain, folded))
