"""What a person at the clinic must read even when every word is an everyday one: ending
or pausing therapy, a pregnancy, a complaint, money trouble or insurance, the law, the
client's records, and someone writing for the client. Each is a phrase of ordinary words
("stop coming", "no longer", "on behalf of"), so the closed world's vocabulary cannot see
it; these patterns (ASCII, Turkish, English, German) send such a reply to a person whatever
else it says. Feelings, health, relatives and crisis have their own screens
(`clinical_vocab`, `crisis`)."""

from __future__ import annotations

from functools import lru_cache

from app.assistant.patterns import any_of as _any

_THERAPY_EN = (
    r"(?:coming|therapy|the sessions|our sessions|my sessions|these sessions|sessions|"
    r"seeing you|treatment|counselling|counseling|the appointments|appointments)"
)

_ENDING_THERAPY_WORDS = (
    rf"(?:stop|stopping|quit|quitting|end|ending|pause|pausing|finish|finishing|discontinue|"
    rf"give up|giving up|take a break from|taking a break from|leave|leaving|drop|dropping|"
    rf"cut back on|wind down|winding down) {_THERAPY_EN}",
    r"(?:take|taking|need|want) (?:a )?(?:break|pause|step back|time off) from \w+",
    r"no longer (?:need|want|come|coming|attend|attending|continue|continuing|require|be coming)",
    r"(?:not|never|won'?t|will not|wont|don'?t want to|dont want to|do not want to) "
    r"(?:be )?(?:coming back|come back|continu\w*|carry(?:ing)? on|return\w*|rebook\w*)",
    r"(?:not|never|no longer|do not want to|dont want to)(?: \w+){0,3} (?:come|coming|attend\w*|"
    r"see you|continue|do this|do therapy) (?:any ?more|again|at all)",
    r"(?:last|final) (?:session|appointment) (?:for me|for now|with you)",
    r"(?:another|a different|a new|new|other) (?:therapist|counsellor|counselor|psychologist|"
    r"clinic|practice)",
    r"(?:change|switch|swap) (?:my )?(?:therapist|counsellor|psychologist)",
    r"(?:terapi|seans|gorusme)\w* (?:\w+ ){0,2}(?:birak|sonlandir|sonlanmas|bitir|kes|"
    r"ara ver|durdur|dondur)\w*",
    r"(?:birak|sonlandir|bitir|ara ver|durdur)\w* (?:\w+ ){0,2}(?:terapi|seans|gorusme)\w*",
    r"ara (?:vermek|verelim|vermeyi|verecegim|vermem|veriyorum|verdim|verme)\w*",
    r"devam (?:etmeyece\w*|etmeyi dusun\w*|etmek istemiyor\w*|etmeme\w*|etmiyece\w*|"
    r"etmeyecegim|edemeyece\w*|etmicem|etmeycem)",
    r"artik (?:\w+ ){0,2}(?:gelmeyece\w*|gelmeycem|gelmek istemiyor\w*|gelmiyece\w*|"
    r"gelemeyece\w*)",
    r"(?:terapi|seans|gorusme)\w* (?:\w+ ){0,2}(?:ihtiyacim (?:yok|kalmadi)|gerek (?:yok|kalmadi)|"
    r"istemiyorum)",
    r"bir? daha (?:\w+ ){0,2}(?:gelmek istemiyor|gelmeyece|gelmem\b|gelmicem|gelmiycem|"
    r"gelmeyi dusunmuyor)\w*",
    r"(?:iyi gelmiyor|ise yaramiyor|faydasi (?:yok|olmuyor)|fayda etmiyor)\w*",
    r"(?:is not|isnt|not|does not|doesnt|never) (?:really )?(?:helping|help|working for me)",
    r"no point (?:in )?(?:coming|continuing|the sessions)",
    r"hilft (?:mir )?nicht|bringt (?:mir )?nichts",
    r"(?:baska|farkli|yeni) (?:bir )?(?:terapist|psikolog|danisman|klinik|doktor|uzman)\w*",
    r"(?:terapist|psikolog)\w* (?:degistir|degisikli)\w*",
    r"(?:therapie|sitzungen|behandlung) (?:\w+ ){0,2}(?:beenden|abbrechen|pausieren|aufhoren)",
    r"nicht mehr (?:kommen|weitermachen|fortsetzen)",
)
ENDING_THERAPY = _any(*_ENDING_THERAPY_WORDS)

# A subject raised for the session: the therapist reads it before, not the assistant.
_TALK_ABOUT_WORDS = (
    r"(?:want|need|would like|like|wanted|have|got) to (?:talk|speak|discuss|tell you|chat) "
    r"(?:about|through|over)",
    r"(?:a lot|lots|so much|loads|plenty|much|things) (?:\w+ ){0,2}to (?:talk about|go over|"
    r"discuss|unpack|tell you|talk through|work through)",
    r"(?:konus|anlat|paylas|bahset)\w* (?:istedi|isterim|istiyor|gerek|lazim|istedigim|"
    r"istedigi)\w*",
    r"(?:konusacak|anlatacak|paylasacak|konusulacak) (?:cok |bir ?suru |baya |epey )?"
    r"(?:sey|konu)\w*",
    r"(?:cok|bir ?suru|baya|epey) (?:sey|konu)\w* (?:birikti|var|oldu|yasandi)",
    r"(?:reden|sprechen|besprechen|erzahlen)\w* (?:\w+ ){0,3}(?:mochte|muss|will|wurde|wurd)|"
    r"(?:mochte|muss|will|wurde|wurd|gern|gerne) (?:\w+ ){0,4}(?:reden|sprechen|besprechen|"
    r"erzahlen)",
)
TALK_ABOUT = _any(*_TALK_ABOUT_WORDS)

# Asking for the session in another form (online, by phone, in person): the clinic arranges
# it, the assistant does not.
_FORMAT_CHANGE_WORDS = (
    r"(?:do|have|make|switch|move|change) (?:it|this|the session|the appointment|this one|"
    r"that|ours?) (?:\w+ ){0,2}(?:online|by video|by phone|on zoom|over zoom|on teams|remote\w*|"
    r"virtual\w*|in person)",
    r"online (?:instead|this (?:week|time)|session|appointment|please)",
    r"(?:video|zoom|teams|skype|phone|telephone) (?:call|session) instead",
    r"(?:online|cevrim ?ici|goruntulu|telefonla|yuz yuze) (?:\w+ ){0,2}(?:yap|olsa|olabilir|"
    r"gorus|alabilir|yapabilir|gecebilir|devam)\w*",
    r"(?:online|per video|telefonisch|per telefon) (?:\w+ ){0,2}(?:machen|stattfinden|moglich)",
)
FORMAT_CHANGE = _any(*_FORMAT_CHANGE_WORDS)

# Words for the state the writer is in, even as figures of speech ("I'm all over the place",
# "vizeler beni mahvetti"): a person reads them; the crisis screen decides urgency.
_STATE_OF_MIND_WORDS = (
    r"all over the place|falling apart|fall apart|(?:a|such a|total|complete) (?:mess|wreck)",
    r"(?:not|barely|hardly) coping|can'?t cope|cannot cope|overwhelm\w*|burn(?:ed|t)? out|"
    r"burnout|end of my tether|wits'? end|(?:really|so|very) shaken|shaken up",
    r"mahvet\w*|mahvol\w*|perisan\w*|darmadagin\w*|tukendim|tukenmis\w*|bittim\b|"
    r"dayanamiyor\w*|kaldiramiyor\w*|kafam (?:cok |hep |bayagi )?(?:karisik|mesgul|dolu)\w*",
    r"am ende|fix und fertig|uberfordert\w*|durch den wind|neben der spur",
    r"geht(?:s| es)? (?:mir )?(?:\w+ )?(?:nicht (?:so |besonders )?gut|schlecht|mies|dreckig)|"
    r"nicht (?:so )?gut drauf|(?:mir|mich) (?:\w+ ){0,2}(?:schlecht|elend|krank)",
    r"(?:i am|feeling|been|i have been) not (?:doing |feeling )?(?:good|great|well|ok|okay)|"
    r"not (?:doing|feeling) (?:so |too |very |that )?(?:good|great|well|ok|okay)|"
    r"(?:pek|hic|cok) iyi (?:degil|hissetm)\w*",
)
STATE_OF_MIND = _any(*_STATE_OF_MIND_WORDS)

_PREGNANCY_WORDS = (
    r"pregnan\w*",
    r"expecting (?:a baby|twins)",
    r"(?:we are|we're|were|i am|i'm|im) expecting\b(?! (?:a call|a delivery|a parcel|you|to|"
    r"an?\b|the|it|him|her|them|someone|guests))",
    r"(?:gave|give|giving) birth",
    r"miscarr\w*",
    r"maternity|paternity|due date",
    r"hamile\w*",
    r"gebe(?:yim|lik\w*)",
    r"dogum (?:yap\w*|izn\w*|oncesi|sonrasi)",
    r"dogum(?:dan|a|um|a yakin)\b",
    r"dusuk yap\w*",
    r"bebek bekli\w*",
    r"schwanger\w*|fehlgeburt\w*|mutterschutz|elternzeit",
)
PREGNANCY = _any(*_PREGNANCY_WORDS)

_COMPLAINT_WORDS = (
    r"complain\w*",
    r"complaint\w*",
    r"not (?:very |really |so |at all )?(?:happy|satisfied|pleased) with",
    r"unhappy|disappoint\w*|unacceptable|unprofessional|rude\w*|disrespect\w*",
    r"sikayet\w*",
    r"memnun (?:degil|kalmad|kalmiyor)\w*",
    r"hayal kirikli\w*",
    r"kabul edilemez\w*",
    r"saygisiz\w*|profesyonel (?:degil|olmayan)\w*",
    r"beschwer\w*|unzufrieden\w*|enttauscht\w*|unverschamt\w*",
)
COMPLAINT = _any(*_COMPLAINT_WORDS)

_MONEY_TROUBLE_WORDS = (
    r"insur\w*",
    r"refund\w*|reimburs\w*",
    r"(?:can'?t|cannot|can not|could not|couldn'?t) afford",
    r"afford\w*",
    r"debt\w*|owe|owes|owed|overdraft|bankrupt\w*",
    r"(?:short of|out of|no) money",
    r"sigorta\w*",
    r"iade\w*|geri odeme\w*",
    r"param (?:yok|yetmiyor|kalmadi)\w*|maddi (?:durum|sikinti|imkan)\w*",
    r"odeyeme\w*|odeyemi\w*|odeyemem|taksit\w*|indirim\w*|ucretsiz (?:olabilir|mi)\w*",
    r"(?:money'?s|money is|things are|cash is|finances are) (?:\w+ )?(?:tight|short)|"
    r"cut my (?:hours|pay|salary)|(?:a )?discount|payment plan|pay (?:it )?in instal\w*",
    r"borc\w*",
    r"versicher\w*|krankenkasse\w*|erstatt\w*|schulden",
)
MONEY_TROUBLE = _any(*_MONEY_TROUBLE_WORDS)

_LEGAL_WORDS = (
    r"lawyer\w*|solicitor\w*|attorney\w*|courts?|courtroom|police|karakol\w*|avukat\w*",
    r"polis(?:e|i|in|te|ten|le|ler\w*)?",
    r"mahkeme\w*|dava|davam\w*|davasi\w*|davayi|davaci\w*|davali|savcil\w*|tutanak\w*",
    r"anwalt\w*|anwaltin|gericht\w*|polizei\w*",
    r"subpoena|testify|testimony|statement to",
)
LEGAL = _any(*_LEGAL_WORDS)

_RECORDS_WORDS = (
    r"(?:my|the|our) (?:records?|notes|file|files|data|details held)",
    r"delete (?:my|all my|everything)",
    r"gdpr|kvkk|data protection|privacy",
    r"(?:kayit|not|dosya|veri|bilgi)l[ae]r?[iu]m\w*",
    r"(?:verilerimi|kayitlarimi|bilgilerimi|notlarimi) (?:\w+ ){0,2}(?:sil|gor|iste|gonder)\w*",
    r"kisisel veri\w*|gizlilik\w*",
    r"datenschutz\w*|meine daten|akte\w*",
)
RECORDS = _any(*_RECORDS_WORDS)

_WRITING_FOR_SOMEONE_WORDS = (
    r"on (?:his|her|their|my (?:son|daughter|wife|husband|partner|mother|father)'?s?) behalf",
    r"on behalf of",
    r"(?:i am|i'm|im) (?:his|her|their) (?:mother|mum|mom|father|dad|parent|wife|husband|"
    r"partner|sister|brother|carer|guardian)",
    r"writing (?:for|about) (?:my|our) (?:son|daughter|child|wife|husband|partner|mother|father|"
    r"mum|mom|dad|sister|brother)",
    r"(?:my|our) (?:son|daughter|child|kid|teenager|wife|husband|partner|mother|father|mum|"
    r"mom|dad) (?:\w+ ){0,2}(?:won'?t|doesn'?t want|does not want|refuses|refused|isn'?t|"
    r"is not|didn'?t|will not) (?:\w+ ){0,2}(?:come|coming|go|going|attend|want)",
    r"(?:annesi|babasi|esi|kardesi|ablasi|abisi|velisi)(?:yim|yiz)\b",
    r"(?:\w+) adina yazi\w*",
    r"(?:oglum|kizim|esim|cocugum|annem|babam) (?:\w+ ){0,2}(?:gelmek istemiyor|"
    r"gelmeyecek|gelmiyor|gitmek istemiyor|istemiyor|reddediyor)\w*",
    r"(?:mutter|vater|ehemann|ehefrau|eltern) (?:von|des|der)\b",
)
WRITING_FOR_SOMEONE = _any(*_WRITING_FOR_SOMEONE_WORDS)

PERSONAL_TOPICS = (
    ENDING_THERAPY,
    TALK_ABOUT,
    FORMAT_CHANGE,
    STATE_OF_MIND,
    PREGNANCY,
    COMPLAINT,
    MONEY_TROUBLE,
    LEGAL,
    RECORDS,
    WRITING_FOR_SOMEONE,
)


# One pass over the reply for all of them, dispatched on first letters like the others.
_ANY_TOPIC = _any(
    *_ENDING_THERAPY_WORDS,
    *_TALK_ABOUT_WORDS,
    *_FORMAT_CHANGE_WORDS,
    *_STATE_OF_MIND_WORDS,
    *_PREGNANCY_WORDS,
    *_COMPLAINT_WORDS,
    *_MONEY_TROUBLE_WORDS,
    *_LEGAL_WORDS,
    *_RECORDS_WORDS,
    *_WRITING_FOR_SOMEONE_WORDS,
)


@lru_cache(maxsize=32)
def needs_a_person(plain: str) -> bool:
    """Does the reply (ASCII `plain`) touch a subject only a person at the clinic answers?"""
    return _ANY_TOPIC.search(plain) is not None
