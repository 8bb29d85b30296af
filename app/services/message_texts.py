"""A clinic's own SMS wording, checked and previewed before it is used.

A text is written with the composer's {placeholders}. It is validated when saved, and
if it still cannot be rendered for some message (a placeholder with no value, such as
{place} for an online session) that message uses the built-in phrasing instead, so a
wording mistake never stops a reminder.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.assistant import compose
from app.extensions import db
from app.models import Clinic, MessageText, User
from app.services import reminders

log = logging.getLogger(__name__)
# The kinds the outbox sends today, in the order an admin thinks of them.
EDITABLE = (
    compose.MessageKind.CONFIRMATION,
    compose.MessageKind.REMINDER_24H,
    compose.MessageKind.REMINDER_2H,
    compose.MessageKind.MOVED,
)
LANGUAGES = ("tr", "en")
MAX_CHARS = 1000
SAMPLE_NAMES = {"tr": ("Elif", "Hanım"), "en": ("Sarah", None)}


class InvalidText(ValueError):
    def __init__(self, problems: list[compose.TemplateError]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Sample:
    """One rendering of a text for the preview."""

    situation: str  # first, follow_up, online
    text: str | None
    parts: int
    problem: compose.TemplateError | None


def custom_text(clinic_id: uuid.UUID, kind: str, language: str) -> MessageText | None:
    return db.session.scalars(
        sa.select(MessageText).where(
            MessageText.clinic_id == clinic_id,
            MessageText.kind == kind,
            MessageText.language == language,
        )
    ).first()


def texts(clinic_id: uuid.UUID) -> dict[tuple[str, str], MessageText]:
    rows = db.session.scalars(sa.select(MessageText).where(MessageText.clinic_id == clinic_id))
    return {(row.kind, row.language): row for row in rows}


def problems(kind: str, body: str) -> list[compose.TemplateError]:
    found = compose.template_problems(body, compose.MessageKind(kind))
    if len(body) > MAX_CHARS:
        found.append(compose.TemplateError("too long", code="too_long"))
    return found


def save_text(clinic: Clinic, kind: str, language: str, body: str, by: User) -> MessageText:
    """Store the clinic's wording after checking it; raises InvalidText."""
    if kind not in EDITABLE or language not in LANGUAGES:
        raise ValueError(f"not an editable text: {kind}/{language}")
    body = body.replace("\r\n", "\n").strip()
    if found := problems(kind, body):
        raise InvalidText(found)
    _take_turns(clinic)
    row = custom_text(clinic.id, kind, language)
    if row is None:
        row = MessageText(clinic_id=clinic.id, kind=kind, language=language, body=body)
        db.session.add(row)
    row.body, row.updated_by, row.updated_at = body, by.id, clock.now()
    db.session.flush()
    return row


def reset_text(clinic: Clinic, kind: str, language: str) -> bool:
    """Go back to the built-in phrasings; False if there was no text of the clinic's."""
    _take_turns(clinic)
    row = custom_text(clinic.id, kind, language)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def _take_turns(clinic: Clinic) -> None:
    """Saves and resets of the clinic's texts wait for each other (PostgreSQL; SQLite's
    write lock does the same): two admins saving at once would both find no row and both
    insert one, and two resetting would both delete the same row."""
    db.session.execute(sa.select(Clinic.id).where(Clinic.id == clinic.id).with_for_update())


def render(
    clinic_id: uuid.UUID,
    ctx: compose.MessageContext,
    custom: Mapping[tuple[str, str], MessageText] | None = None,
) -> str:
    """The message in the clinic's own wording if it has one that fits, else ours;
    `custom` is the clinic's `texts()` when the caller has them already (a batch)."""
    if custom is None:
        row = custom_text(clinic_id, ctx.kind, ctx.language)
    else:
        row = custom.get((ctx.kind, ctx.language))
    if row is None:
        return compose.compose(ctx)
    try:
        return compose.render_custom(row.body, ctx)
    except compose.TemplateError as exc:
        log.warning("clinic text %s/%s not usable (%s); built-in used", ctx.kind, row.id, exc.code)
        return compose.compose(ctx)


def builtin(clinic: Clinic, kind: str, language: str) -> str:
    """One of our built-in phrasings, as a starting point for the clinic's own."""
    return compose.builtin_template(_sample(clinic, kind, language, "follow_up", therapist=""))


def preview(clinic: Clinic, kind: str, language: str, body: str, therapist: str) -> list[Sample]:
    """The text rendered for a first session, a follow-up and an online session."""
    samples = []
    for situation in ("first", "follow_up", "online"):
        ctx = _sample(clinic, kind, language, situation, therapist)
        try:
            text = compose.render_custom(body, ctx)
        except compose.TemplateError as exc:
            samples.append(Sample(situation, None, 0, exc))
            continue
        samples.append(Sample(situation, text, compose.sms_parts(text), None))
    return samples


def _sample(
    clinic: Clinic, kind: str, language: str, situation: str, therapist: str
) -> compose.MessageContext:
    zone = reminders.zone(clinic)
    now = clock.now().astimezone(zone)
    start = datetime.combine(now.date() + timedelta(days=1), time(14, 0), tzinfo=zone)
    base = str(current_app.config["PUBLIC_URL"]).rstrip("/")
    online = situation == "online"
    first_name, title = SAMPLE_NAMES[language]
    return compose.MessageContext(
        kind=compose.MessageKind(kind),
        language="en" if language == "en" else "tr",
        start=start,
        duration_minutes=50,
        session_type="Online" if online else "Bireysel",
        online=online,
        first_session=situation == "first",
        client_first_name=first_name,
        client_title=title,
        therapist_name=therapist or "Dr. Ayşe Yılmaz",
        clinic_name=clinic.name,
        address=None if online else (clinic.address or "Moda Cad. 12, Kadıköy"),
        video_link=f"{base}/video" if online else None,
        magic_link=f"{base}/r/{'x' * 22}",
        consent_link=f"{base}/c/{'x' * 22}" if situation == "first" else None,
        now=now,
        variant_seed=1,
    )
