"""What a client can learn and ask about their data without an account.

The transparency page is built from the clinic's real settings and the installation's
configuration, so it changes when they do; it holds nothing about any client. Behind
a magic link (an appointment's `/r/` or a consent `/c/` link) the same page offers a
request form: the token says which client asks, and each request counts against the
link's and the address's limits (the counters the appointment pages use), plus a
small daily allowance of submissions per link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app import clock
from app.extensions import db, lock_for_write
from app.models import Client, Clinic, DataRequestKind, MagicLink
from app.models.scoping import clinic_scope
from app.services import client_pages, data_requests, links, throttle
from app.services.auth import address_block

PURPOSES = (links.APPOINTMENT, links.CONSENT)
SUBMIT_WINDOW = timedelta(days=1)
SUBMITS_PER_LINK = 5
LOCAL_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Transparency:
    """The facts the page states; nothing in it is about a client."""

    clinic_name: str
    clinic_slug: str
    address: str
    law: str  # kvkk, gdpr
    assistant: str  # local, chat or none (rules only)
    local_model: str
    chat_model: str | None
    sms_provider: bool
    clinical_retention_years: int
    message_retention_days: int
    audit_retention_years: int
    audio_notes: bool  # therapists may record, with the client's recording consent
    audio_keep_failed_hours: int
    due_if_sent_today: date


@dataclass(frozen=True)
class LinkHolder:
    """What a link page may show about whoever holds the link: their language."""

    clinic_name: str
    language: str
    transparency: Transparency


@dataclass(frozen=True)
class Submitted:
    kind: DataRequestKind
    received_on: date
    due_on: date
    new: bool  # False: the same request was already open


def _assistant_tier() -> tuple[str, str | None]:
    """The reply assistant's model tier as app.assistant.model_config reads it."""
    config = current_app.config
    kind = str(config.get("ASSISTANT_MODEL") or "local").strip().lower()
    if kind == "local":
        return "local", None
    chat_model = str(config.get("ASSISTANT_CHAT_MODEL") or "").strip()
    if kind == "chat" and chat_model and str(config.get("ASSISTANT_CHAT_URL") or "").strip():
        return "chat", chat_model
    return "none", None


def transparency(clinic: Clinic) -> Transparency:
    tier, chat_model = _assistant_tier()
    today = clock.now().astimezone(ZoneInfo(clinic.timezone)).date()
    return Transparency(
        clinic_name=clinic.name,
        clinic_slug=clinic.slug,
        address=clinic.address,
        law=clinic.privacy_law,
        assistant=tier,
        local_model=LOCAL_MODEL,
        chat_model=chat_model,
        sms_provider=bool(current_app.config.get("VONAGE_API_KEY")),
        clinical_retention_years=clinic.clinical_retention_years,
        message_retention_days=clinic.message_retention_days,
        audit_retention_years=clinic.audit_retention_years,
        audio_notes=clinic.audio_notes_enabled,
        audio_keep_failed_hours=clinic.audio_keep_failed_hours,
        due_if_sent_today=data_requests.due_on(clinic.privacy_law, today),
    )


def clinic_page(slug: str) -> Transparency | None:
    clinic = db.session.scalars(sa.select(Clinic).where(Clinic.slug == slug)).first()
    return transparency(clinic) if clinic is not None else None


def allow_request(token: str, purpose: str, ip: str | None, *, submitting: bool) -> bool:
    """Count this request per address and, for a live link, per link (and per link's
    submissions); False once any is over its limit. The caller commits, whatever next."""
    lock_for_write()  # before the link is read: SQLite begins again for the lock
    link = links.resolve_link(token, purpose)
    within = throttle.allow_link_request(
        client_pages.limits(),
        f"link-ip:{address_block(ip or '')}",
        f"link:{link.id}" if link else None,
    )
    if link is not None and submitting:
        sent = throttle.count(f"privacy-request:{link.id}", SUBMIT_WINDOW)
        within = sent <= SUBMITS_PER_LINK and within
    return within


def _resolve(token: str, purpose: str) -> MagicLink | None:
    return links.resolve_link(token, purpose) if purpose in PURPOSES else None


def holder(token: str, purpose: str) -> LinkHolder | None:
    """The link's client's language and their clinic's page, or None for a dead link."""
    link = _resolve(token, purpose)
    if link is None:
        return None
    with clinic_scope(link.clinic_id):
        client = db.session.get_one(Client, link.client_id)
        clinic = db.session.get_one(Clinic, link.clinic_id)
        return LinkHolder(clinic.name, client.language, transparency(clinic))


def submit(
    token: str, purpose: str, kind: DataRequestKind, details: str | None
) -> Submitted | None:
    """Record the link's client's request (once: sending it again finds the open one);
    None when the link no longer works."""
    lock_for_write()  # SQLite: before any read, so that two submits queue up
    link = _resolve(token, purpose)
    if link is None:
        return None
    with clinic_scope(link.clinic_id):
        client = db.session.get_one(Client, link.client_id)
        zone = ZoneInfo(db.session.get_one(Clinic, link.clinic_id).timezone)
        row, new = data_requests.record_request(
            client, kind, source=data_requests.LINK, details=details
        )
        if link.used_at is None:
            link.used_at = clock.now()
        db.session.flush()
        return Submitted(
            kind=row.kind,
            received_on=row.received_at.astimezone(zone).date(),
            due_on=row.due_at.astimezone(zone).date(),
            new=new,
        )
