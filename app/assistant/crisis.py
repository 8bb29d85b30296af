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
from dataclasses import dataclass
from functools import cache, lru_cache

from app.assistant import risk_lexicon as lexicon
from app.assistant import risk_model
from app.assistant.everyday_vocab import DE_EVERYDAY, EN_EVERYDAY, TR_EVERYDAY
from app.assistant.patterns import alternation, any_of


@dataclass(frozen=True, slots=True)
class _Patterns:
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    any_category: re.Pattern[str]
    folded: re.Pattern[str]
    idioms: re.Pattern[str]
    death: re.Pattern[str]
    third_person: re.Pattern[str]
    tr_death: re.Pattern[str]
    tr_idioms: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """Compiled on first use, not at import: a worker that only sends reminders starts
    without paying for the lexicon."""
    return _Patterns(
        categories=tuple(
            (name, any_of(*patterns)) for name, patterns in lexicon.CATEGORIES.items()
        ),
        any_category=any_of(*(p for patterns in lexicon.CATEGORIES.values() for p in patterns)),
        folded=re.compile(r"(?<!\w)(?:" + alternation(lexicon.FOLDED) + r")(?!\w)"),
        idioms=any_of(*lexicon.IDIOMS),
        death=any_of(*lexicon.DEATH_WORDS),
        third_person=re.compile(r"\b(?:" + lexicon.THIRD_PERSON_DEATH + r")\b"),
        tr_death=re.compile(r"(?<!\w)(?:" + lexicon.TR_DEATH_WORDS + r")(?!\w)"),
        tr_idioms=re.compile(r"(?<!\w)(?:" + alternation(lexicon.IDIOMS) + r")(?!\w)"),
    )


_PUNCTUATION = re.compile(r"(?:^| )[?!.,;:/\-+](?= |$)")
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
    return _patterns().idioms.sub(" _ ", text)


def categories(plain: str, folded: str = "") -> list[str]:
    """The risk categories the message touches (empty: none)."""
    found = lexicon_categories(plain, folded)
    if found:
        return found
    return ["model"] if risk_model.flags(screen_text(plain)) else []


def lexicon_categories(plain: str, folded: str = "") -> list[str]:
    """The categories the lexicon alone names, without the statistical model."""
    text = screen_text(plain)
    p = _patterns()
    if p.any_category.search(text):  # one pass over the text; which ones only then
        return [name for name, pattern in p.categories if pattern.search(text)]
    if p.death.search(german_articles_out(p.third_person.sub(" _ ", text))):
        return ["death_words"]
    if folded:
        literal = _without_idioms(folded)
        if p.folded.search(literal) or p.tr_death.search(literal):
            return ["death_words"]
    return []


# German function words: two of them and "die" is the article, not the English verb.
_GERMAN = re.compile(
    r"\b(?:ist|der|das|und|nicht|ich|bitte|mit|fur|gibt|wo|wie|wir|sie|ein|eine|mein|meine|"
    r"habe|kann|danke|leider|termin|praxis|auch|noch|schon|heute|morgen|abend|nach|zum|zur|"
    r"den|dem|des|auf|bei|von|sind|uns|euch|mir|mich|dich|dir|sich|aber|oder|wenn|dass|weil|"
    r"komme|kommen|haben|wird|werden|sitzung|dauert|lange|uhr|gerne|fahrt|spater|statt|"
    r"schicken|senden|erinnerungen|erinnerung|nachrichten|nachricht|per)\b"
)


def is_german(text: str) -> bool:
    """Two German function words, or two everyday words only German has ("Kostet die
    Sitzung weiterhin 110 Euro?"): "die" in it is the article."""
    if len(set(_GERMAN.findall(text))) >= 2:
        return True
    return len({word for word in text.split() if word in _GERMAN_ONLY}) >= 2


# German everyday words that are neither English nor Turkish ones (nor "man", "was"...).
_GERMAN_ONLY = (
    frozenset(DE_EVERYDAY) - frozenset(EN_EVERYDAY) - frozenset(TR_EVERYDAY) - {"man", "so"}
)


_DIE = re.compile(r"\bdie\b")


def german_articles_out(text: str, blank: str = " ") -> str:
    """A German text without its article "die" (`blank` where it was), so the English
    verb is not read into it; any other text as it is."""
    if is_german(text):
        return _DIE.sub(blank, text)
    return text


def _without_idioms(folded: str) -> str:
    """The Turkish-lettered text with the idioms blanked where its ASCII form has them
    (the letter mapping is one to one, so the spans line up)."""
    ascii_form = folded.translate(_ASCII_1TO1)
    spans = [m.span() for m in _patterns().tr_idioms.finditer(ascii_form)]
    if not spans:
        return folded
    out = list(folded)
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


def is_crisis(plain: str, folded: str = "") -> bool:
    """Does the message use language that may signal a crisis? (`categories` says which;
    here the first sign is enough.)"""
    if _patterns().any_category.search(screen_text(plain)):
        return True
    return bool(categories(plain, folded))
