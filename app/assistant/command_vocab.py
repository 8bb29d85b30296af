"""What staff commands say, as patterns over `textprep`'s ASCII form: the verbs and
nouns of each action, what is out of scope, and repeats. `commands` weighs them; what
none of them names is `unknown`, and so is anything out of scope."""

from __future__ import annotations

from app.assistant.patterns import any_of as _any

OUT_OF_SCOPE = _any(
    r"refund\w*",
    r"(?:phone|mobile|telephone) number|e-?mail address|home address|telefon ?numara\w*|"
    r"telefonnummer\w*|handynummer\w*",
    r"(?:schick|schicke|sende|schreib|schreibe)\w* (?:\S+ ){0,6}(?:nachricht|sms|mail|e-mail)\w*",
    # A client's personal details are read in their record, never sent by the command bar.
    r"(?:telefon|numara|adres|e-?posta|mail|tc|kimlik)\w*(?: \w+){0,4} (?:at|atin|gonder|ver|"
    r"yolla|ilet|paylas|yaz)\w*\b",
    r"(?:send|give|text|email|forward|share) (?:me |us )?(?:[\w']+ ){0,3}(?:phone|number|"
    r"address|e-?mail|details|date of birth)",
    r"(?:telefonnummer|adresse|handynummer|e-?mail-?adresse)\w*(?: \w+){0,4} (?:schicken|senden|"
    r"geben|weiterleiten)",
    # Booking past the double-booking guard is not a command the bar takes.
    r"even if (?:it )?(?:overlaps|clashes|conflicts)",
    r"(?:skip|ignore|bypass|without|override) (?:the )?(?:conflict|overlap|clash|availability|"
    r"double[ -]?booking)\w*",
    r"double[ -]?book\w*",
    r"cakis(?:sa|masina|ma kontrol|siyor olsa)\w*|ust uste (?:koy|yaz|ekle)\w*",
    # Figures about the practice are reports, not scheduling.
    r"(?:kac|how many) (?:\w+ )?(?:kisi|danisan\w*|clients?|people|patients?|"
    r"no(?: - | |-)?shows?|hasta\w*)\b",
    r"istatistik\w*|statistic\w*|\bstats\b",
    r"invoice\w*",
    r"receipt\w*",
    r"payment\w*",
    r"(?:charge|bill) (?:her|him|them|\w+)",
    r"fatura\w*",
    r"odeme\w*",
    r"iade\w*",
    r"tahsil\w*",
    r"report\w*",
    r"rapor\w*",
    r"insur\w*",
    r"sigorta\w*",
    r"employer\w*",
    r"isveren\w*",
    r"(?:tell|inform|call|text|email|message) (?:her|his|their|the) (?:mother|mum|mom|father|dad|"
    r"husband|wife|partner|parents|family|employer|boss|school|gp|doctor)",
    r"(?:annesine|babasina|esine|kocasina|karisina|ailesine|patronuna|okuluna|doktoruna)\w*",
    r"(?:tell|inform|call|text|email|e ?-?mail|message|write to|ring|phone|contact|update) "
    r"(?:\S+ ){0,2}(?:mother|mum|mom|father|dad|husband|wife|partner|parents|family|employer|"
    r"boss|school|teacher|gp|doctor|son|daughter|sister|brother|lawyer|insurer|relatives?)",
    r"(?:what|everything|anything) (?:she|he|they|the client|the patient) (?:said|told|talked "
    r"about|shared|disclosed|mentioned)",
    r"(?:said|told|talked about|shared|discussed) (?:me |us )?in (?:the |her |his |their )?"
    r"(?:session|therapy)",
    r"(?:send|text|message|write to|email) \w+(?: \w\.?)? (?:a )?(?:message|text|note|email)? ?"
    r"(?:saying|that|telling)",
    r"(?:mesaj|sms)\w* (?:at|gonder|yolla)\w*(?: \w+){0,3} (?:diye|ki)",
    r"summari[sz]\w*",
    r"ozet\w*",
    r"(?:konustug|anlattig|soyledig)\w*",
    r"(?:annesi|babasi|esi|kocasi|karisi|ailesi)\w* (?:aradi|sordu|yazdi|istedi)",
    r"(?:annesini|babasini|esini|kocasini|karisini|ailesini|velisini)\w* (?:\w+ ){0,2}"
    r"(?:ara|bilgilendir|haber ver|yaz|mesaj)\w*",
    r"(?:mutter|vater|ehemann|ehefrau|partner\w*|eltern|familie|arbeitgeber|chef\w*) "
    r"(?:\w+ ){0,3}(?:anrufen|informieren|schreiben|bescheid)",
    r"(?:all|every|each) (?:client|patient|danisan|hasta)s?",
    r"(?:draft|write|summari[sz]e|prepare) (?:a |the |her |his )?(?:note|letter|summary|"
    r"assessment|plan|referral)",
    r"(?:opinion|assessment|prognosis|is (?:she|he|they) (?:getting )?(?:better|worse|ok|"
    r"depressed|suicidal))",
    r"(?:clear|wipe|empty|drop|free up) (?:my |the |all )?(?:whole )?(?:calendar|diary|week|day|"
    r"month|bookings|appointments|sessions|schedule)",
    r"(?:everyone|everybody|all clients|all patients|herkes\w*|hepsini sil|tumunu sil)",
    r"(?:tum|butun) (?:\w+ )?(?:randevu|seans|appointment|session)\w*",
    r"(?:ucret|fiyat|fee|fees)\w*",
    r"(?:dosya|kayitlar|records|file|files)\w*",
    r"(?:kural|talimat|rules|instructions)\w* (?:unut|yok say|gormezden|ignore|forget)\w*",
    r"(?:her seyi|hepsini|everything|tumunu) (?:sil|delete|remove|iptal)\w*",
    r"(?:all|every) (?:bookings|appointments|sessions)(?! for \w)",
    r"(?:what do you think|ne dusunuyorsun|sence|fikrin)",
    r"(?:ignore|disregard|override|bypass|admin mode|yonetici modu|developer mode)",
    r"diagnos\w*",
    r"treatment( plan)?",
    r"prescri\w*",
    r"medication\w*",
    r"therapy plan",
    r"(write|summari[sz]e|read|show|open) (the |a |my |his |her )?notes?",
    r"(delete|remove|erase|wipe) (all|every|the whole)",
    r"(all|every) (clients|patients)",
    r"advice|advise",
    r"what should (i|we) (tell|say to)",
    r"teshis\w*",
    r"tani (koy|oner)\w*",
    r"tedavi\w*",
    r"ilac\w*",
    r"recete\w*",
    r"notlar\w*",
    r"(tum|butun) (danisan\w*|hasta\w*|musteri\w*)",
    r"(sil|temizle) (hepsini|tumunu)",
    r"hepsini sil",
    r"(cancel|delete|remove|move|iptal et) all",
    r"all (of )?(his|her|their|\w+'s|\w+ 's) (sessions|appointments)",
)

CANCEL = _any(
    r"absag\w*|absagen|stornier\w*|loschen|losch\w*|streich\w*|ausfallen lassen|entfall\w*",
    r"scrap\w*",
    r"olmayacak\w*(?: \w+){0,2} kaldir\w*|kaldirin\b|kaldiralim\b",
    r"cxl",
    r"cx",
    r"sil(?:in|elim)?",
    r"stop (?:\S+ ){0,6}(?:sessions|appointments|series)",
    r"(?:gelmeyecek|gelemeyecek)\w*",
    r"cancel\w*",
    r"call off",
    r"iptal\w*",
    r"(randevu\w*|seans\w*) (sil|kaldir)\w*",
    r"remove (the|her|his)",
)
RESCHEDULE = _any(
    r"verschieb\w*|verleg\w*|umbuch\w*|(?:um)?legen\b",
    # ("Termin" and "Uhr" reach here as "appointment" and "o'clock": textprep's shorthand.)
    r"statt \d{1,2}(?: uhr| o'clock)? (?:um|auf) \d{1,2}",
    r"(?:termin|appointment)\w* (?:\S+ ){0,6}auf (?:\d{1,2}|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|morgen|heute|ubermorgen)",
    r"\w+(?:den|dan|ten|tan) (?:\w+ ){0,2}\w+(?:e|a|ye|ya) (?:al|alin|alalim|alinsin|cek|cekin|"
    r"tasi|kaydir)\w*",
    r"can go to \d",
    r"(?:seansi|seansin|randevusu|randevusun|gorusmesi)\w* (?:\S+ ){0,6}olsun\b",
    r"(?:seansi|seansin|randevusu|randevusun|gorusmesi)\w* (?:\S+ ){0,2}\d{1,2}(?:[:.]\d{2})?"
    r"'?(?:e|a|ye|ya)\b",
    r"switch\w*",
    r"swap\w*",
    r"bring \S+(?: \S+){0,5} (?:forward|back|earlier)",
    r"yerine",
    r"alin(?:masini|sin|abilir)\w*",
    r"(?:tasin|ertelen|kaydiril)\w*",
    r"ayni saate",
    r"(?:seansi|seansin|randevusu|randevusun|gorusmesi)\w* (?:\S+ ){0,8}(?:al|cek)\w*",
    r"(?:seansi|seansin|randevusu|randevusun|gorusmesi)\w* (?:\S+ ){0,2}(?:pazartesiye|saliya|"
    r"carsambaya|persembeye|cumaya|cumartesiye|pazara|yarina|haftaya|ertesi)\b",
    r"(?:session|appointment|slot)(?: \S+){0,2} to\b",
    r"\d{1,2}(?:'?(?:den|dan|ten|tan)) \d{1,2}(?:'?(?:e|a|ye|ya))\b",
    r"bring (?:it|\S+) (?:forward|back) to",
    r"(?:same (?:time|slot)|ayni saat\w*) (?:the )?(?:following|next) week",
    r"(?:following|next) week(?:,)? same (?:time|slot)",
    r"(?:needs|need|has|have) to (?:go|move|be moved)",
    r"(?:hours?|minutes?|mins?|saat|dakika)\w* (?:earlier|later|ileri\w*|geri\w*|erken\w*|"
    r"sonra\w*|one|oneye|once\w*)",
    r"(?:earlier|later) by",
    r"\bat\b(?= *$)",
    r"move\w*",
    r"reschedul\w*",
    r"shift\w*",
    r"push\w*",
    r"postpone\w*",
    r"change (the )?(time|day|date)",
    r"(tasi|kaydir|ertele|degistir)\w*",
)
FIND = _any(
    r"luck\w*|freie\w* (?:termin|appointment|zeit|platz|slot)\w*|noch (?:was|etwas) frei",
    r"such\w* (?:\S+ ){0,4}frei\w*",
    r"find (?:me )?(?:half an hour|an hour and a half|a quarter of an hour|an hour)",
    r"where can i (?:fit|put|squeeze)",
    r"(?:have|got) (?:any )?time",
    r"yer (?:bul|ac|var)\w*",
    r"openings?",
    r"gaps?",
    r"find (?:me )?(?:\d+|an?|one|two|three) (?:hours?|minutes?|mins?|slot)",
    r"bos (?:var|yer|aralik|zaman)\w*",
    r"free",
    r"available",
    r"availability",
    r"open(ing|ings)? (slot|slots|time|hour)",
    r"slots?",
    r"find (me )?(a |an )?(time|slot|hour|gap)",
    r"any (time|gap|room)",
    r"bos\w*",
    r"musait\w*",
    r"uygun (saat|zaman|gun|yer)\w*",
    r"bosluk\w*",
)
SHOW = _any(
    r"(?:takvim\w*|program\w*) (?:\w+ )?ne var|ne var\b|kacta\b",
    r"what (?:have|'ve|ve) we got|who'?s booked|who is booked|who (?:do )?we (?:have|got)|"
    r"whos booked",
    r"zeig\w*|was (?:steht|haben wir|habe ich)|wer (?:kommt|ist)\b",
    r"takvim\w* (?:nasil|ne durumda|ne alemde)",
    r"hangi gun",
    r"ne zaman\w*",
    r"geliyordu",
    r"what time (?:is|does|will)",
    r"when (?:comes|does|will)",
    r"kim(?:ler)? var",
    r"who (?:have|ve|'ve) i got",
    r"who'?ve i got",
    r"whos (?:in|on|coming)",
    r"who (?:is|s) (?:in|on|coming)",
    r"when (is|does|are|s)",
    r"show\w*",
    r"list\w*",
    r"what('s| is| do i have)",
    r"who (is|do i have)",
    r"ne zaman",
    r"goster\w*",
    r"listele\w*",
    r"neler var",
    r"kimler var",
    r"program\w*",
    r"(next|upcoming) (session|appointment)",
    r"(siradaki|sonraki|bir sonraki) (seans|randevu)\w*",
    r"look like",
    r"nasil gorunuyor",
    r"kim(ler)? geliyor",
)
BOOK = _any(
    r"eintrag\w*|buchen|einbuch\w*|anlegen|neue[rn]? (?:klient\w*|termin\w*)",
    r"book\w*",
    r"schedule\w*",
    r"add",
    r"set up",
    r"put",
    r"make (an? )?(appointment|session)",
    r"new (session|appointment)",
    r"session",
    r"appointment",
    r"(randevu|seans)\w*",
    r"ekle\w*",
    r"ver",
    r"olustur\w*",
    r"yaz",
    r"planla\w*",
)
WEEKLY = _any(
    r"every (week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"weekly",
    r"each week",
    r"her (hafta|pazartesi|sali|carsamba|persembe|cuma|cumartesi|pazar)\w*",
    r"haftalik",
    r"haftada bir",
    r"wochentlich|jede woche|jeden (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag)",
)
BIWEEKLY = _any(
    r"every (other|second) (week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"biweekly|bi-weekly|fortnightly|every two weeks|every 2 weeks",
    r"(iki|2) haftada bir",
    r"iki haftalik",
    r"gunasiri hafta",
    r"alle (?:zwei|2) wochen|14-tagig|zweiwochentlich|vierzehntagig",
)
