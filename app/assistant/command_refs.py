"""The client a staff command names, as written: "E.K.'nin" → "E.K.", "EK nin" → "EK",
"Elif Kaya'nın" → "Elif Kaya", "Zeynep Aksoyun seansı" → "Zeynep Aksoy", "Lena M.",
"O. Brown", "Mehmet Bey'in" → "Mehmet Bey", "sophie w's" → "sophie w".

Pure: a service resolves the reference against the clinic's clients. Turkish case endings
written without an apostrophe are taken off only where the grammar needs one (a
possessive before "seans"/"randevu", a dative before a length or a time) and only from a
stem that still looks like a name, because many surnames end the way suffixes do.
"""

from __future__ import annotations

import re
from datetime import date

from app.assistant import closed_world, when
from app.assistant.textprep import fold, guess_language, prepare

_UP = "A-ZÇĞİÖŞÜ"
_LOW = "a-zçğıöşüâîû"
_SUFFIX = rf"(?:['’][{_LOW}]+)"
_INITIALS = re.compile(rf"(?<![\w.])((?:[{_UP}]\.\s?){{2,3}}|[{_UP}]\.[{_UP}]\b){_SUFFIX}?")
_TITLED = re.compile(
    rf"(?<![\w'])(?<!with )(?<!With )"
    rf"((?:Dr|Mr|Mrs|Ms|Miss|Prof|Frau|Herr|dr|mr|mrs|ms|prof)\.?\s+[{_UP}{_LOW}][{_LOW}]+)"
)
# "EK", "MK'nin", "EK nin": two or three capitals standing alone.
_BARE_INITIALS = re.compile(
    rf"(?<![\w.'])([{_UP}]{{2,3}})"
    rf"(?:{_SUFFIX}|(?= (?:n?[iıuü]n|[yn]?[ie]|[yn]?[aeıiuü])\b)|(?![\w.]))"
)
_NOT_INITIALS = frozenset(
    "AM PM OK SMS TV GP NHS CBT EMDR DBT ACT USA UK TR ID CV PDF SOS HR IT AI DM VIP".split()
)
_NAME_WORD = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_HONORIFIC = r"(?:[Hh]an[ıi]m|[Bb]ey|[Hh]oca|[Aa]bla|[Aa]bi)"
_NAME = re.compile(
    rf"(?<![\w'])({_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}|{_NAME_WORD}\s+[{_UP}]\.|"
    rf"[{_UP}]\.\s?{_NAME_WORD}|{_NAME_WORD}\s+{_HONORIFIC}|{_NAME_WORD}\s+[{_UP}](?=['’]s\b))"
    rf"({_SUFFIX}|[{_LOW}]*)"
)
_LOWER_HONORIFIC = re.compile(rf"\b([{_LOW}]+\s+(?:hanim|hanım|bey))([{_LOW}]*)\b")
_ANCHORED_NAME = re.compile(
    rf"(?:\bfor|\bwith|\bclient)\s+([{_LOW}]+(?:\s+[{_LOW}]+)?)"
    rf"|([{_LOW}]+(?:\s+[{_LOW}]+)?)\s+(?:için|icin)\b",
    re.IGNORECASE,
)
_LOWER_POSSESSIVE = re.compile(
    r"\b([a-z]+(?: [a-z])?)'s (?:next |last |\w+day |\w+ )?(?:session|appointment)"
)
_NOT_NAMES = frozenset(
    (
        "hour hours minute minutes min mins dk week weeks hafta morning afternoon evening "
        "schedule book move reschedule cancel find show every next this find me free session "
        "sessions appointment for with at on the a an to and please client is when who what "
        "monday tuesday wednesday thursday friday saturday sunday january february march april "
        "may june july august september october november december today tomorrow mar "
        "pazartesi salı çarşamba perşembe cuma cumartesi pazar ocak şubat mart nisan mayıs "
        "haziran temmuz ağustos eylül ekim kasım aralık bugün yarın gelecek önümüzdeki haftaya "
        "her seans randevu iptal için saat dakika dakikalık öğleden sonra sabah akşam boş "
        "müsait suggest write delete diagnosis notes note treatment plan tüm bütün lütfen yeni "
        "pm am noon öğlen ne zaman var mı mi where which how could put add sat sun move dr "
        "push book cancel find any yarınki bugünkü sayın sayin danışanım danisanim uhr from "
        "double single in to by fortnightly weekly biweekly monthly daily shift bring "
        "mondays tuesdays wednesdays thursdays fridays saturdays sundays starting also "
        # German: a polite request capitalises "Sie", and every noun.
        "können konnen könnten konnten sie bitte termin termine sitzung den dem der die das "
        "am um auf von für fur morgen heute übermorgen ihr ihre mein meine wir ich uns "
        "nächsten nachsten nächste nachste eine einen ein stunde stunden minuten frei freie "
        "suche gibt montag dienstag mittwoch donnerstag freitag samstag sonntag januar "
        "februar märz juni juli oktober dezember neuer neuen erster ersten"
    ).split()
)
# German genitive before a session word: "Jonas Beckers Termin", "Sophies Donnerstagstermin".
_GERMAN_GENITIVE = re.compile(
    rf"(?<![\w'])({_NAME_WORD}(?:\s+{_NAME_WORD})?)s\s+(?:[{_UP}][{_LOW}]*)?[Tt]ermin\w*"
)
_VERB = re.compile(r"^\s*(?:book|schedule|cancel|move|reschedule|put)\s+(.+)$", re.IGNORECASE)
# Case endings written without an apostrophe, by what follows them.
_GENITIVE = re.compile(r"(?:n[ıiuü]n|[ıiuü]n)$")
_DATIVE = re.compile(r"(?:[ae]|y[ae])$")
_NAME_END = set("nrlzştkmdsgvpbcçf")


def _clean(word: str) -> str:
    return fold(word).strip(".,;:")


_SESSION_LATER = re.compile(r"\b(?:seans|randevu|görüşme|gorusme)", re.IGNORECASE)
_WHEN_NEXT = re.compile(
    r"\s*(?:\d|saat|yarın|yarin|bugün|bugun|haftaya|gelecek|önümüzdeki|onumuzdeki|"
    r"pazartesi|salı|sali|çarşamba|carsamba|perşembe|persembe|cuma|cumartesi|pazar|bir|iki|"
    r"seans)",
    re.IGNORECASE,
)
# Words that take a name as it is ("Aksu için", "Şahin ile"): no ending to take off.
_BARE_NEXT = re.compile(r"\s*(?:için|icin|ile|ve|[,;:(])", re.IGNORECASE)
# A verb that takes its object in the accusative ("Zeynep Aksoyu ... yaz").
_ACCUSATIVE_VERB = re.compile(
    r"\b(?:yaz|al|koy|taşı|tasi|ekle|kaydet|sil|ayarla|at|kaydır|kaydir|çek|cek)\w*\s*[.!]*\s*$"
    r"|\biptal\b",
    re.IGNORECASE,
)
_VOWELS = set("aeıioöuüâ")
MIN_STEM = 3


def _drop_ending(word: str, following: str, turkish: bool) -> str:
    """ "Aksoyun seansı" → "Aksoy", "Aydına 1 saat" → "Aydın", "Aksoyu salı 11'e yaz" →
    "Aksoy"; "Kaya", "Çetin" stay. When unsure it takes the ending off: the clients are
    found by the beginnings of their names, so "Demirc" still finds Demirci, while
    "Aksoyu" would find nobody."""
    if "'" in word or "’" in word:
        return re.sub(r"['’].*$", "", word)
    if not turkish:
        return word
    lower = word.lower()

    def without(ending: int) -> str:
        return word[:-ending] if len(word) - ending >= MIN_STEM else word

    if _BARE_NEXT.match(following):
        return word
    if _SESSION_LATER.search(following[:60]):  # a possessive: "Aksoyun ... seansı"
        if re.search(r"n[ıiuü]n$", lower) and len(lower) > 3 and lower[-4] in _VOWELS:
            # "Kayanın" (Kaya) but "Aydının" (Aydın): the same vowel twice is a stem's n.
            return without(2) if lower[-4] == lower[-2] else without(3)
        if re.search(r"[ıiuü]n$", lower) and lower[-3] not in _VOWELS:
            return without(2)  # "Aksoyun"
    if _WHEN_NEXT.match(following) or _ACCUSATIVE_VERB.search(following):
        if re.search(r"y[aeıiuü]$", lower) and len(lower) > 2 and lower[-3] in _VOWELS:
            # "Aksoyu", "Ulusoya": a surname's own y; "Karaya", "Demirciye": a buffer y.
            return without(1) if lower[-3] in "ou" else without(2)
        if re.search(r"[aeıiuü]$", lower) and lower[-2] in _NAME_END:
            return without(1)  # "Aydına", "Öztürkü"
    return word


def client_ref(text: str) -> str | None:
    """The client as written, case endings off; None if the command names nobody."""
    m = _INITIALS.search(text)
    if m:
        return re.sub(r"\s+", "", m.group(1))
    m = _TITLED.search(text)
    if m and _clean(m.group(1).split()[-1]) not in _NOT_NAMES:
        return m.group(1)
    m = _GERMAN_GENITIVE.search(text)
    if m and _clean(m.group(1).split()[0]) not in _NOT_NAMES:
        return m.group(1)
    for m in _NAME.finditer(text):
        words = [
            w
            for w in m.group(1).split()
            if w.endswith(".")
            or (_clean(w) not in _NOT_NAMES and _clean(w) not in when.NUMBER_WORDS)
            or re.match(_HONORIFIC, w)
        ]
        if len(words) < 2 and not (words and words[0].endswith(".")):
            continue
        tail = m.group(2)
        if not tail.startswith(("'", "’")):
            words[-1] = _drop_ending(words[-1] + tail, text[m.end() :], _turkish(text))
        honorific = re.match(_HONORIFIC, words[-1])
        if honorific:  # "Emine Hanıma" → "Emine Hanım"
            words[-1] = honorific.group(0)
        return " ".join(words[:3])
    m = _LOWER_HONORIFIC.search(text)
    if m and _clean(m.group(1).split()[0]) not in _NOT_NAMES:
        return m.group(1)
    for m in _BARE_INITIALS.finditer(text):
        if m.group(1) not in _NOT_INITIALS:
            return m.group(1)
    m = _OWNED_NAME.search(text)
    if m and _clean(m.group(1)) not in _NOT_NAMES:
        return m.group(1)
    m = _LOWER_POSSESSIVE.search(text.lower())
    if m:
        words = [w for w in m.group(1).split() if w not in _NOT_NAMES]
        if words:
            return " ".join(words)
    for m in _ANCHORED_NAME.finditer(text):
        ref = re.sub(r"['’][a-zçğıöşü]+$", "", (m.group(1) or m.group(2) or "").strip())
        words = [w for w in ref.split() if _clean(w) not in _NOT_NAMES]
        if words:
            return " ".join(words)
    return _after_verb(text) or _unexplained_words(text) or _after_time(text)


def _turkish(text: str) -> bool:
    return guess_language(text) == "tr"


_OWNED_NAME = re.compile(rf"(?<![\w'])({_NAME_WORD})(?:'s|['’][{_LOW}]+)\b")


def _words_until_when(words: list[str]) -> list[str]:
    found = []
    for word in words:
        plain = prepare(word).plain
        if (
            _clean(word) in _NOT_NAMES
            or _clean(word) in when.NUMBER_WORDS
            or _clean(word) in when.MONTHS
            or when.times_in(plain)
            or when.day_in(plain, date(2000, 1, 3))
            or not word.isalpha()
        ):
            break
        found.append(word)
    return found[:3]


def _after_verb(text: str) -> str | None:
    """ "schedule elif kaya tomorrow 3pm": the words after the verb, up to a day or time."""
    m = _VERB.match(text)
    return " ".join(_words_until_when(m.group(1).split())) or None if m else None


def _after_time(text: str) -> str | None:
    """ "sat 9am sophie w 60min": lower-case words after the day and time."""
    words = text.split()
    for i, word in enumerate(words):
        if re.fullmatch(r"\d{1,2}(?::\d{2})?(?:am|pm)?", word.lower()) and i + 1 < len(words):
            found = _words_until_when(words[i + 1 :])
            if found:
                return " ".join(found)
    return None


# What a command says besides its client: verbs, nouns, days, times, lengths, politeness.
_COMMAND_WORDS = frozenset(
    """
    book booked schedule add put pencil slot fit move moved shift switch swap push bring
    reschedule cancel cancelled delete remove drop clear find show list when what who
    whos where which session sessions appointment appointments appt appts meeting termin
    double single intake first new weekly biweekly fortnightly every other each week weeks
    hour hours hr hrs min mins minute minutes mins o'clock oclock half quarter quarters
    three-quarters pls please thanks cx asap next this coming following same time slot
    earlier later back forward by from to until till instead of on at in for with and or
    the a an is are do does have has any free open gap gaps opening openings available
    yaz yazar yazalim koy koyalim ac acalim al alalim alin alinsin alinmasini ekle
    olustur olusturalim ayarla ver verelim kaydir ertele iptal sil silin tasi cek bul
    ayir gelsin gelecek gelmiyor gelmiyomus gelmeyecek rica ederim sayin lutfen icin ile
    seans seansi seansini seanslari seansina randevu randevusu randevusunu randevulari
    gorusme kayit kaydi yer bos musait aralik haftalik her iki haftada bir hafta sonra
    once erken erkene gec gece sabah ogle ogleden aksam aksami saat sa dk dakika dakikalik
    saatlik bucuk bucukta ceyrek gece var ilk son yilbasi yilbasindan bugun yarin yarinki
    bugunku obur danisanim danisan hanim bey hoca uhr deki daki teki taki acil urgent
    mv cxl jan feb mar apr jun jul aug sep sept oct nov dec olsun
    misin misiniz musun musunuz miyiz muyuz miyim muyum program programi programini goster
    listele takvim takvimi ajanda schedule calendar diary agenda look looks like day today
    tomorrow tonight mi mu ne nedir kimler kim neler nasil
    """.split()
)


def _unexplained_words(text: str) -> str | None:
    """ "berkay cuma gelmiyomuş sil", "emrenin pzt randevusunu iptl et": the words of the
    command that its grammar does not explain are the client, case ending taken off."""
    found: list[str] = []
    for word in re.findall(r"[\wçğıöşüÇĞİÖŞÜ'’.]+", text):
        bare = word.strip(".'’")
        if not bare:
            continue
        if found and _SUFFIX_WORD.fullmatch(bare.lower()):
            break  # "ek nin", "ek yi": the ending written apart
        plain = prepare(bare).plain
        tokens = [t for t in plain.split() if t.isalpha()]
        explained = (
            not tokens
            or any(ch.isdigit() for ch in bare)
            or all(
                t in _COMMAND_WORDS or t in _NOT_NAMES or closed_world.explained(t, everyday=False)
                for t in tokens
            )
            or when.day_in(plain, date(2000, 1, 3)) is not None
        )
        if explained:
            if found:
                break
            continue
        found.append(bare)
        if len(found) == 3:
            break
    else:
        pass
    if found and len(found) < 3:
        initial = re.search(
            rf"\b{re.escape(found[-1])}\s+([{_LOW}{_UP}])\.?(?=[\s,']|$)", text
        )  # "jonas k.", "chloe t"
        if initial and initial.group(1).lower() not in ("a", "i"):
            found.append(initial.group(0).split()[-1].rstrip(","))
    if not found:
        return None
    found[-1] = _lower_case_ending(found[-1])
    return " ".join(found)


_SUFFIX_WORD = re.compile(r"n?[ıiuü]n|y?[ıiuü]|y?[ae]|[dt][ae]|[dt][ae]n|[dt][ae]ki|ki|l[ae]")


def _lower_case_ending(word: str) -> str:
    """ "emrenin" → "emre", "muratın" → "murat", "berkayı" → "berkay", "oyayı" → "oya"."""
    word = re.sub(r"['’].*$", "", word)
    vowels = "aeıioöuü"
    if re.search(r"ğ(?:[ıiuü]n|[ıiuü])$", word):  # "ipeğin" → "ipek": the k softened
        return re.sub(r"ğ(?:[ıiuü]n|[ıiuü])$", "k", word)
    for ending in ("nın", "nin", "nun", "nün", "yı", "yi", "yu", "yü", "ya", "ye"):
        if (
            word.endswith(ending)
            and len(word) - len(ending) >= 2
            and word[-len(ending) - 1] in vowels
        ):
            return word[: -len(ending)]
    for ending in ("ın", "in", "un", "ün", "ı", "i", "u", "ü"):
        if (
            word.endswith(ending)
            and len(word) - len(ending) >= 3
            and word[-len(ending) - 1] not in vowels
        ):
            return word[: -len(ending)]
    return word
