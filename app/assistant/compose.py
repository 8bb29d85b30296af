"""Compose client SMS (confirmations, reminders, changes, consent requests) from a
minimum typed context.

The composer sees only `MessageContext`: no database, no client record, and never
any note (design promises 1 and 3). Built-in phrasings and a clinic's own texts
share one placeholder language and one renderer, so a clinic's text is checked
exactly as ours are.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from app.assistant import phrasings, turkish
from app.assistant.templating import (
    PLACEHOLDERS,
    TemplateError,
    placeholder_values,
    render_custom,
    template_problems,
    validate_custom,
)

__all__ = [
    "PLACEHOLDERS",
    "MessageContext",
    "MessageKind",
    "TemplateError",
    "builtin_template",
    "compose",
    "placeholder_values",
    "render_custom",
    "sms_parts",
    "template_problems",
    "validate_custom",
]

Language = Literal["tr", "en"]
LANGUAGES: frozenset[str] = frozenset({"tr", "en"})
TITLES: dict[str, frozenset[str]] = {"tr": turkish.TITLES, "en": frozenset({"Ms", "Mr"})}


class MessageKind(enum.StrEnum):
    CONFIRMATION = "confirmation"
    REMINDER_24H = "reminder_24h"
    REMINDER_2H = "reminder_2h"
    MOVED = "moved"
    CANCELLED = "cancelled"
    CONSENT_REQUEST = "consent_request"


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageContext:
    """Everything a message may say, and nothing more: no note, no record, no session.

    Personal fields and secret links stay out of `repr` so that a logged context
    leaks neither.
    """

    kind: MessageKind
    language: Language
    start: datetime
    duration_minutes: int
    session_type: str
    online: bool
    first_session: bool
    client_first_name: str = field(repr=False)
    client_title: str | None = field(default=None, repr=False)
    therapist_name: str
    clinic_name: str
    address: str | None = None
    video_link: str | None = field(default=None, repr=False)
    magic_link: str = field(repr=False)
    consent_link: str | None = field(default=None, repr=False)
    now: datetime
    variant_seed: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", MessageKind(self.kind))
        if problems := _context_problems(self):
            raise ValueError("; ".join(problems))


def _is_aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def _context_problems(ctx: MessageContext) -> list[str]:
    checks = [
        (ctx.language in LANGUAGES, f"language must be one of {sorted(LANGUAGES)}"),
        (_is_aware(ctx.start), "start must be an aware datetime in the clinic's zone"),
        (_is_aware(ctx.now), "now must be an aware datetime"),
        (ctx.duration_minutes > 0, "duration_minutes must be positive"),
        (bool(ctx.client_first_name.strip()), "client_first_name is empty"),
        (
            ctx.client_title is None or ctx.client_title in TITLES.get(ctx.language, ()),
            f"client_title {ctx.client_title!r} does not fit language {ctx.language!r}",
        ),
        (not (ctx.online and ctx.address), "an online session has no address"),
        (ctx.online or not ctx.video_link, "only an online session has a video link"),
        (bool(ctx.magic_link.strip()), "magic_link is empty"),
        (
            ctx.kind is not MessageKind.CONSENT_REQUEST or bool(ctx.consent_link),
            "a consent request needs consent_link",
        ),
    ]
    return [message for ok, message in checks if not ok]


# --- Built-in phrasings ------------------------------------------------------------

_PLACE_KINDS = frozenset(
    {MessageKind.CONFIRMATION, MessageKind.REMINDER_24H, MessageKind.REMINDER_2H, MessageKind.MOVED}
)
_EXPECT_KINDS = frozenset({MessageKind.CONFIRMATION, MessageKind.REMINDER_24H})


def _pick(options: tuple[str, ...], seed: int, salt: int) -> str:
    """Stable for one seed, varied across seeds and independent for each salt."""
    mixed = ((seed * 0x9E3779B1) ^ (salt * 0x85EBCA6B)) & 0xFFFFFFFF
    return options[(mixed >> 7) % len(options)]


def _shows_place(ctx: MessageContext) -> bool:
    """A returning client knows the way, but an online one needs the link to join."""
    return ctx.kind in _PLACE_KINDS and (ctx.first_session or ctx.online)


def _shows_link(ctx: MessageContext) -> bool:
    """Two hours before an online session the video link matters more than a second link."""
    if ctx.kind is MessageKind.CONSENT_REQUEST:
        return False
    return not (ctx.kind is MessageKind.REMINDER_2H and ctx.online and ctx.video_link)


def builtin_template(ctx: MessageContext) -> str:
    """Our own text for this message, in the placeholder language a clinic edits."""
    lang, kind, seed = ctx.language, ctx.kind, ctx.variant_seed
    cores = phrasings.CORE[lang][kind]
    core = cores[seed % len(cores)]
    short = kind is MessageKind.REMINDER_2H
    greet = "" if short else _pick(("{greeting} ", "{greeting} ", ""), seed, 1)
    lines = [greet + core]
    if ctx.first_session and kind in _EXPECT_KINDS:
        lines.append(_pick(phrasings.EXPECT[lang][ctx.online], seed, 2))
    if _shows_place(ctx) and (ctx.video_link if ctx.online else ctx.address):
        lines.append((phrasings.PLACE_SHORT if short else phrasings.PLACE)[lang][ctx.online])
    if ctx.first_session and kind in _EXPECT_KINDS and ctx.consent_link:
        lines.append(_pick(phrasings.CONSENT[lang], seed, 3))
    if _shows_link(ctx):
        lines.append(_pick(phrasings.LINK[lang][kind], seed, 4))
    return "\n".join(lines)


def compose(ctx: MessageContext) -> str:
    """The SMS text for this message."""
    return render_custom(builtin_template(ctx), ctx)


# --- SMS length --------------------------------------------------------------------

_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def sms_parts(text: str) -> int:
    """How many SMS parts `text` costs.

    GSM-7 fits 160 septets in one part and 153 per part when split (extension
    characters take two). Any other character, such as Turkish ı, ş or ğ, forces
    UCS-2: 70 UTF-16 units in one part, 67 per part when split.
    """
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENDED for ch in text):
        units = len(text) + sum(ch in _GSM_EXTENDED for ch in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else math.ceil(units / multi)
