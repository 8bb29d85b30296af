"""The placeholder language of message texts: what each {placeholder} reads for a
message, and one renderer for our built-in phrasings and a clinic's own texts.

A clinic editing its texts gets a `TemplateError` naming the placeholder at
fault, never a crash; `validate_custom` lists every problem for a preview.
"""

from __future__ import annotations

import re
from datetime import time
from string import Formatter
from typing import TYPE_CHECKING

from app.assistant import turkish
from app.assistant.turkish import Case
from app.textnorm import clean_line

if TYPE_CHECKING:
    from app.assistant.compose import MessageContext, MessageKind

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
GREETINGS: dict[str, tuple[str, str, str]] = {
    "tr": ("Günaydın", "İyi günler", "İyi akşamlar"),
    "en": ("Good morning", "Good afternoon", "Good evening"),
}

PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "greeting",
        "name",
        "when",
        "when_ki",
        "when_to",
        "day",
        "date",
        "date_loc",
        "time",
        "time_loc",
        "therapist",
        "clinic",
        "place",
        "link",
        "consent_link",
        "duration",
        "session_type",
    }
)
# Words that may open a sentence; links and people's names are left as written.
_CAPITALIZABLE = PLACEHOLDERS - {"therapist", "clinic", "place", "link", "consent_link"}


# --- Placeholder values ----------------------------------------------------------


def greeting(ctx: MessageContext) -> str:
    """By the hour where the clinic is; none late at night, when any greeting sounds odd."""
    hour = ctx.now.astimezone(ctx.start.tzinfo).hour
    morning, day, evening = GREETINGS[ctx.language]
    if 5 <= hour < 12:
        return morning
    if 12 <= hour < 18:
        return day
    return evening if 18 <= hour < 22 else ""


def _days_ahead(ctx: MessageContext) -> int:
    return (ctx.start.date() - ctx.now.astimezone(ctx.start.tzinfo).date()).days


def english_time(t: time) -> str:
    """12-hour "2:00 PM", "12:30 AM"."""
    hour = t.hour % 12 or 12
    return f"{hour}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def _turkish_moment(ctx: MessageContext) -> dict[str, str]:
    start, ahead = ctx.start, _days_ahead(ctx)
    weekday = turkish.weekday_name(start)
    day = {0: "bugün", 1: "yarın"}.get(ahead) or (
        weekday if 1 < ahead < 7 else f"{turkish.date_name(start)} {weekday}"
    )
    day_phrase = f"{day} günü" if 1 < ahead < 7 else day
    loc = turkish.with_time(start.time(), Case.LOCATIVE)
    return {
        "day": day,
        "date": turkish.date_name(start),
        "date_loc": turkish.with_date(start, Case.LOCATIVE),
        "time": turkish.clock(start.time()),
        "time_loc": loc,
        "when": f"{day_phrase} {loc}",
        "when_ki": f"{day_phrase} {loc}ki",
        "when_to": f"{day_phrase} {turkish.with_time(start.time(), Case.DATIVE)}",
    }


def _english_moment(ctx: MessageContext) -> dict[str, str]:
    start, ahead = ctx.start, _days_ahead(ctx)
    date = f"{start.day} {EN_MONTHS[start.month - 1]}"
    weekday = EN_WEEKDAYS[start.weekday()]
    day = {0: "today", 1: "tomorrow"}.get(ahead) or (
        weekday if 1 < ahead < 7 else f"{weekday}, {date}"
    )
    at = f"at {english_time(start.time())}"
    when = f"{day} {at}" if ahead in (0, 1) else f"on {day} {at}"
    return {
        "day": day,
        "date": date,
        "date_loc": f"on {date}",
        "time": english_time(start.time()),
        "time_loc": at,
        "when": when,
        "when_ki": when,
        "when_to": f"to {day} {at}",
    }


def _name(ctx: MessageContext) -> str:
    if ctx.language == "tr":
        return turkish.address(ctx.client_first_name, ctx.client_title)
    return (
        f"{ctx.client_title} {ctx.client_first_name}" if ctx.client_title else ctx.client_first_name
    )


def placeholder_values(ctx: MessageContext) -> dict[str, str | None]:
    """What each placeholder reads for this message; None where it has no value."""
    moment = _turkish_moment(ctx) if ctx.language == "tr" else _english_moment(ctx)
    unit = "dakika" if ctx.language == "tr" else "minutes"
    values: dict[str, str | None] = {
        **moment,
        "greeting": greeting(ctx),
        "name": _name(ctx),
        "therapist": ctx.therapist_name,
        "clinic": ctx.clinic_name,
        "place": ctx.video_link if ctx.online else ctx.address,
        "link": ctx.magic_link,
        "consent_link": ctx.consent_link,
        "duration": f"{ctx.duration_minutes} {unit}",
        "session_type": ctx.session_type,
    }
    # Stored values may carry line breaks or runs of spaces, or (typed before the forms
    # cleaned text) controls and bidi overrides; an SMS should not.
    return {
        key: " ".join(clean_line(value).split()) if value else value
        for key, value in values.items()
    }


# --- Rendering ---------------------------------------------------------------------


class TemplateError(ValueError):
    """A message text that cannot be rendered; `placeholder` names the culprit if any and
    `code` says what is wrong, so a page can say it in the admin's language."""

    def __init__(self, message: str, placeholder: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.placeholder = placeholder
        self.code = code


def _available() -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(PLACEHOLDERS))


def _field_error(field_name: str, spec: str, conversion: str | None) -> TemplateError | None:
    conv = f"!{conversion}" if conversion else ""
    fmt = f":{spec}" if spec else ""
    written = f"{{{field_name}{conv}{fmt}}}"
    if field_name == "":
        return TemplateError(
            f"Empty placeholder {written}; write {{{{ and }}}} for literal braces.",
            code="empty_placeholder",
        )
    if field_name not in PLACEHOLDERS:
        return TemplateError(
            f"Unknown placeholder {written}. Available: {_available()}.",
            placeholder=field_name,
            code="unknown_placeholder",
        )
    if spec or conversion:
        return TemplateError(
            f"Placeholder {written} cannot carry a format; write {{{field_name}}}.",
            placeholder=field_name,
            code="format",
        )
    return None


def _parse(template: str) -> tuple[list[tuple[str, str | None]], list[TemplateError]]:
    """The template as (literal, placeholder) pairs, and every problem found in it."""
    try:
        parsed = list(Formatter().parse(template.replace("\r\n", "\n")))
    except ValueError as exc:
        error = TemplateError(
            f"Unmatched brace ({exc}); write {{{{ or }}}} for a literal brace.", code="brace"
        )
        return [], [error]
    pairs: list[tuple[str, str | None]] = []
    errors: list[TemplateError] = []
    for literal, field_name, spec, conversion in parsed:
        error = None if field_name is None else _field_error(field_name, spec or "", conversion)
        if error is not None:
            errors.append(error)
        pairs.append((literal, field_name))
    return pairs, errors


def _starts_sentence(before: str) -> bool:
    stripped = before.rstrip(" ")
    return not stripped or stripped.endswith(("\n", ".", "!", "?"))


def _capitalize(text: str, language: str) -> str:
    return turkish.capitalize(text) if language == "tr" else text[:1].upper() + text[1:]


def _tidy(text: str, language: str) -> str:
    """Close the gaps an empty value leaves (a double space, " ,", a leading comma)
    and start each line upper-case, unless it starts with a link."""
    lines = []
    for raw in text.split("\n"):
        line = re.sub(r" ([,.;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", raw.strip()))
        line = line.lstrip(",.;: ")
        if line:
            lines.append(line if "://" in line.split(" ")[0] else _capitalize(line, language))
    return "\n".join(lines)


def render_custom(template: str, ctx: MessageContext) -> str:
    """Render a message text written with {placeholders}; raise TemplateError if it cannot be."""
    pairs, errors = _parse(template)
    if errors:
        raise errors[0]
    values = placeholder_values(ctx)
    out: list[str] = []
    for literal, field_name in pairs:
        out.append(literal)
        if field_name is None:
            continue
        value = values[field_name]
        if value is None:
            raise TemplateError(
                f"Placeholder {{{field_name}}} has no value for this message.",
                field_name,
                code="no_value",
            )
        if field_name in _CAPITALIZABLE and _starts_sentence("".join(out)):
            value = _capitalize(value, ctx.language)
        out.append(value)
    return _tidy("".join(out), ctx.language)


# Two hours before an online session the video link may be the only link.
_LINK_REQUIRED = frozenset({"confirmation", "reminder_24h", "moved", "cancelled"})


def template_problems(template: str, kind: MessageKind | None = None) -> list[TemplateError]:
    """Every problem with a clinic's text, each with a code; empty when it is fine."""
    if not template.strip():
        return [TemplateError("The text is empty.", code="empty")]
    pairs, errors = _parse(template)
    used = {name for _, name in pairs if name}
    if kind == "consent_request" and "consent_link" not in used:
        errors.append(
            TemplateError(
                "No {consent_link}: the client cannot reach the consent form.",
                "consent_link",
                code="missing_placeholder",
            )
        )
    elif kind in _LINK_REQUIRED and "link" not in used:
        errors.append(
            TemplateError(
                "No {link}: the client cannot confirm, cancel or ask for another time.",
                "link",
                code="missing_placeholder",
            )
        )
    return errors


def validate_custom(template: str, kind: MessageKind | None = None) -> list[str]:
    """Problems with a clinic's text, for the admin's preview; empty when it is fine."""
    return [str(problem) for problem in template_problems(template, kind)]
