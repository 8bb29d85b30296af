"""Figures of speech that use the words of death without meaning it, and the last net:
the words of dying themselves, unless a third person died (grief, not crisis)."""

from __future__ import annotations

FOLDED: tuple[str, ...] = (
    r"öl(?:eceğim|ecem|ücem|sem|seydim|mek|meyi|meye|üyorum gerçekten|mem lazım|meliyim)",
    r"ölüm(?:ü|ümü) (?:düşün|isti|bekli|ara)\w*",
    r"ölse(?:m|ydim)",
    r"öldürece(?:ğim|m)",
    r"öleyim",
)

# Figures of speech with the words of death that do not mean it: removed before the
# screen reads the text (ASCII form). A real signal elsewhere in the message still counts.
IDIOMS: tuple[str, ...] = (
    # English
    r"cross my heart(?: and hope to die)?",
    r"dying (?:of|from|with) (?:a |this |the |my |that )?(?:cold|flu|heat|hunger|thirst|"
    r"boredom|embarrassment|laughter|curiosity|man flu|hay ?fever|cough)",
    r"(?:or|and) die trying",
    r"(?:drive|drives|driving|drove|send|sending) me to an early grave",
    r"tod(?:mu|mue)de|todlangweilig|totlachen|zu tode (?:erschrocken|gelangweilt|"
    r"genervt)",
    r"(?:commute|traffic|journey|drive|heat|wait|waiting|stairs|queue|weather|cold|mondays?|"
    r"deadlines?|exams?|suspense|curiosity|jet ?lag|hangover|rush hour|school run|parking|"
    r"this week|that hill|the hills?)(?: \w+){0,3} (?:will|is going to|gonna|is|would|could|"
    r"might) (?:literally )?(?:kill|killing|be the death of) me",
    r"dying (?:to|for) (?:see|try|meet|know|hear|get|go|tell|have|a |an |some )\w*",
    r"(?:dead|deathly) (?:tired|beat|on time|serious|set|easy|simple|good|funny|right|"
    r"end|ahead|centre|center|quiet|busy|slow|boring)",
    r"(?:phone|battery|laptop|car|tablet|charger|wifi|internet|bike|scooter|mobile|lift|elevator|"
    r"printer|engine|signal|torch|headphones|earbuds)(?: \w+){0,2} (?:died|dead|is dead|"
    r"was dead|has died|just died|dying|is dying|went dead)",
    r"(?:died|dead|dying) (?:on me )?(?:phone|battery)",
    r"(?:killing|kill|kills|killed|murder|murdering) (?:time|it)",
    r"(?:kill|killing|murder) (?:for|a) (?:a |an |some )?(?:coffee|tea|pizza|burger|kebab|"
    r"drink|beer|nap|sandwich|cake|biscuit|cuppa|sleep|holiday|break|croissant|chocolate|"
    r"bath)",
    r"(?:could|would|d) (?:kill|murder) (?:for )?(?:a |an |some )?(?:coffee|tea|pizza|burger|"
    r"kebab|drink|beer|nap|sandwich|cake|cuppa|curry|takeaway|chocolate|holiday)",
    r"(?:traffic|commute|heat|cold|queue|rain|this|that|the wait|my feet|my back|the suspense|"
    r"these shoes|work|deadline|deadlines|hill|stairs|it) (?:is |are |was )?(?:literally |"
    r"absolutely )?killing (?:me|us)",
    r"(?:laugh|laughed|laughing|crack\w*) (?:my|myself|me)? ?(?:head )?(?:off|to death|up)",
    r"(?:bored|scared|worried|freezing|frozen) to death",
    r"(?:i am|im) dead(?: lol| haha|ass)?(?=\W*$)",
    r"(?:lol|haha|lmao)(?: i am| im)? dead",
    r"(?:over|on) my dead body",
    r"(?:deadline|deadlines|dead end|dead-end|die hard|die-hard|dead heat)",
    r"(?:i (?:will|ll|would|d) )?die of (?:embarrassment|shame|boredom|laughter|hunger)",
    r"(?:starving|famished|knackered|shattered|exhausted|wrecked)",
    r"(?:my )?(?:plants|plant|fish|goldfish|hamster|grandad|grandma|grandmother|"
    r"grandfather|granny|nan|uncle|aunt|dog|cat|mum|mom|dad|father|mother|friend|"
    r"neighbour|neighbor|colleague)(?:s|'s)? (?:died|passed away|passed)",
    r"(?:battery|phone|charge) (?:is |was )?(?:almost |nearly )?(?:dead|flat|gone|out)",
    r"break a leg",
    r"(?:killer|killed it|killing it|nailed it|smashed it)",
    r"kill (?:two birds|the lights|the engine|the music)",
    r"(?:the )?end of (?:the )?(?:day|week|month|year|session|road works|term)",
    r"end(?:ing)? (?:the |our |my )?(?:session|appointment|contract|subscription|call)",
    r"(?:sleep|slept) (?:like a log|like the dead|in|through the alarm)",
    r"last (?:session|appointment) (?:was|went|helped|really|of the year|before (?:the )?"
    r"(?:holiday|holidays|break|christmas|new year)|we had|i had|you mentioned|"
    r"you said|ran over|overran)",
    r"(?:our|my|the) last session(?: \w+){0,2} (?:was|went|helped|really|before)",
    r"(?:from|since|after|in|at|about|like) (?:the |our |my )?last (?:session|appointment)",
    r"(?:mum|mom|mother|mam|boss|teacher|manager|coach|wife|sister|gran|nan|grandma)(?: "
    r"\w+){0,2} (?:will|would|is going to|gonna|going to) (?:literally |actually |totally "
    r")?kill (?:me|us) (?:if|when) (?:i |we )?(?:miss|am late|are late|m late|forget|cancel|"
    r"skip|leave early|do not show|dont show|mess|lose|break|spend|eat|come home late|get "
    r"home late|am not|forgot)\w*",
    r"dead (?:keen|on my feet|on arrival|on time|chuffed|excited|nervous|proud|lucky)",
    r"(?:phone|battery|mobile|laptop|tablet|charge)s?(?: \w+){0,5} (?:about to die|going "
    r"to die|gonna die|dying|is dead|dead)",
    r"dead (?:lol|haha|lmao|to the world)",
    r"(?:kill|murder) for (?:a|an|some) (?!gun|knife|weapon|pill)\w+(?:[ -]\w+)?",
    r"dying (?:at|from|of|with) (?:work|the heat|laughter|boredom|the cold|a cold|flu|the flu)",
    r"(?:dying|died|dead) of (?:the )?(?:flu|cold|heat|boredom|hunger|thirst|laughter|laughing|"
    r"embarrassment|shame|a cold)",
    r"(?:nearly |almost )?died (?:laughing|of laughter)",
    r"(?:jilet gibi)",
    r"(?:be|been) the death of (?:me|us)",
    r"death warmed up|dead in the water|dead meat|(?:so|totally|literally) dead if",
    r"(?:i am|im|i will be|ill be) (?:so |totally |literally )?dead if",
    r"overdos\w* on (?:caffeine|coffee|sugar|chocolate|netflix|tv|cake|carbs|sun|work)",
    r"cut (?:my )?(?:finger|thumb|hand|chin|lip)(?: \w+){0,4} (?:chopping|cooking|opening|shaving|"
    r"on|while|peeling|slicing)",
    r"bled everywhere(?: \w+){0,4} (?:plaster|bandage|finger|thumb)",
    r"\w+(?:s|'s) (?:death|funeral|passing)(?! of me)",
    r"(?:anniversary|memorial) of (?:my|his|her|our) \w+(?:s|'s)? (?:death|passing)",
    r"crash(?:ing)? (?:at|on|with|in) (?:my |a |his |her |the )?"
    r"(?:mate|friend|mum|mom|sister|brother|"
    r"place|sofa|couch|parents|bed)\w*",
    r"(?:got |were |was )?(?:slaughtered|thrashed|murdered|destroyed|killed) \d+ ?- ?\d+",
    # Turkish
    r"\w+(?:dan|den|tan|ten) (?:oluyorum|oldum|olecegim|olucem|olcem|oluyoz|oluyom)",
    # Turkish word order is free: "ölüyorum meraktan" is "meraktan ölüyorum".
    r"(?:oluyorum|oldum|olecegim|olucem|olcem|oluyom) (?:\w+ )?(?:meraktan|acliktan|"
    r"sicaktan|soguktan|uykusuzluktan|yorgunluktan|gulmekten|sikintidan|heyecandan|"
    r"stresten|kahkahadan|susuzluktan)",
    r"(?:donup|donarak|catlayip|patlayip) ol\w*",
    r"(?:olum|zehir|jilet|bicak) gibi",
    r"\w+(?:in|un|nin|nun) (?:olum|cenaze)\w*",
    r"olum yil ?donum\w*",
    r"(?:bicak seti|bicak takimi|mutfak bicag\w*|ekmek bicag\w*)",
    r"(?:fatura\w*|toplanti\w*|is\w*|sinav\w*|ders\w*|tez\w*|proje\w*|hafta\w*|mesai\w*|"
    r"sicak\w*|soguk\w*|yol\w*|kuyruk\w*|vize\w*|trafik\w*|kira\w*) beni "
    r"(?:oldur|bitir|mahvet)\w*",
    r"\w+(?:mek|mak) intihar",
    r"(?:died|passed away|passed|vefat\w*|lost)(?: \w+){0,12} (?:for|to|at) (?:the |his "
    r"|her |a )?(?:funeral|cenaze\w*)",
    r"(?:patron\w*|annem|hocam|mudur\w*|mudurum|sefim|ablam|ogretmen\w*)(?: \w+){0,1} beni "
    r"oldur(?:ecek|ur|ecekler|urler)(?: \w+){0,3} (?:gec|erken|kacir|unut|iptal|gelmez|gelmesem|"
    r"gitmesem)\w*",
    r"(?:gec|erken|kacir|unut|iptal)\w*(?: \w+){0,2} (?:patron\w*|annem|hocam|mudur\w*|sefim|"
    r"ablam)?(?: )?beni oldur(?:ur|ecek|urler|ecekler)",
    r"(?:acliktan|aclikdan|uykusuzluktan|yorgunluktan|sicaktan|soguktan|merakt?an|"
    r"gulmekten|sikintidan|heyecandan|utanctan|sevincten|kahkahadan|stresten|"
    r"bekle?mekten|susuzluktan|can sikintisindan)(?: \w+){0,1} (?:ol|oldum|oluyorum|"
    r"olecegim|olucem|olcem|olduk|oluyoruz|ol\w*|catla\w*|kirildim|krdm)",
    r"(?:ol|oldum|oluyorum) (?:acliktan|yorgunluktan|gulmekten|sicaktan)",
    r"olurum sana",
    r"(?:olsem de|olsem bile) (?:gelirim|gelecegim|gelicem|kacirmam)",
    r"(?:telefonum|telefon|sarjim|sarj|pilim|pil|bataryam|batarya|arabam|araba|aku|asansor\w*|"
    r"laptopum|bilgisayarim|internetim|tabletim)(?: \w+){0,1} (?:oldu|oldu gitti|bitti|"
    r"gitti|olmus|olmek uzere|olecek)",
    r"(?:trafik|bu trafik|yol|bu sicak|bu soguk|is|isler|bu yorgunluk|bu kuyruk|sinav|"
    r"sinavlar|bel agrim|bacaklarim)\w*(?: \w+){0,1} (?:beni )?(?:oldurdu|olduruyor|"
    r"oldurecek|bitirdi|bitiriyor|bitirecek|mahvetti)",
    r"(?:kafayi|kafay|aklimi) (?:yiyecegim|yicem|yedim|yiyorum|oynatacagim)",
    r"(?:canima|canim) (?:okudu\w*|okundu|cikti|burnumda)",
    r"(?:canim|cani) (?:sikkin|sikiliyor|sikildi|cekti|istedi|istiyor|yandi|yaniyor)",
    r"(?:oldum|olduk) bittim",
    r"(?:catlayacagim|catliyorum|patlayacagim|patliyorum) (?:gulmekten|acliktan|"
    r"meraktan)?",
    r"(?:olmeden|olmeden once) (?:once )?(?:gormek|gitmek|yapmak)\w*",
    r"(?:dedem|ninem|babaannem|anneannem|amcam|dayim|teyzem|halam|kedim|kopegim|"
    r"komsumuz|komsum|babam|annem|arkadasim)\w* (?:vefat etti|oldu|rahmetli|kaybettik|"
    r"kaybettim|hayatini kaybetti)",
    r"son seans(?:ta|tan|imizda|imizdan|imizdaki|taki|tan beri|ta konustugumuz)\b",
    r"(?:gecen|bir onceki|onceki) (?:son )?(?:seans|randevu)\w*",
    r"(?:yilin|ayin|haftanin|gunun) son (?:seans|randevu|gunu)\w*",
    r"(?:tatilden|bayramdan|yilbasindan) once(?:ki)? son (?:seans|randevu)\w*",
    # German
    r"(?:handy|akku|telefon|laptop|auto|batterie|wlan|internet|drucker)\w*(?: \w+){0,2} "
    r"(?:ist |war |sind )?(?:tot|gestorben|abgestorben|hinuber)\b",
    r"(?:total|voll|echt|komplett|hunde|sterbens|tod)\s?(?:tot|mude)\b(?! (?:sein|waere|ware))",
    r"todmude|hundemude|sterbensmude|(?:tot|zum sterben) ?langweilig",
    r"sterbe (?:gleich |fast )?vor (?:lachen|hitze|langeweile|hunger|kalte|neugier|durst|angst)",
    r"(?:lach|lache|lachen) (?:mich|uns) (?:tot|kaputt|schlapp)|totgelacht",
)

# The last net, after the categories and the idioms: the words of dying themselves.
# Third persons' deaths (grief) are read by a person but are not a crisis of the writer's.
DEATH_WORDS: tuple[str, ...] = (
    r"(?:die|dying|dead|death|suicid\w*|overdos\w*|noose|kill|killing|funeral|my grave|"
    r"lethal|unalive|end it|end things|gone for good|disappear)",
)
THIRD_PERSON_DEATH = (
    r"(?:mum|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|granny|gran|nan|"
    r"grandad|uncle|aunt|auntie|brother|sister|cousin|friend|friends|neighbour|neighbor|"
    r"colleague|dog|cat|pet|husband|wife|partner|son|daughter|baby|he|she|they|who|"
    r"someone|somebody|relative|family member|in law|boss|teacher|patient|man|woman|"
    r"plant|plants|hamster|fish|bird)(?:s|'s)?(?: \w+){0,2} (?:is |was |has |had |just |"
    r"recently |suddenly |unexpectedly )*(?:dying|died|dead|passed|been killed|was killed|"
    r"got killed|killed in)"
    r"|(?:death|funeral|died|dying|dead|killed|passing) (?:of|in) (?:my|our|a|the|his|her) "
    r"(?:\w+ )?(?:mum|mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|uncle|"
    r"aunt|brother|sister|cousin|friend|family|neighbour|colleague|dog|cat|pet|husband|"
    r"wife|partner|son|daughter|relative|car accident|accident)"
    r"|(?:funeral|memorial|wake|burial|cenaze)(?: \w+){0,2} (?:is|was|on|for|of|tomorrow|today)"
    r"|(?:go|going|went|be|attend|attending|at) (?:to )?(?:a |the |my \w+ s |his |her )?"
    r"(?:funeral|memorial|burial)"
    r"|(?:dead|deadly) (?:serious|quiet|centre|center|end|line)"
)
# Turkish, with Turkish letters (the ASCII forms are everyday words): first persons of
# "ölmek" and "öldürmek", "ölüm", "intihar". "öldü"/"ölmüş" (someone died) are grief.
TR_DEATH_WORDS = (
    r"öl(?:mek|meyi|meye|mem|sem|seydim|eceğim|ecem|ücem|üyorum|üyom|üm|ümü|ümün|üme|"
    r"eyim|mekten|meliyim|meyeceğim|sek|sün|üp gitmek|üp gitsem|mek için|mekle)"
    r"|öldür\w*|intihar\w*|canıma kıy\w*"
)
