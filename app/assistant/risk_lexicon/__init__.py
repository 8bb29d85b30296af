"""The risk screen's lexicon, by category, in English and Turkish (as data).

The categories follow the Columbia Suicide Severity Rating Scale (wish to be dead,
active ideation, method, intent and plan, preparatory behaviour) and the public warning
sign lists of the 988 Suicide & Crisis Lifeline, the American Foundation for Suicide
Prevention and the WHO (talk of being a burden, of being trapped, of no reason to live,
of sleeping forever; giving possessions away; saying goodbye; a sudden finality), plus
harm to others, command hallucinations and threats against the client (sources in
docs/decisions.md). They are written for the structure of the language, not for
sentences: a subject or object ("myself", "kendimi"), a wish or intent verb, a means.

Patterns read `textprep`'s ASCII form (Turkish letters folded: "ölmek" is "olmek").
Turkish stems are written so that case and person endings pass (`\\w*`); forms whose
ASCII spelling is also an everyday word ("öldü"/"oldu", "ölüm"/"olum" for "oğlum") are
left out of the ASCII table and read from the Turkish spelling in `FOLDED`.
`IDIOMS` are removed before the screen runs: figures of speech that use the words of
death without meaning it ("açlıktan ölüyorum", "my phone died", "I'd kill for a coffee").
"""

from __future__ import annotations

from app.assistant.risk_lexicon.acts import ACTS
from app.assistant.risk_lexicon.idioms import (
    DEATH_WORDS,
    FOLDED,
    IDIOMS,
    THIRD_PERSON_DEATH,
    TR_DEATH_WORDS,
)
from app.assistant.risk_lexicon.other_languages import ARABIC, GERMAN
from app.assistant.risk_lexicon.thoughts import THOUGHTS

# In the order of the Columbia scale, then the other warning signs.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "wish_dead": THOUGHTS["wish_dead"],
    "active": THOUGHTS["active"],
    "method": ACTS["method"],
    "plan": THOUGHTS["plan"],
    "preparing": ACTS["preparing"],
    "finality": THOUGHTS["finality"],
    "burden": THOUGHTS["burden"],
    "self_harm": ACTS["self_harm"],
    "harm_others": ACTS["harm_others"],
    "threatened": ACTS["threatened"],
}
for _name, _patterns in GERMAN.items():
    CATEGORIES[_name] = CATEGORIES[_name] + _patterns
FOLDED = FOLDED + ARABIC

__all__ = ["CATEGORIES", "DEATH_WORDS", "FOLDED", "IDIOMS", "THIRD_PERSON_DEATH", "TR_DEATH_WORDS"]
