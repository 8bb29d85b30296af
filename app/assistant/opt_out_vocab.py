"""Opt-outs as clients write them, as patterns over `textprep`'s ASCII form: the whole
reply ("STOP", "dur", "abmelden"), a stop of every message in words, what qualifies
one so that nothing is switched off (another person's phone, a new number, some hours or
days only, this one reminder only), and a wish about the reminders that is no opt-out.
"""

from __future__ import annotations

from functools import lru_cache

from app.assistant.patterns import any_of as _any

OPT_OUT_WHOLE = frozenset(
    (
        "stop, stopall, stop all, stop sms, sms stop, stop messages, stop texting, "
        "stop texting me, stop messaging me, unsubscribe, opt out, optout, quit, "
        "no more sms, no more texts, no more messages, "
        "dur, durdur, sms dur, sms durdur, ret, sms ret, ret sms, iptal sms, sms iptal, "
        "sms istemiyorum, sms istemiyoruz, mesaj istemiyorum, sms gonderme, "
        "sms gondermeyin, mesaj gondermeyin, mesaj atmayin, abonelik iptal, abonelikten cik, "
        "listeden cik, listeden cikar, beni listeden cikarin, beni listeden cikar"
    ).split(", ")
)
OPT_OUT = _any(
    r"(?:stop|cancel|end|remove|delete|turn off|switch off|disable|block|unsubscribe|opt out|"
    r"take me off|take my number off|no more|do not want|dont want|would like to opt out|"
    r"no longer (?:wish|want|need)|(?:do not|dont) (?:wish|need)|"
    r"want to opt out|do not send|dont send|do not text|dont text|quit)"
    r"(?: \w+){0,5} (?:(?:text|sms|whatsapp) )?(?:messages|texts|sms|reminders|reminder service|"
    r"notifications|alerts|mailing list|list|texting|messaging)(?! (?:for|about) "
    r"(?:tomorrow|this|the session|today|that))",
    r"(?:remove|delete|take) (?:me|my number|my details|my phone number)(?: \w+){0,3} "
    r"(?:off|from) (?:your|the|this)? ?(?:list|system|database|records|service|reminders)",
    r"(?:remove|delete) my (?:number|phone number|details)(?! from (?:the )?(?:form|booking))",
    r"take me off (?:the |your )?(?:\w+ )?(?:list|service|system|reminders)",
    r"opt (?:me )?out",
    r"(?:cease|discontinue|halt|end) (?:all |any )?(?:sms|text|whatsapp|email)? ?"
    r"(?:communication|contact|messages|messaging|texts)",
    r"(?:hatirlatma|sms|mesaj|bildirim)\w* (?:servis|hizmet|liste|sistem)\w* (?:cik|ayril)\w*",
    r"(?:sms|mesaj|whatsapp)\w*(?: \w+){0,3} (?:yazmayin|atmayin|gondermeyin|yazmayiniz)",
    r"(?:mesaj|sms|hatirlatma|bildirim|whatsapp)\w*(?: \w+){0,3} (?:istemiyorum|almak "
    r"istemiyorum|gondermeyin|atmayin|kapatin|kapatmak istiyorum|kapatir misiniz|durdurun|"
    r"kapatabilir misiniz|durdurabilir misiniz|kesebilir misiniz|"
    r"durdurur musunuz|kesin|kesilsin|gelmesin|almayayim)",
    r"(?:numara\w*|beni|bilgilerimi)(?: \w+){0,2} (?:listeden|listenizden|sistemden|"
    r"sisteminizden|listeden)\w* (?:cikar|sil)\w*",
    r"(?:listeden|listenizden|sistemden|sisteminizden)\w* (?:cikar|sil)\w*",
    r"(do not|please) (text|message|sms) me any ?more",
    r"(?:do not|dont|never) (?:text|message|sms|whatsapp) me\b(?! back| again about| about)",
    r"keine (?:sms|nachrichten|erinnerungen|erinnerung|textnachrichten) mehr",
    r"(?:sms|nachrichten|erinnerungen)\w* (?:abbestellen|abmelden|stoppen)",
    r"stop (texting|messaging|sending (me )?(texts|messages|sms))( me)?",
    r"stop sending (?:these|them|those|this|me these|me this|me them)\b(?! (?:to|for|at|on) )",
    r"unsubscribe( me)?",
    r"opt me out",
    r"remove me from (your|the) (list|messages|sms)",
    r"(bana )?(artik )?(sms|mesaj) (gondermeyin|atmayin|gondermeyi birakin|istemiyorum)",
    r"(sms|mesaj) (listesinden|listenizden) (cikar\w*|cik\w*)",
    r"stop (the |all |your |these )?(reminders|texts|messages|sms)",
    r"(no|do not send|dont send) (more )?(reminders|reminder texts)",
    r"(hatirlatma|hatirlatici)\w* (mesaj\w* |sms\w* )?(istemiyorum|gondermeyin|atmayin|"
    r"almak istemiyorum)",
)

# An opt-out that is not the client's own "stop everything": another person's phone, a
# new number, or only some times or places. A person reads those; nothing is switched off.
OPT_OUT_QUALIFIED = _any(
    r"(?:my|our|his|her|their) (?:son|daughter|husband|wife|partner|mum|mom|mother|dad|"
    r"father|kid|kids|child|children|boss|sister|brother|carer|parent|parents)(?:'s|s)? "
    r"(?:\w+ )?(?:phone|number|mobile|cell)",
    r"(?:his|her|their|own|new|other|another|different|work|home|office|landline) "
    r"(?:phone|number|mobile|cell|email)",
    r"(?:this|that|the new) number instead|instead of (?:this|that|my)",
    r"(?:at|from|during) work|(?:work|working|office|school) hours|while (?:i am|i'm|im) ",
    r"during (?:the )?(?:day|week|daytime)|in the (?:morning|evening|afternoon)|at night|"
    r"(?:on|at) (?:the )?weekends?|(?:before|after|until|till) \d",
    r"(?:esim|kocam|karim|oglum|kizim|annem|babam|cocugum|patronum|ablam|abim|kardesim)\w*",
    r"(?:baska|yeni|diger|is|ev) (?:numara|telefon|hat)\w*|bundan sonra bu numaraya",
    r"(?:is|ofis|mesai|toplanti|okul|ders|calisirken|isteyken)\w* ?(?:yerinde\w*|saat\w*|"
    r"sirasinda|esnasinda|iken)",
    r"\b(?:isteyken|calisirken|mesaideyken|derste|toplantida)\b",
    r"(?:sabah|aksam|gece|hafta ?sonu|hafta ici|gun ?ici|mesai)\w*",
    r"saat \d+\S* (?:once|sonra|den sonra|dan sonra|ten sonra|tan sonra)",
    r"yerine",
    # one reminder of several: "stop the 7am reminders, later ones are fine"
    r"(?:the )?\d{1,2} ?(?:am|pm)? (?:reminders?|texts?|messages?)\b|"
    r"(?:later|earlier|other|evening|morning|afternoon|day ?before) ones?\b|"
    r"(?:early|morning|evening|late|night|day ?before|same ?day) (?:reminders?|texts?|messages?)\b",
    # only this one, the others kept: "sadece bu hatırlatmayı durdurun", "just this one"
    r"(?:sadece|yalnizca|yalniz|bir tek) (?:bu|su|o|bugunku|yarinki|sabahki|aksamki)\w*",
    r"(?:diger|oburleri|digerleri|kalan)\w* (?:\w+ ){0,2}(?:devam|gelsin|gelmeye|kalsin|atin)\w*",
    r"(?:just|only) (?:this|that|the|today'?s|tomorrow'?s) (?:one|reminder|text|message)|"
    r"(?:the )?(?:others?|rest) (?:are|is) (?:fine|ok|okay)|keep (?:the )?others",
    r"(?:am|an|jedes|jeden|zum) wochenende|unter der woche|(?:nur|bloss) (?:diese|die|den|das)\b|"
    r"(?:morgens|abends|nachts|fruh|tagsuber|wahrend der arbeit|bei der arbeit)\b|"
    r"(?:andere|neue) (?:nummer|handynummer)|(?:die )?anderen (?:sind )?(?:ok|okay|gut|in ordnung)",
)


# "Please don't stop the reminders": the words of an opt-out, negated.
OPT_OUT_NEGATED = _any(
    r"(?:do not|dont|never|no need to) (?:stop|cancel|turn off|switch off|end|remove) "
    r"(?:\w+ ){0,2}(?:reminders?|texts?|messages?|sms)",
    r"(?:hatirlatma|mesaj|sms)\w* (?:\w+ ){0,2}(?:durdurmayin|kesmeyin|kapatmayin|"
    r"kaldirmayin|iptal etmeyin)\w*",
    r"(?:erinnerung|sms|nachricht)\w* (?:\w+ ){0,2}(?:bitte )?nicht (?:abstellen|abbestellen|"
    r"stoppen|einstellen|abschalten)",
)


# A wish about the reminders themselves that is not a plain opt-out ("just stop this one
# reminder", "sabahki mesajı atmayın"): settings a person changes. An opt-out the grammar
# reads is decided before this (`reply_rules`).
_REMINDER_SETTINGS_WORDS = (
    r"(?:stop|skip|pause|turn off|switch off|mute|no more|don'?t send|do not send|dont send|"
    r"no need (?:for|to send)) (?:\w+ ){0,3}(?:reminders?|texts?|messages?|sms|notifications?)",
    r"(?:hatirlatma|mesaj|sms|bildirim)\w* (?:\w+ ){0,2}(?:durdur|atmayin|atmasaniz|"
    r"gondermeyin|gondermeseniz|kapat|istemiyorum|gerek yok)\w*",
    r"(?:keine|weniger) (?:\w+ )?(?:erinnerung|sms|nachricht)\w*",
)
REMINDER_SETTINGS = _any(*_REMINDER_SETTINGS_WORDS)


# Of those, a change to which reminders are sent ("stop sending me the morning one, the
# other one is fine"), which a person makes even when the reply also confirms; a waiver of
# the next one ("no need to text me again, I'll be there") is not one.
REMINDER_CHANGE = _any(
    r"(?:stop|skip|pause|turn off|switch off|mute) (?:sending )?(?:me )?(?:the |your )?"
    r"(?:\w+ ){0,2}(?:one|ones|reminders?|texts?|messages?)\b(?:.{0,40}\b(?:only|just)\b)"
    r"|(?:only|just) (?:the )?\w+ (?:one|reminder|text|message)",
)


@lru_cache(maxsize=32)
def about_reminders(plain: str) -> bool:
    """Does the reply ask for something about the reminders themselves?"""
    return REMINDER_SETTINGS.search(plain) is not None


def changes_reminders(plain: str) -> bool:
    """Does it change which reminders are sent, not only waive the next one?"""
    return REMINDER_CHANGE.search(plain) is not None and not OPT_OUT_NEGATED.search(plain)
