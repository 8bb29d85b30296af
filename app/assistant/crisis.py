"""The crisis screen: self-harm and suicide language, English and Turkish.

It runs first and on its own: nothing else a reply says (a confirmation, a negation,
"just kidding") lowers it. A false alarm costs a therapist a look; a miss can cost
a life, so the patterns lean wide, indirect forms included ("better off without
me", "yaşamanın anlamı yok"). Patterns read the ASCII form from `textprep`.
"""

from __future__ import annotations

import re

_EN = (
    r"suicid\w*",
    r"kill(ing)? my ?self",
    r"end(ing)? (it all|my life|my own life|everything|things)",
    r"take my (own )?life",
    r"(want|wanna|going|ready|plan(ning)?) to die",
    r"wish(ing)? (i was|i were|to be) (dead|gone|never born)",
    r"(better off|be better) (dead|without me|if i (was|were) gone)",
    r"(no|not any|don't see a|do not see a|lost (my|all)) (reason|point) (to|in|for) "
    r"(live|living|go on|going on)",
    r"(do not|don't|no longer|not) (want|wish) to (live|be alive|be here|exist|wake up|go on)",
    r"(cannot|can't|can not) (go on|do this|take (it|this)) any ?more",
    r"(hurt|harm|cut|cutting|hurting|harming|injure) (my ?self|myself)",
    r"self ?-? ?harm\w*",
    r"over ?dos\w*",
    r"(took|take|swallow\w*) (all )?(the |my )?(pills|tablets|meds)",
    r"(jump|jumping) (off|from|in front)",
    r"hang(ing)? my ?self",
    r"(never|not) wake up",
    r"(say|saying|said) goodbye (to everyone|forever|for good)",
    r"goodbye forever",
    r"no way out",
    r"give up on (life|living|everything)",
    r"not (be|being) (around|here) (much )?(longer|anymore|any more|tomorrow)",
    r"(disappear|vanish) (forever|for good)",
    r"nobody (would|will) (miss|care)",
    r"this is my last (message|text)",
    r"this is (my )?goodbye",
    r"thank you for trying to help",
    r"kms",
    r"(saved|saving|stockpil\w*|hoard\w*) (up )?(pills|tablets|meds)",
    r"(pills|tablets|meds) saved",
    r"(will not|wont|not going to|won't) be alive",
    r"(cannot|can not|could not|unable to) keep (my ?self|me) safe",
    r"not safe (with|from|around) my ?self",
    r"no point (in )?(anything|living|life|going on|trying)",
    r"(i am|im) done with (life|everything|it all|living)",
    r"(will not|wont|not going to|do not think i will|dont think i will|do not think ill) be "
    r"(here|around) (much )?(longer|for long|anymore|any more)",
    r"be (here|around) much longer",
)
_TR = (
    r"intihar\w*",
    r"kendimi? (oldur|asa|asmak|kes|yak|atmak|atacag|atica)\w*",
    r"kendime (zarar|kiy)\w*",
    r"canima (kiy|son)\w*",
    r"hayat(ima|imi) (son|bitir)\w*",
    r"(yasamak|yasamayi) (istemiyorum|istemiyom|istemiom|istemem)",
    r"(yasamak|yasamanin|yasamamin) (anlami|bir anlami) (yok|kalmadi)",
    r"(olmek|olmeyi) (istiyorum|istiyom|istiom|dusunuyorum|istedim)",
    r"olsem (daha iyi|iyi olacak|kurtulurum|keske)",
    r"keske (olsem|olseydim|hic dogmasaydim|dogmasaydim|olup gitsem)",
    r"(ben|bensiz) (olmasam|olmazsam)? ?herkes (daha )?(rahat|iyi|mutlu)",
    r"herkes bensiz",
    r"(her seyi|hersey|hepsini) bitirmek (istiyorum|istiyom)",
    r"(her seye|her sey|hersey|hayata) son ver\w*",
    r"artik (dayanamiyorum|dayanamiyom|katlanamiyorum|yapamiyorum|yasayamiyorum)",
    r"(ilaclarin|haplarin|ilaclari|haplari) (hepsini|tumunu)? ?(ictim|icecegim|yuttum)",
    r"(hepsini|tumunu) (ictim|yuttum)",
    r"(bilek|bileklerimi|bilegimi) kes\w*",
    r"(kopruden|balkondan|pencereden|cattan) atla\w*",
    r"uyuyup (bir daha )?uyanmamak",
    r"(bir daha )?uyanmak istemiyorum",
    r"bu (benim )?son mesaj\w*",
    r"veda mesaj\w*",
    r"herkese veda",
    r"ortadan kaybolmak istiyorum",
    r"beni kimse (ozlemez|aramaz)",
    r"cikis yolu (yok|kalmadi)",
    r"(beni )?bir daha (beni )?(goremeyecek|goremezsiniz|gormeyecek)\w*",
    r"(hic )?uyanmasam",
    r"uyanmak istemiyorum",
    r"(ilac|hap)\w* (biriktir|sakla)\w*",
    r"kendimi (guvende hissetmiyorum|tutamiyorum)",
    r"hicbir (seyin|seyin bir) (anlami|anlam) (yok|kalmadi)",
    r"kendimi (kaybetmek|oldurmek)",
)
_CRISIS = re.compile(r"\b(" + "|".join(_EN + _TR) + r")\b")


def is_crisis(plain: str) -> bool:
    """Does the ASCII-folded reply use self-harm or suicide language?"""
    return _CRISIS.search(plain) is not None
