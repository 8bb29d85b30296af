"""What the assistant texts back to a client's reply, in Turkish or English.

Pure: each function takes the few values it says (times already in the clinic's zone)
and returns one short SMS. Nothing here sees a note, a client record or the reply's own
text; a clinical reply gets the one neutral sentence, a crisis the emergency text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from app.assistant import turkish
from app.assistant.templating import EN_MONTHS, EN_WEEKDAYS, english_time

Language = Literal["tr", "en"]

NEUTRAL = {
    "tr": "Mesajınızı terapistinize ilettim.",
    "en": "I have forwarded your message to your therapist.",
}
# The clinic may write its own (Clinic.emergency_text); this one names 112 either way.
EMERGENCY = {
    "tr": "Siz ya da bir başkası tehlikedeyse lütfen hemen 112'yi arayın. "
    "Mesajınızı terapistinize ilettim.",
    "en": "If you or someone else is in danger, please call 112 now. "
    "I have forwarded your message to your therapist.",
}
ANSWER_LABELS = {
    "address": {"tr": "Adresimiz: {value}", "en": "Our address: {value}"},
    "parking": {"tr": "Otopark: {value}", "en": "Parking: {value}"},
    "online_link": {"tr": "Çevrim içi seans: {value}", "en": "Online session: {value}"},
    "fee": {"tr": "Seans ücreti: {value}", "en": "Session fee: {value}"},
}


def lang(language: str) -> Language:
    return "en" if language == "en" else "tr"


def when(language: str, start: datetime) -> str:
    """ "26 Kasım Perşembe 15:00" / "Thursday 26 November, 3:00 PM"."""
    if lang(language) == "en":
        day = f"{EN_WEEKDAYS[start.weekday()]} {start.day} {EN_MONTHS[start.month - 1]}"
        return f"{day}, {english_time(start.time())}"
    return f"{turkish.date_name(start)} {turkish.weekday_name(start)} {turkish.clock(start.time())}"


def confirmed(language: str, start: datetime) -> str:
    if lang(language) == "en":
        return f"Thank you, your session on {when(language, start)} is confirmed."
    return f"Teşekkürler, {when(language, start)} seansınız onaylandı."


def cancelled(language: str, start: datetime) -> str:
    if lang(language) == "en":
        return (
            f"Your session on {when(language, start)} is cancelled. "
            "To book another, text or call us."
        )
    return (
        f"{when(language, start)} seansınız iptal edildi. "
        "Yeni bir randevu için bize yazabilir ya da bizi arayabilirsiniz."
    )


def late_cancel_to_staff(language: str, hours: int) -> str:
    if lang(language) == "en":
        return (
            f"Your session is less than {hours} hours away, so our team will look at "
            "your cancellation and call you."
        )
    return (
        f"Seansınıza {hours} saatten az kaldığı için iptal isteğinizi ekibimiz "
        "değerlendirip sizi arayacak."
    )


def reschedule_asked(language: str, start: datetime) -> str:
    if lang(language) == "en":
        return (
            f"We have asked our team about {when(language, start)}. "
            "Once it is approved we will text you the new time."
        )
    return (
        f"{when(language, start)} için isteğinizi ekibimize ilettik. "
        "Onaylanınca yeni saati size yazacağız."
    )


def times_offered(
    language: str, wanted: datetime | None, starts: Sequence[datetime], link: str
) -> str:
    """The nearest free times and the link to pick one (or another) from."""
    listed = ", ".join(when(language, start) for start in starts)
    if lang(language) == "en":
        head = f"{when(language, wanted)} is taken. " if wanted else ""
        return f"{head}Free times: {listed}. To choose one: {link}"
    head = f"{when(language, wanted)} dolu. " if wanted else ""
    return f"{head}Uygun saatler: {listed}. Seçmek için: {link}"


def no_free_time(language: str) -> str:
    if lang(language) == "en":
        return "We could not find a free time just now; our team will contact you."
    return "Şu an uygun bir saat bulamadık; ekibimiz sizinle iletişime geçecek."


def already_at(language: str, start: datetime) -> str:
    if lang(language) == "en":
        return f"Your session is already on {when(language, start)}."
    return f"Seansınız zaten {when(language, start)} için ayarlı."


def late_noted(language: str) -> str:
    if lang(language) == "en":
        return "Thank you, we have let your therapist know."
    return "Teşekkürler, terapistinize haber verdik."


def answer(language: str, topic: str, value: str) -> str:
    """A logistics answer from one of the clinic's settings."""
    return ANSWER_LABELS[topic][lang(language)].format(value=" ".join(value.split()))


def duration(language: str, minutes: int) -> str:
    if lang(language) == "en":
        return f"Your session lasts {minutes} minutes."
    return f"Seansınız {minutes} dakika sürüyor."


def who(language: str, clinic: str) -> str:
    if lang(language) == "en":
        return f"These messages come from the automated appointment assistant of {clinic}."
    return f"Bu mesajları {clinic} adına otomatik randevu asistanı gönderiyor."


def session_time(language: str, start: datetime) -> str:
    if lang(language) == "en":
        return f"Your session is on {when(language, start)}."
    day = f"{turkish.date_name(start)} {turkish.weekday_name(start)}"
    return f"Seansınız {day} {turkish.with_time(start.time(), turkish.Case.LOCATIVE)}."


def neutral(language: str) -> str:
    return NEUTRAL[lang(language)]


def emergency(language: str, custom: str = "") -> str:
    """The clinic's own emergency text if it wrote one, else ours naming 112."""
    custom = " ".join(custom.split())
    return custom or EMERGENCY[lang(language)]
