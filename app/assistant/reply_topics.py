"""The logistics questions a reply may be answered about (the allowlist's topics), as
patterns over `textprep`'s ASCII form: address, parking, online link, fee, duration, who is
writing, and the session's own day and time."""

from __future__ import annotations

import re

from app.assistant.patterns import any_of as _any
from app.assistant.replies import Topic

_TOPIC_WORDS: tuple[tuple[Topic, tuple[str, ...]], ...] = (
    (
        Topic.PARKING,
        (
            r"park\w*",
            r"otopark\w*",
            r"arac\w* (nereye|birak\w*)",
            r"where (can|do) i (leave|put) (the|my) car",
        ),
    ),
    (
        Topic.ONLINE_LINK,
        (
            r"(zoom|meet|teams|skype|video|online|link|baglanti\w*|linki\w*|linkini)",
            r"cevrim ?ici",
            r"(how|where) (do|can|will) i (join|connect|log ?in)",
        ),
    ),
    (
        Topic.FEE,
        (
            r"how much",
            r"(?:pounds|euro|euros|lira|tl|dollars) ?\d+|\d+ ?(?:pounds|quid|euro|euros|lira|tl|"
            r"dollars)",
            r"(?:still|is it|it is|its) \d+ (?:a|per|for the|for a) (?:session|hour|visit|seans)",
            r"(fee|fees|price|prices|cost|costs|charge|pay|payment|paying|invoice|receipt|"
            r"superbill)",
            r"(?:kostet|kosten|preis|honorar|rechnung|quittung|bezahl\w*|zahl\w*)",
            r"(ucret\w*|fiyat\w*|odeme\w*|ode\w*|kac para|ne kadar tutuyor|ne kadar "
            r"odeyece\w*|fatura\w*|"
            r"iban|havale\w*|kredi karti\w*|nakit)",
        ),
    ),
    (
        Topic.DURATION,
        (
            r"how long",
            r"(ne kadar|kac dakika|kac saat) (surecek|suruyor|surer|olacak)",
            r"sure(si)? (ne kadar|kac)",
            r"(seans|randevu)\w* (ne kadar|kac dakika)",
            r"duration",
            r"wie lange (?:dauert|geht|ist)\w*",
        ),
    ),
    (
        Topic.WHO,
        (
            r"who (is|are) (this|you|writing|texting)",
            r"who'?s (this|that|texting|messaging|writing)",
            r"(?:kim yaziyor|hangi (?:klinik|psikolog|terapist|doktor|merkez)\w*|"
            r"which (?:clinic|therapist|practice|centre|center))",
            r"who (is )?(texting|messaging|writing)",
            r"kim(siniz|sin|dir)",
            r"(bu|kim) (numara|mesaj)\w* (kim\w*)?",
            r"kimden",
            r"(are you|is this) (a )?(bot|robot|human|person|real)",
            r"(bot|robot|insan) (mu|mi|misiniz|musunuz)",
        ),
    ),
    (
        Topic.ADDRESS,
        (
            r"where (is|are|s) (the |your )?(clinic|office|practice|place|you|it)",
            r"where (is it|do i go|should i go|are you located|exactly)",
            r"(address|location|directions|how (do|can) i get there|how to get there|"
            r"which floor|floor)",
            r"(postcode|post code|zip code|entrance|"
            r"nearest (station|tube|u-bahn|s-bahn|bus stop|metro))",
            r"(metro|metrobus|otobus|durak|istasyon|tube|station|bus stop|u-bahn|s-bahn)\w* "
            r"(\w+ )?(yakin|close|near|nearby|uzak|far)\w*",
            r"(yakin|close to|near|nearby|uzak|far from) (\w+ )?(metro|metrobus|otobus|durak|"
            r"istasyon|tube|station|bus stop|u-bahn|s-bahn)\w*",
            r"(ofis\w* (mi|mu)|hangi (sube|ofis|bina|giris)\w*|"
            r"which (office|branch|site|building))",
            r"wo (?:ist|finde ich|genau ist|liegt) (?:die |ihre |eure )?(?:praxis|adresse)\w*|"
            r"adresse",
            r"(adres\w*|konum\w*|nerede\w*|nerde\w*|neresi\w*|nasil gelir\w*|nasil gelece\w*|"
            r"hangi kat\w*|kacinci kat\w*|yol tarifi\w*|nereye gel\w*|klinik nere\w*)",
            # Getting in: the door code, the buzzer, the room.
            r"(?:door ?code|entry code|buzzer|intercom|which room|room number|"
            r"kapi kod\w*|kapi sifre\w*|zil\w*|hangi oda\w*|oda (?:numara\w*|\d+)|"
            r"turcode|klingel\w*|welche\w* (?:raum|zimmer|stock|etage)|raum ?\d*|zimmer ?\d*)",
        ),
    ),
    (
        Topic.WHEN,
        (
            r"what time (is|was|s) (it|my|the|our)",
            r"when (is|s) (it|my|the|our)",
            r"(saat|gun) (kac|kacta|ne zaman)\w*",
            r"(ne zaman|kacta|saat kacta|hangi gun)\w*",
            r"(randevu\w*|seans\w*) (ne zaman|hangi gun|saat kac\w*)",
            r"which day",
            r"(is|are) (it|we|tomorrow|today|the session|the appointment|my appointment|"
            r"my session|our session)( \w+)? still (on|happening|booked|confirmed)",
            r"still on( for)?",
            r"(gorusuyor|gorusecek|bulusuyor) (muyuz|miyiz)",
            r"(randevu\w*|seans\w*) (var mi|duruyor mu|gecerli mi|hala)",
        ),
    ),
)

QUESTION_TOPICS: tuple[tuple[Topic, re.Pattern[str]], ...] = tuple(
    (topic, _any(*words)) for topic, words in _TOPIC_WORDS
)
# Every topic's words in one pattern: most replies ask nothing, and one pass says so.
ANY_TOPIC = _any(*(word for _topic, words in _TOPIC_WORDS for word in words))
