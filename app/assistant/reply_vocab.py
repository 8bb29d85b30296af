"""What the reply rules look for, as patterns over `textprep`'s ASCII form.

Each table is a list of alternatives joined into one pattern; `reply_rules` weighs
what they find. Turkish forms are written without Turkish letters ("gelemeyecegim",
"iptal etmeyin") because the text they read has been folded to ASCII.
"""

from __future__ import annotations

import re

from app.assistant.clinical_vocab import (
    CLINICAL,
    OTHER_PERSON_SESSION,
    OWN_WORDS,
    THIRD_PARTY_REQUEST,
)
from app.assistant.opt_out_vocab import OPT_OUT, OPT_OUT_QUALIFIED, OPT_OUT_WHOLE
from app.assistant.patterns import any_of as _any
from app.assistant.reply_topics import ANY_TOPIC, QUESTION_TOPICS

__all__ = [
    "OPT_OUT",
    "OPT_OUT_QUALIFIED",
    "OPT_OUT_WHOLE",
    "CLINICAL",
    "OTHER_PERSON_SESSION",
    "OWN_WORDS",
    "THIRD_PARTY_REQUEST",
    "QUESTION_TOPICS",
    "ANY_TOPIC",
]  # read here by reply_rules


UNCERTAIN = _any(
    r"maybe",
    r"weiss (?:\w+ ){0,2}nicht(?! (?:wo|wie|wann|welche\w*|ob der|ob die))|vielleicht|eventuell|"
    r"evtl|mal (?:sehen|schauen)|(?:ich )?melde mich|gebe? (?:\w+ )?bescheid|unsicher",
    r"(?<!could i )(?<!can i )(?<!could we )(?<!can we )possibly",
    r"(?:do not|dont) know(?! (?:the|where|how|what|which|if the|whether the))",
    r"let me (?:think|check|see)",
    r"kararsiz\w*",
    r"emin olamiyorum",
    r"ikilemde\w*",
    r"torn\b",
    r"in two minds",
    r"think about it",
    r"yes\W+no",
    r"(will|ll|i will) (confirm|let you know|get back to you) (later|tomorrow|tonight|asap|soon)",
    r"perhaps",
    r"not sure",
    r"i am not sure",
    r"unsure",
    r"i (will|ll) (let you know|text you|get back|confirm later|see)",
    r"let you know",
    r"(text|call|message) you (later|back|tomorrow)",
    r"(might|may) (not )?(come|make it|be able)",
    r"(we will|we ll|will) see",
    r"depends",
    r"hopefully",
    r"i (do not|dont) know (yet|if)",
    r"(yes|ok|sure),? i (think|guess|suppose)",
    r"i (think|guess) so",
    r"or not",
    r"probably",
    r"belki\w*",
    r"herhalde",
    r"galiba",
    r"sanirim",
    r"gibi gorunuyor",
    r"muhtemelen",
    r"emin degil\w*",
    r"bilmiyorum",
    r"bakacag\w*",
    r"bakarim",
    r"haber verece\w*",
    r"haber veririm",
    r"sonra (yazarim|yazacagim|donerim|donecegim|haber\w*|ararim|arayacagim)",
    r"(duruma|isime|isi?lere) bagli",
    r"kesin degil",
    r"henuz (bilmiyorum|belli degil|emin degilim)",
    r"netlestir\w*",
)

CANCEL_NEGATED = _any(
    r"(do not|dont|no need to|not going to|will not|wont|never) (cancel|call off)",
    r"(not|no) (cancel|cancelling|canceling|cancellation)",
    r"(please )?(do not|dont) cancel",
    r"iptal (etmeyin\w*|etmeyiniz|etmeyelim|etmiyorum|etmiyoruz|etme(?! gerek| lazim)|"
    r"etmem(?! gerek| lazim| sart| icin)|etmeyecegim|"
    r"etmenize gerek yok|etmeye gerek yok|yok|olmasin)",
    r"iptale (gerek yok|gerek kalmadi)",
    r"iptal (degil|etmiyoruz|etmiyorum)",
    r"(iptali|iptalimi) iptal\w*",
    r"cancel (my|the) cancel\w*",
    r"if (i|we) (cancel|cancelled|canceled|had to cancel|miss|missed|skip|skipped)",
    r"(thought|worried|afraid) (that )?(i|we) (could not|cannot|would not|might not) "
    r"(make it|come)",
    r"iptal (etmek istemiyorum|istemiyorum)",
    r"(?:nicht|doch nicht|bitte nicht|nicht mehr) (?:absagen|stornieren|streichen)",
    r"iptal\w* vazgec\w*|vazgec\w* iptal\w*",  # "iptalden vazgeçtim": the cancel given up
)
CANCEL = _any(
    r"(?:muss|mochte|moechte|will|musste|muesste) (?:\w+ ){0,6}absagen|sage (?:\w+ ){0,4}ab\b|"
    r"absage\b",
    r"(?:kann|konnen|koennen) (?:\w+ ){0,3}nicht kommen|schaffe es (?:\w+ )?nicht",
    # German: "bitte absagen", "stornieren", "ich kann am Dienstag nicht", "fällt aus".
    r"absagen|abzusagen|stornier\w*|sagen (?:\w+ ){0,3}ab\b",
    r"(?:kann|konnen|koennen|schaff\w*) (?:es |ich |wir )?(?:\w+ ){0,3}nicht"
    r"(?= *[.,!;]| *$| kommen| teilnehmen| da sein| wahrnehmen| dabei)",
    r"komme (?:\w+ ){0,3}nicht(?! (?:zu spat|spater|puenktlich|punktlich))",
    r"(?:fallt|faellt) (?:\w+ ){0,3}aus\b|muss (?:\w+ ){0,3}ausfallen",
    r"klappt (?:es )?(?:\w+ )?nicht",
    r"give (?:it|this one|this week|tomorrow|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)(?: \w+)? a miss",
    r"(?:will not|wont|won't|not going to|cannot|cant|can't) be in (?:tomorrow|today|on|this|"
    r"for|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"gelmeyeyim|gelmesem|gelmeyelim|gelmeyeceg\w*",
    r"(?:is not|isnt|not) (?:great|good|ideal|possible|convenient|going to work)",
    r"cancel\w*",
    r"call (it )?off",
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|pazartesi|sali|carsamba|persembe|"
    r"cuma|cumartesi|pazar|yarin|bugun)\w* (?:olmaz|olmuyor|uymuyor|uygun degil|does not work|"
    r"doesnt work|is no good|is not good|no good)",
    r"(cannot|can not|could not|will not|wont|not able to|unable to|not going to|am not going to|"
    r"not gonna be able to|not going to be able to|will not be able to|wont be able to) "
    r"(make it|come|attend|be there|join|do (it|tomorrow|today|the session|the \d+ ?\w*|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|sat|sun|that|then)|"
    r"make (monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|the \d+ ?\w*|"
    r"the session|the appointment|my session|my appointment|it))",
    r"will not be (able to (come|make it|attend|be there)|coming|there|attending)",
    r"(not|never) (going to|gonna) be able to (come|make it|attend|be there)",
    r"(do not|dont) think (i|we) (can|will|could|ll) (make it|come|attend|be there)",
    r"(not|no longer) (coming|attending)",
    r"have to (miss|skip)",
    r"(skip|miss) (the |my |this |tomorrow'?s? |today'?s? )?(session|appointment)",
    r"skip (?:this|next|that) (?:week|one|time|session)",
    r"(?:haftayi|seansi|bu haftayi|bu seansi|bunu|randevuyu) atla\w*",
    r"iptal\w*",
    r"gelem\w+",  # gelemem, gelemiyorum, gelemeyecegim
    r"gelmeyece\w*",
    r"gelmiyorum",
    r"gelmeyiz",
    r"katilam\w+",
    r"katilmayaca\w*",
    r"(randevu\w*|seans\w*) (gerek yok|olmasin|kalsin)",
    r"vazgec\w*",
)
# Something else was cancelled (a train, a flight, a class): not the session.
NOT_OURS_CANCELLED = _any(
    r"(?:train|trains|bus|buses|coach|flight|flights|tube|ferry|metro|tram|class|lesson|"
    r"meeting|school|nursery|kita)s? (?:\w+ )?(?:was |is |got |has been |have been |were |"
    r"are |been )?(?:cancelled|canceled)",
    r"(?:tren|otobus|ucus|vapur|metro|sefer|marmaray|ders|okul)\w* (?:\w+ )?iptal "
    r"(?:oldu|olmus|edildi|edilmis)",
    r"(?:turkish|english|german|turkce|ingilizce|almanca|language)\w*(?: is)? not (?:good|great)",
)
CONFIRM = _any(
    r"will do|wilco",
    # German, for clinics in Germany: the plain answers only.
    r"ich komme(?! (?:nicht|spater|etwas spater|zu spat|heute nicht|morgen nicht))",
    r"(?:ja |jo |klar |ok |okay )komme\b(?! (?:nicht|spater|zu spat))|komme ich\b(?! nicht)|"
    r"(?:bin|sind) dabei",
    r"\bja\b,? (?:das )?(?:passt|geht|klappt)(?! nicht)",
    r"(?:passt|geht klar|klappt|in ordnung)(?: (?:gut|so|mir))?(?= *[.!,]|$| danke| bis)",
    r"(?:ich )?(?:bestatige|bestaetige)\w*",
    r"(?:ich )?bin (?:(?!nicht\b)\w+ ){0,3}da(?= *[.,!]| *$| bis| danke)",
    r"(?:jo|jap|jep|jupp|jawohl|klaro|gebongt|alles klar|wird gemacht)(?= *[.,!]| *$| bis| danke)",
    r"(?:wir )?sehen uns|bis (?:dann|bald|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|morgen)(?= *[.,!]| *$)",
    r"(?:still |def |defo |deffo |definitely |yes |i am |im |am )coming"
    r"(?! (?:back|up|from|late|down))",
    r"coming(?= *[.!]|$)",
    r"(?:shall|will|i will|can) attend",
    r"(?:want|wanna|would like|like|need) to (?:come|keep (?:it|the session|the appointment))",
    r"keep (?:the |my )?(?:session|appointment)",
    r"(?:i will|will|can) (?:def |definitely |deffo |defo |still )?(?:make it|be there|come)",
    r"(?:cannot|can not) wait",
    r"looking forward",
    r"teyit\w*",
    r"(?:gelmek|katilmak) istiyorum",
    r"sabirsizlan\w*|iple cekiyorum|dort gozle",
    r"yes",
    r"ok",
    r"okay",
    r"sure",
    r"of course",
    r"confirm\w*",
    r"absolutely",
    r"definitely",
    r"certainly",
    r"(sounds|looks|is|suits me|that is|thats) (good|great|fine|perfect|grand|lovely|ideal)",
    r"(that is|its|it is) (fine|good|great|perfect|ok)",
    r"perfect",
    r"great",
    r"fine",
    r"good",
    r"i (will|shall|ll) be there",
    r"will be there",
    r"(i am|im|i will be) (coming|there)",
    r"see you( there| then| tomorrow| soon| on \w+)?",
    r"on my way",
    r"(i|we) (will|shall|can|do) (come|attend|make it|be coming)",
    r"(i|we) am coming",
    r"yoldayi\w*",
    r"yola ciktim",
    r"geliyoruz",
    r"count me in",
    r"(i can|can) (make it|come)",
    r"noted",
    r"got it",
    r"evet",
    r"tamam\w*",
    r"olur(?! m[iu]\b)",
    r"peki",
    r"tabii?( ki)?",
    r"kesinlikle",
    r"elbette",
    r"onay\w*",
    r"geliyor\w*",
    r"gelece\w*",
    r"gelirim",
    r"geliriz",
    r"gelmis olacag\w*",
    r"katilaca\w*",
    r"katiliyor\w*",
    r"(orada|oradayim|orda) ?(olacag\w*|olurum)?",
    r"gorusuruz",
    r"gorusmek uzere",
    r"uygun\w*",
    r"sorun yok",
    r"super",
    r"harika",
    r"anlasildi",
    r"eyvallah",
    r"aynen",
)
CONFIRM_STRONG = _any(
    r"confirm(?:ed|ing)?", r"onay(?:liyorum|larim|lariz|ladim|liyoruz)?", r"teyit\w*"
)
# A reply that opens with a yes ("Yes! Also ... not sure how I feel"): the doubt is elsewhere.
LEADING_YES = re.compile(
    r"^\s*(?:yes|yep|yeah|evet|ok|tamam|onay\w*|confirm\w*|teyit\w*)\b"
    r"(?!\W+(?:no|hayir|maybe|belki|or)\b)"
)
BARE_NO = re.compile(r"^\s*(?:no|nope|hayir|yok|olmaz|no thanks|hayir tesekkurler)\s*[.!]*\s*$")
DAYPART = _any(
    r"hafta ?ici",
    r"hafta ?sonu",
    r"weekday\w*",
    r"weekend",
    r"aksam\w*",
    r"sabah\w*",
    r"ogleden sonra",
    r"evening",
    r"morning",
    r"afternoon",
    r"later in the week",
    r"next week",
    r"haftaya",
    r"gelecek hafta",
)
# Ends a reply that is only thanks: acknowledged, nothing asked.
THANKS_ONLY = re.compile(
    r"^(ok |thanks |thank you |tesekkurler |tesekkur ederim |sagolun |cok |very |much |so |"
    r"a lot |lot |ederim |ederiz |[!.,?] ?)+$"
)
RESCHEDULE = _any(
    r"verschieb\w*|verleg\w*|umbuch\w*|(?:einen )?(?:anderen|neuen) (?:termin|appointment)\w*",
    r"(?:need|have|want|needs) to (?:move|change|reschedule|shift|swap)",
    r"anything (?:earlier|later|else|sooner|in the (?:morning|afternoon|evening))",
    r"(?:gec|erken) basla(?!d)\w*",  # "geç başladınız" tells of the past, asks for nothing
    r"reschedul\w*",
    r"works better",
    r"(better|easier) for me",
    r"re ?-? ?book\w*",
    r"(move|moving|shift|change|changing|push) [\w']+ (to|back|forward|session|appointment)",
    r"(move|moving|shift|change|changing|push) (it|the (?:time|day|date|session|appointment)|"
    r"my (?:session|appointment|booking)|our|this|that|\w+ "
    r"(session|appointment)|"
    r"back|forward|up)",
    r"bring (it|the session|the appointment|my session|my appointment) (forward|earlier|back)",
    r"postpone\w*",
    r"(another|different|other|later|earlier|new) (time|day|date|slot|hour)",
    r"any (time|slot|availability|openings?)",
    r"ertele\w*",
    r"kaydir\w*",
    r"(saat\w*|gun\w*|tarih\w*|randevu\w*|seans\w*|zaman\w*) (degistir|degissin|degisebilir)\w*",
    r"(baska|farkli|diger|yeni) (bir )?(gun\w*|saat\w*|zaman\w*|tarih\w*)",
)
# "I'll ring to rebook", "be in touch to rebook": a cancellation for now.
REBOOK_LATER = _any(
    r"(?:i will|will|i ll|shall|ill) (?:re ?-? ?book|book (?:again|another))",
    r"book (?:again|in again|another|a new one)",
    r"(?:sonra|tekrar|yeniden) (?:randevu|seans) (?:alirim|alacagim|ayarlariz|ayarlarim|isterim)",
    r"(ring|call|phone|text|be in touch|get in touch|contact you|let you know|write)(?: \w+){0,3} "
    r"(to )?re ?-? ?book\w*",
    r"re ?-? ?book (later|another time|when|once|soon|at some point)",
    r"(sonra|daha sonra|ileride) (yeni )?(randevu|seans) (alirim|alacagim|ayarlariz|ayarlarim)",
)
# Count as a move only when a time is proposed: "olur mu?" alone asks anything.
RESCHEDULE_WEAK = _any(
    r"statt (?:am|um|dem|des)|lieber (?:am|um)",
    r"(?:konnen|konnten|koennen|koennten|konnte|koennte) (?:wir|ich|man)\b",
    r"ginge\b|ware (?:auch |denn )?(?:\w+ )?(?:moglich|ok|okay)|"
    r"wann (?:hatten|haben|hatte) sie (?:\w+ ){0,2}(?:frei|zeit)|(?:noch )?(?:was|etwas) frei",
    r"geht (?:auch |es |es auch )?(?:am )?(?:montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonntag|morgen|heute|um \d|\d)",
    r"daha (?:uygun|iyi olur|rahat)\w*",
    r"(?:olursa|olsa|olabilirse|uyarsa|uygunsa|mumkunse|if possible|would be great|"
    r"would be better|works better)",
    r"(is it|would it be|is) possible to (do|come|have|make it)",
    r"(bosluk|bos yer|bos saat|musaitlik|musait yer|yer) (var mi|varsa|olur mu)",
    r"any (chance|availability|space|room|slots?|gaps?) (on|for|of|at|in|later|earlier)",
    r"(can|could) (we|i) (do|make it|come|switch|meet|have it)",
    r"(instead|rather)",
    r"(is|would) \w+ (possible|ok|okay|fine|available|free|work)",
    r"(possible|available|free|work|works) (on|at|for|instead)",
    r"does \w+ work",
    r"degistir\w*",
    r"(alabilir|alsak|alalim|alir|aliriz|alsaniz|alinabilir|cekebilir|cekelim|cekilebilir)\w*",
    r"(olur|olabilir|uygun) (mu|mi|musunuz|mudur|olur mu)\w*",
    r"(musait|bos) (mi|misiniz|musunuz|saat|gun|yer|zaman)\w*",
    r"yerine",
)
# "Sorry for the late reply": late with the answer, not for the session.
LATE_REPLY = _any(
    r"(?:late|slow|delayed) (?:reply|response|answer|message|text)",
    r"(?:replying|answering|getting back|writing) (?:\w+ )?(?:so )?late",
    r"(?:gec|gecikmeli) (?:cevap|donus|donuyorum|yaziyorum|yazdim|gordum)\w*",
    r"spate (?:antwort|ruckmeldung)|(?:antworte|melde mich) (?:so )?spat",
)
LATE_NEGATED = _any(
    r"if (?:i am|im|i m|we are) (?:\w+ )?late",
    r"(will not|wont|not|never|do not|dont) (be |going to be |run )?late",
    r"gec (kalmayacag\w*|kalmam|kalmayiz|kalmiycam|kalmicam)",
    r"gecikmeyece\w*",
    r"gecikmem",
)
LATE = _any(
    r"gec gel\w*",
    # German: "bin 10 Min später da", "komme etwas später", "verspäte mich".
    r"(?:spater|zu spat) (?:da|dran|kommen|eintreffen|sein)\b",
    r"komme (?:\S+ ){0,4}(?:spater|zu spat)\b(?! (?:anfangen|beginnen|machen|starten))",
    r"(?:mins?|minutes?|minuten|viertelstunde) spater\b(?! (?:anfangen|beginnen|machen|starten))",
    r"verspat\w*|verspaet\w*",
    r"gec kalirsam|gecikirsem",
    r"running \d+ (?:mins? |minutes )?(?:late|behind)",
    r"\beta\b",
    r"(running|run|am|bit|few minutes|minutes) behind",
    r"behind schedule",
    r"(running|run|be|am|will be|might be|bit|little|few minutes|minutes|min|slightly|bit) late",
    r"late",
    r"delayed",
    r"stuck in traffic",
    r"no idea (?:when|what time) (?:i will|ill|i ll|i can|we will) (?:get|be|make it) "
    r"(?:there|in)",
    r"traffic",
    r"(missed|miss) (the|my) (bus|train|ferry|metro)",
    r"gec (kal\w*|gelece\w*|gelirim|geliyorum|olacak|kaliyorum)",
    r"gecik\w*",
    r"rotar\w*",
    r"trafik\w*",
    r"yetisemiyor\w*",
    r"(biraz|birkac dakika|\d+ dakika) (gec|sonra gelece\w*)",
    r"verspat\w*|zu spat|(?:\d+|ein paar|paar) minuten (?:spater|zu spat)|stau\w*",
    r"(?:komme|bin|sind) (?:etwas |ein bisschen |ein paar minuten |ca \. \d+ minuten |"
    r"\d+ minuten )?(?:spater|zu spat)",
)
QUESTION_MARK = re.compile(
    r"\?|\b(mi|mu|mı|mü|misiniz|musunuz|miyiz|muyuz|miyim|muyum|misin|musun|mudur|midir|"
    r"mısınız|müsünüz|mıyız|müyüz|mıyım|müyüm)\b"
)
# A short reply that only acknowledges: "k", "👍", "ok ok".
WORD = re.compile(r"[a-z0-9']+")
MAX_ACTION_WORDS = 40  # longer than this, a person reads it whatever it says
