"""The built-in SMS phrasings, written in the same placeholder language as a clinic's
own texts so that one renderer serves both.

Every message is built from segments, one per line: the core sentence (after an
optional "{greeting} ", never in the short two-hour reminder), then, when they
apply, what to expect, the place, the consent form and the magic link. Links
always end their line, so no punctuation sticks to them.
"""

from __future__ import annotations

CORE: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {
        "confirmation": (
            "{name}, {when} {therapist} ile randevunuzu kaydettik.",
            "{name}, {therapist} ile randevunuz {day} {time} için oluşturuldu.",
            "{name}, {when} {therapist} ile görüşmek üzere randevunuz alındı.",
        ),
        "reminder_24h": (
            "{name}, {when} {therapist} ile randevunuz var.",
            "{name}, {therapist} ile {when_ki} randevunuzu hatırlatırız.",
            "{name}, {therapist} ile görüşmeniz {when}.",
        ),
        "reminder_2h": (
            "{name}, {when} randevunuz var.",
            "{name}, randevunuz {when}.",
            "{name}, {when} görüşmek üzere.",
        ),
        "moved": (
            "{name}, {therapist} ile randevunuz {when_to} alındı.",
            "{name}, {therapist} ile randevunuzun yeni zamanı: {day} {time}.",
            "{name}, randevunuzu {when_to} aldık.",
        ),
        "cancelled": (
            "{name}, {therapist} ile {when_ki} randevunuz iptal edildi.",
            "{name}, {when_ki} randevunuz iptal edilmiştir.",
            "{name}, {therapist} ile {when_ki} görüşmeniz iptal edildi.",
        ),
        "consent_request": (
            "{name}, {therapist} ile {when_ki} görüşmenizden önce onam formunu doldurmanızı"
            " rica ederiz: {consent_link}",
            "{name}, {when_ki} randevunuzdan önce lütfen onam formunu doldurun: {consent_link}",
            "{name}, {when_ki} randevunuz için onam formunu buradan doldurabilirsiniz:"
            " {consent_link}",
        ),
    },
    "en": {
        "confirmation": (
            "{name}, your appointment with {therapist} is booked for {day} {time_loc}.",
            "{name}, we have booked you in with {therapist} {when}.",
            "{name}, this confirms your appointment with {therapist} {when}.",
        ),
        "reminder_24h": (
            "{name}, a reminder of your appointment with {therapist} {when}.",
            "{name}, you have an appointment with {therapist} {when}.",
            "{name}, your appointment with {therapist} is {when}.",
        ),
        "reminder_2h": (
            "{name}, see you {when}.",
            "{name}, your appointment is {when}.",
            "{name}, just a reminder: your appointment is {when}.",
        ),
        "moved": (
            "{name}, your appointment with {therapist} has been moved {when_to}.",
            "{name}, the new time for your appointment with {therapist} is {day} {time_loc}.",
            "{name}, we have moved your appointment with {therapist} {when_to}.",
        ),
        "cancelled": (
            "{name}, your appointment with {therapist} {when} has been cancelled.",
            "{name}, your appointment {when} is cancelled.",
            "{name}, please note that your appointment with {therapist} {when} has been cancelled.",
        ),
        "consent_request": (
            "{name}, before your appointment with {therapist} {when}, please fill in the"
            " consent form: {consent_link}",
            "{name}, please complete the consent form before your appointment {when}:"
            " {consent_link}",
            "{name}, the consent form for your appointment {when} is here: {consent_link}",
        ),
    },
}

# The line that carries the magic link, by what the client may want to do next.
LINK: dict[str, dict[str, tuple[str, ...]]] = {
    "tr": {
        "confirmation": (
            "Değişiklik ya da iptal için: {link}",
            "İptal ya da değişiklik için: {link}",
            "Değişiklik için: {link}",
        ),
        "reminder_24h": (
            "Lütfen katılımınızı onaylayın: {link}",
            "Onay ya da değişiklik için: {link}",
            "Lütfen onaylayın: {link}",
        ),
        "reminder_2h": (
            "Gelemeyecekseniz: {link}",
            "Gelemezseniz: {link}",
            "Bir aksilik olursa: {link}",
        ),
        "moved": (
            "Size uymuyorsa: {link}",
            "Uygun değilse: {link}",
            "Onay ya da değişiklik için: {link}",
        ),
        "cancelled": (
            "Yeni bir randevu için: {link}",
            "Yeni bir zaman seçmek için: {link}",
            "Başka bir zaman için: {link}",
        ),
    },
    "en": {
        "confirmation": (
            "To change or cancel: {link}",
            "Need to change or cancel? {link}",
            "To make a change: {link}",
        ),
        "reminder_24h": (
            "Please confirm: {link}",
            "Please confirm or change: {link}",
            "To confirm or change: {link}",
        ),
        "reminder_2h": (
            "Can't make it? {link}",
            "If something comes up: {link}",
            "Running late or can't come? {link}",
        ),
        "moved": (
            "If this doesn't suit you: {link}",
            "Doesn't work for you? {link}",
            "To confirm or change: {link}",
        ),
        "cancelled": (
            "To book a new time: {link}",
            "To pick another time: {link}",
            "To rebook: {link}",
        ),
    },
}

# What to expect at a first session, in person and online.
EXPECT: dict[str, dict[bool, tuple[str, ...]]] = {
    "tr": {
        False: (
            "İlk görüşme {duration} sürer; lütfen 5 dakika erken gelin.",
            "Görüşme {duration} sürecek; 5 dakika erken gelmenizi rica ederiz.",
            "Lütfen 5 dakika erken gelin; görüşme {duration} sürer.",
        ),
        True: (
            "Görüşme {duration} sürer; 5 dakika önce bağlanmanızı rica ederiz.",
            "Görüşme {duration} sürecek; lütfen 5 dakika önce bağlanın.",
            "Lütfen 5 dakika önce bağlanın; görüşme {duration} sürer.",
        ),
    },
    "en": {
        False: (
            "The first session lasts {duration}; please arrive 5 minutes early.",
            "Please arrive 5 minutes early; the session lasts {duration}.",
            "The session takes {duration}. Please come 5 minutes early.",
        ),
        True: (
            "The session lasts {duration}; please join 5 minutes early.",
            "Please join 5 minutes early; the session lasts {duration}.",
            "The session takes {duration}. Please connect 5 minutes early.",
        ),
    },
}

PLACE: dict[str, dict[bool, str]] = {
    "tr": {False: "Adres: {place}", True: "Görüşme bağlantısı: {place}"},
    "en": {False: "Address: {place}", True: "Video link: {place}"},
}
# Two hours before, the reminder's own sentence already says what the link is for.
PLACE_SHORT: dict[str, dict[bool, str]] = {
    "tr": {False: "Adres: {place}", True: "Bağlantı: {place}"},
    "en": {False: "Address: {place}", True: "Video link: {place}"},
}

CONSENT: dict[str, tuple[str, ...]] = {
    "tr": (
        "Onam formu: {consent_link}",
        "Lütfen onam formunu doldurun: {consent_link}",
    ),
    "en": (
        "Consent form: {consent_link}",
        "Please fill in the consent form: {consent_link}",
    ),
}
