"""Getting a client their copy: the therapist's say on notes, the link, the download.

For an open access request the client's treating therapist decides whether their
session notes go into the copy; staff then make an export link (the usual magic link:
128 random bits, stored hashed, one live at a time, VALID_FOR long) and show it to copy
or text it. The client opens it on their phone and downloads the JSON archive or reads
the printable version; both are built at that moment from the database and never
stored. Every approval, link, text and download leaves an audit row, without content.

A link serves the client's newest access request received before it was made: that
request's approval decides about notes, at the time of each download."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_date
from flask_babel import force_locale, gettext

from app import clock, sms
from app.extensions import db, lock_for_write
from app.models import (
    Client,
    Clinic,
    DataRequest,
    DataRequestKind,
    DataRequestStatus,
    MagicLink,
    Note,
    User,
)
from app.models.scoping import clinic_scope
from app.services import audit, calendar, clients, export, links, reminders, sms_routes, throttle
from app.services.auth import address_block

OPEN_STATUSES = (DataRequestStatus.OPEN, DataRequestStatus.IN_PROGRESS)
VALID_FOR = timedelta(days=7)
# Requests the export pages answer before "too many" (building an archive is not free).
WINDOW = timedelta(minutes=10)
PER_LINK = 20
PER_ADDRESS = 60
ACTOR = "client_link"
JSON, PRINT = "json", "print"


class NotTreating(Exception):
    """Only a therapist treating the client decides about notes in their copy."""


class CannotText(Exception):
    """The client may not be texted (no SMS consent, no mobile number, opted out)."""


@dataclass(frozen=True)
class RequestView:
    """An open access request as the client's page shows it to staff."""

    request: DataRequest
    approved_by_name: str | None
    own_notes: int  # the viewing therapist's notes about this client


@dataclass(frozen=True)
class PreparedLink:
    url: str
    expires_at: datetime
    sent: bool | None  # None: not texted; True/False: the SMS went or did not


@dataclass(frozen=True)
class Opened:
    link: MagicLink
    client: Client
    clinic: Clinic
    request: DataRequest | None


@dataclass(frozen=True)
class LinkPage:
    """What the client's export page may show: no data until they ask for it."""

    clinic_name: str
    clinic_slug: str  # for the footer's link to the clinic's transparency page
    language: str
    first_name: str
    expires_at: datetime  # in the clinic's zone
    notes_pending: bool


def get_access_request(
    clinic_id: uuid.UUID, client_id: uuid.UUID, request_id: uuid.UUID
) -> DataRequest | None:
    """The client's open access request with this id, or None."""
    return db.session.scalars(
        sa.select(DataRequest).where(
            DataRequest.clinic_id == clinic_id,
            DataRequest.client_id == client_id,
            DataRequest.id == request_id,
            DataRequest.kind == DataRequestKind.ACCESS,
            DataRequest.status.in_(OPEN_STATUSES),
        )
    ).first()


def open_requests(client: Client, viewer: User | None = None) -> list[RequestView]:
    """The client's open access requests, oldest due first."""
    rows = db.session.scalars(
        sa.select(DataRequest)
        .where(
            DataRequest.clinic_id == client.clinic_id,
            DataRequest.client_id == client.id,
            DataRequest.kind == DataRequestKind.ACCESS,
            DataRequest.status.in_(OPEN_STATUSES),
        )
        .order_by(DataRequest.due_at)
    ).all()
    own = _notes_by(client, viewer.id) if viewer is not None else 0
    return [
        RequestView(
            request=row,
            approved_by_name=_name(row.notes_approved_by),
            own_notes=own,
        )
        for row in rows
    ]


def _name(user_id: uuid.UUID | None) -> str | None:
    user = db.session.get(User, user_id) if user_id else None
    return user.name if user else None


def _notes_by(client: Client, therapist_id: uuid.UUID) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Note)
            .where(
                Note.clinic_id == client.clinic_id,
                Note.client_id == client.id,
                Note.therapist_id == therapist_id,
            )
        )
        or 0
    )


def approve_notes(request: DataRequest, therapist: User) -> bool:
    """Record that the treating therapist approves including their session notes; False
    when it was already approved (by them or, first, by another treating therapist)."""
    if request.client_id is None or not calendar.is_treating(therapist.id, request.client_id):
        raise NotTreating()
    if request.notes_approved_at is not None:
        return False
    request.notes_approved_by, request.notes_approved_at = therapist.id, clock.now()
    db.session.flush()
    audit.record(therapist, "export.notes_approved", request, request.clinic_id)
    return True


def prepare_link(
    request: DataRequest, client: Client, user: User, *, by_sms: bool = False
) -> PreparedLink:
    """A new export link for the client (their older one stops working), to show once
    or to text to them when they may be texted (else CannotText, and no new link)."""
    if by_sms and not can_text(client):
        raise CannotText()
    token = links.issue_link(client, links.EXPORT, created_by=user, valid_for=VALID_FOR)
    url = links.public_url(token, links.EXPORT)
    link = db.session.scalars(
        sa.select(MagicLink).where(MagicLink.token_digest == links.token_digest(token))
    ).one()
    expires_at = link.expires_at
    audit.record(user, "export.prepared", request, request.clinic_id, client=str(client.id))
    sent = _text_link(client, user, url, expires_at) if by_sms else None
    return PreparedLink(url=url, expires_at=expires_at, sent=sent)


def can_text(client: Client) -> bool:
    return reminders.can_text(client)


def _text_link(client: Client, user: User, url: str, expires_at: datetime) -> bool:
    """Send the link at once through the SMS provider; audited by outcome, never by text."""
    clinic = db.session.get_one(Clinic, client.clinic_id)
    details = clients.reveal(client)
    local_day = expires_at.astimezone(ZoneInfo(clinic.timezone)).date()
    with force_locale(client.language):
        text = gettext(
            "%(clinic)s: the copy of your data you asked for is ready: %(url)s "
            "(the link works until %(date)s)",
            clinic=clinic.name,
            url=url,
            date=format_date(local_day, "long", locale=client.language),
        )
    outcome: dict[str, Any]
    try:
        result = sms_routes.send_now(clinic.id, client.id, details.phone or "", text, None)
    except sms.SmsFailure as exc:
        outcome = {"sent": False, "status": exc.status}
    else:
        outcome = {"sent": True, "parts": result.parts}
    audit.record(user, "export.link_texted", client, client.clinic_id, **outcome)
    return bool(outcome["sent"])


# --- the client's side ------------------------------------------------------------


def allow_request(token: str, ip: str | None) -> bool:
    """Count this request per address and, for a live link, per link; False once either
    is over its limit for the window. The caller commits, whatever comes next."""
    lock_for_write()
    within = throttle.count(f"export-ip:{address_block(ip or '')}", WINDOW) <= PER_ADDRESS
    link = links.resolve_link(token, links.EXPORT)
    if link is not None:
        within = throttle.count(f"export-link:{link.id}", WINDOW) <= PER_LINK and within
    return within


def request_for(link: MagicLink) -> DataRequest | None:
    """The access request a link serves: the client's newest one made before the link."""
    return db.session.scalars(
        sa.select(DataRequest)
        .where(
            DataRequest.clinic_id == link.clinic_id,
            DataRequest.client_id == link.client_id,
            DataRequest.kind == DataRequestKind.ACCESS,
            DataRequest.status != DataRequestStatus.REFUSED,
            DataRequest.received_at <= link.created_at,
        )
        .order_by(DataRequest.received_at.desc())
        .limit(1)
    ).first()


@contextmanager
def _opened(token: str) -> Iterator[Opened | None]:
    link = links.resolve_link(token, links.EXPORT)
    if link is None:
        yield None
        return
    with clinic_scope(link.clinic_id):
        client = clients.get_client(link.clinic_id, link.client_id)
        if client is None:
            yield None
            return
        clinic = db.session.get_one(Clinic, link.clinic_id)
        yield Opened(link, client, clinic, request_for(link))


def _approver(found: Opened) -> uuid.UUID | None:
    """The therapist whose approval stands for this copy, if it still holds."""
    request = found.request
    if request is None or request.notes_approved_at is None or request.notes_approved_by is None:
        return None
    if not calendar.is_treating(request.notes_approved_by, found.client.id):
        return None
    return request.notes_approved_by


def link_page(token: str) -> LinkPage | None:
    """The export page behind a link, or None; opening it is audited."""
    with _opened(token) as found:
        if found is None:
            return None
        audit.record(
            None, "link.opened", found.link, found.clinic.id, actor_kind=ACTOR, purpose=links.EXPORT
        )
        name = clients.reveal_names(found.clinic.id, [found.client.id]).get(found.client.id, "")
        approver = _approver(found)
        withheld = (
            sa.select(sa.func.count())
            .select_from(Note)
            .where(Note.clinic_id == found.clinic.id, Note.client_id == found.client.id)
        )
        if approver is not None:
            withheld = withheld.where(Note.therapist_id != approver)
        pending = db.session.scalar(withheld) or 0
        return LinkPage(
            clinic_name=found.clinic.name,
            clinic_slug=found.clinic.slug,
            language=found.client.language,
            first_name=name.split()[0] if name.split() else "",
            expires_at=found.link.expires_at.astimezone(ZoneInfo(found.clinic.timezone)),
            notes_pending=pending > 0,
        )


def download(token: str, form: str) -> dict[str, Any] | None:
    """The client's archive, built now, or None for a link that does not work. Audited
    with its format and counts, never its content."""
    with _opened(token) as found:
        if found is None:
            return None
        approver = _approver(found)
        archive = export.build_archive(
            found.clinic.id, found.client.id, include_notes=approver is not None, notes_by=approver
        )
        found.link.used_at = found.link.used_at or clock.now()
        audit.record(
            None,
            "export.downloaded",
            found.link,
            found.clinic.id,
            actor_kind=ACTOR,
            format=form,
            client=str(found.client.id),
            request=str(found.request.id) if found.request else None,
            counts=archive["counts"],
        )
        db.session.flush()
        return archive
