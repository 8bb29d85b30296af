"""Personal and clinical content in a reply, and replies about someone else's session:
what the treating therapist reads and the assistant never answers (ASCII patterns)."""

from __future__ import annotations

import re

from app.assistant.patterns import any_of as _any

# Personal or clinical content: the therapist's to read, never the assistant's to answer.
CLINICAL = _any(
    r"anxi\w*",
    r"depress\w*",
    r"panic\w*",
    r"medic\w*",
    r"meds",
    r"pills?",
    r"dos(e|age)\w*",
    r"antidepress\w*",
    r"prescri\w*",
    r"symptom\w*",
    r"diagnos\w*",
    r"disorder\w*",
    r"therap(y|ist) (help|work|question)\w*",
    r"getting (worse|better)",
    r"(feel|feeling|felt|am feeling|i am) (so |very |really )?"
    r"(bad|terrible|awful|sad|down|low|anxious|depressed|scared|afraid|angry|lonely|lost|empty|"
    r"hopeless|worthless|overwhelmed|stressed|awful|horrible|worse|sick|ill|unwell|numb|tired)",
    r"(terrible|awful|horrible|rough|hard|tough|difficult|bad|worst) (week|day|days|"
    r"time|night|month)",
    r"(had|having|have had) (a |such a )?(really |very |so |pretty |quite )?"
    r"(terrible|awful|horrible|rough|hard|tough|difficult|bad|shit|crap) (week|day|"
    r"days|time|night|month|weekend)",
    r"(terrible|awful|horrible|rough|hard|tough|difficult|bad) weekend",
    r"bad news",
    r"(lost|losing) my (job|mother|father|mom|dad|wife|husband|partner|baby|friend)",
    r"(got|been|was) (fired|laid off)",
    r"(cok |cok cok )?(kotu|zor|berbat|agir) gec\w*",
    r"kotu (bir )?haber\w*",
    r"isten (cikar|atil)\w*",
    r"struggl\w*",
    r"cry|cried|cries|crying",
    r"nightmares|having nightmares|nightmare about",
    r"(cannot|can not|could not) sleep",
    r"insomnia",
    r"trauma\w*",
    r"abuse\w*",
    r"relaps\w*",
    r"drunk|drinking|alcohol|drugs",
    r"divorce\w*",
    r"break ?up|broke up",
    r"grief|griev\w*|passed away|funeral",
    r"hospital\w*",
    r"(my )?(husband|wife|partner|boyfriend|girlfriend|mother|father|mom|dad|son|daughter) "
    r"(left|hit|died|is sick|yelled)",
    r"kayg\w*",
    r"endise\w*",
    r"anksiyete\w*",
    r"depresyon\w*",
    r"panik\w*",
    r"ilac\w*",
    r"antidepresan\w*",
    r"hap(?:i|a|ta|tan|la|im\w*|lar\w*)?",  # not "happy", "happen"
    r"doz(?:u|a|lar\w*|unu|umu|aj\w*)?",  # not "dozen"
    r"recete\w*",
    r"belirti\w*",
    r"teshis\w*",
    r"tani(?:m|mi|si|sini|yi|ya|da|lar\w*|konul\w*)?",  # not "tanitim", "tanisma"
    r"bozukluk\w*",
    r"(kotu|berbat|zor|agir|kotu gecen|rezalet) (bir )?(hafta|gun|gece|donem|zaman)\w*",
    r"kendimi (cok |hic )?(kotu|iyi degil|yalniz|bos|yorgun|mutsuz|caresiz|degersiz|"
    r"berbat|garip)\w*",
    r"(moralim|psikolojim|ruh halim) (bozuk|kotu|cok kotu|dibe)\w*",
    r"uzgun\w*",
    r"agla\w*",
    r"uyuyam\w*",
    r"uykusuz\w*",
    r"kabus\w*",
    r"travma\w*",
    r"istismar\w*",
    r"alkol\w*",
    r"ickiye|icki\w*",
    r"madde kullan\w*",
    r"bosan\w*",
    r"ayril\w*",
    r"vefat\w*",
    r"cenaze\w*",
    r"hastane\w*",
    r"stres\w*",
    r"sinir krizi\w*",
    r"kriz\w*",
    r"yalniz hissed\w*",
    r"kotuyum",
    r"iyi degilim",
    r"hasta(yim|landim|lik)\w*",
    r"(sick|ill|unwell|fever|flu|covid)",
    r"korku\w*",
    r"korkuyorum",
    r"ofke\w*",
)
OTHER_PERSON_SESSION = re.compile(
    r"\b([a-z]+)'(s|in|un|nin|nun|ın|nın|ın) (session|appointment|randevu\w*|seans\w*)"
)
# Someone else wants the clinic's services ("my daughter wants to start therapy too"):
# a person answers that, whatever else the message says.
THIRD_PARTY_REQUEST = re.compile(
    r"\b(?:my|our) (?:daughter|son|wife|husband|partner|friend|mum|mom|mother|dad|father|"
    r"sister|brother|colleague|boyfriend|girlfriend|kid|kids|child|children|niece|nephew|"
    r"cousin|flatmate|teenager|fiance|fiancee)(?: \S+){0,6} (?:wants|would like|needs|is "
    r"looking|asked|asks|would love|is keen|is thinking about|wanted) (?:to )?(?:start|book|"
    r"see|come|have|get|try|begin|join|talk|make)\b"
    r"|\b(?:kizim|oglum|esim|annem|babam|kardesim|arkadasim|cocugum|ablam|abim|nisanlim)"
    r"(?: \S+){0,4} (?:terapi|seans|randevu|gorusme|danismanlik)\w* (?:almak|baslamak|"
    r"istiyor|olmak|ayarla|icin)\w*"
)
OWN_WORDS = frozenset(
    "tomorrow today tonight monday tuesday wednesday thursday friday saturday sunday week "
    "yarin yarinki bugun pazartesi sali carsamba persembe cuma cumartesi pazar hafta haftanin "
    "next this".split()
)
